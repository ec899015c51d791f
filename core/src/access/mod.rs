//! Access control: choosing and running the protocol that opens the chip — PACE where offered,
//! BAC otherwise — with no silent downgrade.

mod bac;
mod credentials;
mod policy;

pub use bac::{BacTerminal, bac_keys, bac_session_keys};
pub use credentials::{AccessKey, Can};
pub use policy::{
    AccessOutcome, AccessPolicy, AccessProtocol, PaceDetails, establish, establish_with,
};
