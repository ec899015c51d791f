//! Where this phone's login pushes go: the shell passes its FCM token, APNs token or
//! UnifiedPush subscription whenever the platform issues or renews one, and can show how the
//! recent pushes went.

use egate_core::client;

/// A push provider's address for this phone.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PushTarget {
    /// Firebase Cloud Messaging (Android).
    Fcm {
        /// The registration token.
        token: String,
    },
    /// Apple Push Notification service (iOS): the device token in hexadecimal.
    Apns {
        /// The device token.
        token: String,
    },
    /// A UnifiedPush distributor (Android without Google services).
    UnifiedPush {
        /// The endpoint URL.
        endpoint: String,
        /// The subscription's P-256 public key, base64url.
        p256dh: String,
        /// The subscription's authentication secret, base64url.
        auth: String,
    },
    /// The gateway's development outbox (demo mode and tests).
    DevelopmentOutbox {
        /// A label the outbox shows.
        label: String,
    },
}

impl From<PushTarget> for client::PushTarget {
    fn from(target: PushTarget) -> Self {
        match target {
            PushTarget::Fcm { token } => Self::Fcm { token },
            PushTarget::Apns { token } => Self::Apns { token },
            PushTarget::UnifiedPush {
                endpoint,
                p256dh,
                auth,
            } => Self::UnifiedPush {
                endpoint,
                p256dh,
                auth,
            },
            PushTarget::DevelopmentOutbox { label } => Self::DevelopmentOutbox { label },
        }
    }
}

/// One push sent to this phone.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PushDelivery {
    /// The provider (`fcm`, `apns`, `unifiedpush`, `outbox`).
    pub provider: String,
    /// `delivered`, or why the provider did not deliver.
    pub outcome: String,
    /// When, Unix seconds.
    pub at: i64,
}

/// This phone's push provider and its recent pushes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PushStatus {
    /// The provider pushes go through; none when unset or reported gone by the provider (the
    /// app then pulls on start and resume).
    pub provider: Option<String>,
    /// The recent pushes.
    pub recent: Vec<PushDelivery>,
}

impl From<client::PushStatus> for PushStatus {
    fn from(status: client::PushStatus) -> Self {
        Self {
            provider: status.kind,
            recent: status
                .recent
                .into_iter()
                .map(|d| PushDelivery {
                    provider: d.kind,
                    outcome: d.outcome,
                    at: d.at,
                })
                .collect(),
        }
    }
}
