//! What a chip says about APDU lengths before access control: the extended-length information
//! DO'7F66' of EF.ATR/INFO (ISO/IEC 7816-4 §12.7.1, ICAO 9303-10 §3.11.2) and the
//! card-capabilities byte in the historical bytes of its ATR or ATS (ISO/IEC 7816-4 §12.1.1.9).

use crate::tlv;

/// The extended-length information of DO'7F66'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtendedLengthInfo {
    /// The longest command APDU the chip accepts, in bytes.
    pub max_command: usize,
    /// The longest response APDU the chip sends, in bytes.
    pub max_response: usize,
}

/// Reads an unsigned big-endian INTEGER value of at most four bytes.
fn small_unsigned(value: &[u8]) -> Option<usize> {
    let value = match value {
        [0, rest @ ..] if !rest.is_empty() => rest,
        other => other,
    };
    if value.is_empty() || value.len() > 4 {
        return None;
    }
    Some(
        value
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b)),
    )
}

/// The extended-length information in the content of EF.ATR/INFO, looked for among its
/// top-level data objects; `None` when the file states none (or states it malformed).
pub fn parse_atr_info(content: &[u8]) -> Option<ExtendedLengthInfo> {
    let info = tlv::iter(content)
        .map_while(Result::ok)
        .find(|item| item.tag == 0x7F66)?;
    let mut integers = tlv::iter(info.value)
        .map_while(Result::ok)
        .filter(|item| item.tag == 0x02)
        .map(|item| small_unsigned(item.value));
    let max_command = integers.next()??;
    let max_response = integers.next()??;
    (max_command > 0 && max_response > 0).then_some(ExtendedLengthInfo {
        max_command,
        max_response,
    })
}

/// Whether the card-capabilities data object of the historical bytes announces extended Lc and
/// Le fields; `None` when the historical bytes carry no card capabilities.
pub fn historical_extended_length(historical: &[u8]) -> Option<bool> {
    let objects = match historical {
        [0x80, rest @ ..] => rest,
        // Category 00: compact-TLV objects, then three status bytes.
        [0x00, rest @ ..] if rest.len() >= 3 => &rest[..rest.len() - 3],
        _ => return None,
    };
    let mut at = 0;
    while at < objects.len() {
        let tag = objects[at] >> 4;
        let len = usize::from(objects[at] & 0x0F);
        let value = objects.get(at + 1..at + 1 + len)?;
        if tag == 0x7 {
            // Third software function table, b7: "extended Lc and Le fields".
            return Some(value.get(2).is_some_and(|table| table & 0x40 != 0));
        }
        at += 1 + len;
    }
    None
}

/// The historical bytes of an ATR (ISO/IEC 7816-3 §8.2): after TS, T0 and the interface bytes
/// T0 and each TDi announce.
pub fn atr_historical_bytes(atr: &[u8]) -> Option<&[u8]> {
    let t0 = *atr.get(1)?;
    let count = usize::from(t0 & 0x0F);
    let mut at = 2;
    let mut indicator = t0;
    loop {
        let present = (indicator >> 4).count_ones() as usize;
        let td = (indicator & 0x80 != 0).then(|| at + present - 1);
        at += present;
        match td {
            Some(index) => indicator = *atr.get(index)?,
            None => break,
        }
    }
    atr.get(at..at + count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn historical_bytes_follow_the_interface_bytes() {
        // PC/SC contactless ATR: 3B 8A 80 01 + 10 historical bytes + TCK.
        let atr = [
            0x3B, 0x8A, 0x80, 0x01, 0x80, 0x73, 0x00, 0x21, 0xC0, 0x57, 0x59, 0x75, 0x62, 0x69,
            0x00,
        ];
        let historical = atr_historical_bytes(&atr).unwrap();
        assert_eq!(historical.len(), 10);
        assert_eq!(historical_extended_length(historical), Some(true));
        assert_eq!(
            atr_historical_bytes(&[0x3B, 0x80, 0x80, 0x01, 0x01]),
            Some(&[][..])
        );
        assert_eq!(atr_historical_bytes(&[0x3B, 0x8A, 0x80]), None);
    }

    #[test]
    fn atr_info_states_extended_lengths() {
        // DO'7F66' { INTEGER 1024, INTEGER 65 536 } after an unrelated object.
        let content = [
            0x43, 0x01, 0xB8, 0x7F, 0x66, 0x09, 0x02, 0x02, 0x04, 0x00, 0x02, 0x03, 0x01, 0x00,
            0x00,
        ];
        assert_eq!(
            parse_atr_info(&content),
            Some(ExtendedLengthInfo {
                max_command: 1024,
                max_response: 65_536
            })
        );
        assert_eq!(parse_atr_info(&[0x43, 0x01, 0xB8]), None);
        assert_eq!(parse_atr_info(&[0x7F, 0x66, 0x03, 0x02, 0x01, 0x00]), None);
        assert_eq!(parse_atr_info(&[0x7F, 0x66, 0x20]), None);
    }

    #[test]
    fn card_capabilities_announce_extended_lengths() {
        // 80, 73 {table 1, table 2, table 3 with b7 set}.
        assert_eq!(
            historical_extended_length(&[0x80, 0x73, 0x00, 0x21, 0xC0]),
            Some(true)
        );
        assert_eq!(
            historical_extended_length(&[0x80, 0x31, 0x80, 0x73, 0x00, 0x21, 0x80]),
            Some(false)
        );
        assert_eq!(
            historical_extended_length(&[0x00, 0x73, 0x00, 0x21, 0x40, 0x00, 0x90, 0x00]),
            Some(true)
        );
        assert_eq!(historical_extended_length(&[0x80, 0x31, 0x80]), None);
        assert_eq!(historical_extended_length(&[0x80, 0x73, 0x00]), None);
        assert_eq!(historical_extended_length(&[]), None);
    }
}
