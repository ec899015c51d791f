//! Response APDUs: body and status word.

use super::StatusWord;

/// An ISO 7816-4 response APDU.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseApdu {
    /// The response body (without the status word).
    pub data: Vec<u8>,
    /// The trailer.
    pub sw: StatusWord,
}

impl std::fmt::Debug for ResponseApdu {
    // Length and status only: response data holds keys and personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ResponseApdu(len={}, {:?})", self.data.len(), self.sw)
    }
}

impl ResponseApdu {
    /// A response with a body and a status word.
    pub fn new(data: impl Into<Vec<u8>>, sw: StatusWord) -> Self {
        Self {
            data: data.into(),
            sw,
        }
    }

    /// A body-less response.
    pub fn status(sw: StatusWord) -> Self {
        Self::new(Vec::new(), sw)
    }

    /// Splits raw response bytes into body and status word; `None` if shorter than two bytes.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let (data, sw) = bytes.split_last_chunk::<2>()?;
        Some(Self::new(data, StatusWord::from_bytes(sw[0], sw[1])))
    }

    /// The raw bytes: body followed by SW1-SW2.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.sw.to_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_body_and_trailer() {
        let r = ResponseApdu::decode(&[1, 2, 3, 0x90, 0x00]).unwrap();
        assert_eq!(r.data, [1, 2, 3]);
        assert!(r.sw.is_success());
        assert_eq!(r.encode(), [1, 2, 3, 0x90, 0x00]);
        assert_eq!(ResponseApdu::decode(&[0x90]), None);
        assert!(!format!("{r:?}").contains("01"));
    }
}
