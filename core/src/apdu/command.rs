//! Command APDUs and their byte encoding in the four ISO 7816-4 cases, short or extended.

use thiserror::Error;

/// A command that cannot be encoded with the lengths chosen.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EncodeError {
    /// Data or Le too long for a short APDU and extended length not allowed.
    #[error("command needs extended length (data {data} bytes, Le {le:?})")]
    NeedsExtendedLength {
        /// Length of the command data.
        data: usize,
        /// Expected response length.
        le: Option<usize>,
    },
    /// Data or Le beyond what any APDU can carry.
    #[error("command data or Le beyond 65 535 / 65 536 bytes")]
    TooLong,
}

/// An ISO 7816-4 command APDU.
#[derive(Clone, PartialEq, Eq)]
pub struct CommandApdu {
    /// Class byte.
    pub cla: u8,
    /// Instruction byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// Command data (Lc is its length).
    pub data: Vec<u8>,
    /// Expected response length in bytes (1..=65536), if a response body is expected;
    /// 256 and 65536 are encoded as zero bytes.
    pub le: Option<usize>,
}

impl std::fmt::Debug for CommandApdu {
    // Headers and lengths only: command data may hold keys or personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CommandApdu({:02X} {:02X} {:02X} {:02X}, lc={}, le={:?})",
            self.cla,
            self.ins,
            self.p1,
            self.p2,
            self.data.len(),
            self.le
        )
    }
}

impl CommandApdu {
    /// A command without data.
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        Self {
            cla,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
        }
    }

    /// Sets the command data.
    pub fn with_data(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.data = data.into();
        self
    }

    /// Sets the expected response length.
    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(le);
        self
    }

    /// The 4-byte header.
    pub fn header(&self) -> [u8; 4] {
        [self.cla, self.ins, self.p1, self.p2]
    }

    /// Whether this command needs extended length to be encoded.
    pub fn needs_extended_length(&self) -> bool {
        self.data.len() > 255 || self.le.is_some_and(|le| le > 256)
    }

    /// Encodes the command, using extended length only where needed and allowed.
    pub fn encode(&self, extended_allowed: bool) -> Result<Vec<u8>, EncodeError> {
        let extended = self.needs_extended_length();
        if extended && !extended_allowed {
            return Err(EncodeError::NeedsExtendedLength {
                data: self.data.len(),
                le: self.le,
            });
        }
        self.encode_with(extended)
    }

    /// Encodes the command with extended length forced on or off.
    pub fn encode_with(&self, extended: bool) -> Result<Vec<u8>, EncodeError> {
        let lc = self.data.len();
        let le = self.le;
        if lc > 65_535 || le.is_some_and(|n| n == 0 || n > 65_536) {
            return Err(EncodeError::TooLong);
        }
        if !extended && (lc > 255 || le.is_some_and(|n| n > 256)) {
            return Err(EncodeError::NeedsExtendedLength { data: lc, le });
        }
        let mut out = Vec::with_capacity(4 + 3 + lc + 3);
        out.extend_from_slice(&self.header());
        if extended {
            if lc > 0 {
                out.push(0);
                out.extend_from_slice(&(lc as u16).to_be_bytes());
                out.extend_from_slice(&self.data);
            }
            if let Some(n) = le {
                if lc == 0 {
                    out.push(0);
                }
                out.extend_from_slice(&((n % 65_536) as u16).to_be_bytes());
            }
        } else {
            if lc > 0 {
                out.push(lc as u8);
                out.extend_from_slice(&self.data);
            }
            if let Some(n) = le {
                out.push((n % 256) as u8);
            }
        }
        Ok(out)
    }

    /// Decodes a command APDU in any of the four cases, short or extended.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let (header, body) = bytes.split_first_chunk::<4>()?;
        let [cla, ins, p1, p2] = *header;
        let mut cmd = Self::new(cla, ins, p1, p2);
        match body {
            [] => {}
            [le] => cmd.le = Some(short_le(*le)),
            [0, hi, lo] => cmd.le = Some(extended_le(*hi, *lo)),
            [0, hi, lo, rest @ ..] if body.len() > 3 => {
                let lc = usize::from(u16::from_be_bytes([*hi, *lo]));
                if lc == 0 {
                    return None;
                }
                let data = rest.get(..lc)?;
                cmd.data = data.to_vec();
                match &rest[lc..] {
                    [] => {}
                    [h, l] => cmd.le = Some(extended_le(*h, *l)),
                    _ => return None,
                }
            }
            [lc, rest @ ..] => {
                let lc = usize::from(*lc);
                let data = rest.get(..lc)?;
                cmd.data = data.to_vec();
                match &rest[lc..] {
                    [] => {}
                    [le] => cmd.le = Some(short_le(*le)),
                    _ => return None,
                }
            }
        }
        Some(cmd)
    }
}

fn short_le(byte: u8) -> usize {
    if byte == 0 { 256 } else { usize::from(byte) }
}

fn extended_le(hi: u8, lo: u8) -> usize {
    match u16::from_be_bytes([hi, lo]) {
        0 => 65_536,
        n => usize::from(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_four_short_cases() {
        let c1 = CommandApdu::new(0x00, 0xA4, 0x00, 0x0C);
        assert_eq!(c1.encode(false).unwrap(), [0x00, 0xA4, 0x00, 0x0C]);
        let c2 = CommandApdu::new(0x00, 0x84, 0, 0).with_le(8);
        assert_eq!(c2.encode(false).unwrap(), [0x00, 0x84, 0, 0, 8]);
        let c3 = CommandApdu::new(0x00, 0xA4, 0x02, 0x0C).with_data([0x01, 0x1E]);
        assert_eq!(
            c3.encode(false).unwrap(),
            [0x00, 0xA4, 0x02, 0x0C, 2, 0x01, 0x1E]
        );
        let c4 = c3.clone().with_le(256);
        assert_eq!(
            c4.encode(false).unwrap(),
            [0x00, 0xA4, 0x02, 0x0C, 2, 0x01, 0x1E, 0]
        );
    }

    #[test]
    fn encodes_extended_length_only_when_needed() {
        let read = CommandApdu::new(0, 0xB0, 0, 0).with_le(4096);
        assert!(matches!(
            read.encode(false),
            Err(EncodeError::NeedsExtendedLength { .. })
        ));
        assert_eq!(read.encode(true).unwrap(), [0, 0xB0, 0, 0, 0, 0x10, 0x00]);
        let all = CommandApdu::new(0, 0xB0, 0, 0).with_le(65_536);
        assert_eq!(all.encode(true).unwrap(), [0, 0xB0, 0, 0, 0, 0, 0]);
        let data = CommandApdu::new(0, 0xD6, 0, 0)
            .with_data(vec![7; 300])
            .with_le(2);
        let bytes = data.encode(true).unwrap();
        assert_eq!(&bytes[4..7], &[0, 0x01, 0x2C]);
        assert_eq!(&bytes[bytes.len() - 2..], &[0, 2]);
    }

    #[test]
    fn decode_inverts_encode_in_every_case() {
        let cases = [
            CommandApdu::new(0, 0xA4, 4, 0x0C),
            CommandApdu::new(0, 0xB0, 0, 0).with_le(256),
            CommandApdu::new(0, 0xB0, 0, 0).with_le(1000),
            CommandApdu::new(0, 0xA4, 4, 0x0C).with_data(vec![0xA0; 7]),
            CommandApdu::new(0, 0x82, 0, 0)
                .with_data(vec![1; 40])
                .with_le(40),
            CommandApdu::new(0, 0x86, 0, 0)
                .with_data(vec![1; 400])
                .with_le(65_536),
        ];
        for cmd in cases {
            let bytes = cmd.encode(true).unwrap();
            assert_eq!(CommandApdu::decode(&bytes), Some(cmd));
        }
        assert_eq!(CommandApdu::decode(&[0, 0xA4, 4]), None);
        assert_eq!(CommandApdu::decode(&[0, 0xA4, 4, 0, 5, 1, 2]), None);
    }

    #[test]
    fn debug_output_hides_command_data() {
        let cmd = CommandApdu::new(0, 0x82, 0, 0).with_data(vec![0xAB; 4]);
        let shown = format!("{cmd:?}");
        assert!(!shown.contains("AB"), "{shown}");
        assert!(shown.contains("lc=4"));
    }
}
