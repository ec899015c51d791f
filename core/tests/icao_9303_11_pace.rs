//! ICAO Doc 9303-11 worked examples of PACE: G.1 (ECDH-GM) and G.2 (DH-GM) and I.1 (ECDH-CAM)
//! as whole APDU exchanges byte for byte, H.1 (ECDH-IM) through T_IFD and H.2 (DH-IM) through
//! the mapped generator, plus the checks on what a chip sends.

mod common;

use common::ScriptedTransport;
use egate_core::access::AccessKey;
use egate_core::card::{CardError, CardSession};
use egate_core::crypto::SmCipher;
use egate_core::mrz::MrzKey;
use egate_core::pace::{
    Agreement, CamEvidence, Mapping, PaceError, PaceProtocol, PaceSession, PaceTerminal,
    SessionSecrets, TerminalSecrets, authentication_token, decrypt_nonce,
    integrated_mapping_octets, standard_group, verify_chip_authentication,
};
use hex_literal::hex;
use zeroize::Zeroizing;

fn protocol(mapping: Mapping, agreement: Agreement) -> PaceProtocol {
    PaceProtocol {
        mapping,
        agreement,
        cipher: SmCipher::Aes128,
    }
}

fn g_password() -> AccessKey {
    AccessKey::Mrz(MrzKey::from_typed("T22000129", "640812", "101031").unwrap())
}

fn secrets(mapping: &[u8], ephemeral: &[u8]) -> TerminalSecrets {
    TerminalSecrets {
        mapping_secret: Some(Zeroizing::new(mapping.to_vec())),
        ephemeral_secret: Some(Zeroizing::new(ephemeral.to_vec())),
        terminal_nonce: None,
    }
}

fn run(
    script: &[(&str, &str)],
    password: &AccessKey,
    protocol: PaceProtocol,
    parameter_id: u8,
    secrets: TerminalSecrets,
) -> Result<PaceSession, CardError> {
    let mut session = CardSession::new(Box::new(ScriptedTransport::new(script)));
    let result = PaceTerminal::new(password, protocol, parameter_id)
        .unwrap()
        .with_secrets(secrets)
        .run(&mut session);
    if let Err(error) = &result {
        eprintln!("PACE stopped with {error:?}");
    }
    result
}

/// G.1 exchanges; MSE:Set AT in its `84 01 0D` form.
const G1: [(&str, &str); 5] = [
    ("0022C1A412800A04007F0007020204020283010184010D", "9000"),
    (
        "10860000027C0000",
        "7C12801095A3A016522EE98D01E76CB6B98B42C39000",
    ),
    (
        "10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00",
        "7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000",
    ),
    (
        "10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200",
        "7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000",
    ),
    (
        "008600000C7C0A8508C2B0BD78D94BA86600",
        "7C0A86083ABB9674BCE93C089000",
    ),
];

const G1_MAP_SK: [u8; 32] =
    hex!("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99");
const G1_EPH_SK: [u8; 32] =
    hex!("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595");

#[test]
fn g1_ecdh_generic_mapping_exchange_byte_for_byte() {
    let pace = run(
        &G1,
        &g_password(),
        protocol(Mapping::Generic, Agreement::Ecdh),
        13,
        secrets(&G1_MAP_SK, &G1_EPH_SK),
    )
    .unwrap();
    assert_eq!(pace.group, "brainpoolP256r1");
    assert_eq!(pace.secure_messaging.ssc().as_bytes(), &[0u8; 16]);
    assert!(pace.cam.is_none());
}

#[test]
fn g1_session_keys_from_the_shared_secret() {
    let keys = SessionSecrets::derive(
        &protocol(Mapping::Generic, Agreement::Ecdh),
        &hex!("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925"),
    );
    assert_eq!(*keys.enc, hex!("F5F0E35C0D7161EE6724EE513A0D9A7F"));
    assert_eq!(*keys.mac, hex!("FE251C7858B356B24514B3BD5F4297D1"));
}

#[test]
fn g1_tampered_chip_token_is_rejected() {
    let mut script = G1;
    script[4].1 = "7C0A86083ABB9674BCE93C099000";
    let err = run(
        &script,
        &g_password(),
        protocol(Mapping::Generic, Agreement::Ecdh),
        13,
        secrets(&G1_MAP_SK, &G1_EPH_SK),
    )
    .unwrap_err();
    assert_eq!(err, CardError::Pace(PaceError::TokenMismatch));
}

/// A chip refuses mutual authentication (6300) when the terminal's token, keyed from a wrong
/// password, does not verify; the terminal reports which password was refused. (The chip side
/// of this check runs for real in `tests/tests/pace_simulator.rs`.)
#[test]
fn a_refused_mutual_authentication_is_access_denied_naming_the_password() {
    let mut script = G1;
    script[4] = ("", "6300");
    let wrong = AccessKey::Mrz(MrzKey::from_typed("T22000130", "640812", "101031").unwrap());
    let mut script = script.to_vec();
    script[2].0 = "";
    script[3].0 = "";
    let err = run(
        &script,
        &wrong,
        protocol(Mapping::Generic, Agreement::Ecdh),
        13,
        secrets(&G1_MAP_SK, &G1_EPH_SK),
    )
    .unwrap_err();
    assert_eq!(
        err,
        CardError::AccessDenied {
            password: egate_core::card::PasswordKind::Mrz
        }
    );
}

#[test]
fn a_blocked_password_is_access_denied_at_mse_set_at() {
    let err = run(
        &[("0022C1A412800A04007F0007020204020283010184010D", "63C0")],
        &g_password(),
        protocol(Mapping::Generic, Agreement::Ecdh),
        13,
        TerminalSecrets::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        CardError::AccessDenied {
            password: egate_core::card::PasswordKind::Mrz
        }
    );
}

#[test]
fn an_invalid_chip_mapping_key_is_rejected_before_use() {
    // The G.1 chip mapping key with its last coordinate byte changed: not on the curve.
    let mut script = G1[..3].to_vec();
    script[2].1 = "7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C559000";
    let err = run(
        &script,
        &g_password(),
        protocol(Mapping::Generic, Agreement::Ecdh),
        13,
        secrets(&G1_MAP_SK, &G1_EPH_SK),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            CardError::Pace(PaceError::InvalidPublicKey {
                reason: "not on the curve",
                ..
            })
        ),
        "{err:?}"
    );
}

#[test]
fn a_reflected_ephemeral_key_is_rejected() {
    let mut script = G1[..4].to_vec();
    script[3].1 = "7C438441042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB364629000";
    let err = run(
        &script,
        &g_password(),
        protocol(Mapping::Generic, Agreement::Ecdh),
        13,
        secrets(&G1_MAP_SK, &G1_EPH_SK),
    )
    .unwrap_err();
    assert_eq!(err, CardError::Pace(PaceError::ReflectedPublicKey));
}

#[test]
fn an_identity_mapped_generator_is_rejected() {
    // With H = −s·G the mapped generator s·G + H is the identity (a chip could steer H there
    // by choosing its mapping key from the terminal's); the map must refuse it.
    let group = standard_group(13).unwrap();
    let s = hex!("3F00C4D39D153F2B2A214A078D899B22");
    let identity_h = group.generic_map(&s, &group.generator());
    assert!(identity_h.is_ok(), "G itself maps to s·G + G");
    let minus_s_g = negate_point(&group.multiply(&group.generator(), &s, "G").unwrap());
    assert_eq!(
        group.generic_map(&s, &minus_s_g).unwrap_err(),
        PaceError::IdentityGenerator
    );
}

/// −P for an uncompressed point on brainpoolP256r1: (x, p − y).
fn negate_point(point: &[u8]) -> Vec<u8> {
    let p = hex!("A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377");
    let y = &point[33..];
    let mut out = point[..33].to_vec();
    let mut borrow = 0i16;
    let mut neg = [0u8; 32];
    for i in (0..32).rev() {
        let diff = p[i] as i16 - y[i] as i16 - borrow;
        borrow = i16::from(diff < 0);
        neg[i] = (diff + 256 * borrow) as u8;
    }
    out.extend_from_slice(&neg);
    out
}

#[test]
fn g2_dh_generic_mapping_exchange_byte_for_byte() {
    let pcd_map_pk = "23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3EB71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A44D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022DCB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C";
    let picc_map_pk = "78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F2449400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6";
    let pcd_eph_pk = "907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08FA8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4";
    let picc_eph_pk = "075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1";
    let map_cmd = format!("10860000867C81838181 80{pcd_map_pk}00").replace(' ', "");
    let map_rsp = format!("7C818382818 0{picc_map_pk}9000").replace(' ', "");
    let eph_cmd = format!("10860000867C8183838180{pcd_eph_pk}00");
    let eph_rsp = format!("7C8183848180{picc_eph_pk}9000");
    let script = [
        ("0022C1A412800A04007F00070202040102830101840100", "9000"),
        (
            "10860000027C0000",
            "7C128010854D8DF5827FA6852D1A4FA701CDDDCA9000",
        ),
        (map_cmd.as_str(), map_rsp.as_str()),
        (eph_cmd.as_str(), eph_rsp.as_str()),
        (
            "008600000C7C0A8508B46DD9BD4D98381F00",
            "7C0A8608917F37B5C0E6D8D19000",
        ),
    ];
    let pace = run(
        &script,
        &g_password(),
        protocol(Mapping::Generic, Agreement::Dh),
        0,
        secrets(
            &hex!("5265030F751F4AD18B08AC565FC7AC952E41618D"),
            &hex!("89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA"),
        ),
    )
    .unwrap();
    assert_eq!(pace.group, "MODP-1024-160");
    let keys = SessionSecrets::derive(
        &protocol(Mapping::Generic, Agreement::Dh),
        &hex!(
            "6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E38B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD"
        ),
    );
    assert_eq!(*keys.enc, hex!("2F7F46ADCC9E7E521B45D192FAFA9126"));
    assert_eq!(*keys.mac, hex!("805A1D27D45A5116F73C54469462B7D8"));
}

#[test]
fn dh_public_values_outside_the_subgroup_are_rejected() {
    let group = standard_group(0).unwrap();
    let mut one = vec![0u8; 128];
    one[127] = 1;
    assert!(matches!(
        group.validate(&one, "key"),
        Err(PaceError::InvalidPublicKey {
            reason: "out of range",
            ..
        })
    ));
    let mut two = vec![0u8; 128];
    two[127] = 2;
    assert!(matches!(
        group.validate(&two, "key"),
        Err(PaceError::InvalidPublicKey {
            reason: "not in the prime-order subgroup",
            ..
        })
    ));
    assert!(group.validate(&group.generator(), "key").is_ok());
}

#[test]
fn h1_ecdh_integrated_mapping_through_the_terminal_token() {
    let im = protocol(Mapping::Integrated, Agreement::Ecdh);
    let k_pi = hex!("591468CDA83D65219CCCB8560233600F");
    let s = decrypt_nonce(&im, &k_pi, &hex!("143DC40C08C8E891FBED7DEDB92B64AD")).unwrap();
    assert_eq!(*s, hex!("2923BE84E16CD6AE529049F1F1BBE9EB"));
    let group = standard_group(13).unwrap();
    let t = hex!("5DD4CBFC96F5453B130D890A1CDBAE32");
    let octets = integrated_mapping_octets(&im, &s, &t, group.prime_bits()).unwrap();
    assert_eq!(
        *octets,
        hex!(
            "E4447E2DFB3586BAC05DDB00156B57FBB2179A3949294C972541898 00C517BAA8DA0FF397ED8C445D3E421E4FEB57322"
        )
    );
    let mapped = group.integrated_map(&octets).unwrap();
    assert_eq!(
        mapped,
        hex!(
            "048E82D31559ED0FDE92A4D0498ADD3C23BABA94FB77691E31E90AEA77FB17D4274C1AE14BD0C3DBAC0C871B7F3608169364437CA30AC243A089D3F266C1E60FAD"
        )
    );
    let picc_eph_pk = hex!(
        "0467F78E5F7F7686082B293E8D087E056916D0F74BC01A5F8957D0DE45691E51E8932B69A962B52A0985AD2C0A271EE6A13A8ADDDCD1A3A994B9DED257F4D22753"
    );
    let pcd_eph_sk = hex!("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595");
    let shared = group.multiply(&picc_eph_pk, &pcd_eph_sk, "key").unwrap();
    assert_eq!(
        *group.shared_secret(&shared),
        hex!("4F150FDE1D4F0E38E95017B891BAE17133A0DF45B0D3E18B60BA7BEAFDC2C713")
    );
    let keys = SessionSecrets::derive(&im, &group.shared_secret(&shared));
    assert_eq!(
        authentication_token(&im, &keys.mac, &picc_eph_pk).unwrap(),
        hex!("450F02B86F6A0909")
    );
}

#[test]
fn h2_dh_integrated_mapping_through_the_mapped_generator() {
    let im = protocol(Mapping::Integrated, Agreement::Dh);
    assert_eq!(im.oid().to_string(), "0.4.0.127.0.7.2.2.4.3.2");
    let k_pi = hex!("591468CDA83D65219CCCB8560233600F");
    let s = decrypt_nonce(&im, &k_pi, &hex!("9ABB8864CA0FF1551E620D1EF4E13510")).unwrap();
    assert_eq!(*s, hex!("FA5B7E3E49753A0DB9178B7B9BD898C8"));
    let group = standard_group(0).unwrap();
    let t = hex!("B3A6DB3C870C3E99245E0D1C06B747DE");
    let octets = integrated_mapping_octets(&im, &s, &t, group.prime_bits()).unwrap();
    assert_eq!(
        group.integrated_map(&octets).unwrap(),
        hex!(
            "1D7D767F11E333BCD6DBAEF40E799E7A926B96973550656FF3C830726D118D61C276CDCC61D475CF03A98E0C0E79CAEBA5BE25578BD4551D0B10903236F0B0F976852FA78EEA14EA0ACA87D1E91F688FE0DFF897BBE35A472621D343564B262F34223AE8FC59B664BFEDFA2BFE7516CA5510A6BBB633D517EC25D4E0BBAA16C2"
        )
    );
}

#[test]
fn integrated_mapping_is_undefined_on_p224() {
    let group = standard_group(10).unwrap();
    assert_eq!(
        group.integrated_map(&[0x42; 44]).unwrap_err(),
        PaceError::IntegratedMappingUndefined("NIST P-224")
    );
}

const I1_PK_IC: [u8; 65] = hex!(
    "041872709494399E7470A6431BE25E83EEE24FEA568C2ED28DB48E05DB3A610DC884D256A40E35EFCB59BF6753D3A489D28C7A4D973C2DA138A6E7A4A08F68E16F"
);

#[test]
fn i1_chip_authentication_mapping_exchange_and_chip_proof() {
    let script = [
        ("0022C1A412800A04007F0007020204060283010184010D", "9000"),
        (
            "10860000027C0000",
            "7C128010CB60E8E0D85B76A9BD304747C2AD42E29000",
        ),
        (
            "10860000457C438141047F1D410ADB7DDB3B84BF1030800981A9105D7457B4A3ADE002384F3086C67EDE1AB889104A27DB6D842B019020FBF3CEACB0DC627F7BDCAC29969E19D0E553C100",
            "7C43824104A234236AA9B9621E8EFB73B5245C0E09D2576E5277183C1208BDD55280CAE8B304F365713A356E65A451E165ECC9AC0AC46E3771342C8FE5AEDD092685338E239000",
        ),
        (
            "10860000457C43834104446C934084D9DAB863944F219520076C29EE3F7AE6722B11FF319EC1C7728F955483400BFF60BF0C5929270009277DC2A515E12575010AD9BA916CF1BF86FEFC00",
            "7C4384410402AD566F3C6EC7F9324509AD50A51FA52030782A4968FCFEDF737DAEA993333111C3B9B4C2287789BD137E7F8AA882E2A3C633CCD6ECC2C63C57AD401A09C2E19000",
        ),
        (
            "008600000C7C0A8508E86BD06018A1CD3B00",
            "7C3C86088596CF055C67C1A38A301EEA964DAAE372AC990E3EFDE6333353BFC89A6704D93DA8798CF77F5B7A54BD10CBA372B42BE0B9B5F28AA8DE2F4F929000",
        ),
    ];
    let password = AccessKey::Mrz(MrzKey::from_typed("C11T002JM", "960812", "231031").unwrap());
    let pace = run(
        &script,
        &password,
        protocol(Mapping::ChipAuthentication, Agreement::Ecdh),
        13,
        secrets(
            &hex!("5D8BB87BD74D985A4B7D4325B9F7B976FE835122773400798914AA22738135CC"),
            &hex!("76ECFDAA9841C323A3F5FC5E88B88DB3EFF7E35EBF57A7E6946CB630006C2120"),
        ),
    )
    .unwrap();
    let cam = pace.cam.expect("CAM evidence");
    assert_eq!(
        cam.chip_authentication_data,
        hex!("85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B3")
    );
    let group = standard_group(13).unwrap();
    assert!(verify_chip_authentication(group.as_ref(), &cam, &I1_PK_IC).unwrap());
    // Another chip's static key (the G.1 chip mapping key) does not match the proof.
    let other = hex!(
        "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"
    );
    assert!(!verify_chip_authentication(group.as_ref(), &cam, &other).unwrap());
    let forged = CamEvidence {
        chip_authentication_data: hex!(
            "85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B4"
        )
        .to_vec(),
        chip_mapping_key: cam.chip_mapping_key.clone(),
    };
    assert!(!verify_chip_authentication(group.as_ref(), &forged, &I1_PK_IC).unwrap());
}
