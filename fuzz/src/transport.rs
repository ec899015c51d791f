//! The target of secure-messaging response unwrapping: the input as the data objects of a
//! protected response, under 3DES or AES, with a MAC the chip could have computed (so parsing,
//! DO'99', decryption and padding are reached) or as sent.

use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::crypto::SmCipher;
use egate_core::sm::{SecureMessaging, SessionKeys, Ssc};
use egate_core::tlv;

/// The first byte picks the cipher, whether a valid MAC is appended and the trailer; the rest
/// is the response body.
pub fn sm_unwrap(data: &[u8]) {
    let Some((control, body)) = data.split_first() else {
        return;
    };
    let cipher = match control & 3 {
        0 => SmCipher::Tdes,
        1 => SmCipher::Aes128,
        2 => SmCipher::Aes192,
        _ => SmCipher::Aes256,
    };
    let len = cipher.key_len();
    let Ok(keys) = SessionKeys::new(cipher, &vec![0x11; len], &vec![0x22; len]) else {
        return;
    };
    let mut channel = SecureMessaging::new(keys.clone(), Ssc::zero(cipher));
    if channel
        .protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(256))
        .is_err()
    {
        return;
    }
    let mut response = body.to_vec();
    if control & 4 != 0 {
        let mut ssc = channel.ssc().clone();
        ssc.increment();
        if let Ok(mac) = keys.mac(&ssc, body) {
            response.extend(tlv::encode(0x8E, &mac));
        }
    }
    let trailer = if control & 8 != 0 {
        StatusWord::SUCCESS
    } else {
        StatusWord::END_OF_FILE
    };
    if let Ok(plain) = channel.unprotect(&ResponseApdu::new(response, trailer)) {
        assert!(plain.data.len() <= body.len());
    }
}
