//! The evidence of a chip read as sent to a gateway: the files exactly as read and the chip's
//! answer to the gateway's challenge, base64url in JSON. Its bytes are personal data: they are
//! zeroized when dropped and never shown by `Debug`.

use crate::chip::ActiveAuthentication;
use crate::lds::ElementaryFile;
use crate::login::canonical::{b64url, from_b64url};
use crate::read::CardRead;
use crate::read::ChipMethod;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use thiserror::Error;
use zeroize::Zeroizing;

/// The evidence format version.
pub const EVIDENCE_VERSION: u32 = 1;

/// The length of a gateway's Active Authentication challenge (ICAO 9303-11 §6.1).
pub const CHALLENGE_LEN: usize = 8;

/// A file's bytes, zeroized when dropped.
type Secret = Zeroizing<Vec<u8>>;

/// The chip's Active Authentication answer.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AaAnswer {
    /// The challenge the chip signed (the gateway's).
    #[serde(with = "base64url")]
    pub challenge: Vec<u8>,
    /// The chip's signature, exactly as returned.
    #[serde(with = "base64url")]
    pub signature: Vec<u8>,
}

/// What the client says its own chip authenticity check gave, when the chip has no Active
/// Authentication: a server cannot check it, so it counts only under an explicit policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChipClaim {
    /// PACE Chip Authentication Mapping succeeded against EF.CardSecurity's key.
    Cam,
    /// Chip Authentication with the DG14 key succeeded.
    Ca,
}

/// The files of a read and the chip's answer, for a gateway.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Format version ([`EVIDENCE_VERSION`]).
    pub v: u32,
    /// EF.SOD.
    #[serde(with = "secret")]
    pub sod: Secret,
    /// DG1 (the MRZ).
    #[serde(with = "secret")]
    pub dg1: Secret,
    /// DG14 (chip authentication keys and the AA algorithm), when the chip has it.
    #[serde(
        default,
        with = "optional_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub dg14: Option<Secret>,
    /// DG15 (the Active Authentication key), when the chip has it.
    #[serde(
        default,
        with = "optional_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub dg15: Option<Secret>,
    /// EF.CardSecurity, when PACE opened it.
    #[serde(
        default,
        with = "optional_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub card_security: Option<Secret>,
    /// The chip's signature over the gateway's challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_authentication: Option<AaAnswer>,
    /// The client's own chip check, when the chip has no Active Authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chip_claim: Option<ChipClaim>,
}

impl std::fmt::Debug for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evidence")
            .field("v", &self.v)
            .field("sod_len", &self.sod.len())
            .field("dg14", &self.dg14.is_some())
            .field("dg15", &self.dg15.is_some())
            .field("card_security", &self.card_security.is_some())
            .field(
                "active_authentication",
                &self.active_authentication.is_some(),
            )
            .field("chip_claim", &self.chip_claim)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AaAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AaAnswer")
            .field("signature_len", &self.signature.len())
            .finish_non_exhaustive()
    }
}

/// Why a read cannot become evidence.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvidenceError {
    /// The read lacks a file every piece of evidence needs.
    #[error("the read has no {0}")]
    Missing(&'static str),
}

impl Evidence {
    /// The evidence of `read`: its EF.SOD, DG1, DG14, DG15 and EF.CardSecurity, the chip's
    /// Active Authentication answer when it gave one, and otherwise its CAM or CA success.
    ///
    /// # Errors
    /// [`EvidenceError::Missing`] when EF.SOD or DG1 was not read.
    pub fn from_read(read: &CardRead) -> Result<Self, EvidenceError> {
        Self::from_files(
            &read.files,
            read.active_authentication.as_ref(),
            read.chip.succeeded().then_some(read.chip.method).flatten(),
        )
    }

    /// The evidence of `files` as read, with the chip's answer and its succeeded protocol.
    ///
    /// # Errors
    /// [`EvidenceError::Missing`] when EF.SOD or DG1 is absent.
    pub fn from_files(
        files: &BTreeMap<ElementaryFile, Vec<u8>>,
        answer: Option<&ActiveAuthentication>,
        succeeded: Option<ChipMethod>,
    ) -> Result<Self, EvidenceError> {
        let file = |which| files.get(&which).map(|bytes| Zeroizing::new(bytes.clone()));
        let chip_claim = match succeeded {
            Some(ChipMethod::Cam) => Some(ChipClaim::Cam),
            Some(ChipMethod::Ca) => Some(ChipClaim::Ca),
            Some(ChipMethod::Aa) | None => None,
        };
        Ok(Self {
            v: EVIDENCE_VERSION,
            sod: file(ElementaryFile::Sod).ok_or(EvidenceError::Missing("EF.SOD"))?,
            dg1: file(ElementaryFile::Dg(1)).ok_or(EvidenceError::Missing("DG1"))?,
            dg14: file(ElementaryFile::Dg(14)),
            dg15: file(ElementaryFile::Dg(15)),
            card_security: file(ElementaryFile::CardSecurity),
            active_authentication: answer.map(|answer| AaAnswer {
                challenge: answer.challenge.to_vec(),
                signature: answer.signature.clone(),
            }),
            chip_claim,
        })
    }

    /// The files, keyed as passive authentication expects them.
    pub fn files(&self) -> BTreeMap<ElementaryFile, Vec<u8>> {
        let mut files = BTreeMap::new();
        files.insert(ElementaryFile::Sod, self.sod.to_vec());
        files.insert(ElementaryFile::Dg(1), self.dg1.to_vec());
        let optional = [
            (ElementaryFile::Dg(14), &self.dg14),
            (ElementaryFile::Dg(15), &self.dg15),
            (ElementaryFile::CardSecurity, &self.card_security),
        ];
        for (which, bytes) in optional {
            if let Some(bytes) = bytes {
                files.insert(which, bytes.to_vec());
            }
        }
        files
    }
}

mod base64url {
    use super::{Deserialize, Deserializer, Serializer, b64url, from_b64url};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&b64url(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        from_b64url(&text).ok_or_else(|| serde::de::Error::custom("not unpadded base64url"))
    }
}

mod secret {
    use super::{Deserializer, Secret, Serializer, Zeroizing, base64url};

    pub fn serialize<S: Serializer>(bytes: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
        base64url::serialize(bytes, serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        base64url::deserialize(deserializer).map(Zeroizing::new)
    }
}

mod optional_secret {
    use super::{Deserialize, Deserializer, Secret, Serialize, Serializer, Zeroizing, b64url};

    pub fn serialize<S: Serializer>(
        bytes: &Option<Secret>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        bytes.as_ref().map(|b| b64url(b)).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Secret>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                super::from_b64url(&text)
                    .map(Zeroizing::new)
                    .ok_or_else(|| serde::de::Error::custom("not unpadded base64url"))
            })
            .transpose()
    }
}
