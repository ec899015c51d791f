//! EF.DG1: the MRZ as stored on the chip (`61` { `5F1F` MRZ }).

use crate::card::CardError;
use crate::mrz::Mrz;
use crate::tlv;

/// Parses DG1 into the MRZ it holds, checking every check digit.
pub fn parse_dg1(bytes: &[u8]) -> Result<Mrz, CardError> {
    let (outer, _) = tlv::split_first(bytes)?;
    let mrz = match outer.tag {
        0x61 => tlv::find(outer.value, 0x5F1F)?,
        _ => None,
    }
    .ok_or(CardError::Malformed("DG1 holds no MRZ"))?;
    let text =
        std::str::from_utf8(mrz).map_err(|_| CardError::Malformed("DG1 MRZ is not ASCII"))?;
    let width = match text.len() {
        90 => 30,
        72 => 36,
        88 => 44,
        _ => return Err(CardError::Malformed("DG1 MRZ has an unknown length")),
    };
    let lines: Vec<&str> = (0..text.len() / width)
        .map(|i| &text[i * width..(i + 1) * width])
        .collect();
    Ok(Mrz::from_lines(&lines)?)
}

/// Encodes DG1 for an MRZ (used by the simulator and tests).
pub fn encode_dg1(mrz: &Mrz) -> Result<Vec<u8>, CardError> {
    let text = mrz.to_lines()?.concat();
    Ok(tlv::encode(0x61, &tlv::encode(0x5F1F, text.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_td1_mrz() {
        let mrz = Mrz::parse(
            "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        )
        .unwrap();
        let dg1 = encode_dg1(&mrz).unwrap();
        assert_eq!(&dg1[..5], &[0x61, 0x5D, 0x5F, 0x1F, 0x5A]);
        assert_eq!(parse_dg1(&dg1).unwrap(), mrz);
        assert!(parse_dg1(&[0x61, 0x03, 0x5F, 0x1F, 0x00]).is_err());
    }
}
