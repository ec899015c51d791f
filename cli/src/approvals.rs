//! `egate approvals list|show|approve|deny|report|watch`: this computer as the registered device
//! that approves logins, each decision kept in the local audit log.

use egate::clock::SystemClock;
use egate_core::client::{DeviceClient, ShownChallenge};
use egate_core::login::PublicKey;
use egate_core::login::approval::Action;
use egate_core::ports::Clock;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

use crate::args::{AccountArgs, ApprovalCommand};
use crate::device_data::{client_failure, data_dir, http, key_store, local_store, store_failure};
use crate::exit::{FAILURE, Failure};

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(FAILURE, e.to_string()))
}

fn context_json(shown: &ShownChallenge) -> Value {
    serde_json::to_value(shown.context()).unwrap_or(Value::Null)
}

fn context_text(shown: &ShownChallenge) -> String {
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

fn print(account: &AccountArgs, value: &Value, text: &str) {
    if account.json {
        println!("{value}");
    } else {
        println!("{text}");
    }
}

async fn run(account: &AccountArgs, request: Request) -> Result<(), Failure> {
    let dir = data_dir(account.data_dir.as_deref())?;
    let keys = key_store(&dir)?;
    let mut store = local_store(&dir)?;
    let http = http(account)?;
    let registration = store
        .registration(account.gateway.trim_end_matches('/'), &account.account)
        .map_err(store_failure)?;
    let client = DeviceClient::new(&http, &keys, &registration, &SystemClock);
    let mut trusted: Vec<PublicKey> = vec![registration.gateway_key.clone()];
    if let Some(newest) = client.follow_gateway_key().await.map_err(client_failure)? {
        store
            .pin_gateway_key(
                &registration.gateway,
                &newest,
                SystemClock.now_unix_seconds(),
            )
            .map_err(store_failure)?;
        trusted.insert(0, newest);
    }
    match request {
        Request::List => {
            let pending = client.pending_challenges().await.map_err(client_failure)?;
            let text: Vec<String> = pending
                .iter()
                .map(|p| format!("{}  expires {}", p.id, p.expires_at))
                .collect();
            print(account, &json!({ "challenges": pending }), &text.join("\n"));
        }
        Request::Show(id) => {
            let shown = client
                .show_challenge(&id, &trusted)
                .await
                .map_err(client_failure)?;
            print(account, &context_json(&shown), &context_text(&shown));
        }
        Request::Decide(id, action, code) => {
            let shown = client
                .show_challenge(&id, &trusted)
                .await
                .map_err(client_failure)?;
            client
                .decide(&shown, action, code.as_deref())
                .await
                .map_err(client_failure)?;
            let event = match action {
                Action::Approve => "login_approved",
                Action::Deny => "login_denied",
                Action::Report => "login_reported",
            };
            store
                .record(
                    SystemClock.now_unix_seconds(),
                    Some((&registration.gateway, &registration.citizen_id)),
                    event,
                    &context_text(&shown),
                )
                .map_err(store_failure)?;
            print(
                account,
                &json!({ "challenge_id": id, "decision": event }),
                &format!("{event}: {}", context_text(&shown)),
            );
        }
        Request::Watch(timeout) => {
            let deadline = Instant::now() + timeout;
            loop {
                let pending = client.pending_challenges().await.map_err(client_failure)?;
                if let Some(first) = pending.first() {
                    let shown = client
                        .show_challenge(&first.id, &trusted)
                        .await
                        .map_err(client_failure)?;
                    print(account, &context_json(&shown), &context_text(&shown));
                    return Ok(());
                }
                if Instant::now() >= deadline {
                    return Err(Failure::new(FAILURE, "no login to approve arrived"));
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
    Ok(())
}
