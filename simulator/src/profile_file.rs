//! Profiles described in JSON files (`fixtures/profiles/*.json`): a built-in document to start
//! from, what to change in it (signer, PACE offerings, chip keys, data groups, exact file
//! sizes) and the chip's capability switches. The repository's profile files are built in.

use crate::document::{AaKeyKind, CaKeyKind, DocumentData, PaceOffering};
use crate::link::LinkModel;
use crate::pki::TestSigner;
use crate::profile::{AtrInfo, ChipCapabilities, LeOverflow, Profile, SmOverflow};
use egate_core::lds::ElementaryFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use thiserror::Error;

/// The profile files built into the simulator.
const BUILT_IN: [&str; 1] = [include_str!("../../fixtures/profiles/id-ref.json")];

/// Historical bytes with card capabilities announcing extended Lc/Le (and command chaining).
const HISTORICAL_EXTENDED: [u8; 5] = [0x80, 0x73, 0x00, 0x21, 0xC0];
/// Historical bytes with card capabilities announcing command chaining only.
const HISTORICAL_SHORT: [u8; 5] = [0x80, 0x73, 0x00, 0x21, 0x80];

/// A profile file that does not describe a profile.
#[derive(Debug, Error)]
pub enum ProfileFileError {
    /// Not the JSON this module reads.
    #[error("not a profile file: {0}")]
    Json(#[from] serde_json::Error),
    /// A value the simulator does not know.
    #[error("unknown {what} `{value}`")]
    Unknown {
        /// What the value names.
        what: &'static str,
        /// The value.
        value: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: String,
    description: String,
    base: String,
    signer: Option<String>,
    pace: Option<Vec<String>>,
    chip_authentication: Option<String>,
    active_authentication: Option<String>,
    data_groups: Option<Vec<u8>>,
    #[serde(default)]
    file_sizes: BTreeMap<String, usize>,
    chip: ChipFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChipFile {
    extended_length: bool,
    max_le: usize,
    sfi: bool,
    bac: bool,
    short_sm_overflow: String,
    atr_info: Option<AtrInfoFile>,
    historical_extended_length: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AtrInfoFile {
    max_command: usize,
    max_response: usize,
}

fn unknown(what: &'static str, value: &str) -> ProfileFileError {
    ProfileFileError::Unknown {
        what,
        value: value.to_string(),
    }
}

/// The profile a profile file describes.
pub fn parse_profile(text: &str) -> Result<Profile, ProfileFileError> {
    let file: ProfileFile = serde_json::from_str(text)?;
    let base = Profile::builtin()
        .into_iter()
        .find(|p| p.name == file.base)
        .ok_or_else(|| unknown("base profile", &file.base))?;
    let mut document: DocumentData = base.document;
    if let Some(signer) = &file.signer {
        document.signer = TestSigner::parse(signer).ok_or_else(|| unknown("signer", signer))?;
    }
    if let Some(names) = &file.pace {
        document.pace = names
            .iter()
            .map(|name| PaceOffering::parse(name).ok_or_else(|| unknown("PACE offering", name)))
            .collect::<Result<_, _>>()?;
    }
    if let Some(kind) = &file.chip_authentication {
        document.chip_authentication = match kind.as_str() {
            "ecdh-p256-aes128" => CaKeyKind::EcdhP256,
            "dh-modp1024-3des" => CaKeyKind::DhModp1024,
            other => return Err(unknown("chip authentication key", other)),
        };
    }
    if let Some(kind) = &file.active_authentication {
        document.active_authentication = match kind.as_str() {
            "ecdsa-p256" => AaKeyKind::EcdsaP256,
            "rsa2048" => AaKeyKind::Rsa2048,
            other => return Err(unknown("active authentication key", other)),
        };
    }
    document.data_groups = file.data_groups;
    document.file_sizes = file
        .file_sizes
        .iter()
        .map(|(name, size)| {
            ElementaryFile::from_name(name)
                .map(|f| (f, *size))
                .ok_or_else(|| unknown("file", name))
        })
        .collect::<Result<_, _>>()?;
    let chip = &file.chip;
    let capabilities = ChipCapabilities {
        extended_length: chip.extended_length,
        max_le: chip.max_le,
        le_overflow: LeOverflow::Cap,
        sfi: chip.sfi,
        bac: chip.bac,
        sm_overflow: match chip.short_sm_overflow.as_str() {
            "cap" => SmOverflow::Cap,
            "6700" => SmOverflow::WrongLength,
            "6282" => SmOverflow::EndOfFile,
            other => return Err(unknown("short SM overflow answer", other)),
        },
        atr_info: chip.atr_info.as_ref().map(|info| AtrInfo {
            max_command: info.max_command,
            max_response: info.max_response,
        }),
        historical_bytes: match chip.historical_extended_length {
            Some(true) => &HISTORICAL_EXTENDED,
            Some(false) => &HISTORICAL_SHORT,
            None => &[],
        },
    };
    Ok(Profile {
        name: file.name,
        description: file.description,
        document,
        capabilities,
        link: LinkModel::default(),
    })
}

/// The profiles of the built-in profile files.
pub fn file_profiles() -> Vec<Profile> {
    BUILT_IN
        .iter()
        .filter_map(|text| parse_profile(text).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_profile_files_parse() {
        for text in BUILT_IN {
            parse_profile(text).unwrap();
        }
    }

    #[test]
    fn unknown_values_are_named() {
        let text = BUILT_IN[0].replace("\"p256\"", "\"p257\"");
        let error = parse_profile(&text).unwrap_err();
        assert_eq!(error.to_string(), "unknown signer `p257`");
        assert!(parse_profile("{}").is_err());
    }
}
