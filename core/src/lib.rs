#![doc = include_str!("../README.md")]

pub mod apdu;
pub mod crypto;
pub mod mrz;
pub mod ports;
pub mod sm;
pub mod tlv;
