//! Proving to a remote gateway that the citizen holds their chip document: the evidence a read
//! yields (EF.SOD, DG1, DG14, DG15, EF.CardSecurity, and the chip's Active Authentication
//! signature over the gateway's challenge), its verification — the same code in the app core and
//! the gateway — the check that the document belongs to the account holder, the link that hands a
//! verification from the web page to the app, and Chip Authentication with the gateway as
//! terminal through the app, for chips without Active Authentication.

mod evidence;
mod link;
mod relay;
mod terminal;
mod verify;

pub use evidence::{AaAnswer, CHALLENGE_LEN, ChipClaim, EVIDENCE_VERSION, Evidence, EvidenceError};
pub use link::{
    IdvLink, IdvLinkError, IdvPurpose, LINK_PREFIX, MAX_LINK_LEN, MAX_LINK_LIFETIME_SECS,
};
pub use relay::{
    MAX_RELAYED_COMMANDS, RELAY_VERSION, RelayAnswer, RelayRequest, relay_chip_authentication,
};
pub use terminal::{RelayRefusal, RelayTerminal};
pub use verify::{
    ChipPresence, EvidenceRefusal, PresencePolicy, VerifiedDocument, chip_presence, holder_matches,
    relay_applies, verify_document, verify_evidence,
};
