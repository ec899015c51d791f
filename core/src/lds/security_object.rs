//! The LDS security object carried in EF.SOD (ICAO 9303-10 §4.6.2): data-group hashes and
//! the hash algorithm, as a DER structure.

use der::Sequence;
use der::asn1::{ObjectIdentifier, OctetString};
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

/// `LDSSecurityObject` version 0 (version 1 adds the LDS version info).
#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
pub struct LdsSecurityObject {
    /// 0 for LDS 1.7, 1 for LDS 1.8 with version info.
    pub version: u8,
    /// The hash algorithm of every data-group hash.
    pub hash_algorithm: AlgorithmIdentifierOwned,
    /// The hashes, one per data group present.
    pub data_group_hash_values: Vec<DataGroupHash>,
}
