#![doc = include_str!("../README.md")]

pub mod access;
pub mod apdu;
pub mod card;
pub mod chip;
pub mod crypto;
pub mod display;
pub mod keystore;
pub mod lds;
pub mod login;
pub mod mrz;
pub mod pace;
pub mod passive;
pub mod ports;
pub mod read;
pub mod sm;
pub mod tlv;
