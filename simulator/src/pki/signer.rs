//! The document signers the simulator signs EF.SOD and EF.CardSecurity with, loaded from the
//! committed fixtures (`fixtures/pki`) so that no key is generated at run time.

use super::PkiError;
use super::cms::{CmsSigner, sign_content_padded};
use super::keys::{KeyKind, PrivateKey, seeded_rng};
use super::signing::RsaScheme;
use der::Decode;
use der::asn1::ObjectIdentifier;
use sha2::{Digest, Sha256};
use x509_cert::certificate::Certificate;

/// The self-signed CSCA of 2020 (RSA 3072).
const CSCA_UTOPIA_2020: &str = include_str!("../../../fixtures/pki/csca-utopia-2020.pem");
/// The self-signed CSCA of 2024 (brainpoolP384r1).
const CSCA_UTOPIA_2024: &str = include_str!("../../../fixtures/pki/csca-utopia-2024.pem");
/// The self-signed CSCA of Freedonia (P-256).
const CSCA_UNRELATED: &str = include_str!("../../../fixtures/pki/csca-unrelated.pem");

/// A document signer of the test PKI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TestSigner {
    /// `ds-rsa-pkcs1`: RSA 2048, sha256WithRSAEncryption, under the 2020 CSCA.
    RsaPkcs1,
    /// `ds-rsa-pss`: RSA 2048, RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32), under the 2020 CSCA.
    RsaPss,
    /// `ds-p256`: P-256, ecdsa-with-SHA256, under the 2024 CSCA.
    P256,
    /// `ds-bp384`: brainpoolP384r1 with explicit domain parameters, ecdsa-with-SHA384 and
    /// SHA-384 CMS digests, under the 2024 CSCA.
    Bp384,
    /// `ds-expired`: P-256, valid only 2020–2021, under the 2024 CSCA.
    Expired,
    /// `ds-revoked`: P-256, revoked by `crl-utopia-2024.crl`, under the 2024 CSCA.
    Revoked,
    /// `ds-unrelated`: P-256, under Freedonia's CSCA.
    Unrelated,
}

/// A signer's committed certificate and key.
struct Material {
    certificate: &'static str,
    key: &'static str,
    kind: KeyKind,
    scheme: RsaScheme,
}

impl TestSigner {
    /// Every test signer.
    pub const ALL: [TestSigner; 7] = [
        TestSigner::RsaPkcs1,
        TestSigner::RsaPss,
        TestSigner::P256,
        TestSigner::Bp384,
        TestSigner::Expired,
        TestSigner::Revoked,
        TestSigner::Unrelated,
    ];

    /// The short name: `rsa-pkcs1`, `rsa-pss`, `p256`, `bp384`, `expired`, `revoked` or
    /// `unrelated`.
    pub fn name(self) -> &'static str {
        match self {
            TestSigner::RsaPkcs1 => "rsa-pkcs1",
            TestSigner::RsaPss => "rsa-pss",
            TestSigner::P256 => "p256",
            TestSigner::Bp384 => "bp384",
            TestSigner::Expired => "expired",
            TestSigner::Revoked => "revoked",
            TestSigner::Unrelated => "unrelated",
        }
    }

    /// The signer named `name` (see [`TestSigner::name`]).
    pub fn parse(name: &str) -> Option<TestSigner> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    fn material(self) -> Material {
        let (certificate, key, kind, scheme) = match self {
            TestSigner::RsaPkcs1 => (
                include_str!("../../../fixtures/pki/ds-rsa-pkcs1.pem"),
                include_str!("../../../fixtures/pki/ds-rsa-pkcs1.key.pem"),
                KeyKind::Rsa(2048),
                RsaScheme::Pkcs1v15,
            ),
            TestSigner::RsaPss => (
                include_str!("../../../fixtures/pki/ds-rsa-pss.pem"),
                include_str!("../../../fixtures/pki/ds-rsa-pss.key.pem"),
                KeyKind::Rsa(2048),
                RsaScheme::Pss,
            ),
            TestSigner::P256 => (
                include_str!("../../../fixtures/pki/ds-p256.pem"),
                include_str!("../../../fixtures/pki/ds-p256.key.pem"),
                KeyKind::P256,
                RsaScheme::Pkcs1v15,
            ),
            TestSigner::Bp384 => (
                include_str!("../../../fixtures/pki/ds-bp384.pem"),
                include_str!("../../../fixtures/pki/ds-bp384.key.pem"),
                KeyKind::Bp384,
                RsaScheme::Pkcs1v15,
            ),
            TestSigner::Expired => (
                include_str!("../../../fixtures/pki/ds-expired.pem"),
                include_str!("../../../fixtures/pki/ds-expired.key.pem"),
                KeyKind::P256,
                RsaScheme::Pkcs1v15,
            ),
            TestSigner::Revoked => (
                include_str!("../../../fixtures/pki/ds-revoked.pem"),
                include_str!("../../../fixtures/pki/ds-revoked.key.pem"),
                KeyKind::P256,
                RsaScheme::Pkcs1v15,
            ),
            TestSigner::Unrelated => (
                include_str!("../../../fixtures/pki/ds-unrelated.pem"),
                include_str!("../../../fixtures/pki/ds-unrelated.key.pem"),
                KeyKind::P256,
                RsaScheme::Pkcs1v15,
            ),
        };
        Material {
            certificate,
            key,
            kind,
            scheme,
        }
    }

    /// The document signer certificate, PEM.
    pub fn certificate_pem(self) -> &'static str {
        self.material().certificate
    }

    /// The document signer certificate, DER.
    pub fn certificate_der(self) -> Result<Vec<u8>, PkiError> {
        Ok(der::pem::decode_vec(self.certificate_pem().as_bytes())?.1)
    }

    /// The PEM of the self-signed CSCA certificate at the root of this signer's chain: the 2020
    /// CSCA for the RSA signers, the 2024 CSCA for the other Utopian ones, Freedonia's CSCA
    /// for [`TestSigner::Unrelated`].
    pub fn csca_pem(self) -> &'static str {
        match self {
            TestSigner::RsaPkcs1 | TestSigner::RsaPss => CSCA_UTOPIA_2020,
            TestSigner::P256 | TestSigner::Bp384 | TestSigner::Expired | TestSigner::Revoked => {
                CSCA_UTOPIA_2024
            }
            TestSigner::Unrelated => CSCA_UNRELATED,
        }
    }

    /// The DER ContentInfo { SignedData } over `content` of type `content_type`, signed by
    /// this document signer (RSA-PSS salts are derived from the content, so signing is
    /// reproducible).
    pub fn sign_content(
        self,
        content_type: ObjectIdentifier,
        content: &[u8],
    ) -> Result<Vec<u8>, PkiError> {
        self.sign_content_padded(content_type, content, None)
    }

    /// [`Self::sign_content`] with an unsigned filler attribute (type and bytes) in the
    /// SignerInfo.
    pub fn sign_content_padded(
        self,
        content_type: ObjectIdentifier,
        content: &[u8],
        filler: Option<(ObjectIdentifier, &[u8])>,
    ) -> Result<Vec<u8>, PkiError> {
        let material = self.material();
        let certificate = Certificate::from_der(&self.certificate_der()?)?;
        let key = PrivateKey::from_pkcs8_pem(material.key, material.kind)?;
        let mut rng = seeded_rng(
            Sha256::new()
                .chain_update(b"salt\0")
                .chain_update(content)
                .finalize(),
        );
        sign_content_padded(
            content_type,
            content,
            CmsSigner {
                certificate: &certificate,
                key: &key,
                scheme: material.scheme,
            },
            &mut rng,
            filler,
        )
    }
}
