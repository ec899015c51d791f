//! EF.SOD and EF.CardSecurity as CMS SignedData signed by the document's test signer, the SOD
//! optionally with an indefinite outer length.

use super::security::{ChipKeys, chip_security_infos};
use super::sizing::ID_FILLER;
use super::{BuildError, PaceOffering};
use crate::pki::TestSigner;
use der::Encode;
use der::asn1::{ObjectIdentifier, OctetString};
use egate_core::lds::{
    DataGroupHash, ElementaryFile, ID_LDS_SECURITY_OBJECT, ID_SHA256, LdsSecurityObject,
};
use egate_core::tlv;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use std::collections::BTreeMap;

const ID_SECURITY_OBJECT: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.3.2.1");

/// EF.SOD: `77` { ContentInfo } over the SHA-256 hashes of every data group in `files`.
pub(super) fn encode_sod(
    files: &BTreeMap<ElementaryFile, Vec<u8>>,
    signer: TestSigner,
    indefinite_length: bool,
    filler: usize,
) -> Result<Vec<u8>, BuildError> {
    let data_group_hash_values = files
        .iter()
        .filter_map(|(file, bytes)| match file {
            ElementaryFile::Dg(n) => Some((*n, bytes)),
            _ => None,
        })
        .map(|(n, bytes)| {
            Ok(DataGroupHash {
                data_group_number: n,
                data_group_hash_value: OctetString::new(Sha256::digest(bytes).to_vec())?,
            })
        })
        .collect::<Result<Vec<_>, der::Error>>()?;
    let security_object = LdsSecurityObject {
        version: 0,
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: ID_SHA256,
            parameters: None,
        },
        data_group_hash_values,
        lds_version_info: None,
    };
    let padding = vec![0; filler];
    let content_info = signer.sign_content_padded(
        ID_LDS_SECURITY_OBJECT,
        &security_object.to_der()?,
        (filler > 0).then_some((ID_FILLER, padding.as_slice())),
    )?;
    Ok(if indefinite_length {
        let mut out = vec![0x77, 0x80];
        out.extend_from_slice(&content_info);
        out.extend_from_slice(&[0, 0]);
        out
    } else {
        tlv::encode(0x77, &content_info)
    })
}

/// EF.CardSecurity: SignedData over the chip's SecurityInfos.
pub(super) fn encode_card_security(
    keys: &ChipKeys,
    pace: &[PaceOffering],
    signer: TestSigner,
) -> Result<Vec<u8>, BuildError> {
    Ok(signer.sign_content(ID_SECURITY_OBJECT, &chip_security_infos(keys, pace)?)?)
}

#[cfg(test)]
mod tests {
    use crate::document::DocumentData;
    use crate::document::FaceFormat;
    use egate_core::lds::ElementaryFile;
    use egate_core::tlv;

    #[test]
    fn indefinite_sod_measures_to_its_end_of_contents() {
        let files = DocumentData::td3_passport(FaceFormat::Jpeg, true)
            .build_files()
            .unwrap();
        let sod = &files[&ElementaryFile::Sod];
        assert_eq!(&sod[..2], &[0x77, 0x80]);
        assert_eq!(tlv::total_length(sod).unwrap(), Some(sod.len()));
        let definite = DocumentData::td3_passport(FaceFormat::Jpeg, false)
            .build_files()
            .unwrap();
        let (outer, rest) = tlv::split_first(&definite[&ElementaryFile::Sod]).unwrap();
        assert_eq!(outer.tag, 0x77);
        assert!(rest.is_empty());
        assert_eq!(&sod[2..sod.len() - 2], outer.value);
    }
}
