#![doc = include_str!("../README.md")]

mod account;
mod card;
mod device;
mod device_view;
mod document;
mod gateway_error;
mod http;
mod id_verification;
mod key_prompt;
mod keys;
mod logging;
mod mrz;
mod push;
mod qr;
mod reader;
mod session;
mod simulated;
mod worker;

pub use account::{AccountNotice, AccountOverview, TwoFactorChange};
pub use card::{CardTransport, TransportFailure};
pub use device::{RegisteredDevice, registered_devices};
pub use device_view::{
    AccountDevice, ApprovalState, DeviceKeys, DeviceSummary, LoginContext, PendingApproval,
};
pub use document::{Authenticity, Document, FaceImage};
pub use gateway_error::GatewayFailure;
pub use http::{HttpAnswer, HttpCall, HttpFailure, HttpHeader, HttpTransport};
pub use id_verification::{IdVerification, IdVerificationState};
pub use key_prompt::{KeyPrompt, KeyPurpose};
pub use keys::{DemoKeys, KeyFailure, KeyProtection, KeyStore, NewKey, demo_key_store};
pub use logging::{LogLevel, LogSink, clear_log_sink, set_log_sink};
pub use mrz::{ScannedMrz, mrz_from_camera_text};
pub use push::{PushDelivery, PushStatus, PushTarget};
pub use qr::{QrScanError, scan_qr_frame};
pub use reader::{CardReadError, CardReader, ListenerFailure, ReadListener, ReadUpdate};
pub use session::{ApprovalOutcomeState, LoginProgress, LoginSession, SmsCodeSent};
pub use simulated::{
    SimulatedProfile, simulated_card, simulated_profiles, simulated_trust_anchors,
};

uniffi::setup_scaffolding!("egate");
