//! One CMS SignedData (EF.SOD, EF.CardSecurity, a CSCA master list) checked on its own: one
//! signer, its certificate found in the SignedData, the contentType and messageDigest signed
//! attributes, and the signature over the signed attributes exactly as encoded (tag A0 → 31).

use super::algorithm::{HashAlgorithm, SignatureScheme};
use super::certificate::CertificateRecord;
use super::error::PassiveError;
use super::oids;
use crate::lds::normalise_lengths;
use crate::tlv;
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use subtle::ConstantTimeEq;
use thiserror::Error;

/// Why a SignedData does not stand on its own.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignedDataError {
    /// Not a ContentInfo { SignedData } with encapsulated content.
    #[error("malformed SignedData: {0}")]
    Malformed(String),
    /// Not exactly one SignerInfo.
    #[error("{0} signer infos instead of one")]
    SignerCount(usize),
    /// The signer's certificate is not in the SignedData.
    #[error("the signer's certificate is not in the SignedData")]
    SignerCertificateMissing,
    /// The signer's certificate fails strict parsing.
    #[error("the signer's certificate is malformed: {0}")]
    SignerCertificateMalformed(String),
    /// No signed attributes (ICAO 9303-10 requires them).
    #[error("the SignerInfo has no signed attributes")]
    SignedAttributesMissing,
    /// The contentType attribute is absent or differs from the encapsulated content's type.
    #[error("the signed contentType attribute does not match the content")]
    ContentTypeMismatch,
    /// The messageDigest attribute is absent or differs from the content's hash.
    #[error("the signed messageDigest does not match the content")]
    MessageDigestMismatch,
    /// The signature over the signed attributes fails.
    #[error("the signature fails: {0}")]
    Signature(PassiveError),
}

/// A SignedData whose signature verified with the certificate it carries.
#[derive(Debug, Clone)]
pub struct SignedContent {
    /// The encapsulated content type.
    pub content_type: ObjectIdentifier,
    /// The encapsulated content octets.
    pub content: Vec<u8>,
    /// The signer's certificate (not yet chained to any trust anchor).
    pub signer: CertificateRecord,
}

fn malformed(error: impl std::fmt::Display) -> SignedDataError {
    SignedDataError::Malformed(error.to_string())
}

/// The signed attributes of the only SignerInfo as encoded, with the outer tag set to 31.
fn signed_attributes_as_set(content_info: &[u8]) -> Result<Vec<u8>, SignedDataError> {
    let (outer, _) = tlv::split_first(content_info).map_err(malformed)?;
    let explicit = tlv::find(outer.value, 0xA0)
        .map_err(malformed)?
        .ok_or_else(|| malformed("no [0] content"))?;
    let (signed_data, _) = tlv::split_first(explicit).map_err(malformed)?;
    let signer_infos = tlv::iter(signed_data.value)
        .filter_map(Result::ok)
        .last()
        .ok_or_else(|| malformed("no signer infos"))?;
    let (signer_info, _) = tlv::split_first(signer_infos.value).map_err(malformed)?;
    let attributes = tlv::find(signer_info.value, 0xA0)
        .map_err(malformed)?
        .ok_or(SignedDataError::SignedAttributesMissing)?;
    Ok(tlv::encode(0x31, attributes))
}

fn attribute_value(signer: &SignerInfo, oid: ObjectIdentifier) -> Option<&der::Any> {
    let attribute = signer
        .signed_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == oid)?;
    match attribute.values.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

fn signer_certificate(
    signed_data: &SignedData,
    signer: &SignerInfo,
) -> Result<CertificateRecord, SignedDataError> {
    let certificates = signed_data.certificates.as_ref();
    for choice in certificates.map(|c| c.0.iter()).into_iter().flatten() {
        let CertificateChoices::Certificate(certificate) = choice else {
            continue;
        };
        let tbs = certificate.tbs_certificate();
        let matches = match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                tbs.issuer() == &id.issuer && tbs.serial_number() == &id.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => matches!(
                tbs.get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>(),
                Ok(Some((_, own))) if own == *ski
            ),
        };
        if matches {
            let der = certificate
                .to_der()
                .map_err(|e| SignedDataError::SignerCertificateMalformed(e.to_string()))?;
            return CertificateRecord::from_der(&der)
                .map_err(|e| SignedDataError::SignerCertificateMalformed(e.to_string()));
        }
    }
    Err(SignedDataError::SignerCertificateMissing)
}

/// Checks a ContentInfo { SignedData } (BER lengths tolerated) on its own.
pub fn verify_signed_data(content_info: &[u8]) -> Result<SignedContent, SignedDataError> {
    let der = normalise_lengths(content_info).map_err(malformed)?;
    let info = ContentInfo::from_der(&der).map_err(malformed)?;
    if info.content_type != oids::SIGNED_DATA {
        return Err(malformed(format!("content type {}", info.content_type)));
    }
    let signed_data: SignedData = info.content.decode_as().map_err(malformed)?;
    let content_type = signed_data.encap_content_info.econtent_type;
    let content = signed_data
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| malformed("no encapsulated content"))?
        .decode_as::<OctetString>()
        .map_err(malformed)?
        .as_bytes()
        .to_vec();
    let signer = match signed_data.signer_infos.0.as_slice() {
        [only] => only,
        others => return Err(SignedDataError::SignerCount(others.len())),
    };
    let certificate = signer_certificate(&signed_data, signer)?;
    if signer.signed_attrs.is_none() {
        return Err(SignedDataError::SignedAttributesMissing);
    }
    let signed_type = attribute_value(signer, oids::CONTENT_TYPE)
        .and_then(|v| v.decode_as::<ObjectIdentifier>().ok());
    if signed_type != Some(content_type) {
        return Err(SignedDataError::ContentTypeMismatch);
    }
    let hash =
        HashAlgorithm::from_oid(&signer.digest_alg.oid).map_err(SignedDataError::Signature)?;
    let signed_digest = attribute_value(signer, oids::MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or(SignedDataError::MessageDigestMismatch)?;
    if !bool::from(signed_digest.as_bytes().ct_eq(&hash.digest(&content))) {
        return Err(SignedDataError::MessageDigestMismatch);
    }
    let scheme =
        SignatureScheme::from_algorithm(&signer.signature_algorithm, Some(&signer.digest_alg))
            .map_err(SignedDataError::Signature)?;
    let key = certificate
        .public_key()
        .map_err(SignedDataError::Signature)?;
    key.verify(
        scheme,
        &signed_attributes_as_set(&der)?,
        signer.signature.as_bytes(),
    )
    .map_err(SignedDataError::Signature)?;
    Ok(SignedContent {
        content_type,
        content,
        signer: certificate,
    })
}
