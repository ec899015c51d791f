//! EF.SOD: the SignedData around the LDS security object, parsed (indefinite lengths tolerated)
//! and the data-group hashes it lists compared with the files as read.

use super::ber::normalise_lengths;
use super::{ElementaryFile, ID_LDS_SECURITY_OBJECT, LdsSecurityObject};
use crate::tlv;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::Decode;
use der::asn1::{ObjectIdentifier, OctetString};
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use std::collections::BTreeMap;
use thiserror::Error;

/// Why EF.SOD cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SodError {
    /// Not `77` { ContentInfo { SignedData } }.
    #[error("EF.SOD is not a SignedData in tag 77: {0}")]
    Structure(String),
    /// The signed content is not an LDS security object.
    #[error("EF.SOD signs {0}, not an LDS security object")]
    ContentType(ObjectIdentifier),
    /// The data-group hash algorithm is not one of SHA-1/224/256/384/512.
    #[error("EF.SOD uses the unsupported hash algorithm {0}")]
    HashAlgorithm(ObjectIdentifier),
}

/// A parsed EF.SOD.
#[derive(Debug, Clone)]
pub struct Sod {
    /// The SignedData (certificates, signer infos) for the signature check.
    pub signed_data: SignedData,
    /// The encapsulated content exactly as signed (the DER LDS security object).
    pub encapsulated_content: Vec<u8>,
    /// The LDS security object.
    pub security_object: LdsSecurityObject,
}

/// How one data group compares with the SOD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashCheck {
    /// Its hash equals the SOD's.
    Match,
    /// Its hash differs from the SOD's: the file was altered.
    Mismatch,
    /// The SOD lists no hash for it.
    NotInSod,
    /// The SOD lists it but it was not read.
    NotRead,
}

impl HashCheck {
    /// `hash_ok`, `hash_mismatch`, `not_in_sod` or `not_read`.
    pub fn name(self) -> &'static str {
        match self {
            HashCheck::Match => "hash_ok",
            HashCheck::Mismatch => "hash_mismatch",
            HashCheck::NotInSod => "not_in_sod",
            HashCheck::NotRead => "not_read",
        }
    }
}

fn structure(error: impl std::fmt::Display) -> SodError {
    SodError::Structure(error.to_string())
}

/// Parses EF.SOD as read; BER lengths are normalised for parsing only.
pub fn parse_sod(bytes: &[u8]) -> Result<Sod, SodError> {
    let der = normalise_lengths(bytes).map_err(structure)?;
    let (outer, _) = tlv::split_first(&der).map_err(structure)?;
    if outer.tag != 0x77 {
        return Err(SodError::Structure("outer tag is not 77".into()));
    }
    let content_info = ContentInfo::from_der(outer.value).map_err(structure)?;
    let signed_data: SignedData = content_info.content.decode_as().map_err(structure)?;
    let content_type = signed_data.encap_content_info.econtent_type;
    if content_type != ID_LDS_SECURITY_OBJECT {
        return Err(SodError::ContentType(content_type));
    }
    let content: OctetString = signed_data
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| SodError::Structure("no encapsulated content".into()))?
        .decode_as()
        .map_err(structure)?;
    let encapsulated_content = content.as_bytes().to_vec();
    let security_object = LdsSecurityObject::from_der(&encapsulated_content).map_err(structure)?;
    Ok(Sod {
        signed_data,
        encapsulated_content,
        security_object,
    })
}

/// `data` hashed with the algorithm named by `oid`.
pub fn digest(oid: &ObjectIdentifier, data: &[u8]) -> Result<Vec<u8>, SodError> {
    Ok(match oid.to_string().as_str() {
        "1.3.14.3.2.26" => Sha1::digest(data).to_vec(),
        "2.16.840.1.101.3.4.2.4" => Sha224::digest(data).to_vec(),
        "2.16.840.1.101.3.4.2.1" => Sha256::digest(data).to_vec(),
        "2.16.840.1.101.3.4.2.2" => Sha384::digest(data).to_vec(),
        "2.16.840.1.101.3.4.2.3" => Sha512::digest(data).to_vec(),
        _ => return Err(SodError::HashAlgorithm(*oid)),
    })
}

impl Sod {
    /// Every data group read or listed, compared with the SOD's hashes (of the bytes as read).
    pub fn check_hashes(
        &self,
        files: &BTreeMap<ElementaryFile, Vec<u8>>,
    ) -> Result<BTreeMap<ElementaryFile, HashCheck>, SodError> {
        let algorithm = &self.security_object.hash_algorithm.oid;
        let listed: BTreeMap<u8, &[u8]> = self
            .security_object
            .data_group_hash_values
            .iter()
            .map(|h| (h.data_group_number, h.data_group_hash_value.as_bytes()))
            .collect();
        let mut checks = BTreeMap::new();
        for (file, bytes) in files {
            let ElementaryFile::Dg(n) = file else {
                continue;
            };
            let check = match listed.get(n) {
                None => HashCheck::NotInSod,
                Some(expected) if digest(algorithm, bytes)? == *expected => HashCheck::Match,
                Some(_) => HashCheck::Mismatch,
            };
            checks.insert(*file, check);
        }
        for n in listed.keys() {
            checks
                .entry(ElementaryFile::Dg(*n))
                .or_insert(HashCheck::NotRead);
        }
        Ok(checks)
    }
}
