//! The chip's own keys and the security infos that publish them: DG14 (chip authentication),
//! DG15 (active authentication key, ECDSA or RSA) and EF.CardAccess.

use super::BuildError;
use super::PaceOffering;
use super::aa_key::{AaKeyKind, AaPrivateKey};
use super::ca_key::{CaKeyKind, CaPrivateKey, ID_PK_ECDH};
use super::sizing::filler_security_info;
use der::asn1::ObjectIdentifier;
use der::{Encode, Sequence};
use egate_core::pace::{Mapping, Secret, standard_group};
use egate_core::tlv;
use sha2::{Digest, Sha512};

const ID_CA_ECDH_AES_CBC_CMAC_128: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.3.2.2");
const ID_TA: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.2");
const ID_AA: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.136.1.1.5");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ID_STANDARDIZED_DOMAIN_PARAMETERS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.2");

/// The chip's static key pairs, derived deterministically from a seed (the document number;
/// a cloned chip's own keys come from another seed) so that a chip always has the same keys
/// (test data, never secrets).
#[derive(Debug, Clone)]
pub(crate) struct ChipKeys {
    /// Chip authentication key pair (DG14).
    pub(crate) chip_authentication: CaPrivateKey,
    /// Active authentication key pair (DG15).
    pub(crate) active_authentication: AaPrivateKey,
    /// The seed of the Chip Authentication Mapping keys.
    seed: String,
}

impl ChipKeys {
    /// The keys derived from `seed`, with an Active Authentication key of `aa`.
    pub(crate) fn derive(seed: &str, aa: AaKeyKind, ca: CaKeyKind) -> Result<Self, BuildError> {
        Ok(Self {
            chip_authentication: CaPrivateKey::derive(ca, seed)?,
            active_authentication: AaPrivateKey::derive(aa, seed)?,
            seed: seed.to_owned(),
        })
    }

    /// The static key of Chip Authentication Mapping on standardized parameters.
    pub(crate) fn cam_secret(&self, parameter_id: u8) -> Option<Secret> {
        pace_static_secret(&self.seed, parameter_id)
    }
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

/// The SecurityInfos of DG14 and EF.CardSecurity; an ActiveAuthenticationInfo only for an
/// ECDSA key (RSA signatures name their hash themselves).
pub(crate) fn chip_security_infos(
    keys: &ChipKeys,
    pace: &[PaceOffering],
) -> Result<Vec<u8>, BuildError> {
    let mut entries = vec![
        VersionedInfo {
            protocol: keys.chip_authentication.protocol(),
            version: 1,
        }
        .to_der()?,
        keys.chip_authentication.public_key_info()?,
        VersionedInfo {
            protocol: ID_TA,
            version: 1,
        }
        .to_der()?,
    ];
    if let AaPrivateKey::Ec(_) = keys.active_authentication {
        entries.push(
            ActiveAuthenticationInfo {
                protocol: ID_AA,
                version: 1,
                signature_algorithm: ECDSA_WITH_SHA256,
            }
            .to_der()?,
        );
    }
    for offering in pace {
        entries.push(pace_info(offering)?);
        if offering.protocol.mapping == Mapping::ChipAuthentication {
            entries.push(cam_public_key_info(keys, offering.parameter_id)?);
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
fn cam_public_key_info(keys: &ChipKeys, parameter_id: u8) -> Result<Vec<u8>, BuildError> {
    let key_error = || BuildError::Key(format!("no CAM key on parameters {parameter_id}"));
    let group = standard_group(parameter_id).map_err(|_| key_error())?;
    let secret = keys.cam_secret(parameter_id).ok_or_else(key_error)?;
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
pub(super) fn encode_dg14(keys: &ChipKeys, filler: usize) -> Result<Vec<u8>, BuildError> {
    let infos = chip_security_infos(keys, &[])?;
    let (set, _) = tlv::split_first(&infos).map_err(|_| BuildError::Key("SecurityInfos".into()))?;
    let mut entries: Vec<Vec<u8>> = tlv::iter(set.value)
        .map(|item| item.map(|i| tlv::encode(i.tag, i.value)))
        .collect::<Result<_, _>>()
        .map_err(|_| BuildError::Key("SecurityInfos".into()))?;
    entries.extend(filler_security_info(filler));
    Ok(tlv::encode(0x6E, &security_infos(entries)))
}

/// DG15: `6F` { SubjectPublicKeyInfo of the active authentication key }.
pub(super) fn encode_dg15(keys: &ChipKeys) -> Result<Vec<u8>, BuildError> {
    Ok(tlv::encode(
        0x6F,
        &keys.active_authentication.spki()?.to_der()?,
    ))
}

/// EF.CardAccess: terminal authentication and chip authentication infos, and a PACEInfo for
/// every PACE protocol the document offers.
pub(super) fn encode_card_access(
    pace: &[PaceOffering],
    filler: usize,
) -> Result<Vec<u8>, BuildError> {
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
    entries.extend(filler_security_info(filler));
    Ok(security_infos(entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egate_core::lds::SecurityInfos;

    #[test]
    fn card_access_offers_pace_only_when_asked() {
        let plain = SecurityInfos::parse(&encode_card_access(&[], 0).unwrap()).unwrap();
        assert_eq!(plain.infos.len(), 2);
        assert!(!plain.offers_pace());
        let offering = PaceOffering::parse("ecdh-cam-aes128-13").unwrap();
        let pace = SecurityInfos::parse(&encode_card_access(&[offering], 0).unwrap()).unwrap();
        assert!(pace.offers_pace());
    }

    #[test]
    fn keys_are_stable_per_document() {
        let keys =
            |seed| ChipKeys::derive(seed, AaKeyKind::EcdsaP256, CaKeyKind::EcdhP256).unwrap();
        let (a, b, c) = (keys("L898902C3"), keys("L898902C3"), keys("A12Z34567"));
        assert_eq!(encode_dg15(&a).unwrap(), encode_dg15(&b).unwrap());
        assert_ne!(encode_dg15(&a).unwrap(), encode_dg15(&c).unwrap());
        assert_eq!(
            a.chip_authentication.secret(),
            b.chip_authentication.secret()
        );
        assert_eq!(encode_dg15(&a).unwrap()[0], 0x6F);
    }

    #[test]
    fn an_rsa_key_has_no_active_authentication_info() {
        let keys = ChipKeys::derive("L898902C3", AaKeyKind::Rsa2048, CaKeyKind::EcdhP256).unwrap();
        let dg14 = egate_core::lds::parse_dg14(&encode_dg14(&keys, 0).unwrap()).unwrap();
        let infos = dg14.chip_security_infos();
        assert_eq!(infos.active_authentication_algorithm, None);
        assert_eq!(infos.chip_authentication.len(), 1);
        let dg15 = egate_core::lds::parse_dg15(&encode_dg15(&keys).unwrap()).unwrap();
        assert!(matches!(
            dg15,
            egate_core::lds::ActiveAuthenticationKey::Rsa { .. }
        ));
    }
}
