//! The account from a logged-in session: a backup-code login when the phone is lost, the
//! account page and its notices, the password, two-factor login, and starting the move to a
//! new phone with the ID card.

use egate_core::client::{AccountInfo, Notice, TwoFactorState};
use egate_core::ports::{Clock, SystemClock};
use egate_core::store::LocalStore;
use std::sync::Arc;

use crate::device::STORE_FILE;
use crate::device_view::{AccountDevice, account_device};
use crate::gateway_error::GatewayFailure;
use crate::session::{LoginProgress, LoginSession};

/// The account page.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountOverview {
    /// The citizen id.
    pub citizen_id: String,
    /// Whether logins need a second factor.
    pub two_factor: bool,
    /// Whether a phone number is on file.
    pub has_phone: bool,
    /// Whether the phone number was proven with the ID card.
    pub phone_verified_with_id: bool,
    /// The account's devices; `this_device` marks the one registered in this data directory.
    pub devices: Vec<AccountDevice>,
}

/// A security notice for the holder (a device registered or removed, the password changed,
/// two-factor login turned off, a backup code used, …).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountNotice {
    /// What happened, stable (`device_removed`, `password_changed`, …).
    pub kind: String,
    /// A detail (a device name), possibly empty.
    pub detail: String,
    /// When, Unix seconds.
    pub at: i64,
}

impl From<Notice> for AccountNotice {
    fn from(notice: Notice) -> Self {
        Self {
            kind: notice.kind,
            detail: notice.detail,
            at: notice.at,
        }
    }
}

/// Two-factor login after a change.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TwoFactorChange {
    /// Whether it is on.
    pub enabled: bool,
    /// Devices removed by turning it off.
    pub devices_removed: u64,
}

impl From<TwoFactorState> for TwoFactorChange {
    fn from(state: TwoFactorState) -> Self {
        Self {
            enabled: state.enabled,
            devices_removed: state.devices_removed,
        }
    }
}

/// The device id this data directory holds for `info`'s account at `gateway`, if any.
fn this_device_id(session: &LoginSession, gateway: &str, info: &AccountInfo) -> Option<String> {
    let store = LocalStore::open(&session.data_dir.join(STORE_FILE)).ok()?;
    store
        .registration(gateway, &info.citizen_id)
        .ok()
        .map(|r| r.device_id)
}

#[uniffi::export]
impl LoginSession {
    /// Completes the second factor with a backup code (the phone is lost or offline); the
    /// code is used up and `backup_codes_remaining` says how many are left.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `backup_code_invalid`, `throttled` refusals.
    pub async fn login_with_backup_code(
        self: Arc<Self>,
        code: String,
    ) -> Result<LoginProgress, GatewayFailure> {
        self.run(async move |session, _| Ok(session.login_with_backup_code(&code).await?.into()))
            .await
    }

    /// Changes the password (the session's other logins are closed); answers the next step.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `invalid_credentials` for a wrong current password,
    /// `weak_password` naming the rule broken.
    pub async fn change_password(
        self: Arc<Self>,
        current: String,
        new: String,
    ) -> Result<LoginProgress, GatewayFailure> {
        let current = zeroize::Zeroizing::new(current);
        let new = zeroize::Zeroizing::new(new);
        self.run(async move |session, _| Ok(session.change_password(&current, &new).await?.into()))
            .await
    }

    /// The account page, after a completed login.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn account(self: Arc<Self>) -> Result<AccountOverview, GatewayFailure> {
        self.run(async |session, this| {
            let info = session.account().await?;
            let this_device = this_device_id(this, session.origin(), &info).unwrap_or_default();
            Ok(AccountOverview {
                devices: info
                    .devices
                    .iter()
                    .cloned()
                    .map(|d| account_device(d, &this_device))
                    .collect(),
                citizen_id: info.citizen_id,
                two_factor: info.two_factor,
                has_phone: info.has_phone,
                phone_verified_with_id: info.phone_verified_with_id,
            })
        })
        .await
    }

    /// The account's security notices, newest first.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn notifications(self: Arc<Self>) -> Result<Vec<AccountNotice>, GatewayFailure> {
        self.run(async |session, _| {
            Ok(session
                .notifications()
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
    }

    /// Turns two-factor login on or off; turning it off removes every registered device.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn set_two_factor(
        self: Arc<Self>,
        enabled: bool,
    ) -> Result<TwoFactorChange, GatewayFailure> {
        self.run(async move |session, _| Ok(session.set_two_factor(enabled).await?.into()))
            .await
    }

    /// Starts moving the account to this (new) phone with the citizen id and password (no
    /// second factor: the old phone may be lost); answers the link to open with
    /// `IdVerification.open`, where the ID card proves the holder.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `invalid_credentials`, `throttled`, `no_trust_store` refusals.
    pub async fn start_transfer(
        self: Arc<Self>,
        citizen_id: String,
        password: String,
    ) -> Result<String, GatewayFailure> {
        let password = zeroize::Zeroizing::new(password);
        self.run(async move |session, _| {
            let now = SystemClock.now_unix_seconds();
            let link = session.start_transfer(&citizen_id, &password, now).await?;
            Ok(link.to_uri())
        })
        .await
    }
}
