//! The PACE part of the BSI TR-03110 "Worked Example for Extended Access Control" v1.01
//! (ECDH-GM-AES-128 on brainpoolP256r1, password 123456), values as published in OpenPACE's
//! `src/eactest.c` (`tc_ecdh_*`): the example's EF.CardAccess, then the whole exchange driven by
//! the terminal with the example's secrets. The example uses the password as a PIN; its K_π is
//! derived exactly like a CAN's, so it runs here as a CAN (password reference 02).

mod common;

use common::ScriptedTransport;
use egate_core::access::{AccessKey, Can};
use egate_core::card::CardSession;
use egate_core::crypto::SmCipher;
use egate_core::lds::SecurityInfos;
use egate_core::pace::{
    Agreement, Mapping, PaceOffer, PaceProtocol, PaceTerminal, SessionSecrets, TerminalSecrets,
    candidates, standard_group,
};
use hex_literal::hex;
use zeroize::Zeroizing;

const CARD_ACCESS: [u8; 201] = hex!(
    "3181C6300D060804007F00070202020201023012060A04007F000702020302020201020201013012060A04007F0007020204020202010202010D301C060904007F000702020302300C060704007F0007010202010D020101302F060804007F0007020206162368747470733A2F2F7777772E686A702D636F6E73756C74696E672E636F6D2F686F6D65303E060804007F000702020831323012060A04007F00070202030202020102020102301C060904007F000702020302300C060704007F0007010202010D020102"
);
const MAP_PCD_SK: [u8; 32] =
    hex!("752287F5B02DE3C4BC3E17945118C51B23C97278E4CD748048AC56BA5BDC3D46");
const MAP_PCD_PK: &str = "043DD29BBE5907FD21A152ADA4895FAAE7ACC55F5E50EFBFDE5AB0C6EB54F198D615913635F0FDF5BEB383E00355F82D3C41ED0DF2E28363433DFB73856A15DC9F";
const MAP_PICC_PK: &str = "049CFCF7582AC986D0DD52FA53123414C3E1B96B4D00ABA8E574679B70EFB5BC3B45D2F13729CC2AE178E7E241B443213533B77DBB44649A815DDC4A2384BA422A";
const EPH_PCD_SK: [u8; 33] =
    hex!("009D9A32DF93A57CCE33CA3CDD3457E33A976F293546C73550F397259C93BE0120");
const EPH_PCD_PK: &str = "04518BC4E532AD2A9BD6527804D5D665ABD51041037A0CC8AA922804EB501C222B3427388599AFAAE9FBACE2DF93E13C3C4979CD12F0AE3E3C0126028391554582";
const EPH_PICC_PK: &str = "04282CF38073036AFAC216AF135BD994DA0C357F10BD4C34AFEA1042B2EB0FD6804DF3658B835AC2E7133F13691184542BB50B109963A4662ABDC08B9763AF4B5B";

fn protocol() -> PaceProtocol {
    PaceProtocol {
        mapping: Mapping::Generic,
        agreement: Agreement::Ecdh,
        cipher: SmCipher::Aes128,
    }
}

#[test]
fn the_example_card_access_offers_one_runnable_pace_protocol() {
    let infos = SecurityInfos::parse(&CARD_ACCESS).unwrap();
    assert_eq!(
        infos.infos.len(),
        6,
        "TA, CA, card info locator and privileged terminal kept"
    );
    let offer = PaceOffer::from_security_infos(&infos);
    assert_eq!(offer.infos.len(), 1);
    let (runnable, set_aside) = candidates(&offer);
    assert_eq!(runnable.len(), 1);
    assert_eq!(runnable[0].protocol, protocol());
    assert_eq!(runnable[0].parameter_id, 13);
    assert!(set_aside.is_empty(), "{set_aside:?}");
}

#[test]
fn the_example_mapping_and_key_agreement_values() {
    let group = standard_group(13).unwrap();
    let nonce = hex!("7D98C00FC6C9E9543BBF94A87073A123");
    let h = group
        .multiply(&hex::decode(MAP_PICC_PK).unwrap(), &MAP_PCD_SK, "key")
        .unwrap();
    assert_eq!(
        *h,
        hex!(
            "0471850CFD80FB475947E5B1AF10FE8E6663967C2D264935B31951F763A4B03A5749167388F88F52A109167E3E6592CA0820468D1157A8E781D2F7049179B1D114"
        )
    );
    assert_eq!(
        group.generic_map(&nonce, &h).unwrap(),
        hex!(
            "043929D28BA1E5339D6C5DADE5E33BD3C2F0BD14DD77C7521532261659C918FA6014DD48FA84E62BDE438EDB4C9771D042CDB24B7788BDBAB2031C45751E777F66"
        )
    );
    let shared = group
        .multiply(&hex::decode(EPH_PICC_PK).unwrap(), &EPH_PCD_SK, "key")
        .unwrap();
    let k = group.shared_secret(&shared);
    assert_eq!(
        *k,
        hex!("6E7D077CCD367C2EAA683F1E8EC534302E2D00B6ADAF8A87A6EDA78740F17606")
    );
    let keys = SessionSecrets::derive(&protocol(), &k);
    assert_eq!(*keys.enc, hex!("68406B4162100563D9C901A6154D2901"));
    assert_eq!(*keys.mac, hex!("73FF268784F72AF833FDC9464049AFC9"));
}

#[test]
fn the_example_exchange_runs_with_its_tokens() {
    let map_cmd = format!("10860000457C438141{MAP_PCD_PK}00");
    let map_rsp = format!("7C438241{MAP_PICC_PK}9000");
    let eph_cmd = format!("10860000457C438341{EPH_PCD_PK}00");
    let eph_rsp = format!("7C438441{EPH_PICC_PK}9000");
    let script = [
        ("0022C1A412800A04007F0007020204020283010284010D", "9000"),
        (
            "10860000027C0000",
            "7C128010CE834CDE69FFBB1D1EB21585CD709F189000",
        ),
        (map_cmd.as_str(), map_rsp.as_str()),
        (eph_cmd.as_str(), eph_rsp.as_str()),
        (
            "008600000C7C0A8508A27AE7B36573C1D900",
            "7C0A8608A2658C2F38600B0F9000",
        ),
    ];
    let password = AccessKey::Can(Can::new("123456").unwrap());
    let mut session = CardSession::new(Box::new(ScriptedTransport::new(&script)));
    let pace = PaceTerminal::new(&password, protocol(), 13)
        .unwrap()
        .with_secrets(TerminalSecrets {
            mapping_secret: Some(Zeroizing::new(MAP_PCD_SK.to_vec())),
            ephemeral_secret: Some(Zeroizing::new(EPH_PCD_SK.to_vec())),
            terminal_nonce: None,
        })
        .run(&mut session)
        .unwrap();
    assert_eq!(pace.group, "brainpoolP256r1");
}
