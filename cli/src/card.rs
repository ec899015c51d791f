//! `egate card read`, `probe` and `sim`: opening the card, credentials, running the core's read
//! and printing the result.

use crate::args::{CardArgs, ReadArgs, SimCommand};
use crate::exit::{FAILURE, Failure, NO_CARD, WRONG_CREDENTIALS};
use crate::export::write_document;
use crate::progress::Bars;
use crate::render;
use crate::trust::trust_store;
use egate::clock::SystemClock;
use egate::transport::{CardSource, OpenedCard, ShortApdusOnly, open_card};
use egate_core::access::{AccessKey, AccessPolicy, Can};
use egate_core::display::{Today, display_read};
use egate_core::lds::ElementaryFile;
use egate_core::mrz::{Mrz, MrzField, MrzKey, normalise_typed};
use egate_core::ports::Clock;
use egate_core::read::{
    CardRead, DocumentReader, NoProgress, ReadListener, ReadOptions, verify_read,
};
use egate_simulator::document::PaceOffering;
use egate_simulator::link::LinkModel;
use egate_simulator::{Profile, VirtualChip, vpcd};
use serde_json::json;
use std::time::Duration;

fn source(args: &CardArgs) -> CardSource {
    match (&args.sim, &args.reader) {
        (Some(profile), _) => CardSource::Simulated(profile.clone()),
        (None, Some(reader)) => CardSource::Reader(reader.clone()),
        (None, None) => CardSource::Auto,
    }
}

fn credentials(args: &CardArgs, card: &OpenedCard) -> Result<AccessKey, Failure> {
    let bad = |e: egate_core::mrz::MrzError| {
        Failure::new(WRONG_CREDENTIALS, format!("invalid credentials: {e}"))
    };
    if let Some(can) = &args.can {
        return Ok(AccessKey::Can(Can::new(can).map_err(|_| {
            Failure::new(WRONG_CREDENTIALS, "the card access number must be digits")
        })?));
    }
    if let Some(mrz) = &args.mrz {
        let parts: Vec<&str> = mrz.split(',').collect();
        let [number, birth, expiry] = parts.as_slice() else {
            return Err(Failure::new(
                WRONG_CREDENTIALS,
                "--mrz takes DOCUMENT_NUMBER,BIRTH_YYMMDD,EXPIRY_YYMMDD",
            ));
        };
        return Ok(AccessKey::Mrz(
            MrzKey::from_typed(number, birth, expiry).map_err(bad)?,
        ));
    }
    if !args.mrz_line.is_empty() {
        let lines = args
            .mrz_line
            .iter()
            .map(|l| normalise_typed(l, MrzField::Header))
            .collect::<Result<Vec<_>, _>>()
            .map_err(bad)?;
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mrz = Mrz::from_lines(&refs).map_err(bad)?;
        return Ok(AccessKey::Mrz(MrzKey::from_mrz(&mrz).map_err(bad)?));
    }
    match &card.simulated {
        Some(profile) => Ok(AccessKey::Mrz(
            MrzKey::from_mrz(&profile.document.mrz).map_err(bad)?,
        )),
        None => Err(Failure::new(
            WRONG_CREDENTIALS,
            "this card needs credentials: --mrz DOCNO,BIRTH,EXPIRY, --mrz-line (once per line) or --can DIGITS",
        )),
    }
}

/// Opens the card, announces a simulated one (on stderr when `json` keeps stdout for the
/// result), and returns it with its credentials.
pub(crate) fn prepare(args: &CardArgs, json: bool) -> Result<(OpenedCard, AccessKey), Failure> {
    let mut card = open_card(&source(args))?;
    if args.short_apdus {
        card.transport = Box::new(ShortApdusOnly(card.transport));
    }
    if let Some(profile) = &card.simulated {
        let banner = format!(
            "SIMULATED CARD (profile {}: {})",
            profile.name, profile.description
        );
        if json {
            eprintln!("{banner}");
        } else {
            println!("{banner}");
        }
    }
    let key = credentials(args, &card)?;
    Ok((card, key))
}

fn options(args: &ReadArgs) -> ReadOptions {
    ReadOptions {
        policy: AccessPolicy {
            allow_bac_fallback: args.card.allow_bac_fallback,
        },
        active_authentication_challenge: args.aa_challenge,
        ..ReadOptions::default()
    }
}

fn listener(args: &ReadArgs) -> Box<dyn ReadListener> {
    if args.json {
        Box::new(NoProgress)
    } else {
        Box::new(Bars::default())
    }
}

/// How long `egate card read` waits for a card that left the reader to be presented again.
const PRESENT_AGAIN_WAIT: Duration = Duration::from_secs(30);

/// Connections one read may use before giving up.
pub(crate) const MAX_CONNECTIONS: u32 = 6;

/// Reads the document; when a real card leaves the reader mid-read, waits for it to be
/// presented again and continues the same read.
fn read_resuming(
    args: &ReadArgs,
    transport: Box<dyn egate_core::ports::CardTransport>,
    key: &AccessKey,
    listener: &dyn ReadListener,
    real_card: bool,
) -> Result<CardRead, Failure> {
    let mut reader = DocumentReader::new(key.clone(), options(args));
    let mut transport = transport;
    loop {
        match reader.read(transport, listener) {
            Ok(read) => return Ok(read),
            Err(error)
                if real_card
                    && error.is_link_loss()
                    && reader.progress().connections < MAX_CONNECTIONS =>
            {
                eprintln!(
                    "egate: the card left the reader ({error}); hold it to the reader again to continue"
                );
                transport = present_again(&args.card)?;
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// The card's new connection once it is back in the reader.
pub(crate) fn present_again(
    args: &CardArgs,
) -> Result<Box<dyn egate_core::ports::CardTransport>, Failure> {
    let deadline = std::time::Instant::now() + PRESENT_AGAIN_WAIT;
    while std::time::Instant::now() < deadline {
        if let Ok(card) = open_card(&source(args))
            && card.simulated.is_none()
        {
            return Ok(if args.short_apdus {
                Box::new(ShortApdusOnly(card.transport))
            } else {
                card.transport
            });
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(Failure::new(NO_CARD, "the card was not presented again"))
}

/// `egate card read`.
pub(crate) fn read(args: &ReadArgs) -> Result<(), Failure> {
    let (card, key) = prepare(&args.card, args.json)?;
    let simulated = card.simulated.is_some();
    let listener = listener(args);
    let result = read_resuming(args, card.transport, &key, listener.as_ref(), !simulated)?;
    drop(listener);
    let trust = trust_store(&args.trust, simulated, &SystemClock)?;
    let verification = verify_read(&result, trust.as_ref(), &SystemClock);
    if let Some(dir) = &args.out {
        let dg2 = verification
            .passive
            .data_groups
            .get(&ElementaryFile::Dg(2))
            .copied();
        write_document(dir, &result.files, dg2)?;
    }
    let shown = display_read(
        &result,
        Today::from_unix_seconds(SystemClock.now_unix_seconds()),
    );
    if args.json {
        let mut object = json!({
            "document": render::document(&result.mrz),
            "display": render::display(&shown),
            "chip": render::chip(&result.chip, verification.chip),
            "verification": render::verification(&verification, &result.chip),
            "session": render::session(&result.session, simulated),
            "files": render::files(&result.files),
            "skipped": result.skipped.iter().map(|f| f.name()).collect::<Vec<_>>(),
        });
        if let Some(air) = card.air.as_ref().and_then(|a| a.lock().ok().map(|s| *s)) {
            object["session"]["simulated_ms"] = json!((air.simulated_ms * 10.0).round() / 10.0);
        }
        println!("{object:#}");
    } else {
        println!("Reader          {}", card.description);
        for line in render::document_lines(&shown, result.mrz.format.name()) {
            println!("{line}");
        }
        println!("Session         {}", render::session_line(&result.session));
        println!(
            "Chip            {}",
            render::chip_line(&result.chip, verification.chip)
        );
        for line in render::passive_lines(&verification.passive) {
            println!("{line}");
        }
        println!("{}", render::file_line(&result.files));
    }
    Ok(())
}

/// `egate card probe`.
pub(crate) fn probe(args: &ReadArgs) -> Result<(), Failure> {
    let (card, key) = prepare(&args.card, args.json)?;
    let simulated = card.simulated.is_some();
    let listener = listener(args);
    let result = egate_core::read::probe(card.transport, &key, &options(args), listener.as_ref())?;
    drop(listener);
    if args.json {
        let object = json!({
            "session": render::session(&result.session, simulated),
            "card_access": {
                "hex": result.card_access_bytes.as_ref().map(hex::encode_upper),
                "protocols": render::card_access(result.card_access.as_ref()),
            },
        });
        println!("{object:#}");
    } else {
        println!("Reader          {}", card.description);
        println!("Session         {}", render::session_line(&result.session));
        match &result.card_access {
            None => println!("EF.CardAccess   not present"),
            Some(infos) => {
                for info in &infos.infos {
                    println!("EF.CardAccess   {}", info.protocol);
                }
            }
        }
    }
    Ok(())
}

/// `egate card sim …`.
pub(crate) fn sim(command: SimCommand) -> Result<(), Failure> {
    match command {
        SimCommand::List { json, pace: true } => {
            let names: Vec<String> = PaceOffering::matrix()
                .iter()
                .map(|o| format!("pace-{}", o.name()))
                .collect();
            if json {
                println!("{:#}", json!(names));
            } else {
                println!("{}", names.join("\n"));
            }
            Ok(())
        }
        SimCommand::List { json, pace: false } => {
            let profiles = Profile::builtin();
            if json {
                let list: Vec<_> = profiles
                    .iter()
                    .map(|p| json!({"name": p.name, "description": p.description}))
                    .collect();
                println!("{:#}", json!(list));
            } else {
                for p in profiles {
                    println!("{:20} {}", p.name, p.description);
                }
                println!(
                    "{:20} PACE-only ID card offering one PACE protocol, e.g. pace-ecdh-cam-aes128-13 (all: --pace)",
                    "pace-<variant>"
                );
            }
            Ok(())
        }
        SimCommand::Export { dir, profile } => export(&dir, &profile),
        SimCommand::Serve {
            profile,
            vpcd: address,
            stats,
            bitrate,
            turnaround_ms,
            realtime,
        } => serve(
            &profile,
            &address,
            stats.as_deref(),
            bitrate,
            turnaround_ms,
            realtime,
        ),
    }
}

/// `egate card sim serve`: the simulated card in pcscd's vpcd reader, each session's figures
/// appended to `stats` when given.
fn serve(
    name: &str,
    address: &str,
    stats: Option<&std::path::Path>,
    bit_rate: u32,
    turnaround_ms: f64,
    realtime: bool,
) -> Result<(), Failure> {
    let profile = Profile::by_name(name)
        .ok_or_else(|| Failure::new(FAILURE, format!("no simulated profile named {name:?}")))?;
    let mut chip = VirtualChip::new(&profile).map_err(|e| Failure::new(FAILURE, e.to_string()))?;
    let link = LinkModel {
        bit_rate,
        turnaround_ms,
        ..profile.link
    };
    let io = |e: std::io::Error| Failure::new(FAILURE, format!("vpcd at {address}: {e}"));
    let mut stream = vpcd::connect(address, Duration::from_secs(10)).map_err(io)?;
    eprintln!(
        "serving simulated card {} to vpcd at {address}",
        profile.name
    );
    let options = vpcd::ServeOptions {
        realtime,
        ..vpcd::ServeOptions::default()
    };
    let total = vpcd::serve_with(&mut chip, &link, &mut stream, &options).map_err(io)?;
    if let Some(path) = stats {
        let sessions = options.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let lines: String = sessions
            .iter()
            .filter(|s| s.apdus > 0)
            .map(|s| {
                json!({
                    "profile": profile.name,
                    "apdus": s.apdus,
                    "bytes_sent": s.bytes_sent,
                    "bytes_received": s.bytes_received,
                    "simulated_ms": (s.simulated_ms * 10.0).round() / 10.0,
                })
                .to_string()
                    + "\n"
            })
            .collect();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?;
        std::io::Write::write_all(&mut file, lines.as_bytes())
            .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?;
    }
    eprintln!(
        "vpcd closed: {} APDUs, {} bytes sent, {} received, {:.1} ms simulated air time",
        total.apdus, total.bytes_sent, total.bytes_received, total.simulated_ms
    );
    Ok(())
}

/// `egate card sim export`: the simulated document's files, face and signing CSCA.
fn export(dir: &std::path::Path, name: &str) -> Result<(), Failure> {
    let profile = Profile::by_name(name)
        .ok_or_else(|| Failure::new(FAILURE, format!("no simulated profile named {name:?}")))?;
    let files = profile
        .document
        .build_files()
        .map_err(|e| Failure::new(FAILURE, e.to_string()))?;
    let own = egate_core::passive::TrustStore::from_inputs(
        vec![("csca.pem".into(), profile.csca_pem().as_bytes().to_vec())],
        &SystemClock,
    );
    let checked = egate_core::passive::passive_authentication(&files, Some(&own), &SystemClock);
    let dg2 = checked.data_groups.get(&ElementaryFile::Dg(2)).copied();
    let face = write_document(dir, &files, dg2)?;
    std::fs::write(dir.join("csca.pem"), profile.csca_pem())
        .map_err(|e| Failure::new(FAILURE, format!("cannot write csca.pem: {e}")))?;
    println!(
        "wrote {} files{} and csca.pem to {}",
        files.len(),
        face.map(|f| format!(", {f}")).unwrap_or_default(),
        dir.display()
    );
    Ok(())
}
