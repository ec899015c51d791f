//! ICAO CSCA master lists (ICAO 9303-12 §9): a SignedData whose content is
//! `CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }`, trusted only
//! when its signature verifies and its signer chains to a CSCA the operator configured.

use super::certificate::CertificateRecord;
use super::chain::build_chain;
use super::oids;
use super::signed_data::verify_signed_data;
use crate::tlv;

/// A master list whose signer chained to a configured CSCA.
#[derive(Debug, Clone)]
pub struct MasterList {
    /// The master list signer's subject.
    pub signer: String,
    /// The certificates that parsed strictly.
    pub certificates: Vec<CertificateRecord>,
    /// One line per certificate that failed strict parsing.
    pub rejected: Vec<String>,
}

/// Verifies a master list against `configured` CSCAs and returns its certificates.
pub fn open_master_list(
    bytes: &[u8],
    configured: &[CertificateRecord],
    now: i64,
) -> Result<MasterList, String> {
    let signed = verify_signed_data(bytes).map_err(|e| format!("master list: {e}"))?;
    if signed.content_type != oids::CSCA_MASTER_LIST {
        return Err(format!(
            "the SignedData holds {}, not a CSCA master list",
            signed.content_type
        ));
    }
    let signer = signed
        .signer
        .certificate()
        .tbs_certificate()
        .subject()
        .to_string();
    build_chain(&signed.signer, configured, now)
        .map_err(|e| format!("master list signer {signer} is not trusted: {e}"))?;
    let (list, _) = tlv::split_first(&signed.content).map_err(|e| e.to_string())?;
    let mut fields = tlv::iter(list.value);
    let version = fields.next().and_then(Result::ok);
    let set = fields.next().and_then(Result::ok);
    let (Some(version), Some(set)) = (version, set) else {
        return Err("the master list is not SEQUENCE { version, certList }".into());
    };
    if version.tag != 0x02 || set.tag != 0x31 {
        return Err("the master list is not SEQUENCE { version, certList }".into());
    }
    let mut certificates = Vec::new();
    let mut rejected = Vec::new();
    let mut rest = set.value;
    let mut index = 0usize;
    while !rest.is_empty() {
        index += 1;
        let Ok((element, after)) = tlv::split_first(rest) else {
            rejected.push(format!(
                "entry {index}: truncated; the rest of the list is unreadable"
            ));
            break;
        };
        let raw = &rest[..rest.len() - after.len()];
        match CertificateRecord::from_der(raw) {
            Ok(certificate) => certificates.push(certificate),
            Err(e) => rejected.push(format!("entry {index} (tag {:02X}): {e}", element.tag)),
        }
        rest = after;
    }
    Ok(MasterList {
        signer,
        certificates,
        rejected,
    })
}
