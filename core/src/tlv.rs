//! BER-TLV as used on the chip (ISO/IEC 7816-4 data objects, LDS file headers): header parsing,
//! iteration, encoding, and the total length of an element that may use indefinite lengths.

use thiserror::Error;

/// A malformed BER-TLV encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TlvError {
    /// The input ends inside a tag, length or value.
    #[error("BER-TLV data is truncated")]
    Truncated,
    /// A tag of more than four bytes or a length field of more than four bytes.
    #[error("BER-TLV tag or length field is too long")]
    FieldTooLong,
    /// An indefinite length on a primitive element, or nesting deeper than allowed.
    #[error("BER-TLV structure is invalid")]
    Invalid,
}

/// The length field of a TLV header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// A definite number of value bytes.
    Definite(usize),
    /// `80`: the value runs until an end-of-contents marker `00 00`.
    Indefinite,
}

/// A parsed TLV header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The tag, its bytes packed big-endian (e.g. `0x5F1F`, `0x7F61`).
    pub tag: u32,
    /// The length field.
    pub length: Length,
    /// Bytes taken by tag and length together.
    pub header_len: usize,
}

impl Header {
    /// Whether the tag denotes a constructed element.
    pub fn is_constructed(&self) -> bool {
        is_constructed_tag(self.tag)
    }
}

/// Whether a packed tag (e.g. `0x7F61`) denotes a constructed element.
pub fn is_constructed_tag(tag: u32) -> bool {
    let first = tag.to_be_bytes().into_iter().find(|b| *b != 0).unwrap_or(0);
    first & 0x20 != 0
}

/// Deepest nesting followed when measuring indefinite-length elements.
const MAX_DEPTH: usize = 32;

/// Parses the header at the start of `buf`.
pub fn parse_header(buf: &[u8]) -> Result<Header, TlvError> {
    let first = *buf.first().ok_or(TlvError::Truncated)?;
    let mut tag = u32::from(first);
    let mut pos = 1;
    if first & 0x1F == 0x1F {
        loop {
            let b = *buf.get(pos).ok_or(TlvError::Truncated)?;
            pos += 1;
            if pos > 4 {
                return Err(TlvError::FieldTooLong);
            }
            tag = (tag << 8) | u32::from(b);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let len_byte = *buf.get(pos).ok_or(TlvError::Truncated)?;
    pos += 1;
    let length = match len_byte {
        0x00..=0x7F => Length::Definite(usize::from(len_byte)),
        0x80 => Length::Indefinite,
        _ => {
            let n = usize::from(len_byte & 0x7F);
            if n > 4 {
                return Err(TlvError::FieldTooLong);
            }
            let bytes = buf.get(pos..pos + n).ok_or(TlvError::Truncated)?;
            pos += n;
            Length::Definite(
                bytes
                    .iter()
                    .fold(0usize, |acc, b| (acc << 8) | usize::from(*b)),
            )
        }
    };
    let header = Header {
        tag,
        length,
        header_len: pos,
    };
    if length == Length::Indefinite && !header.is_constructed() {
        return Err(TlvError::Invalid);
    }
    Ok(header)
}

/// The total encoded length (header, value and any end-of-contents markers) of the element at
/// the start of `buf`, or `Ok(None)` when `buf` is too short to tell.
///
/// For definite lengths the header alone answers; an indefinite length needs every nested
/// element up to its end-of-contents marker.
pub fn total_length(buf: &[u8]) -> Result<Option<usize>, TlvError> {
    measure(buf, 0)
}

fn measure(buf: &[u8], depth: usize) -> Result<Option<usize>, TlvError> {
    if depth > MAX_DEPTH {
        return Err(TlvError::Invalid);
    }
    let header = match parse_header(buf) {
        Ok(h) => h,
        Err(TlvError::Truncated) => return Ok(None),
        Err(e) => return Err(e),
    };
    match header.length {
        Length::Definite(n) => Ok(header.header_len.checked_add(n)),
        Length::Indefinite => {
            let mut pos = header.header_len;
            loop {
                match buf.get(pos..pos + 2) {
                    None => return Ok(None),
                    Some([0, 0]) => return Ok(Some(pos + 2)),
                    Some(_) => match measure(&buf[pos..], depth + 1)? {
                        None => return Ok(None),
                        Some(n) => pos += n,
                    },
                }
            }
        }
    }
}

/// One definite-length element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag.
    pub tag: u32,
    /// The value bytes.
    pub value: &'a [u8],
}

/// Splits the definite-length element at the start of `buf` from what follows it.
pub fn split_first(buf: &[u8]) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    let header = parse_header(buf)?;
    let Length::Definite(len) = header.length else {
        return Err(TlvError::Invalid);
    };
    let end = header
        .header_len
        .checked_add(len)
        .ok_or(TlvError::Truncated)?;
    let value = buf.get(header.header_len..end).ok_or(TlvError::Truncated)?;
    Ok((
        Tlv {
            tag: header.tag,
            value,
        },
        &buf[end..],
    ))
}

/// Iterates over consecutive definite-length elements.
pub fn iter(buf: &[u8]) -> TlvIter<'_> {
    TlvIter { rest: buf }
}

/// Iterator over consecutive elements; yields an error once and then stops.
#[derive(Debug, Clone)]
pub struct TlvIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<Tlv<'a>, TlvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match split_first(self.rest) {
            Ok((tlv, rest)) => {
                self.rest = rest;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

/// Finds the first element with `tag` among consecutive elements.
pub fn find(buf: &[u8], tag: u32) -> Result<Option<&[u8]>, TlvError> {
    for item in iter(buf) {
        let tlv = item?;
        if tlv.tag == tag {
            return Ok(Some(tlv.value));
        }
    }
    Ok(None)
}

/// Appends the DER length encoding of `len`.
pub fn encode_length(len: usize, out: &mut Vec<u8>) {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend_from_slice(&[0x81, len as u8]),
        0x100..=0xFFFF => {
            out.push(0x82);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(0x83);
            out.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
        }
    }
}

/// Encodes one element with a definite length.
pub fn encode(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 8);
    let tag_bytes = tag.to_be_bytes();
    let skip = tag_bytes.iter().take(3).take_while(|b| **b == 0).count();
    out.extend_from_slice(&tag_bytes[skip..]);
    encode_length(value.len(), &mut out);
    out.extend_from_slice(value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multibyte_tags_and_long_lengths() {
        let h = parse_header(&[0x5F, 0x1F, 0x81, 0x90]).unwrap();
        assert_eq!(h.tag, 0x5F1F);
        assert_eq!(h.length, Length::Definite(0x90));
        assert_eq!(h.header_len, 4);
        let h = parse_header(&[0x75, 0x82, 0x48, 0x00]).unwrap();
        assert_eq!(
            (h.tag, h.length, h.header_len),
            (0x75, Length::Definite(0x4800), 4)
        );
        assert_eq!(parse_header(&[0x75, 0x82, 0x48]), Err(TlvError::Truncated));
        assert_eq!(
            parse_header(&[0x75, 0x85, 1, 1, 1, 1, 1]),
            Err(TlvError::FieldTooLong)
        );
        assert_eq!(parse_header(&[0x04, 0x80]), Err(TlvError::Invalid));
    }

    #[test]
    fn encode_and_split_round_trip() {
        for len in [0, 1, 127, 128, 255, 256, 70_000] {
            let value = vec![0xAB; len];
            let bytes = encode(0x7F61, &value);
            let (tlv, rest) = split_first(&bytes).unwrap();
            assert_eq!(tlv.tag, 0x7F61);
            assert_eq!(tlv.value.len(), len);
            assert!(rest.is_empty());
            assert_eq!(
                total_length(&bytes[..bytes.len().min(6)]).unwrap(),
                Some(bytes.len())
            );
        }
    }

    #[test]
    fn measures_indefinite_lengths_once_complete() {
        // 77 80 { 30 80 { 04 02 AA BB } 00 00 } 00 00
        let full = [
            0x77, 0x80, 0x30, 0x80, 0x04, 0x02, 0xAA, 0xBB, 0x00, 0x00, 0x00, 0x00, 0xFF,
        ];
        assert_eq!(total_length(&full).unwrap(), Some(12));
        for cut in 0..12 {
            assert_eq!(total_length(&full[..cut]).unwrap(), None, "cut {cut}");
        }
    }

    #[test]
    fn iterates_and_finds() {
        let buf = [0x87, 0x01, 0x01, 0x99, 0x02, 0x90, 0x00, 0x8E, 0x01, 0x55];
        let tags: Vec<u32> = iter(&buf).map(|t| t.unwrap().tag).collect();
        assert_eq!(tags, [0x87, 0x99, 0x8E]);
        assert_eq!(find(&buf, 0x99).unwrap(), Some(&[0x90, 0x00][..]));
        assert_eq!(find(&buf, 0x85).unwrap(), None);
        assert!(iter(&[0x87, 0x05, 0x01]).any(|r| r.is_err()));
    }
}
