//! Chip profiles: which document a simulated chip holds, who signed it, and what the chip can
//! do (extended length, largest Le, short file identifiers), plus the link it is read over.

use crate::document::{CaKeyKind, CloneMode, DocumentData, FaceFormat, PaceOffering};
use crate::link::LinkModel;
use crate::pki::TestSigner;

/// What a chip answers when asked for more bytes than its largest Le.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeOverflow {
    /// Returns at most its largest Le (as many real chips do).
    Cap,
    /// Answers 6700 (wrong length).
    WrongLength,
}

/// What a chip answers when a short READ BINARY under secure messaging asks for more plaintext
/// than fits a 256-byte protected response (e.g. 256 bytes under AES, where 223 fit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmOverflow {
    /// Returns as many bytes as fit (223 under AES, 231 under 3DES).
    Cap,
    /// Answers 6700 without secure messaging, ending the secure channel.
    WrongLength,
    /// Returns as many bytes as fit with 6282, as some Spanish ID cards do.
    EndOfFile,
}

/// The extended-length information the chip states in EF.ATR/INFO (DO'7F66').
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtrInfo {
    /// Longest command APDU.
    pub max_command: usize,
    /// Longest response APDU.
    pub max_response: usize,
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
    /// The answer to a short protected read whose response would not fit.
    pub sm_overflow: SmOverflow,
    /// EF.ATR/INFO with DO'7F66', when the chip has it.
    pub atr_info: Option<AtrInfo>,
    /// The historical bytes of the ATR/ATS (empty: none).
    pub historical_bytes: &'static [u8],
}

impl Default for ChipCapabilities {
    fn default() -> Self {
        Self {
            extended_length: true,
            max_le: 65_536,
            le_overflow: LeOverflow::Cap,
            sfi: true,
            bac: true,
            sm_overflow: SmOverflow::Cap,
            atr_info: None,
            historical_bytes: &[],
        }
    }
}

/// A simulated document and chip.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Short name, e.g. `td1-id`.
    pub name: String,
    /// One line for `egate card sim list`.
    pub description: String,
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
                description: "TD1 national ID card (Turkish-style), PACE-CAM and PACE-GM on brainpoolP256r1 (CAN 123456) and BAC, JPEG 2000 face, DG11/DG12".into(),
                document: DocumentData::td1_id(),
                capabilities: ChipCapabilities::default(),
                link: LinkModel::default(),
            },
            Profile {
                name: "td3-passport".into(),
                description: "TD3 passport, BAC, JPEG face, EF.SOD with indefinite length".into(),
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
                description: "TD3 passport whose DG2 exceeds 32 767 bytes (odd-INS B1 reads), RSA-PSS signer".into(),
                document: DocumentData {
                    signer: TestSigner::RsaPss,
                    ..DocumentData::td3_passport(FaceFormat::JpegLarge, false)
                },
                capabilities: ChipCapabilities::default(),
                link: LinkModel::default(),
            },
            Profile {
                name: "td3-passport-aa".into(),
                description: "TD3 passport without DG14: BAC and RSA Active Authentication (ISO/IEC 9796-2) only".into(),
                document: DocumentData {
                    dg14: false,
                    ..DocumentData::td3_passport(FaceFormat::Jpeg, false)
                },
                capabilities: ChipCapabilities::default(),
                link: LinkModel::default(),
            },
            Profile {
                name: "td3-passport-dh-ca".into(),
                description: "TD3 passport whose DG14 offers Chip Authentication over DH (1024-bit MODP, explicit parameters, 3DES)".into(),
                document: DocumentData {
                    chip_authentication: CaKeyKind::DhModp1024,
                    ..DocumentData::td3_passport(FaceFormat::Jpeg, false)
                },
                capabilities: ChipCapabilities::default(),
                link: LinkModel::default(),
            },
            Profile {
                name: "td1-id-ca-only".into(),
                description: "The td1-id card without Active Authentication (no DG15), as many national ID cards: Chip Authentication (DG14) or PACE-CAM proves the chip".into(),
                document: DocumentData {
                    data_groups: Some(vec![1, 2, 7, 11, 12, 14]),
                    ..DocumentData::td1_id()
                },
                capabilities: ChipCapabilities::default(),
                link: LinkModel::default(),
            },
            Self::td1_id_signed_by(
                "td1-id-expired-signer",
                "The td1-id card signed by an expired document signer (valid 2020-2021)",
                TestSigner::Expired,
            ),
            Self::td1_id_signed_by(
                "td1-id-revoked-signer",
                "The td1-id card signed by a document signer revoked on the CSCA's CRL",
                TestSigner::Revoked,
            ),
            Self::td1_id_signed_by(
                "td1-id-unrelated-signer",
                "The td1-id card signed by a document signer of another country's CSCA",
                TestSigner::Unrelated,
            ),
            Self::td1_id_cloned(
                "td1-id-clone-wrong-key",
                "A clone of td1-id: the genuine files, but other CA, CAM and AA private keys",
                CloneMode::WrongKey,
            ),
            Self::td1_id_cloned(
                "td1-id-clone-own-keys",
                "A clone of td1-id publishing its own keys in DG14, DG15 and EF.CardSecurity under the genuine EF.SOD",
                CloneMode::OwnKeys,
            ),
        ]
    }

    /// The `td1-id` card, cloned as `mode` says.
    fn td1_id_cloned(name: &str, description: &str, mode: CloneMode) -> Profile {
        Profile {
            name: name.into(),
            description: description.into(),
            document: DocumentData {
                clone_mode: Some(mode),
                ..DocumentData::td1_id()
            },
            capabilities: ChipCapabilities::default(),
            link: LinkModel::default(),
        }
    }

    /// The `td1-id` card, signed by `signer`.
    fn td1_id_signed_by(name: &str, description: &str, signer: TestSigner) -> Profile {
        Profile {
            name: name.into(),
            description: description.into(),
            document: DocumentData {
                signer,
                ..DocumentData::td1_id()
            },
            capabilities: ChipCapabilities::default(),
            link: LinkModel::default(),
        }
    }

    /// The PEM of the self-signed CSCA certificate that anchors this document's signer: the
    /// trust anchor for reading this simulated card.
    pub fn csca_pem(&self) -> &'static str {
        self.document.signer.csca_pem()
    }

    /// The built-in profile named `name`, or a PACE-only ID card offering exactly one protocol
    /// when `name` is `pace-<agreement>-<mapping>-<cipher>-<parameter ID>`, e.g.
    /// `pace-ecdh-im-aes256-17` (see [`PaceOffering::name`]).
    pub fn by_name(name: &str) -> Option<Profile> {
        if let Some(offering) = name.strip_prefix("pace-").and_then(PaceOffering::parse) {
            return Some(Self::pace_only(offering));
        }
        Self::all().into_iter().find(|p| p.name == name)
    }

    /// The built-in profiles and those of the built-in profile files (`id-ref`).
    pub fn all() -> Vec<Profile> {
        let mut all = Self::builtin();
        all.extend(crate::profile_file::file_profiles());
        all
    }

    /// The TD1 ID card as a PACE-only chip offering `offering` alone.
    pub fn pace_only(offering: PaceOffering) -> Profile {
        let mut document = DocumentData::td1_id();
        document.pace = vec![offering];
        document.signer = TestSigner::P256;
        Profile {
            name: format!("pace-{}", offering.name()),
            description: "PACE-only TD1 ID card offering one PACE protocol".into(),
            document,
            capabilities: ChipCapabilities {
                bac: false,
                ..ChipCapabilities::default()
            },
            link: LinkModel::default(),
        }
    }
}
