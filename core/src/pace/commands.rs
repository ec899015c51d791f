//! The PACE command APDUs (ICAO 9303-11 §4.4.4): MSE:Set AT and the chained GENERAL
//! AUTHENTICATE steps with their dynamic authentication data (tag 7C).

use super::{PaceError, PaceProtocol};
use crate::apdu::CommandApdu;
use crate::card::PasswordKind;
use crate::tlv;

/// The password reference of MSE:Set AT (tag 83): 1 for the MRZ, 2 for the CAN.
pub fn password_reference(password: PasswordKind) -> u8 {
    match password {
        PasswordKind::Mrz => 0x01,
        PasswordKind::Can => 0x02,
    }
}

/// MSE:Set AT selecting `protocol` with `password`; the parameter ID (tag 84) is always sent
/// when known, so that a chip offering several parameter sets never guesses.
pub fn mse_set_at(
    protocol: &PaceProtocol,
    password: PasswordKind,
    parameter_id: Option<u8>,
) -> CommandApdu {
    let mut data = tlv::encode(0x80, protocol.oid().as_bytes());
    data.extend(tlv::encode(0x83, &[password_reference(password)]));
    if let Some(id) = parameter_id {
        data.extend(tlv::encode(0x84, &[id]));
    }
    CommandApdu::new(0x00, 0x22, 0xC1, 0xA4).with_data(data)
}

/// One GENERAL AUTHENTICATE step carrying `object` (tag, value) inside 7C; chained (CLA 10)
/// unless it is the last step. `long_response` asks for an extended Le.
pub fn general_authenticate(
    object: Option<(u32, &[u8])>,
    last: bool,
    long_response: bool,
) -> CommandApdu {
    let inner = object.map_or_else(Vec::new, |(tag, value)| tlv::encode(tag, value));
    let cla = if last { 0x00 } else { 0x10 };
    CommandApdu::new(cla, 0x86, 0x00, 0x00)
        .with_data(tlv::encode(0x7C, &inner))
        .with_le(if long_response { 65_536 } else { 256 })
}

/// The data objects inside a 7C dynamic authentication data response.
pub fn dynamic_authentication_data(response: &[u8]) -> Result<Vec<(u32, Vec<u8>)>, PaceError> {
    let (outer, rest) = tlv::split_first(response)
        .map_err(|_| PaceError::Malformed("dynamic authentication data"))?;
    if outer.tag != 0x7C || !rest.is_empty() {
        return Err(PaceError::Malformed("dynamic authentication data"));
    }
    tlv::iter(outer.value)
        .map(|item| {
            item.map(|t| (t.tag, t.value.to_vec()))
                .map_err(|_| PaceError::Malformed("dynamic authentication data"))
        })
        .collect()
}

/// The value of `tag` among `objects`, or a typed error naming what was expected.
pub fn required(
    objects: &[(u32, Vec<u8>)],
    tag: u32,
    what: &'static str,
) -> Result<Vec<u8>, PaceError> {
    objects
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, v)| v.clone())
        .ok_or(PaceError::Malformed(what))
}
