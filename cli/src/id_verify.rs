//! `egate id verify` (prove the account's phone number with the ID card) and `egate device
//! transfer` (make this computer the account's only device by proving the ID card again), both
//! on the core's ID-verification flow: the gateway's challenge, the card read (continuing when
//! a real card comes back to the reader), the evidence, the gateway's own Chip Authentication
//! relayed for chips without Active Authentication, the SMS code.

use egate::clock::SystemClock;
use egate_core::card::SharedTransport;
use egate_core::client::{ClientError, GatewaySession, IdVerificationFlow, IdvOutcome, IdvStep};
use egate_core::idv::{IdvLink, IdvPurpose};
use egate_core::net::HttpClient;
use egate_core::ports::Clock;
use egate_core::read::NoProgress;
use serde_json::json;

use crate::args::{AccountArgs, CardArgs, LoginArgs};
use crate::card::{MAX_CONNECTIONS, prepare, present_again};
use crate::device::{forget_keys, logged_in, password, registration, sms_code};
use crate::device_data::{
    client_failure, data_dir, http, key_store, local_store, print, runtime, store_failure,
};
use crate::exit::{FAILURE, Failure};

/// Holds the card to the flow's current step (the read, or the gateway's Chip Authentication)
/// over `shared`, asking for a real card again when it leaves the reader; answers the
/// connection the step finished on.
fn hold_card(
    flow: &mut IdVerificationFlow,
    card: &CardArgs,
    mut shared: SharedTransport,
    real_card: bool,
) -> Result<SharedTransport, Failure> {
    loop {
        let outcome = flow.read_card(shared.handle(), &NoProgress).map(|_| ());
        match outcome {
            Ok(()) => return Ok(shared),
            Err(ClientError::Card(error))
                if real_card
                    && error.is_link_loss()
                    && flow
                        .progress()
                        .is_some_and(|p| p.connections < MAX_CONNECTIONS) =>
            {
                eprintln!(
                    "egate: the card left the reader ({error}); hold it to the reader again to continue"
                );
                shared = SharedTransport::new(present_again(card)?);
            }
            Err(error) => return Err(client_failure(error)),
        }
    }
}

/// Opens the flow of `link`, reads the card into it and sends the evidence (relaying the
/// gateway's Chip Authentication when the chip has no Active Authentication); answers the flow
/// at the SMS code step with the chip presence the gateway recorded.
async fn prove(
    http: &HttpClient,
    account: &AccountArgs,
    card: &CardArgs,
    link: IdvLink,
) -> Result<(IdVerificationFlow, String, String), Failure> {
    let session = GatewaySession::new(http.clone(), &account.gateway);
    let mut flow = IdVerificationFlow::open(session, link)
        .await
        .map_err(client_failure)?;
    let (opened, key) = prepare(card, account.json)?;
    flow.enter_credentials(key).map_err(client_failure)?;
    let real_card = opened.simulated.is_none();
    let mut shared = SharedTransport::new(opened.transport);
    loop {
        shared = hold_card(&mut flow, card, shared, real_card)?;
        match flow.send_evidence().await.map_err(client_failure)?.clone() {
            IdvStep::ProveChipPresence => {
                if !account.json {
                    eprintln!("egate: keep the card on the reader: the gateway checks the chip");
                }
            }
            IdvStep::EnterSmsCode {
                phone_hint,
                chip_presence,
            } => return Ok((flow, phone_hint, chip_presence)),
            IdvStep::Refused { code } => {
                return Err(Failure::new(
                    FAILURE,
                    format!("the gateway refused the ID card ({code})"),
                ));
            }
            other => return Err(Failure::new(FAILURE, format!("unexpected step {other:?}"))),
        }
    }
}

/// `egate id verify`.
pub(crate) fn verify(
    account: &AccountArgs,
    login: &LoginArgs,
    card: &CardArgs,
    link: Option<&str>,
) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let http = http(account)?;
        let now = SystemClock.now_unix_seconds();
        let link = match link {
            Some(text) => IdvLink::parse(text, &[account.gateway.trim_end_matches('/')], now)
                .map_err(|e| Failure::new(FAILURE, e.to_string()))?,
            None => logged_in(account, login, &http)
                .await?
                .start_id_verification(IdvPurpose::Phone, now)
                .await
                .map_err(client_failure)?,
        };
        let (mut flow, phone_hint, chip_presence) = prove(&http, account, card, link).await?;
        let code = sms_code(login, &http, &account.gateway, &phone_hint).await?;
        flow.confirm_phone(&code).await.map_err(client_failure)?;
        print(
            account,
            &json!({ "phone_verified_with_id": true, "chip_presence": chip_presence }),
            &format!("phone number {phone_hint} verified with the ID card ({chip_presence})"),
        );
        Ok(())
    })
}

/// `egate device transfer` (run inside the device commands' runtime).
pub(crate) async fn transfer(
    account: &AccountArgs,
    login: &LoginArgs,
    card: &CardArgs,
    name: &str,
) -> Result<(), Failure> {
    {
        let dir = data_dir(account.data_dir.as_deref())?;
        let keys = key_store(&dir)?;
        let mut store = local_store(&dir)?;
        let http = http(account)?;
        let earlier = registration(&store, account).ok();
        let now = SystemClock.now_unix_seconds();
        let link = GatewaySession::new(http.clone(), &account.gateway)
            .start_transfer(&account.account, &password(login)?, now)
            .await
            .map_err(client_failure)?;
        let (mut flow, phone_hint, chip_presence) = prove(&http, account, card, link).await?;
        let code = sms_code(login, &http, &account.gateway, &phone_hint).await?;
        let step = flow
            .confirm_transfer(&code, &keys, &account.account, name, now)
            .await
            .map_err(client_failure)?;
        let IdvStep::Done(IdvOutcome::DeviceTransferred {
            registration,
            devices_revoked,
        }) = step
        else {
            return Err(Failure::new(FAILURE, format!("unexpected step {step:?}")));
        };
        store
            .save_registration(registration)
            .map_err(store_failure)?;
        if let Some(earlier) = earlier {
            forget_keys(&keys, &[&earlier.possession_label, &earlier.user_label]);
        }
        print(
            account,
            &json!({
                "device_id": registration.device_id,
                "name": registration.device_name,
                "devices_revoked": devices_revoked,
                "chip_presence": chip_presence,
            }),
            &format!(
                "this computer is now the account's device \"{}\"; {devices_revoked} old device(s) revoked",
                registration.device_name
            ),
        );
        Ok(())
    }
}
