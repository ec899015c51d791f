//! BER lengths made DER for parsing only: indefinite lengths become definite and long-form
//! lengths minimal, so strict DER parsers accept what some chips store (e.g. an EF.SOD with
//! indefinite lengths). Hashes and signatures always use the bytes as read, never this output.

use crate::tlv::{Length, TlvError, encode_length, parse_header};

/// Deepest nesting followed.
const MAX_DEPTH: usize = 32;

/// The first element of `ber` with every length re-encoded in DER form; bytes after the
/// element (e.g. a chip's zero padding) are not part of the result.
pub fn normalise_lengths(ber: &[u8]) -> Result<Vec<u8>, TlvError> {
    element(ber, 0).map(|(der, _)| der)
}

/// The normalised element at the start of `buf` and how many input bytes it took.
fn element(buf: &[u8], depth: usize) -> Result<(Vec<u8>, usize), TlvError> {
    if depth > MAX_DEPTH {
        return Err(TlvError::Invalid);
    }
    let header = parse_header(buf)?;
    let tag_len = (4 - header.tag.leading_zeros() as usize / 8).max(1);
    let (content, consumed) = match header.length {
        Length::Definite(len) => {
            let end = header
                .header_len
                .checked_add(len)
                .ok_or(TlvError::Truncated)?;
            let value = buf.get(header.header_len..end).ok_or(TlvError::Truncated)?;
            let content = if header.is_constructed() {
                children(value, depth)?
            } else {
                value.to_vec()
            };
            (content, end)
        }
        Length::Indefinite => {
            let mut pos = header.header_len;
            let mut content = Vec::new();
            loop {
                match buf.get(pos..pos + 2) {
                    None => return Err(TlvError::Truncated),
                    Some([0, 0]) => break (content, pos + 2),
                    Some(_) => {
                        let (child, used) = element(&buf[pos..], depth + 1)?;
                        content.extend(child);
                        pos += used;
                    }
                }
            }
        }
    };
    let mut out = buf[..tag_len].to_vec();
    encode_length(content.len(), &mut out);
    out.extend(content);
    Ok((out, consumed))
}

fn children(mut value: &[u8], depth: usize) -> Result<Vec<u8>, TlvError> {
    let mut out = Vec::with_capacity(value.len());
    while !value.is_empty() {
        let (child, used) = element(value, depth + 1)?;
        out.extend(child);
        value = &value[used..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;
    use proptest::prelude::*;

    #[test]
    fn indefinite_and_long_form_lengths_become_der() {
        // 30 80 { 04 81 02 AB CD, 31 80 { 02 01 05 } 00 00 } 00 00, then padding.
        let ber = hex!("3080 048102ABCD 3180 020105 0000 0000 0000");
        assert_eq!(
            normalise_lengths(&ber).unwrap(),
            hex!("3009 0402ABCD 3103 020105")
        );
        let der = hex!("7F6103 5F1F00");
        assert_eq!(normalise_lengths(&der).unwrap(), der);
        assert_eq!(
            normalise_lengths(&hex!("3080 020105")),
            Err(TlvError::Truncated)
        );
        assert_eq!(
            normalise_lengths(&hex!("0480 0000")),
            Err(TlvError::Invalid)
        );
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = normalise_lengths(&bytes);
        }
    }
}
