//! Targets of the encodings under every file: BER-TLV, the BER→DER length normaliser, EF.SOD
//! (CMS SignedData and the LDS security object) and SecurityInfos (EF.CardAccess, DG14,
//! EF.CardSecurity).

use egate_core::lds::{SecurityInfos, card_security_infos, normalise_lengths, parse_sod};
use egate_core::passive::verify_signed_data;
use egate_core::tlv;

/// BER-TLV: headers, total lengths, splitting and iteration; what parses lies inside the input
/// and re-encodes to the same element.
pub fn ber_tlv(data: &[u8]) {
    if let Ok(Some(total)) = tlv::total_length(data) {
        assert!(total >= 2, "an element has at least a tag and a length");
    }
    let mut values = 0;
    for item in tlv::iter(data) {
        let Ok(item) = item else { break };
        values += item.value.len();
        let encoded = tlv::encode(item.tag, item.value);
        let (again, rest) = tlv::split_first(&encoded).expect("an encoded element parses");
        assert_eq!(
            (again.tag, again.value, rest.len()),
            (item.tag, item.value, 0)
        );
    }
    assert!(values <= data.len());
    if let Ok((first, rest)) = tlv::split_first(data) {
        assert!(first.value.len() + rest.len() + 2 <= data.len());
    }
}

/// The BER→DER normaliser: its output parses as definite lengths, and normalising twice
/// changes nothing.
pub fn ber_to_der(data: &[u8]) {
    if let Ok(der) = normalise_lengths(data) {
        let again = normalise_lengths(&der).expect("DER output normalises again");
        assert_eq!(again, der, "normalising is idempotent");
    }
}

/// EF.SOD as the reader parses it, and the SignedData check passive authentication runs.
pub fn sod(data: &[u8]) {
    let _ = parse_sod(data);
    if let Ok((outer, _)) = tlv::split_first(data) {
        let _ = verify_signed_data(outer.value);
    }
    let _ = verify_signed_data(data);
}

/// SecurityInfos: EF.CardAccess and DG14 content, EF.CardSecurity (SignedData around them),
/// and the PACE and chip-key views built on them.
pub fn security_infos(data: &[u8]) {
    if let Ok(infos) = SecurityInfos::parse(data) {
        let _ = infos.offers_pace();
        let _ = infos.pace_infos().count();
        let _ = infos.chip_authentication_public_keys();
        let _ = egate_core::pace::PaceOffer::from_security_infos(&infos);
    }
    if let Ok(infos) = card_security_infos(data) {
        let _ = infos.chip_authentication_public_keys();
    }
}
