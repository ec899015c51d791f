//! How well a device key is protected, as one wire enum shared by the device and the gateway.

use serde::{Deserialize, Serialize};

/// The protection of a device's keys, as established at registration: attested levels were
/// proven by a verified attestation chain, the others are the device's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtectionLevel {
    /// Android StrongBox (a discrete secure element), proven by Key Attestation.
    AttestedStrongbox,
    /// Android TEE, proven by Key Attestation.
    AttestedTee,
    /// Apple Secure Enclave, proven by App Attest bound to the key.
    AttestedSecureEnclave,
    /// Hardware-backed by the device's own statement, without a verified attestation.
    ClaimedHardware,
    /// A software key (desktop CLI, tests, or a device without a hardware key store).
    Software,
}

impl ProtectionLevel {
    /// Whether a verified attestation established this level.
    pub fn is_attested(self) -> bool {
        matches!(
            self,
            Self::AttestedStrongbox | Self::AttestedTee | Self::AttestedSecureEnclave
        )
    }

    /// The wire name (`attested_strongbox`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AttestedStrongbox => "attested_strongbox",
            Self::AttestedTee => "attested_tee",
            Self::AttestedSecureEnclave => "attested_secure_enclave",
            Self::ClaimedHardware => "claimed_hardware",
            Self::Software => "software",
        }
    }

    /// The level named `name` on the wire.
    pub fn from_wire(name: &str) -> Option<Self> {
        [
            Self::AttestedStrongbox,
            Self::AttestedTee,
            Self::AttestedSecureEnclave,
            Self::ClaimedHardware,
            Self::Software,
        ]
        .into_iter()
        .find(|level| level.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_serde_and_text() {
        for level in [
            ProtectionLevel::AttestedStrongbox,
            ProtectionLevel::AttestedTee,
            ProtectionLevel::AttestedSecureEnclave,
            ProtectionLevel::ClaimedHardware,
            ProtectionLevel::Software,
        ] {
            let json = serde_json::to_string(&level).unwrap();
            assert_eq!(json, format!("\"{}\"", level.as_str()));
            assert_eq!(ProtectionLevel::from_wire(level.as_str()), Some(level));
        }
        assert_eq!(ProtectionLevel::from_wire("hardware"), None);
    }
}
