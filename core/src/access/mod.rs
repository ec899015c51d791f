//! Access control: choosing and running the protocol that opens the chip (BAC today; PACE
//! arrives as another step), with no silent downgrade.

mod bac;
mod credentials;
mod policy;

pub use bac::{BacTerminal, bac_keys, bac_session_keys};
pub use credentials::{AccessKey, Can};
pub use policy::{AccessOutcome, AccessPolicy, AccessProtocol, establish};
