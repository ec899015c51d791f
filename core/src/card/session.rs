//! One conversation with a chip: sends APDUs through the transport port, wraps them in secure
//! messaging once established, follows 61xx/6Cxx redirections, counts traffic and traces
//! headers, lengths and status words only.

use super::{CancelToken, CardError};
use crate::apdu::{CommandApdu, ResponseApdu};
use crate::ports::{CardTransport, TransportCapabilities};
use crate::sm::{SecureMessaging, SmError};
use tracing::debug;

/// Most GET RESPONSE or Le corrections followed for one command.
const MAX_REDIRECTS: usize = 16;

/// Traffic counted at the transport (protected bytes under secure messaging).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkStats {
    /// Command/response exchanges.
    pub apdus: u64,
    /// Command bytes sent.
    pub bytes_sent: u64,
    /// Response bytes received, status words included.
    pub bytes_received: u64,
}

/// A chip session over one transport.
pub struct CardSession {
    transport: Box<dyn CardTransport>,
    capabilities: TransportCapabilities,
    sm: Option<SecureMessaging>,
    stats: LinkStats,
    cancel: CancelToken,
}

impl std::fmt::Debug for CardSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardSession")
            .field("capabilities", &self.capabilities)
            .field(
                "secure_messaging",
                &self.sm.as_ref().map(SecureMessaging::cipher),
            )
            .field("stats", &self.stats)
            .finish()
    }
}

impl CardSession {
    /// A session over `transport`, with no secure messaging yet.
    pub fn new(transport: Box<dyn CardTransport>) -> Self {
        let capabilities = transport.capabilities();
        Self {
            transport,
            capabilities,
            sm: None,
            stats: LinkStats::default(),
            cancel: CancelToken::new(),
        }
    }

    /// A session that stops with [`CardError::Cancelled`] before the first APDU after `cancel`
    /// was cancelled.
    pub fn with_cancel(transport: Box<dyn CardTransport>, cancel: CancelToken) -> Self {
        Self {
            cancel,
            ..Self::new(transport)
        }
    }

    /// The card's historical bytes, when the transport knows them.
    pub fn historical_bytes(&self) -> Option<Vec<u8>> {
        self.transport.historical_bytes()
    }

    /// What the transport carries.
    pub fn capabilities(&self) -> TransportCapabilities {
        self.capabilities
    }

    /// Traffic so far.
    pub fn stats(&self) -> LinkStats {
        self.stats
    }

    /// The secure channel, if established.
    pub fn secure_messaging(&self) -> Option<&SecureMessaging> {
        self.sm.as_ref()
    }

    /// Protects every following command with `sm`.
    pub fn start_secure_messaging(&mut self, sm: SecureMessaging) {
        self.sm = Some(sm);
    }

    /// Drops the secure channel (keys zeroized).
    pub fn end_secure_messaging(&mut self) {
        self.sm = None;
    }

    /// Gives the transport back, ending the session.
    pub fn into_transport(self) -> Box<dyn CardTransport> {
        self.transport
    }

    /// Sends a command, protected when secure messaging is up, and returns the plain response.
    /// A secure-messaging failure ends the secure channel.
    pub fn transmit(&mut self, command: &CommandApdu) -> Result<ResponseApdu, CardError> {
        match self.sm.as_mut() {
            None => self.transmit_plain(command),
            Some(sm) => {
                let protected = sm.protect(command);
                let result = protected
                    .map_err(CardError::from)
                    .and_then(|p| self.exchange(&p))
                    .and_then(|response| self.unprotect(&response));
                if let Err(
                    CardError::SecureMessaging(_) | CardError::Transport(_) | CardError::Cancelled,
                ) = &result
                {
                    self.sm = None;
                }
                result
            }
        }
    }

    fn unprotect(&mut self, response: &ResponseApdu) -> Result<ResponseApdu, CardError> {
        let sm = self
            .sm
            .as_mut()
            .ok_or(CardError::SecureMessaging(SmError::MacMissing))?;
        Ok(sm.unprotect(response)?)
    }

    fn transmit_plain(&mut self, command: &CommandApdu) -> Result<ResponseApdu, CardError> {
        let mut current = command.clone();
        let mut body = Vec::new();
        for _ in 0..MAX_REDIRECTS {
            let response = self.exchange(&current)?;
            if let Some(exact) = response.sw.exact_length_expected() {
                current.le = Some(exact);
                continue;
            }
            body.extend_from_slice(&response.data);
            match response.sw.more_data_available() {
                Some(n) => current = CommandApdu::new(command.cla, 0xC0, 0, 0).with_le(n),
                None => return Ok(ResponseApdu::new(body, response.sw)),
            }
        }
        Err(CardError::EndlessRedirect(ins_name(command.ins)))
    }

    /// Sends `command` exactly as given, and returns the card's response bytes as they came:
    /// for relaying APDUs that another terminal protected with keys this side does not hold.
    /// The session's own secure channel ends first (the chip has left it).
    ///
    /// # Errors
    /// [`CardError::Cancelled`] or [`CardError::Transport`].
    pub fn relay(&mut self, command: &[u8]) -> Result<Vec<u8>, CardError> {
        self.sm = None;
        if self.cancel.is_cancelled() {
            return Err(CardError::Cancelled);
        }
        debug!(len = command.len(), "card <- relayed");
        let raw = self.exchange_bytes(command)?;
        debug!(len = raw.len(), "card -> relayed");
        Ok(raw)
    }

    fn exchange_bytes(&mut self, bytes: &[u8]) -> Result<Vec<u8>, CardError> {
        let raw = self.transport.transceive(bytes)?;
        self.stats.apdus += 1;
        self.stats.bytes_sent += bytes.len() as u64;
        self.stats.bytes_received += raw.len() as u64;
        Ok(raw)
    }

    /// One raw exchange through the transport, counted and traced.
    fn exchange(&mut self, command: &CommandApdu) -> Result<ResponseApdu, CardError> {
        if self.cancel.is_cancelled() {
            return Err(CardError::Cancelled);
        }
        let bytes = command.encode(self.capabilities.extended_length)?;
        debug!(
            header = %hex_header(&command.header()),
            lc = command.data.len(),
            le = ?command.le,
            "card <-"
        );
        let raw = self.exchange_bytes(&bytes)?;
        let response = ResponseApdu::decode(&raw)
            .ok_or(CardError::Malformed("response shorter than a status word"))?;
        debug!(len = response.data.len(), sw = %response.sw, "card ->");
        Ok(response)
    }
}

fn hex_header(header: &[u8; 4]) -> String {
    header.iter().map(|b| format!("{b:02X}")).collect()
}

/// A readable name for the instructions this reader sends, for errors and traces.
fn ins_name(ins: u8) -> &'static str {
    match ins {
        0xA4 => "SELECT",
        0xB0 | 0xB1 => "READ BINARY",
        0x84 => "GET CHALLENGE",
        0x82 => "EXTERNAL AUTHENTICATE",
        0x88 => "INTERNAL AUTHENTICATE",
        0x86 | 0x87 => "GENERAL AUTHENTICATE",
        0x22 => "MANAGE SECURITY ENVIRONMENT",
        0xC0 => "GET RESPONSE",
        _ => "command",
    }
}
