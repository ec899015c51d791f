//! Serving the virtual chip to a real pcscd through the vpcd driver of vsmartcard: the chip
//! connects as a TCP client to the reader's port and answers its framed messages.
//!
//! Framing: a 2-byte big-endian length, then the payload. One-byte payloads are control
//! messages (0 power off, 1 power on, 2 reset, 4 send the ATR); longer ones are command APDUs,
//! answered with the response APDU. The link model prices every exchange; each card session's
//! figures (APDUs, bytes each way, simulated air time) are kept and logged, so any reader going
//! through the real PC/SC stack is measured against the same card and link.

use crate::chip::VirtualChip;
use crate::link::{AirStats, LinkModel};
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tracing::info;

/// The TCP port of the first vpcd reader ("Virtual PCD 00 00").
pub const DEFAULT_PORT: u16 = 35_963;

/// Connects to vpcd at `address`, retrying for up to `wait` while pcscd starts.
pub fn connect(address: &str, wait: Duration) -> io::Result<TcpStream> {
    let deadline = Instant::now() + wait;
    loop {
        match TcpStream::connect(address) {
            Ok(stream) => {
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// How a served card accounts and paces its sessions.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Sleep each exchange's simulated air time, so a reader meets the modelled link's pace.
    pub realtime: bool,
    /// Per-session figures (a session runs from one power-up to the next power cycle), the
    /// last one growing while the card is in use.
    pub sessions: Arc<Mutex<Vec<AirStats>>>,
    /// Leave the reader (close the connection unanswered) at this command APDU, as a card
    /// pulled away mid-read.
    pub leave_at: Option<u64>,
}

/// Answers vpcd's messages on `stream` until pcscd closes the connection; returns the traffic
/// accounted with `link` over all power cycles.
pub fn serve(
    chip: &mut VirtualChip,
    link: &LinkModel,
    stream: &mut TcpStream,
) -> io::Result<AirStats> {
    serve_with(chip, link, stream, &ServeOptions::default())
}

/// [`serve`], recording each session's figures in `options.sessions` (and logging them as a
/// session ends) and pacing answers when `options.realtime`.
pub fn serve_with(
    chip: &mut VirtualChip,
    link: &LinkModel,
    stream: &mut TcpStream,
    options: &ServeOptions,
) -> io::Result<AirStats> {
    let mut total = AirStats::default();
    let current = |update: &dyn Fn(&mut AirStats)| {
        let mut sessions = options.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if sessions.is_empty() {
            sessions.push(AirStats::default());
        }
        if let Some(last) = sessions.last_mut() {
            update(last);
        }
    };
    loop {
        let mut len = [0u8; 2];
        match stream.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(total),
            Err(e) => return Err(e),
        }
        let mut message = vec![0u8; usize::from(u16::from_be_bytes(len))];
        stream.read_exact(&mut message)?;
        let reply = match message.as_slice() {
            [0] | [1] | [2] => {
                let mut sessions = options.sessions.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(ended) = sessions.last().filter(|s| s.apdus > 0).copied() {
                    info!(
                        apdus = ended.apdus,
                        bytes_sent = ended.bytes_sent,
                        bytes_received = ended.bytes_received,
                        simulated_ms = ended.simulated_ms,
                        "vpcd card session ended"
                    );
                    sessions.push(AirStats::default());
                }
                drop(sessions);
                chip.reset();
                None
            }
            [4] => Some(chip.atr()),
            [_] => None,
            command => {
                if options.leave_at == Some(total.apdus + 1) {
                    stream.shutdown(std::net::Shutdown::Both)?;
                    return Ok(total);
                }
                let response = chip.process(command);
                current(&|s| s.record(link, command.len(), response.len()));
                total.record(link, command.len(), response.len());
                if options.realtime {
                    let ms = link.exchange_ms(command.len(), response.len());
                    std::thread::sleep(Duration::from_secs_f64(ms / 1000.0));
                }
                Some(response)
            }
        };
        if let Some(reply) = reply {
            let len = u16::try_from(reply.len())
                .map_err(|_| io::Error::other("response too long for vpcd"))?;
            stream.write_all(&len.to_be_bytes())?;
            stream.write_all(&reply)?;
        }
    }
}

/// A card served to vpcd from a background thread: in the reader from [`BackgroundCard::serve`]
/// until it is dropped, which closes the connection as a card taken away from the reader.
#[derive(Debug)]
pub struct BackgroundCard {
    connection: TcpStream,
}

impl BackgroundCard {
    /// Connects `chip` to vpcd at `address` (retrying for up to `wait` while pcscd starts) and
    /// answers vpcd's messages on a background thread with `options`.
    ///
    /// # Errors
    /// When vpcd cannot be reached in `wait`.
    pub fn serve(
        mut chip: VirtualChip,
        link: LinkModel,
        address: &str,
        wait: Duration,
        options: ServeOptions,
    ) -> io::Result<Self> {
        let mut stream = connect(address, wait)?;
        let connection = stream.try_clone()?;
        std::thread::spawn(move || serve_with(&mut chip, &link, &mut stream, &options));
        Ok(Self { connection })
    }
}

impl Drop for BackgroundCard {
    fn drop(&mut self) {
        let _ = self.connection.shutdown(std::net::Shutdown::Both);
    }
}
