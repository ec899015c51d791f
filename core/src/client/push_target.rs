//! Where this device's login pushes go: the app hands the gateway its FCM or APNs token or its
//! UnifiedPush subscription (again whenever the platform renews it), and asks how the recent
//! pushes went. Both calls are signed by the possession key, so a token refresh in the
//! background never prompts the user.

use serde::Deserialize;
use serde_json::{Value, json};

use super::device::DeviceClient;
use super::error::ClientError;
use super::session::typed;
use crate::net::Method;

const PATH: &str = "/api/v1/device/push-target";

/// A push provider's address for this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushTarget {
    /// A Firebase Cloud Messaging registration token.
    Fcm {
        /// The registration token.
        token: String,
    },
    /// An Apple Push Notification service device token (hexadecimal).
    Apns {
        /// The device token.
        token: String,
    },
    /// A UnifiedPush (Web Push) subscription.
    UnifiedPush {
        /// The distributor's endpoint URL.
        endpoint: String,
        /// The subscription's P-256 public key, base64url.
        p256dh: String,
        /// The subscription's authentication secret, base64url.
        auth: String,
    },
    /// The gateway's development outbox (tests and demos; no provider involved).
    DevelopmentOutbox {
        /// A label the outbox shows.
        label: String,
    },
}

impl PushTarget {
    fn body(&self) -> Value {
        match self {
            Self::Fcm { token } => json!({ "kind": "fcm", "address": token }),
            Self::Apns { token } => json!({ "kind": "apns", "address": token }),
            Self::UnifiedPush {
                endpoint,
                p256dh,
                auth,
            } => json!({
                "kind": "unifiedpush", "address": endpoint, "p256dh": p256dh, "auth": auth
            }),
            Self::DevelopmentOutbox { label } => json!({ "kind": "outbox", "address": label }),
        }
    }
}

/// One push sent to this device.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PushDelivery {
    /// The provider (`fcm`, `apns`, `unifiedpush`, `outbox`).
    pub kind: String,
    /// `delivered`, or why the provider did not deliver.
    pub outcome: String,
    /// When, Unix seconds.
    pub at: i64,
}

/// This device's push provider and its recent pushes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PushStatus {
    /// The provider pushes go through; none when unset or reported gone (the app pulls).
    pub kind: Option<String>,
    /// The recent pushes.
    pub recent: Vec<PushDelivery>,
}

impl DeviceClient<'_> {
    /// Tells the gateway where this device's pushes go, replacing the previous target.
    ///
    /// # Errors
    /// [`ClientError`]; `bad_request` for a target its provider would refuse.
    pub async fn set_push_target(&self, target: &PushTarget) -> Result<(), ClientError> {
        self.signed_call(Method::PUT, PATH, Some(target.body()), None)
            .await
            .map(drop)
    }

    /// This device's push provider and how its recent pushes went.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn push_status(&self) -> Result<PushStatus, ClientError> {
        typed(self.signed_call(Method::GET, PATH, None, None).await?)
    }
}
