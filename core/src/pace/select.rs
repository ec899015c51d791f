//! Choosing what to run from what the chip offers: every PACEInfo this reader can run, strongest
//! first, and for every other one the reason it was set aside.

use super::{Agreement, Mapping, PaceError, PaceOffer, PaceProtocol, standard_group};
use crate::crypto::SmCipher;
use crate::tlv;

/// One runnable PACE choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceCandidate {
    /// The protocol.
    pub protocol: PaceProtocol,
    /// The standardized domain parameter ID.
    pub parameter_id: u8,
    /// Whether its public keys need extended-length APDUs.
    pub needs_extended_length: bool,
    /// Length of the command data carrying a public key (7C { 81|83 key }).
    pub key_command_length: usize,
}

/// Security strength of standardized parameters in bits, by the bands of NIST SP 800-57 Part 1
/// Table 2 (MODP 1024 → 80, 2048 → 112; curve order 160–223 bits → 80, 224–255 → 112,
/// 256–383 → 128, 384–511 → 192, 512+ → 256).
fn group_strength(parameter_id: u8) -> u32 {
    match parameter_id {
        0 | 8 | 9 => 80,
        1 | 2 | 10 | 11 => 112,
        12..=14 => 128,
        15 | 16 => 192,
        _ => 256,
    }
}

fn cipher_strength(cipher: SmCipher) -> u32 {
    match cipher {
        SmCipher::Tdes => 112,
        SmCipher::Aes128 => 128,
        SmCipher::Aes192 => 192,
        SmCipher::Aes256 => 256,
    }
}

fn mapping_preference(mapping: Mapping) -> u8 {
    match mapping {
        Mapping::ChipAuthentication => 2,
        Mapping::Generic => 1,
        Mapping::Integrated => 0,
    }
}

fn rank(candidate: &PaceCandidate) -> (u32, u8, u8, u32, u32) {
    let group = group_strength(candidate.parameter_id);
    let cipher = cipher_strength(candidate.protocol.cipher);
    (
        group.min(cipher),
        u8::from(candidate.protocol.agreement == Agreement::Ecdh),
        mapping_preference(candidate.protocol.mapping),
        group,
        cipher,
    )
}

/// The offered protocols this reader can run, strongest first, and why the others cannot run.
pub fn candidates(offer: &PaceOffer) -> (Vec<PaceCandidate>, Vec<String>) {
    let mut runnable = Vec::new();
    let mut set_aside = Vec::new();
    for info in &offer.infos {
        let reason = |error: PaceError| format!("{}: {error}", info.protocol);
        if info.version != 2 {
            set_aside.push(reason(PaceError::UnsupportedVersion(info.version)));
            continue;
        }
        let Some(id) = info.parameter_id else {
            set_aside.push(reason(PaceError::ExplicitParametersUnsupported));
            continue;
        };
        if offer
            .domain_parameters
            .iter()
            .any(|domain| domain.parameter_id == Some(id))
        {
            set_aside.push(reason(PaceError::ProprietaryParameterId(id)));
            continue;
        }
        let group = match u8::try_from(id)
            .map_err(|_| PaceError::UnknownParameterId(id))
            .and_then(standard_group)
        {
            Ok(group) => group,
            Err(e) => {
                set_aside.push(format!("{} with parameter ID {id}: {e}", info.protocol));
                continue;
            }
        };
        if group.agreement() != info.protocol.agreement {
            set_aside.push(format!("{} cannot run on {}", info.protocol, group.name()));
            continue;
        }
        if info.protocol.mapping == Mapping::Integrated && !group.supports_integrated_mapping() {
            set_aside.push(format!(
                "{}: {}",
                info.protocol,
                PaceError::IntegratedMappingUndefined(group.name())
            ));
            continue;
        }
        let key_command_length =
            tlv::encode(0x7C, &tlv::encode(0x83, &vec![0; group.element_len()])).len();
        let candidate = PaceCandidate {
            protocol: info.protocol,
            parameter_id: id as u8,
            needs_extended_length: key_command_length > 255,
            key_command_length,
        };
        if !runnable.contains(&candidate) {
            runnable.push(candidate);
        }
    }
    for unknown in &offer.unknown {
        set_aside.push(format!("{unknown}: not a PACE protocol this reader knows"));
    }
    runnable.sort_by_key(|c| std::cmp::Reverse(rank(c)));
    (runnable, set_aside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pace::{PaceDomainParameterInfo, PaceInfo};

    fn info(mapping: Mapping, agreement: Agreement, cipher: SmCipher, id: u32) -> PaceInfo {
        PaceInfo {
            protocol: PaceProtocol {
                mapping,
                agreement,
                cipher,
            },
            version: 2,
            parameter_id: Some(id),
        }
    }

    #[test]
    fn runnable_offers_come_strongest_first_and_the_rest_say_why() {
        let mut old = info(Mapping::Generic, Agreement::Ecdh, SmCipher::Aes256, 17);
        old.version = 1;
        let offer = PaceOffer {
            infos: vec![
                info(Mapping::Generic, Agreement::Ecdh, SmCipher::Tdes, 12),
                info(Mapping::Generic, Agreement::Ecdh, SmCipher::Aes128, 13),
                info(
                    Mapping::ChipAuthentication,
                    Agreement::Ecdh,
                    SmCipher::Aes128,
                    13,
                ),
                info(Mapping::Generic, Agreement::Dh, SmCipher::Aes256, 2),
                info(Mapping::Integrated, Agreement::Ecdh, SmCipher::Aes128, 10),
                info(Mapping::Generic, Agreement::Dh, SmCipher::Aes128, 13),
                info(Mapping::Generic, Agreement::Ecdh, SmCipher::Aes128, 40),
                info(Mapping::Generic, Agreement::Ecdh, SmCipher::Aes128, 18),
                old,
            ],
            domain_parameters: vec![PaceDomainParameterInfo {
                protocol: ID_PACE_ECDH_GM,
                domain_parameter: Vec::new(),
                parameter_id: Some(18),
            }],
            unknown: Vec::new(),
        };
        let (runnable, set_aside) = candidates(&offer);
        let order: Vec<(Mapping, SmCipher, u8)> = runnable
            .iter()
            .map(|c| (c.protocol.mapping, c.protocol.cipher, c.parameter_id))
            .collect();
        assert_eq!(
            order,
            vec![
                (Mapping::ChipAuthentication, SmCipher::Aes128, 13),
                (Mapping::Generic, SmCipher::Aes128, 13),
                (Mapping::Generic, SmCipher::Tdes, 12),
                (Mapping::Generic, SmCipher::Aes256, 2),
            ]
        );
        assert!(runnable[3].needs_extended_length);
        assert!(!runnable[0].needs_extended_length);
        let reasons = set_aside.join("\n");
        for expected in [
            "Integrated Mapping is undefined on NIST P-224",
            "cannot run on brainpoolP256r1",
            "parameter ID 40 is not a standardized one",
            "parameter ID 18 names explicit domain parameters",
            "PACE version 1 is not supported",
        ] {
            assert!(
                reasons.contains(expected),
                "{expected} missing in\n{reasons}"
            );
        }
    }

    const ID_PACE_ECDH_GM: der::asn1::ObjectIdentifier =
        der::asn1::ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.4.2");
}
