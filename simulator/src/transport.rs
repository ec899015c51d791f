//! The simulated chip behind the core's `CardTransport` port, with link-model accounting, a
//! log of command headers, scheduled faults, and reconnection to the same chip after a tag
//! loss (a new transport finds the chip power-cycled).

use crate::chip::VirtualChip;
use crate::fault::{Fault, ScheduledFault};
use crate::link::{AirStats, LinkModel};
use egate_core::apdu::StatusWord;
use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// One exchange as the card saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange {
    /// CLA, INS, P1, P2 of the command (visible under secure messaging too).
    pub header: [u8; 4],
    /// Command length in bytes.
    pub command_len: usize,
    /// Response length in bytes (0 when the answer was lost).
    pub response_len: usize,
    /// The status word of the response as sent (protected or not).
    pub sw: Option<StatusWord>,
    /// The connection it belonged to, from 1.
    pub connection: u32,
}

/// What every connection to one simulated card shares.
#[derive(Debug)]
struct Card {
    chip: VirtualChip,
    faults: Vec<ScheduledFault>,
    log: Vec<Exchange>,
    connection: u32,
    redirect_loop: Option<Fault>,
}

/// A transport that hands each command to a [`VirtualChip`] in process.
#[derive(Debug)]
pub struct SimulatedTransport {
    card: Arc<Mutex<Card>>,
    capabilities: TransportCapabilities,
    link: LinkModel,
    stats: Arc<Mutex<AirStats>>,
    connection: u32,
    lost: bool,
}

impl SimulatedTransport {
    /// A transport to `chip` that reports `capabilities` and accounts air time with `link`.
    pub fn new(chip: VirtualChip, capabilities: TransportCapabilities, link: LinkModel) -> Self {
        Self {
            card: Arc::new(Mutex::new(Card {
                chip,
                faults: Vec::new(),
                log: Vec::new(),
                connection: 1,
                redirect_loop: None,
            })),
            capabilities,
            link,
            stats: Arc::new(Mutex::new(AirStats::default())),
            connection: 1,
            lost: false,
        }
    }

    /// The same transport with `faults` scheduled.
    pub fn with_faults(self, faults: impl IntoIterator<Item = ScheduledFault>) -> Self {
        lock(&self.card).faults.extend(faults);
        self
    }

    /// A new connection to the same card, as when it is presented again: the chip has been
    /// power-cycled; traffic, the exchange count and the faults carry over.
    pub fn reconnect(&self) -> SimulatedTransport {
        let mut card = lock(&self.card);
        card.chip.reset();
        card.connection += 1;
        card.redirect_loop = None;
        let connection = card.connection;
        drop(card);
        SimulatedTransport {
            card: Arc::clone(&self.card),
            capabilities: self.capabilities,
            link: self.link,
            stats: Arc::clone(&self.stats),
            connection,
            lost: false,
        }
    }

    /// A handle on the traffic and air time accounted so far, readable after the transport
    /// has been handed to a session.
    pub fn stats(&self) -> Arc<Mutex<AirStats>> {
        Arc::clone(&self.stats)
    }

    /// A second handle on this card, to reconnect or inspect it after the transport has been
    /// handed to a session.
    pub fn handle(&self) -> SimulatedTransport {
        SimulatedTransport {
            card: Arc::clone(&self.card),
            capabilities: self.capabilities,
            link: self.link,
            stats: Arc::clone(&self.stats),
            connection: self.connection,
            lost: self.lost,
        }
    }

    /// Every exchange so far, over all connections.
    pub fn log(&self) -> Vec<Exchange> {
        lock(&self.card).log.clone()
    }

    /// Runs `change` on the chip (e.g. to replace a file).
    pub fn with_chip<T>(&self, change: impl FnOnce(&mut VirtualChip) -> T) -> T {
        change(&mut lock(&self.card).chip)
    }

    fn account(&self, command_len: usize, response_len: usize, extra_ms: f64) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        stats.record(&self.link, command_len, response_len);
        stats.simulated_ms += extra_ms;
    }
}

fn lock(card: &Mutex<Card>) -> MutexGuard<'_, Card> {
    card.lock().unwrap_or_else(|e| e.into_inner())
}

impl CardTransport for SimulatedTransport {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        if self.lost {
            return Err(TransportError::TagLost);
        }
        let mut card = lock(&self.card);
        if card.connection != self.connection {
            return Err(TransportError::NotConnected);
        }
        let n = card.log.len() as u64 + 1;
        let fault = card.faults.iter().find(|f| f.hits(n)).map(|f| f.fault);
        let fault = fault.or(card.redirect_loop);
        let mut header = [0u8; 4];
        for (slot, byte) in header.iter_mut().zip(command) {
            *slot = *byte;
        }
        let mut extra_ms = 0.0;
        let started = Instant::now();
        let response = match fault {
            Some(Fault::TagLoss | Fault::Timeout) => {
                let served = card.chip.served().len();
                card.chip.process(command);
                card.chip.lose_answers_after(served);
                card.chip.reset();
                card.log.push(Exchange {
                    header,
                    command_len: command.len(),
                    response_len: 0,
                    sw: None,
                    connection: self.connection,
                });
                self.lost = true;
                drop(card);
                self.account(command.len(), 0, 0.0);
                return Err(if fault == Some(Fault::Timeout) {
                    TransportError::Timeout
                } else {
                    TransportError::TagLost
                });
            }
            Some(Fault::Status(sw)) => sw.to_bytes().to_vec(),
            Some(fault @ (Fault::EndlessMoreData | Fault::EndlessWrongLe)) => {
                card.redirect_loop = Some(fault);
                let sw1 = if fault == Fault::EndlessMoreData {
                    0x61
                } else {
                    0x6C
                };
                vec![sw1, 0x10]
            }
            Some(Fault::SequenceJump) => {
                card.chip.skip_sequence_number();
                card.chip.process(command)
            }
            Some(Fault::SlowAnswer { ms }) => {
                extra_ms = f64::from(ms);
                card.chip.process(command)
            }
            Some(Fault::CorruptMac) => {
                let mut response = card.chip.process(command);
                if response.len() > 2 {
                    let last = response.len() - 3;
                    response[last] ^= 0x01;
                }
                response
            }
            Some(Fault::GarbageAfterData) => {
                let mut response = card.chip.process(command);
                let sw = response.split_off(response.len().saturating_sub(2));
                response.extend_from_slice(&[0xA5; 16]);
                response.extend(sw);
                response
            }
            None => card.chip.process(command),
        };
        let chip_ms = started.elapsed().as_secs_f64() * 1000.0;
        let sw = (response.len() >= 2).then(|| {
            StatusWord::from_bytes(response[response.len() - 2], response[response.len() - 1])
        });
        card.log.push(Exchange {
            header,
            command_len: command.len(),
            response_len: response.len(),
            sw,
            connection: self.connection,
        });
        drop(card);
        self.account(command.len(), response.len(), extra_ms);
        self.stats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .chip_compute_ms += chip_ms;
        Ok(response)
    }

    fn capabilities(&self) -> TransportCapabilities {
        self.capabilities
    }

    fn historical_bytes(&self) -> Option<Vec<u8>> {
        let card = lock(&self.card);
        let historical = card.chip.historical_bytes();
        (!historical.is_empty()).then(|| historical.to_vec())
    }
}
