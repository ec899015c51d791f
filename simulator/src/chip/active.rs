//! The chip side of Active Authentication: INTERNAL AUTHENTICATE signs the terminal's 8-byte
//! challenge with the chip's AA key — ECDSA P-256 with SHA-256 (plain r‖s as BSI TR-03111 has
//! it), or RSA with ISO/IEC 9796-2 scheme 1, SHA-1 and the implicit trailer BC.

use super::VirtualChip;
use crate::document::AaPrivateKey;
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::crypto::random_bytes;
use p256::ecdsa::SigningKey;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use rsa::hazmat::rsa_decrypt_and_check;
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, PrivateKey};
use sha1::Sha1;
use sha2::{Digest, Sha256};

pub(super) fn internal_authenticate(chip: &VirtualChip, command: &CommandApdu) -> ResponseApdu {
    if !chip.authenticated() {
        return ResponseApdu::status(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    }
    if command.data.len() != 8 {
        return ResponseApdu::status(StatusWord::WRONG_LENGTH);
    }
    let signature = match &chip.keys.active_authentication {
        AaPrivateKey::Ec(secret) => ecdsa(secret, &command.data),
        AaPrivateKey::Rsa(key) => iso9796_2_scheme_1(key, &command.data),
    };
    match signature {
        Some(signature) => ResponseApdu::new(signature, StatusWord::SUCCESS),
        None => ResponseApdu::status(StatusWord(0x6F00)),
    }
}

fn ecdsa(secret: &p256::SecretKey, challenge: &[u8]) -> Option<Vec<u8>> {
    let prehash = Sha256::digest(challenge);
    let signature: p256::ecdsa::Signature = SigningKey::from(secret).sign_prehash(&prehash).ok()?;
    Some(signature.to_bytes().to_vec())
}

/// `6A ‖ M1 ‖ SHA-1(M1 ‖ challenge) ‖ BC` with a fresh random M1 filling the modulus, raised to
/// the private exponent; the smaller of `s` and `n − s` is sent.
fn iso9796_2_scheme_1(key: &PrivateKey, challenge: &[u8]) -> Option<Vec<u8>> {
    let k = key.size();
    let mut m1 = vec![0u8; k.checked_sub(2 + 20)?];
    random_bytes(&mut m1).ok()?;
    let mut representative = vec![0x6A];
    representative.extend_from_slice(&m1);
    representative.extend(
        Sha1::new()
            .chain_update(&m1)
            .chain_update(challenge)
            .finalize(),
    );
    representative.push(0xBC);
    let f = BoxedUint::from_be_slice(&representative, key.n_bits_precision()).ok()?;
    let s = rsa_decrypt_and_check(key, None::<&mut rand_chacha::ChaCha20Rng>, &f).ok()?;
    let complement = key.n().as_ref().wrapping_sub(&s);
    let smaller = if complement < s { complement } else { s };
    let bytes = smaller.to_be_bytes();
    Some(bytes.get(bytes.len().checked_sub(k)?..)?.to_vec())
}
