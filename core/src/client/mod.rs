//! The login protocol client: a login session with a gateway (password, SMS code, two-factor
//! settings, device registration) and a registered device's signed calls (list, rename, remove,
//! key rotation, push targets, approving logins), over [`crate::net`], with keys from the [`KeyStore`](crate::ports::KeyStore)
//! port.

mod answers;
mod approval;
mod approval_flow;
mod device;
mod error;
mod id_verification;
mod push_target;
mod session;
mod this_device;

pub use answers::{
    AccountInfo, BackupCodes, ChallengeOutcome, DeviceInfo, DeviceList, LoginChallenge, LoginStep,
    Notice, SmsSent, TwoFactorState,
};
pub use approval::{MAX_LONG_POLL, PendingChallenge, ShownChallenge};
pub use approval_flow::{
    ApprovalEnd, ApprovalFlow, ApprovalOutcome, ApprovalStep, MAX_WRONG_CODES, plausible_code,
};
pub use device::{DeviceClient, RotatedKeys};
pub use error::ClientError;
pub use id_verification::{EVIDENCE_FILES, IdVerificationFlow, IdvOutcome, IdvStep};
pub use push_target::{PushDelivery, PushStatus, PushTarget};
pub use session::GatewaySession;
pub use this_device::ThisDevice;
