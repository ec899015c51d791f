//! The chip side of Chip Authentication v1: MSE:Set KAT (3DES) or MSE:Set AT and GENERAL
//! AUTHENTICATE (AES) with the terminal's ephemeral key; the answer goes out under the old
//! channel, then secure messaging restarts under keys from the chip's CA key (SSC 0).

use super::VirtualChip;
use super::secure::ChipSecureMessaging;
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::crypto::{KdfCounter, SmCipher, derive_key};
use egate_core::pace::standard_group;
use egate_core::sm::{SessionKeys, Ssc};
use egate_core::tlv;

fn agree(chip: &mut VirtualChip, terminal_key: &[u8], cipher: SmCipher) -> Option<()> {
    let key = &chip.keys.chip_authentication;
    let group = standard_group(key.parameter_id()).ok()?;
    let shared = group
        .multiply(terminal_key, key.secret(), "terminal key")
        .ok()?;
    let k = group.shared_secret(&shared);
    let session = SessionKeys::new(
        cipher,
        &derive_key(cipher, &k, KdfCounter::Enc),
        &derive_key(cipher, &k, KdfCounter::Mac),
    )
    .ok()?;
    chip.state.sm = Some(ChipSecureMessaging::new(session, Ssc::zero(cipher)));
    Some(())
}

/// MSE:Set KAT (3DES Chip Authentication): `91` ephemeral key, optional `84` key ID.
pub(super) fn set_kat(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    if !chip.authenticated() {
        return ResponseApdu::status(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    }
    let key = tlv::find(&command.data, 0x91)
        .ok()
        .flatten()
        .map(<[u8]>::to_vec);
    match key.and_then(|key| agree(chip, &key, SmCipher::Tdes)) {
        Some(()) => ResponseApdu::status(StatusWord::SUCCESS),
        None => ResponseApdu::status(StatusWord::WRONG_DATA),
    }
}

/// MSE:Set AT for Chip Authentication: `80` the id-CA OID, optional `84` key ID.
pub(super) fn set_at(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    if !chip.authenticated() {
        return ResponseApdu::status(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    }
    let cipher = match tlv::find(&command.data, 0x80).ok().flatten() {
        Some([.., 0x03, 0x02, 0x02]) => SmCipher::Aes128,
        Some([.., 0x03, 0x02, 0x03]) => SmCipher::Aes192,
        Some([.., 0x03, 0x02, 0x04]) => SmCipher::Aes256,
        _ => return ResponseApdu::status(StatusWord::REFERENCED_DATA_NOT_FOUND),
    };
    chip.state.ca_pending = Some(cipher);
    ResponseApdu::status(StatusWord::SUCCESS)
}

/// GENERAL AUTHENTICATE of AES Chip Authentication: `7C` { `80` ephemeral key }.
pub(super) fn general_authenticate(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    let Some(cipher) = chip.state.ca_pending.take() else {
        return ResponseApdu::status(StatusWord::CONDITIONS_NOT_SATISFIED);
    };
    let key = tlv::find(&command.data, 0x7C)
        .ok()
        .flatten()
        .and_then(|inner| tlv::find(inner, 0x80).ok().flatten())
        .map(<[u8]>::to_vec);
    match key.and_then(|key| agree(chip, &key, cipher)) {
        Some(()) => ResponseApdu::new(tlv::encode(0x7C, &[]), StatusWord::SUCCESS),
        None => ResponseApdu::status(StatusWord::WRONG_DATA),
    }
}
