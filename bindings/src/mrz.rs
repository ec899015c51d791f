//! The MRZ in text the platform's recogniser read from a camera frame (ML Kit, Vision): the
//! core finds the zone and its check digits decide; the shell only passes the text on.

use egate_core::mrz::find_in_recognised_text;

/// The access data of an MRZ found in recognised text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScannedMrz {
    /// The document number.
    pub document_number: String,
    /// Date of birth, `YYMMDD`.
    pub date_of_birth: String,
    /// Date of expiry, `YYMMDD`.
    pub date_of_expiry: String,
}

/// The MRZ in `text` (the recogniser's lines, in order) when every check digit verifies;
/// none means "keep scanning" (or let the holder type it).
#[uniffi::export]
pub fn mrz_from_camera_text(text: String) -> Option<ScannedMrz> {
    find_in_recognised_text(&text).map(|mrz| ScannedMrz {
        document_number: mrz.document_number,
        date_of_birth: mrz.date_of_birth,
        date_of_expiry: mrz.date_of_expiry,
    })
}
