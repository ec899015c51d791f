//! Active Authentication (ICAO 9303-11 §6.1): INTERNAL AUTHENTICATE with an 8-byte challenge,
//! and the verification of the chip's answer with the DG15 key — ECDSA (plain r‖s per BSI
//! TR-03111, or DER) here, RSA with ISO/IEC 9796-2 in `iso9796`. The raw signature is kept so a
//! server can verify it too.

use super::iso9796;
use crate::apdu::CommandApdu;
use crate::card::{CardError, CardSession};
use crate::crypto::random_bytes;
use crate::lds::{ActiveAuthenticationKey, SodError, digest};
use der::asn1::ObjectIdentifier;
use ecdsa::EcdsaCurve;
use ecdsa::signature::hazmat::PrehashVerifier;
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use thiserror::Error;

/// The challenge and the chip's signature over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveAuthentication {
    /// The 8-byte challenge sent (the caller's, e.g. a server nonce, or a random one).
    pub challenge: [u8; 8],
    /// The chip's signature exactly as returned.
    pub signature: Vec<u8>,
}

/// Why an Active Authentication answer cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AaError {
    /// The DG15 key's curve has no ECDSA implementation here.
    #[error("ECDSA on curve {0:?} is not supported for Active Authentication")]
    CurveUnsupported(Option<ObjectIdentifier>),
    /// DG14 names no signature algorithm for an EC key.
    #[error("DG14 names no Active Authentication signature algorithm")]
    NoAlgorithm,
    /// The signature algorithm's hash is unknown.
    #[error("unsupported Active Authentication signature algorithm {0}")]
    Algorithm(ObjectIdentifier),
    /// The DG15 key is not a valid EC point or RSA key.
    #[error("the DG15 key is not a valid public key")]
    InvalidKey,
    /// The DG15 RSA key is shorter than 1024 bits.
    #[error("the DG15 RSA key has {0} bits, fewer than 1024")]
    KeyTooSmall(usize),
    /// The RSA signature is longer than the modulus or not below it.
    #[error("the RSA signature is out of range for the DG15 key")]
    SignatureRange,
    /// The recovered representative does not start with 6A (partial message recovery).
    #[error("the recovered ISO/IEC 9796-2 header is {0:02X}, not 6A")]
    Header(u8),
    /// The recovered representative ends neither in BC nor in a hash identifier and CC.
    #[error("the recovered ISO/IEC 9796-2 trailer ends in {0:02X}, neither BC nor CC")]
    Trailer(u8),
    /// The two-byte trailer names a hash function not supported here.
    #[error("the ISO/IEC 9796-2 trailer names the unsupported hash {0:02X}")]
    HashIdentifier(u8),
    /// The recovered hash differs from the hash of the recovered message and the challenge.
    #[error("the recovered hash does not match the challenge")]
    DigestMismatch,
}

/// INTERNAL AUTHENTICATE with `challenge` (random when `None`), under the session's secure
/// messaging.
pub fn internal_authenticate(
    session: &mut CardSession,
    challenge: Option<[u8; 8]>,
) -> Result<ActiveAuthentication, CardError> {
    let challenge = match challenge {
        Some(given) => given,
        None => {
            let mut fresh = [0u8; 8];
            random_bytes(&mut fresh)?;
            fresh
        }
    };
    let command = CommandApdu::new(0x00, 0x88, 0x00, 0x00)
        .with_data(challenge)
        .with_le(256);
    let response = session.transmit(&command)?;
    if !response.sw.is_success() || response.data.is_empty() {
        return Err(CardError::Status {
            command: "INTERNAL AUTHENTICATE",
            sw: response.sw,
        });
    }
    Ok(ActiveAuthentication {
        challenge,
        signature: response.data,
    })
}

/// The hash OID of an `ecdsa-with-SHA*` algorithm.
fn hash_of(algorithm: &ObjectIdentifier) -> Result<ObjectIdentifier, AaError> {
    let hash = match algorithm.to_string().as_str() {
        "1.2.840.10045.4.1" => "1.3.14.3.2.26",
        "1.2.840.10045.4.3.1" => "2.16.840.1.101.3.4.2.4",
        "1.2.840.10045.4.3.2" => "2.16.840.1.101.3.4.2.1",
        "1.2.840.10045.4.3.3" => "2.16.840.1.101.3.4.2.2",
        "1.2.840.10045.4.3.4" => "2.16.840.1.101.3.4.2.3",
        _ => return Err(AaError::Algorithm(*algorithm)),
    };
    Ok(ObjectIdentifier::new_unwrap(hash))
}

/// Whether `answer` is a valid signature of its challenge by `key`: ECDSA with the DG14
/// algorithm (`false` when the signature does not verify), or RSA with ISO/IEC 9796-2 scheme 1,
/// whose hash the signature itself names (`true`, or an error saying what did not match).
pub fn verify_active_authentication(
    key: &ActiveAuthenticationKey,
    algorithm: Option<&ObjectIdentifier>,
    answer: &ActiveAuthentication,
) -> Result<bool, AaError> {
    let (parameter_id, curve, point) = match key {
        ActiveAuthenticationKey::Rsa { spki } => {
            return iso9796::verify(spki, &answer.challenge, &answer.signature).map(|()| true);
        }
        ActiveAuthenticationKey::Ec {
            parameter_id,
            curve,
            point,
            ..
        } => (parameter_id, curve, point),
    };
    let algorithm = algorithm.ok_or(AaError::NoAlgorithm)?;
    let prehash = digest(&hash_of(algorithm)?, &answer.challenge).map_err(|e| match e {
        SodError::HashAlgorithm(oid) => AaError::Algorithm(oid),
        _ => AaError::Algorithm(*algorithm),
    })?;
    let signature = &answer.signature;
    match parameter_id {
        Some(12) => verify::<p256::NistP256>(point, &prehash, signature),
        Some(13) => verify::<bp256::BrainpoolP256r1>(point, &prehash, signature),
        Some(15) => verify::<p384::NistP384>(point, &prehash, signature),
        Some(16) => verify::<bp384::BrainpoolP384r1>(point, &prehash, signature),
        _ => Err(AaError::CurveUnsupported(*curve)),
    }
}

fn verify<C>(point: &[u8], prehash: &[u8], signature: &[u8]) -> Result<bool, AaError>
where
    C: EcdsaCurve + CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
    ecdsa::SignatureSize<C>: elliptic_curve::array::ArraySize,
    ecdsa::der::MaxSize<C>: elliptic_curve::array::ArraySize,
    <FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead> + elliptic_curve::array::ArraySize,
{
    let key = ecdsa::VerifyingKey::<C>::from_sec1_bytes(point).map_err(|_| AaError::InvalidKey)?;
    let plain = ecdsa::Signature::<C>::from_slice(signature).ok();
    let parsed = plain.or_else(|| ecdsa::Signature::<C>::from_der(signature).ok());
    Ok(parsed.is_some_and(|s| key.verify_prehash(prehash, &s).is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecdsa::signature::hazmat::PrehashSigner;
    use sha2::{Digest, Sha256};

    const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

    fn check<C>(parameter_id: u32, der: bool)
    where
        C: EcdsaCurve + CurveArithmetic,
        AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
        FieldBytesSize<C>: ModulusSize,
        ecdsa::SignatureSize<C>: elliptic_curve::array::ArraySize,
        ecdsa::der::MaxSize<C>: elliptic_curve::array::ArraySize,
        <FieldBytesSize<C> as core::ops::Add>::Output:
            core::ops::Add<ecdsa::der::MaxOverhead> + elliptic_curve::array::ArraySize,
        ecdsa::SigningKey<C>: PrehashSigner<ecdsa::Signature<C>>,
    {
        let mut secret = elliptic_curve::FieldBytes::<C>::default();
        secret[5] = 7;
        let signing = ecdsa::SigningKey::<C>::from_bytes(&secret).unwrap();
        let point = signing
            .verifying_key()
            .to_sec1_point(false)
            .as_bytes()
            .to_vec();
        let challenge = *b"CHALLNGE";
        let signature: ecdsa::Signature<C> =
            signing.sign_prehash(&Sha256::digest(challenge)).unwrap();
        let bytes = if der {
            signature.to_der().as_bytes().to_vec()
        } else {
            signature.to_bytes().to_vec()
        };
        let key = ActiveAuthenticationKey::Ec {
            parameter_id: Some(parameter_id),
            curve: None,
            point,
            spki: Vec::new(),
        };
        let answer = ActiveAuthentication {
            challenge,
            signature: bytes,
        };
        assert!(verify_active_authentication(&key, Some(&ECDSA_WITH_SHA256), &answer).unwrap());
        let other = ActiveAuthentication {
            challenge: *b"CHALLENG",
            ..answer
        };
        assert!(!verify_active_authentication(&key, Some(&ECDSA_WITH_SHA256), &other).unwrap());
    }

    #[test]
    fn plain_and_der_signatures_verify_on_each_supported_curve() {
        check::<p256::NistP256>(12, false);
        check::<bp256::BrainpoolP256r1>(13, true);
        check::<p384::NistP384>(15, false);
        check::<bp384::BrainpoolP384r1>(16, true);
    }

    #[test]
    fn unsupported_keys_and_algorithms_are_typed_errors() {
        let answer = ActiveAuthentication {
            challenge: [0; 8],
            signature: vec![0; 64],
        };
        let rsa = ActiveAuthenticationKey::Rsa { spki: Vec::new() };
        assert_eq!(
            verify_active_authentication(&rsa, None, &answer),
            Err(AaError::InvalidKey)
        );
        let ec = ActiveAuthenticationKey::Ec {
            parameter_id: Some(12),
            curve: None,
            point: vec![4; 65],
            spki: Vec::new(),
        };
        assert_eq!(
            verify_active_authentication(&ec, None, &answer),
            Err(AaError::NoAlgorithm)
        );
        assert_eq!(
            verify_active_authentication(&ec, Some(&ECDSA_WITH_SHA256), &answer),
            Err(AaError::InvalidKey)
        );
    }
}
