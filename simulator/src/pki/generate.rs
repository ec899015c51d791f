//! Generates every file of `fixtures/pki`, byte-identical on every run: keys from seeded RNGs,
//! RFC 6979 ECDSA, RSA-PSS salts from seeded RNGs.

use super::PkiError;
use super::cms::CmsSigner;
use super::crl::{CrlContent, issue_crl};
use super::explicit;
use super::keys::{KeyKind, PrivateKey, seeded_rng};
use super::master_list::master_list;
use super::names::{CSCA_FREEDONIA, CSCA_UTOPIA, end, name, start, time, utopia, validity};
use super::profile::{Issuer, Role, Subject, issue};
use super::signing::RsaScheme;
use der::EncodePem;
use der::pem::LineEnding;
use std::collections::BTreeMap;
use x509_cert::certificate::Certificate;
use x509_cert::name::Name;
use x509_cert::time::Validity;

/// The generated files, by file name.
type Files = BTreeMap<String, Vec<u8>>;

/// A key pair with its certificate.
struct Issued {
    key: PrivateKey,
    certificate: Certificate,
}

impl Issued {
    fn issuer<'a>(&'a self, name: &'a Name) -> Issuer<'a> {
        Issuer {
            name,
            key: &self.key,
            scheme: RsaScheme::Pkcs1v15,
        }
    }
}

/// One certificate to issue with a fresh key, written as `<file>.pem` and `<file>.key.pem`.
struct Spec<'a> {
    file: &'a str,
    kind: KeyKind,
    subject: Name,
    serial: u32,
    validity: Validity,
    role: Role,
    /// Put brainpool domain parameters in the certificate explicitly.
    explicit_parameters: bool,
}

fn write_certificate(files: &mut Files, file: &str, cert: &Certificate) -> Result<(), PkiError> {
    files.insert(
        format!("{file}.pem"),
        cert.to_pem(LineEnding::LF)?.into_bytes(),
    );
    Ok(())
}

/// Issues `spec` by `issuer` (or self-signed when `None`) and records both files.
fn issue_new(
    files: &mut Files,
    spec: Spec<'_>,
    issuer: Option<Issuer<'_>>,
) -> Result<Issued, PkiError> {
    let key = PrivateKey::generate(spec.file, spec.kind)?;
    let public_key = match (&key, spec.explicit_parameters) {
        (PrivateKey::Bp384(key), true) => explicit::public_key_info(key.verifying_key())?,
        _ => key.public_key_info()?,
    };
    let issuer = issuer.unwrap_or(Issuer {
        name: &spec.subject,
        key: &key,
        scheme: RsaScheme::Pkcs1v15,
    });
    let mut rng = seeded_rng(format!("signature {}", spec.file));
    let certificate = issue(
        Subject {
            name: spec.subject.clone(),
            public_key,
            serial: spec.serial,
            validity: spec.validity,
            role: spec.role,
        },
        issuer,
        &mut rng,
    )?;
    write_certificate(files, spec.file, &certificate)?;
    files.insert(
        format!("{}.key.pem", spec.file),
        key.to_pkcs8_pem()?.into_bytes(),
    );
    Ok(Issued { key, certificate })
}

/// A Utopian document signer's spec: `CN=Document Signer <number>`, valid 2020–2099.
fn utopian_signer(
    file: &str,
    kind: KeyKind,
    number: u32,
    serial: u32,
) -> Result<Spec<'_>, PkiError> {
    Ok(Spec {
        file,
        kind,
        subject: utopia(&format!("Document Signer {number}"))?,
        serial,
        validity: validity()?,
        role: Role::DocumentSigner,
        explicit_parameters: false,
    })
}

/// Every file of the test PKI, by file name (README.md excepted).
pub fn generate() -> Result<BTreeMap<String, Vec<u8>>, PkiError> {
    let mut files = Files::new();
    let utopia_csca = name(CSCA_UTOPIA)?;
    let csca = |file, kind, subject, serial| -> Result<Spec<'_>, PkiError> {
        Ok(Spec {
            file,
            kind,
            subject,
            serial,
            validity: validity()?,
            role: Role::Csca,
            explicit_parameters: false,
        })
    };

    let csca_2020 = issue_new(
        &mut files,
        csca(
            "csca-utopia-2020",
            KeyKind::Rsa(3072),
            utopia_csca.clone(),
            1,
        )?,
        None,
    )?;
    let csca_2024 = issue_new(
        &mut files,
        csca("csca-utopia-2024", KeyKind::Bp384, utopia_csca.clone(), 2)?,
        None,
    )?;
    let link = issue(
        Subject {
            name: utopia_csca.clone(),
            public_key: csca_2024.key.public_key_info()?,
            serial: 3,
            validity: validity()?,
            role: Role::Csca,
        },
        csca_2020.issuer(&utopia_csca),
        &mut seeded_rng("signature link-utopia-2024"),
    )?;
    write_certificate(&mut files, "link-utopia-2024", &link)?;
    let freedonia_csca = name(CSCA_FREEDONIA)?;
    let csca_unrelated = issue_new(
        &mut files,
        csca("csca-unrelated", KeyKind::P256, freedonia_csca.clone(), 1)?,
        None,
    )?;

    let by_2020 = csca_2020.issuer(&utopia_csca);
    let by_2024 = csca_2024.issuer(&utopia_csca);
    issue_new(
        &mut files,
        utopian_signer("ds-rsa-pkcs1", KeyKind::Rsa(2048), 1, 101)?,
        Some(by_2020),
    )?;
    issue_new(
        &mut files,
        utopian_signer("ds-rsa-pss", KeyKind::Rsa(2048), 2, 102)?,
        Some(Issuer {
            scheme: RsaScheme::Pss,
            ..by_2020
        }),
    )?;
    issue_new(
        &mut files,
        utopian_signer("ds-p256", KeyKind::P256, 3, 201)?,
        Some(by_2024),
    )?;
    issue_new(
        &mut files,
        Spec {
            explicit_parameters: true,
            ..utopian_signer("ds-bp384", KeyKind::Bp384, 4, 202)?
        },
        Some(by_2024),
    )?;
    issue_new(
        &mut files,
        Spec {
            validity: Validity::new(start()?, time(2021, 12, 31, 23, 59, 59)?),
            ..utopian_signer("ds-expired", KeyKind::P256, 5, 203)?
        },
        Some(by_2024),
    )?;
    issue_new(
        &mut files,
        utopian_signer("ds-revoked", KeyKind::P256, 6, 204)?,
        Some(by_2024),
    )?;
    issue_new(
        &mut files,
        Spec {
            subject: name("CN=Document Signer 1,O=Freedonia,C=XF")?,
            ..utopian_signer("ds-unrelated", KeyKind::P256, 1, 301)?
        },
        Some(csca_unrelated.issuer(&freedonia_csca)),
    )?;
    let mls = issue_new(
        &mut files,
        Spec {
            subject: utopia("Master List Signer Utopia")?,
            role: Role::MasterListSigner,
            ..utopian_signer("mls-utopia", KeyKind::P256, 0, 205)?
        },
        Some(by_2024),
    )?;

    let this_update = time(2024, 7, 1, 0, 0, 0)?;
    let revoked = vec![(204, time(2024, 6, 1, 0, 0, 0)?)];
    let crls = [
        (
            "crl-utopia-2020.crl",
            &csca_2020,
            CrlContent {
                number: 1,
                this_update,
                next_update: end()?,
                revoked: Vec::new(),
            },
        ),
        (
            "crl-utopia-2024-stale.crl",
            &csca_2024,
            CrlContent {
                number: 1,
                this_update,
                next_update: time(2025, 1, 1, 0, 0, 0)?,
                revoked: revoked.clone(),
            },
        ),
        (
            "crl-utopia-2024.crl",
            &csca_2024,
            CrlContent {
                number: 2,
                this_update,
                next_update: end()?,
                revoked,
            },
        ),
    ];
    for (file, issuer, content) in crls {
        let crl = issue_crl(
            &issuer.certificate,
            &issuer.key,
            content,
            &mut seeded_rng(format!("signature {file}")),
        )?;
        files.insert(file.into(), crl);
    }

    let list = master_list(
        &[&csca_2020.certificate, &csca_2024.certificate, &link],
        CmsSigner {
            certificate: &mls.certificate,
            key: &mls.key,
            scheme: RsaScheme::Pkcs1v15,
        },
        &mut seeded_rng("signature masterlist-utopia.ml"),
    )?;
    files.insert("masterlist-utopia.ml".into(), list);
    Ok(files)
}
