//! The PACE protocol identifiers of ICAO 9303-11 §9.2.3: which mapping, key agreement and cipher
//! an object identifier names, and the table of every defined combination.

use crate::crypto::SmCipher;
use der::asn1::ObjectIdentifier;
use std::fmt;

/// The arc of every PACE OID, `id-PACE` (0.4.0.127.0.7.2.2.4).
pub const ID_PACE: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.4");

/// How the nonce is mapped to the ephemeral generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mapping {
    /// Generic Mapping: an anonymous key agreement gives H, then Ĝ = s·G + H.
    Generic,
    /// Integrated Mapping: Ĝ = f_G(R_p(s, t)) with a terminal nonce t.
    Integrated,
    /// Chip Authentication Mapping: Generic Mapping plus encrypted chip authentication data.
    ChipAuthentication,
}

impl Mapping {
    /// `GM`, `IM` or `CAM`.
    pub fn short_name(self) -> &'static str {
        match self {
            Mapping::Generic => "GM",
            Mapping::Integrated => "IM",
            Mapping::ChipAuthentication => "CAM",
        }
    }
}

/// The key agreement family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Agreement {
    /// Diffie-Hellman over a prime-order subgroup of a MODP group.
    Dh,
    /// Elliptic-curve Diffie-Hellman over a prime curve.
    Ecdh,
}

impl Agreement {
    /// `DH` or `ECDH`.
    pub fn short_name(self) -> &'static str {
        match self {
            Agreement::Dh => "DH",
            Agreement::Ecdh => "ECDH",
        }
    }
}

/// One PACE protocol: mapping × key agreement × cipher, as named by its OID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PaceProtocol {
    /// The mapping.
    pub mapping: Mapping,
    /// The key agreement.
    pub agreement: Agreement,
    /// The cipher of the password key, the token and secure messaging.
    pub cipher: SmCipher,
}

impl PaceProtocol {
    /// Every protocol ICAO 9303-11 defines (Tables 2 and 3): GM and IM with DH and ECDH and all
    /// four ciphers, CAM with ECDH and AES only.
    pub fn all() -> Vec<PaceProtocol> {
        let ciphers = [
            SmCipher::Tdes,
            SmCipher::Aes128,
            SmCipher::Aes192,
            SmCipher::Aes256,
        ];
        let mut all = Vec::new();
        for agreement in [Agreement::Dh, Agreement::Ecdh] {
            for mapping in [Mapping::Generic, Mapping::Integrated] {
                for cipher in ciphers {
                    all.push(PaceProtocol {
                        mapping,
                        agreement,
                        cipher,
                    });
                }
            }
        }
        for cipher in &ciphers[1..] {
            all.push(PaceProtocol {
                mapping: Mapping::ChipAuthentication,
                agreement: Agreement::Ecdh,
                cipher: *cipher,
            });
        }
        all
    }

    /// The protocol an OID names, if it is a defined PACE protocol.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Self::all().into_iter().find(|p| p.oid() == *oid)
    }

    /// The protocol's OID: id-PACE . family . cipher.
    pub fn oid(&self) -> ObjectIdentifier {
        let family: u32 = match (self.agreement, self.mapping) {
            (Agreement::Dh, Mapping::Generic) => 1,
            (Agreement::Ecdh, Mapping::Generic) => 2,
            (Agreement::Dh, Mapping::Integrated) => 3,
            (Agreement::Ecdh, Mapping::Integrated) => 4,
            (Agreement::Dh, Mapping::ChipAuthentication) => 5,
            (Agreement::Ecdh, Mapping::ChipAuthentication) => 6,
        };
        let cipher: u32 = match self.cipher {
            SmCipher::Tdes => 1,
            SmCipher::Aes128 => 2,
            SmCipher::Aes192 => 3,
            SmCipher::Aes256 => 4,
        };
        ID_PACE
            .push_arc(family)
            .and_then(|oid| oid.push_arc(cipher))
            .expect("PACE OIDs are short")
    }

    /// The key length k of the cipher in bytes, with 3DES counted as 16 (ICAO 9303-11 §4.4.3.3.2).
    pub fn key_len(&self) -> usize {
        self.cipher.key_len()
    }
}

impl fmt::Display for PaceProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PACE-{}-{}-{}",
            self.agreement.short_name(),
            self.mapping.short_name(),
            self.cipher.name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_match_the_icao_table() {
        let gm = PaceProtocol::from_oid(&ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.4.2.2"))
            .unwrap();
        assert_eq!(gm.mapping, Mapping::Generic);
        assert_eq!(gm.agreement, Agreement::Ecdh);
        assert_eq!(gm.cipher, SmCipher::Aes128);
        let dh_im =
            PaceProtocol::from_oid(&ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.4.3.4"))
                .unwrap();
        assert_eq!(
            (dh_im.mapping, dh_im.agreement, dh_im.cipher),
            (Mapping::Integrated, Agreement::Dh, SmCipher::Aes256)
        );
        let cam = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.4.6.2");
        assert_eq!(
            PaceProtocol::from_oid(&cam).unwrap().mapping,
            Mapping::ChipAuthentication
        );
        // CAM with 3DES and DH-CAM are not defined.
        for undefined in [
            "0.4.0.127.0.7.2.2.4.6.1",
            "0.4.0.127.0.7.2.2.4.5.2",
            "0.4.0.127.0.7.2.2.4.2",
        ] {
            assert_eq!(
                PaceProtocol::from_oid(&ObjectIdentifier::new_unwrap(undefined)),
                None
            );
        }
        assert_eq!(PaceProtocol::all().len(), 19);
        assert_eq!(gm.to_string(), "PACE-ECDH-GM-AES-128");
    }
}
