//! The contactless link model: bit rate, ISO 14443-4 frame size and per-frame overhead, and the
//! card's turnaround per APDU, from which simulated air time is accounted.

/// Parameters of the radio link between reader and chip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkModel {
    /// Raw bit rate in bits per second (106 000, 212 000, 424 000, 848 000).
    pub bit_rate: u32,
    /// Chip processing time per APDU, in milliseconds.
    pub turnaround_ms: f64,
    /// Largest ISO 14443-4 frame (FSC/FSD), in bytes, overhead included.
    pub frame_size: usize,
    /// Bytes each frame adds: PCB, CRC, optional CID.
    pub frame_overhead: usize,
}

impl Default for LinkModel {
    /// A phone reading an ID card: 424 kbit/s, 256-byte frames, 3 bytes of framing, 10 ms per
    /// APDU.
    fn default() -> Self {
        Self {
            bit_rate: 424_000,
            turnaround_ms: 10.0,
            frame_size: 256,
            frame_overhead: 3,
        }
    }
}

impl LinkModel {
    /// Frames needed to carry `len` APDU bytes (at least one).
    pub fn frames(&self, len: usize) -> usize {
        let payload = self.frame_size.saturating_sub(self.frame_overhead).max(1);
        len.div_ceil(payload).max(1)
    }

    /// Simulated milliseconds for one exchange of a `command_len`-byte command and a
    /// `response_len`-byte response: the chip's turnaround, every frame's bytes and overhead,
    /// and one acknowledgement frame (overhead only) for each chained frame.
    pub fn exchange_ms(&self, command_len: usize, response_len: usize) -> f64 {
        let frames = self.frames(command_len) + self.frames(response_len);
        let acks = frames - 2;
        let bytes = command_len + response_len + (frames + acks) * self.frame_overhead;
        self.turnaround_ms + (bytes * 8) as f64 * 1000.0 / f64::from(self.bit_rate)
    }
}

/// Traffic and air time accounted by the link model.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AirStats {
    /// Exchanges.
    pub apdus: u64,
    /// Command bytes.
    pub bytes_sent: u64,
    /// Response bytes.
    pub bytes_received: u64,
    /// Simulated air time in milliseconds.
    pub simulated_ms: f64,
    /// Host milliseconds the simulated chip spent computing its answers (to tell the reader's
    /// own compute time from the chip's in benchmarks).
    pub chip_compute_ms: f64,
}

impl AirStats {
    /// Accounts one exchange.
    pub fn record(&mut self, link: &LinkModel, command_len: usize, response_len: usize) {
        self.apdus += 1;
        self.bytes_sent += command_len as u64;
        self.bytes_received += response_len as u64;
        self.simulated_ms += link.exchange_ms(command_len, response_len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chaining_adds_frames_and_acknowledgements() {
        let link = LinkModel::default();
        assert_eq!(link.frames(0), 1);
        assert_eq!(link.frames(253), 1);
        assert_eq!(link.frames(254), 2);
        // 5 + 253 bytes, one frame each way: 10 ms + (258 + 2 * 3) * 8 / 424 ms.
        let single = link.exchange_ms(5, 253);
        assert!((single - (10.0 + 264.0 * 8.0 / 424.0)).abs() < 1e-9);
        // A 1 000-byte response needs 4 frames and 3 acknowledgements.
        let chained = link.exchange_ms(7, 1000);
        let expected = 10.0 + ((7 + 1000 + (5 + 3) * 3) * 8) as f64 / 424.0;
        assert!((chained - expected).abs() < 1e-9);
    }
}
