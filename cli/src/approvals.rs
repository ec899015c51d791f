//! `egate approvals list|show|approve|deny|report|watch`: this computer as the registered device
//! that approves logins, each decision kept in the local audit log.

use egate::clock::SystemClock;
use egate_core::client::{
    ApprovalEnd, ApprovalOutcome, ApprovalStep, MAX_LONG_POLL, MAX_WRONG_CODES, ShownChallenge,
};
use egate_core::login::approval::Action;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

use crate::args::{AccountArgs, ApprovalCommand};
use crate::device_data::{client_failure, open_device, print, runtime};
use crate::exit::{FAILURE, Failure};

pub(crate) fn context_json(shown: &ShownChallenge) -> Value {
    serde_json::to_value(shown.context()).unwrap_or(Value::Null)
}

pub(crate) fn context_text(shown: &ShownChallenge) -> String {
    let c = shown.context();
    format!(
        "login to {} from {} on {}, {} ({}), challenge {}",
        c.service, c.browser, c.os, c.ip, c.location, c.challenge_id
    )
}

/// `egate approvals …`.
pub(crate) fn approvals(command: ApprovalCommand) -> Result<(), Failure> {
    let (account, request) = match command {
        ApprovalCommand::List { account } => (account, Request::List),
        ApprovalCommand::Show { account, id } => (account, Request::Show(id)),
        ApprovalCommand::Approve { account, id, code } => {
            (account, Request::Decide(id, Action::Approve, Some(code)))
        }
        ApprovalCommand::Deny { account, id } => (account, Request::Decide(id, Action::Deny, None)),
        ApprovalCommand::Report { account, id } => {
            (account, Request::Decide(id, Action::Report, None))
        }
        ApprovalCommand::Watch { account, timeout } => {
            (account, Request::Watch(Duration::from_secs(timeout)))
        }
    };
    runtime()?.block_on(run(&account, request))
}

enum Request {
    List,
    Show(String),
    Decide(String, Action, Option<String>),
    Watch(Duration),
}

/// The audit-log name of a decision.
pub(crate) fn outcome_event(outcome: ApprovalOutcome) -> &'static str {
    match outcome {
        ApprovalOutcome::Approved => "login_approved",
        ApprovalOutcome::Denied => "login_denied",
        ApprovalOutcome::Reported => "login_reported",
    }
}

pub(crate) fn ending(step: &ApprovalStep) -> Failure {
    let message = match step {
        ApprovalStep::Ended(ApprovalEnd::Untrusted) => {
            "the request is not signed by your gateway's key; nothing was shown or decided"
        }
        ApprovalStep::Ended(ApprovalEnd::Expired) => "the request expired before a decision",
        ApprovalStep::Ended(ApprovalEnd::Cancelled) => {
            "too many wrong codes: the request was cancelled"
        }
        ApprovalStep::Ended(ApprovalEnd::Gone) => "the request is no longer open",
        ApprovalStep::Showing { .. } => {
            return Failure::new(
                FAILURE,
                format!(
                    "the code does not match the one the browser shows; \
                     {MAX_WRONG_CODES} wrong codes cancel the request"
                ),
            );
        }
        ApprovalStep::Idle | ApprovalStep::Decided(_) => "no login to approve",
    };
    Failure::new(FAILURE, message)
}

fn shown(step: &ApprovalStep) -> Result<&ShownChallenge, Failure> {
    match step {
        ApprovalStep::Showing { challenge, .. } => Ok(challenge.as_ref()),
        other => Err(ending(other)),
    }
}

async fn run(account: &AccountArgs, request: Request) -> Result<(), Failure> {
    let device = open_device(account).await?;
    let client = device.client(&SystemClock);
    if let Request::List = request {
        let pending = client.pending_challenges().await.map_err(client_failure)?;
        let text: Vec<String> = pending
            .iter()
            .map(|p| format!("{}  expires {}", p.id, p.expires_at))
            .collect();
        print(account, &json!({ "challenges": pending }), &text.join("\n"));
        return Ok(());
    }
    let mut flow = device.flow(&SystemClock);
    match request {
        Request::List => {}
        Request::Show(id) => {
            let challenge = shown(flow.open(&id).await.map_err(client_failure)?)?;
            print(account, &context_json(challenge), &context_text(challenge));
        }
        Request::Decide(id, action, code) => {
            let challenge = shown(flow.open(&id).await.map_err(client_failure)?)?.clone();
            let step = match action {
                Action::Approve => flow.approve(code.as_deref().unwrap_or_default()).await,
                Action::Deny => flow.deny().await,
                Action::Report => flow.report().await,
            }
            .map_err(client_failure)?;
            let ApprovalStep::Decided(outcome) = step else {
                return Err(ending(step));
            };
            let event = outcome_event(*outcome);
            print(
                account,
                &json!({ "challenge_id": id, "decision": event }),
                &format!("{event}: {}", context_text(&challenge)),
            );
        }
        Request::Watch(timeout) => {
            let deadline = Instant::now() + timeout;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                let step = flow
                    .pull(left.min(MAX_LONG_POLL))
                    .await
                    .map_err(client_failure)?;
                if let ApprovalStep::Showing { challenge, .. } = step {
                    print(account, &context_json(challenge), &context_text(challenge));
                    return Ok(());
                }
                if !matches!(step, ApprovalStep::Idle) {
                    return Err(ending(step));
                }
                if Instant::now() >= deadline {
                    return Err(Failure::new(FAILURE, "no login to approve arrived"));
                }
            }
        }
    }
    Ok(())
}
