//! Chip authenticity protocols run after access control: Active Authentication today (the
//! chip signs a challenge with its DG15 key); Chip Authentication arrives with its issue.

mod active;

pub use active::{
    AaError, ActiveAuthentication, internal_authenticate, verify_active_authentication,
};
