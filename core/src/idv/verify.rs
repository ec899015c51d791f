//! Verifying evidence as a gateway does: passive authentication against the verifier's trust
//! store (every file sent must be signed, the document unexpired), then chip presence — the
//! chip's Active Authentication signature over this verifier's challenge with the passively
//! authenticated DG15 key, or, for chips without Active Authentication, the client's word on
//! CA/CAM, counted only when the policy says so. A chip that has an AA key must use it: there is
//! no silent fall-back to the client's word.

use super::evidence::{ChipClaim, EVIDENCE_VERSION, Evidence};
use crate::chip::{ActiveAuthentication, verify_active_authentication};
use crate::lds::{ElementaryFile, parse_dg1, parse_dg14, parse_dg15};
use crate::mrz::Mrz;
use crate::passive::{PassiveReport, PassiveStatus, TrustStore, passive_authentication};
use crate::ports::Clock;
use subtle::ConstantTimeEq;
use thiserror::Error;

/// What a verifier accepts as proof that the chip was present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PresencePolicy {
    /// Accept the client's word that CA or CAM succeeded, for chips without Active
    /// Authentication. Off by default: a copied dump replayed by a modified app passes it.
    pub accept_client_asserted: bool,
}

/// How the chip's presence was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipPresence {
    /// The chip signed this verifier's challenge with its passively authenticated AA key.
    ActiveAuthentication,
    /// The verifier ran Chip Authentication itself, through the app, with the passively
    /// authenticated DG14 key.
    ChipAuthentication,
    /// The client says its CA or CAM check succeeded; the verifier could not check it.
    ClientAsserted(ChipClaim),
}

impl ChipPresence {
    /// `active_authentication`, `chip_authentication` or `client_asserted`.
    pub fn code(self) -> &'static str {
        match self {
            Self::ActiveAuthentication => "active_authentication",
            Self::ChipAuthentication => "chip_authentication",
            Self::ClientAsserted(_) => "client_asserted",
        }
    }
}

/// A document whose evidence was accepted.
#[derive(Debug, Clone)]
pub struct VerifiedDocument {
    /// The MRZ from the passively authenticated DG1.
    pub mrz: Mrz,
    /// How the chip's presence was established.
    pub chip_presence: ChipPresence,
    /// The passive authentication report.
    pub passive: PassiveReport,
}

/// Why evidence was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvidenceRefusal {
    /// The evidence has a format version this side does not speak.
    #[error("unsupported evidence version {0}")]
    UnsupportedVersion(u32),
    /// The document signer does not chain to a CSCA the verifier trusts.
    #[error("the document's issuer is not trusted: {0}")]
    Untrusted(String),
    /// Passive authentication found the data altered or badly signed.
    #[error("the document data is not genuine ({code}): {detail}")]
    NotGenuine {
        /// The first failed check's code.
        code: &'static str,
        /// What failed.
        detail: String,
    },
    /// A file sent is not covered by EF.SOD.
    #[error("{0} is not covered by EF.SOD")]
    Unsigned(&'static str),
    /// The document has expired.
    #[error("the document expired on {0}")]
    Expired(String),
    /// DG1 does not parse.
    #[error("DG1 is malformed: {0}")]
    Dg1(String),
    /// The chip's signature answers another challenge: a replayed answer.
    #[error("the Active Authentication answer is for another challenge")]
    ChallengeMismatch,
    /// The chip's signature does not verify with the DG15 key.
    #[error("the Active Authentication signature is invalid: {0}")]
    ActiveAuthenticationInvalid(String),
    /// The chip has an Active Authentication key (DG15) but no signature was sent.
    #[error("the chip offers Active Authentication but no signature was sent")]
    ActiveAuthenticationMissing,
    /// Neither a chip signature nor an accepted client assertion proves the chip was present.
    #[error("the chip's presence is not proven (no Active Authentication)")]
    PresenceUnproven,
}

impl EvidenceRefusal {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnsupportedVersion(_) => "unsupported_version",
            Self::Untrusted(_) => "untrusted_issuer",
            Self::NotGenuine { .. } => "not_genuine",
            Self::Unsigned(_) => "unsigned_file",
            Self::Expired(_) => "document_expired",
            Self::Dg1(_) => "dg1_malformed",
            Self::ChallengeMismatch => "challenge_mismatch",
            Self::ActiveAuthenticationInvalid(_) => "active_authentication_invalid",
            Self::ActiveAuthenticationMissing => "active_authentication_missing",
            Self::PresenceUnproven => "chip_presence_unproven",
        }
    }
}

/// Verifies `evidence` against `challenge` (the one this verifier issued), `trust` and `policy`.
///
/// # Errors
/// The first [`EvidenceRefusal`] that applies, in the order: version, passive authentication,
/// expiry, DG1, chip presence.
pub fn verify_evidence(
    evidence: &Evidence,
    challenge: &[u8],
    trust: &TrustStore,
    policy: PresencePolicy,
    clock: &dyn Clock,
) -> Result<VerifiedDocument, EvidenceRefusal> {
    let (mrz, passive) = verify_document(evidence, trust, clock)?;
    let chip_presence = chip_presence(evidence, challenge, policy)?;
    Ok(VerifiedDocument {
        mrz,
        chip_presence,
        passive,
    })
}

/// The document half of [`verify_evidence`]: version, passive authentication, expiry and DG1,
/// for a verifier that then proves the chip's presence itself (see [`relay_applies`]).
///
/// # Errors
/// The first [`EvidenceRefusal`] that applies.
pub fn verify_document(
    evidence: &Evidence,
    trust: &TrustStore,
    clock: &dyn Clock,
) -> Result<(Mrz, PassiveReport), EvidenceRefusal> {
    if evidence.v != EVIDENCE_VERSION {
        return Err(EvidenceRefusal::UnsupportedVersion(evidence.v));
    }
    let files = evidence.files();
    let passive = passive_authentication(&files, Some(trust), clock);
    check_passive(&passive, evidence)?;
    if let Some(expiry) = passive.document_expiry.as_ref().filter(|e| e.expired) {
        return Err(EvidenceRefusal::Expired(expiry.date.clone()));
    }
    let mrz = parse_dg1(&evidence.dg1).map_err(|e| EvidenceRefusal::Dg1(e.to_string()))?;
    Ok((mrz, passive))
}

/// Whether the verifier should prove the chip's presence by Chip Authentication through the
/// app: the chip has no Active Authentication key (no DG15) but a DG14. A chip with an AA key
/// must sign the challenge instead.
pub fn relay_applies(evidence: &Evidence) -> bool {
    evidence.dg15.is_none() && evidence.active_authentication.is_none() && evidence.dg14.is_some()
}

fn check_passive(passive: &PassiveReport, evidence: &Evidence) -> Result<(), EvidenceRefusal> {
    let detail = || {
        passive
            .reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    };
    match passive.status {
        PassiveStatus::Valid => {}
        PassiveStatus::Untrusted => return Err(EvidenceRefusal::Untrusted(detail())),
        PassiveStatus::Invalid | PassiveStatus::NotPerformed => {
            return Err(EvidenceRefusal::NotGenuine {
                code: passive
                    .reasons
                    .first()
                    .map_or("not_performed", |r| r.code()),
                detail: detail(),
            });
        }
    }
    let sent = [
        (ElementaryFile::Dg(1), true, "DG1"),
        (ElementaryFile::Dg(14), evidence.dg14.is_some(), "DG14"),
        (ElementaryFile::Dg(15), evidence.dg15.is_some(), "DG15"),
    ];
    for (file, present, name) in sent {
        if present && !passive.authenticates(file) {
            return Err(EvidenceRefusal::Unsigned(name));
        }
    }
    if evidence.card_security.is_some()
        && passive.card_security.as_ref().map(|c| c.status) != Some(PassiveStatus::Valid)
    {
        return Err(EvidenceRefusal::Unsigned("EF.CardSecurity"));
    }
    Ok(())
}

/// The chip-presence half of [`verify_evidence`]: the AA signature over `challenge`, or the
/// client's claim where `policy` accepts it.
///
/// # Errors
/// The [`EvidenceRefusal`] that applies.
pub fn chip_presence(
    evidence: &Evidence,
    challenge: &[u8],
    policy: PresencePolicy,
) -> Result<ChipPresence, EvidenceRefusal> {
    let Some(answer) = &evidence.active_authentication else {
        if evidence.dg15.is_some() {
            return Err(EvidenceRefusal::ActiveAuthenticationMissing);
        }
        return match evidence.chip_claim {
            Some(claim) if policy.accept_client_asserted => Ok(ChipPresence::ClientAsserted(claim)),
            _ => Err(EvidenceRefusal::PresenceUnproven),
        };
    };
    let same_challenge = answer.challenge.len() == challenge.len()
        && bool::from(answer.challenge.as_slice().ct_eq(challenge));
    if !same_challenge {
        return Err(EvidenceRefusal::ChallengeMismatch);
    }
    let invalid = |why: String| EvidenceRefusal::ActiveAuthenticationInvalid(why);
    let key = evidence
        .dg15
        .as_ref()
        .ok_or_else(|| invalid("no DG15 key was sent".into()))
        .and_then(|dg15| parse_dg15(dg15).map_err(|e| invalid(e.to_string())))?;
    let algorithm = evidence
        .dg14
        .as_ref()
        .and_then(|dg14| parse_dg14(dg14).ok())
        .and_then(|infos| infos.chip_security_infos().active_authentication_algorithm);
    let challenge: [u8; 8] = answer
        .challenge
        .as_slice()
        .try_into()
        .map_err(|_| invalid("the challenge is not 8 bytes".into()))?;
    let signed = ActiveAuthentication {
        challenge,
        signature: answer.signature.clone(),
    };
    match verify_active_authentication(&key, algorithm.as_ref(), &signed) {
        Ok(true) => Ok(ChipPresence::ActiveAuthentication),
        Ok(false) => Err(invalid("the signature does not verify".into())),
        Err(why) => Err(invalid(why.to_string())),
    }
}

/// Whether the document names `citizen_id` as its holder's personal number (the MRZ's optional
/// data, where national ID cards carry it). Compared exactly, ignoring `<` fillers.
pub fn holder_matches(mrz: &Mrz, citizen_id: &str) -> bool {
    let wanted = citizen_id.trim();
    !wanted.is_empty()
        && [&mrz.optional_data, &mrz.optional_data_2]
            .iter()
            .any(|field| field.trim_end_matches('<') == wanted)
}
