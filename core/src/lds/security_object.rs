//! The LDS security object carried in EF.SOD (ICAO 9303-10 §4.6.2): data-group hashes and
//! the hash algorithm, as a DER structure.

use der::Sequence;
use der::asn1::{ObjectIdentifier, OctetString, PrintableString};
use spki::AlgorithmIdentifierOwned;

/// `id-icao-mrtd-security-ldsSecurityObject` (2.23.136.1.1.1), the eContent type of EF.SOD.
pub const ID_LDS_SECURITY_OBJECT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.136.1.1.1");

/// `id-sha256` (2.16.840.1.101.3.4.2.1).
pub const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// One data group's hash.
#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
pub struct DataGroupHash {
    /// The data group number, 1–16.
    pub data_group_number: u8,
    /// The hash of the data group as read.
    pub data_group_hash_value: OctetString,
}

/// `LDSVersionInfo` of an LDSSecurityObject v1.
#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
pub struct LdsVersionInfo {
    /// LDS version, e.g. `0108`.
    pub lds_version: PrintableString,
    /// Unicode version, e.g. `040000`.
    pub unicode_version: PrintableString,
}

/// `LDSSecurityObject`, version 0 or version 1 (with the LDS version info).
#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
pub struct LdsSecurityObject {
    /// 0 for LDS 1.7, 1 for LDS 1.8 with version info.
    pub version: u8,
    /// The hash algorithm of every data-group hash.
    pub hash_algorithm: AlgorithmIdentifierOwned,
    /// The hashes, one per data group present.
    pub data_group_hash_values: Vec<DataGroupHash>,
    /// LDS and Unicode versions (version 1 only).
    #[asn1(optional = "true")]
    pub lds_version_info: Option<LdsVersionInfo>,
}
