//! ICAO Doc 9303-11 Appendix D worked example: BAC key derivation, mutual authentication and
//! secure-messaging protected APDUs, byte for byte.

mod common;

use common::ScriptedTransport;
use egate_core::access::BacTerminal;
use egate_core::apdu::CommandApdu;
use egate_core::apdu::StatusWord;
use egate_core::card::{CardError, CardSession};
use egate_core::mrz::MrzKey;
use egate_core::sm::{SecureMessaging, SmError};
use hex_literal::hex;

/// GET CHALLENGE and EXTERNAL AUTHENTICATE of Appendix D.3.
const D3_EXCHANGES: [(&str, &str); 2] = [
    ("0084000008", "4608F919887022129000"),
    (
        "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728",
        "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000",
    ),
];

/// The Appendix D.2/D.3 terminal (document L898902C, RND.IFD and K.IFD of the example) runs BAC.
fn authenticate_as_in_appendix_d3(transport: ScriptedTransport) -> (CardSession, SecureMessaging) {
    let mut session = CardSession::new(Box::new(transport));
    let key = MrzKey::from_typed("L898902C", "690806", "940623").unwrap();
    let terminal = BacTerminal::with_randoms(
        &key,
        hex!("781723860C06C226"),
        hex!("0B795240CB7049B01C19B33E32804F0B"),
    )
    .unwrap();
    let channel = terminal.authenticate(&mut session).unwrap();
    (session, channel)
}

#[test]
fn bac_mutual_authentication_and_secure_messaging_match_appendix_d() {
    let transport = ScriptedTransport::new(&[
        D3_EXCHANGES[0],
        D3_EXCHANGES[1],
        (
            "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
            "990290008E08FA855A5D4C50A8ED9000",
        ),
        (
            "0CB000000D9701048E08ED6705417E96BA5500",
            "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000",
        ),
        (
            "0CB000040D9701128E082EA28A70F3C7B53500",
            "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
        ),
    ]);
    let (mut session, channel) = authenticate_as_in_appendix_d3(transport);
    assert_eq!(channel.ssc().as_bytes(), hex!("887022120C06C226"));
    session.start_secure_messaging(channel);

    let select = session
        .transmit(&CommandApdu::new(0x00, 0xA4, 0x02, 0x0C).with_data([0x01, 0x1E]))
        .unwrap();
    assert!(select.sw.is_success() && select.data.is_empty());
    let head = session
        .transmit(&CommandApdu::new(0x00, 0xB0, 0x00, 0x00).with_le(4))
        .unwrap();
    assert_eq!(head.data, hex!("60145F01"));
    let rest = session
        .transmit(&CommandApdu::new(0x00, 0xB0, 0x00, 0x04).with_le(0x12))
        .unwrap();
    assert_eq!(rest.data, hex!("04303130365F36063034303030305C026175"));
    assert_eq!(
        session.secure_messaging().unwrap().ssc().as_bytes(),
        hex!("887022120C06C22C")
    );
    assert_eq!(session.stats().apdus, 5);
}

#[test]
fn an_unprotected_error_status_ends_the_secure_session() {
    let transport = ScriptedTransport::new(&[D3_EXCHANGES[0], D3_EXCHANGES[1], ("", "6988")]);
    let (mut session, channel) = authenticate_as_in_appendix_d3(transport);
    session.start_secure_messaging(channel);
    let err = session
        .transmit(&CommandApdu::new(0x00, 0xB0, 0x00, 0x00).with_le(4))
        .unwrap_err();
    assert_eq!(
        err,
        CardError::SecureMessaging(SmError::UnprotectedStatus(StatusWord::SM_OBJECTS_INCORRECT))
    );
    assert!(
        session.secure_messaging().is_none(),
        "the secure channel is closed"
    );
}
