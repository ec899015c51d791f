//! Passive authentication, shared by the app core and the gateway: CMS SignedData checks,
//! signature schemes and keys, certification paths to CSCAs (link certificates, CRLs), the
//! trust store (PEM/DER CSCAs, ICAO master lists) and the report.

mod algorithm;
mod certificate;
mod chain;
mod crl;
mod curve;
mod error;
mod master_list;
mod oids;
mod public_key;
mod report;
mod signed_data;
mod trust;
mod verify;

pub use algorithm::{HashAlgorithm, SignatureScheme};
pub use certificate::{CertificateRecord, CertificateSummary, Validity};
pub use chain::{ChainError, build_chain};
pub use crl::{CrlRecord, Freshness};
pub use curve::EcCurve;
pub use error::PassiveError;
pub use master_list::{MasterList, open_master_list};
pub use public_key::PublicKey;
pub use report::{
    DocumentExpiry, PassiveFailure, PassiveReport, PassiveStatus, PassiveWarning, Revocation,
    SignedFileCheck,
};
pub use signed_data::{SignedContent, SignedDataError, verify_signed_data};
pub use trust::{LoadEntry, LoadOutcome, LoadReport, TrustStore};
pub use verify::passive_authentication;
