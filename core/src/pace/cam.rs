//! Chip Authentication Mapping data (ICAO 9303-11 §4.4.3.5): the chip encrypts
//! CA_IC = SK_IC⁻¹ · SK_map,IC under KS_enc with IV = E(KS_enc, −1); the terminal decrypts it and
//! checks PK_map,IC = KA(CA_IC, PK_IC) against the static key proven by passive authentication.

use super::{PaceError, PaceGroup};
use crate::crypto::{SmCipher, pad, unpad};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// What the terminal keeps from a CAM run to authenticate the chip once its static public key
/// is known (from EF.CardSecurity, after passive authentication).
#[derive(Clone, PartialEq, Eq)]
pub struct CamEvidence {
    /// The decrypted chip authentication data CA_IC.
    pub chip_authentication_data: Vec<u8>,
    /// The chip's mapping public key PK_map,IC.
    pub chip_mapping_key: Vec<u8>,
}

impl std::fmt::Debug for CamEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CamEvidence(..)")
    }
}

fn iv(cipher: SmCipher, ks_enc: &[u8]) -> Result<Vec<u8>, PaceError> {
    Ok(cipher.encrypt_block(ks_enc, &vec![0xFF; cipher.block_size()])?)
}

/// A_IC = E(KS_enc, CA_IC) (chip side).
pub fn encrypt_chip_authentication_data(
    cipher: SmCipher,
    ks_enc: &[u8],
    data: &[u8],
) -> Result<Vec<u8>, PaceError> {
    let padded = Zeroizing::new(pad(data, cipher.block_size()));
    Ok(cipher.encrypt_cbc(ks_enc, &iv(cipher, ks_enc)?, &padded)?)
}

/// CA_IC = D(KS_enc, A_IC) (terminal side).
pub fn decrypt_chip_authentication_data(
    cipher: SmCipher,
    ks_enc: &[u8],
    encrypted: &[u8],
) -> Result<Vec<u8>, PaceError> {
    let padded = Zeroizing::new(cipher.decrypt_cbc(ks_enc, &iv(cipher, ks_enc)?, encrypted)?);
    unpad(&padded)
        .map(<[u8]>::to_vec)
        .ok_or(PaceError::Malformed("chip authentication data padding"))
}

/// Whether `evidence` proves possession of the static key `chip_static_key` in `group`:
/// PK_map,IC = CA_IC · PK_IC, compared as whole points.
pub fn verify_chip_authentication(
    group: &dyn PaceGroup,
    evidence: &CamEvidence,
    chip_static_key: &[u8],
) -> Result<bool, PaceError> {
    let secret = group.check_secret(&evidence.chip_authentication_data)?;
    let product = group.multiply(chip_static_key, &secret, "static public key")?;
    group.validate(&evidence.chip_mapping_key, "mapping public key")?;
    Ok(product.as_slice().ct_eq(&evidence.chip_mapping_key).into())
}

/// The outcome of checking CAM evidence against the chip's own EF.CardSecurity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CamCheck {
    /// CA_IC matches the static key EF.CardSecurity states for the PACE parameters. The chip is
    /// genuine once passive authentication has verified EF.CardSecurity's signature.
    MatchesCardSecurity,
    /// CA_IC does not match the static key EF.CardSecurity states: the chip does not hold the
    /// key its own file names (a clone). The session keys still work; the read goes on and the
    /// chip check reports the failure.
    Mismatch,
    /// The evidence could not be checked here, and why.
    NotChecked(String),
}

impl std::fmt::Display for CamCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CamCheck::MatchesCardSecurity => {
                f.write_str("chip key matches EF.CardSecurity (its signature is not checked here)")
            }
            CamCheck::Mismatch => {
                f.write_str("chip key does NOT match EF.CardSecurity: the chip does not hold it")
            }
            CamCheck::NotChecked(why) => write!(f, "not checked: {why}"),
        }
    }
}
