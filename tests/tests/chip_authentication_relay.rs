//! Chip Authentication with a remote terminal (the gateway's `RelayTerminal`) through the app's
//! relay, against the simulated chips: AES over ECDH and 3DES over DH both prove the chip; an
//! answer altered on the way, a DG1 other than the chip's, and a chip without the DG14 private
//! key are refused.

use egate_core::access::AccessKey;
use egate_core::card::SharedTransport;
use egate_core::idv::{RelayRefusal, RelayRequest, RelayTerminal, relay_chip_authentication};
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::ports::TransportCapabilities;
use egate_core::read::{DocumentReader, NoProgress, ReadOptions};
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};

/// A finished read of `profile`'s card, its connection, and the gateway's terminal and request
/// made from the DG14 and DG1 read.
fn relayed(profile: &Profile) -> (DocumentReader, SharedTransport, RelayTerminal, RelayRequest) {
    let chip = VirtualChip::new(profile).unwrap();
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    let card = SharedTransport::new(Box::new(transport));
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
    let mut reader = DocumentReader::new(key, ReadOptions::default());
    let read = reader.read(card.handle(), &NoProgress).unwrap();
    let (terminal, request) = RelayTerminal::start(
        &read.files[&ElementaryFile::Dg(14)],
        &read.files[&ElementaryFile::Dg(1)],
    )
    .unwrap();
    (reader, card, terminal, request)
}

#[test]
fn the_remote_terminal_proves_aes_and_3des_chips_through_the_relay() {
    for (name, protocol) in [
        ("td1-id", "0.4.0.127.0.7.2.2.3.2.2"),
        ("td3-passport-dh-ca", "0.4.0.127.0.7.2.2.3.1.1"),
    ] {
        let profile = Profile::by_name(name).unwrap();
        let (mut reader, card, terminal, request) = relayed(&profile);
        assert_eq!(request.protocol.to_string(), protocol, "{name}");
        assert_eq!(request.commands.len(), 2);
        let answer =
            relay_chip_authentication(&mut reader, card.handle(), &NoProgress, &request).unwrap();
        assert_eq!(terminal.finish(&answer), Ok(()), "{name}");
    }
}

#[test]
fn altered_answers_another_dg1_and_a_clone_are_refused() {
    let profile = Profile::by_name("td1-id").unwrap();
    let (mut reader, card, terminal, request) = relayed(&profile);
    let mut answer =
        relay_chip_authentication(&mut reader, card.handle(), &NoProgress, &request).unwrap();
    answer.responses[1][3] ^= 0x01;
    assert!(matches!(
        terminal.finish(&answer),
        Err(RelayRefusal::NotProven(_))
    ));

    let (mut reader, card, _, request) = relayed(&profile);
    let chip_dg1 =
        reader.read(card.handle(), &NoProgress).unwrap().files[&ElementaryFile::Dg(1)].clone();
    let mut other_dg1 = chip_dg1.clone();
    *other_dg1.last_mut().unwrap() ^= 0x01;
    let dg14 =
        reader.read(card.handle(), &NoProgress).unwrap().files[&ElementaryFile::Dg(14)].clone();
    let (terminal, request_for_other) = RelayTerminal::start(&dg14, &other_dg1).unwrap();
    assert_ne!(request_for_other.terminal_key, request.terminal_key);
    let answer =
        relay_chip_authentication(&mut reader, card.handle(), &NoProgress, &request_for_other)
            .unwrap();
    assert_eq!(terminal.finish(&answer), Err(RelayRefusal::Dg1Differs));

    let clone = Profile::by_name("td1-id-clone-wrong-key").unwrap();
    let (mut reader, card, terminal, request) = relayed(&clone);
    let refused = relay_chip_authentication(&mut reader, card.handle(), &NoProgress, &request)
        .map_err(|e| e.to_string())
        .and_then(|answer| terminal.finish(&answer).map_err(|e| e.code().to_owned()));
    assert_eq!(refused, Err("chip_authentication_failed".into()));
}
