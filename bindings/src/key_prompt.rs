//! What the platform's biometric or credential prompt is for: a typed purpose the shell words
//! in its own language (never the core's English), and the digest of what is being signed.

use egate_core::ports::{SignPrompt, SignPurpose};

/// Why the user-verification key asks for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KeyPurpose {
    /// Register this phone, or move the account to it.
    RegisterDevice,
    /// Replace this phone's keys.
    RotateKeys,
    /// Approve a login.
    ApproveLogin,
    /// Deny a login.
    DenyLogin,
    /// Report a login as "this wasn't me".
    ReportLogin,
    /// Change the account's devices or backup codes.
    ManageAccount,
    /// Start verifying the phone number with the ID card.
    VerifyPhone,
}

/// What a user-verification key's prompt shows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeyPrompt {
    /// Why it asks: the shell shows its own text for it.
    pub purpose: KeyPurpose,
    /// An English title, for logs and shells without a text of their own.
    pub title: String,
    /// SHA-256 of what is being signed.
    pub context_digest: Vec<u8>,
}

impl From<SignPurpose> for KeyPurpose {
    fn from(purpose: SignPurpose) -> Self {
        match purpose {
            SignPurpose::RegisterDevice => Self::RegisterDevice,
            SignPurpose::RotateKeys => Self::RotateKeys,
            SignPurpose::ApproveLogin => Self::ApproveLogin,
            SignPurpose::DenyLogin => Self::DenyLogin,
            SignPurpose::ReportLogin => Self::ReportLogin,
            SignPurpose::ManageAccount => Self::ManageAccount,
            SignPurpose::VerifyPhone => Self::VerifyPhone,
        }
    }
}

impl From<KeyPurpose> for SignPurpose {
    fn from(purpose: KeyPurpose) -> Self {
        match purpose {
            KeyPurpose::RegisterDevice => Self::RegisterDevice,
            KeyPurpose::RotateKeys => Self::RotateKeys,
            KeyPurpose::ApproveLogin => Self::ApproveLogin,
            KeyPurpose::DenyLogin => Self::DenyLogin,
            KeyPurpose::ReportLogin => Self::ReportLogin,
            KeyPurpose::ManageAccount => Self::ManageAccount,
            KeyPurpose::VerifyPhone => Self::VerifyPhone,
        }
    }
}

impl From<SignPrompt> for KeyPrompt {
    fn from(prompt: SignPrompt) -> Self {
        Self {
            purpose: prompt.purpose.into(),
            title: prompt.purpose.title().to_owned(),
            context_digest: prompt.context_digest,
        }
    }
}

impl From<KeyPrompt> for SignPrompt {
    fn from(prompt: KeyPrompt) -> Self {
        Self {
            purpose: prompt.purpose.into(),
            context_digest: prompt.context_digest,
        }
    }
}
