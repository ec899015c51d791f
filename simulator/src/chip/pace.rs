//! The chip side of PACE: MSE:Set AT and the four GENERAL AUTHENTICATE steps for every mapping,
//! key agreement and cipher, built from the same core primitives the terminal uses.

use super::VirtualChip;
use super::secure::ChipSecureMessaging;
use egate_core::access::{AccessKey, Can};
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::card::PasswordKind;
use egate_core::crypto::random_bytes;
use egate_core::pace::{
    Mapping, PaceError, PaceGroup, PaceProtocol, Secret, SessionSecrets, authentication_token,
    dynamic_authentication_data, encrypt_chip_authentication_data, encrypt_nonce,
    integrated_mapping_octets, password_key, standard_group,
};
use egate_core::sm::Ssc;
use egate_core::tlv;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Where a PACE run stands.
#[derive(Debug)]
pub(super) struct PaceState {
    protocol: PaceProtocol,
    parameter_id: u8,
    group: Box<dyn PaceGroup>,
    password: PasswordKind,
    step: Step,
}

#[derive(Debug)]
enum Step {
    Selected,
    NonceSent {
        nonce: Zeroizing<Vec<u8>>,
    },
    Mapped {
        generator: Vec<u8>,
        map_secret: Option<Secret>,
    },
    Agreed {
        keys: SessionSecrets,
        own_key: Vec<u8>,
        terminal_key: Vec<u8>,
        map_secret: Option<Secret>,
    },
}

/// MSE:Set AT: selects one of the offered protocols with a password.
pub(super) fn set_authentication_template(
    chip: &mut VirtualChip,
    command: &CommandApdu,
) -> ResponseApdu {
    chip.state.pace = None;
    if command.p1 != 0xC1 || command.p2 != 0xA4 {
        return ResponseApdu::status(StatusWord::WRONG_P1P2);
    }
    let mut oid = None;
    let mut password = None;
    let mut parameter_id = None;
    for item in tlv::iter(&command.data) {
        let Ok(item) = item else {
            return ResponseApdu::status(StatusWord::WRONG_DATA);
        };
        match (item.tag, item.value) {
            (0x80, value) => oid = der::asn1::ObjectIdentifier::from_bytes(value).ok(),
            (0x83, [0x01]) => password = Some(PasswordKind::Mrz),
            (0x83, [0x02]) => password = Some(PasswordKind::Can),
            (0x84, [id]) => parameter_id = Some(*id),
            (0x83 | 0x84, _) => return ResponseApdu::status(StatusWord::REFERENCED_DATA_NOT_FOUND),
            _ => {}
        }
    }
    let (Some(protocol), Some(password)) =
        (oid.as_ref().and_then(PaceProtocol::from_oid), password)
    else {
        return ResponseApdu::status(StatusWord::WRONG_DATA);
    };
    let offered = chip
        .pace
        .iter()
        .find(|o| o.protocol == protocol && parameter_id.is_none_or(|id| id == o.parameter_id));
    let Some(offered) = offered else {
        return ResponseApdu::status(StatusWord::REFERENCED_DATA_NOT_FOUND);
    };
    let Ok(group) = standard_group(offered.parameter_id) else {
        return ResponseApdu::status(StatusWord::REFERENCED_DATA_NOT_FOUND);
    };
    chip.state.pace = Some(PaceState {
        protocol,
        parameter_id: offered.parameter_id,
        group,
        password,
        step: Step::Selected,
    });
    ResponseApdu::status(StatusWord::SUCCESS)
}

/// One GENERAL AUTHENTICATE step; any failure ends the run.
pub(super) fn general_authenticate(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    let Some(mut state) = chip.state.pace.take() else {
        return ResponseApdu::status(StatusWord::CONDITIONS_NOT_SATISFIED);
    };
    let last = command.cla & 0x10 == 0;
    let Ok(objects) = dynamic_authentication_data(&command.data) else {
        return ResponseApdu::status(StatusWord::WRONG_DATA);
    };
    let step = std::mem::replace(&mut state.step, Step::Selected);
    let result = match (step, last) {
        (Step::Selected, false) => send_nonce(chip, &state),
        (Step::NonceSent { nonce }, false) => map_nonce(&state, &nonce, &objects),
        (
            Step::Mapped {
                generator,
                map_secret,
            },
            false,
        ) => agree(&state, &generator, map_secret, &objects),
        (
            Step::Agreed {
                keys,
                own_key,
                terminal_key,
                map_secret,
            },
            true,
        ) => {
            return authenticate(
                chip,
                &state,
                &keys,
                &own_key,
                &terminal_key,
                map_secret,
                &objects,
            );
        }
        _ => Err(StatusWord::CONDITIONS_NOT_SATISFIED),
    };
    match result {
        Ok((next, data)) => {
            state.step = next;
            chip.state.pace = Some(state);
            ResponseApdu::new(tlv::encode(0x7C, &data), StatusWord::SUCCESS)
        }
        Err(sw) => ResponseApdu::status(sw),
    }
}

type StepResult = Result<(Step, Vec<u8>), StatusWord>;

fn password(chip: &VirtualChip, kind: PasswordKind) -> Result<AccessKey, StatusWord> {
    match kind {
        PasswordKind::Mrz => Ok(AccessKey::Mrz(chip.key.clone())),
        PasswordKind::Can => Can::new(&chip.can)
            .map(AccessKey::Can)
            .map_err(|_| StatusWord::REFERENCED_DATA_NOT_FOUND),
    }
}

fn internal(_: PaceError) -> StatusWord {
    StatusWord::WRONG_DATA
}

/// Step 1: s of the smallest block multiple at least the key length, encrypted under K_π.
fn send_nonce(chip: &VirtualChip, state: &PaceState) -> StepResult {
    let cipher = state.protocol.cipher;
    let len = state
        .protocol
        .key_len()
        .next_multiple_of(cipher.block_size());
    let mut nonce = Zeroizing::new(vec![0u8; len]);
    random_bytes(&mut nonce).map_err(|_| StatusWord(0x6F00))?;
    let k_pi = password_key(&state.protocol, &password(chip, state.password)?);
    let encrypted = encrypt_nonce(&state.protocol, &k_pi, &nonce).map_err(internal)?;
    Ok((Step::NonceSent { nonce }, tlv::encode(0x80, &encrypted)))
}

fn value(objects: &[(u32, Vec<u8>)], tag: u32) -> Result<&[u8], StatusWord> {
    objects
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, v)| v.as_slice())
        .ok_or(StatusWord::WRONG_DATA)
}

/// Step 2: the mapping, answered with the chip's mapping key (GM, CAM) or an empty 7C (IM).
fn map_nonce(state: &PaceState, nonce: &[u8], objects: &[(u32, Vec<u8>)]) -> StepResult {
    let group = state.group.as_ref();
    let mapping_data = value(objects, 0x81)?;
    match state.protocol.mapping {
        Mapping::Generic | Mapping::ChipAuthentication => {
            let secret = group.random_secret().map_err(internal)?;
            let own_key = group
                .multiply(&group.generator(), &secret, "generator")
                .map_err(internal)?;
            if bool::from(own_key.ct_eq(mapping_data)) {
                return Err(StatusWord::WRONG_DATA);
            }
            let h = group
                .multiply(mapping_data, &secret, "mapping key")
                .map_err(internal)?;
            let generator = group.generic_map(nonce, &h).map_err(internal)?;
            Ok((
                Step::Mapped {
                    generator,
                    map_secret: Some(secret),
                },
                tlv::encode(0x82, &own_key),
            ))
        }
        Mapping::Integrated => {
            let octets =
                integrated_mapping_octets(&state.protocol, nonce, mapping_data, group.prime_bits())
                    .map_err(internal)?;
            let generator = group.integrated_map(&octets).map_err(internal)?;
            Ok((
                Step::Mapped {
                    generator,
                    map_secret: None,
                },
                Vec::new(),
            ))
        }
    }
}

/// Step 3: ephemeral key agreement on the mapped generator.
fn agree(
    state: &PaceState,
    generator: &[u8],
    map_secret: Option<Secret>,
    objects: &[(u32, Vec<u8>)],
) -> StepResult {
    let group = state.group.as_ref();
    let terminal_key = value(objects, 0x83)?.to_vec();
    let secret = group.random_secret().map_err(internal)?;
    let own_key = group
        .multiply(generator, &secret, "generator")
        .map_err(internal)?
        .to_vec();
    if bool::from(own_key.ct_eq(&terminal_key)) {
        return Err(StatusWord::WRONG_DATA);
    }
    let shared = group
        .multiply(&terminal_key, &secret, "ephemeral key")
        .map_err(internal)?;
    let keys = SessionSecrets::derive(&state.protocol, &group.shared_secret(&shared));
    let data = tlv::encode(0x84, &own_key);
    Ok((
        Step::Agreed {
            keys,
            own_key,
            terminal_key,
            map_secret,
        },
        data,
    ))
}

/// Step 4: verifies the terminal's token; on success answers with the chip's token (and the
/// encrypted chip authentication data for CAM) and starts secure messaging.
fn authenticate(
    chip: &mut VirtualChip,
    state: &PaceState,
    keys: &SessionSecrets,
    own_key: &[u8],
    terminal_key: &[u8],
    map_secret: Option<Secret>,
    objects: &[(u32, Vec<u8>)],
) -> ResponseApdu {
    let failed = ResponseApdu::status(StatusWord::AUTHENTICATION_FAILED);
    let Ok(token) = value(objects, 0x85) else {
        return ResponseApdu::status(StatusWord::WRONG_DATA);
    };
    let Ok(expected) = authentication_token(&state.protocol, &keys.mac, own_key) else {
        return failed;
    };
    if !bool::from(expected.ct_eq(token)) {
        return failed;
    }
    let Ok(chip_token) = authentication_token(&state.protocol, &keys.mac, terminal_key) else {
        return failed;
    };
    let mut data = tlv::encode(0x86, &chip_token);
    if state.protocol.mapping == Mapping::ChipAuthentication {
        let Some(cam) = map_secret.and_then(|map_secret| {
            let static_secret = chip.keys.cam_secret(state.parameter_id)?;
            let ca = state
                .group
                .chip_authentication_data(&static_secret, &map_secret)
                .ok()?;
            encrypt_chip_authentication_data(state.protocol.cipher, &keys.enc, &ca).ok()
        }) else {
            return failed;
        };
        data.extend(tlv::encode(0x8A, &cam));
    }
    let Ok(session_keys) = keys.secure_messaging_keys(&state.protocol) else {
        return failed;
    };
    chip.state.sm = Some(ChipSecureMessaging::new(
        session_keys,
        Ssc::zero(state.protocol.cipher),
    ));
    chip.state.authenticated = true;
    ResponseApdu::new(tlv::encode(0x7C, &data), StatusWord::SUCCESS)
}
