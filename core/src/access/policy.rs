//! Which access-control protocol to run for a chip and a password: PACE where the chip offers
//! it, BAC only on BAC-only chips or when the caller explicitly allowed the fallback.

use super::{AccessKey, BacTerminal};
use crate::apdu::CommandApdu;
use crate::apdu::EncodeError;
use crate::card::{CardError, CardSession, PasswordKind};
use crate::crypto::SmCipher;
use crate::lds::{EMRTD_AID, SecurityInfos};
use crate::lds::{ElementaryFile, card_security_infos};
use crate::pace::{
    CamCheck, CamEvidence, PaceError, PaceOffer, PaceProtocol, PaceTerminal, candidates,
    standard_group, verify_chip_authentication,
};
use crate::read::FileReader;
use tracing::{debug, warn};

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

/// The PACE run that opened the chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceDetails {
    /// The protocol (mapping, key agreement, cipher).
    pub protocol: PaceProtocol,
    /// The standardized domain parameter ID.
    pub parameter_id: u8,
    /// The group's name, e.g. `brainpoolP256r1`.
    pub group: &'static str,
    /// Chip Authentication Mapping evidence, for a check against a static key that passive
    /// authentication has verified.
    pub cam: Option<CamEvidence>,
    /// The CAM evidence checked against the chip's EF.CardSecurity.
    pub cam_check: Option<CamCheck>,
    /// EF.CardSecurity as read for that check, for passive authentication of the CAM key.
    pub card_security: Option<Vec<u8>>,
    /// Offered protocols that were not run, with the reason.
    pub set_aside: Vec<String>,
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
    /// The PACE details, when PACE ran.
    pub pace: Option<PaceDetails>,
}

/// Opens the eMRTD application of the chip with `key`, given its EF.CardAccess (if any).
///
/// PACE runs whenever the chip offers it; BAC runs on chips without PACE, or — only when the
/// policy allows it and the password is the MRZ — after PACE could not run, which the outcome
/// then reports. On return the application is selected and secure messaging is up.
pub fn establish(
    session: &mut CardSession,
    key: &AccessKey,
    policy: AccessPolicy,
    card_access: Option<&SecurityInfos>,
) -> Result<AccessOutcome, CardError> {
    establish_with(session, key, policy, card_access, &mut None)
}

/// [`establish`], with EF.CardSecurity for the PACE-CAM check kept in `card_security`: taken
/// from there when an earlier connection to the same chip read it, stored there as soon as it
/// is read (so a read that fails later keeps it).
pub fn establish_with(
    session: &mut CardSession,
    key: &AccessKey,
    policy: AccessPolicy,
    card_access: Option<&SecurityInfos>,
    card_security: &mut Option<Vec<u8>>,
) -> Result<AccessOutcome, CardError> {
    let offer = card_access
        .map(PaceOffer::from_security_infos)
        .unwrap_or_default();
    if offer.is_empty() {
        return run_bac(session, key, false);
    }
    match run_pace(session, key, &offer, card_security) {
        Ok(outcome) => Ok(outcome),
        Err(error)
            if policy.allow_bac_fallback
                && key.kind() == PasswordKind::Mrz
                && could_not_run(&error) =>
        {
            warn!(%error, "PACE failed; falling back to BAC as the caller allowed");
            run_bac(session, key, true).map_err(|bac| match bac {
                // A chip that refuses BAC too (a PACE-only card): report both reasons.
                CardError::Status { .. } => CardError::Pace(PaceError::NoUsableProtocol(format!(
                    "{error}; the allowed BAC fallback failed too: {bac}"
                ))),
                other => other,
            })
        }
        Err(error) => Err(error),
    }
}

/// Whether a PACE failure means PACE could not run here (what a fallback may cover), as opposed
/// to a chip that misbehaved during PACE (invalid keys, a wrong token), which never falls back.
fn could_not_run(error: &CardError) -> bool {
    matches!(
        error,
        CardError::Pace(PaceError::NoUsableProtocol(_) | PaceError::ExplicitParametersUnsupported)
            | CardError::UnsupportedByTransport(_)
            | CardError::Status {
                command: "MSE:Set AT",
                ..
            }
    )
}

fn run_pace(
    session: &mut CardSession,
    key: &AccessKey,
    offer: &PaceOffer,
    card_security: &mut Option<Vec<u8>>,
) -> Result<AccessOutcome, CardError> {
    let (runnable, mut set_aside) = candidates(offer);
    let mut blocked_by_transport = None;
    let mut refused_by_chip = false;
    for candidate in runnable {
        if candidate.needs_extended_length && !session.capabilities().extended_length {
            set_aside.push(format!(
                "{} with parameter ID {}: the reader has no extended-length APDUs",
                candidate.protocol, candidate.parameter_id
            ));
            blocked_by_transport.get_or_insert(EncodeError::NeedsExtendedLength {
                data: candidate.key_command_length,
                le: Some(65_536),
            });
            continue;
        }
        let terminal = PaceTerminal::new(key, candidate.protocol, candidate.parameter_id)?;
        match terminal.run(session) {
            Ok(pace) => {
                session.start_secure_messaging(pace.secure_messaging);
                let cam_check = match &pace.cam {
                    Some(evidence) => {
                        if card_security.is_none() {
                            *card_security = read_card_security(session)?;
                        }
                        Some(match card_security.as_deref() {
                            Some(bytes) => cam_against(bytes, evidence, pace.parameter_id)?,
                            None => CamCheck::NotChecked("EF.CardSecurity cannot be read".into()),
                        })
                    }
                    None => None,
                };
                let kept_card_security = cam_check.as_ref().and(card_security.clone());
                select_application(session)?;
                return Ok(AccessOutcome {
                    protocol: AccessProtocol::Pace,
                    password: key.kind(),
                    cipher: pace.protocol.cipher,
                    bac_fallback: false,
                    pace: Some(PaceDetails {
                        protocol: pace.protocol,
                        parameter_id: pace.parameter_id,
                        group: pace.group,
                        cam: pace.cam,
                        cam_check,
                        card_security: kept_card_security,
                        set_aside,
                    }),
                });
            }
            Err(CardError::Pace(PaceError::ExtendedLengthRefused)) => {
                refused_by_chip = true;
                set_aside.push(format!(
                    "{} with parameter ID {}: the chip refused extended-length APDUs",
                    candidate.protocol, candidate.parameter_id
                ));
            }
            Err(error) => return Err(error),
        }
    }
    match blocked_by_transport {
        Some(needs) if !refused_by_chip => {
            debug!(set_aside = ?set_aside, "PACE needs extended length");
            Err(CardError::UnsupportedByTransport(needs))
        }
        _ => Err(PaceError::NoUsableProtocol(set_aside.join("; ")).into()),
    }
}

/// EF.CardSecurity, read under the new secure channel with the master file still selected;
/// `None` when the chip does not let it be read.
fn read_card_security(session: &mut CardSession) -> Result<Option<Vec<u8>>, CardError> {
    let mut reader = FileReader::new(session);
    match reader.read(session, ElementaryFile::CardSecurity, &mut |_, _| {}) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(CardError::FileNotFound(_) | CardError::Status { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// CAM evidence against the key EF.CardSecurity states for `parameter_id`.
fn cam_against(
    bytes: &[u8],
    evidence: &CamEvidence,
    parameter_id: u8,
) -> Result<CamCheck, CardError> {
    let Ok(infos) = card_security_infos(bytes) else {
        return Ok(CamCheck::NotChecked(
            "EF.CardSecurity is not SignedData over SecurityInfos".into(),
        ));
    };
    let keys: Vec<_> = infos
        .chip_authentication_public_keys()
        .into_iter()
        .filter(|key| key.parameter_id == u32::from(parameter_id))
        .collect();
    if keys.is_empty() {
        return Ok(CamCheck::NotChecked(format!(
            "EF.CardSecurity states no chip key on parameter ID {parameter_id}"
        )));
    }
    let group = standard_group(parameter_id)?;
    for key in keys {
        if verify_chip_authentication(group.as_ref(), evidence, &key.public_key)? {
            return Ok(CamCheck::MatchesCardSecurity);
        }
    }
    Ok(CamCheck::Mismatch)
}

fn run_bac(
    session: &mut CardSession,
    key: &AccessKey,
    bac_fallback: bool,
) -> Result<AccessOutcome, CardError> {
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
        bac_fallback,
        pace: None,
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
