//! The chip's static key agreement keys published in SecurityInfos (ChipAuthenticationPublicKeyInfo,
//! ICAO 9303-11 §9.2.5: EC points, and DH values on standardized or explicit RFC 5114 groups), and the SecurityInfos inside EF.CardSecurity's SignedData.

use super::SecurityInfos;
use crate::pace::standard_dh_parameter_id;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, OctetString, UintRef};
use der::{Decode, Reader, Sequence, SliceReader, Tag, Tagged};

/// `id-PK-DH` (0.4.0.127.0.7.2.2.1.1) and `id-PK-ECDH` (…1.2) share this parent arc.
const ID_PK: &str = "0.4.0.127.0.7.2.2.1.";
/// `standardizedDomainParameters` (0.4.0.127.0.7.1.2): the key's group is a parameter ID.
const STANDARDIZED_DOMAIN_PARAMETERS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.2");

/// One ChipAuthenticationPublicKeyInfo on standardized domain parameters (or a named curve,
/// mapped to its standardized ID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipAuthenticationPublicKey {
    /// The standardized domain parameter ID of the key.
    pub parameter_id: u32,
    /// The key ID, when the chip has several keys.
    pub key_id: Option<u32>,
    /// The public key: an uncompressed point, or a DH value.
    pub public_key: Vec<u8>,
}

/// The SecurityInfos that EF.CardSecurity signs (its SignedData's encapsulated content).
pub fn card_security_infos(card_security: &[u8]) -> Result<SecurityInfos, der::Error> {
    let content_info = ContentInfo::from_der(card_security)?;
    let signed_data: SignedData = content_info.content.decode_as()?;
    let content = signed_data
        .encap_content_info
        .econtent
        .ok_or(der::ErrorKind::Failed)?;
    let octets: OctetString = content.decode_as()?;
    SecurityInfos::parse(octets.as_bytes())
}

impl SecurityInfos {
    /// Every ChipAuthenticationPublicKeyInfo on standardized domain parameters or a named curve;
    /// entries with explicit domain parameters or that do not parse are left out.
    pub fn chip_authentication_public_keys(&self) -> Vec<ChipAuthenticationPublicKey> {
        self.infos
            .iter()
            .filter(|info| info.protocol.to_string().starts_with(ID_PK))
            .filter_map(|info| parse_public_key_info(&info.encoded).ok())
            .collect()
    }
}

fn parse_public_key_info(encoded: &[u8]) -> Result<ChipAuthenticationPublicKey, der::Error> {
    let sequence = AnyRef::from_der(encoded)?;
    let mut fields = SliceReader::new(sequence.value())?;
    let _protocol: ObjectIdentifier = ObjectIdentifier::decode(&mut fields)?;
    let spki = AnyRef::decode(&mut fields)?;
    let key_id = if fields.is_finished() {
        None
    } else {
        Some(u32::decode(&mut fields)?)
    };
    let mut spki_fields = SliceReader::new(spki.value())?;
    let algorithm = AnyRef::decode(&mut spki_fields)?;
    let public_key = BitStringRef::decode(&mut spki_fields)?;
    let mut algorithm_fields = SliceReader::new(algorithm.value())?;
    let algorithm_oid: ObjectIdentifier = ObjectIdentifier::decode(&mut algorithm_fields)?;
    let parameter = AnyRef::decode(&mut algorithm_fields)?;
    let parameter_id =
        if algorithm_oid == STANDARDIZED_DOMAIN_PARAMETERS && parameter.tag() == Tag::Integer {
            parameter.decode_as()?
        } else if algorithm_oid == ID_EC_PUBLIC_KEY && parameter.tag() == Tag::ObjectIdentifier {
            named_curve_parameter_id(&parameter.decode_as()?).ok_or(der::ErrorKind::Failed)?
        } else if algorithm_oid == DH_PUBLIC_NUMBER && parameter.tag() == Tag::Sequence {
            let domain: DhDomainParameters<'_> = parameter.decode_as()?;
            standard_dh_parameter_id(
                domain.p.as_bytes(),
                domain.g.as_bytes(),
                domain.q.as_bytes(),
            )
            .map(u32::from)
            .ok_or(der::ErrorKind::Failed)?
        } else {
            return Err(der::ErrorKind::Failed.into());
        };
    let public_key = if parameter_id <= MAX_DH_PARAMETER_ID {
        UintRef::from_der(public_key.raw_bytes())?
            .as_bytes()
            .to_vec()
    } else {
        public_key.raw_bytes().to_vec()
    };
    Ok(ChipAuthenticationPublicKey {
        parameter_id,
        key_id,
        public_key,
    })
}

/// `dhpublicnumber` (1.2.840.10046.2.1, RFC 3279), the algorithm of DH keys with explicit
/// domain parameters.
const DH_PUBLIC_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10046.2.1");
/// Standardized parameter IDs 0–2 are the DH groups; their keys are `DHPublicKey ::= INTEGER`.
const MAX_DH_PARAMETER_ID: u32 = 2;

/// RFC 3279 `DomainParameters` (validation parameters, when present, are not needed).
#[derive(Debug, Sequence)]
struct DhDomainParameters<'a> {
    p: UintRef<'a>,
    g: UintRef<'a>,
    q: UintRef<'a>,
    j: Option<UintRef<'a>>,
    validation_parameters: Option<AnyRef<'a>>,
}

/// `id-ecPublicKey` (1.2.840.10045.2.1), the algorithm of keys on a named curve.
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

/// The standardized PACE/CA parameter ID of a named curve (ICAO 9303-11 §9.5.1).
pub fn named_curve_parameter_id(curve: &ObjectIdentifier) -> Option<u32> {
    Some(match curve.to_string().as_str() {
        "1.2.840.10045.3.1.1" => 8,
        "1.3.36.3.3.2.8.1.1.3" => 9,
        "1.3.132.0.33" => 10,
        "1.3.36.3.3.2.8.1.1.5" => 11,
        "1.2.840.10045.3.1.7" => 12,
        "1.3.36.3.3.2.8.1.1.7" => 13,
        "1.3.36.3.3.2.8.1.1.9" => 14,
        "1.3.132.0.34" => 15,
        "1.3.36.3.3.2.8.1.1.11" => 16,
        "1.3.36.3.3.2.8.1.1.13" => 17,
        "1.3.132.0.35" => 18,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn reads_the_icao_i1_chip_authentication_public_key_info() {
        let info = hex!(
            "30620609 04007F00 07020201 02305230 0C060704 007F0007 01020201 0D034200 04187270
             9494399E 7470A643 1BE25E83 EEE24FEA 568C2ED2 8DB48E05 DB3A610D C884D256 A40E35EF
             CB59BF67 53D3A489 D28C7A4D 973C2DA1 38A6E7A4 A08F68E1 6F02010D"
        );
        let mut set = vec![0x31, info.len() as u8];
        set.extend_from_slice(&info);
        let keys = SecurityInfos::parse(&set)
            .unwrap()
            .chip_authentication_public_keys();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].parameter_id, 13);
        assert_eq!(keys[0].key_id, Some(13));
        assert_eq!(keys[0].public_key.len(), 65);
        assert_eq!(&keys[0].public_key[..3], &hex!("041872"));
    }

    #[test]
    fn a_dh_key_on_standardized_parameters_is_unwrapped_from_its_integer() {
        let value = [0x85u8; 128];
        let mut integer = vec![0x02, 0x81, 0x81, 0x00];
        integer.extend_from_slice(&value);
        let mut bits = vec![0x00];
        bits.extend_from_slice(&integer);
        let mut algorithm = crate::tlv::encode(0x06, STANDARDIZED_DOMAIN_PARAMETERS.as_bytes());
        algorithm.extend(crate::tlv::encode(0x02, &[0]));
        let mut spki = crate::tlv::encode(0x30, &algorithm);
        spki.extend(crate::tlv::encode(0x03, &bits));
        let mut info = crate::tlv::encode(0x06, &hex!("04007F0007020201 01"));
        info.extend(crate::tlv::encode(0x30, &spki));
        let set = crate::tlv::encode(0x31, &crate::tlv::encode(0x30, &info));
        let keys = SecurityInfos::parse(&set)
            .unwrap()
            .chip_authentication_public_keys();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].parameter_id, 0);
        assert_eq!(keys[0].key_id, None);
        assert_eq!(keys[0].public_key, value);
    }
}
