//! CMS SignedData (RFC 5652) around signed content, as EF.SOD, EF.CardSecurity and the CSCA
//! master list carry it: one signer identified by issuer and serial number, signed attributes
//! contentType and messageDigest, the signer's certificate included.

use super::PkiError;
use super::keys::PrivateKey;
use super::signing::RsaScheme;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{Any, ObjectIdentifier, OctetString, SetOfVec};
use der::{Encode, Tag};
use rand_chacha::ChaCha20Rng;
use x509_cert::attr::{Attribute, Attributes};
use x509_cert::certificate::Certificate;

/// `id-signedData` (1.2.840.113549.1.7.2).
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// `id-contentType` (1.2.840.113549.1.9.3).
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
/// `id-messageDigest` (1.2.840.113549.1.9.4).
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");

/// Who signs: the signer's certificate, private key and RSA scheme.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CmsSigner<'a> {
    /// The signer's certificate, included in the SignedData.
    pub(crate) certificate: &'a Certificate,
    /// The signer's private key.
    pub(crate) key: &'a PrivateKey,
    /// The RSA scheme, if the key is RSA.
    pub(crate) scheme: RsaScheme,
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, PkiError> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])?,
    })
}

/// The DER ContentInfo { SignedData } signing `content` of type `content_type`.
///
/// SignedData is version 3 (the content type is not id-data), the SignerInfo version 1; the
/// signature covers the DER `SET OF` signed attributes.
pub(crate) fn sign_content(
    content_type: ObjectIdentifier,
    content: &[u8],
    signer: CmsSigner<'_>,
    rng: &mut ChaCha20Rng,
) -> Result<Vec<u8>, PkiError> {
    sign_content_padded(content_type, content, signer, rng, None)
}

/// [`sign_content`] with an unsigned attribute `filler` (type and bytes) in the SignerInfo,
/// which verifiers ignore: it makes a file as long as a profile asks.
pub(crate) fn sign_content_padded(
    content_type: ObjectIdentifier,
    content: &[u8],
    signer: CmsSigner<'_>,
    rng: &mut ChaCha20Rng,
    filler: Option<(ObjectIdentifier, &[u8])>,
) -> Result<Vec<u8>, PkiError> {
    let (digest_algorithm, message_digest) = signer.key.digest(content);
    let signed_attributes: Attributes = SetOfVec::try_from(vec![
        attribute(ID_CONTENT_TYPE, Any::encode_from(&content_type)?)?,
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(message_digest)?)?,
        )?,
    ])?;
    let (signature_algorithm, signature) =
        signer
            .key
            .sign(signer.scheme, &signed_attributes.to_der()?, rng)?;
    let tbs = signer.certificate.tbs_certificate();
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: digest_algorithm.clone(),
        signed_attrs: Some(signed_attributes),
        signature_algorithm,
        signature: OctetString::new(signature)?,
        unsigned_attrs: match filler {
            Some((oid, bytes)) => Some(SetOfVec::try_from(vec![attribute(
                oid,
                Any::encode_from(&OctetString::new(bytes)?)?,
            )?])?),
            None => None,
        },
    };
    let signed_data = SignedData {
        version: CmsVersion::V3,
        digest_algorithms: SetOfVec::try_from(vec![digest_algorithm])?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: content_type,
            econtent: Some(Any::new(Tag::OctetString, content)?),
        },
        certificates: Some(CertificateSet::try_from(vec![
            CertificateChoices::Certificate(signer.certificate.clone()),
        ])?),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![signer_info])?,
    };
    Ok(ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data)?,
    }
    .to_der()?)
}
