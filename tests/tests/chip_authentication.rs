//! Chip Authentication v1 against the simulated chip: AES (MSE:Set AT + GENERAL AUTHENTICATE)
//! and 3DES (MSE:Set KAT) under PACE and BAC, the new channel carrying later commands, and a
//! key the chip does not hold failing at the first protected answer.

use egate_core::access::{AccessKey, AccessPolicy, establish};
use egate_core::card::{CardError, CardSession};
use egate_core::chip::{
    chip_authenticate, chip_authentication_choice, internal_authenticate,
    verify_active_authentication,
};
use egate_core::crypto::SmCipher;
use egate_core::lds::{
    ActiveAuthenticationKey, ElementaryFile, SecurityInfos, parse_dg14, parse_dg15,
};
use egate_core::mrz::MrzKey;
use egate_core::pace::Agreement;
use egate_core::passive::TrustStore;
use egate_core::ports::{FixedClock, TransportCapabilities};
use egate_core::read::{
    ChipMethod, ChipStatus, NoProgress, ReadOptions, read_document, verify_read,
};
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};

fn opened(profile: &Profile) -> (CardSession, SecurityInfos, ActiveAuthenticationKey) {
    let chip = VirtualChip::new(profile).unwrap();
    let files = chip.files().clone();
    let card_access = SecurityInfos::parse(&files[&ElementaryFile::CardAccess]).unwrap();
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    let mut session = CardSession::new(Box::new(transport));
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
    establish(
        &mut session,
        &key,
        AccessPolicy::default(),
        Some(&card_access),
    )
    .unwrap();
    (
        session,
        parse_dg14(&files[&ElementaryFile::Dg(14)]).unwrap(),
        parse_dg15(&files[&ElementaryFile::Dg(15)]).unwrap(),
    )
}

#[test]
fn aes_chip_authentication_switches_the_channel_under_pace_and_bac() {
    for name in ["td1-id", "td3-passport"] {
        let (mut session, dg14, aa_key) = opened(&Profile::by_name(name).unwrap());
        let choice = chip_authentication_choice(&dg14).expect("DG14 offers CA");
        assert_eq!(choice.cipher, SmCipher::Aes128);
        assert_eq!(choice.key.parameter_id, 12);
        chip_authenticate(&mut session, &choice).unwrap();
        assert_eq!(
            session.secure_messaging().unwrap().cipher(),
            SmCipher::Aes128
        );
        // The new channel carries further commands.
        let algorithm = dg14.chip_security_infos().active_authentication_algorithm;
        let answer = internal_authenticate(&mut session, None).unwrap();
        assert!(verify_active_authentication(&aa_key, algorithm.as_ref(), &answer).unwrap());
    }
}

#[test]
fn three_des_chip_authentication_uses_mse_set_kat() {
    let (mut session, dg14, _) = opened(&Profile::by_name("td3-passport").unwrap());
    let mut choice = chip_authentication_choice(&dg14).unwrap();
    choice.cipher = SmCipher::Tdes;
    chip_authenticate(&mut session, &choice).unwrap();
    assert_eq!(session.secure_messaging().unwrap().cipher(), SmCipher::Tdes);
}

#[test]
fn a_key_the_chip_does_not_hold_fails_at_the_first_protected_answer() {
    let (mut session, dg14, aa_key) = opened(&Profile::by_name("td1-id").unwrap());
    let mut choice = chip_authentication_choice(&dg14).unwrap();
    let ActiveAuthenticationKey::Ec { point, .. } = aa_key else {
        panic!("EC key expected");
    };
    choice.key.public_key = point;
    let err = chip_authenticate(&mut session, &choice).unwrap_err();
    assert!(matches!(err, CardError::SecureMessaging(_)), "{err:?}");
}

#[test]
fn a_full_read_checks_the_chip_with_cam_or_else_ca() {
    use egate_core::read::{ChipMethod, NoProgress, ReadOptions, read_document};
    for (name, method) in [
        ("td1-id", ChipMethod::Cam),
        ("td3-passport", ChipMethod::Ca),
        ("pace-ecdh-gm-aes256-16", ChipMethod::Ca),
    ] {
        let profile = Profile::by_name(name).unwrap();
        let transport = SimulatedTransport::new(
            VirtualChip::new(&profile).unwrap(),
            TransportCapabilities::EXTENDED,
            profile.link,
        );
        let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
        let read = read_document(
            Box::new(transport),
            &key,
            &ReadOptions::default(),
            &NoProgress,
        )
        .unwrap();
        assert_eq!(read.chip.method, Some(method), "{name}");
        assert!(read.chip.succeeded(), "{name}: {:?}", read.chip.failure);
    }
}

#[test]
fn dh_chip_authentication_with_explicit_parameters_switches_to_3des() {
    let profile = Profile::by_name("td3-passport-dh-ca").unwrap();
    let (mut session, dg14, _) = opened(&profile);
    let choice = chip_authentication_choice(&dg14).expect("DG14 offers CA");
    assert_eq!(choice.agreement, Agreement::Dh);
    assert_eq!(choice.cipher, SmCipher::Tdes);
    assert_eq!(choice.key.parameter_id, 0);
    assert_eq!(choice.key.public_key.len(), 128);
    chip_authenticate(&mut session, &choice).unwrap();
    assert_eq!(session.secure_messaging().unwrap().cipher(), SmCipher::Tdes);
    let answer = internal_authenticate(&mut session, Some(*b"AFTER-CA")).unwrap();
    assert_eq!(answer.challenge, *b"AFTER-CA");

    let chip = VirtualChip::new(&profile).unwrap();
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
    let result = read_document(
        Box::new(transport),
        &key,
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(result.chip.method, Some(ChipMethod::Ca));
    assert_eq!(result.chip.failure, None);
    let clock = FixedClock(1_780_272_000);
    let trust = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &clock);
    assert_eq!(
        verify_read(&result, Some(&trust), &clock).chip,
        ChipStatus::Valid
    );
}
