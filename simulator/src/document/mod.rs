//! The simulated documents: their data, and the LDS files built from it (EF.COM, DG1, DG2,
//! DG7, DG11, DG12, DG14, DG15, EF.SOD, EF.CardAccess, EF.CardSecurity).

mod aa_key;
mod ca_key;
mod clone;
mod data;
mod face;
mod personal;
mod security;
mod sizing;
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
    /// No filler gives a file the size its profile asks for.
    #[error("{file} cannot be made {target} bytes long (it takes at least {smallest})")]
    Size {
        /// The file.
        file: &'static str,
        /// The size asked for.
        target: usize,
        /// Its size without filler.
        smallest: usize,
    },
}

impl DocumentData {
    /// Builds every file of the document, keyed by file, each of the size `file_sizes` asks
    /// for (where it asks).
    pub fn build_files(&self) -> Result<BTreeMap<ElementaryFile, Vec<u8>>, BuildError> {
        let size = |file: ElementaryFile| self.file_sizes.get(&file).copied();
        let sized = |file: ElementaryFile,
                     build: &dyn Fn(usize) -> Result<Vec<u8>, BuildError>|
         -> Result<Vec<u8>, BuildError> {
            match size(file) {
                Some(target) => sizing::fit(file, target, build),
                None => build(0),
            }
        };
        let mut files = BTreeMap::new();
        files.insert(ElementaryFile::Dg(1), encode_dg1(&self.mrz)?);
        files.insert(
            ElementaryFile::Dg(2),
            sized(ElementaryFile::Dg(2), &|k| face::encode_dg2(self.face, k))?,
        );
        files.insert(ElementaryFile::Dg(7), face::encode_dg7());
        files.insert(
            ElementaryFile::Dg(11),
            sized(ElementaryFile::Dg(11), &|k| {
                Ok(personal::encode_dg11(&self.personal.with_address_filler(k)))
            })?,
        );
        files.insert(ElementaryFile::Dg(12), personal::encode_dg12(&self.issuing));
        let keys = self.genuine_keys()?;
        if self.dg14 {
            files.insert(
                ElementaryFile::Dg(14),
                sized(ElementaryFile::Dg(14), &|k| security::encode_dg14(&keys, k))?,
            );
        }
        files.insert(ElementaryFile::Dg(15), security::encode_dg15(&keys)?);
        if let Some(groups) = &self.data_groups {
            files.retain(|file, _| matches!(file, ElementaryFile::Dg(n) if groups.contains(n)));
        }
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
        let sod = sized(ElementaryFile::Sod, &|k| {
            sod::encode_sod(&files, self.signer, self.sod_indefinite_length, k)
        })?;
        files.insert(ElementaryFile::Sod, sod);
        files.insert(
            ElementaryFile::CardAccess,
            sized(ElementaryFile::CardAccess, &|k| {
                security::encode_card_access(&self.pace, k)
            })?,
        );
        files.insert(
            ElementaryFile::CardSecurity,
            sod::encode_card_security(&keys, &self.pace, self.signer)?,
        );
        clone::apply(self, &mut files)?;
        Ok(files)
    }
}
