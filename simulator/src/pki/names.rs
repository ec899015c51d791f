//! The distinguished names and dates of the test PKI.

use super::PkiError;
use der::DateTime;
use std::str::FromStr;
use x509_cert::name::Name;
use x509_cert::time::{Time, Validity};

/// The subject (and issuer) of every Utopian CSCA certificate, across key rollovers.
pub(crate) const CSCA_UTOPIA: &str = "CN=CSCA Utopia,O=Utopia Government,C=UT";
/// The CSCA of another country.
pub(crate) const CSCA_FREEDONIA: &str = "CN=CSCA Freedonia,O=Freedonia,C=XF";

/// `name` in RFC 4514 form (most specific first), e.g. [`CSCA_UTOPIA`].
pub(crate) fn name(name: &str) -> Result<Name, PkiError> {
    Ok(Name::from_str(name)?)
}

/// A Utopian document signer's name (`CN=<common_name>`).
pub(crate) fn utopia(common_name: &str) -> Result<Name, PkiError> {
    name(&format!("CN={common_name},O=Utopia Government,C=UT"))
}

/// A UTC instant, as UTCTime before 2050 and GeneralizedTime from 2050 (RFC 5280).
pub(crate) fn time(
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
) -> Result<Time, PkiError> {
    Ok(Time::from(DateTime::new(
        year, month, day, hour, minute, second,
    )?))
}

/// 2020-01-01T00:00:00Z.
pub(crate) fn start() -> Result<Time, PkiError> {
    time(2020, 1, 1, 0, 0, 0)
}

/// 2099-12-31T23:59:59Z.
pub(crate) fn end() -> Result<Time, PkiError> {
    time(2099, 12, 31, 23, 59, 59)
}

/// The default validity, 2020-01-01T00:00:00Z to 2099-12-31T23:59:59Z.
pub(crate) fn validity() -> Result<Validity, PkiError> {
    Ok(Validity::new(start()?, end()?))
}
