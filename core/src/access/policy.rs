//! Which access-control protocol to run for a chip and a password: PACE where the chip offers
//! it, BAC only on BAC-only chips or when the caller explicitly allowed the fallback.

use super::{AccessKey, BacTerminal};
use crate::apdu::CommandApdu;
use crate::card::{CardError, CardSession, PasswordKind};
use crate::crypto::SmCipher;
use crate::lds::{EMRTD_AID, SecurityInfos};

/// The caller's access-control policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccessPolicy {
    /// Run BAC on a chip that offers PACE when PACE cannot be run. Off by default: the result
    /// says when it was used.
    pub allow_bac_fallback: bool,
}

/// The access-control protocol that opened the chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessProtocol {
    /// Basic Access Control.
    Bac,
    /// Password Authenticated Connection Establishment.
    Pace,
}

impl AccessProtocol {
    /// `BAC` or `PACE`.
    pub fn name(self) -> &'static str {
        match self {
            AccessProtocol::Bac => "BAC",
            AccessProtocol::Pace => "PACE",
        }
    }
}

/// What access control established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessOutcome {
    /// The protocol run.
    pub protocol: AccessProtocol,
    /// The password used.
    pub password: PasswordKind,
    /// The secure-messaging cipher.
    pub cipher: SmCipher,
    /// Whether BAC ran on a chip that offers PACE, because the caller allowed the fallback.
    pub bac_fallback: bool,
}

/// Opens the eMRTD application of the chip with `key`, given its EF.CardAccess (if any).
///
/// On return the application is selected and secure messaging is up.
pub fn establish(
    session: &mut CardSession,
    key: &AccessKey,
    policy: AccessPolicy,
    card_access: Option<&SecurityInfos>,
) -> Result<AccessOutcome, CardError> {
    let pace_offered = card_access.is_some_and(SecurityInfos::offers_pace);
    if pace_offered && (!policy.allow_bac_fallback || key.kind() == PasswordKind::Can) {
        let offered = card_access
            .and_then(|infos| infos.pace_infos().next())
            .map(|info| info.protocol.to_string())
            .unwrap_or_default();
        return Err(CardError::PaceUnsupported(offered));
    }
    let AccessKey::Mrz(mrz_key) = key else {
        return Err(CardError::CanRequiresPace);
    };
    select_application(session)?;
    let channel = BacTerminal::new(mrz_key)?.authenticate(session)?;
    session.start_secure_messaging(channel);
    Ok(AccessOutcome {
        protocol: AccessProtocol::Bac,
        password: PasswordKind::Mrz,
        cipher: SmCipher::Tdes,
        bac_fallback: pace_offered,
    })
}

/// SELECT the eMRTD application by its AID.
pub(crate) fn select_application(session: &mut CardSession) -> Result<(), CardError> {
    let response =
        session.transmit(&CommandApdu::new(0x00, 0xA4, 0x04, 0x0C).with_data(EMRTD_AID))?;
    match response.sw.0 {
        0x9000 => Ok(()),
        0x6A82 => Err(CardError::FileNotFound("eMRTD application")),
        _ => Err(CardError::Status {
            command: "SELECT application",
            sw: response.sw,
        }),
    }
}
