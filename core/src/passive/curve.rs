//! The elliptic curves a document signer or CSCA may use, found by named-curve OID or by
//! comparing explicit domain parameters (RFC 3279 SpecifiedECDomain, as German signers write
//! them) with each known curve, and ECDSA verification on the curve found.

use super::error::PassiveError;
use super::oids;
use crate::crypto::curves::{BrainpoolP224r1, BrainpoolP320r1, BrainpoolP512r1};
use der::asn1::{Any, BitString, ObjectIdentifier, OctetString, Uint};
use der::{Decode, Encode, Sequence};
use ecdsa::EcdsaCurve;
use ecdsa::signature::hazmat::PrehashVerifier;
use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use primeorder::PrimeCurveParams;

/// A curve passive authentication can verify ECDSA signatures on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcCurve {
    /// NIST P-224.
    P224,
    /// NIST P-256.
    P256,
    /// NIST P-384.
    P384,
    /// NIST P-521.
    P521,
    /// brainpoolP224r1.
    Bp224,
    /// brainpoolP256r1.
    Bp256,
    /// brainpoolP320r1.
    Bp320,
    /// brainpoolP384r1.
    Bp384,
    /// brainpoolP512r1.
    Bp512,
}

/// Runs a generic function on the curve type behind an [`EcCurve`].
macro_rules! on_curve {
    ($curve:expr, $function:ident ( $($argument:expr),* )) => {
        match $curve {
            EcCurve::P224 => $function::<p224::NistP224>($($argument),*),
            EcCurve::P256 => $function::<p256::NistP256>($($argument),*),
            EcCurve::P384 => $function::<p384::NistP384>($($argument),*),
            EcCurve::P521 => $function::<p521::NistP521>($($argument),*),
            EcCurve::Bp224 => $function::<BrainpoolP224r1>($($argument),*),
            EcCurve::Bp256 => $function::<bp256::BrainpoolP256r1>($($argument),*),
            EcCurve::Bp320 => $function::<BrainpoolP320r1>($($argument),*),
            EcCurve::Bp384 => $function::<bp384::BrainpoolP384r1>($($argument),*),
            EcCurve::Bp512 => $function::<BrainpoolP512r1>($($argument),*),
        }
    };
}

const ALL: [EcCurve; 9] = [
    EcCurve::P224,
    EcCurve::P256,
    EcCurve::P384,
    EcCurve::P521,
    EcCurve::Bp224,
    EcCurve::Bp256,
    EcCurve::Bp320,
    EcCurve::Bp384,
    EcCurve::Bp512,
];

/// RFC 3279 `ECParameters` with explicit domain parameters.
#[derive(Debug, Sequence)]
struct SpecifiedDomain {
    version: u8,
    field_id: FieldId,
    curve: Coefficients,
    base: OctetString,
    order: Uint,
    cofactor: Option<Uint>,
}

#[derive(Debug, Sequence)]
struct FieldId {
    field_type: ObjectIdentifier,
    parameters: Any,
}

#[derive(Debug, Sequence)]
struct Coefficients {
    a: OctetString,
    b: OctetString,
    seed: Option<BitString>,
}

/// Big-endian bytes without leading zeros, for comparing integers of any encoded width.
fn trimmed(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Big-endian `value + 1`.
fn plus_one(value: &[u8]) -> Vec<u8> {
    let mut out = value.to_vec();
    for byte in out.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            return out;
        }
    }
    out.insert(0, 1);
    out
}

impl EcCurve {
    /// The curve a named-curve OID names.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Some(match *oid {
            oids::SECP224R1 => Self::P224,
            oids::SECP256R1 => Self::P256,
            oids::SECP384R1 => Self::P384,
            oids::SECP521R1 => Self::P521,
            oids::BRAINPOOL_P224R1 => Self::Bp224,
            oids::BRAINPOOL_P256R1 => Self::Bp256,
            oids::BRAINPOOL_P320R1 => Self::Bp320,
            oids::BRAINPOOL_P384R1 => Self::Bp384,
            oids::BRAINPOOL_P512R1 => Self::Bp512,
            _ => return None,
        })
    }

    /// The curve of an id-ecPublicKey's parameters: a named-curve OID or explicit parameters
    /// equal to a known curve's (prime, coefficients, generator, order and cofactor 1).
    pub fn from_parameters(parameters: Option<&Any>) -> Result<Self, PassiveError> {
        let parameters = parameters.ok_or(PassiveError::UnsupportedCurve(
            "implicitly CA-inherited parameters".into(),
        ))?;
        if let Ok(oid) = parameters.decode_as::<ObjectIdentifier>() {
            return Self::from_oid(&oid).ok_or(PassiveError::UnsupportedCurve(oid.to_string()));
        }
        let der = parameters.to_der().map_err(PassiveError::key)?;
        let domain = SpecifiedDomain::from_der(&der).map_err(PassiveError::key)?;
        let prime = domain
            .field_id
            .parameters
            .decode_as::<Uint>()
            .map_err(PassiveError::key)?;
        if domain.field_id.field_type != oids::PRIME_FIELD
            || domain
                .cofactor
                .as_ref()
                .is_some_and(|h| trimmed(h.as_bytes()) != [1])
        {
            return Err(PassiveError::UnsupportedCurve(
                "explicit parameters not over a prime field with cofactor 1".into(),
            ));
        }
        ALL.into_iter()
            .find(|curve| on_curve!(curve, equals_explicit(&domain, prime.as_bytes())))
            .ok_or(PassiveError::UnsupportedCurve(
                "explicit parameters of an unknown curve".into(),
            ))
    }

    /// Checks an ECDSA signature (DER or plain r‖s) of `prehash` by the SEC1 point `point`.
    pub fn verify(
        self,
        point: &[u8],
        prehash: &[u8],
        signature: &[u8],
        plain: bool,
    ) -> Result<(), PassiveError> {
        on_curve!(self, verify_ecdsa(point, prehash, signature, plain))
    }
}

fn equals_explicit<C>(domain: &SpecifiedDomain, prime: &[u8]) -> bool
where
    C: PrimeCurveParams,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let p_minus_one = (-C::FieldElement::ONE).to_repr();
    let order = elliptic_curve::bigint::Encoding::to_be_bytes(C::ORDER.as_ref());
    let mut expected_generator = vec![0x04];
    expected_generator.extend_from_slice(&C::GENERATOR.0.to_repr());
    expected_generator.extend_from_slice(&C::GENERATOR.1.to_repr());
    let generator = AffinePoint::<C>::from_sec1_bytes(domain.base.as_bytes())
        .ok()
        .map(|g| g.to_sec1_point(false).as_bytes().to_vec());
    trimmed(prime) == trimmed(&plus_one(&p_minus_one))
        && trimmed(domain.curve.a.as_bytes()) == trimmed(&C::EQUATION_A.to_repr())
        && trimmed(domain.curve.b.as_bytes()) == trimmed(&C::EQUATION_B.to_repr())
        && trimmed(domain.order.as_bytes()) == trimmed(order.as_ref())
        && generator == Some(expected_generator)
}

fn verify_ecdsa<C>(
    point: &[u8],
    prehash: &[u8],
    signature: &[u8],
    plain: bool,
) -> Result<(), PassiveError>
where
    C: EcdsaCurve + CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
    ecdsa::SignatureSize<C>: elliptic_curve::array::ArraySize,
    ecdsa::der::MaxSize<C>: elliptic_curve::array::ArraySize,
    <FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead> + elliptic_curve::array::ArraySize,
{
    let key = ecdsa::VerifyingKey::<C>::from_sec1_bytes(point).map_err(PassiveError::key)?;
    let parsed = if plain {
        ecdsa::Signature::<C>::from_slice(signature)
    } else {
        ecdsa::Signature::<C>::from_der(signature)
    };
    let signature = parsed.map_err(|_| PassiveError::SignatureEncoding)?;
    key.verify_prehash(prehash, &signature)
        .map_err(|_| PassiveError::SignatureMismatch)
}
