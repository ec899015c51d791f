//! What the shell shows of this phone's registration, the account's devices and a login
//! waiting for approval, converted from the core's types.

use egate_core::client::{ApprovalEnd, ApprovalOutcome, ApprovalStep, DeviceInfo};

use crate::keys::KeyProtection;

/// What a login approval shows: the gateway-signed context, verified before it reaches here.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LoginContext {
    /// The challenge's id.
    pub challenge_id: String,
    /// The service being logged in to.
    pub service: String,
    /// The browser.
    pub browser: String,
    /// Its operating system.
    pub os: String,
    /// Its IP address.
    pub ip: String,
    /// Its approximate location.
    pub location: String,
    /// Its country code, when known.
    pub country: Option<String>,
    /// When the login started, Unix seconds.
    pub created_at: i64,
    /// When the approval expires, Unix seconds.
    pub expires_at: i64,
}

/// Where an approval stands: what the shell shows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ApprovalState {
    /// Nothing to approve.
    Idle,
    /// Show the context; ask for the browser's code (none for a scanned code).
    Showing {
        /// The verified context.
        context: LoginContext,
        /// Whether it came from a scanned QR code (approve without typing).
        scanned: bool,
        /// Wrong codes typed so far.
        wrong_codes: u32,
    },
    /// Approved: the browser's login completes.
    Approved,
    /// Denied.
    Denied,
    /// Reported as "this wasn't me": logins are blocked until the holder proves their ID.
    Reported,
    /// Expired before a decision.
    Expired,
    /// Too many wrong codes: the gateway cancelled it.
    TooManyWrongCodes,
    /// Decided elsewhere, or gone.
    Gone,
    /// The context did not verify: nothing was shown.
    Untrusted,
}

impl From<&ApprovalStep> for ApprovalState {
    fn from(step: &ApprovalStep) -> Self {
        match step {
            ApprovalStep::Idle => Self::Idle,
            ApprovalStep::Showing {
                challenge,
                wrong_codes,
            } => {
                let c = challenge.context();
                Self::Showing {
                    context: LoginContext {
                        challenge_id: c.challenge_id.clone(),
                        service: c.service.clone(),
                        browser: c.browser.clone(),
                        os: c.os.clone(),
                        ip: c.ip.clone(),
                        location: c.location.clone(),
                        country: c.country.clone(),
                        created_at: c.created_at,
                        expires_at: c.exp,
                    },
                    scanned: challenge.scanned(),
                    wrong_codes: *wrong_codes,
                }
            }
            ApprovalStep::Decided(ApprovalOutcome::Approved) => Self::Approved,
            ApprovalStep::Decided(ApprovalOutcome::Denied) => Self::Denied,
            ApprovalStep::Decided(ApprovalOutcome::Reported) => Self::Reported,
            ApprovalStep::Ended(ApprovalEnd::Expired) => Self::Expired,
            ApprovalStep::Ended(ApprovalEnd::Cancelled) => Self::TooManyWrongCodes,
            ApprovalStep::Ended(ApprovalEnd::Gone) => Self::Gone,
            ApprovalStep::Ended(ApprovalEnd::Untrusted) => Self::Untrusted,
        }
    }
}

/// A login waiting for approval.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PendingApproval {
    /// Its id (open it with `open_approval`).
    pub id: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

/// One of the account's devices.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountDevice {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where its keys live.
    pub protection: KeyProtection,
    /// Registration time, Unix seconds.
    pub created_at: i64,
    /// Whether it is this phone.
    pub this_device: bool,
}

/// This device's registration, as the home screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeviceSummary {
    /// The gateway origin.
    pub gateway: String,
    /// The account's citizen id.
    pub citizen_id: String,
    /// The device id.
    pub device_id: String,
    /// The device name.
    pub device_name: String,
    /// Where its keys live.
    pub protection: KeyProtection,
}

/// This phone's keys after a rotation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeviceKeys {
    /// The new possession key's id.
    pub possession_key_id: String,
    /// The new user-verification key's id.
    pub user_key_id: String,
}

/// One of the account's devices as the list shows it, marked when it is `this_device`.
pub(crate) fn account_device(device: DeviceInfo, this_device: &str) -> AccountDevice {
    AccountDevice {
        this_device: device.id == this_device,
        id: device.id,
        name: device.name,
        protection: device.protection_level.into(),
        created_at: device.created_at,
    }
}
