//! The ports through which the platform enters the core: card transport, clock, key store and
//! HTTP. Each shell (Android, iOS, desktop, simulator) implements them.

use thiserror::Error;

/// What a transport can carry, as reported by the platform (Android `IsoDep`, CoreNFC, PC/SC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransportCapabilities {
    /// Whether extended-length APDUs (Lc/Le above 255/256) pass through the platform stack.
    pub extended_length: bool,
    /// The longest command or response the platform carries in one exchange, in bytes
    /// (status word included).
    pub max_transceive: usize,
}

impl TransportCapabilities {
    /// Short APDUs only: 5 header bytes, 255 data bytes and Le, or 256 data bytes and SW.
    pub const SHORT_ONLY: Self = Self {
        extended_length: false,
        max_transceive: 261,
    };
    /// Extended-length APDUs up to 64 KiB, as a desktop PC/SC reader reports.
    pub const EXTENDED: Self = Self {
        extended_length: true,
        max_transceive: 65_546,
    };
}

/// A failure of the link to the card, as opposed to an answer from the card.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransportError {
    /// The card left the field (or was pulled from the reader) during an exchange.
    #[error("the card was removed or the tag connection was lost")]
    TagLost,
    /// The card did not answer within the platform's timeout.
    #[error("the card did not answer in time")]
    Timeout,
    /// No card is present or no connection has been made.
    #[error("no card is connected")]
    NotConnected,
    /// Any other platform I/O failure, with the platform's description.
    #[error("card I/O failed: {0}")]
    Io(String),
}

/// The card transport port: one synchronous command/response exchange at a time.
///
/// Implementations must be called from a single worker thread; they block until the card has
/// answered. The bytes are full command and response APDUs (the response includes SW1-SW2).
pub trait CardTransport: Send {
    /// Sends a command APDU and returns the response APDU including its status word.
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError>;

    /// What this transport can carry.
    fn capabilities(&self) -> TransportCapabilities;

    /// The card's historical bytes (from the ATR of a contact or PC/SC card, or the ATS of a
    /// contactless one), when the platform exposes them; their card-capabilities byte says
    /// whether the chip takes extended-length APDUs.
    fn historical_bytes(&self) -> Option<Vec<u8>> {
        None
    }
}

impl<T: CardTransport + ?Sized> CardTransport for Box<T> {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transceive(command)
    }

    fn capabilities(&self) -> TransportCapabilities {
        (**self).capabilities()
    }

    fn historical_bytes(&self) -> Option<Vec<u8>> {
        (**self).historical_bytes()
    }
}

/// The platform's clock: every time-dependent decision in the core (birth century today,
/// certificate validity, CRL freshness, document expiry) asks it, so tests can pin time.
pub trait Clock: Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn now_unix_seconds(&self) -> i64;
}

/// The operating system's wall clock (desktop, and phones, whose system time is the clock).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix_seconds(&self) -> i64 {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock stopped at one instant: for tests, and for verifying as of a given time (e.g. a
/// server checking a document read earlier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_unix_seconds(&self) -> i64 {
        self.0
    }
}

/// A new key as the platform key store reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedKey {
    /// DER SubjectPublicKeyInfo of the new ECDSA P-256 key.
    pub public_key_spki: Vec<u8>,
    /// The attestation certificate chain, leaf first (Android Key Attestation), or the App
    /// Attest object as its single element; empty when the platform gives none.
    pub attestation_chain: Vec<Vec<u8>>,
    /// Where the key lives, as the platform claims it (attested levels only with a chain).
    pub protection_level: crate::login::ProtectionLevel,
}

/// Why a user-verification key asks for the user's biometrics or device credential: the
/// shells show their own localised text for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignPurpose {
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

impl SignPurpose {
    /// An English title, for desktop prompts and logs.
    pub fn title(self) -> &'static str {
        match self {
            Self::RegisterDevice => "Register this phone for e-Government login",
            Self::RotateKeys => "Renew this phone's keys",
            Self::ApproveLogin => "Approve this login",
            Self::DenyLogin => "Deny this login",
            Self::ReportLogin => "Report: this wasn't me",
            Self::ManageAccount => "Change your account's devices or backup codes",
            Self::VerifyPhone => "Verify your phone number with your ID card",
        }
    }
}

/// What the platform shows when a user-verification key asks for the user's biometrics or
/// device credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignPrompt {
    /// Why it asks.
    pub purpose: SignPurpose,
    /// SHA-256 of what is being signed, for platforms that can bind it (Android Protected
    /// Confirmation) or display a short form of it.
    pub context_digest: Vec<u8>,
}

/// Why the platform key store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyStoreError {
    /// The user dismissed the biometric or credential prompt.
    #[error("the user cancelled")]
    UserCancelled,
    /// The key can no longer be used (e.g. new biometrics were enrolled); the device must bind
    /// a new user-verification key.
    #[error("the key was invalidated")]
    KeyInvalidated,
    /// The key store cannot be used now, with the platform's reason.
    #[error("the key store is unavailable: {0}")]
    Unavailable(String),
}

/// The key store port: non-exportable ECDSA P-256 keys named by label (Android Keystore with
/// StrongBox or TEE, the iOS Secure Enclave, or a software store on desktop).
pub trait KeyStore: Send + Sync {
    /// Creates a key under `label` (replacing none: an existing label is an error). With
    /// `user_verification`, every use needs the user's biometrics or device credential; with
    /// `attestation_challenge`, the platform attests the key over that challenge.
    ///
    /// # Errors
    /// [`KeyStoreError`].
    fn create(
        &self,
        label: &str,
        user_verification: bool,
        attestation_challenge: Option<Vec<u8>>,
    ) -> Result<CreatedKey, KeyStoreError>;

    /// Signs `payload` (ECDSA P-256 with SHA-256 over the payload) with the key `label` and
    /// answers the DER signature; `prompt` is shown for user-verification keys.
    ///
    /// # Errors
    /// [`KeyStoreError`].
    fn sign(
        &self,
        label: &str,
        payload: &[u8],
        prompt: Option<SignPrompt>,
    ) -> Result<Vec<u8>, KeyStoreError>;

    /// Deletes the key `label` (deleting a missing key is not an error).
    ///
    /// # Errors
    /// [`KeyStoreError`].
    fn delete(&self, label: &str) -> Result<(), KeyStoreError>;
}

/// One HTTP request as the platform's HTTP stack sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PUT`, `DELETE`, …
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// Header names and values (a body's `content-type` included).
    pub headers: Vec<(String, String)>,
    /// The body, when there is one.
    pub body: Option<Vec<u8>>,
    /// The whole exchange's time limit.
    pub timeout: std::time::Duration,
}

/// An HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The `Set-Cookie` headers.
    pub set_cookies: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// The HTTP port: the platform's own HTTP stack (OkHttp or `java.net.http` on Android,
/// `URLSession` on iOS), so TLS uses the system's trust store, proxies and network security
/// policy. It must not follow redirects or keep cookies (the core handles both). Called on a
/// worker thread; it blocks until the answer or its failure.
pub trait HttpTransport: Send + Sync {
    /// Sends `request`.
    ///
    /// # Errors
    /// [`crate::net::NetError`] `Offline`, `Timeout` or `Tls` when no answer came.
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, crate::net::NetError>;
}
