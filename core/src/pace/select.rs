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

/// Approximate security strength of standardized parameters in bits (NIST SP 800-57).
fn group_strength(parameter_id: u8) -> u32 {
    match parameter_id {
        0 => 80,
        8 | 9 => 96,
        1 | 2 | 10 | 11 => 112,
        12 | 13 => 128,
        14 => 160,
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
        let Some(id) = info.parameter_id else {
            set_aside.push(format!(
                "{}: {}",
                info.protocol,
                PaceError::ExplicitParametersUnsupported
            ));
            continue;
        };
        let group = match u8::try_from(id)
            .map_err(|_| PaceError::UnknownParameterId(u8::MAX))
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
        if info.protocol.mapping == Mapping::Integrated && group.name() == "NIST P-224" {
            set_aside.push(format!(
                "{}: {}",
                info.protocol,
                PaceError::IntegratedMappingUndefined("NIST P-224")
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
