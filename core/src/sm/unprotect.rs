//! Response verification: MAC first, then DO'99' against the trailer, then decryption.

use super::{SessionKeys, Ssc};
use crate::apdu::{ResponseApdu, StatusWord};
use crate::crypto::CryptoError;
use crate::tlv;
use subtle::ConstantTimeEq;
use thiserror::Error;

/// A secure-messaging failure. Every variant ends the secure channel.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SmError {
    /// A protected response without DO'8E'.
    #[error("the chip's response carries no MAC")]
    MacMissing,
    /// The response MAC does not verify.
    #[error("the chip's response MAC does not verify")]
    MacMismatch,
    /// An unprotected error status after secure messaging was established.
    #[error("the chip answered {0} without secure messaging")]
    UnprotectedStatus(StatusWord),
    /// DO'99' differs from the status word in the trailer.
    #[error("protected status {protected} differs from trailer {trailer}")]
    StatusMismatch {
        /// The status inside DO'99'.
        protected: StatusWord,
        /// The status in the response trailer.
        trailer: StatusWord,
    },
    /// Data objects that are missing, repeated, unknown or malformed.
    #[error("malformed secure messaging response: {0}")]
    Malformed(&'static str),
    /// Decrypted data with invalid padding.
    #[error("decrypted response has invalid padding")]
    BadPadding,
    /// A cryptographic failure.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}

pub(super) fn unprotect(
    keys: &SessionKeys,
    ssc: &Ssc,
    response: &ResponseApdu,
) -> Result<ResponseApdu, SmError> {
    if response.data.is_empty() {
        return Err(if response.sw.is_success() {
            SmError::MacMissing
        } else {
            SmError::UnprotectedStatus(response.sw)
        });
    }
    let objects = ProtectedObjects::parse(&response.data)?;
    let Some(mac) = objects.mac else {
        return Err(SmError::MacMissing);
    };
    let expected = keys.mac(ssc, objects.authenticated)?;
    if !bool::from(expected.ct_eq(mac)) {
        return Err(SmError::MacMismatch);
    }
    let sw = match objects.status {
        Some([sw1, sw2]) => {
            let protected = StatusWord::from_bytes(sw1, sw2);
            if protected != response.sw {
                return Err(SmError::StatusMismatch {
                    protected,
                    trailer: response.sw,
                });
            }
            protected
        }
        None => response.sw,
    };
    let data = match objects.cryptogram {
        Some(cryptogram) => keys.decrypt(ssc, cryptogram)?,
        None => Vec::new(),
    };
    Ok(ResponseApdu::new(data, sw))
}

/// The data objects of a protected response.
struct ProtectedObjects<'a> {
    /// The encrypted data without the padding-content indicator.
    cryptogram: Option<&'a [u8]>,
    status: Option<[u8; 2]>,
    mac: Option<&'a [u8]>,
    /// Every byte before DO'8E', which the MAC covers.
    authenticated: &'a [u8],
}

impl<'a> ProtectedObjects<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, SmError> {
        let mut objects = Self {
            cryptogram: None,
            status: None,
            mac: None,
            authenticated: data,
        };
        let mut rest = data;
        while !rest.is_empty() {
            if objects.mac.is_some() {
                return Err(SmError::Malformed("data after the MAC"));
            }
            let offset = data.len() - rest.len();
            let (item, tail) =
                tlv::split_first(rest).map_err(|_| SmError::Malformed("bad TLV encoding"))?;
            match item.tag {
                0x87 | 0x85 if objects.cryptogram.is_some() || objects.status.is_some() => {
                    return Err(SmError::Malformed("unexpected cryptogram"));
                }
                0x87 => match item.value.split_first() {
                    Some((0x01, cryptogram)) => objects.cryptogram = Some(cryptogram),
                    _ => return Err(SmError::Malformed("unknown padding indicator")),
                },
                0x85 => objects.cryptogram = Some(item.value),
                0x99 if objects.status.is_none() => {
                    objects.status = Some(
                        item.value
                            .try_into()
                            .map_err(|_| SmError::Malformed("DO'99' is not two bytes"))?,
                    );
                }
                0x8E => {
                    if item.value.len() != 8 {
                        return Err(SmError::Malformed("DO'8E' is not eight bytes"));
                    }
                    objects.mac = Some(item.value);
                    objects.authenticated = &data[..offset];
                }
                _ => return Err(SmError::Malformed("unexpected data object")),
            }
            rest = tail;
        }
        Ok(objects)
    }
}
