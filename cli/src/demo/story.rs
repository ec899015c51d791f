//! The demo's steps, in the order a citizen meets them.

use egate::clock::SystemClock;
use egate::transport::{CardSource, open_card};
use egate_core::access::{AccessKey, Can};
use egate_core::client::{
    ApprovalFlow, ApprovalOutcome, ApprovalStep, ClientError, DeviceClient, GatewaySession,
    IdVerificationFlow, IdvOutcome, IdvStep,
};
use egate_core::idv::{IdvLink, IdvPurpose};
use egate_core::keystore::SoftwareKeyStore;
use egate_core::net::{HttpClient, NetConfig};
use egate_core::ports::Clock;
use egate_core::read::NoProgress;
use egate_core::store::{LocalStore, Registration};
use serde_json::json;
use std::path::{Path, PathBuf};

use super::browser::{Browser, outbox_code};
use super::{CITIZEN, PASSWORD, Report};
use crate::device_data::client_failure;
use crate::exit::{FAILURE, Failure};

/// The simulated card's card access number (PACE with the CAN).
const CAN: &str = "123456";

fn fail(what: &str, detail: impl std::fmt::Display) -> Failure {
    Failure::new(FAILURE, format!("{what}: {detail}"))
}

fn now() -> i64 {
    SystemClock.now_unix_seconds()
}

/// A software key store in `dir` under a fresh random wrapping key (the demo's phone).
fn phone_keys(dir: &Path) -> Result<SoftwareKeyStore, Failure> {
    let mut wrapping = zeroize::Zeroizing::new([0u8; 32]);
    getrandom::fill(wrapping.as_mut()).map_err(|e| fail("randomness", e))?;
    SoftwareKeyStore::open(dir, &wrapping).map_err(|e| fail("key store", e))
}

/// Proves the simulated ID card for `link`: challenge, PACE with the CAN, the read, the
/// evidence; answers the flow at its SMS code and the chip presence the gateway recorded.
async fn prove_card(
    http: &HttpClient,
    origin: &str,
    link: IdvLink,
) -> Result<(IdVerificationFlow, String), Failure> {
    let session = GatewaySession::new(http.clone(), origin);
    let mut flow = IdVerificationFlow::open(session, link)
        .await
        .map_err(client_failure)?;
    let can = Can::new(CAN).map_err(|_| fail("CAN", "not digits"))?;
    flow.enter_credentials(AccessKey::Can(can))
        .map_err(client_failure)?;
    let card = open_card(&CardSource::Simulated("td1-id".into()))?;
    flow.read_card(card.transport, &NoProgress)
        .map_err(client_failure)?;
    match flow.send_evidence().await.map_err(client_failure)?.clone() {
        IdvStep::EnterSmsCode { chip_presence, .. } => Ok((flow, chip_presence)),
        other => Err(fail("ID verification", format!("{other:?}"))),
    }
}

/// The whole story against the gateway at `origin`.
pub(super) async fn tell(origin: &str, report: &Report) -> Result<(), Failure> {
    let dir = std::env::temp_dir().join(format!("egate-demo-{}", std::process::id()));
    let told = tell_in(origin, report, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    told
}

async fn tell_in(origin: &str, report: &Report, dir: &Path) -> Result<(), Failure> {
    let http = HttpClient::new(&NetConfig::default()).map_err(|e| fail("HTTP", e))?;
    let mut web = GatewaySession::new(http.clone(), origin);
    web.login(CITIZEN, PASSWORD).await.map_err(client_failure)?;
    let sent = web.send_sms().await.map_err(client_failure)?;
    web.verify_sms(&outbox_code(&http, origin).await?)
        .await
        .map_err(client_failure)?;
    report.step(
        "web_login",
        &format!("password, then the SMS code sent to {}", sent.phone_hint),
        json!({ "second_factor": "sms" }),
    );

    let link = web
        .start_id_verification(IdvPurpose::Phone, now())
        .await
        .map_err(client_failure)?;
    let (mut flow, presence) = prove_card(&http, origin, link).await?;
    flow.confirm_phone(&outbox_code(&http, origin).await?)
        .await
        .map_err(client_failure)?;
    report.step(
        "id_verification",
        &format!(
            "phone number verified with the ID card (PACE with the CAN, chip presence: {presence})"
        ),
        json!({ "chip_presence": presence, "phone_verified_with_id": true }),
    );

    let phone_dir = dir.join("phone");
    let keys = phone_keys(&phone_dir)?;
    let phone = web
        .register_device(&keys, CITIZEN, "demo phone", now())
        .await
        .map_err(client_failure)?;
    web.set_two_factor(true).await.map_err(client_failure)?;
    let level = json!(phone.protection_level);
    let level_name = level.as_str().unwrap_or_default();
    report.step(
        "device_registration",
        &format!("this phone registered (keys: {level_name}); two-factor login on"),
        json!({ "device_id": phone.device_id, "protection_level": level }),
    );

    push_login(&http, origin, &keys, &phone, report).await?;
    qr_login(&http, origin, &keys, &phone, report).await?;
    backup_code_login(&http, origin, &keys, &phone, report).await?;
    transfer(&http, origin, &keys, &phone, dir.join("new-phone"), report).await
}

/// The phone's approval flow over its keys.
fn approvals<'a>(
    http: &'a HttpClient,
    keys: &'a SoftwareKeyStore,
    phone: &'a Registration,
    clock: &'a SystemClock,
    audit: &'a LocalStore,
) -> ApprovalFlow<'a> {
    let client = DeviceClient::new(http, keys, phone, clock);
    ApprovalFlow::new(client, vec![phone.gateway_key.clone()], audit)
}

async fn push_login(
    http: &HttpClient,
    origin: &str,
    keys: &SoftwareKeyStore,
    phone: &Registration,
    report: &Report,
) -> Result<(), Failure> {
    let mut browser = Browser::new(http, origin);
    let step = browser.log_in(CITIZEN, PASSWORD).await?;
    let (id, code) = (
        step["challenge"]["id"].as_str(),
        step["challenge"]["code"].as_str(),
    );
    let (Some(id), Some(code)) = (id, code) else {
        return Err(fail("push login", "no approval challenge"));
    };
    let audit = LocalStore::open_in_memory().map_err(|e| fail("local store", e))?;
    let mut flow = approvals(http, keys, phone, &SystemClock, &audit);
    let ApprovalStep::Showing { challenge, .. } =
        flow.open(id).await.map_err(client_failure)?.clone()
    else {
        return Err(fail("push login", format!("{:?}", flow.step())));
    };
    let context = challenge.context().clone();
    let decided = flow.approve(code).await.map_err(client_failure)?.clone();
    let state = browser.approval_state().await?;
    if decided != ApprovalStep::Decided(ApprovalOutcome::Approved) || state != "approved" {
        return Err(fail("push login", format!("{decided:?}, browser {state}")));
    }
    report.step(
        "push_login",
        &format!("{} on {} from {} ({}): approved on the phone with the typed code {code}", context.browser, context.os, context.ip, context.location),
        json!({ "typed_code": code, "browser": context.browser, "os": context.os, "location": context.location, "browser_state": state }),
    );
    Ok(())
}

async fn qr_login(
    http: &HttpClient,
    origin: &str,
    keys: &SoftwareKeyStore,
    phone: &Registration,
    report: &Report,
) -> Result<(), Failure> {
    let mut browser = Browser::new(http, origin);
    browser.log_in(CITIZEN, PASSWORD).await?;
    let text = browser.scan_login_qr().await?;
    let audit = LocalStore::open_in_memory().map_err(|e| fail("local store", e))?;
    let mut flow = approvals(http, keys, phone, &SystemClock, &audit);
    flow.open_scanned(&text).await.map_err(client_failure)?;
    let decided = flow
        .approve_scanned()
        .await
        .map_err(client_failure)?
        .clone();
    let state = browser.approval_state().await?;
    if decided != ApprovalStep::Decided(ApprovalOutcome::Approved) || state != "approved" {
        return Err(fail("QR login", format!("{decided:?}, browser {state}")));
    }
    report.step(
        "qr_login",
        "the login page's QR code scanned from its picture and approved on the phone",
        json!({ "scanned": text.split('?').next(), "browser_state": state }),
    );
    Ok(())
}

async fn backup_code_login(
    http: &HttpClient,
    origin: &str,
    keys: &SoftwareKeyStore,
    phone: &Registration,
    report: &Report,
) -> Result<(), Failure> {
    let client = DeviceClient::new(http, keys, phone, &SystemClock);
    let set = client.new_backup_codes().await.map_err(client_failure)?;
    let mut browser = Browser::new(http, origin);
    browser.log_in(CITIZEN, PASSWORD).await?;
    let code = set
        .codes
        .first()
        .ok_or_else(|| fail("backup codes", "none made"))?;
    let step = browser.use_backup_code(code).await?;
    let remaining = client
        .backup_codes_remaining()
        .await
        .map_err(client_failure)?;
    report.step(
        "backup_code_login",
        &format!(
            "ten backup codes made on the phone; a browser logged in with one ({remaining} left)"
        ),
        json!({ "next": step["next"], "remaining": remaining }),
    );
    Ok(())
}

async fn transfer(
    http: &HttpClient,
    origin: &str,
    old_keys: &SoftwareKeyStore,
    old: &Registration,
    dir: PathBuf,
    report: &Report,
) -> Result<(), Failure> {
    let keys = phone_keys(&dir)?;
    let mut new_phone = GatewaySession::new(http.clone(), origin);
    let link = new_phone
        .start_transfer(CITIZEN, PASSWORD, now())
        .await
        .map_err(client_failure)?;
    let (mut flow, presence) = prove_card(http, origin, link).await?;
    let code = outbox_code(http, origin).await?;
    let done = flow
        .confirm_transfer(&code, &keys, CITIZEN, "new phone", now())
        .await
        .map_err(client_failure)?
        .clone();
    let IdvStep::Done(IdvOutcome::DeviceTransferred {
        devices_revoked, ..
    }) = done
    else {
        return Err(fail("device transfer", format!("{done:?}")));
    };
    let refused = DeviceClient::new(http, old_keys, old, &SystemClock)
        .devices()
        .await;
    let old_key = match refused {
        Err(ClientError::Refused { code, .. }) => code,
        other => {
            return Err(fail(
                "device transfer",
                format!("the old phone still works: {other:?}"),
            ));
        }
    };
    report.step(
        "device_transfer",
        &format!("the account moved to a new phone by proving the ID card again ({presence}); {devices_revoked} old device revoked, its key now refused ({old_key})"),
        json!({ "devices_revoked": devices_revoked, "chip_presence": presence, "old_device": old_key }),
    );
    Ok(())
}
