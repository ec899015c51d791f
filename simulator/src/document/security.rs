//! The chip's own keys and the security infos that publish them: DG14 (chip authentication),
//! DG15 (active authentication key) and EF.CardAccess.

use super::BuildError;
use super::PaceOffering;
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode, Sequence};
use egate_core::pace::{Mapping, Secret, standard_group};
use egate_core::tlv;
use p256::pkcs8::EncodePublicKey;
use sha2::{Digest, Sha256, Sha512};
use spki::SubjectPublicKeyInfoOwned;

const ID_CA_ECDH_AES_CBC_CMAC_128: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.3.2.2");
const ID_PK_ECDH: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.1.2");
const ID_TA: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.2");
const ID_AA: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.136.1.1.5");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ID_STANDARDIZED_DOMAIN_PARAMETERS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.2");

/// The chip's static key pairs, derived deterministically from the document number so that a
/// document always has the same keys (test data, never secrets).
#[derive(Debug, Clone)]
pub(crate) struct ChipKeys {
    /// Chip authentication key pair (DG14).
    pub(crate) chip_authentication: p256::SecretKey,
    /// Active authentication key pair (DG15).
    pub(crate) active_authentication: p256::SecretKey,
}

fn derived_key(label: &str, document_number: &str) -> p256::SecretKey {
    let mut counter = 0u8;
    loop {
        let digest = Sha256::new()
            .chain_update(label)
            .chain_update(document_number)
            .chain_update([counter])
            .finalize();
        if let Ok(key) = p256::SecretKey::from_slice(&digest) {
            return key;
        }
        counter = counter.wrapping_add(1);
    }
}

impl ChipKeys {
    pub(crate) fn for_document(document_number: &str) -> Self {
        Self {
            chip_authentication: derived_key("egate-sim chip authentication", document_number),
            active_authentication: derived_key("egate-sim active authentication", document_number),
        }
    }
}

fn spki(key: &p256::SecretKey) -> Result<SubjectPublicKeyInfoOwned, BuildError> {
    let der = key
        .public_key()
        .to_public_key_der()
        .map_err(|e| BuildError::Key(e.to_string()))?;
    Ok(SubjectPublicKeyInfoOwned::from_der(der.as_bytes())?)
}

#[derive(Sequence)]
struct VersionedInfo {
    protocol: ObjectIdentifier,
    version: u8,
}

#[derive(Sequence)]
struct ParameterisedInfo {
    protocol: ObjectIdentifier,
    version: u8,
    parameter_id: u8,
}

#[derive(Sequence)]
struct ChipAuthenticationPublicKeyInfo {
    protocol: ObjectIdentifier,
    chip_authentication_public_key: SubjectPublicKeyInfoOwned,
}

#[derive(Sequence)]
struct ActiveAuthenticationInfo {
    protocol: ObjectIdentifier,
    version: u8,
    signature_algorithm: ObjectIdentifier,
}

/// `SET OF SecurityInfo` in DER order.
fn security_infos(mut entries: Vec<Vec<u8>>) -> Vec<u8> {
    entries.sort();
    tlv::encode(0x31, &entries.concat())
}

/// The SecurityInfos of DG14 and EF.CardSecurity.
pub(crate) fn chip_security_infos(
    keys: &ChipKeys,
    pace: &[PaceOffering],
    document_number: &str,
) -> Result<Vec<u8>, BuildError> {
    let mut entries = vec![
        VersionedInfo {
            protocol: ID_CA_ECDH_AES_CBC_CMAC_128,
            version: 1,
        }
        .to_der()?,
        ChipAuthenticationPublicKeyInfo {
            protocol: ID_PK_ECDH,
            chip_authentication_public_key: spki(&keys.chip_authentication)?,
        }
        .to_der()?,
        VersionedInfo {
            protocol: ID_TA,
            version: 1,
        }
        .to_der()?,
        ActiveAuthenticationInfo {
            protocol: ID_AA,
            version: 1,
            signature_algorithm: ECDSA_WITH_SHA256,
        }
        .to_der()?,
    ];
    for offering in pace {
        entries.push(pace_info(offering)?);
        if offering.protocol.mapping == Mapping::ChipAuthentication {
            entries.push(cam_public_key_info(document_number, offering.parameter_id)?);
        }
    }
    entries.sort();
    entries.dedup();
    Ok(security_infos(entries))
}

fn pace_info(offering: &PaceOffering) -> Result<Vec<u8>, BuildError> {
    Ok(ParameterisedInfo {
        protocol: offering.protocol.oid(),
        version: 2,
        parameter_id: offering.parameter_id,
    }
    .to_der()?)
}

/// The static key pair of Chip Authentication Mapping on standardized parameters, derived from
/// the document number (test data, never a secret); `None` for groups without CAM (DH).
pub fn pace_static_secret(document_number: &str, parameter_id: u8) -> Option<Secret> {
    let group = standard_group(parameter_id).ok()?;
    let digest = Sha512::new()
        .chain_update("egate-sim chip authentication mapping")
        .chain_update(document_number)
        .chain_update([parameter_id])
        .finalize();
    let field_len = group.element_len().checked_sub(1)? / 2;
    let len = field_len.checked_sub(1)?.min(digest.len());
    group.check_secret(&digest[..len]).ok()
}

/// ChipAuthenticationPublicKeyInfo of the CAM static key: id-PK-ECDH, the key on standardized
/// parameters, key ID = parameter ID (ICAO 9303-11 §9.2.5).
fn cam_public_key_info(document_number: &str, parameter_id: u8) -> Result<Vec<u8>, BuildError> {
    let key_error = || BuildError::Key(format!("no CAM key on parameters {parameter_id}"));
    let group = standard_group(parameter_id).map_err(|_| key_error())?;
    let secret = pace_static_secret(document_number, parameter_id).ok_or_else(key_error)?;
    let public = group
        .multiply(&group.generator(), &secret, "generator")
        .map_err(|_| key_error())?;
    let mut algorithm = tlv::encode(0x06, ID_STANDARDIZED_DOMAIN_PARAMETERS.as_bytes());
    algorithm.extend(tlv::encode(0x02, &[parameter_id]));
    let mut bits = vec![0u8];
    bits.extend_from_slice(&public);
    let mut spki = tlv::encode(0x30, &algorithm);
    spki.extend(tlv::encode(0x03, &bits));
    let mut info = tlv::encode(0x06, ID_PK_ECDH.as_bytes());
    info.extend(tlv::encode(0x30, &spki));
    info.extend(tlv::encode(0x02, &[parameter_id]));
    Ok(tlv::encode(0x30, &info))
}

/// DG14: `6E` { SecurityInfos }.
pub(super) fn encode_dg14(keys: &ChipKeys) -> Result<Vec<u8>, BuildError> {
    Ok(tlv::encode(0x6E, &chip_security_infos(keys, &[], "")?))
}

/// DG15: `6F` { SubjectPublicKeyInfo of the active authentication key }.
pub(super) fn encode_dg15(keys: &ChipKeys) -> Result<Vec<u8>, BuildError> {
    Ok(tlv::encode(
        0x6F,
        &spki(&keys.active_authentication)?.to_der()?,
    ))
}

/// EF.CardAccess: terminal authentication and chip authentication infos, and a PACEInfo for
/// every PACE protocol the document offers.
pub(super) fn encode_card_access(pace: &[PaceOffering]) -> Result<Vec<u8>, BuildError> {
    let mut entries = vec![
        VersionedInfo {
            protocol: ID_TA,
            version: 2,
        }
        .to_der()?,
        VersionedInfo {
            protocol: ID_CA_ECDH_AES_CBC_CMAC_128,
            version: 2,
        }
        .to_der()?,
    ];
    for offering in pace {
        entries.push(pace_info(offering)?);
    }
    Ok(security_infos(entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egate_core::lds::SecurityInfos;

    #[test]
    fn card_access_offers_pace_only_when_asked() {
        let plain = SecurityInfos::parse(&encode_card_access(&[]).unwrap()).unwrap();
        assert_eq!(plain.infos.len(), 2);
        assert!(!plain.offers_pace());
        let offering = PaceOffering::parse("ecdh-cam-aes128-13").unwrap();
        let pace = SecurityInfos::parse(&encode_card_access(&[offering]).unwrap()).unwrap();
        assert!(pace.offers_pace());
    }

    #[test]
    fn keys_are_stable_per_document() {
        let a = ChipKeys::for_document("L898902C3");
        let b = ChipKeys::for_document("L898902C3");
        let c = ChipKeys::for_document("A12Z34567");
        assert_eq!(
            a.active_authentication.to_bytes(),
            b.active_authentication.to_bytes()
        );
        assert_ne!(
            a.active_authentication.to_bytes(),
            c.active_authentication.to_bytes()
        );
        let dg15 = encode_dg15(&a).unwrap();
        assert_eq!(dg15[0], 0x6F);
    }
}
