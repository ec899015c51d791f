//! Chip profiles: which document a simulated chip holds and what it can do (extended length,
//! largest Le, short file identifiers), plus the link it is read over.

use crate::document::{DocumentData, FaceFormat, PaceOffering};
use crate::link::LinkModel;

/// What a chip answers when asked for more bytes than its largest Le.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeOverflow {
    /// Returns at most its largest Le (as many real chips do).
    Cap,
    /// Answers 6700 (wrong length).
    WrongLength,
}

/// Capability switches of the simulated chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChipCapabilities {
    /// Accepts extended-length APDUs; otherwise answers 6700 to them.
    pub extended_length: bool,
    /// Largest plaintext response body of one READ BINARY.
    pub max_le: usize,
    /// What happens above `max_le`.
    pub le_overflow: LeOverflow,
    /// Accepts READ BINARY with a short file identifier; otherwise answers 6700.
    pub sfi: bool,
    /// Runs BAC; a PACE-only chip answers 6982 to GET CHALLENGE.
    pub bac: bool,
}

impl Default for ChipCapabilities {
    fn default() -> Self {
        Self {
            extended_length: true,
            max_le: 65_536,
            le_overflow: LeOverflow::Cap,
            sfi: true,
            bac: true,
        }
    }
}

/// A simulated document and chip.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Short name, e.g. `td1-id`.
    pub name: String,
    /// One line for `egate card sim list`.
    pub description: &'static str,
    /// The document's data.
    pub document: DocumentData,
    /// The chip's capability switches.
    pub capabilities: ChipCapabilities,
    /// The radio link it is read over.
    pub link: LinkModel,
}

impl Profile {
    /// Every built-in profile.
    pub fn builtin() -> Vec<Profile> {
        vec![
            Profile {
                name: "td1-id".into(),
                description: "TD1 national ID card (Turkish-style), PACE-CAM and PACE-GM on brainpoolP256r1 (CAN 123456) and BAC, JPEG 2000 face, DG11/DG12",
                document: DocumentData::td1_id(),
                capabilities: ChipCapabilities::default(),
                link: LinkModel::default(),
            },
            Profile {
                name: "td3-passport".into(),
                description: "TD3 passport, BAC, JPEG face, EF.SOD with indefinite length",
                document: DocumentData::td3_passport(FaceFormat::Jpeg, true),
                capabilities: ChipCapabilities {
                    extended_length: false,
                    max_le: 256,
                    ..ChipCapabilities::default()
                },
                link: LinkModel::default(),
            },
            Profile {
                name: "td3-passport-large".into(),
                description: "TD3 passport whose DG2 exceeds 32 767 bytes (odd-INS B1 reads)",
                document: DocumentData::td3_passport(FaceFormat::JpegLarge, false),
                capabilities: ChipCapabilities::default(),
                link: LinkModel::default(),
            },
        ]
    }

    /// The built-in profile named `name`, or a PACE-only ID card offering exactly one protocol
    /// when `name` is `pace-<agreement>-<mapping>-<cipher>-<parameter ID>`, e.g.
    /// `pace-ecdh-im-aes256-17` (see [`PaceOffering::name`]).
    pub fn by_name(name: &str) -> Option<Profile> {
        if let Some(offering) = name.strip_prefix("pace-").and_then(PaceOffering::parse) {
            return Some(Self::pace_only(offering));
        }
        Self::builtin().into_iter().find(|p| p.name == name)
    }

    /// The TD1 ID card as a PACE-only chip offering `offering` alone.
    pub fn pace_only(offering: PaceOffering) -> Profile {
        let mut document = DocumentData::td1_id();
        document.pace = vec![offering];
        Profile {
            name: format!("pace-{}", offering.name()),
            description: "PACE-only TD1 ID card offering one PACE protocol",
            document,
            capabilities: ChipCapabilities {
                bac: false,
                ..ChipCapabilities::default()
            },
            link: LinkModel::default(),
        }
    }
}
