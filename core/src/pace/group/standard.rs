//! The standardized PACE domain parameters of ICAO 9303-11 §9.5.1, by parameter ID: RFC 5114
//! MODP groups 0–2 and the NIST and Brainpool curves 8–18.

use super::PaceGroup;
use super::dh::DhGroup;
use super::ec::EcGroup;
use super::modp::{MODP_1024_160, MODP_2048_224, MODP_2048_256};
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
