//! The app's side of Chip Authentication with the gateway as terminal: the wire format of the
//! gateway's request (its ephemeral key and the commands it protected) and of the relayed
//! answers, and the relay itself — access control again, the gateway's key handed to the chip
//! under that channel, then the gateway's protected commands carried to the chip unchanged.
//! The app never holds the keys of the channel it relays.

use crate::card::CardError;
use crate::chip::send_terminal_key;
use crate::login::canonical::{b64url, from_b64url};
use crate::ports::CardTransport;
use crate::read::{DocumentReader, ReadEvent, ReadListener, ReadPhase};
use der::asn1::ObjectIdentifier;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The relay format version.
pub const RELAY_VERSION: u32 = 1;

/// The most commands a gateway may ask the app to relay.
pub const MAX_RELAYED_COMMANDS: usize = 8;

/// What the gateway asks the app to relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelayRequest {
    /// Format version ([`RELAY_VERSION`]).
    pub v: u32,
    /// The ChipAuthenticationInfo protocol the gateway chose from DG14.
    #[serde(with = "oid_text")]
    pub protocol: ObjectIdentifier,
    /// The chip key's id, when DG14 names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<u32>,
    /// The gateway's ephemeral public key.
    #[serde(with = "bytes")]
    pub terminal_key: Vec<u8>,
    /// Command APDUs protected under the keys only the gateway and the genuine chip derive.
    #[serde(with = "byte_list")]
    pub commands: Vec<Vec<u8>>,
}

/// The chip's answers, exactly as received, one per relayed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelayAnswer {
    /// Response APDUs, status words included.
    #[serde(with = "byte_list")]
    pub responses: Vec<Vec<u8>>,
}

/// Relays `request` to the card of the finished read `reader` over `transport`: access
/// control again (the chip proving it is the same document), the gateway's key given to the
/// chip, then each protected command sent as is. A lost card leaves the request valid for
/// another attempt: the chip derives the same keys from the same gateway key.
///
/// # Errors
/// [`CardError`]; [`CardError::Status`] when the chip refuses the gateway's key.
pub fn relay_chip_authentication(
    reader: &mut DocumentReader,
    transport: Box<dyn CardTransport>,
    listener: &dyn ReadListener,
    request: &RelayRequest,
) -> Result<RelayAnswer, CardError> {
    let mut session = reader.reconnect(transport, listener)?;
    let phase = ReadPhase::ChipAuthentication;
    listener.on_event(ReadEvent::Started(phase));
    send_terminal_key(
        &mut session,
        &request.protocol,
        request.key_id,
        &request.terminal_key,
    )?;
    let responses = request
        .commands
        .iter()
        .take(MAX_RELAYED_COMMANDS)
        .map(|command| session.relay(command))
        .collect::<Result<Vec<_>, _>>()?;
    listener.on_event(ReadEvent::Finished(phase));
    Ok(RelayAnswer { responses })
}

mod bytes {
    use super::{Deserialize, Deserializer, Serializer, b64url, from_b64url};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&b64url(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        from_b64url(&text).ok_or_else(|| serde::de::Error::custom("not unpadded base64url"))
    }
}

mod byte_list {
    use super::{
        Deserialize, Deserializer, MAX_RELAYED_COMMANDS, Serialize, Serializer, b64url, from_b64url,
    };

    pub fn serialize<S: Serializer>(list: &[Vec<u8>], serializer: S) -> Result<S::Ok, S::Error> {
        list.iter()
            .map(|bytes| b64url(bytes))
            .collect::<Vec<_>>()
            .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Vec<u8>>, D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        if texts.is_empty() || texts.len() > MAX_RELAYED_COMMANDS {
            return Err(serde::de::Error::custom("one to eight APDUs"));
        }
        texts
            .iter()
            .map(|text| {
                from_b64url(text)
                    .filter(|bytes| (2..=65_546).contains(&bytes.len()))
                    .ok_or_else(|| serde::de::Error::custom("an APDU in unpadded base64url"))
            })
            .collect()
    }
}

mod oid_text {
    use super::{Deserialize, Deserializer, ObjectIdentifier, Serializer};

    /// `id-CA` (BSI TR-03110): every Chip Authentication protocol lies under it.
    const CHIP_AUTHENTICATION_ARC: &str = "0.4.0.127.0.7.2.2.3.";

    pub fn serialize<S: Serializer>(
        oid: &ObjectIdentifier,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&oid.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<ObjectIdentifier, D::Error> {
        let text = String::deserialize(deserializer)?;
        if !text.starts_with(CHIP_AUTHENTICATION_ARC) {
            return Err(serde::de::Error::custom("not an id-CA protocol"));
        }
        ObjectIdentifier::new(&text).map_err(|_| serde::de::Error::custom("not a dotted OID"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(protocol: &str, commands: usize) -> serde_json::Value {
        json!({
            "v": 1,
            "protocol": protocol,
            "terminal_key": "BAEC",
            "commands": vec!["DKQCDA"; commands],
        })
    }

    #[test]
    fn a_request_round_trips_and_hostile_ones_are_refused() {
        let good: RelayRequest =
            serde_json::from_value(request("0.4.0.127.0.7.2.2.3.2.2", 2)).unwrap();
        assert_eq!(good.commands, vec![vec![0x0C, 0xA4, 0x02, 0x0C]; 2]);
        let again: RelayRequest =
            serde_json::from_value(serde_json::to_value(&good).unwrap()).unwrap();
        assert_eq!(again, good);
        for hostile in [
            request("1.2.840.10045.2.1", 2),
            request("0.4.0.127.0.7.2.2.3.2.2", 0),
            request("0.4.0.127.0.7.2.2.3.2.2", MAX_RELAYED_COMMANDS + 1),
        ] {
            assert!(serde_json::from_value::<RelayRequest>(hostile).is_err());
        }
    }
}
