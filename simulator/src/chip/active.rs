//! The chip side of Active Authentication: INTERNAL AUTHENTICATE signs the terminal's 8-byte
//! challenge with the DG15 key (ECDSA P-256 with SHA-256, plain r‖s as BSI TR-03111 has it).

use super::VirtualChip;
use crate::document::ChipKeys;
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use p256::ecdsa::SigningKey;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use sha2::{Digest, Sha256};

pub(super) fn internal_authenticate(chip: &VirtualChip, command: &CommandApdu) -> ResponseApdu {
    if !chip.authenticated() {
        return ResponseApdu::status(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    }
    if command.data.len() != 8 {
        return ResponseApdu::status(StatusWord::WRONG_LENGTH);
    }
    let keys = ChipKeys::for_document(&chip.document_number);
    let signing = SigningKey::from(&keys.active_authentication);
    let prehash = Sha256::digest(&command.data);
    match PrehashSigner::<p256::ecdsa::Signature>::sign_prehash(&signing, &prehash) {
        Ok(signature) => ResponseApdu::new(signature.to_bytes().to_vec(), StatusWord::SUCCESS),
        Err(_) => ResponseApdu::status(StatusWord(0x6F00)),
    }
}
