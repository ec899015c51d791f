//! Proving to a remote gateway that the citizen holds their chip document: the evidence a read
//! yields (EF.SOD, DG1, DG14, DG15, EF.CardSecurity, and the chip's Active Authentication
//! signature over the gateway's challenge), its verification — the same code in the app core and
//! the gateway — the check that the document belongs to the account holder, and the link that hands a
//! verification from the web page to the app.

mod evidence;
mod link;
mod verify;

pub use evidence::{AaAnswer, CHALLENGE_LEN, ChipClaim, EVIDENCE_VERSION, Evidence, EvidenceError};
pub use link::{
    IdvLink, IdvLinkError, IdvPurpose, LINK_PREFIX, MAX_LINK_LEN, MAX_LINK_LIFETIME_SECS,
};
pub use verify::{
    ChipPresence, EvidenceRefusal, PresencePolicy, VerifiedDocument, holder_matches,
    verify_evidence,
};
