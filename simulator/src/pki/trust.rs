//! The trust a simulated card is checked against when the operator names none: Utopia's two
//! CSCAs and their current CRLs (Freedonia's CSCA is deliberately not trusted).

/// `(name, bytes)` of each trusted input, as `TrustStore::from_inputs` takes them.
pub fn default_trust() -> Vec<(String, Vec<u8>)> {
    [
        (
            "csca-utopia-2020.pem",
            include_bytes!("../../../fixtures/pki/csca-utopia-2020.pem").as_slice(),
        ),
        (
            "csca-utopia-2024.pem",
            include_bytes!("../../../fixtures/pki/csca-utopia-2024.pem").as_slice(),
        ),
        (
            "crl-utopia-2020.crl",
            include_bytes!("../../../fixtures/pki/crl-utopia-2020.crl").as_slice(),
        ),
        (
            "crl-utopia-2024.crl",
            include_bytes!("../../../fixtures/pki/crl-utopia-2024.crl").as_slice(),
        ),
    ]
    .into_iter()
    .map(|(name, bytes)| (format!("simulator test PKI: {name}"), bytes.to_vec()))
    .collect()
}
