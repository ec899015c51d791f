//! `SecurityInfos` (EF.CardAccess, EF.CardSecurity, DG14): a SET of { protocol OID, data };
//! every entry is kept, unknown ones included, so that later steps can pick what they support.

use der::asn1::ObjectIdentifier;
use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};

/// The OID arc under which every PACE protocol lies (`id-PACE`, 0.4.0.127.0.7.2.2.4), with the
/// separating dot so that a sibling such as …2.2.41 does not match.
const ID_PACE_ARC: &str = "0.4.0.127.0.7.2.2.4.";

/// One `SecurityInfo`: its protocol OID and its whole DER encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityInfo {
    /// The protocol OID in dotted form.
    pub protocol: ObjectIdentifier,
    /// The full encoding of the entry (`30 …`), for the protocol-specific parser.
    pub encoded: Vec<u8>,
}

impl SecurityInfo {
    /// Whether this entry is a PACEInfo (or PACEDomainParameterInfo).
    pub fn is_pace(&self) -> bool {
        self.protocol.to_string().starts_with(ID_PACE_ARC)
    }
}

/// A parsed `SecurityInfos` set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityInfos {
    /// Every entry, in file order.
    pub infos: Vec<SecurityInfo>,
}

impl SecurityInfos {
    /// Parses `SET OF SecurityInfo`; entries need only an OID first, their content is kept raw.
    pub fn parse(bytes: &[u8]) -> Result<Self, der::Error> {
        let any = expect_tag(der::asn1::AnyRef::from_der(bytes)?, Tag::Set)?;
        let mut reader = SliceReader::new(any.value())?;
        let mut infos = Vec::new();
        while !reader.is_finished() {
            let entry = expect_tag(der::asn1::AnyRef::decode(&mut reader)?, Tag::Sequence)?;
            let mut fields = SliceReader::new(entry.value())?;
            let protocol = ObjectIdentifier::decode(&mut fields)?;
            infos.push(SecurityInfo {
                protocol,
                encoded: entry.to_der()?,
            });
        }
        Ok(Self { infos })
    }

    /// The PACE entries offered.
    pub fn pace_infos(&self) -> impl Iterator<Item = &SecurityInfo> {
        self.infos.iter().filter(|i| i.is_pace())
    }

    /// Whether the chip offers PACE.
    pub fn offers_pace(&self) -> bool {
        self.pace_infos().next().is_some()
    }
}

fn expect_tag(any: der::asn1::AnyRef<'_>, tag: Tag) -> Result<der::asn1::AnyRef<'_>, der::Error> {
    if any.tag() == tag {
        Ok(any)
    } else {
        Err(der::ErrorKind::TagUnexpected {
            expected: Some(tag),
            actual: any.tag(),
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn parses_the_icao_g1_card_access_and_keeps_unknown_entries() {
        let infos =
            SecurityInfos::parse(&hex!("31143012060A04007F0007020204020202010202010D")).unwrap();
        assert_eq!(infos.infos.len(), 1);
        assert_eq!(
            infos.infos[0].protocol.to_string(),
            "0.4.0.127.0.7.2.2.4.2.2"
        );
        assert!(infos.offers_pace());

        // A ChipAuthenticationInfo (id-CA-ECDH-AES-CBC-CMAC-128) and an unknown OID entry.
        let mixed = hex!("3121300F060A04007F00070202030202020101300E06062B0601040101020101FF0101");
        let parsed = SecurityInfos::parse(&mixed).unwrap();
        assert_eq!(parsed.infos.len(), 2);
        assert!(!parsed.offers_pace());
        assert!(SecurityInfos::parse(&hex!("3003020101")).is_err());
        assert!(SecurityInfos::parse(&hex!("3000")).is_err());
    }
}
