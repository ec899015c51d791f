//! DG11 (additional personal details) and DG12 (additional document details).

use super::{IssuingDetails, PersonalDetails};
use egate_core::tlv;

fn tagged(fields: &[(u32, &str)], outer: u32) -> Vec<u8> {
    let present: Vec<&(u32, &str)> = fields.iter().filter(|(_, v)| !v.is_empty()).collect();
    let mut list = Vec::new();
    for (tag, _) in &present {
        list.extend_from_slice(&tag.to_be_bytes()[2..]);
    }
    let mut body = tlv::encode(0x5C, &list);
    for (tag, value) in present {
        body.extend(tlv::encode(*tag, value.as_bytes()));
    }
    tlv::encode(outer, &body)
}

/// DG11: `6B` { `5C` tag list, `5F0E` name, `5F10` personal number, `5F2B` date of birth,
/// `5F11` place of birth, `5F42` address, `5F12` telephone, `5F13` profession }.
pub(super) fn encode_dg11(p: &PersonalDetails) -> Vec<u8> {
    tagged(
        &[
            (0x5F0E, &p.full_name),
            (0x5F10, &p.personal_number),
            (0x5F2B, &p.full_date_of_birth),
            (0x5F11, &p.place_of_birth),
            (0x5F42, &p.address),
            (0x5F12, &p.telephone),
            (0x5F13, &p.profession),
        ],
        0x6B,
    )
}

/// DG12: `6C` { `5C` tag list, `5F19` issuing authority, `5F26` date of issue }.
pub(super) fn encode_dg12(i: &IssuingDetails) -> Vec<u8> {
    tagged(&[(0x5F19, &i.authority), (0x5F26, &i.date_of_issue)], 0x6C)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocumentData;

    #[test]
    fn dg11_lists_its_tags_and_holds_utf8() {
        let dg11 = encode_dg11(&DocumentData::td1_id().personal);
        let (outer, _) = tlv::split_first(&dg11).unwrap();
        assert_eq!(outer.tag, 0x6B);
        let list = tlv::find(outer.value, 0x5C).unwrap().unwrap();
        assert_eq!(&list[..4], &[0x5F, 0x0E, 0x5F, 0x10]);
        let name = tlv::find(outer.value, 0x5F0E).unwrap().unwrap();
        assert_eq!(std::str::from_utf8(name).unwrap(), "YILDIZ<<ELİF NAZ");
    }
}
