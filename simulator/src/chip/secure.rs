//! The chip side of secure messaging: verifies and decrypts protected commands, protects
//! responses, advancing the send sequence counter for each.

use egate_core::apdu::{CommandApdu, ResponseApdu};
use egate_core::crypto::pad;
use egate_core::sm::{SessionKeys, Ssc};
use egate_core::tlv;
use subtle::ConstantTimeEq;

/// An established secure channel as the chip holds it.
#[derive(Debug)]
pub(super) struct ChipSecureMessaging {
    keys: SessionKeys,
    ssc: Ssc,
}

impl ChipSecureMessaging {
    pub(super) fn new(keys: SessionKeys, ssc: Ssc) -> Self {
        Self { keys, ssc }
    }

    /// The cipher's block size.
    pub(super) fn block_size(&self) -> usize {
        self.keys.cipher().block_size()
    }

    /// Advances the send sequence counter once more than the protocol says (a fault).
    pub(super) fn skip_sequence_number(&mut self) {
        self.ssc.increment();
    }

    /// The plain command inside a protected one, or `None` when its MAC or objects are wrong.
    pub(super) fn unwrap_command(&mut self, command: &CommandApdu) -> Option<CommandApdu> {
        self.ssc.increment();
        let block = self.keys.cipher().block_size();
        let mut cryptogram = None;
        let mut le = None;
        let mut mac = None;
        let mut authenticated_len = 0;
        let mut rest = command.data.as_slice();
        while !rest.is_empty() {
            let offset = command.data.len() - rest.len();
            let (item, tail) = tlv::split_first(rest).ok()?;
            match item.tag {
                0x87 => cryptogram = Some(item.value.strip_prefix(&[0x01])?),
                0x85 => cryptogram = Some(item.value),
                0x97 => le = Some(item.value),
                0x8E => {
                    mac = Some(item.value);
                    authenticated_len = offset;
                }
                _ => return None,
            }
            rest = tail;
        }
        let mut input = pad(&command.header(), block);
        input.extend_from_slice(&command.data[..authenticated_len]);
        let expected = self.keys.mac(&self.ssc, &input).ok()?;
        if !bool::from(expected.ct_eq(mac?)) {
            return None;
        }
        let mut plain = CommandApdu::new(command.cla & !0x0C, command.ins, command.p1, command.p2);
        if let Some(c) = cryptogram {
            plain.data = self.keys.decrypt(&self.ssc, c).ok()?;
        }
        plain.le = match le {
            None => None,
            Some([0]) => Some(256),
            Some([n]) => Some(usize::from(*n)),
            Some([0, 0]) => Some(65_536),
            Some([hi, lo]) => Some(usize::from(u16::from_be_bytes([*hi, *lo]))),
            Some(_) => return None,
        };
        Some(plain)
    }

    /// The protected form of `response`: DO'87' (DO'85' for odd INS), DO'99', DO'8E', SW.
    pub(super) fn wrap_response(&mut self, response: &ResponseApdu, odd_ins: bool) -> Vec<u8> {
        self.ssc.increment();
        let mut body = Vec::new();
        if !response.data.is_empty() {
            let cryptogram = self
                .keys
                .encrypt(&self.ssc, &response.data)
                .unwrap_or_default();
            if odd_ins {
                body.extend(tlv::encode(0x85, &cryptogram));
            } else {
                let mut value = vec![0x01];
                value.extend_from_slice(&cryptogram);
                body.extend(tlv::encode(0x87, &value));
            }
        }
        body.extend(tlv::encode(0x99, &response.sw.to_bytes()));
        let mac = self.keys.mac(&self.ssc, &body).unwrap_or_default();
        body.extend(tlv::encode(0x8E, &mac));
        body.extend_from_slice(&response.sw.to_bytes());
        body
    }
}
