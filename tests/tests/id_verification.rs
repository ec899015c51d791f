//! ID verification against the reference gateway over loopback HTTP with the simulated ID card:
//! the core's flow proves the phone number with the chip's Active Authentication signature over
//! the gateway's challenge; a replayed signature, PA-valid data without AA under the default
//! policy, a document of another person, a tampered DG1 and an untrusted CSCA are refused with
//! their reasons; the client's word on CA counts only under the explicit policy; a chip without
//! Active Authentication is proven by the gateway's own Chip Authentication relayed by the app,
//! which a clone cannot answer and a recorded answer cannot replay; a device transfer revokes
//! the old device's key and lifts a "this wasn't me" block.

use egate_core::access::AccessKey;
use egate_core::card::SharedTransport;
use egate_core::client::{
    ClientError, DeviceClient, GatewaySession, IdVerificationFlow, IdvOutcome, IdvStep,
};
use egate_core::idv::{
    ChipClaim, Evidence, IdvLink, IdvPurpose, PresencePolicy, RelayRequest,
    relay_chip_authentication,
};
use egate_core::keystore::SoftwareKeyStore;
use egate_core::mrz::MrzKey;
use egate_core::net::{HttpClient, NetConfig};
use egate_core::passive::TrustStore;
use egate_core::ports::{Clock, FixedClock, TransportCapabilities};
use egate_core::read::{DocumentReader, NoProgress, ReadOptions, read_document};
use egate_gateway::clock::ManualClock;
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::{AppState, Config, accounts, store};
use egate_simulator::{Fault, Profile, ScheduledFault, SimulatedTransport, VirtualChip};
use serde_json::{Value, json};
use std::sync::Arc;

const NOW: i64 = 1_780_272_000;
const HOLDER: &str = "10000000146";
const OTHER: &str = "20000000008";
const PHONE: &str = "+905550000011";
const OTHER_PHONE: &str = "+905550000012";
const PASSWORD: &str = "initial passphrase";

struct Gateway {
    origin: String,
    http: HttpClient,
    db_path: std::path::PathBuf,
    dir: std::path::PathBuf,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A gateway trusting the test CSCAs, with two accounts (the card's holder and another
/// person), at a time the test documents are valid.
async fn gateway(name: &str, policy: PresencePolicy) -> Gateway {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let dir = std::env::temp_dir().join(format!("egate-idv-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db_path = dir.join("gateway.db");
    let db = store::open(&db_path).unwrap();
    let hash = Passwords::new().unwrap().hash(PASSWORD).unwrap();
    for (citizen, phone) in [(HOLDER, PHONE), (OTHER, OTHER_PHONE)] {
        let id = accounts::create(&db, citizen, &hash, Some(phone), NOW).unwrap();
        accounts::set_password(&db, id, &hash).unwrap();
    }
    let trust = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &FixedClock(NOW));
    let config = Config {
        dev_outbox: true,
        trust: Some(Arc::new(trust)),
        presence_policy: policy,
        ..Config::new(&origin)
    };
    let state = AppState::new(
        db,
        Arc::new(ManualClock::at(NOW)),
        config,
        GatewayKey::ephemeral().unwrap(),
    )
    .unwrap();
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(egate_gateway::serve(listener, state, async {
        let _ = rx.await;
    }));
    Gateway {
        origin,
        http: HttpClient::new(&NetConfig::default()).unwrap(),
        db_path,
        dir,
        _stop: stop,
    }
}

async fn last_sms(gateway: &Gateway) -> String {
    let url = format!("{}/api/v1/dev/sms-outbox", gateway.origin);
    let response = gateway
        .http
        .send(reqwest::Method::GET, &url, &[], None)
        .await
        .unwrap();
    let outbox: Value = serde_json::from_slice(&response.body).unwrap();
    let text = outbox["messages"][0]["body"].as_str().unwrap();
    text.chars().filter(char::is_ascii_digit).take(6).collect()
}

/// A completed login of `citizen` (password, then the SMS code).
async fn logged_in(gateway: &Gateway, citizen: &str) -> GatewaySession {
    let mut session = GatewaySession::new(gateway.http.clone(), &gateway.origin);
    session.login(citizen, PASSWORD).await.unwrap();
    session.send_sms().await.unwrap();
    session.verify_sms(&last_sms(gateway).await).await.unwrap();
    session
}

fn card(profile: &Profile) -> Box<SimulatedTransport> {
    let chip = VirtualChip::new(profile).unwrap();
    Box::new(SimulatedTransport::new(
        chip,
        TransportCapabilities::EXTENDED,
        profile.link,
    ))
}

fn mrz_key(profile: &Profile) -> AccessKey {
    AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap())
}

/// The flow of `link`, with the card of `profile` read.
async fn read_with_flow(gateway: &Gateway, link: IdvLink, profile: &Profile) -> IdVerificationFlow {
    let session = GatewaySession::new(gateway.http.clone(), &gateway.origin);
    let mut flow = IdVerificationFlow::open(session, link).await.unwrap();
    assert!(matches!(flow.step(), IdvStep::EnterCredentials { .. }));
    flow.enter_credentials(mrz_key(profile)).unwrap();
    assert_eq!(flow.step(), &IdvStep::HoldCard);
    flow.read_card(card(profile), &NoProgress).unwrap();
    assert_eq!(flow.step(), &IdvStep::ReadyToSend);
    flow
}

/// Evidence of `profile`'s card answering `challenge` (as a client would build it).
fn evidence(profile: &Profile, challenge: [u8; 8]) -> Evidence {
    let options = ReadOptions {
        active_authentication_challenge: Some(challenge),
        ..ReadOptions::default()
    };
    let read = read_document(card(profile), &mrz_key(profile), &options, &NoProgress).unwrap();
    Evidence::from_read(&read).unwrap()
}

/// Starts a phone verification from `session` and fetches its challenge by hand.
async fn opened(gateway: &Gateway, session: &mut GatewaySession) -> (IdvLink, [u8; 8]) {
    let link = session
        .start_id_verification(IdvPurpose::Phone, NOW)
        .await
        .unwrap();
    let answer = post(
        gateway,
        &format!("/api/v1/id-verifications/{}/challenge", link.id),
        json!({ "secret": link.secret.as_str() }),
    )
    .await;
    assert_eq!(answer.0, 200, "{}", answer.1);
    let bytes = base64_decode(answer.1["challenge"].as_str().unwrap());
    (link, bytes.try_into().unwrap())
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

async fn post(gateway: &Gateway, path: &str, body: Value) -> (u16, Value) {
    let response = gateway
        .http
        .send(
            reqwest::Method::POST,
            &format!("{}{path}", gateway.origin),
            &[],
            Some(serde_json::to_vec(&body).unwrap()),
        )
        .await
        .unwrap();
    let value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    (response.status, value)
}

/// Sends `evidence` for `link`; answers the status and the error code.
async fn submit(gateway: &Gateway, link: &IdvLink, evidence: &Evidence) -> (u16, String) {
    let (status, body) = post(
        gateway,
        &format!("/api/v1/id-verifications/{}/evidence", link.id),
        json!({ "secret": link.secret.as_str(), "evidence": evidence }),
    )
    .await;
    let code = body["error"]
        .as_str()
        .or(body["chip_presence"].as_str())
        .unwrap_or_default()
        .to_owned();
    (status, code)
}

#[tokio::test]
async fn the_chips_signature_over_the_gateways_challenge_verifies_the_phone() {
    let gateway = gateway("phone", PresencePolicy::default()).await;
    let profile = Profile::by_name("td1-id").unwrap();
    let mut session = logged_in(&gateway, HOLDER).await;
    let link = session
        .start_id_verification(IdvPurpose::Phone, NOW)
        .await
        .unwrap();
    let mut flow = read_with_flow(&gateway, link.clone(), &profile).await;
    let step = flow.send_evidence().await.unwrap().clone();
    assert_eq!(
        step,
        IdvStep::EnterSmsCode {
            phone_hint: "•••• 11".into(),
            chip_presence: "active_authentication".into(),
        }
    );
    let wrong = flow.confirm_phone("000000").await.unwrap_err();
    assert_eq!(wrong.code(), Some("sms_code_invalid"), "{wrong}");
    let code = last_sms(&gateway).await;
    assert_eq!(
        flow.confirm_phone(&code).await.unwrap(),
        &IdvStep::Done(IdvOutcome::PhoneVerified)
    );
    assert!(session.account().await.unwrap().phone_verified_with_id);
    let again = IdVerificationFlow::open(
        GatewaySession::new(gateway.http.clone(), &gateway.origin),
        link,
    )
    .await
    .unwrap_err();
    assert_eq!(again.code(), Some("id_verification_not_found"));
}

#[tokio::test]
async fn a_replayed_active_authentication_signature_is_refused() {
    let gateway = gateway("replay", PresencePolicy::default()).await;
    let profile = Profile::by_name("td1-id").unwrap();
    let mut session = logged_in(&gateway, HOLDER).await;
    let (first, challenge) = opened(&gateway, &mut session).await;
    let recorded = evidence(&profile, challenge);
    assert_eq!(
        submit(&gateway, &first, &recorded).await,
        (200, "active_authentication".into())
    );
    let (second, _) = opened(&gateway, &mut session).await;
    assert_eq!(
        submit(&gateway, &second, &recorded).await,
        (403, "challenge_mismatch".into())
    );
    assert_eq!(
        submit(&gateway, &second, &recorded).await,
        (404, "id_verification_not_found".into()),
        "the challenge is spent by the refused evidence"
    );
}

#[tokio::test]
async fn data_without_the_chips_signature_is_refused_unless_the_policy_accepts_the_clients_word() {
    let profile = Profile::by_name("td1-id").unwrap();
    let strict = gateway("strict", PresencePolicy::default()).await;
    let mut session = logged_in(&strict, HOLDER).await;
    let (link, challenge) = opened(&strict, &mut session).await;
    let mut withheld = evidence(&profile, challenge);
    withheld.active_authentication = None;
    assert_eq!(
        submit(&strict, &link, &withheld).await,
        (403, "active_authentication_missing".into()),
        "a chip with an AA key must sign: no silent downgrade"
    );
    let (link, challenge) = opened(&strict, &mut session).await;
    let mut without_aa = evidence(&profile, challenge);
    without_aa.active_authentication = None;
    without_aa.dg15 = None;
    assert_eq!(without_aa.chip_claim, Some(ChipClaim::Cam));
    assert_eq!(
        submit(&strict, &link, &without_aa).await,
        (403, "chip_presence_unproven".into())
    );

    let lenient = gateway(
        "lenient",
        PresencePolicy {
            accept_client_asserted: true,
        },
    )
    .await;
    let mut session = logged_in(&lenient, HOLDER).await;
    let (link, challenge) = opened(&lenient, &mut session).await;
    let mut without_aa = evidence(&profile, challenge);
    without_aa.active_authentication = None;
    without_aa.dg15 = None;
    assert_eq!(
        submit(&lenient, &link, &without_aa).await,
        (200, "client_asserted".into())
    );
}

#[tokio::test]
async fn another_persons_tampered_or_untrusted_documents_are_refused_with_their_reasons() {
    let gateway = gateway("refusals", PresencePolicy::default()).await;
    let genuine = Profile::by_name("td1-id").unwrap();

    let mut other = logged_in(&gateway, OTHER).await;
    let (link, challenge) = opened(&gateway, &mut other).await;
    assert_eq!(
        submit(&gateway, &link, &evidence(&genuine, challenge)).await,
        (403, "document_mismatch".into())
    );

    let mut session = logged_in(&gateway, HOLDER).await;
    let (link, challenge) = opened(&gateway, &mut session).await;
    let mut tampered = evidence(&genuine, challenge);
    let last = tampered.dg1.len() - 3;
    tampered.dg1[last] ^= 0x01;
    assert_eq!(
        submit(&gateway, &link, &tampered).await,
        (403, "not_genuine".into())
    );

    let unrelated = Profile::by_name("td1-id-unrelated-signer").unwrap();
    let (link, challenge) = opened(&gateway, &mut session).await;
    assert_eq!(
        submit(&gateway, &link, &evidence(&unrelated, challenge)).await,
        (403, "untrusted_issuer".into())
    );

    let notices: Vec<String> = session
        .notifications()
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == "id_verification_refused")
        .map(|n| n.detail)
        .collect();
    assert_eq!(notices.len(), 2, "{notices:?}");
}

/// The gateway's clock, read by the device.
struct At(i64);

impl Clock for At {
    fn now_unix_seconds(&self) -> i64 {
        self.0
    }
}

#[tokio::test]
async fn a_device_transfer_revokes_the_old_key_and_lifts_a_this_wasnt_me_block() {
    let gateway = gateway("transfer", PresencePolicy::default()).await;
    let profile = Profile::by_name("td1-id").unwrap();
    let old_keys = SoftwareKeyStore::open(&gateway.dir.join("old"), &[1; 32]).unwrap();
    let mut session = logged_in(&gateway, HOLDER).await;
    session.set_two_factor(true).await.unwrap();
    let old = session
        .register_device(&old_keys, HOLDER, "old phone", NOW)
        .await
        .unwrap();
    rusqlite::Connection::open(&gateway.db_path)
        .unwrap()
        .execute("UPDATE accounts SET reported_at = ?1", [NOW])
        .unwrap();
    let blocked = GatewaySession::new(gateway.http.clone(), &gateway.origin)
        .login(HOLDER, PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(blocked.code(), Some("account_blocked"));

    let mut new_phone = GatewaySession::new(gateway.http.clone(), &gateway.origin);
    let link = new_phone
        .start_transfer(HOLDER, PASSWORD, NOW)
        .await
        .unwrap();
    assert_eq!(link.purpose, IdvPurpose::DeviceTransfer);
    let mut flow = read_with_flow(&gateway, link, &profile).await;
    flow.send_evidence().await.unwrap();
    let new_keys = SoftwareKeyStore::open(&gateway.dir.join("new"), &[2; 32]).unwrap();
    let code = last_sms(&gateway).await;
    let step = flow
        .confirm_transfer(&code, &new_keys, HOLDER, "new phone", NOW)
        .await
        .unwrap()
        .clone();
    let IdvStep::Done(IdvOutcome::DeviceTransferred {
        registration,
        devices_revoked: 1,
    }) = step
    else {
        panic!("{step:?}");
    };

    let clock = At(NOW);
    let old_device = DeviceClient::new(&gateway.http, &old_keys, &old, &clock);
    let refused = old_device.devices().await.unwrap_err();
    assert!(
        matches!(&refused, ClientError::Refused { code, .. } if code == "unknown_key"),
        "{refused}"
    );
    let new_device = DeviceClient::new(&gateway.http, &new_keys, &registration, &clock);
    let devices = new_device.devices().await.unwrap();
    assert_eq!(devices.devices.len(), 1);
    assert_eq!(devices.devices[0].name, "new phone");
    let step = GatewaySession::new(gateway.http.clone(), &gateway.origin)
        .login(HOLDER, PASSWORD)
        .await
        .unwrap();
    assert_eq!(step.next, "second_factor", "the block is lifted");
}

#[tokio::test]
async fn a_card_that_slips_away_is_read_on_when_presented_again_and_the_face_is_never_read() {
    use egate_core::lds::ElementaryFile;
    let gateway = gateway("resume", PresencePolicy::default()).await;
    let profile = Profile::by_name("td1-id").unwrap();
    let mut session = logged_in(&gateway, HOLDER).await;
    let link = session
        .start_id_verification(IdvPurpose::Phone, NOW)
        .await
        .unwrap();
    let mut flow = IdVerificationFlow::open(
        GatewaySession::new(gateway.http.clone(), &gateway.origin),
        link,
    )
    .await
    .unwrap();
    flow.enter_credentials(mrz_key(&profile)).unwrap();
    let first = (*card(&profile)).with_faults([ScheduledFault::at(Fault::TagLoss, 14)]);
    let handle = first.handle();
    let lost = flow.read_card(Box::new(first), &NoProgress).unwrap_err();
    assert!(
        matches!(&lost, ClientError::Card(error) if error.is_link_loss()),
        "{lost}"
    );
    assert_eq!(flow.step(), &IdvStep::HoldCard);
    assert!(flow.progress().unwrap().bytes_done > 0);
    flow.read_card(Box::new(handle.reconnect()), &NoProgress)
        .unwrap();
    assert_eq!(flow.step(), &IdvStep::ReadyToSend);
    handle.with_chip(|chip| {
        assert!(
            chip.served()
                .iter()
                .all(|served| served.file != ElementaryFile::Dg(2)),
            "the face is not part of the evidence"
        );
    });
    let step = flow.send_evidence().await.unwrap();
    assert!(
        matches!(step, IdvStep::EnterSmsCode { chip_presence, .. } if chip_presence == "active_authentication"),
        "{step:?}"
    );
}

/// `profile` without its Active Authentication key (DG15), so that only Chip Authentication
/// can prove its chip.
fn without_aa(profile: &str) -> Profile {
    let mut profile = Profile::by_name(profile).unwrap();
    profile.document.data_groups = Some(vec![1, 2, 7, 11, 12, 14]);
    profile
}

#[tokio::test]
async fn a_chip_without_active_authentication_is_proven_by_the_gateways_chip_authentication() {
    let gateway = gateway("relay", PresencePolicy::default()).await;
    let profile = Profile::by_name("td1-id-ca-only").unwrap();
    let mut session = logged_in(&gateway, HOLDER).await;
    let link = session
        .start_id_verification(IdvPurpose::Phone, NOW)
        .await
        .unwrap();
    let session = GatewaySession::new(gateway.http.clone(), &gateway.origin);
    let mut flow = IdVerificationFlow::open(session, link).await.unwrap();
    flow.enter_credentials(mrz_key(&profile)).unwrap();
    let card = SharedTransport::new(card(&profile));
    flow.read_card(card.handle(), &NoProgress).unwrap();
    assert_eq!(
        flow.send_evidence().await.unwrap(),
        &IdvStep::ProveChipPresence
    );
    let lost = (*self::card(&profile)).with_faults([ScheduledFault::at(Fault::TagLoss, 3)]);
    let error = flow.read_card(Box::new(lost), &NoProgress).unwrap_err();
    assert!(
        matches!(&error, ClientError::Card(e) if e.is_link_loss()),
        "{error}"
    );
    assert_eq!(flow.step(), &IdvStep::ProveChipPresence);
    assert_eq!(
        flow.read_card(card.handle(), &NoProgress).unwrap(),
        &IdvStep::ReadyToSend
    );
    let step = flow.send_evidence().await.unwrap().clone();
    assert_eq!(
        step,
        IdvStep::EnterSmsCode {
            phone_hint: "•••• 11".into(),
            chip_presence: "chip_authentication".into(),
        }
    );
    let code = last_sms(&gateway).await;
    assert_eq!(
        flow.confirm_phone(&code).await.unwrap(),
        &IdvStep::Done(IdvOutcome::PhoneVerified)
    );
}

#[tokio::test]
async fn a_clone_without_the_chips_key_fails_the_gateways_chip_authentication() {
    let gateway = gateway("relay-clone", PresencePolicy::default()).await;
    let clone = without_aa("td1-id-clone-wrong-key");
    let mut session = logged_in(&gateway, HOLDER).await;
    let link = session
        .start_id_verification(IdvPurpose::Phone, NOW)
        .await
        .unwrap();
    let session = GatewaySession::new(gateway.http.clone(), &gateway.origin);
    let mut flow = IdVerificationFlow::open(session, link).await.unwrap();
    flow.enter_credentials(mrz_key(&clone)).unwrap();
    let card = SharedTransport::new(card(&clone));
    flow.read_card(card.handle(), &NoProgress).unwrap();
    assert_eq!(
        flow.send_evidence().await.unwrap(),
        &IdvStep::ProveChipPresence
    );
    flow.read_card(card.handle(), &NoProgress).unwrap();
    assert_eq!(
        flow.send_evidence().await.unwrap(),
        &IdvStep::Refused {
            code: "chip_authentication_failed".into()
        }
    );
    assert!(
        !session_of(&gateway)
            .await
            .account()
            .await
            .unwrap()
            .phone_verified_with_id
    );
}

/// A logged-in session of the holder, to look at the account.
async fn session_of(gateway: &Gateway) -> GatewaySession {
    let mut session = GatewaySession::new(gateway.http.clone(), &gateway.origin);
    session.login(HOLDER, PASSWORD).await.unwrap();
    session
}

/// Runs a verification by hand up to the gateway's Chip Authentication request; answers the
/// link, the request and the card's finished read.
async fn relay_requested(
    gateway: &Gateway,
    session: &mut GatewaySession,
    profile: &Profile,
) -> (IdvLink, RelayRequest, DocumentReader, SharedTransport) {
    let (link, challenge) = opened(gateway, session).await;
    let options = ReadOptions {
        active_authentication_challenge: Some(challenge),
        ..ReadOptions::default()
    };
    let mut reader = DocumentReader::new(mrz_key(profile), options);
    let card = SharedTransport::new(card(profile));
    let read = reader.read(card.handle(), &NoProgress).unwrap();
    let evidence = Evidence::from_read(&read).unwrap();
    let (status, body) = post(
        gateway,
        &format!("/api/v1/id-verifications/{}/evidence", link.id),
        json!({
            "secret": link.secret.as_str(),
            "evidence": evidence,
            "chip_authentication_relay": true,
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let request = serde_json::from_value(body["chip_authentication"].clone()).unwrap();
    (link, request, reader, card)
}

#[tokio::test]
async fn replayed_chip_answers_are_refused_and_a_relay_is_answered_once() {
    let gateway = gateway("relay-replay", PresencePolicy::default()).await;
    let profile = Profile::by_name("td1-id-ca-only").unwrap();
    let mut session = logged_in(&gateway, HOLDER).await;
    let (first, request, mut reader, card) =
        relay_requested(&gateway, &mut session, &profile).await;
    let answer =
        relay_chip_authentication(&mut reader, card.handle(), &NoProgress, &request).unwrap();
    let path = |link: &IdvLink| format!("/api/v1/id-verifications/{}/chip-authentication", link.id);
    let body = |link: &IdvLink| json!({ "secret": link.secret.as_str(), "answer": answer });
    let (status, accepted) = post(&gateway, &path(&first), body(&first)).await;
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(accepted["chip_presence"], "chip_authentication");
    let (status, _) = post(&gateway, &path(&first), body(&first)).await;
    assert_eq!(status, 404, "a relay is answered once");

    let (second, other_request, _, _) = relay_requested(&gateway, &mut session, &profile).await;
    assert_ne!(other_request.terminal_key, request.terminal_key);
    let (status, refused) = post(&gateway, &path(&second), body(&second)).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (403, Some("chip_authentication_failed"))
    );
}

#[tokio::test]
async fn without_a_relay_a_chip_without_active_authentication_stays_unproven() {
    let gateway = gateway("relay-none", PresencePolicy::default()).await;
    let profile = Profile::by_name("td1-id-ca-only").unwrap();
    let mut session = logged_in(&gateway, HOLDER).await;
    let (link, challenge) = opened(&gateway, &mut session).await;
    let evidence = evidence(&profile, challenge);
    assert_eq!(
        submit(&gateway, &link, &evidence).await,
        (403, "chip_presence_unproven".into())
    );
}
