//! EF.SOD and EF.CardSecurity of the simulated documents carry valid signatures of their test
//! document signer, checked here with the RSA and ECDSA verifiers directly.

use bp384::BrainpoolP384r1;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use egate_core::lds::{ElementaryFile, digest, parse_sod};
use egate_simulator::Profile;
use egate_simulator::document::DocumentData;
use egate_simulator::pki::TestSigner;
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use sha2::Sha256;
use x509_cert::certificate::Certificate;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, SubjectKeyIdentifier};

const ID_CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";

/// The signature algorithm OID expected for `signer`.
fn signature_algorithm(signer: TestSigner) -> &'static str {
    match signer {
        TestSigner::RsaPkcs1 => "1.2.840.113549.1.1.11",
        TestSigner::RsaPss => "1.2.840.113549.1.1.10",
        TestSigner::Bp384 => "1.2.840.10045.4.3.3",
        _ => "1.2.840.10045.4.3.2",
    }
}

fn verify(signer: TestSigner, certificate: &Certificate, message: &[u8], signature: &[u8]) {
    let spki = certificate.tbs_certificate().subject_public_key_info();
    let point = spki.subject_public_key.raw_bytes();
    match signer {
        TestSigner::RsaPkcs1 => {
            let key = rsa::PublicKey::from_public_key_der(&spki.to_der().unwrap()).unwrap();
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                .verify(
                    message,
                    &rsa::pkcs1v15::Signature::try_from(signature).unwrap(),
                )
                .unwrap();
        }
        TestSigner::RsaPss => {
            let key = rsa::PublicKey::from_public_key_der(&spki.to_der().unwrap()).unwrap();
            rsa::pss::VerifyingKey::<Sha256>::new(key)
                .verify(message, &rsa::pss::Signature::try_from(signature).unwrap())
                .unwrap();
        }
        TestSigner::Bp384 => {
            ecdsa::VerifyingKey::<BrainpoolP384r1>::from_sec1_bytes(point)
                .unwrap()
                .verify(
                    message,
                    &bp384::r1::ecdsa::DerSignature::try_from(signature).unwrap(),
                )
                .unwrap();
        }
        _ => {
            p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .unwrap()
                .verify(
                    message,
                    &p256::ecdsa::DerSignature::try_from(signature).unwrap(),
                )
                .unwrap();
        }
    }
}

/// Checks the one SignerInfo of `signed_data` over `content`, signed by `signer`.
fn check_signed_data(signer: TestSigner, signed_data: &SignedData, content: &[u8]) {
    assert_eq!(signed_data.version, cms::content_info::CmsVersion::V3);
    let certificates: Vec<_> = signed_data
        .certificates
        .as_ref()
        .unwrap()
        .0
        .iter()
        .collect();
    assert_eq!(certificates.len(), 1);
    let cms::cert::CertificateChoices::Certificate(certificate) = certificates[0] else {
        panic!("not a certificate");
    };
    assert_eq!(
        certificate.to_der().unwrap(),
        signer.certificate_der().unwrap()
    );

    let signer_infos: Vec<_> = signed_data.signer_infos.0.iter().collect();
    assert_eq!(signer_infos.len(), 1);
    let info = signer_infos[0];
    assert_eq!(info.version, cms::content_info::CmsVersion::V1);
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &info.sid else {
        panic!("sid is not issuerAndSerialNumber");
    };
    assert_eq!(&sid.issuer, certificate.tbs_certificate().issuer());
    assert_eq!(
        &sid.serial_number,
        certificate.tbs_certificate().serial_number()
    );
    let expected_digest = if signer == TestSigner::Bp384 {
        "2.16.840.1.101.3.4.2.2"
    } else {
        "2.16.840.1.101.3.4.2.1"
    };
    assert_eq!(info.digest_alg.oid.to_string(), expected_digest);
    assert_eq!(
        signed_data
            .digest_algorithms
            .iter()
            .map(|a| a.oid.to_string())
            .collect::<Vec<_>>(),
        [expected_digest]
    );
    assert_eq!(
        info.signature_algorithm.oid.to_string(),
        signature_algorithm(signer)
    );

    let attributes = info.signed_attrs.as_ref().unwrap();
    let value = |oid: &str| {
        let attribute = attributes
            .iter()
            .find(|a| a.oid.to_string() == oid)
            .unwrap();
        assert_eq!(attribute.values.len(), 1);
        attribute.values.iter().next().unwrap().clone()
    };
    let content_type: ObjectIdentifier = value(ID_CONTENT_TYPE).decode_as().unwrap();
    assert_eq!(content_type, signed_data.encap_content_info.econtent_type);
    let message_digest: OctetString = value(ID_MESSAGE_DIGEST).decode_as().unwrap();
    assert_eq!(
        message_digest.as_bytes(),
        digest(&info.digest_alg.oid, content).unwrap()
    );

    // The signature covers the DER SET OF the signed attributes (tag 31).
    let signed = attributes.to_der().unwrap();
    assert_eq!(signed[0], 0x31);
    verify(signer, certificate, &signed, info.signature.as_bytes());
}

#[test]
fn every_signer_signs_a_verifiable_sod_and_card_security() {
    for signer in TestSigner::ALL {
        let document = DocumentData {
            signer,
            ..DocumentData::td1_id()
        };
        let files = document.build_files().unwrap();

        let sod = parse_sod(&files[&ElementaryFile::Sod]).unwrap();
        check_signed_data(signer, &sod.signed_data, &sod.encapsulated_content);
        assert!(
            sod.check_hashes(&files)
                .unwrap()
                .values()
                .all(|c| c.name() == "hash_ok")
        );

        let card_security = ContentInfo::from_der(&files[&ElementaryFile::CardSecurity]).unwrap();
        let signed_data: SignedData = card_security.content.decode_as().unwrap();
        let content: OctetString = signed_data
            .encap_content_info
            .econtent
            .as_ref()
            .unwrap()
            .decode_as()
            .unwrap();
        check_signed_data(signer, &signed_data, content.as_bytes());
    }
}

#[test]
fn indefinite_length_sod_of_the_passport_verifies() {
    let profile = Profile::by_name("td3-passport").unwrap();
    assert_eq!(profile.document.signer, TestSigner::RsaPkcs1);
    let files = profile.document.build_files().unwrap();
    assert_eq!(&files[&ElementaryFile::Sod][..2], &[0x77, 0x80]);
    let sod = parse_sod(&files[&ElementaryFile::Sod]).unwrap();
    check_signed_data(
        TestSigner::RsaPkcs1,
        &sod.signed_data,
        &sod.encapsulated_content,
    );
}

#[test]
fn signing_is_reproducible() {
    for signer in [TestSigner::RsaPss, TestSigner::P256] {
        let document = DocumentData {
            signer,
            ..DocumentData::td1_id()
        };
        assert_eq!(
            document.build_files().unwrap()[&ElementaryFile::Sod],
            document.build_files().unwrap()[&ElementaryFile::Sod]
        );
    }
}

#[test]
fn test_signers_name_round_trip() {
    for signer in TestSigner::ALL {
        assert_eq!(TestSigner::parse(signer.name()), Some(signer));
    }
    assert_eq!(TestSigner::parse("nobody"), None);
}

fn certificate(pem: &str) -> Certificate {
    Certificate::from_der(&der::pem::decode_vec(pem.as_bytes()).unwrap().1).unwrap()
}

#[test]
fn each_signer_is_issued_by_its_csca() {
    for signer in TestSigner::ALL {
        let ds = certificate(signer.certificate_pem());
        let csca = certificate(signer.csca_pem());
        assert_eq!(
            ds.tbs_certificate().issuer(),
            csca.tbs_certificate().subject()
        );
        let (_, aki) = ds
            .tbs_certificate()
            .get_extension::<AuthorityKeyIdentifier>()
            .unwrap()
            .unwrap();
        let (_, ski) = csca
            .tbs_certificate()
            .get_extension::<SubjectKeyIdentifier>()
            .unwrap()
            .unwrap();
        assert_eq!(aki.key_identifier.unwrap(), ski.0, "{}", signer.name());
    }
}

#[test]
fn profiles_name_their_signer_and_trust_anchor() {
    let expected = [
        ("td1-id", TestSigner::Bp384),
        ("td3-passport", TestSigner::RsaPkcs1),
        ("td3-passport-large", TestSigner::RsaPss),
        ("td1-id-expired-signer", TestSigner::Expired),
        ("td1-id-revoked-signer", TestSigner::Revoked),
        ("td1-id-unrelated-signer", TestSigner::Unrelated),
        ("pace-ecdh-gm-aes128-13", TestSigner::P256),
    ];
    for (name, signer) in expected {
        let profile = Profile::by_name(name).unwrap();
        assert_eq!(profile.document.signer, signer, "{name}");
        assert_eq!(profile.csca_pem(), signer.csca_pem());
        assert!(
            profile
                .csca_pem()
                .starts_with("-----BEGIN CERTIFICATE-----\n")
        );
    }
    assert_ne!(TestSigner::RsaPkcs1.csca_pem(), TestSigner::P256.csca_pem());
    assert_ne!(
        TestSigner::P256.csca_pem(),
        TestSigner::Unrelated.csca_pem()
    );
}
