//! Fault injection for hostile-chip and tag-loss tests: what goes wrong, and at which exchange.
//! The transport applies a fault to the exchange it is scheduled for; file-content faults
//! (truncated or oversized lengths, padding, garbage) are served by replacing a file on the
//! chip ([`crate::VirtualChip::set_file`]).

use egate_core::apdu::StatusWord;

/// Something a hostile or unlucky chip (or link) does to one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The card leaves the field: the command reaches the chip, the answer is lost, and the
    /// chip powers down (a new connection finds it reset).
    TagLoss,
    /// The chip answers too late for the platform, which reports a timeout; the chip powers
    /// down.
    Timeout,
    /// The chip answers correctly but `ms` milliseconds late (accounted as air time).
    SlowAnswer {
        /// The delay.
        ms: u32,
    },
    /// The last byte of the answer's data is flipped: the MAC under secure messaging, the
    /// cryptogram's MAC or the token in BAC and PACE.
    CorruptMac,
    /// The chip advances its send sequence counter once out of turn before answering.
    SequenceJump,
    /// The chip answers only this status word, without secure messaging.
    Status(StatusWord),
    /// The chip answers 61xx to this command and every GET RESPONSE after it.
    EndlessMoreData,
    /// The chip answers 6Cxx to this command and every retry after it.
    EndlessWrongLe,
    /// Sixteen bytes of garbage follow the answer's data.
    GarbageAfterData,
}

/// A fault scheduled for the `exchange`-th exchange of the card (counted from 1 over every
/// connection), lasting `repeat` exchanges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduledFault {
    /// The fault.
    pub fault: Fault,
    /// The first exchange it hits.
    pub exchange: u64,
    /// How many consecutive exchanges it hits (the endless redirections hit every following
    /// one).
    pub repeat: u64,
}

impl ScheduledFault {
    /// `fault` at exchange `exchange` only.
    pub fn at(fault: Fault, exchange: u64) -> Self {
        Self {
            fault,
            exchange,
            repeat: 1,
        }
    }

    /// Whether it hits exchange `n`.
    pub fn hits(&self, n: u64) -> bool {
        n >= self.exchange && n < self.exchange.saturating_add(self.repeat)
    }
}
