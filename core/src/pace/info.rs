//! PACEInfo and PACEDomainParameterInfo entries of EF.CardAccess (ICAO 9303-11 §9.2.1–9.2.2):
//! what the chip offers, read leniently — an entry this reader does not know is kept aside,
//! never a parse failure.

use super::{PaceProtocol, protocol::ID_PACE};
use crate::lds::{SecurityInfo, SecurityInfos};
use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Reader, SliceReader, Tag, Tagged};

/// One PACEInfo: a protocol, its version and the standardized domain parameters it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceInfo {
    /// The protocol.
    pub protocol: PaceProtocol,
    /// The PACE version (2 for every current chip).
    pub version: u32,
    /// The domain parameter ID; absent when the chip gives explicit domain parameters.
    pub parameter_id: Option<u32>,
}

/// One PACEDomainParameterInfo: explicit domain parameters, kept as DER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceDomainParameterInfo {
    /// `id-PACE-DH-GM`, `id-PACE-ECDH-GM`, … (the protocol family).
    pub protocol: ObjectIdentifier,
    /// The AlgorithmIdentifier of the domain parameters, as DER.
    pub domain_parameter: Vec<u8>,
    /// The parameter ID that PACEInfo entries refer to.
    pub parameter_id: Option<u32>,
}

/// Every PACE entry of an EF.CardAccess.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaceOffer {
    /// The PACEInfo entries of defined protocols, in file order.
    pub infos: Vec<PaceInfo>,
    /// Explicit domain parameters.
    pub domain_parameters: Vec<PaceDomainParameterInfo>,
    /// PACE entries this reader does not understand (undefined OIDs, malformed content).
    pub unknown: Vec<ObjectIdentifier>,
}

impl PaceOffer {
    /// The PACE entries of `infos`.
    pub fn from_security_infos(infos: &SecurityInfos) -> Self {
        let mut offer = Self::default();
        for entry in infos.pace_infos() {
            if let Some(info) = parse_pace_info(entry) {
                offer.infos.push(info);
            } else if let Some(domain) = parse_domain_parameter_info(entry) {
                offer.domain_parameters.push(domain);
            } else {
                offer.unknown.push(entry.protocol);
            }
        }
        offer
    }

    /// Whether the chip offers any PACE entry at all.
    pub fn is_empty(&self) -> bool {
        self.infos.is_empty() && self.domain_parameters.is_empty() && self.unknown.is_empty()
    }
}

fn fields(entry: &SecurityInfo) -> Option<(ObjectIdentifier, Vec<AnyRef<'_>>)> {
    let sequence = AnyRef::from_der(&entry.encoded).ok()?;
    let mut reader = SliceReader::new(sequence.value()).ok()?;
    let oid = ObjectIdentifier::decode(&mut reader).ok()?;
    let mut rest = Vec::new();
    while !reader.is_finished() {
        rest.push(AnyRef::decode(&mut reader).ok()?);
    }
    Some((oid, rest))
}

fn integer(any: &AnyRef<'_>) -> Option<u32> {
    (any.tag() == Tag::Integer)
        .then(|| any.decode_as::<u32>().ok())
        .flatten()
}

fn parse_pace_info(entry: &SecurityInfo) -> Option<PaceInfo> {
    let protocol = PaceProtocol::from_oid(&entry.protocol)?;
    let (_, rest) = fields(entry)?;
    let version = integer(rest.first()?)?;
    let parameter_id = match rest.get(1) {
        Some(any) => Some(integer(any)?),
        None => None,
    };
    Some(PaceInfo {
        protocol,
        version,
        parameter_id,
    })
}

fn parse_domain_parameter_info(entry: &SecurityInfo) -> Option<PaceDomainParameterInfo> {
    if !(1..=6).any(|family| ID_PACE.push_arc(family).ok() == Some(entry.protocol)) {
        return None;
    }
    let (_, rest) = fields(entry)?;
    let algorithm = rest.first().filter(|any| any.tag() == Tag::Sequence)?;
    let parameter_id = match rest.get(1) {
        Some(any) => Some(integer(any)?),
        None => None,
    };
    Some(PaceDomainParameterInfo {
        protocol: entry.protocol,
        domain_parameter: der::Encode::to_der(algorithm).ok()?,
        parameter_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SmCipher;
    use crate::pace::Mapping;
    use hex_literal::hex;

    #[test]
    fn reads_pace_infos_and_keeps_unknown_entries_aside() {
        // G.1 PACEInfo, a CAM PACEInfo without parameter ID, a PACEDomainParameterInfo
        // (id-PACE-ECDH-GM with an AlgorithmIdentifier), an undefined PACE OID (DH-CAM) and a
        // ChipAuthenticationInfo (not PACE).
        let card_access = hex!(
            "317A"
            "3012060A04007F0007020204020202010202010D"
            "300F060A04007F00070202040602020102"
            "301C060904007F000702020402300C060704007F0007010202010D020101"
            "3012060A04007F0007020204050202010202010D"
            "300F060A04007F00070202030202020101"
            "3010060A04007F0007020204020404020102"
        );
        let infos = SecurityInfos::parse(&card_access).unwrap();
        let offer = PaceOffer::from_security_infos(&infos);
        assert_eq!(offer.infos.len(), 2);
        assert_eq!(offer.infos[0].parameter_id, Some(13));
        assert_eq!(offer.infos[0].version, 2);
        assert_eq!(offer.infos[0].protocol.cipher, SmCipher::Aes128);
        assert_eq!(offer.infos[1].protocol.mapping, Mapping::ChipAuthentication);
        assert_eq!(offer.infos[1].parameter_id, None);
        assert_eq!(offer.domain_parameters.len(), 1);
        assert_eq!(offer.domain_parameters[0].parameter_id, Some(1));
        assert_eq!(
            offer.unknown.len(),
            2,
            "DH-CAM and the malformed entry are set aside"
        );
    }
}
