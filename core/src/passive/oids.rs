//! The object identifiers passive authentication reads: hashes, signature algorithms, curves,
//! CMS attributes and ICAO content types.

use der::asn1::ObjectIdentifier;

const fn oid(text: &str) -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap(text)
}

pub(crate) const SHA1: ObjectIdentifier = oid("1.3.14.3.2.26");
pub(crate) const SHA224: ObjectIdentifier = oid("2.16.840.1.101.3.4.2.4");
pub(crate) const SHA256: ObjectIdentifier = oid("2.16.840.1.101.3.4.2.1");
pub(crate) const SHA384: ObjectIdentifier = oid("2.16.840.1.101.3.4.2.2");
pub(crate) const SHA512: ObjectIdentifier = oid("2.16.840.1.101.3.4.2.3");

pub(crate) const RSA_ENCRYPTION: ObjectIdentifier = oid("1.2.840.113549.1.1.1");
pub(crate) const SHA1_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.5");
pub(crate) const SHA224_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.14");
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.11");
pub(crate) const SHA384_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.12");
pub(crate) const SHA512_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.13");
pub(crate) const RSASSA_PSS: ObjectIdentifier = oid("1.2.840.113549.1.1.10");
pub(crate) const MGF1: ObjectIdentifier = oid("1.2.840.113549.1.1.8");

pub(crate) const EC_PUBLIC_KEY: ObjectIdentifier = oid("1.2.840.10045.2.1");
pub(crate) const PRIME_FIELD: ObjectIdentifier = oid("1.2.840.10045.1.1");
pub(crate) const ECDSA_WITH_SHA1: ObjectIdentifier = oid("1.2.840.10045.4.1");
pub(crate) const ECDSA_WITH_SHA224: ObjectIdentifier = oid("1.2.840.10045.4.3.1");
pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier = oid("1.2.840.10045.4.3.2");
pub(crate) const ECDSA_WITH_SHA384: ObjectIdentifier = oid("1.2.840.10045.4.3.3");
pub(crate) const ECDSA_WITH_SHA512: ObjectIdentifier = oid("1.2.840.10045.4.3.4");
/// ecdsa-plain-signatures (BSI TR-03111 §5.2.1); SHA-1 … SHA-512 are arcs 1 … 5.
pub(crate) const ECDSA_PLAIN_PREFIX: &str = "0.4.0.127.0.7.1.1.4.1.";

pub(crate) const SECP224R1: ObjectIdentifier = oid("1.3.132.0.33");
pub(crate) const SECP256R1: ObjectIdentifier = oid("1.2.840.10045.3.1.7");
pub(crate) const SECP384R1: ObjectIdentifier = oid("1.3.132.0.34");
pub(crate) const SECP521R1: ObjectIdentifier = oid("1.3.132.0.35");
pub(crate) const BRAINPOOL_P224R1: ObjectIdentifier = oid("1.3.36.3.3.2.8.1.1.5");
pub(crate) const BRAINPOOL_P256R1: ObjectIdentifier = oid("1.3.36.3.3.2.8.1.1.7");
pub(crate) const BRAINPOOL_P320R1: ObjectIdentifier = oid("1.3.36.3.3.2.8.1.1.9");
pub(crate) const BRAINPOOL_P384R1: ObjectIdentifier = oid("1.3.36.3.3.2.8.1.1.11");
pub(crate) const BRAINPOOL_P512R1: ObjectIdentifier = oid("1.3.36.3.3.2.8.1.1.13");

pub(crate) const CONTENT_TYPE: ObjectIdentifier = oid("1.2.840.113549.1.9.3");
pub(crate) const MESSAGE_DIGEST: ObjectIdentifier = oid("1.2.840.113549.1.9.4");
pub(crate) const SIGNED_DATA: ObjectIdentifier = oid("1.2.840.113549.1.7.2");
/// id-icao-cscaMasterList.
pub(crate) const CSCA_MASTER_LIST: ObjectIdentifier = oid("2.23.136.1.1.2");
/// id-SecurityObject: the content of EF.CardSecurity (BSI TR-03110).
pub(crate) const CARD_SECURITY_OBJECT: ObjectIdentifier = oid("0.4.0.127.0.7.3.2.1");
