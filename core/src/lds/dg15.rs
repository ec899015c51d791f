//! DG14 and DG15: the chip's Chip Authentication and Active Authentication infos and keys
//! (ChipAuthenticationInfo with its key ID, ActiveAuthenticationInfo, the DG15 RSA or EC key).

use super::SecurityInfos;
use super::chip_authentication::named_curve_parameter_id;
use crate::card::CardError;
use crate::tlv;
use der::Decode;
use der::asn1::{AnyRef, ObjectIdentifier};
use spki::SubjectPublicKeyInfoRef;

/// `id-ecPublicKey`.
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `rsaEncryption`.
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-icao-mrtd-security-aaProtocolObject` (ActiveAuthenticationInfo).
const ID_AA: &str = "2.23.136.1.1.5";
/// The `id-CA` arc (ChipAuthenticationInfo: …3.1.x for DH, …3.2.x for ECDH).
const ID_CA: &str = "0.4.0.127.0.7.2.2.3.";

/// The Active Authentication public key of DG15.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActiveAuthenticationKey {
    /// An RSA key (ISO/IEC 9796-2 signatures), its SubjectPublicKeyInfo as DER.
    Rsa {
        /// The whole SubjectPublicKeyInfo.
        spki: Vec<u8>,
    },
    /// An EC key (ECDSA signatures).
    Ec {
        /// The standardized parameter ID of its named curve, when it is one.
        parameter_id: Option<u32>,
        /// The curve OID (absent with explicit parameters).
        curve: Option<ObjectIdentifier>,
        /// The SEC1 encoded point.
        point: Vec<u8>,
        /// The whole SubjectPublicKeyInfo.
        spki: Vec<u8>,
    },
}

/// What DG14 (and EF.CardSecurity) says about Chip and Active Authentication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChipSecurityInfos {
    /// ChipAuthenticationInfo protocols with their key IDs.
    pub chip_authentication: Vec<(ObjectIdentifier, Option<u32>)>,
    /// The ActiveAuthenticationInfo signature algorithm (ECDSA keys only).
    pub active_authentication_algorithm: Option<ObjectIdentifier>,
}

/// Parses DG15 (`6F` { SubjectPublicKeyInfo }).
pub fn parse_dg15(bytes: &[u8]) -> Result<ActiveAuthenticationKey, CardError> {
    let (outer, _) = tlv::split_first(bytes)?;
    if outer.tag != 0x6F {
        return Err(CardError::Malformed("DG15 is not tagged 6F"));
    }
    let malformed = |_| CardError::Malformed("DG15 SubjectPublicKeyInfo");
    let spki = SubjectPublicKeyInfoRef::from_der(outer.value).map_err(malformed)?;
    let der = outer.value.to_vec();
    if spki.algorithm.oid == RSA_ENCRYPTION {
        return Ok(ActiveAuthenticationKey::Rsa { spki: der });
    }
    if spki.algorithm.oid != ID_EC_PUBLIC_KEY {
        return Err(CardError::Malformed("DG15 key is neither RSA nor EC"));
    }
    let curve = spki
        .algorithm
        .parameters
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    Ok(ActiveAuthenticationKey::Ec {
        parameter_id: curve.as_ref().and_then(named_curve_parameter_id),
        curve,
        point: spki.subject_public_key.raw_bytes().to_vec(),
        spki: der,
    })
}

/// Parses DG14 (`6E` { SecurityInfos }).
pub fn parse_dg14(bytes: &[u8]) -> Result<SecurityInfos, CardError> {
    let (outer, _) = tlv::split_first(bytes)?;
    if outer.tag != 0x6E {
        return Err(CardError::Malformed("DG14 is not tagged 6E"));
    }
    SecurityInfos::parse(outer.value).map_err(|_| CardError::Malformed("DG14 SecurityInfos"))
}

impl SecurityInfos {
    /// The ChipAuthenticationInfo and ActiveAuthenticationInfo entries.
    pub fn chip_security_infos(&self) -> ChipSecurityInfos {
        let mut out = ChipSecurityInfos::default();
        for info in &self.infos {
            let oid = info.protocol.to_string();
            let Some(fields) = sequence_fields(&info.encoded) else {
                continue;
            };
            let ca_arcs = oid.strip_prefix(ID_CA).map(|rest| rest.split('.').count());
            if ca_arcs == Some(2) {
                let key_id = fields.get(2).and_then(|f| f.decode_as::<u32>().ok());
                out.chip_authentication.push((info.protocol, key_id));
            } else if oid == ID_AA {
                out.active_authentication_algorithm = fields
                    .get(2)
                    .and_then(|f| f.decode_as::<ObjectIdentifier>().ok());
            }
        }
        out
    }
}

fn sequence_fields(encoded: &[u8]) -> Option<Vec<AnyRef<'_>>> {
    let sequence = AnyRef::from_der(encoded).ok()?;
    let mut reader = der::SliceReader::new(sequence.value()).ok()?;
    let mut fields = Vec::new();
    while !der::Reader::is_finished(&reader) {
        fields.push(AnyRef::decode(&mut reader).ok()?);
    }
    Some(fields)
}
