//! The physical floor of a read: the protocol exchanges the read cannot avoid (access control,
//! application selection, Chip and Active Authentication) as they were measured, plus every
//! file it needs fetched in the fewest exchanges the link allows, each with the smallest
//! protected READ BINARY — all priced with the same link model.

use super::BenchSetup;
use crate::transport::Exchange;
use egate_core::lds::ElementaryFile;
use egate_core::read::{CardRead, max_plain_response, protected_response_len};

/// Whether an exchange fetches file bytes (READ BINARY) or selects a file by identifier: the
/// part of a read the floor replaces with its minimum.
fn is_file_access(header: [u8; 4]) -> bool {
    let [_, ins, p1, _] = header;
    matches!(ins, 0xB0 | 0xB1) || (ins == 0xA4 && p1 == 0x02)
}

/// Milliseconds of the fewest exchanges that fetch `len` bytes of one file.
fn file_floor_ms(len: usize, protected: Option<usize>, setup: &BenchSetup) -> f64 {
    let limit = if setup.extended_length { 65_536 } else { 256 };
    let per_exchange = max_plain_response(limit, protected).max(1);
    let le_bytes = if setup.extended_length { 2 } else { 1 };
    let lc_bytes = if setup.extended_length { 3 } else { 1 };
    let mut left = len;
    let mut total = 0.0;
    loop {
        let chunk = left.min(per_exchange);
        let (command, response) = match protected {
            // Header, Lc, DO'97' with Le, DO'8E', Le; DO'87' DO'99' DO'8E' and SW back.
            Some(block) => (
                4 + lc_bytes + 2 + le_bytes + 10 + le_bytes,
                protected_response_len(chunk, block) + 2,
            ),
            None => (4 + le_bytes + usize::from(setup.extended_length), chunk + 2),
        };
        total += setup.link.exchange_ms(command, response);
        left -= chunk;
        if left == 0 {
            return total;
        }
    }
}

/// The floor of `read` (whose exchanges were `log`) over `setup`.
pub fn floor_ms(log: &[Exchange], read: &CardRead, setup: &BenchSetup) -> f64 {
    let protocol: f64 = log
        .iter()
        .filter(|e| !is_file_access(e.header))
        .map(|e| setup.link.exchange_ms(e.command_len, e.response_len))
        .sum();
    let block = read.session.access.cipher.block_size();
    let files: f64 = read
        .files
        .iter()
        .filter(|(file, _)| **file != ElementaryFile::AtrInfo)
        .map(|(file, bytes)| {
            let protected = (*file != ElementaryFile::CardAccess).then_some(block);
            file_floor_ms(bytes.len(), protected, setup)
        })
        .sum();
    protocol + files
}
