//! Typed MRZ errors that name the field at fault.

use thiserror::Error;

/// A field of the MRZ or of the typed access key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzField {
    /// Document number.
    DocumentNumber,
    /// Date of birth (YYMMDD).
    DateOfBirth,
    /// Date of expiry (YYMMDD).
    DateOfExpiry,
    /// Optional data / personal number.
    OptionalData,
    /// The composite check digit over the whole zone.
    Composite,
    /// Name of the holder.
    Name,
    /// Document code, issuing state, nationality or sex.
    Header,
}

impl MrzField {
    /// A stable name for reports and error codes.
    pub fn name(self) -> &'static str {
        match self {
            MrzField::DocumentNumber => "document_number",
            MrzField::DateOfBirth => "date_of_birth",
            MrzField::DateOfExpiry => "date_of_expiry",
            MrzField::OptionalData => "optional_data",
            MrzField::Composite => "composite",
            MrzField::Name => "name",
            MrzField::Header => "header",
        }
    }
}

impl std::fmt::Display for MrzField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an MRZ or a typed key was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MrzError {
    /// The lines match none of TD1 (3×30), TD2 (2×36) or TD3 (2×44).
    #[error("the MRZ is not 3 lines of 30, or 2 lines of 36 or 44 characters")]
    UnknownFormat,
    /// A character outside `0-9`, `A-Z` and `<`.
    #[error("invalid character in {field}")]
    InvalidCharacter {
        /// The field holding it.
        field: MrzField,
    },
    /// A check digit that does not match its field.
    #[error("the check digit of {field} does not match")]
    CheckDigit {
        /// The field whose check digit fails.
        field: MrzField,
    },
    /// A field that is empty, too long or not a valid date.
    #[error("{field} is not valid")]
    InvalidField {
        /// The field at fault.
        field: MrzField,
    },
}
