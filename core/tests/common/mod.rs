//! A scripted card transport for protocol tests: each command must equal the next expected one
//! byte for byte (an empty expectation accepts any command), and gets the scripted answer.

use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};
use std::collections::VecDeque;

pub struct ScriptedTransport {
    script: VecDeque<(Vec<u8>, Vec<u8>)>,
}

impl ScriptedTransport {
    pub fn new(pairs: &[(&str, &str)]) -> Self {
        Self {
            script: pairs
                .iter()
                .map(|(c, r)| {
                    (
                        hex::decode(c).expect("command hex"),
                        hex::decode(r).expect("response hex"),
                    )
                })
                .collect(),
        }
    }
}

impl CardTransport for ScriptedTransport {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let (expected, response) = self.script.pop_front().expect("no more scripted exchanges");
        if !expected.is_empty() {
            assert_eq!(
                hex::encode_upper(command),
                hex::encode_upper(&expected),
                "unexpected command"
            );
        }
        Ok(response)
    }

    fn capabilities(&self) -> TransportCapabilities {
        TransportCapabilities::SHORT_ONLY
    }
}

impl Drop for ScriptedTransport {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert!(
                self.script.is_empty(),
                "{} scripted exchanges not used",
                self.script.len()
            );
        }
    }
}
