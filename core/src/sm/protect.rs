//! Command protection: DO'87' (or DO'85' for odd INS), DO'97' and DO'8E' around a plain command.

use super::{SessionKeys, SmError, Ssc};
use crate::apdu::CommandApdu;
use crate::crypto::pad;
use crate::tlv;

/// Largest Le of a protected short APDU; above this the outer Le is extended (65 536).
const SHORT_LE: usize = 256;

pub(super) fn protect(
    keys: &SessionKeys,
    ssc: &Ssc,
    command: &CommandApdu,
) -> Result<CommandApdu, SmError> {
    let cla = command.cla | 0x0C;
    let header = pad(
        &[cla, command.ins, command.p1, command.p2],
        keys.cipher().block_size(),
    );
    let mut body = Vec::new();
    if !command.data.is_empty() {
        let cryptogram = keys.encrypt(ssc, &command.data)?;
        if command.ins & 1 == 1 {
            body.extend(tlv::encode(0x85, &cryptogram));
        } else {
            let mut value = Vec::with_capacity(cryptogram.len() + 1);
            value.push(0x01);
            value.extend_from_slice(&cryptogram);
            body.extend(tlv::encode(0x87, &value));
        }
    }
    if let Some(le) = command.le {
        body.extend(tlv::encode(0x97, &le_bytes(le)));
    }
    let mut mac_input = header;
    mac_input.extend_from_slice(&body);
    let mac = keys.mac(ssc, &mac_input)?;
    body.extend(tlv::encode(0x8E, &mac));

    let extended = command.le.is_some_and(|le| le > SHORT_LE) || body.len() > 255;
    Ok(CommandApdu::new(cla, command.ins, command.p1, command.p2)
        .with_data(body)
        .with_le(if extended { 65_536 } else { SHORT_LE }))
}

/// Le as carried in DO'97': one byte up to 256 (256 as `00`), else two (65 536 as `00 00`).
fn le_bytes(le: usize) -> Vec<u8> {
    if le <= 256 {
        vec![(le % 256) as u8]
    } else {
        ((le % 65_536) as u16).to_be_bytes().to_vec()
    }
}
