//! The chip's Chip Authentication key and how DG14 publishes it: ECDH on P-256 (AES, named
//! curve), or DH on the RFC 5114 1024-bit group (3DES, `dhpublicnumber` with explicit domain
//! parameters, as older passports publish it). Keys are derived from a seed: test data only.

use super::BuildError;
use super::aa_key::derived_ec_key;
use der::asn1::{ObjectIdentifier, UintRef};
use der::{Decode, Encode, Sequence};
use egate_core::pace::{Secret, standard_dh_parameters, standard_group};
use egate_core::tlv;
use p256::pkcs8::EncodePublicKey;
use sha2::{Digest, Sha512};
use spki::SubjectPublicKeyInfoOwned;

const ID_CA_ECDH_AES_CBC_CMAC_128: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.3.2.2");
const ID_CA_DH_3DES_CBC_CBC: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.3.1.1");
/// id-PK-ECDH, the protocol of ECDH chip keys (also those of PACE-CAM).
pub(super) const ID_PK_ECDH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.1.2");
const ID_PK_DH: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.1.1");
const DH_PUBLIC_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10046.2.1");
/// Standardized parameter ID of P-256.
const P256_ID: u8 = 12;
/// Standardized parameter ID of the RFC 5114 1024-bit MODP group with a 160-bit subgroup.
const MODP_1024_ID: u8 = 0;

/// The kind of Chip Authentication key a document has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaKeyKind {
    /// ECDH on P-256 with AES-128 (id-CA-ECDH-AES-CBC-CMAC-128).
    EcdhP256,
    /// DH on the 1024-bit MODP group with 3DES (id-CA-DH-3DES-CBC-CBC).
    DhModp1024,
}

/// A Chip Authentication key pair.
#[derive(Debug, Clone)]
pub(crate) struct CaPrivateKey {
    kind: CaKeyKind,
    secret: Secret,
    public: Vec<u8>,
}

#[derive(Sequence)]
struct ChipAuthenticationPublicKeyInfo {
    protocol: ObjectIdentifier,
    chip_authentication_public_key: SubjectPublicKeyInfoOwned,
}

#[derive(Sequence)]
struct DomainParameters<'a> {
    p: UintRef<'a>,
    g: UintRef<'a>,
    q: UintRef<'a>,
}

fn key_error(why: impl ToString) -> BuildError {
    BuildError::Key(why.to_string())
}

impl CaPrivateKey {
    /// The key pair of `kind` for `seed`.
    pub(crate) fn derive(kind: CaKeyKind, seed: &str) -> Result<Self, BuildError> {
        let group = standard_group(kind.parameter_id()).map_err(key_error)?;
        let secret = match kind {
            CaKeyKind::EcdhP256 => Secret::new(
                derived_ec_key("egate-sim chip authentication", seed)
                    .to_bytes()
                    .to_vec(),
            ),
            CaKeyKind::DhModp1024 => {
                let digest = Sha512::new()
                    .chain_update("egate-sim chip authentication dh")
                    .chain_update(seed)
                    .finalize();
                group.check_secret(&digest[..19]).map_err(key_error)?
            }
        };
        let public = group
            .multiply(&group.generator(), &secret, "generator")
            .map_err(key_error)?
            .to_vec();
        Ok(Self {
            kind,
            secret,
            public,
        })
    }

    /// The standardized parameter ID of the key's group.
    pub(crate) fn parameter_id(&self) -> u8 {
        self.kind.parameter_id()
    }

    /// The private value.
    pub(crate) fn secret(&self) -> &[u8] {
        &self.secret
    }

    /// The ChipAuthenticationInfo protocol the chip offers with this key.
    pub(crate) fn protocol(&self) -> ObjectIdentifier {
        match self.kind {
            CaKeyKind::EcdhP256 => ID_CA_ECDH_AES_CBC_CMAC_128,
            CaKeyKind::DhModp1024 => ID_CA_DH_3DES_CBC_CBC,
        }
    }

    /// The DER ChipAuthenticationPublicKeyInfo of DG14.
    pub(crate) fn public_key_info(&self) -> Result<Vec<u8>, BuildError> {
        let (protocol, spki) = match self.kind {
            CaKeyKind::EcdhP256 => {
                let point = p256::PublicKey::from_sec1_bytes(&self.public).map_err(key_error)?;
                let der = point.to_public_key_der().map_err(key_error)?;
                (
                    ID_PK_ECDH,
                    SubjectPublicKeyInfoOwned::from_der(der.as_bytes())?,
                )
            }
            CaKeyKind::DhModp1024 => (ID_PK_DH, self.dh_spki()?),
        };
        Ok(ChipAuthenticationPublicKeyInfo {
            protocol,
            chip_authentication_public_key: spki,
        }
        .to_der()?)
    }

    /// `dhpublicnumber` with explicit {p, g, q} and the public value as a DER INTEGER.
    fn dh_spki(&self) -> Result<SubjectPublicKeyInfoOwned, BuildError> {
        let [p, g, q] =
            standard_dh_parameters(MODP_1024_ID).ok_or_else(|| key_error("no RFC 5114 group 0"))?;
        let parameters = DomainParameters {
            p: UintRef::new(&p)?,
            g: UintRef::new(&g)?,
            q: UintRef::new(&q)?,
        }
        .to_der()?;
        let mut algorithm = tlv::encode(0x06, DH_PUBLIC_NUMBER.as_bytes());
        algorithm.extend(parameters);
        let mut bits = vec![0u8];
        bits.extend(UintRef::new(&self.public)?.to_der()?);
        let mut spki = tlv::encode(0x30, &algorithm);
        spki.extend(tlv::encode(0x03, &bits));
        Ok(SubjectPublicKeyInfoOwned::from_der(&tlv::encode(
            0x30, &spki,
        ))?)
    }
}

impl CaKeyKind {
    fn parameter_id(self) -> u8 {
        match self {
            CaKeyKind::EcdhP256 => P256_ID,
            CaKeyKind::DhModp1024 => MODP_1024_ID,
        }
    }
}
