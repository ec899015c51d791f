//! A hostile or broken chip during PACE: whatever it answers, the terminal returns a typed error
//! and never panics or opens a session.

use egate_core::access::AccessKey;
use egate_core::card::{CardError, CardSession};
use egate_core::crypto::SmCipher;
use egate_core::mrz::MrzKey;
use egate_core::pace::{Agreement, Mapping, PaceProtocol, PaceTerminal};
use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};
use egate_core::tlv;
use proptest::prelude::*;
use std::collections::VecDeque;

/// Accepts MSE:Set AT, then answers each GENERAL AUTHENTICATE with the next canned body + 9000.
struct Hostile(VecDeque<Vec<u8>>);

impl CardTransport for Hostile {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        if command[1] == 0x22 {
            return Ok(vec![0x90, 0x00]);
        }
        let mut response = self.0.pop_front().ok_or(TransportError::TagLost)?;
        response.extend_from_slice(&[0x90, 0x00]);
        Ok(response)
    }

    fn capabilities(&self) -> TransportCapabilities {
        TransportCapabilities::EXTENDED
    }
}

fn run(protocol: PaceProtocol, parameter_id: u8, responses: Vec<Vec<u8>>) -> CardError {
    let key = AccessKey::Mrz(MrzKey::from_typed("T22000129", "640812", "101031").unwrap());
    let mut session = CardSession::new(Box::new(Hostile(responses.into())));
    PaceTerminal::new(&key, protocol, parameter_id)
        .unwrap()
        .run(&mut session)
        .expect_err("a hostile chip never completes PACE")
}

fn protocols() -> impl Strategy<Value = (PaceProtocol, u8)> {
    prop_oneof![
        Just((Mapping::Generic, Agreement::Ecdh, 13u8)),
        Just((Mapping::Integrated, Agreement::Ecdh, 12u8)),
        Just((Mapping::ChipAuthentication, Agreement::Ecdh, 9u8)),
        Just((Mapping::Generic, Agreement::Dh, 0u8)),
        Just((Mapping::Integrated, Agreement::Dh, 0u8)),
    ]
    .prop_map(|(mapping, agreement, id)| {
        (
            PaceProtocol {
                mapping,
                agreement,
                cipher: SmCipher::Aes128,
            },
            id,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_answers_give_typed_errors(
        (protocol, id) in protocols(),
        answers in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..80), 0..5),
    ) {
        run(protocol, id, answers);
    }

    #[test]
    fn well_formed_answers_with_random_keys_give_typed_errors(
        (protocol, id) in protocols(),
        nonce in prop::collection::vec(any::<u8>(), 16..=16),
        key in prop::collection::vec(any::<u8>(), 129..=129),
        token in prop::collection::vec(any::<u8>(), 8..=8),
    ) {
        let element = |tag: u32, len: usize| {
            let mut value = key[..len].to_vec();
            if protocol.agreement == Agreement::Ecdh {
                value[0] = 0x04;
            }
            tlv::encode(0x7C, &tlv::encode(tag, &value))
        };
        let len = if protocol.agreement == Agreement::Ecdh { 65 } else { 128 };
        let answers = vec![
            tlv::encode(0x7C, &tlv::encode(0x80, &nonce)),
            element(0x82, len),
            element(0x84, len),
            tlv::encode(0x7C, &tlv::encode(0x86, &token)),
        ];
        let error = run(protocol, id, answers);
        prop_assert!(
            matches!(error, CardError::Pace(_)),
            "{:?}",
            error
        );
    }
}
