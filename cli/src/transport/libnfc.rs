//! Card transport over libnfc (PN53x readers such as the ACR122U, SCL3711 or PN532 boards,
//! driven directly rather than through PC/SC): device opening, selection of an ISO/IEC 14443-4
//! card of type A or B, and APDU exchange for the core's [`CardTransport`] port.
//!
//! # Thread safety
//!
//! `nfc1` 0.7.1 itself declares its `Context` and `Device` `Send` (they wrap the libnfc
//! pointers, which are not tied to the thread that opened them), and neither is `Sync`. The
//! transport owns both, so it is `Send` and not `Sync` without any `unsafe` here: it can be
//! moved to the worker thread that drives the card, and only that thread uses it.

use std::fmt;
use std::thread;
use std::time::Duration;

use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};
use nfc1::target_info::TargetInfo;
use nfc1::{BaudRate, Context, Device, Modulation, ModulationType, Property, Target, Timeout};
use thiserror::Error;
use tracing::{debug, trace};

/// How long one exchange may take before libnfc gives up on the reader.
const EXCHANGE_TIMEOUT: Duration = Duration::from_millis(5000);

/// How many times both card types are polled before giving up, and the pause between rounds.
const SELECT_ROUNDS: u32 = 3;
const SELECT_PAUSE: Duration = Duration::from_millis(200);

/// Size of the receive buffer handed to libnfc. PN53x readers deliver at most 263 bytes per
/// exchange (see [`LibnfcTransport`]'s capabilities); the larger buffer costs little and keeps
/// other libnfc drivers from failing with a buffer overflow.
const RECEIVE_CAPACITY: usize = 65_538;

/// Longest connection string libnfc accepts (`NFC_BUFSIZE_CONNSTRING` less its terminator).
const MAX_CONNSTRING: usize = 1023;

/// How many devices [`list_devices`] asks libnfc for at most.
const MAX_DEVICES: usize = 16;

/// Why no card could be reached through libnfc.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LibnfcError {
    /// libnfc found no reader (none plugged in, a wrong connection string, no permission on
    /// the USB device, or pcscd's CCID driver holding the reader).
    #[error(
        "no libnfc device found (is the reader plugged in, and not claimed by pcscd's CCID driver?)"
    )]
    NoDevice,
    /// The reader found no ISO/IEC 14443 type A or B card in its field.
    #[error("no ISO/IEC 14443 card is in the reader's field")]
    NoTarget,
    /// Any other libnfc failure, with its description.
    #[error("libnfc failure: {0}")]
    Other(String),
}

/// Maps a failed exchange to the core's transport error.
///
/// A released target or a broken RF exchange means the card left the field (or stopped
/// answering); libnfc's own timeout stays a timeout; everything else is I/O with its text.
fn transport_error(err: nfc1::Error) -> TransportError {
    match err {
        nfc1::Error::TargetReleased | nfc1::Error::RfTransmissionError => TransportError::TagLost,
        nfc1::Error::Timeout => TransportError::Timeout,
        other => TransportError::Io(describe(other)),
    }
}

/// Maps a failure while opening the device or selecting the card.
fn setup_error(context: &str, err: nfc1::Error) -> LibnfcError {
    match err {
        nfc1::Error::NoDeviceFound | nfc1::Error::NoSuchDeviceFound => LibnfcError::NoDevice,
        other => LibnfcError::Other(format!("{context}: {}", describe(other))),
    }
}

fn describe(err: nfc1::Error) -> String {
    format!("{err} ({err:?})")
}

/// Connection strings of the devices libnfc can find (USB and configured devices; serial
/// readers are listed only when libnfc's configuration allows scanning for them).
///
/// # Errors
/// [`LibnfcError::Other`] when libnfc cannot be initialised.
pub fn list_devices() -> Result<Vec<String>, LibnfcError> {
    let mut context = Context::new().map_err(|err| setup_error("initialising libnfc", err))?;
    context
        .list_devices(MAX_DEVICES)
        .map_err(|err| setup_error("listing devices", err))
}

/// The ISO/IEC 14443-4 card the reader selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectedTarget {
    /// A type A card.
    TypeA {
        /// The UID (random for most travel documents).
        uid: Vec<u8>,
        /// ATQA as received.
        atqa: [u8; 2],
        /// SAK.
        sak: u8,
        /// The answer to select, without its length byte.
        ats: Vec<u8>,
    },
    /// A type B card.
    TypeB {
        /// The PUPI from ATQB (random for most travel documents).
        pupi: [u8; 4],
        /// Application data from ATQB.
        application_data: [u8; 4],
        /// Protocol info from ATQB.
        protocol_info: [u8; 3],
    },
}

impl SelectedTarget {
    /// What libnfc handed back, or `None` for its untouched placeholder (no card answered).
    ///
    /// `nfc1` 0.7.1 returns `Ok` with the placeholder target it passed in when libnfc reports
    /// zero targets, so "no card" is recognised here: an ISO14443A placeholder has an empty
    /// UID, and a type B selection that found nothing still reads as type A.
    fn from_nfc1(target: &Target, wanted: ModulationType) -> Option<Self> {
        if target.modulation.modulation_type != wanted {
            return None;
        }
        match &target.target_info {
            TargetInfo::Iso14443a(info) if info.uid_len > 0 => Some(Self::TypeA {
                uid: info.uid[..info.uid_len.min(info.uid.len())].to_vec(),
                atqa: info.atqa,
                sak: info.sak,
                ats: info.ats[..info.ats_len.min(info.ats.len())].to_vec(),
            }),
            TargetInfo::Iso14443b(info) => Some(Self::TypeB {
                pupi: info.pupi,
                application_data: info.application_data,
                protocol_info: info.protocol_info,
            }),
            _ => None,
        }
    }

    /// Whether the card announces ISO/IEC 14443-4 (SAK bit 6 for type A, protocol type bit 1
    /// of ATQB for type B), which APDUs need.
    pub fn supports_iso_dep(&self) -> bool {
        match self {
            Self::TypeA { sak, .. } => sak & 0x20 != 0,
            Self::TypeB { protocol_info, .. } => protocol_info[1] & 0x01 != 0,
        }
    }
}

/// An ISO/IEC 14443-4 card selected through a libnfc reader.
///
/// Fields drop in order: the device is closed before the libnfc context it was opened in is
/// freed (`nfc1` does not tie their lifetimes together).
pub struct LibnfcTransport {
    device: Device,
    _context: Context,
    device_name: String,
    connstring: String,
    target: SelectedTarget,
}

impl fmt::Debug for LibnfcTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LibnfcTransport")
            .field("device_name", &self.device_name)
            .field("connstring", &self.connstring)
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

impl LibnfcTransport {
    /// Opens the libnfc device `device` (a connection string such as `pn53x_usb:001:004`), or
    /// with `None` libnfc's default device (`LIBNFC_DEVICE`, its configuration, or the first
    /// one found), makes it an initiator and selects an ISO/IEC 14443-4 card: type A, then
    /// type B, both at 106 kbit/s, a few rounds over about a second.
    ///
    /// # Errors
    /// [`LibnfcError::NoDevice`] when no device opens, [`LibnfcError::NoTarget`] when no card
    /// answers, [`LibnfcError::Other`] for other libnfc failures or a card without
    /// ISO/IEC 14443-4.
    pub fn connect(device: Option<&str>) -> Result<Self, LibnfcError> {
        let mut context = Context::new().map_err(|err| setup_error("initialising libnfc", err))?;
        let mut nfc_device = match device {
            Some(connstring) => {
                if connstring.len() > MAX_CONNSTRING || connstring.contains('\0') {
                    return Err(LibnfcError::Other(format!(
                        "invalid connection string {connstring:?}"
                    )));
                }
                context.open_with_connstring(connstring)
            }
            None => context.open(),
        }
        .map_err(|err| setup_error("opening the device", err))?;

        nfc_device
            .initiator_init()
            .map_err(|err| setup_error("initialising the reader as initiator", err))?;
        configure(&mut nfc_device)?;
        let target = select_iso_dep(&mut nfc_device)?;
        let device_name = nfc_device.name().to_owned();
        let connstring = nfc_device.connstring().to_owned();
        debug!(device = %device_name, %connstring, ?target, "selected card over libnfc");
        Ok(Self {
            device: nfc_device,
            _context: context,
            device_name,
            connstring,
            target,
        })
    }

    /// The reader's name as libnfc reports it.
    pub fn device_name(&self) -> &str {
        &self.device_name
    }

    /// The connection string of the open device.
    pub fn connstring(&self) -> &str {
        &self.connstring
    }

    /// The card that was selected.
    pub fn target(&self) -> &SelectedTarget {
        &self.target
    }
}

/// Sets the reader up for ISO/IEC 14443-4 APDU exchange. `initiator_init` already sets most of
/// these; they are set again because the exchange depends on them: CRC and parity by the chip,
/// automatic RATS/ATTRIB, ISO-DEP framing and chaining by the chip (easy framing), and a
/// selection that returns when no card answers instead of waiting forever.
fn configure(device: &mut Device) -> Result<(), LibnfcError> {
    for (property, value) in [
        (Property::ActivateField, true),
        (Property::HandleCrc, true),
        (Property::HandleParity, true),
        (Property::AutoIso144434, true),
        (Property::EasyFraming, true),
        (Property::InfiniteSelect, false),
    ] {
        device
            .set_property_bool(property, value)
            .map_err(|err| setup_error(&format!("setting {property:?}"), err))?;
    }
    Ok(())
}

/// Polls for a type A, then a type B card that supports ISO/IEC 14443-4.
fn select_iso_dep(device: &mut Device) -> Result<SelectedTarget, LibnfcError> {
    let mut refused: Option<SelectedTarget> = None;
    for round in 0..SELECT_ROUNDS {
        if round > 0 {
            thread::sleep(SELECT_PAUSE);
        }
        for modulation_type in [ModulationType::Iso14443a, ModulationType::Iso14443b] {
            let modulation = Modulation {
                modulation_type,
                baud_rate: BaudRate::Baud106,
            };
            let target = device
                .initiator_select_passive_target(&modulation)
                .map_err(|err| setup_error("selecting a card", err))?;
            let Some(selected) = SelectedTarget::from_nfc1(&target, modulation_type) else {
                trace!(?modulation_type, round, "no card answered");
                continue;
            };
            if selected.supports_iso_dep() {
                return Ok(selected);
            }
            debug!(
                ?selected,
                "card does not support ISO/IEC 14443-4; skipping it"
            );
            // Best effort: the next selection resets the field state anyway.
            let _ = device.initiator_deselect_target();
            refused = Some(selected);
        }
    }
    match refused {
        Some(card) => Err(LibnfcError::Other(format!(
            "the card in the field does not support ISO/IEC 14443-4: {card:?}"
        ))),
        None => Err(LibnfcError::NoTarget),
    }
}

/// Short APDUs only: 261 bytes per command and response.
///
/// libnfc's PN53x path (`pn53x_initiator_transceive_bytes`, libnfc 1.8) copies the command
/// into a 264-byte frame buffer (262 bytes after the InDataExchange header, without a length
/// check) and reads the answer into a 264-byte buffer including a status byte, so at most 262
/// bytes go out and 263 come back per exchange; a longer answer fails. The chip does the
/// ISO/IEC 14443-4 block chaining and waiting-time extensions inside those limits, but
/// extended-length APDUs do not fit. Longer commands are refused here before they reach
/// libnfc, both to keep to the advertised limit and to keep them away from that unchecked copy.
impl CardTransport for LibnfcTransport {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let limit = TransportCapabilities::SHORT_ONLY.max_transceive;
        if command.len() > limit {
            return Err(TransportError::Io(format!(
                "command of {} bytes exceeds the {limit} bytes a libnfc reader carries",
                command.len()
            )));
        }
        match self.device.initiator_transceive_bytes(
            command,
            RECEIVE_CAPACITY,
            Timeout::Duration(EXCHANGE_TIMEOUT),
        ) {
            Ok(response) => {
                trace!(
                    sent = command.len(),
                    received = response.len(),
                    "libnfc exchange"
                );
                Ok(response)
            }
            Err(err) => {
                debug!(error = %err, "libnfc exchange failed");
                Err(transport_error(err))
            }
        }
    }

    fn capabilities(&self) -> TransportCapabilities {
        TransportCapabilities::SHORT_ONLY
    }
}

impl Drop for LibnfcTransport {
    fn drop(&mut self) {
        // Best effort: release the card so it is left in a clean state; closing the device
        // (when the fields drop) switches the field off.
        let _ = self.device.initiator_deselect_target();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<LibnfcTransport>();
    }

    #[test]
    fn exchange_errors_map_to_transport_errors() {
        assert_eq!(
            transport_error(nfc1::Error::TargetReleased),
            TransportError::TagLost
        );
        assert_eq!(
            transport_error(nfc1::Error::RfTransmissionError),
            TransportError::TagLost
        );
        assert_eq!(
            transport_error(nfc1::Error::Timeout),
            TransportError::Timeout
        );
        assert!(matches!(
            transport_error(nfc1::Error::Chip),
            TransportError::Io(text) if text.contains("Chip")
        ));
    }

    #[test]
    fn setup_errors_map_to_libnfc_errors() {
        assert_eq!(
            setup_error("opening", nfc1::Error::NoDeviceFound),
            LibnfcError::NoDevice
        );
        assert!(matches!(
            setup_error("opening", nfc1::Error::Io),
            LibnfcError::Other(text) if text.starts_with("opening: ")
        ));
    }

    #[test]
    fn placeholder_target_means_no_card() {
        let placeholder = Target::new_iso14443a();
        assert_eq!(
            SelectedTarget::from_nfc1(&placeholder, ModulationType::Iso14443a),
            None
        );
        assert_eq!(
            SelectedTarget::from_nfc1(&placeholder, ModulationType::Iso14443b),
            None
        );
    }

    #[test]
    fn iso_dep_support_is_read_from_sak_and_atqb() {
        let type_a = |sak: u8| SelectedTarget::TypeA {
            uid: vec![0x08, 1, 2, 3],
            atqa: [0x00, 0x04],
            sak,
            ats: vec![],
        };
        assert!(type_a(0x20).supports_iso_dep());
        assert!(!type_a(0x08).supports_iso_dep());
        let type_b = |protocol_type: u8| SelectedTarget::TypeB {
            pupi: [1, 2, 3, 4],
            application_data: [0; 4],
            protocol_info: [0x00, 0x80 | protocol_type, 0x71],
        };
        assert!(type_b(0x01).supports_iso_dep());
        assert!(!type_b(0x00).supports_iso_dep());
    }
}
