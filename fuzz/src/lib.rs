#![doc = include_str!("../README.md")]

mod camera;
mod files;
mod structures;
mod transport;

pub use camera::qr_frame;
pub use files::{data_groups, jpeg2000, mrz};
pub use structures::{ber_tlv, ber_to_der, security_infos, sod};
pub use transport::sm_unwrap;

/// A target's body: any bytes, never a panic.
pub type Body = fn(&[u8]);

/// Every target by name, for the corpus replay.
pub const TARGETS: [(&str, Body); 9] = [
    ("ber_tlv", ber_tlv),
    ("data_groups", data_groups),
    ("ber_to_der", ber_to_der),
    ("sod", sod),
    ("security_infos", security_infos),
    ("mrz", mrz),
    ("sm_unwrap", sm_unwrap),
    ("jpeg2000", jpeg2000),
    ("qr_frame", qr_frame),
];
