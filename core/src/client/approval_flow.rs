//! The approval flow as a state machine the shells render: a push's opaque id, a pull, or a
//! scanned login QR code finds the challenge; its context is fetched and verified against the
//! trusted gateway keys before anything is shown; the holder types the code from the browser
//! (or, for a scanned code, just confirms) and approves with the user-verification key, denies,
//! or reports "this wasn't me". Every ending lands in the local audit log. Transitions that
//! meet a network failure leave the state as it was, so the shell can offer a retry.

use std::time::Duration;

use super::approval::ShownChallenge;
use super::device::DeviceClient;
use super::error::ClientError;
use crate::login::PublicKey;
use crate::login::approval::Action;
use crate::login::qr_login::LoginQr;
use crate::store::LocalStore;
use zeroize::Zeroizing;

/// Wrong codes after which the gateway cancels a challenge.
pub const MAX_WRONG_CODES: u32 = 3;

/// How a shown challenge was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalOutcome {
    /// Approved with the right code: the browser's login completes.
    Approved,
    /// Denied: the browser's login fails.
    Denied,
    /// Reported as not the holder's: logins are blocked until re-proofing.
    Reported,
}

/// How a flow ended without a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalEnd {
    /// The challenge expired before a decision.
    Expired,
    /// Too many wrong codes: the gateway cancelled it.
    Cancelled,
    /// The challenge was decided elsewhere, expired at the gateway or never existed.
    Gone,
    /// The context failed verification (not signed by a trusted gateway key, for another
    /// gateway or challenge): nothing was shown.
    Untrusted,
}

/// Where the flow stands: what the shell shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalStep {
    /// Nothing to approve (yet).
    Idle,
    /// A verified context waits for the holder: show it and ask for the code.
    Showing {
        /// The verified challenge.
        challenge: Box<ShownChallenge>,
        /// Wrong codes typed so far.
        wrong_codes: u32,
    },
    /// The holder decided.
    Decided(ApprovalOutcome),
    /// It ended without a decision.
    Ended(ApprovalEnd),
}

/// One approval, from a push or a pull to its ending.
#[derive(Debug)]
pub struct ApprovalFlow<'a> {
    client: DeviceClient<'a>,
    trusted: Vec<PublicKey>,
    audit: &'a LocalStore,
    step: ApprovalStep,
}

/// Whether `code` looks like a code the browser shows: 3 or 6 digits.
pub fn plausible_code(code: &str) -> bool {
    matches!(code.len(), 3 | 6) && code.bytes().all(|b| b.is_ascii_digit())
}

impl<'a> ApprovalFlow<'a> {
    /// A flow of `client`'s device that trusts `gateway_keys` (the pinned key and those
    /// followed from it) and keeps its endings in `audit`.
    pub fn new(
        client: DeviceClient<'a>,
        gateway_keys: Vec<PublicKey>,
        audit: &'a LocalStore,
    ) -> Self {
        Self {
            client,
            trusted: gateway_keys,
            audit,
            step: ApprovalStep::Idle,
        }
    }

    /// The current step.
    pub fn step(&self) -> &ApprovalStep {
        &self.step
    }

    fn record(&self, event: &str, challenge: Option<&ShownChallenge>) -> Result<(), ClientError> {
        let registration = self.client.registration();
        let detail = challenge.map_or_else(String::new, |shown| {
            let c = shown.context();
            format!(
                "{} from {} on {}, {} ({}), challenge {}",
                c.service, c.browser, c.os, c.ip, c.location, c.challenge_id
            )
        });
        self.audit
            .record(
                self.client.now(),
                Some((&registration.gateway, &registration.citizen_id)),
                event,
                &detail,
            )
            .map_err(|e| ClientError::Protocol(format!("audit log: {e}")))
    }

    fn end(
        &mut self,
        end: ApprovalEnd,
        challenge: Option<&ShownChallenge>,
    ) -> Result<&ApprovalStep, ClientError> {
        let event = match end {
            ApprovalEnd::Expired => "approval_expired",
            ApprovalEnd::Cancelled => "approval_cancelled",
            ApprovalEnd::Gone => "approval_gone",
            ApprovalEnd::Untrusted => "approval_context_refused",
        };
        self.record(event, challenge)?;
        self.step = ApprovalStep::Ended(end);
        Ok(&self.step)
    }

    /// Opens challenge `id` (from a push): fetches and verifies its context.
    ///
    /// # Errors
    /// [`ClientError::OutOfOrder`] while another challenge is shown; a network or gateway
    /// failure, the state unchanged.
    pub async fn open(&mut self, id: &str) -> Result<&ApprovalStep, ClientError> {
        if matches!(self.step, ApprovalStep::Showing { .. }) {
            return Err(ClientError::OutOfOrder("a challenge is already shown"));
        }
        match self.client.show_challenge(id, &self.trusted).await {
            Ok(challenge) => {
                self.step = ApprovalStep::Showing {
                    challenge: Box::new(challenge),
                    wrong_codes: 0,
                };
                Ok(&self.step)
            }
            Err(ClientError::Approval(_)) => self.end(ApprovalEnd::Untrusted, None),
            Err(error) if error.code() == Some("challenge_not_found") => {
                self.end(ApprovalEnd::Gone, None)
            }
            Err(error) => Err(error),
        }
    }

    /// Opens the login of a scanned QR code's text: parses it strictly (this device's gateway
    /// only, unexpired), claims it, and verifies the requesting browser's context.
    ///
    /// # Errors
    /// [`ClientError::QrLogin`] for a text that is not a usable login code of this gateway
    /// (nothing sent); else as [`ApprovalFlow::open`].
    pub async fn open_scanned(&mut self, text: &str) -> Result<&ApprovalStep, ClientError> {
        if matches!(self.step, ApprovalStep::Showing { .. }) {
            return Err(ClientError::OutOfOrder("a challenge is already shown"));
        }
        let gateway = self.client.registration().gateway.clone();
        let qr = LoginQr::parse(text, &[gateway.as_str()], self.client.now())?;
        match self.client.claim_qr(&qr, &self.trusted).await {
            Ok(challenge) => {
                self.step = ApprovalStep::Showing {
                    challenge: Box::new(challenge),
                    wrong_codes: 0,
                };
                Ok(&self.step)
            }
            Err(ClientError::Approval(_)) => self.end(ApprovalEnd::Untrusted, None),
            Err(error) if error.code() == Some("qr_not_valid") => self.end(ApprovalEnd::Gone, None),
            Err(error) => Err(error),
        }
    }

    /// Approves the shown challenge of a scanned QR code (the code's secret proves the scan;
    /// nothing is typed).
    ///
    /// # Errors
    /// [`ClientError::OutOfOrder`] unless a scanned challenge is shown; else as
    /// [`ApprovalFlow::open`].
    pub async fn approve_scanned(&mut self) -> Result<&ApprovalStep, ClientError> {
        let secret = match &self.step {
            ApprovalStep::Showing { challenge, .. } => challenge
                .scanned_secret()
                .map(|secret| Zeroizing::new(secret.to_owned())),
            _ => None,
        }
        .ok_or(ClientError::OutOfOrder("no scanned challenge is shown"))?;
        self.decide(Action::Approve, Some(&secret)).await
    }

    /// Pulls ("Mobile Approval"): waits up to `wait` for a pending challenge and opens the
    /// first; stays [`ApprovalStep::Idle`] when none arrives.
    ///
    /// # Errors
    /// As [`ApprovalFlow::open`].
    pub async fn pull(&mut self, wait: Duration) -> Result<&ApprovalStep, ClientError> {
        if matches!(self.step, ApprovalStep::Showing { .. }) {
            return Err(ClientError::OutOfOrder("a challenge is already shown"));
        }
        let pending = self.client.wait_for_challenges(wait).await?;
        match pending.first() {
            Some(first) => {
                let id = first.id.clone();
                self.open(&id).await
            }
            None => {
                self.step = ApprovalStep::Idle;
                Ok(&self.step)
            }
        }
    }

    /// Approves the shown challenge with the code typed from the browser. A wrong code keeps
    /// it shown (counted) until the gateway cancels it.
    ///
    /// # Errors
    /// [`ClientError::Input`] for a code that cannot be right (nothing is sent),
    /// [`ClientError::OutOfOrder`] with nothing shown; else as [`ApprovalFlow::open`].
    pub async fn approve(&mut self, code: &str) -> Result<&ApprovalStep, ClientError> {
        if matches!(&self.step, ApprovalStep::Showing { challenge, .. } if challenge.scanned()) {
            return Err(ClientError::OutOfOrder(
                "a scanned challenge is approved without a typed code",
            ));
        }
        if !plausible_code(code) {
            return Err(ClientError::Input(
                "the code is the 3 or 6 digits the browser shows",
            ));
        }
        self.decide(Action::Approve, Some(code)).await
    }

    /// Denies the shown challenge.
    ///
    /// # Errors
    /// As [`ApprovalFlow::approve`].
    pub async fn deny(&mut self) -> Result<&ApprovalStep, ClientError> {
        self.decide(Action::Deny, None).await
    }

    /// Reports the shown challenge: "this wasn't me".
    ///
    /// # Errors
    /// As [`ApprovalFlow::approve`].
    pub async fn report(&mut self) -> Result<&ApprovalStep, ClientError> {
        self.decide(Action::Report, None).await
    }

    async fn decide(
        &mut self,
        action: Action,
        code: Option<&str>,
    ) -> Result<&ApprovalStep, ClientError> {
        let ApprovalStep::Showing {
            challenge,
            wrong_codes,
        } = &self.step
        else {
            return Err(ClientError::OutOfOrder("no challenge is shown"));
        };
        let (challenge, wrong_codes) = (challenge.as_ref().clone(), *wrong_codes);
        if self.client.now() >= challenge.context().exp {
            return self.end(ApprovalEnd::Expired, Some(&challenge));
        }
        match self.client.decide(&challenge, action, code).await {
            Ok(()) => {
                let (outcome, event) = match action {
                    Action::Approve => (ApprovalOutcome::Approved, "login_approved"),
                    Action::Deny => (ApprovalOutcome::Denied, "login_denied"),
                    Action::Report => (ApprovalOutcome::Reported, "login_reported"),
                };
                self.record(event, Some(&challenge))?;
                self.step = ApprovalStep::Decided(outcome);
                Ok(&self.step)
            }
            Err(error) if error.code() == Some("approval_code_wrong") => {
                if wrong_codes + 1 >= MAX_WRONG_CODES {
                    return self.end(ApprovalEnd::Cancelled, Some(&challenge));
                }
                self.step = ApprovalStep::Showing {
                    challenge: Box::new(challenge),
                    wrong_codes: wrong_codes + 1,
                };
                Ok(&self.step)
            }
            Err(error) if error.code() == Some("challenge_not_found") => {
                self.end(ApprovalEnd::Gone, Some(&challenge))
            }
            Err(error) => Err(error),
        }
    }
}
