//! Certificate revocation lists (RFC 5280 v2, with cRLNumber and authorityKeyIdentifier).

use super::PkiError;
use super::keys::PrivateKey;
use super::signing::RsaScheme;
use der::Encode;
use rand_chacha::ChaCha20Rng;
use x509_cert::builder::CrlBuilder;
use x509_cert::certificate::Certificate;
use x509_cert::crl::RevokedCert;
use x509_cert::ext::pkix::CrlNumber;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;

/// What one CRL says.
#[derive(Debug, Clone)]
pub(crate) struct CrlContent {
    /// The cRLNumber.
    pub(crate) number: u32,
    /// thisUpdate.
    pub(crate) this_update: Time,
    /// nextUpdate.
    pub(crate) next_update: Time,
    /// The revoked serial numbers and their revocation dates.
    pub(crate) revoked: Vec<(u32, Time)>,
}

/// The DER CRL of `issuer` (its subject and key identifier), signed with `key`.
pub(crate) fn issue_crl(
    issuer: &Certificate,
    key: &PrivateKey,
    content: CrlContent,
    rng: &mut ChaCha20Rng,
) -> Result<Vec<u8>, PkiError> {
    let mut builder = CrlBuilder::new_with_this_update(
        issuer,
        CrlNumber::try_from(content.number)?,
        content.this_update,
    )?
    .with_next_update(Some(content.next_update));
    if !content.revoked.is_empty() {
        builder = builder.with_certificates(content.revoked.into_iter().map(|(serial, date)| {
            RevokedCert {
                serial_number: SerialNumber::from(serial),
                revocation_date: date,
                crl_entry_extensions: None,
            }
        }));
    }
    Ok(key.sign_tbs(RsaScheme::Pkcs1v15, builder, rng)?.to_der()?)
}
