//! The simulated documents: their data, and the LDS files built from it (EF.COM, DG1, DG2,
//! DG7, DG11, DG12, DG14, DG15, EF.SOD, EF.CardAccess, EF.CardSecurity).

mod aa_key;
mod ca_key;
mod clone;
mod data;
mod face;
mod personal;
mod security;
mod sod;

pub use aa_key::AaKeyKind;
pub(crate) use aa_key::AaPrivateKey;
pub use ca_key::CaKeyKind;
pub use clone::CloneMode;
pub use data::{DocumentData, FaceFormat, IssuingDetails, PaceOffering, PersonalDetails};
pub(crate) use security::ChipKeys;
pub use security::pace_static_secret;

use egate_core::lds::{Com, ElementaryFile, encode_dg1};
use std::collections::BTreeMap;
use thiserror::Error;

/// A document that cannot be encoded (a profile bug, never a runtime condition).
#[derive(Debug, Error)]
pub enum BuildError {
    /// The MRZ fields do not compose.
    #[error("MRZ: {0}")]
    Mrz(#[from] egate_core::card::CardError),
    /// A DER structure failed to encode.
    #[error("DER: {0}")]
    Der(#[from] der::Error),
    /// A key failed to encode.
    #[error("key: {0}")]
    Key(String),
    /// EF.SOD or EF.CardSecurity failed to sign.
    #[error("signing: {0}")]
    Pki(#[from] crate::pki::PkiError),
}

impl DocumentData {
    /// Builds every file of the document, keyed by file.
    pub fn build_files(&self) -> Result<BTreeMap<ElementaryFile, Vec<u8>>, BuildError> {
        let mut files = BTreeMap::new();
        files.insert(ElementaryFile::Dg(1), encode_dg1(&self.mrz)?);
        files.insert(ElementaryFile::Dg(2), face::encode_dg2(self.face)?);
        files.insert(ElementaryFile::Dg(7), face::encode_dg7());
        files.insert(
            ElementaryFile::Dg(11),
            personal::encode_dg11(&self.personal),
        );
        files.insert(ElementaryFile::Dg(12), personal::encode_dg12(&self.issuing));
        let keys = self.genuine_keys()?;
        if self.dg14 {
            files.insert(ElementaryFile::Dg(14), security::encode_dg14(&keys)?);
        }
        files.insert(ElementaryFile::Dg(15), security::encode_dg15(&keys)?);
        let data_groups: Vec<ElementaryFile> = files.keys().copied().collect();
        files.insert(
            ElementaryFile::Com,
            Com {
                lds_version: "0108".into(),
                unicode_version: "040000".into(),
                data_groups,
            }
            .encode(),
        );
        files.insert(
            ElementaryFile::Sod,
            sod::encode_sod(&files, self.signer, self.sod_indefinite_length)?,
        );
        files.insert(
            ElementaryFile::CardAccess,
            security::encode_card_access(&self.pace)?,
        );
        files.insert(
            ElementaryFile::CardSecurity,
            sod::encode_card_security(&keys, &self.pace, self.signer)?,
        );
        clone::apply(self, &mut files)?;
        Ok(files)
    }
}
