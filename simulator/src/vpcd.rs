//! Serving the virtual chip to a real pcscd through the vpcd driver of vsmartcard: the chip
//! connects as a TCP client to the reader's port and answers its framed messages.
//!
//! Framing: a 2-byte big-endian length, then the payload. One-byte payloads are control
//! messages (0 power off, 1 power on, 2 reset, 4 send the ATR); longer ones are command APDUs,
//! answered with the response APDU.

use crate::chip::VirtualChip;
use crate::link::{AirStats, LinkModel};
use std::io::{self, Read, Write};
use std::net::TcpStream;
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

/// Answers vpcd's messages on `stream` until pcscd closes the connection; returns the traffic
/// accounted with `link` over all power cycles.
pub fn serve(
    chip: &mut VirtualChip,
    link: &LinkModel,
    stream: &mut TcpStream,
) -> io::Result<AirStats> {
    let mut total = AirStats::default();
    let mut session = AirStats::default();
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
                if session.apdus > 0 {
                    info!(
                        apdus = session.apdus,
                        bytes_sent = session.bytes_sent,
                        bytes_received = session.bytes_received,
                        simulated_ms = session.simulated_ms,
                        "vpcd card session ended"
                    );
                    session = AirStats::default();
                }
                chip.reset();
                None
            }
            [4] => Some(chip.atr().to_vec()),
            [_] => None,
            command => {
                let response = chip.process(command);
                session.record(link, command.len(), response.len());
                total.record(link, command.len(), response.len());
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
