//! PACE v2 (ICAO 9303-11 §4.4): Generic, Integrated and Chip Authentication Mapping over DH and
//! ECDH on every standardized parameter set, with 3DES and AES, for the terminal and — through
//! the same primitives — for the simulated chip.

mod cam;
mod commands;
mod error;
mod group;
mod info;
mod keys;
mod protocol;
mod select;
mod terminal;

pub use cam::{
    CamCheck, CamEvidence, decrypt_chip_authentication_data, encrypt_chip_authentication_data,
    verify_chip_authentication,
};
pub use commands::{
    dynamic_authentication_data, general_authenticate, mse_set_at, password_reference, required,
};
pub use error::PaceError;
pub use group::{
    PaceGroup, STANDARD_PARAMETER_IDS, Secret, standard_dh_parameter_id, standard_dh_parameters,
    standard_group,
};
pub use info::{PaceDomainParameterInfo, PaceInfo, PaceOffer};
pub use keys::{
    SessionSecrets, authentication_token, decrypt_nonce, encrypt_nonce, integrated_mapping_octets,
    password_key,
};
pub use protocol::{Agreement, ID_PACE, Mapping, PaceProtocol};
pub use select::{PaceCandidate, candidates};
pub use terminal::{PaceSession, PaceTerminal, TerminalSecrets};
