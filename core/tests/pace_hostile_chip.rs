//! A hostile or broken chip during PACE: whatever it answers, the terminal returns a typed error
//! and never panics or opens a session.

use egate_core::access::AccessKey;
use egate_core::card::{CardError, CardSession};
use egate_core::crypto::SmCipher;
use egate_core::mrz::MrzKey;
use egate_core::pace::{Agreement, Mapping, PaceError, PaceProtocol, PaceTerminal, standard_group};
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
    fn arbitrary_answers_never_open_a_session_or_panic(
        (protocol, id) in protocols(),
        answers in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..80), 0..5),
    ) {
        run(protocol, id, answers);
    }

    #[test]
    fn valid_keys_with_a_forged_token_end_in_token_mismatch(
        (protocol, id) in protocols(),
        nonce in prop::collection::vec(any::<u8>(), 16..=16),
        mapping_secret in prop::collection::vec(1u8..=255, 16..=16),
        ephemeral_secret in prop::collection::vec(1u8..=255, 16..=16),
        token in prop::collection::vec(any::<u8>(), 8..=8),
    ) {
        // The chip's keys are genuine group elements (k·G or g^k), so every validation passes
        // and the run reaches mutual authentication, where the forged token must be caught.
        let group = standard_group(id).unwrap();
        let public = |secret: &[u8]| group.multiply(&group.generator(), secret, "G").unwrap().to_vec();
        let mapping_answer = match protocol.mapping {
            Mapping::Integrated => Vec::new(),
            _ => tlv::encode(0x82, &public(&mapping_secret)),
        };
        let answers = vec![
            tlv::encode(0x7C, &tlv::encode(0x80, &nonce)),
            tlv::encode(0x7C, &mapping_answer),
            tlv::encode(0x7C, &tlv::encode(0x84, &public(&ephemeral_secret))),
            tlv::encode(0x7C, &tlv::encode(0x86, &token)),
        ];
        let error = run(protocol, id, answers);
        prop_assert_eq!(error, CardError::Pace(PaceError::TokenMismatch));
    }
}
