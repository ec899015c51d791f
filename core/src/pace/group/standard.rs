//! The standardized PACE domain parameters of ICAO 9303-11 §9.5.1, by parameter ID: RFC 5114
//! MODP groups 0–2 and the NIST and Brainpool curves 8–18.

use super::PaceGroup;
use super::dh::DhGroup;
use super::ec::EcGroup;
use super::modp::{MODP_1024_160, MODP_2048_224, MODP_2048_256, ModpParameters};
use crate::crypto::curves::{BrainpoolP192r1, BrainpoolP224r1, BrainpoolP320r1, BrainpoolP512r1};
use crate::pace::PaceError;

/// Every standardized parameter ID, in ascending order.
pub const STANDARD_PARAMETER_IDS: [u8; 14] = [0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

/// The group of a standardized parameter ID.
pub fn standard_group(parameter_id: u8) -> Result<Box<dyn PaceGroup>, PaceError> {
    Ok(match parameter_id {
        0 => Box::new(DhGroup::new(&MODP_1024_160)),
        1 => Box::new(DhGroup::new(&MODP_2048_224)),
        2 => Box::new(DhGroup::new(&MODP_2048_256)),
        8 => Box::new(EcGroup::<p192::NistP192>::new("NIST P-192")),
        9 => Box::new(EcGroup::<BrainpoolP192r1>::new("brainpoolP192r1")),
        10 => Box::new(EcGroup::<p224::NistP224>::new("NIST P-224")),
        11 => Box::new(EcGroup::<BrainpoolP224r1>::new("brainpoolP224r1")),
        12 => Box::new(EcGroup::<p256::NistP256>::new("NIST P-256")),
        13 => Box::new(EcGroup::<bp256::BrainpoolP256r1>::new("brainpoolP256r1")),
        14 => Box::new(EcGroup::<BrainpoolP320r1>::new("brainpoolP320r1")),
        15 => Box::new(EcGroup::<p384::NistP384>::new("NIST P-384")),
        16 => Box::new(EcGroup::<bp384::BrainpoolP384r1>::new("brainpoolP384r1")),
        17 => Box::new(EcGroup::<BrainpoolP512r1>::new("brainpoolP512r1")),
        18 => Box::new(EcGroup::<p521::NistP521>::new("NIST P-521")),
        other => return Err(PaceError::UnknownParameterId(u32::from(other))),
    })
}

/// `p`, `g` and `q` (big-endian) of DH parameter ID 0, 1 or 2, for publishing a key with
/// explicit RFC 3279 domain parameters.
pub fn standard_dh_parameters(parameter_id: u8) -> Option<[Vec<u8>; 3]> {
    let group = match parameter_id {
        0 => &MODP_1024_160,
        1 => &MODP_2048_224,
        2 => &MODP_2048_256,
        _ => return None,
    };
    Some([group.p, group.g, group.q].map(decode_hex))
}

fn decode_hex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect()
}

/// Big-endian bytes without leading zeros.
fn significant(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

fn hex_equals(hex: &str, bytes: &[u8]) -> bool {
    let bytes = significant(bytes);
    hex.len() == 2 * bytes.len()
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16) == Ok(*b))
}

/// The standardized parameter ID (0–2) of explicit DH domain parameters `p`, `g` and `q`
/// (big-endian), when they are one of the RFC 5114 groups; chips often publish their DH Chip
/// Authentication key with explicit parameters of these groups.
pub fn standard_dh_parameter_id(p: &[u8], g: &[u8], q: &[u8]) -> Option<u8> {
    let groups: [(u8, &ModpParameters); 3] = [
        (0, &MODP_1024_160),
        (1, &MODP_2048_224),
        (2, &MODP_2048_256),
    ];
    groups
        .into_iter()
        .find(|(_, group)| {
            hex_equals(group.p, p) && hex_equals(group.g, g) && hex_equals(group.q, q)
        })
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_rfc_5114_parameters_map_to_their_ids() {
        for (id, group) in [
            (0, &MODP_1024_160),
            (1, &MODP_2048_224),
            (2, &MODP_2048_256),
        ] {
            let mut p = vec![0];
            p.extend(decode_hex(group.p));
            assert_eq!(
                standard_dh_parameter_id(&p, &decode_hex(group.g), &decode_hex(group.q)),
                Some(id)
            );
            let [p, g, q] = standard_dh_parameters(id).unwrap();
            assert_eq!(standard_dh_parameter_id(&p, &g, &q), Some(id));
        }
        let mut wrong_g = decode_hex(MODP_1024_160.g);
        wrong_g[5] ^= 1;
        assert_eq!(
            standard_dh_parameter_id(
                &decode_hex(MODP_1024_160.p),
                &wrong_g,
                &decode_hex(MODP_1024_160.q)
            ),
            None
        );
    }
}
