//! Chip Authentication v1 (ICAO 9303-11 §6.2): an ephemeral key agreement with the chip's static
//! DG14 key, restarting secure messaging under the new keys (SSC 0); a chip without the private
//! key cannot answer the next protected command. 3DES uses MSE:Set KAT, AES MSE:Set AT and
//! GENERAL AUTHENTICATE.

use crate::apdu::CommandApdu;
use crate::card::{CardError, CardSession};
use crate::crypto::{KdfCounter, SmCipher, derive_key};
use crate::lds::{ChipAuthenticationPublicKey, EMRTD_AID, SecurityInfos};
use crate::pace::{Agreement, PaceError, standard_group};
use crate::sm::{SecureMessaging, SessionKeys, Ssc};
use crate::tlv;
use der::asn1::ObjectIdentifier;

/// One Chip Authentication choice from DG14.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipAuthenticationChoice {
    /// The ChipAuthenticationInfo protocol OID (`id-CA-ECDH-AES-CBC-CMAC-128`, …).
    pub protocol: ObjectIdentifier,
    /// The key agreement.
    pub agreement: Agreement,
    /// The new secure-messaging cipher.
    pub cipher: SmCipher,
    /// The chip's static key.
    pub key: ChipAuthenticationPublicKey,
}

/// The agreement and cipher an `id-CA-*` OID names (…3.{1 DH, 2 ECDH}.{1 3DES, 2–4 AES}).
fn protocol(oid: &ObjectIdentifier) -> Option<(Agreement, SmCipher)> {
    let rest = oid.to_string();
    let arcs = rest.strip_prefix("0.4.0.127.0.7.2.2.3.")?;
    let (family, cipher) = arcs.split_once('.')?;
    let agreement = match family {
        "1" => Agreement::Dh,
        "2" => Agreement::Ecdh,
        _ => return None,
    };
    let cipher = match cipher {
        "1" => SmCipher::Tdes,
        "2" => SmCipher::Aes128,
        "3" => SmCipher::Aes192,
        "4" => SmCipher::Aes256,
        _ => return None,
    };
    Some((agreement, cipher))
}

/// The Chip Authentication the chip's DG14 offers: a ChipAuthenticationInfo and the static key
/// with the same key ID (or the only key), on parameters this reader supports.
pub fn chip_authentication_choice(dg14: &SecurityInfos) -> Option<ChipAuthenticationChoice> {
    let keys = dg14.chip_authentication_public_keys();
    dg14.chip_security_infos()
        .chip_authentication
        .into_iter()
        .find_map(|(oid, key_id)| {
            let (agreement, cipher) = protocol(&oid)?;
            let key = keys
                .iter()
                .find(|k| key_id.is_none() || k.key_id == key_id)
                .filter(|k| {
                    u8::try_from(k.parameter_id)
                        .ok()
                        .and_then(|id| standard_group(id).ok())
                        .is_some_and(|g| g.agreement() == agreement)
                })?
                .clone();
            Some(ChipAuthenticationChoice {
                protocol: oid,
                agreement,
                cipher,
                key,
            })
        })
}

/// The terminal's half of Chip Authentication with `choice`: a fresh ephemeral key on the
/// chip key's domain parameters and the secure-messaging keys both sides derive from it. The
/// terminal is this reader, or a remote verifier whose key the reader relays.
///
/// # Errors
/// [`CardError::Pace`] when the chip's key or its parameters are unusable.
pub fn terminal_key_agreement(
    choice: &ChipAuthenticationChoice,
) -> Result<(Vec<u8>, SessionKeys), CardError> {
    let parameter_id = u8::try_from(choice.key.parameter_id)
        .map_err(|_| PaceError::UnknownParameterId(choice.key.parameter_id))?;
    let group = standard_group(parameter_id)?;
    let secret = group.random_secret()?;
    let own_key = group.multiply(&group.generator(), &secret, "generator")?;
    let shared = group.multiply(&choice.key.public_key, &secret, "chip authentication key")?;
    let secret = group.shared_secret(&shared);
    let keys = SessionKeys::new(
        choice.cipher,
        &derive_key(choice.cipher, &secret, KdfCounter::Enc),
        &derive_key(choice.cipher, &secret, KdfCounter::Mac),
    )?;
    Ok((own_key.to_vec(), keys))
}

/// Gives the chip the terminal's ephemeral key under the current secure channel: MSE:Set KAT
/// for 3DES, MSE:Set AT and GENERAL AUTHENTICATE for AES (`protocol` names which), with the
/// chip key's `key_id` when DG14 has several. From the chip's answer on, it expects the new keys.
///
/// # Errors
/// [`CardError::Status`] when the chip refuses, or [`CardError`] from the link.
pub fn send_terminal_key(
    session: &mut CardSession,
    protocol: &ObjectIdentifier,
    key_id: Option<u32>,
    terminal_key: &[u8],
) -> Result<(), CardError> {
    let (_, cipher) =
        self::protocol(protocol).ok_or(CardError::Malformed("not a Chip Authentication OID"))?;
    send_key(session, protocol, cipher, key_id, terminal_key)
}

/// [`send_terminal_key`] with the cipher given: MSE:Set KAT for 3DES, else MSE:Set AT and
/// GENERAL AUTHENTICATE.
fn send_key(
    session: &mut CardSession,
    protocol: &ObjectIdentifier,
    cipher: SmCipher,
    key_id: Option<u32>,
    terminal_key: &[u8],
) -> Result<(), CardError> {
    let key_reference = key_id
        .map(|id| tlv::encode(0x84, &id.to_be_bytes()[3..]))
        .unwrap_or_default();
    if cipher == SmCipher::Tdes {
        let mut data = tlv::encode(0x91, terminal_key);
        data.extend(key_reference);
        return expect_success(
            session,
            &CommandApdu::new(0x00, 0x22, 0x41, 0xA6).with_data(data),
            "MSE:Set KAT",
        );
    }
    let mut data = tlv::encode(0x80, protocol.as_bytes());
    data.extend(key_reference);
    expect_success(
        session,
        &CommandApdu::new(0x00, 0x22, 0x41, 0xA4).with_data(data),
        "MSE:Set AT",
    )?;
    let data = tlv::encode(0x7C, &tlv::encode(0x80, terminal_key));
    expect_success(
        session,
        &CommandApdu::new(0x00, 0x86, 0x00, 0x00)
            .with_data(data)
            .with_le(256),
        "GENERAL AUTHENTICATE",
    )
}

/// Runs Chip Authentication under the current secure channel and switches to the new keys; the
/// new channel is confirmed by re-selecting the eMRTD application under it.
pub fn chip_authenticate(
    session: &mut CardSession,
    choice: &ChipAuthenticationChoice,
) -> Result<(), CardError> {
    let (own_key, keys) = terminal_key_agreement(choice)?;
    send_key(
        session,
        &choice.protocol,
        choice.cipher,
        choice.key.key_id,
        &own_key,
    )?;
    session.start_secure_messaging(SecureMessaging::new(keys, Ssc::zero(choice.cipher)));
    expect_success(
        session,
        &CommandApdu::new(0x00, 0xA4, 0x04, 0x0C).with_data(EMRTD_AID),
        "SELECT application after Chip Authentication",
    )
}

fn expect_success(
    session: &mut CardSession,
    command: &CommandApdu,
    name: &'static str,
) -> Result<(), CardError> {
    let sw = session.transmit(command)?.sw;
    if sw.is_success() {
        Ok(())
    } else {
        Err(CardError::Status { command: name, sw })
    }
}
