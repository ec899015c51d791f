//! What a read shows, as records the shells render: the core's display data (names without
//! fillers, ISO dates, DG11/DG12 details), the authenticity verdicts with their reasons, and the
//! face as JPEG or PNG bytes once its hash matched EF.SOD.

use egate_core::display::{Today, display_read};
use egate_core::lds::{ElementaryFile, displayable_face, parse_dg2};
use egate_core::passive::TrustStore;
use egate_core::ports::Clock;
use egate_core::read::{CardRead, verify_read};

/// Whether the document and its chip are genuine.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Authenticity {
    /// Passive authentication: `valid`, `invalid`, `untrusted` or `not_performed`.
    pub passive: String,
    /// The chip: `valid`, `invalid`, `unverified` or `not_supported`, as the core decides.
    pub chip: String,
    /// The chip protocol that ran: `CAM`, `CA` or `AA`, when one did.
    pub chip_method: Option<String>,
    /// The failed checks' codes (e.g. `data_group_hash_mismatch`, `csca_unknown`).
    pub reasons: Vec<String>,
}

/// A displayable face image.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FaceImage {
    /// `jpg` or `png`.
    pub format: String,
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A document as the citizen is shown it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Document {
    /// Document code, e.g. `P` or `I`.
    pub document_code: String,
    /// Issuing state (ICAO code).
    pub issuing_state: String,
    /// Document number without fillers.
    pub document_number: String,
    /// Surname(s).
    pub primary_name: String,
    /// Given name(s).
    pub secondary_names: String,
    /// Nationality (ICAO code).
    pub nationality: String,
    /// `F`, `M` or `X`, when specified.
    pub sex: Option<String>,
    /// ISO 8601 (possibly partial) date of birth.
    pub date_of_birth: Option<String>,
    /// ISO 8601 date of expiry.
    pub date_of_expiry: Option<String>,
    /// Personal number (DG11 or the MRZ's optional data).
    pub personal_number: Option<String>,
    /// Place of birth (DG11).
    pub place_of_birth: Option<String>,
    /// Address (DG11).
    pub address: Option<String>,
    /// The verdicts.
    pub authenticity: Authenticity,
    /// The face, when DG2 was read and matched EF.SOD.
    pub face: Option<FaceImage>,
    /// `BAC` or `PACE`.
    pub access_control: String,
    /// Command/response exchanges the read took.
    pub apdus: u64,
}

/// The document of `read`, verified against `trust` as of `clock`.
pub(crate) fn document(read: &CardRead, trust: Option<&TrustStore>, clock: &dyn Clock) -> Document {
    let verification = verify_read(read, trust, clock);
    let shown = display_read(read, Today::from_unix_seconds(clock.now_unix_seconds()));
    let face = read
        .files
        .get(&ElementaryFile::Dg(2))
        .and_then(|bytes| parse_dg2(bytes).ok())
        .and_then(|faces| faces.into_iter().next())
        .zip(
            verification
                .passive
                .data_groups
                .get(&ElementaryFile::Dg(2))
                .copied(),
        )
        .and_then(|(face, hash)| displayable_face(&face, hash).ok())
        .map(|image| FaceImage {
            format: image.format.extension().to_owned(),
            bytes: image.bytes,
            width: image.width,
            height: image.height,
        });
    let date = |d: Option<egate_core::display::PartialDate>| d.map(|d| d.to_string());
    Document {
        document_code: shown.document_code,
        issuing_state: shown.issuing_state,
        document_number: shown.document_number,
        primary_name: shown.primary_name,
        secondary_names: shown.secondary_names,
        nationality: shown.nationality,
        sex: shown.sex.map(String::from),
        date_of_birth: date(shown.date_of_birth),
        date_of_expiry: date(shown.date_of_expiry),
        personal_number: shown.personal_number,
        place_of_birth: shown.place_of_birth,
        address: shown.address,
        authenticity: Authenticity {
            passive: verification.passive.status.name().to_owned(),
            chip: verification.chip.name().to_owned(),
            chip_method: read.chip.method.map(|m| m.name().to_owned()),
            reasons: verification
                .passive
                .reasons
                .iter()
                .map(|r| r.code().to_owned())
                .collect(),
        },
        face,
        access_control: read.session.access.protocol.name().to_owned(),
        apdus: read.session.apdus,
    }
}
