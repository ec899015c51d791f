//! `egate device register|list|rename|remove|rotate` and `egate 2fa on|off`: this computer as a
//! registered device of a gateway account, with the software key store.

use egate::clock::SystemClock;
use egate_core::client::{DeviceClient, GatewaySession};
use egate_core::net::HttpClient;
use egate_core::ports::{Clock, KeyStore};
use egate_core::store::{LocalStore, Registration};
use serde_json::{Value, json};
use std::io::BufRead;
use zeroize::Zeroizing;

use crate::args::{AccountArgs, DeviceCommand, LoginArgs, TwoFactorCommand};
use crate::device_data::{
    client_failure, data_dir, http, key_store, local_store, open_device, print, runtime,
    store_failure,
};
use crate::exit::{FAILURE, Failure};

pub(crate) fn read_line(what: &str) -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::new(FAILURE, format!("reading the {what}: {e}")))?;
    let line = line.trim_end_matches(['\r', '\n']).to_owned();
    if line.is_empty() {
        return Err(Failure::new(
            FAILURE,
            format!("no {what} on standard input"),
        ));
    }
    Ok(line)
}

/// Logs in with the password and confirms an SMS code, as sensitive changes require.
/// The password: the first line of standard input, or $EGATE_PASSWORD.
pub(crate) fn password(login: &LoginArgs) -> Result<Zeroizing<String>, Failure> {
    Ok(Zeroizing::new(if login.password_stdin {
        read_line("password")?
    } else {
        std::env::var("EGATE_PASSWORD").map_err(|_| {
            Failure::new(
                FAILURE,
                "give the password with --password-stdin or $EGATE_PASSWORD",
            )
        })?
    }))
}

/// The SMS code sent to `phone_hint`: from a development gateway's outbox, or typed.
pub(crate) async fn sms_code(
    login: &LoginArgs,
    http: &HttpClient,
    gateway: &str,
    phone_hint: &str,
) -> Result<String, Failure> {
    if login.sms_from_outbox {
        return outbox_code(http, gateway).await;
    }
    eprintln!("egate: enter the code sent to {phone_hint}");
    read_line("SMS code")
}

pub(crate) async fn logged_in(
    account: &AccountArgs,
    login: &LoginArgs,
    http: &HttpClient,
) -> Result<GatewaySession, Failure> {
    let password = password(login)?;
    let mut session = GatewaySession::new(http.clone(), &account.gateway);
    let step = session
        .login(&account.account, &password)
        .await
        .map_err(client_failure)?;
    if step.next == "change_password" {
        return Err(Failure::new(
            FAILURE,
            "the gateway asks for a new password first: log in on its web page once",
        ));
    }
    if let Some(code) = &login.backup_code {
        session
            .login_with_backup_code(code)
            .await
            .map_err(client_failure)?;
        return Ok(session);
    }
    let sent = session.send_sms().await.map_err(client_failure)?;
    let code = sms_code(login, http, &account.gateway, &sent.phone_hint).await?;
    session.verify_sms(&code).await.map_err(client_failure)?;
    Ok(session)
}

/// The newest code in a development gateway's SMS outbox.
pub(crate) async fn outbox_code(http: &HttpClient, gateway: &str) -> Result<String, Failure> {
    let url = format!("{}/api/v1/dev/sms-outbox", gateway.trim_end_matches('/'));
    let response = http
        .send(egate_core::net::Method::GET, &url, &[], None)
        .await
        .map_err(|e| client_failure(e.into()))?;
    let outbox: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let text = outbox["messages"][0]["body"].as_str().ok_or_else(|| {
        Failure::new(
            FAILURE,
            "the gateway has no development SMS outbox (serve it with --dev-outbox)",
        )
    })?;
    Ok(text.chars().filter(char::is_ascii_digit).take(6).collect())
}

/// Deletes keys that no registration uses any more.
pub(crate) fn forget_keys(keys: &dyn KeyStore, labels: &[&str]) {
    for label in labels {
        let _ = keys.delete(label);
    }
}

pub(crate) fn registration(
    store: &LocalStore,
    account: &AccountArgs,
) -> Result<Registration, Failure> {
    store
        .registration(account.gateway.trim_end_matches('/'), &account.account)
        .map_err(store_failure)
}

/// `egate device …`.
pub(crate) fn device(command: DeviceCommand) -> Result<(), Failure> {
    let runtime = runtime()?;
    runtime.block_on(async {
        match command {
            DeviceCommand::Register {
                account,
                login,
                name,
            } => register(&account, &login, &name).await,
            DeviceCommand::List { account } => list(&account).await,
            DeviceCommand::Rename {
                account,
                device,
                name,
            } => rename(&account, device, &name).await,
            DeviceCommand::Remove { account, device } => remove(&account, device).await,
            DeviceCommand::Rotate { account } => rotate(&account).await,
            DeviceCommand::History { data_dir, json } => history(data_dir.as_deref(), json),
            DeviceCommand::Transfer {
                account,
                login,
                card,
                name,
            } => crate::id_verify::transfer(&account, &login, &card, &name).await,
        }
    })
}

async fn register(account: &AccountArgs, login: &LoginArgs, name: &str) -> Result<(), Failure> {
    let dir = data_dir(account.data_dir.as_deref())?;
    let keys = key_store(&dir)?;
    let mut store = local_store(&dir)?;
    let http = http(account)?;
    let earlier = registration(&store, account).ok();
    let mut session = logged_in(account, login, &http).await?;
    let now = SystemClock.now_unix_seconds();
    let registered = session
        .register_device(&keys, &account.account, name, now)
        .await
        .map_err(client_failure)?;
    store
        .save_registration(&registered)
        .map_err(store_failure)?;
    if let Some(earlier) = earlier {
        forget_keys(&keys, &[&earlier.possession_label, &earlier.user_label]);
    }
    let value = json!({
        "device_id": registered.device_id,
        "name": registered.device_name,
        "protection_level": registered.protection_level,
        "gateway_key_id": registered.gateway_key.key_id(),
    });
    let text = format!(
        "registered {:?} as device {} ({} keys); gateway key {} pinned",
        registered.device_name,
        registered.device_id,
        registered.protection_level.as_str(),
        registered.gateway_key.key_id()
    );
    print(account, &value, &text);
    Ok(())
}

async fn list(account: &AccountArgs) -> Result<(), Failure> {
    let device = open_device(account).await?;
    let list = device
        .client(&SystemClock)
        .devices()
        .await
        .map_err(client_failure)?;
    let text: Vec<String> = list
        .devices
        .iter()
        .map(|d| {
            let this = if d.id == list.this_device {
                " (this device)"
            } else {
                ""
            };
            format!(
                "{}  {}  {}{this}",
                d.id,
                d.protection_level.as_str(),
                d.name
            )
        })
        .collect();
    print(
        account,
        &serde_json::to_value(&list).unwrap_or(Value::Null),
        &text.join("\n"),
    );
    Ok(())
}

async fn rename(account: &AccountArgs, device: Option<String>, name: &str) -> Result<(), Failure> {
    let dir = data_dir(account.data_dir.as_deref())?;
    let keys = key_store(&dir)?;
    let store = local_store(&dir)?;
    let http = http(account)?;
    let registration = registration(&store, account)?;
    let id = device.unwrap_or_else(|| registration.device_id.clone());
    let client = DeviceClient::new(&http, &keys, &registration, &SystemClock);
    client.rename(&id, name).await.map_err(client_failure)?;
    print(
        account,
        &json!({ "id": id, "name": name }),
        &format!("device {id} is now {name:?}"),
    );
    Ok(())
}

async fn remove(account: &AccountArgs, device: Option<String>) -> Result<(), Failure> {
    let dir = data_dir(account.data_dir.as_deref())?;
    let keys = key_store(&dir)?;
    let mut store = local_store(&dir)?;
    let http = http(account)?;
    let registration = registration(&store, account)?;
    let id = device.unwrap_or_else(|| registration.device_id.clone());
    let client = DeviceClient::new(&http, &keys, &registration, &SystemClock);
    client.remove(&id).await.map_err(client_failure)?;
    let this = id == registration.device_id;
    if this {
        store
            .remove_registration(
                &registration.gateway,
                &registration.citizen_id,
                SystemClock.now_unix_seconds(),
            )
            .map_err(store_failure)?;
        forget_keys(
            &keys,
            &[&registration.possession_label, &registration.user_label],
        );
    }
    print(
        account,
        &json!({ "removed": id, "this_device": this }),
        &format!("device {id} removed"),
    );
    Ok(())
}

async fn rotate(account: &AccountArgs) -> Result<(), Failure> {
    let mut device = open_device(account).await?;
    let rotated = device
        .rotate_keys(&SystemClock)
        .await
        .map_err(client_failure)?;
    let registration = &device.registration;
    let value = json!({
        "device_id": registration.device_id,
        "possession_key_id": rotated.possession.1.key_id(),
        "user_key_id": rotated.user.1.key_id(),
    });
    print(
        account,
        &value,
        &format!("new keys for device {}", registration.device_id),
    );
    Ok(())
}

fn history(dir: Option<&std::path::Path>, as_json: bool) -> Result<(), Failure> {
    let store = local_store(&data_dir(dir)?)?;
    let log = store.audit_log().map_err(store_failure)?;
    if as_json {
        println!("{}", serde_json::to_value(&log).unwrap_or(Value::Null));
    } else {
        for entry in &log {
            println!(
                "{}  {}  {} {}  {}",
                entry.at,
                entry.event,
                entry.gateway.as_deref().unwrap_or("-"),
                entry.citizen_id.as_deref().unwrap_or("-"),
                entry.detail
            );
        }
    }
    Ok(())
}

/// `egate 2fa on|off`.
pub(crate) fn two_factor(command: TwoFactorCommand) -> Result<(), Failure> {
    let (account, login, enabled) = match command {
        TwoFactorCommand::On { account, login } => (account, login, true),
        TwoFactorCommand::Off { account, login } => (account, login, false),
    };
    runtime()?.block_on(async {
        let http = http(&account)?;
        let mut session = logged_in(&account, &login, &http).await?;
        let state = session
            .set_two_factor(enabled)
            .await
            .map_err(client_failure)?;
        if !enabled
            && let Ok(dir) = data_dir(account.data_dir.as_deref())
            && dir.join("egate.db").exists()
        {
            let mut store = local_store(&dir)?;
            if let Ok(registration) = registration(&store, &account) {
                store
                    .remove_registration(
                        &registration.gateway,
                        &registration.citizen_id,
                        SystemClock.now_unix_seconds(),
                    )
                    .map_err(store_failure)?;
                if let Ok(keys) = key_store(&dir) {
                    forget_keys(
                        &keys,
                        &[&registration.possession_label, &registration.user_label],
                    );
                }
            }
        }
        let text = format!(
            "two-factor login is {}{}",
            if state.enabled { "on" } else { "off" },
            if state.devices_removed > 0 {
                format!("; {} device(s) removed", state.devices_removed)
            } else {
                String::new()
            }
        );
        print(
            &account,
            &serde_json::to_value(&state).unwrap_or(Value::Null),
            &text,
        );
        Ok(())
    })
}
