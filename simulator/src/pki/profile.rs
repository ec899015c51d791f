//! The certificate profiles of the test PKI (CSCA, document signer, master list signer): their
//! extensions, and issuing a certificate with the x509-cert builder.

use super::PkiError;
use super::keys::PrivateKey;
use super::signing::RsaScheme;
use der::asn1::ObjectIdentifier;
use rand_chacha::ChaCha20Rng;
use spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{self, CertificateBuilder};
use x509_cert::certificate::{Certificate, TbsCertificate};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

/// `id-icao-mrtd-security-cscaMasterListSigningKey` (2.23.136.1.1.3), ICAO 9303-12.
const ID_ICAO_CSCA_MASTER_LIST_SIGNING_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.23.136.1.1.3");

/// What a certificate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A CSCA (self-signed or link): CA with path length 0, keyCertSign and cRLSign.
    Csca,
    /// A document signer: digitalSignature.
    DocumentSigner,
    /// A master list signer: digitalSignature and the ICAO master list signing key usage.
    MasterListSigner,
}

/// The issuer of a certificate or CRL: its name, key and (for RSA) signature scheme.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Issuer<'a> {
    /// The issuer's distinguished name.
    pub(crate) name: &'a Name,
    /// The issuer's private key.
    pub(crate) key: &'a PrivateKey,
    /// The RSA scheme, if the key is RSA.
    pub(crate) scheme: RsaScheme,
}

/// A [`BuilderProfile`] for one certificate.
#[derive(Debug)]
struct Profile {
    subject: Name,
    issuer: Name,
    role: Role,
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    /// Key identifiers are the SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1),
    /// the authority's computed from the issuer's key.
    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> builder::Result<Vec<Extension>> {
        let subject = tbs.subject();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        let aki = AuthorityKeyIdentifier::try_from(issuer_spk)?;
        let mut extensions = Vec::new();
        match self.role {
            Role::Csca => {
                let constraints = BasicConstraints {
                    ca: true,
                    path_len_constraint: Some(0),
                };
                let usage = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
                extensions.push((true, &constraints).to_extension(subject, &extensions)?);
                extensions.push((true, &usage).to_extension(subject, &extensions)?);
                extensions.push((false, &ski).to_extension(subject, &extensions)?);
                extensions.push((false, &aki).to_extension(subject, &extensions)?);
            }
            Role::DocumentSigner | Role::MasterListSigner => {
                let usage = KeyUsage(KeyUsages::DigitalSignature.into());
                extensions.push((true, &usage).to_extension(subject, &extensions)?);
                extensions.push((false, &aki).to_extension(subject, &extensions)?);
                extensions.push((false, &ski).to_extension(subject, &extensions)?);
                if self.role == Role::MasterListSigner {
                    let extended = ExtendedKeyUsage(vec![ID_ICAO_CSCA_MASTER_LIST_SIGNING_KEY]);
                    extensions.push((false, &extended).to_extension(subject, &extensions)?);
                }
            }
        }
        Ok(extensions)
    }
}

/// What a new certificate says about its subject.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    /// The subject's distinguished name.
    pub(crate) name: Name,
    /// The subject's public key.
    pub(crate) public_key: SubjectPublicKeyInfoOwned,
    /// The certificate's serial number.
    pub(crate) serial: u32,
    /// The certificate's validity.
    pub(crate) validity: Validity,
    /// What the certificate is for.
    pub(crate) role: Role,
}

/// The certificate of `subject`, signed by `issuer`.
pub(crate) fn issue(
    subject: Subject,
    issuer: Issuer<'_>,
    rng: &mut ChaCha20Rng,
) -> Result<Certificate, PkiError> {
    let profile = Profile {
        subject: subject.name,
        issuer: issuer.name.clone(),
        role: subject.role,
    };
    let builder = CertificateBuilder::new(
        profile,
        SerialNumber::from(subject.serial),
        subject.validity,
        subject.public_key,
    )?;
    issuer.key.sign_tbs(issuer.scheme, builder, rng)
}
