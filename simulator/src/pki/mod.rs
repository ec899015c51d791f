//! The test PKI of the country Utopia (C=UT): CSCAs, a link certificate, document signers,
//! CRLs and a master list, generated reproducibly (`generate`), and the document signers the
//! simulator signs EF.SOD and EF.CardSecurity with (`TestSigner`), and the trust a simulated card is checked against by default. Every key is
//! test data.

mod cms;
mod crl;
mod error;
mod explicit;
mod generate;
mod keys;
mod master_list;
mod names;
mod profile;
mod signer;
mod signing;
mod trust;

pub use error::PkiError;
pub use generate::generate;
pub use master_list::ID_ICAO_CSCA_MASTER_LIST;
pub use signer::TestSigner;
pub use trust::default_trust;
