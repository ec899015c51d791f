//! The CSCA master list (ICAO 9303-12 §9): a CMS SignedData over `CscaMasterList`.

use super::PkiError;
use super::cms::{CmsSigner, sign_content};
use der::asn1::{ObjectIdentifier, SetOfVec};
use der::{Encode, Sequence};
use rand_chacha::ChaCha20Rng;
use x509_cert::certificate::Certificate;

/// `id-icao-cscaMasterList` (2.23.136.1.1.2), the eContent type of a master list.
pub const ID_ICAO_CSCA_MASTER_LIST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.23.136.1.1.2");

/// `CscaMasterList ::= SEQUENCE { version INTEGER (0), certList SET OF Certificate }`.
#[derive(Debug, Sequence)]
struct CscaMasterList {
    version: u8,
    cert_list: SetOfVec<Certificate>,
}

/// The DER ContentInfo of a master list holding `certificates`, signed by `signer`.
pub(crate) fn master_list(
    certificates: &[&Certificate],
    signer: CmsSigner<'_>,
    rng: &mut ChaCha20Rng,
) -> Result<Vec<u8>, PkiError> {
    let list = CscaMasterList {
        version: 0,
        cert_list: SetOfVec::try_from(
            certificates
                .iter()
                .map(|c| (*c).clone())
                .collect::<Vec<_>>(),
        )?,
    };
    sign_content(ID_ICAO_CSCA_MASTER_LIST, &list.to_der()?, signer, rng)
}
