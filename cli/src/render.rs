//! Rendering a read: the JSON objects (`document`, `session`, `chip`, `verification`, `files`)
//! and the human summary.

use egate_core::display::{DisplayData, PartialDate};
use egate_core::lds::{ElementaryFile, SecurityInfos};
use egate_core::mrz::Mrz;
use egate_core::passive::{PassiveFailure, PassiveReport, PassiveStatus};
use egate_core::read::{ChipCheck, ChipMethod, ChipStatus, SessionReport, Verification, key_file};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The `document` object: MRZ values, dates as YYMMDD.
pub(crate) fn document(mrz: &Mrz) -> Value {
    json!({
        "format": mrz.format.name(),
        "document_code": mrz.document_code,
        "issuing_state": mrz.issuing_state,
        "document_number": mrz.document_number,
        "surname": mrz.surname,
        "given_names": mrz.given_names,
        "nationality": mrz.nationality,
        "date_of_birth": mrz.date_of_birth,
        "sex": mrz.sex,
        "date_of_expiry": mrz.date_of_expiry,
        "optional_data": mrz.optional_data,
    })
}

/// The `session` object.
pub(crate) fn session(report: &SessionReport, simulated: bool) -> Value {
    let pace = report.access.pace.as_ref();
    json!({
        "simulated": simulated,
        "access_control": report.access.protocol.name(),
        "pace_protocol": pace.map(|p| p.protocol.to_string()),
        "pace_oid": pace.map(|p| p.protocol.oid().to_string()),
        "mapping": pace.map(|p| p.protocol.mapping.short_name()),
        "key_agreement": pace.map(|p| p.protocol.agreement.short_name()),
        "domain": pace.map(|p| p.group),
        "parameter_id": pace.map(|p| p.parameter_id),
        "chip_authentication_mapping": pace.and_then(|p| p.cam_check.as_ref().map(ToString::to_string)),
        "pace_set_aside": pace.map(|p| p.set_aside.clone()),
        "cipher": report.access.cipher.name(),
        "password": report.access.password.name(),
        "bac_fallback": report.access.bac_fallback,
        "apdus": report.apdus,
        "bytes_sent": report.bytes_sent,
        "bytes_received": report.bytes_received,
        "extended_length": report.extended_length,
        "length_cap": report.length_cap,
        "connections": report.connections,
        "reauthentications": report.reauthentications,
        "reread_bytes": report.reread_bytes,
    })
}

/// The `files` object: name → size in bytes.
pub(crate) fn files(files: &BTreeMap<ElementaryFile, Vec<u8>>) -> Value {
    let map: Map<String, Value> = files
        .iter()
        .map(|(file, bytes)| (file.name().to_string(), json!(bytes.len())))
        .collect();
    Value::Object(map)
}

/// The protocols EF.CardAccess lists.
pub(crate) fn card_access(infos: Option<&SecurityInfos>) -> Value {
    match infos {
        None => Value::Null,
        Some(infos) => json!(
            infos
                .infos
                .iter()
                .map(|i| i.protocol.to_string())
                .collect::<Vec<_>>()
        ),
    }
}

/// The human summary of the session.
pub(crate) fn session_line(report: &SessionReport) -> String {
    format!(
        "{} with the {} password, {} secure messaging{}; {} APDUs, {} bytes sent, {} received{}{}",
        match &report.access.pace {
            Some(pace) => format!(
                "{} on {} (ID {})",
                pace.protocol, pace.group, pace.parameter_id
            ),
            None => report.access.protocol.name().to_string(),
        },
        report.access.password.name(),
        report.access.cipher.name(),
        if report.access.bac_fallback {
            " (BAC fallback allowed by --allow-bac-fallback)"
        } else {
            ""
        },
        report.apdus,
        report.bytes_sent,
        report.bytes_received,
        if report.extended_length {
            ", extended length"
        } else {
            ""
        },
        if report.connections > 1 {
            format!(
                "; continued over {} connections after the card left the reader",
                report.connections
            )
        } else {
            String::new()
        },
    )
}

/// The `display` object: what the citizen is shown (names without fillers, ISO 8601 dates).
pub(crate) fn display(shown: &DisplayData) -> Value {
    let date = |d: Option<PartialDate>| d.map(|d| d.to_string());
    json!({
        "primary_name": shown.primary_name,
        "secondary_names": shown.secondary_names,
        "document_code": shown.document_code,
        "document_number": shown.document_number,
        "issuing_state": shown.issuing_state,
        "nationality": shown.nationality,
        "sex": shown.sex.map(String::from),
        "date_of_birth": date(shown.date_of_birth),
        "date_of_expiry": date(shown.date_of_expiry),
        "personal_number": shown.personal_number,
        "place_of_birth": shown.place_of_birth,
        "address": shown.address,
        "issuing_authority": shown.issuing_authority,
        "date_of_issue": date(shown.date_of_issue),
    })
}

/// The human summary of the document.
pub(crate) fn document_lines(shown: &DisplayData, format: &str) -> Vec<String> {
    let date = |d: Option<PartialDate>| d.map_or_else(|| "unknown".to_string(), |d| d.to_string());
    let name = if shown.secondary_names.is_empty() {
        shown.primary_name.clone()
    } else {
        format!("{}, {}", shown.primary_name, shown.secondary_names)
    };
    let mut lines = vec![
        format!(
            "Document        {} {} ({format})",
            shown.document_code, shown.document_number
        ),
        format!("Issuing state   {}", shown.issuing_state),
        format!("Name            {name}"),
        format!("Nationality     {}", shown.nationality),
        format!("Date of birth   {}", date(shown.date_of_birth)),
        format!("Sex             {}", shown.sex.map_or('-', |c| c)),
        format!("Date of expiry  {}", date(shown.date_of_expiry)),
    ];
    let optional = [
        ("Personal number", &shown.personal_number),
        ("Place of birth ", &shown.place_of_birth),
        ("Address        ", &shown.address),
        ("Issued by      ", &shown.issuing_authority),
    ];
    for (label, value) in optional {
        if let Some(value) = value {
            lines.push(format!("{label} {value}"));
        }
    }
    if let Some(issued) = shown.date_of_issue {
        lines.push(format!("Date of issue   {issued}"));
    }
    lines
}

/// The `chip` object: method, status, failure and the raw Active Authentication answer.
pub(crate) fn chip(check: &ChipCheck, status: ChipStatus) -> Value {
    json!({
        "method": check.method.map(ChipMethod::name),
        "status": status.name(),
        "failure": check.failure,
        "active_authentication": check.active_authentication.as_ref().map(|aa| json!({
            "challenge": hex::encode_upper(aa.challenge),
            "signature": hex::encode_upper(&aa.signature),
        })),
    })
}

/// The human line of the chip check.
pub(crate) fn chip_line(check: &ChipCheck, status: ChipStatus) -> String {
    match (check.method, &check.failure, status) {
        (None, _, _) => "no chip authentication protocol offered".to_string(),
        (Some(method), Some(why), _) => format!("{} FAILED: {why}", method.name()),
        (Some(method), None, ChipStatus::Valid) => format!(
            "{} passed with the key of the passively authenticated {}",
            method.name(),
            key_file(method).name()
        ),
        (Some(method), None, _) => format!(
            "{} passed, but {} did not pass passive authentication (key unverified)",
            method.name(),
            key_file(method).name()
        ),
    }
}

fn failures(reasons: &[PassiveFailure]) -> Value {
    json!(
        reasons
            .iter()
            .map(|r| json!({"code": r.code(), "message": r.to_string()}))
            .collect::<Vec<_>>()
    )
}

/// The `data_groups` object: name → `hash_ok`, `hash_mismatch`, `not_in_sod` or `not_read`.
fn data_groups(report: &PassiveReport) -> Value {
    let map: Map<String, Value> = report
        .data_groups
        .iter()
        .map(|(file, check)| (file.name().to_string(), json!(check.name())))
        .collect();
    Value::Object(map)
}

/// The `passive` object.
pub(crate) fn passive(report: &PassiveReport) -> Value {
    json!({
        "status": report.status.name(),
        "revocation": report.revocation.name(),
        "reasons": failures(&report.reasons),
        "warnings": report.warnings,
        "document_signer": report.document_signer,
        "link_certificates": report.link_certificates,
        "csca": report.csca,
        "card_security": report.card_security.as_ref().map(|c| json!({
            "status": c.status.name(),
            "reasons": failures(&c.reasons),
        })),
        "document_expiry": report.document_expiry,
    })
}

/// The `verification` object: passive authentication, the chip verdict and the data groups.
pub(crate) fn verification(verification: &Verification, check: &ChipCheck) -> Value {
    json!({
        "passive": passive(&verification.passive),
        "chip": {
            "method": check.method.map(ChipMethod::name),
            "status": verification.chip.name(),
        },
        "data_groups": data_groups(&verification.passive),
    })
}

/// The human lines of passive authentication.
pub(crate) fn passive_lines(report: &PassiveReport) -> Vec<String> {
    let name = |s: &Option<egate_core::passive::CertificateSummary>| {
        s.as_ref()
            .map_or_else(|| "-".to_string(), |c| c.subject.clone())
    };
    let mut lines = vec![format!(
        "Authenticity    {} (revocation: {}); signer {}; CSCA {}",
        report.status.name().to_uppercase(),
        report.revocation.name(),
        name(&report.document_signer),
        name(&report.csca),
    )];
    for reason in &report.reasons {
        lines.push(format!("  reason        {reason}"));
    }
    for warning in &report.warnings {
        lines.push(format!("  warning       {}", warning.message));
    }
    if let Some(card_security) = report
        .card_security
        .as_ref()
        .filter(|c| c.status != PassiveStatus::Valid)
    {
        let reasons: Vec<String> = card_security
            .reasons
            .iter()
            .map(ToString::to_string)
            .collect();
        lines.push(format!(
            "CardSecurity    {}: {}",
            card_security.status.name().to_uppercase(),
            reasons.join("; ")
        ));
    }
    let checks: Vec<String> = report
        .data_groups
        .iter()
        .map(|(file, check)| format!("{} {}", file.name(), check.name()))
        .collect();
    if !checks.is_empty() {
        lines.push(format!("Data groups     {}", checks.join(", ")));
    }
    if let Some(expiry) = report.document_expiry.as_ref().filter(|e| e.expired) {
        lines.push(format!(
            "Expiry          the document EXPIRED on {} (judged apart from authenticity)",
            expiry.date
        ));
    }
    lines
}

/// The human list of files.
pub(crate) fn file_line(files: &BTreeMap<ElementaryFile, Vec<u8>>) -> String {
    let parts: Vec<String> = files
        .iter()
        .map(|(file, bytes)| format!("{} {} B", file.name(), bytes.len()))
        .collect();
    format!("Files           {}", parts.join(", "))
}
