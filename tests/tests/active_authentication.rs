//! Active Authentication against the simulated chip: INTERNAL AUTHENTICATE under PACE and BAC
//! secure messaging, verified with the DG15 key (ECDSA with the DG14 algorithm, or RSA with
//! ISO/IEC 9796-2 scheme 1); a forged signature or a different challenge does not verify, and
//! the chip refuses before access control; a passport without DG14 is proven by RSA AA in a
//! full read, `valid` once DG15 passed passive authentication.

use egate_core::access::{AccessKey, AccessPolicy, establish};
use egate_core::card::{CardError, CardSession};
use egate_core::chip::{
    AaError, ActiveAuthentication, internal_authenticate, verify_active_authentication,
};
use egate_core::lds::{
    ActiveAuthenticationKey, ElementaryFile, SecurityInfos, parse_dg14, parse_dg15,
};
use egate_core::mrz::MrzKey;
use egate_core::passive::{PassiveStatus, TrustStore};
use egate_core::ports::{FixedClock, TransportCapabilities};
use egate_core::read::{
    CardRead, ChipMethod, ChipStatus, NoProgress, ReadOptions, read_document, verify_read,
};
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};

/// 2026-06-01T00:00:00Z.
const NOW: i64 = 1_780_272_000;

fn opened(profile: &Profile) -> CardSession {
    let chip = VirtualChip::new(profile).unwrap();
    let card_access = SecurityInfos::parse(&chip.files()[&ElementaryFile::CardAccess]).unwrap();
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
    session
}

#[test]
fn the_chip_signs_the_challenge_with_its_dg15_key() {
    for name in ["td1-id", "td3-passport"] {
        let profile = Profile::by_name(name).unwrap();
        let files = VirtualChip::new(&profile).unwrap().files().clone();
        let key = parse_dg15(&files[&ElementaryFile::Dg(15)]).unwrap();
        let algorithm = parse_dg14(&files[&ElementaryFile::Dg(14)])
            .unwrap()
            .chip_security_infos()
            .active_authentication_algorithm;
        let mut session = opened(&profile);
        let challenge = *b"SRVNONCE";
        let answer = internal_authenticate(&mut session, Some(challenge)).unwrap();
        assert_eq!(answer.challenge, challenge);
        assert!(
            verify_active_authentication(&key, algorithm.as_ref(), &answer).unwrap(),
            "{name}"
        );

        let mut forged = answer.clone();
        forged.signature[10] ^= 1;
        assert_ne!(
            verify_active_authentication(&key, algorithm.as_ref(), &forged),
            Ok(true)
        );
        let replayed = ActiveAuthentication {
            challenge: *b"OTHERONE",
            signature: answer.signature.clone(),
        };
        assert_ne!(
            verify_active_authentication(&key, algorithm.as_ref(), &replayed),
            Ok(true)
        );
        let fresh = internal_authenticate(&mut session, None).unwrap();
        assert!(verify_active_authentication(&key, algorithm.as_ref(), &fresh).unwrap());
    }
}

#[test]
fn the_passport_signs_with_rsa_and_iso_9796_2() {
    let profile = Profile::by_name("td3-passport").unwrap();
    let files = VirtualChip::new(&profile).unwrap().files().clone();
    let key = parse_dg15(&files[&ElementaryFile::Dg(15)]).unwrap();
    assert!(
        matches!(key, ActiveAuthenticationKey::Rsa { .. }),
        "{key:?}"
    );
    let dg14 = parse_dg14(&files[&ElementaryFile::Dg(14)]).unwrap();
    assert_eq!(
        dg14.chip_security_infos().active_authentication_algorithm,
        None
    );

    let mut session = opened(&profile);
    let answer = internal_authenticate(&mut session, Some(*b"SRVNONCE")).unwrap();
    assert_eq!(answer.signature.len(), 256, "RSA-2048");
    assert_eq!(verify_active_authentication(&key, None, &answer), Ok(true));
    let replayed = ActiveAuthentication {
        challenge: *b"OTHERONE",
        signature: answer.signature.clone(),
    };
    assert_eq!(
        verify_active_authentication(&key, None, &replayed),
        Err(AaError::DigestMismatch)
    );
    let again = internal_authenticate(&mut session, Some(*b"SRVNONCE")).unwrap();
    assert_ne!(
        again.signature, answer.signature,
        "a fresh M1 per signature"
    );
    assert_eq!(verify_active_authentication(&key, None, &again), Ok(true));
}

#[test]
fn the_chip_refuses_internal_authenticate_before_access_control() {
    let profile = Profile::by_name("td3-passport").unwrap();
    let chip = VirtualChip::new(&profile).unwrap();
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    let mut session = CardSession::new(Box::new(transport));
    let err = internal_authenticate(&mut session, Some([0; 8])).unwrap_err();
    assert!(
        matches!(err, CardError::Status { sw, .. } if sw.0 == 0x6982),
        "{err:?}"
    );
}

fn read_with(profile: &Profile, challenge: Option<[u8; 8]>) -> CardRead {
    let chip = VirtualChip::new(profile).unwrap();
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
    let options = ReadOptions {
        active_authentication_challenge: challenge,
        ..ReadOptions::default()
    };
    read_document(Box::new(transport), &key, &options, &NoProgress).unwrap()
}

#[test]
fn a_passport_without_dg14_is_proven_by_rsa_active_authentication_in_the_read() {
    let profile = Profile::by_name("td3-passport-aa").unwrap();
    let result = read_with(&profile, Some(*b"SRVNONCE"));
    assert!(!result.files.contains_key(&ElementaryFile::Dg(14)));
    assert_eq!(result.chip.method, Some(ChipMethod::Aa));
    assert_eq!(result.chip.failure, None);
    let answer = result.chip.active_authentication.as_ref().unwrap();
    assert_eq!(&answer.challenge, b"SRVNONCE");
    assert_eq!(answer.signature.len(), 256, "the raw RSA-2048 signature");
    let random = read_with(&profile, None);
    assert_ne!(
        random
            .chip
            .active_authentication
            .as_ref()
            .unwrap()
            .challenge,
        *b"SRVNONCE"
    );

    let trust = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &FixedClock(NOW));
    let verification = verify_read(&result, Some(&trust), &FixedClock(NOW));
    assert_eq!(verification.passive.status, PassiveStatus::Valid);
    assert_eq!(verification.chip, ChipStatus::Valid);
    assert_eq!(
        verify_read(&result, None, &FixedClock(NOW)).chip,
        ChipStatus::UnverifiedKey
    );
}
