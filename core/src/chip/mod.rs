//! Chip authenticity protocols run after access control: Chip Authentication v1 (key agreement
//! with the DG14 key, new secure channel) and Active Authentication (the chip signs a challenge
//! with its DG15 key, ECDSA or RSA with ISO/IEC 9796-2).

mod active;
mod chip_authentication;
mod iso9796;

pub use active::{
    AaError, ActiveAuthentication, internal_authenticate, verify_active_authentication,
};
pub use chip_authentication::{
    ChipAuthenticationChoice, chip_authenticate, chip_authentication_choice, send_terminal_key,
    terminal_key_agreement,
};
