//! ID verification from the app's side: starting one (from a logged-in session, from a
//! registered device, or with the citizen id and password on a new phone) and the state
//! machine the shells render — open the link, enter the card's MRZ data or CAN, hold the card
//! (with progress, resuming when it slips away), send the evidence, for a chip without Active
//! Authentication hold it on while the gateway's own Chip Authentication is relayed, type the
//! SMS code. Chip data, MRZ and CAN live only in memory and are zeroized when the flow lets go
//! of them.

use crate::net::Method;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Value, json};
use zeroize::Zeroize;

use super::device::DeviceClient;
use super::error::ClientError;
use super::session::{GatewaySession, KeyLabels, NewDeviceTarget};
use crate::access::AccessKey;
use crate::card::{CancelToken, CardError};
use crate::idv::{
    CHALLENGE_LEN, Evidence, IdvLink, IdvPurpose, RelayAnswer, RelayRequest, relay_applies,
    relay_chip_authentication,
};
use crate::lds::ElementaryFile;
use crate::ports::{CardTransport, KeyStore, SignPurpose};
use crate::read::{DocumentReader, ReadListener, ReadOptions, ReadProgress};
use crate::store::Registration;

/// The files an ID verification needs (beside DG1, always read).
pub const EVIDENCE_FILES: [ElementaryFile; 3] = [
    ElementaryFile::Dg(14),
    ElementaryFile::Dg(15),
    ElementaryFile::CardSecurity,
];

fn link_from(answer: &Value, origin: &str, now: i64) -> Result<IdvLink, ClientError> {
    let text = answer["link"]
        .as_str()
        .ok_or_else(|| ClientError::Protocol("no verification link".into()))?;
    Ok(IdvLink::parse(text, &[origin], now)?)
}

impl GatewaySession {
    /// Starts an ID verification from this session: `Phone` needs a completed login,
    /// `DeviceTransfer` only the password. Answers the link the web page shows as a QR code.
    ///
    /// # Errors
    /// [`ClientError`]; a refusal carries `no_trust_store`, `no_phone` or a session code.
    pub async fn start_id_verification(
        &mut self,
        purpose: IdvPurpose,
        now: i64,
    ) -> Result<IdvLink, ClientError> {
        let answer = self
            .call(
                Method::POST,
                "/api/v1/id-verifications",
                Some(json!({ "purpose": purpose.as_str() })),
            )
            .await?;
        let origin = self.origin().to_owned();
        link_from(&answer, &origin, now)
    }

    /// Starts moving the account to this (new) phone with the citizen id and password; works
    /// while logins are blocked after "this wasn't me".
    ///
    /// # Errors
    /// [`ClientError`]; a refusal carries `invalid_credentials`, `throttled`, …
    pub async fn start_transfer(
        &mut self,
        citizen_id: &str,
        password: &str,
        now: i64,
    ) -> Result<IdvLink, ClientError> {
        let answer = self
            .call(
                Method::POST,
                "/api/v1/id-verifications/transfer",
                Some(json!({ "citizen_id": citizen_id, "password": password })),
            )
            .await?;
        let origin = self.origin().to_owned();
        link_from(&answer, &origin, now)
    }
}

impl DeviceClient<'_> {
    /// Starts verifying the account's phone number with the ID card, from this registered
    /// device (signed by the user-verification key).
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn start_phone_verification(&self) -> Result<IdvLink, ClientError> {
        let answer = self
            .signed_call(
                Method::POST,
                "/api/v1/device/id-verifications",
                Some(json!({ "purpose": "phone" })),
                Some(SignPurpose::VerifyPhone),
            )
            .await?;
        link_from(&answer, self.gateway(), self.now())
    }
}

/// Where an ID verification stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdvStep {
    /// The challenge is fetched; the holder enters the card's MRZ data or CAN.
    EnterCredentials {
        /// What the verification is for.
        purpose: IdvPurpose,
    },
    /// "Hold your card to the phone": the read runs, or continues when the card comes back.
    HoldCard,
    /// The card was read (or the gateway's Chip Authentication relayed); ready to send.
    ReadyToSend,
    /// The chip has no Active Authentication: the gateway runs Chip Authentication itself,
    /// through this phone. "Keep holding your card" — the read continues over the same
    /// transport, or a new one when the card slipped away.
    ProveChipPresence,
    /// The gateway accepted the evidence and sent an SMS code to the account's phone.
    EnterSmsCode {
        /// The phone's masked number, e.g. `•••• 09`.
        phone_hint: String,
        /// How the chip's presence was shown: `active_authentication` or `client_asserted`.
        chip_presence: String,
    },
    /// Finished.
    Done(IdvOutcome),
    /// The gateway refused; start again (the challenge is spent).
    Refused {
        /// The gateway's code, e.g. `untrusted_issuer`, `document_mismatch`.
        code: String,
    },
}

/// What a finished ID verification did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdvOutcome {
    /// The account's phone number is verified with ID.
    PhoneVerified,
    /// This phone is now the account's only registered device.
    DeviceTransferred {
        /// The new registration, for the local store.
        registration: Box<Registration>,
        /// How many old devices were revoked.
        devices_revoked: u64,
    },
}

/// One ID verification, from its link to its SMS code.
#[derive(Debug)]
pub struct IdVerificationFlow {
    session: GatewaySession,
    link: IdvLink,
    challenge: [u8; CHALLENGE_LEN],
    reader: Option<DocumentReader>,
    evidence: Option<Evidence>,
    relay: Option<RelayRequest>,
    relay_answer: Option<RelayAnswer>,
    step: IdvStep,
}

impl IdVerificationFlow {
    /// Opens the verification of `link` (scanned, or from a start call): fetches its
    /// single-use challenge.
    ///
    /// # Errors
    /// [`ClientError`]; `id_verification_not_found` when it expired or was opened before.
    pub async fn open(mut session: GatewaySession, link: IdvLink) -> Result<Self, ClientError> {
        let path = format!("/api/v1/id-verifications/{}/challenge", link.id);
        let answer = session
            .call(
                Method::POST,
                &path,
                Some(json!({ "secret": link.secret.as_str() })),
            )
            .await?;
        let challenge: [u8; CHALLENGE_LEN] = answer["challenge"]
            .as_str()
            .and_then(|text| Base64UrlUnpadded::decode_vec(text).ok())
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| ClientError::Protocol("challenge".into()))?;
        let purpose = link.purpose;
        Ok(Self {
            session,
            link,
            challenge,
            reader: None,
            evidence: None,
            relay: None,
            relay_answer: None,
            step: IdvStep::EnterCredentials { purpose },
        })
    }

    /// Where the verification stands.
    pub fn step(&self) -> &IdvStep {
        &self.step
    }

    /// The holder entered the card's credentials: the next read uses them (a new entry
    /// replaces a wrong one and starts the read over).
    ///
    /// # Errors
    /// [`ClientError::OutOfOrder`] outside credential entry or holding the card.
    pub fn enter_credentials(&mut self, key: AccessKey) -> Result<&IdvStep, ClientError> {
        if !matches!(
            self.step,
            IdvStep::EnterCredentials { .. } | IdvStep::HoldCard
        ) {
            return Err(ClientError::OutOfOrder("credentials"));
        }
        let options = ReadOptions {
            active_authentication_challenge: Some(self.challenge),
            only: Some(EVIDENCE_FILES.to_vec()),
            ..ReadOptions::default()
        };
        self.reader = Some(DocumentReader::new(key, options));
        self.step = IdvStep::HoldCard;
        Ok(&self.step)
    }

    /// The read's progress, while the card is held.
    pub fn progress(&self) -> Option<ReadProgress> {
        self.reader.as_ref().map(DocumentReader::progress)
    }

    /// The token that cancels the read from another thread.
    pub fn cancel_token(&self) -> Option<CancelToken> {
        self.reader.as_ref().map(DocumentReader::cancel_token)
    }

    /// Reads the card over `transport` (on the caller's worker thread), continuing an earlier
    /// read that lost the card; at [`IdvStep::ProveChipPresence`], relays the gateway's Chip
    /// Authentication instead. On success the evidence (or the chip's answers) is kept and the
    /// read's other data dropped. Wrong credentials go back to credential entry; a lost card
    /// stays at the same step for the next call.
    ///
    /// # Errors
    /// [`ClientError::Card`] with what went wrong, or [`ClientError::OutOfOrder`].
    pub fn read_card(
        &mut self,
        transport: Box<dyn CardTransport>,
        listener: &dyn ReadListener,
    ) -> Result<&IdvStep, ClientError> {
        let reader = match (&self.step, self.reader.as_mut(), self.relay.as_ref()) {
            (IdvStep::HoldCard, Some(reader), _) => reader,
            (IdvStep::ProveChipPresence, Some(reader), Some(request)) => {
                let answer = relay_chip_authentication(reader, transport, listener, request)?;
                self.relay_answer = Some(answer);
                self.reader = None;
                self.step = IdvStep::ReadyToSend;
                return Ok(&self.step);
            }
            _ => return Err(ClientError::OutOfOrder("reading the card")),
        };
        match reader.read(transport, listener) {
            Ok(mut read) => {
                let evidence = Evidence::from_read(&read);
                read.files.values_mut().for_each(Zeroize::zeroize);
                let evidence = evidence?;
                if !relay_applies(&evidence) {
                    self.reader = None;
                }
                self.evidence = Some(evidence);
                self.step = IdvStep::ReadyToSend;
                Ok(&self.step)
            }
            Err(error) => {
                if matches!(error, CardError::AccessDenied { .. }) {
                    self.reader = None;
                    self.step = IdvStep::EnterCredentials {
                        purpose: self.link.purpose,
                    };
                }
                Err(ClientError::Card(error))
            }
        }
    }

    /// Sends the evidence (once: the challenge is spent whatever the verdict), or the chip's
    /// answers to the gateway's Chip Authentication.
    ///
    /// # Errors
    /// [`ClientError`] for anything but a refusal, which ends the flow at
    /// [`IdvStep::Refused`].
    pub async fn send_evidence(&mut self) -> Result<&IdvStep, ClientError> {
        if !matches!(self.step, IdvStep::ReadyToSend) {
            return Err(ClientError::OutOfOrder("sending the evidence"));
        }
        let (path, body) = if let Some(answer) = self.relay_answer.take() {
            self.relay = None;
            let path = format!(
                "/api/v1/id-verifications/{}/chip-authentication",
                self.link.id
            );
            (
                path,
                json!({ "secret": self.link.secret.as_str(), "answer": answer }),
            )
        } else {
            let evidence = self
                .evidence
                .take()
                .ok_or(ClientError::OutOfOrder("sending the evidence"))?;
            let path = format!("/api/v1/id-verifications/{}/evidence", self.link.id);
            let body = json!({
                "secret": self.link.secret.as_str(),
                "evidence": evidence,
                "chip_authentication_relay": true,
            });
            (path, body)
        };
        let sent = self.session.call(Method::POST, &path, Some(body)).await;
        match sent {
            Ok(answer) if answer.get("chip_authentication").is_some() => {
                let request = serde_json::from_value(answer["chip_authentication"].clone())
                    .map_err(|e| ClientError::Protocol(format!("chip authentication: {e}")))?;
                if self.reader.is_none() {
                    return Err(ClientError::Protocol(
                        "chip authentication for a chip with Active Authentication".into(),
                    ));
                }
                self.relay = Some(request);
                self.step = IdvStep::ProveChipPresence;
            }
            Ok(answer) => {
                self.reader = None;
                let text = |field: &str| answer[field].as_str().unwrap_or_default().to_owned();
                self.step = IdvStep::EnterSmsCode {
                    phone_hint: text("phone_hint"),
                    chip_presence: text("chip_presence"),
                };
            }
            Err(ClientError::Refused {
                status: 403, code, ..
            }) => {
                self.reader = None;
                self.step = IdvStep::Refused { code };
            }
            Err(other) => return Err(other),
        }
        Ok(&self.step)
    }

    /// Confirms a phone verification with the SMS code.
    ///
    /// # Errors
    /// [`ClientError`]; `sms_code_invalid` for a wrong code (three end it).
    pub async fn confirm_phone(&mut self, code: &str) -> Result<&IdvStep, ClientError> {
        self.expect_code(IdvPurpose::Phone, code)?;
        let path = format!("/api/v1/id-verifications/{}/confirm", self.link.id);
        let body = json!({ "secret": self.link.secret.as_str(), "code": code });
        self.session.call(Method::POST, &path, Some(body)).await?;
        self.step = IdvStep::Done(IdvOutcome::PhoneVerified);
        Ok(&self.step)
    }

    /// Confirms a device transfer with the SMS code: creates this phone's two keys, proves them
    /// over the verification's id, and registers this phone in place of every old device.
    ///
    /// # Errors
    /// [`ClientError`]; `sms_code_invalid` for a wrong code.
    pub async fn confirm_transfer(
        &mut self,
        code: &str,
        keys: &dyn KeyStore,
        citizen_id: &str,
        name: &str,
        now: i64,
    ) -> Result<&IdvStep, ClientError> {
        self.expect_code(IdvPurpose::DeviceTransfer, code)?;
        let id = self.link.id.clone();
        let secret = self.link.secret.clone();
        let code = code.to_owned();
        let labels = KeyLabels::new(&self.link.origin, citizen_id, &id);
        let target = NewDeviceTarget {
            path: format!("/api/v1/id-verifications/{id}/confirm"),
            audience: self.link.origin.clone(),
            nonce: id,
            wrap: Box::new(
                move |device: Value| json!({ "secret": secret.as_str(), "code": code, "device": device }),
            ),
        };
        let (registration, answer) = self
            .session
            .register_new_device(keys, &labels, target, citizen_id, name, now)
            .await?;
        let devices_revoked = answer["devices_revoked"].as_u64().unwrap_or_default();
        self.step = IdvStep::Done(IdvOutcome::DeviceTransferred {
            registration: Box::new(registration),
            devices_revoked,
        });
        Ok(&self.step)
    }

    fn expect_code(&self, purpose: IdvPurpose, code: &str) -> Result<(), ClientError> {
        if !matches!(self.step, IdvStep::EnterSmsCode { .. }) || self.link.purpose != purpose {
            return Err(ClientError::OutOfOrder("the SMS code"));
        }
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ClientError::Input("the SMS code has six digits"));
        }
        Ok(())
    }
}
