//! The chip authenticity protocols and their verdicts: CAM during PACE when its proof was
//! checked against EF.CardSecurity (matched or not), else Chip Authentication with DG14 (run as
//! soon as DG14 is read), else Active Authentication with DG15. Whether the key itself is
//! genuine is passive authentication's call.

use crate::access::AccessOutcome;
use crate::card::{CardError, CardSession};
use crate::chip::{
    ActiveAuthentication, ChipAuthenticationChoice, chip_authenticate, chip_authentication_choice,
    internal_authenticate, verify_active_authentication,
};
use crate::lds::{ElementaryFile, parse_dg14, parse_dg15};
use crate::pace::CamCheck;
use std::collections::BTreeMap;

/// The chip authenticity protocol used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipMethod {
    /// PACE Chip Authentication Mapping.
    Cam,
    /// Chip Authentication v1 (DG14).
    Ca,
    /// Active Authentication (DG15).
    Aa,
}

impl ChipMethod {
    /// `CAM`, `CA` or `AA`.
    pub fn name(self) -> &'static str {
        match self {
            ChipMethod::Cam => "CAM",
            ChipMethod::Ca => "CA",
            ChipMethod::Aa => "AA",
        }
    }
}

/// How the chip authenticity check went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipCheck {
    /// The protocol run; `None` when the chip supports none this reader runs.
    pub method: Option<ChipMethod>,
    /// Why the protocol failed, when it did.
    pub failure: Option<String>,
    /// The Active Authentication challenge and raw signature, for a server to verify too.
    pub active_authentication: Option<ActiveAuthentication>,
}

impl ChipCheck {
    fn passed(method: ChipMethod) -> Self {
        Self {
            method: Some(method),
            failure: None,
            active_authentication: None,
        }
    }

    fn failed(method: ChipMethod, why: impl ToString) -> Self {
        Self {
            method: Some(method),
            failure: Some(why.to_string()),
            active_authentication: None,
        }
    }

    /// Whether the protocol ran and succeeded.
    pub fn succeeded(&self) -> bool {
        self.method.is_some() && self.failure.is_none()
    }
}

/// A protocol failure is a verdict on the chip; losing the card (or cancelling) is not, and
/// ends the read.
fn verdict(method: ChipMethod, error: CardError) -> Result<ChipCheck, CardError> {
    match error {
        CardError::Transport(_) | CardError::Cancelled => Err(error),
        other => Ok(ChipCheck::failed(method, other)),
    }
}

/// The verdict of PACE-CAM, when it ran and its proof was checked.
pub(super) fn cam_check(access: &AccessOutcome) -> Option<ChipCheck> {
    match access.pace.as_ref().and_then(|p| p.cam_check.as_ref()) {
        Some(CamCheck::MatchesCardSecurity) => Some(ChipCheck::passed(ChipMethod::Cam)),
        Some(CamCheck::Mismatch) => Some(ChipCheck::failed(
            ChipMethod::Cam,
            "the chip's CAM data does not match the key in EF.CardSecurity",
        )),
        _ => None,
    }
}

/// The Chip Authentication DG14 offers, if any this reader runs.
pub(super) fn ca_choice(dg14: &[u8]) -> Option<ChipAuthenticationChoice> {
    parse_dg14(dg14)
        .ok()
        .as_ref()
        .and_then(chip_authentication_choice)
}

/// Runs Chip Authentication; on success later commands run under its keys.
pub(super) fn run_ca(
    session: &mut CardSession,
    choice: &ChipAuthenticationChoice,
) -> Result<ChipCheck, CardError> {
    match chip_authenticate(session, choice) {
        Ok(()) => Ok(ChipCheck::passed(ChipMethod::Ca)),
        Err(error) => verdict(ChipMethod::Ca, error),
    }
}

/// Runs Active Authentication with the DG15 key, when DG15 holds one.
pub(super) fn run_aa(
    session: &mut CardSession,
    files: &BTreeMap<ElementaryFile, Vec<u8>>,
    challenge: Option<[u8; 8]>,
) -> Result<Option<ChipCheck>, CardError> {
    let Some(key) = files
        .get(&ElementaryFile::Dg(15))
        .and_then(|bytes| parse_dg15(bytes).ok())
    else {
        return Ok(None);
    };
    let algorithm = files
        .get(&ElementaryFile::Dg(14))
        .and_then(|bytes| parse_dg14(bytes).ok())
        .and_then(|infos| infos.chip_security_infos().active_authentication_algorithm);
    let answer = match internal_authenticate(session, challenge) {
        Ok(answer) => answer,
        Err(error) => return verdict(ChipMethod::Aa, error).map(Some),
    };
    let mut check = match verify_active_authentication(&key, algorithm.as_ref(), &answer) {
        Ok(true) => ChipCheck::passed(ChipMethod::Aa),
        Ok(false) => ChipCheck::failed(ChipMethod::Aa, "the signature does not verify"),
        Err(why) => ChipCheck::failed(ChipMethod::Aa, why),
    };
    check.active_authentication = Some(answer);
    Ok(Some(check))
}

/// No chip authenticity protocol this reader runs.
pub(super) fn none_run() -> ChipCheck {
    ChipCheck {
        method: None,
        failure: None,
        active_authentication: None,
    }
}
