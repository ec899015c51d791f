//! Cloned chips: a chip that holds other private keys than its genuine files publish, or that
//! publishes its own keys in DG14, DG15 and EF.CardSecurity under the genuine EF.SOD.

use super::security::{ChipKeys, chip_security_infos, encode_dg14, encode_dg15};
use super::{BuildError, DocumentData};
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::Any;
use der::{Decode, Encode, Tag};
use egate_core::lds::ElementaryFile;
use std::collections::BTreeMap;

/// How a simulated chip is a clone of the genuine document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloneMode {
    /// The genuine files (DG14, DG15, EF.CardSecurity, EF.SOD), but other private keys for
    /// Chip Authentication, CAM and Active Authentication: every chip protocol fails.
    WrongKey,
    /// The chip's own key pairs, published in its DG14, DG15 and EF.CardSecurity (the latter
    /// keeping the genuine signature), under the genuine EF.SOD: the protocols succeed but the
    /// DG14 and DG15 hashes do not match the SOD.
    OwnKeys,
}

impl DocumentData {
    /// The keys the genuine document's files publish.
    pub(crate) fn genuine_keys(&self) -> Result<ChipKeys, BuildError> {
        ChipKeys::derive(
            &self.mrz.document_number,
            self.active_authentication,
            self.chip_authentication,
        )
    }

    /// The keys the chip holds: the genuine ones, or a clone's own.
    pub(crate) fn chip_keys(&self) -> Result<ChipKeys, BuildError> {
        match self.clone_mode {
            None => self.genuine_keys(),
            Some(_) => ChipKeys::derive(
                &format!("{} clone", self.mrz.document_number),
                self.active_authentication,
                self.chip_authentication,
            ),
        }
    }
}

/// Turns the genuine `files` into the clone's: with [`CloneMode::OwnKeys`], DG14, DG15 and
/// EF.CardSecurity's content publish the chip's own keys.
pub(super) fn apply(
    document: &DocumentData,
    files: &mut BTreeMap<ElementaryFile, Vec<u8>>,
) -> Result<(), BuildError> {
    if document.clone_mode != Some(CloneMode::OwnKeys) {
        return Ok(());
    }
    let own = document.chip_keys()?;
    files.insert(ElementaryFile::Dg(14), encode_dg14(&own, 0)?);
    files.insert(ElementaryFile::Dg(15), encode_dg15(&own)?);
    if let Some(genuine) = files.get(&ElementaryFile::CardSecurity) {
        let content = chip_security_infos(&own, &document.pace)?;
        let card_security = with_content(genuine, content)?;
        files.insert(ElementaryFile::CardSecurity, card_security);
    }
    Ok(())
}

/// The ContentInfo { SignedData } `signed` with its encapsulated content replaced by `content`;
/// the signer infos stay as they were, so the signature no longer covers the content.
fn with_content(signed: &[u8], content: Vec<u8>) -> Result<Vec<u8>, BuildError> {
    let mut info = ContentInfo::from_der(signed)?;
    let mut signed_data: SignedData = info.content.decode_as()?;
    signed_data.encap_content_info.econtent = Some(Any::new(Tag::OctetString, content)?);
    info.content = Any::encode_from(&signed_data)?;
    Ok(info.to_der()?)
}
