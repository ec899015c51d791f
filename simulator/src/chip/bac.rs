//! The chip side of BAC: GET CHALLENGE and EXTERNAL AUTHENTICATE, ending in secure messaging.

use super::VirtualChip;
use super::secure::ChipSecureMessaging;
use egate_core::access::{bac_keys, bac_session_keys};
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::crypto::{SmCipher, pad, random_bytes};
use egate_core::sm::Ssc;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

pub(super) fn get_challenge(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    if command.le != Some(8) {
        return ResponseApdu::status(StatusWord::WRONG_LENGTH);
    }
    let mut challenge = [0u8; 8];
    if random_bytes(&mut challenge).is_err() {
        return ResponseApdu::status(StatusWord(0x6F00));
    }
    chip.state.challenge = Some(challenge);
    ResponseApdu::new(challenge, StatusWord::SUCCESS)
}

pub(super) fn external_authenticate(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    let Some(rnd_ic) = chip.state.challenge.take() else {
        return ResponseApdu::status(StatusWord::CONDITIONS_NOT_SATISFIED);
    };
    if command.data.len() != 40 {
        return ResponseApdu::status(StatusWord::WRONG_LENGTH);
    }
    match authenticate(chip, rnd_ic, &command.data) {
        Some((response, channel)) => {
            chip.state.sm = Some(channel);
            chip.state.authenticated = true;
            ResponseApdu::new(response, StatusWord::SUCCESS)
        }
        None => ResponseApdu::status(StatusWord::AUTHENTICATION_FAILED),
    }
}

fn authenticate(
    chip: &VirtualChip,
    rnd_ic: [u8; 8],
    data: &[u8],
) -> Option<(Vec<u8>, ChipSecureMessaging)> {
    let (k_enc, k_mac) = bac_keys(&chip.key.sha1()[..16]);
    let cipher = SmCipher::Tdes;
    let (e_ifd, m_ifd) = data.split_at(32);
    let expected = cipher.mac(&k_mac, &pad(e_ifd, 8)).ok()?;
    if !bool::from(expected.ct_eq(m_ifd)) {
        return None;
    }
    let s = Zeroizing::new(cipher.decrypt_cbc(&k_enc, &[0; 8], e_ifd).ok()?);
    if !bool::from(s[8..16].ct_eq(&rnd_ic)) {
        return None;
    }
    let mut k_ic = Zeroizing::new([0u8; 16]);
    random_bytes(k_ic.as_mut()).ok()?;
    let mut r = Zeroizing::new(Vec::with_capacity(32));
    r.extend_from_slice(&rnd_ic);
    r.extend_from_slice(&s[..8]);
    r.extend_from_slice(k_ic.as_ref());
    let e_ic = cipher.encrypt_cbc(&k_enc, &[0; 8], &r).ok()?;
    let m_ic = cipher.mac(&k_mac, &pad(&e_ic, 8)).ok()?;
    let seed: Zeroizing<Vec<u8>> = Zeroizing::new(
        s[16..32]
            .iter()
            .zip(k_ic.iter())
            .map(|(a, b)| a ^ b)
            .collect(),
    );
    let mut ssc = [0u8; 8];
    ssc[..4].copy_from_slice(&rnd_ic[4..]);
    ssc[4..].copy_from_slice(&s[4..8]);
    let mut response = e_ic;
    response.extend_from_slice(&m_ic);
    Some((
        response,
        ChipSecureMessaging::new(bac_session_keys(&seed).ok()?, Ssc::from_bytes(&ssc)),
    ))
}
