#![doc = include_str!("../README.md")]

pub mod browser;
pub mod foreign;
pub mod shell;
