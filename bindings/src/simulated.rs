//! "Try it without a card": the built-in simulated chip documents as a Rust `CardTransport`, the
//! CAN and MRZ data that open them, and the test CSCAs that make them verifiable.

use egate_core::ports::CardTransport as _;
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};
use std::sync::{Arc, Mutex};

use crate::card::{CardTransport, TransportFailure};
use crate::reader::CardReadError;

/// A simulated document and the credentials printed on it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SimulatedProfile {
    /// The profile name, e.g. `td1-id`.
    pub name: String,
    /// What it simulates.
    pub description: String,
    /// The card access number, for chips with PACE.
    pub can: Option<String>,
    /// The MRZ document number.
    pub document_number: String,
    /// The MRZ date of birth (YYMMDD).
    pub date_of_birth: String,
    /// The MRZ date of expiry (YYMMDD).
    pub date_of_expiry: String,
}

/// The built-in simulated documents.
#[uniffi::export]
pub fn simulated_profiles() -> Vec<SimulatedProfile> {
    Profile::builtin()
        .into_iter()
        .map(|profile| SimulatedProfile {
            can: (!profile.document.pace.is_empty()).then(|| profile.document.can.clone()),
            document_number: profile.document.mrz.document_number.clone(),
            date_of_birth: profile.document.mrz.date_of_birth.clone(),
            date_of_expiry: profile.document.mrz.date_of_expiry.clone(),
            name: profile.name,
            description: profile.description,
        })
        .collect()
}

/// The test CSCAs (and CRLs) that issued the simulated documents.
#[uniffi::export]
pub fn simulated_trust_anchors() -> Vec<Vec<u8>> {
    egate_simulator::pki::default_trust()
        .into_iter()
        .map(|(_, bytes)| bytes)
        .collect()
}

/// A simulated chip on a simulated reader.
struct SimulatedCard(Mutex<SimulatedTransport>);

impl CardTransport for SimulatedCard {
    fn transceive(&self, command: Vec<u8>) -> Result<Vec<u8>, TransportFailure> {
        let mut card = self.0.lock().unwrap_or_else(|e| e.into_inner());
        card.transceive(&command).map_err(Into::into)
    }

    fn max_transceive_length(&self) -> u32 {
        let card = self.0.lock().unwrap_or_else(|e| e.into_inner());
        u32::try_from(card.capabilities().max_transceive).unwrap_or(u32::MAX)
    }

    fn extended_length(&self) -> bool {
        let card = self.0.lock().unwrap_or_else(|e| e.into_inner());
        card.capabilities().extended_length
    }

    fn historical_bytes(&self) -> Option<Vec<u8>> {
        let card = self.0.lock().unwrap_or_else(|e| e.into_inner());
        card.historical_bytes()
    }
}

/// A connection to the simulated document `profile` (see [`simulated_profiles`]).
///
/// # Errors
/// [`CardReadError::InvalidInput`] for an unknown profile.
#[uniffi::export]
pub fn simulated_card(profile: String) -> Result<Arc<dyn CardTransport>, CardReadError> {
    let found = Profile::by_name(&profile).ok_or_else(|| CardReadError::InvalidInput {
        reason: format!("no simulated document {profile:?}"),
    })?;
    let chip = VirtualChip::new(&found).map_err(|e| CardReadError::Unreadable {
        reason: e.to_string(),
    })?;
    let transport = SimulatedTransport::new(
        chip,
        egate_core::ports::TransportCapabilities::SHORT_ONLY,
        found.link,
    );
    Ok(Arc::new(SimulatedCard(Mutex::new(transport))))
}
