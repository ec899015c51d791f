//! The gateway's JSON answers as typed records.

use serde::{Deserialize, Serialize};

use crate::login::ProtectionLevel;

/// What login needs next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginStep {
    /// `change_password`, `second_factor` or `done`.
    pub next: String,
    /// The second factors the account can use (`device`, `sms`).
    pub second_factors: Vec<String>,
    /// When the registered device must approve: the code to show for typing there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<LoginChallenge>,
    /// After a login with a backup code: the unused codes left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_codes_remaining: Option<i64>,
}

/// A new set of backup codes: shown once, never stored on the device.
#[derive(Clone, PartialEq, Eq)]
pub struct BackupCodes {
    /// The codes, `S-XXXX-XXXX-XXXXX`.
    pub codes: Vec<zeroize::Zeroizing<String>>,
    /// How many are unused (all of them).
    pub remaining: i64,
}

impl std::fmt::Debug for BackupCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupCodes")
            .field("codes", &format_args!("[{} hidden]", self.codes.len()))
            .field("remaining", &self.remaining)
            .finish()
    }
}

/// A login waiting for the registered device's approval, as the logging-in side shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginChallenge {
    /// Opaque id.
    pub id: String,
    /// The code to show: the holder types it on the registered device.
    pub code: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

/// How a login's approval stands, as the logging-in side polls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeOutcome {
    /// `pending`, `approved`, `denied`, `reported`, `expired` or `cancelled`.
    pub state: String,
    /// `second_factor` while it must wait, `done` once logged in.
    pub next: String,
}

/// An SMS code was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsSent {
    /// Seconds the code is valid.
    pub expires_in: i64,
    /// The last digits of the number it went to.
    pub phone_hint: String,
}

/// Two-factor login after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorState {
    /// Whether it is on.
    pub enabled: bool,
    /// Devices removed by turning it off.
    pub devices_removed: u64,
}

/// A registered device as the gateway lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// Device id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Possession key id.
    pub possession_key_id: String,
    /// User-verification key id.
    pub user_key_id: String,
    /// Key protection.
    pub protection_level: ProtectionLevel,
    /// Registration time, Unix seconds.
    pub created_at: i64,
}

/// The account's devices, as seen by one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    /// The id of the device asking.
    pub this_device: String,
    /// Every device of the account.
    pub devices: Vec<DeviceInfo>,
}

/// The account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    /// Citizen id.
    pub citizen_id: String,
    /// Whether two-factor login is on.
    pub two_factor: bool,
    /// Whether a phone number is on file.
    pub has_phone: bool,
    /// Whether the phone number was proven with the ID card.
    #[serde(default)]
    pub phone_verified_with_id: bool,
    /// Registered devices.
    pub devices: Vec<DeviceInfo>,
}

/// A notice the gateway recorded for the account (a new device, a used backup code, a refused
/// ID verification, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// What happened, e.g. `device_registered`.
    pub kind: String,
    /// A detail (a device name, a refusal code), possibly empty.
    pub detail: String,
    /// When, Unix seconds.
    pub at: i64,
}
