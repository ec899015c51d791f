//! Everything the gateway refuses or fails at, as one typed enum; the HTTP layer maps each to a
//! status and a stable machine-readable code.

use egate_core::login::{KeyError, SignedRequestError};
use thiserror::Error;

/// A refusal or failure of the gateway.
#[derive(Debug, Error)]
pub enum GatewayError {
    /// SQLite failed.
    #[error("database failure: {0}")]
    Store(#[from] rusqlite::Error),
    /// The schema could not be brought up to date (or is newer than this gateway).
    #[error(transparent)]
    Migration(#[from] egate_core::store::migrate::MigrationError),
    /// Citizen id or password wrong (the same answer for unknown ids).
    #[error("the citizen id or password is wrong")]
    InvalidCredentials,
    /// Too many wrong passwords for this citizen id.
    #[error(
        "password login is blocked for {retry_after} s after too many wrong passwords; you can still log in with your ID card or e-signature, or reset the password at a service point"
    )]
    PasswordLoginBlocked {
        /// Seconds until password login is possible again.
        retry_after: i64,
    },
    /// Too many attempts from this address.
    #[error("too many attempts from this address; retry in {retry_after} s")]
    Throttled {
        /// Seconds until the next attempt is accepted.
        retry_after: i64,
    },
    /// No valid session cookie.
    #[error("log in first")]
    LoginRequired,
    /// The password must be changed before anything else.
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    /// The action needs a second factor confirmed in the last five minutes.
    #[error("confirm with your second factor first")]
    SecondFactorRequired,
    /// The account has a registered device, whose approval is needed.
    #[error("approve this on your registered device first")]
    DeviceApprovalRequired,
    /// The new password is not acceptable.
    #[error("the new password is not acceptable: {0}")]
    WeakPassword(&'static str),
    /// The account has no phone number for SMS codes.
    #[error("the account has no phone number")]
    NoPhone,
    /// Too many SMS codes were sent recently.
    #[error("too many codes were sent; retry in {retry_after} s")]
    SmsLimit {
        /// Seconds until another code can be sent.
        retry_after: i64,
    },
    /// The SMS code is wrong, expired, spent or blocked by wrong entries.
    #[error("the code is wrong or no longer valid")]
    SmsCodeInvalid,
    /// The registration token is unknown, expired, spent or bound to another session.
    #[error("the registration token is not valid")]
    RegistrationTokenInvalid,
    /// A key in the request is not a P-256 SPKI, or a proof signature fails.
    #[error("invalid key or proof: {0}")]
    BadKey(#[from] KeyError),
    /// Policy requires an attested key and none was verified.
    #[error("this gateway requires an attested hardware key")]
    AttestationRequired,
    /// An attestation chain fails a check.
    #[error("the key attestation is invalid: {0}")]
    AttestationInvalid(String),
    /// An attestation chain does not end in a configured attestation root.
    #[error("the key attestation does not come from a trusted root")]
    AttestationUntrusted,
    /// A new approval challenge must wait after ignored or denied pushes.
    #[error("approve on your phone is paused after unanswered requests; retry in {retry_after} s")]
    ApprovalWait {
        /// Seconds until a new challenge can be opened.
        retry_after: i64,
    },
    /// The challenge is unknown, decided or expired.
    #[error("this approval request is no longer open")]
    ChallengeGone,
    /// The backup code is not a code of this account, or was used, deleted or replaced.
    #[error("this backup code is not valid; each code works once, and a new set replaces the old")]
    BackupCodeInvalid,
    /// The scanned login QR code is unknown, used, expired, or not this account's.
    #[error("this QR code is not valid (any more); scan the one the login page shows now")]
    QrInvalid,
    /// The typed code is not the one shown in the browser.
    #[error("the code does not match the one shown in the browser")]
    ApprovalCodeWrong,
    /// The approval message fails a check.
    #[error("invalid approval: {0}")]
    Approval(#[from] egate_core::login::approval::ApprovalError),
    /// "This wasn't me" was reported: two-factor logins are blocked until the holder proves
    /// who they are.
    #[error(
        "logins are blocked after \"this wasn't me\"; prove your identity with your ID card, or reset the password and use a backup code"
    )]
    AccountBlocked,
    /// No such device on this account.
    #[error("no such device")]
    DeviceNotFound,
    /// The ID verification is unknown, expired, spent, or its secret is wrong.
    #[error("no such ID verification (unknown, expired or already used)")]
    IdVerificationGone,
    /// The chip evidence was refused.
    #[error("{0}")]
    EvidenceRefused(#[from] egate_core::idv::EvidenceRefusal),
    /// Chip Authentication through the app did not prove the chip.
    #[error("{0}")]
    RelayRefused(#[from] egate_core::idv::RelayRefusal),
    /// The document is genuine but names another person than the account holder.
    #[error("the document does not belong to the account holder")]
    DocumentMismatch,
    /// The gateway has no CSCA trust store, so it cannot check documents.
    #[error("this gateway verifies no documents (no trust store)")]
    NoTrustStore,
    /// The signed request is missing, malformed or fails a check.
    #[error("{0}")]
    SignedRequest(#[from] SignedRequestError),
    /// The signed request names a key no registered device holds.
    #[error("the signing key is not registered")]
    UnknownKey,
    /// The signed request's key may not do this (the possession key cannot approve or remove).
    #[error("this action needs the user-verification key")]
    WrongKeyRole,
    /// The signed request's nonce was already used.
    #[error("the request was already received")]
    Replayed,
    /// An account with this citizen id exists.
    #[error("an account with this citizen id exists")]
    AccountExists,
    /// No endpoint answers this method and path.
    #[error("no such endpoint")]
    NoSuchEndpoint,
    /// The request body or parameters are invalid.
    #[error("invalid request: {0}")]
    BadRequest(String),
    /// Any other internal failure.
    #[error("internal failure: {0}")]
    Internal(String),
}

impl GatewayError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(_) | Self::Migration(_) | Self::Internal(_) => "internal",
            Self::InvalidCredentials => "invalid_credentials",
            Self::PasswordLoginBlocked { .. } => "password_login_blocked",
            Self::Throttled { .. } => "throttled",
            Self::LoginRequired => "login_required",
            Self::PasswordChangeRequired => "password_change_required",
            Self::SecondFactorRequired => "second_factor_required",
            Self::DeviceApprovalRequired => "device_approval_required",
            Self::WeakPassword(_) => "weak_password",
            Self::NoPhone => "no_phone",
            Self::SmsLimit { .. } => "sms_limit",
            Self::SmsCodeInvalid => "sms_code_invalid",
            Self::RegistrationTokenInvalid => "registration_token_invalid",
            Self::BadKey(_) => "invalid_key",
            Self::AttestationRequired => "attestation_required",
            Self::DeviceNotFound => "device_not_found",
            Self::IdVerificationGone => "id_verification_not_found",
            Self::EvidenceRefused(refusal) => refusal.code(),
            Self::RelayRefused(refusal) => refusal.code(),
            Self::DocumentMismatch => "document_mismatch",
            Self::NoTrustStore => "no_trust_store",
            Self::ApprovalWait { .. } => "approval_wait",
            Self::ChallengeGone => "challenge_not_found",
            Self::QrInvalid => "qr_not_valid",
            Self::BackupCodeInvalid => "backup_code_invalid",
            Self::ApprovalCodeWrong => "approval_code_wrong",
            Self::Approval(_) => "invalid_approval",
            Self::AccountBlocked => "account_blocked",
            Self::AttestationInvalid(_) => "attestation_invalid",
            Self::AttestationUntrusted => "attestation_untrusted",
            Self::SignedRequest(SignedRequestError::OutsideValidity { .. }) => "clock_skew",
            Self::SignedRequest(_) => "invalid_signature",
            Self::UnknownKey => "unknown_key",
            Self::WrongKeyRole => "wrong_key_role",
            Self::Replayed => "replayed_request",
            Self::AccountExists => "account_exists",
            Self::BadRequest(_) => "bad_request",
            Self::NoSuchEndpoint => "not_found",
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Store(_) | Self::Migration(_) | Self::Internal(_) => 500,
            Self::InvalidCredentials
            | Self::LoginRequired
            | Self::SignedRequest(_)
            | Self::UnknownKey
            | Self::Replayed
            | Self::RegistrationTokenInvalid => 401,
            Self::PasswordChangeRequired
            | Self::SecondFactorRequired
            | Self::DeviceApprovalRequired
            | Self::AttestationRequired
            | Self::AttestationUntrusted
            | Self::AccountBlocked
            | Self::WrongKeyRole
            | Self::EvidenceRefused(_)
            | Self::RelayRefused(_)
            | Self::DocumentMismatch => 403,
            Self::DeviceNotFound
            | Self::NoSuchEndpoint
            | Self::ChallengeGone
            | Self::QrInvalid
            | Self::IdVerificationGone => 404,
            Self::AccountExists | Self::NoPhone | Self::NoTrustStore => 409,
            Self::PasswordLoginBlocked { .. }
            | Self::Throttled { .. }
            | Self::SmsLimit { .. }
            | Self::ApprovalWait { .. } => 429,
            Self::WeakPassword(_)
            | Self::SmsCodeInvalid
            | Self::BackupCodeInvalid
            | Self::BadKey(_)
            | Self::BadRequest(_)
            | Self::AttestationInvalid(_)
            | Self::ApprovalCodeWrong
            | Self::Approval(_) => 400,
        }
    }

    /// Seconds after which a retry can succeed, for the limits that have one.
    pub fn retry_after(&self) -> Option<i64> {
        match self {
            Self::PasswordLoginBlocked { retry_after }
            | Self::Throttled { retry_after }
            | Self::SmsLimit { retry_after }
            | Self::ApprovalWait { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}
