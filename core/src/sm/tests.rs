//! Secure-messaging rules on responses built by hand with the session keys: MAC before
//! decryption, DO'99' optional but binding, a bare 9000 or error status refused, and AES.

use super::*;
use crate::apdu::{CommandApdu, ResponseApdu, StatusWord};
use crate::tlv;

fn channel(cipher: SmCipher) -> (SecureMessaging, SessionKeys, Ssc) {
    let len = cipher.key_len();
    let keys = SessionKeys::new(cipher, &vec![0x11; len], &vec![0x22; len]).unwrap();
    let ssc = Ssc::zero(cipher);
    (SecureMessaging::new(keys.clone(), ssc.clone()), keys, ssc)
}

/// A protected response as a chip would send it, at counter value `ssc`.
fn chip_response(
    keys: &SessionKeys,
    ssc: &Ssc,
    data: &[u8],
    protected_sw: Option<[u8; 2]>,
    trailer: [u8; 2],
) -> ResponseApdu {
    let mut body = Vec::new();
    if !data.is_empty() {
        let mut value = vec![0x01];
        value.extend(keys.encrypt(ssc, data).unwrap());
        body.extend(tlv::encode(0x87, &value));
    }
    if let Some(sw) = protected_sw {
        body.extend(tlv::encode(0x99, &sw));
    }
    let mac = keys.mac(ssc, &body).unwrap();
    body.extend(tlv::encode(0x8E, &mac));
    ResponseApdu::new(body, StatusWord::from_bytes(trailer[0], trailer[1]))
}

/// The counter value the chip uses for the response to the first command (SSC + 2).
fn response_ssc(start: &Ssc) -> Ssc {
    let mut ssc = start.clone();
    ssc.increment();
    ssc.increment();
    ssc
}

#[test]
fn every_cipher_round_trips_data_and_status() {
    for cipher in [
        SmCipher::Tdes,
        SmCipher::Aes128,
        SmCipher::Aes192,
        SmCipher::Aes256,
    ] {
        let (mut sm, keys, start) = channel(cipher);
        let command = sm
            .protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(4))
            .unwrap();
        assert_eq!(command.cla, 0x0C);
        let response = chip_response(
            &keys,
            &response_ssc(&start),
            b"data",
            Some([0x90, 0]),
            [0x90, 0],
        );
        let plain = sm.unprotect(&response).unwrap();
        assert_eq!(plain.data, b"data", "{cipher:?}");
        assert!(plain.sw.is_success());
    }
}

#[test]
fn a_response_without_do99_is_accepted_when_its_mac_verifies() {
    let (mut sm, keys, start) = channel(SmCipher::Aes128);
    sm.protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(4))
        .unwrap();
    let response = chip_response(&keys, &response_ssc(&start), b"abcd", None, [0x90, 0]);
    assert_eq!(sm.unprotect(&response).unwrap().data, b"abcd");
}

#[test]
fn do99_must_equal_the_trailer() {
    let (mut sm, keys, start) = channel(SmCipher::Aes256);
    sm.protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(4))
        .unwrap();
    let response = chip_response(
        &keys,
        &response_ssc(&start),
        b"abcd",
        Some([0x62, 0x82]),
        [0x90, 0],
    );
    assert_eq!(
        sm.unprotect(&response),
        Err(SmError::StatusMismatch {
            protected: StatusWord::END_OF_FILE,
            trailer: StatusWord::SUCCESS
        })
    );
}

#[test]
fn a_flipped_bit_anywhere_fails_the_mac_before_decryption() {
    let (_, keys, start) = channel(SmCipher::Tdes);
    let good = chip_response(
        &keys,
        &response_ssc(&start),
        b"secret data",
        Some([0x90, 0]),
        [0x90, 0],
    );
    for i in 0..good.data.len() - 10 {
        let (mut sm, _, _) = channel(SmCipher::Tdes);
        sm.protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(11))
            .unwrap();
        let mut bad = good.clone();
        bad.data[i] ^= 0x01;
        let err = sm.unprotect(&bad).unwrap_err();
        assert!(
            matches!(err, SmError::MacMismatch | SmError::Malformed(_)),
            "byte {i}: {err:?}"
        );
    }
}

#[test]
fn a_wrong_counter_fails_the_mac() {
    let (mut sm, keys, start) = channel(SmCipher::Aes128);
    sm.protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(4))
        .unwrap();
    let mut skipped = response_ssc(&start);
    skipped.increment();
    let response = chip_response(&keys, &skipped, b"abcd", Some([0x90, 0]), [0x90, 0]);
    assert_eq!(sm.unprotect(&response), Err(SmError::MacMismatch));
}

#[test]
fn bare_status_words_are_refused() {
    let (mut sm, _, _) = channel(SmCipher::Aes128);
    assert_eq!(
        sm.unprotect(&ResponseApdu::status(StatusWord::SUCCESS)),
        Err(SmError::MacMissing)
    );
    assert_eq!(
        sm.unprotect(&ResponseApdu::status(StatusWord::SM_OBJECTS_INCORRECT)),
        Err(SmError::UnprotectedStatus(StatusWord::SM_OBJECTS_INCORRECT))
    );
    let only_status = ResponseApdu::new(tlv::encode(0x99, &[0x90, 0]), StatusWord::SUCCESS);
    assert_eq!(sm.unprotect(&only_status), Err(SmError::MacMissing));
}

#[test]
fn extended_le_goes_in_a_two_byte_do97_and_an_extended_outer_le() {
    let (mut sm, _, _) = channel(SmCipher::Aes128);
    let command = sm
        .protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(4096))
        .unwrap();
    assert_eq!(command.le, Some(65_536));
    assert_eq!(
        tlv::find(&command.data, 0x97).unwrap(),
        Some(&[0x10, 0x00][..])
    );
    let short = sm
        .protect(&CommandApdu::new(0, 0xB0, 0, 0).with_le(256))
        .unwrap();
    assert_eq!(short.le, Some(256));
    assert_eq!(tlv::find(&short.data, 0x97).unwrap(), Some(&[0x00][..]));
}
