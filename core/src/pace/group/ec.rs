//! PACE over a prime elliptic curve, generic over RustCrypto's `primeorder` curves: points travel
//! as uncompressed SEC1 encodings and are validated on every decode.

use super::point_encoding::encode_to_curve;
use super::random::{check_below, left_pad, random_below};
use super::{PaceGroup, Secret};
use crate::pace::{Agreement, PaceError};
use crypto_bigint::{BoxedUint, NonZero};
use elliptic_curve::ff::PrimeField;
use elliptic_curve::group::Group;
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{FieldBytes, FieldBytesSize};
use primeorder::{AffinePoint, PrimeCurveParams, ProjectivePoint};
use std::fmt;
use std::marker::PhantomData;
use zeroize::Zeroizing;

/// An elliptic curve as a PACE group.
pub(super) struct EcGroup<C> {
    name: &'static str,
    order: BoxedUint,
    prime: BoxedUint,
    curve: PhantomData<C>,
}

impl<C> fmt::Debug for EcGroup<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EcGroup({})", self.name)
    }
}

/// The modulus of a RustCrypto prime field as a big integer.
pub(super) fn modulus_of<F: PrimeField>() -> BoxedUint {
    let hex = F::MODULUS.trim_start_matches("0x");
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("RustCrypto moduli are hex"))
        .collect();
    BoxedUint::from_be_slice_vartime(&bytes)
}

impl<C> EcGroup<C>
where
    C: PrimeCurveParams,
    FieldBytesSize<C>: ModulusSize,
{
    pub(super) fn new(name: &'static str) -> Self {
        Self {
            name,
            order: modulus_of::<C::Scalar>(),
            prime: modulus_of::<C::FieldElement>(),
            curve: PhantomData,
        }
    }

    fn field_len(&self) -> usize {
        self.prime.bit_width().div_ceil(8) as usize
    }

    fn decode(&self, bytes: &[u8], what: &'static str) -> Result<ProjectivePoint<C>, PaceError> {
        if bytes.len() != self.element_len() {
            return Err(PaceError::invalid_key(what, "wrong length"));
        }
        if bytes[0] != 0x04 {
            return Err(PaceError::invalid_key(what, "not an uncompressed point"));
        }
        let affine = AffinePoint::<C>::from_sec1_bytes(bytes)
            .map_err(|_| PaceError::invalid_key(what, "not on the curve"))?;
        let point = ProjectivePoint::<C>::from(affine);
        if bool::from(point.is_identity()) {
            return Err(PaceError::invalid_key(what, "the identity"));
        }
        Ok(point)
    }

    fn encode(point: &ProjectivePoint<C>) -> Vec<u8> {
        point.to_affine().to_sec1_point(false).as_bytes().to_vec()
    }

    /// A scalar from big-endian bytes reduced modulo the order.
    fn scalar_reduced(&self, bytes: &[u8]) -> C::Scalar {
        let value = Zeroizing::new(BoxedUint::from_be_slice_vartime(bytes));
        let order = NonZero::new(self.order.clone()).expect("curve orders are non-zero");
        let reduced = Zeroizing::new(value.rem(&order).to_be_bytes());
        let padded = Zeroizing::new(left_pad(&reduced, self.field_len()));
        let repr =
            FieldBytes::<C>::try_from(padded.as_slice()).expect("padded to the field length");
        Option::from(C::Scalar::from_repr(repr)).expect("reduced below the order")
    }
}

impl<C> PaceGroup for EcGroup<C>
where
    C: PrimeCurveParams + Send + Sync,
    FieldBytesSize<C>: ModulusSize,
{
    fn name(&self) -> &'static str {
        self.name
    }

    fn agreement(&self) -> Agreement {
        Agreement::Ecdh
    }

    fn element_len(&self) -> usize {
        1 + 2 * self.field_len()
    }

    fn prime_bits(&self) -> u32 {
        self.prime.bit_width()
    }

    fn generator(&self) -> Vec<u8> {
        Self::encode(&ProjectivePoint::<C>::GENERATOR)
    }

    fn random_secret(&self) -> Result<Secret, PaceError> {
        let secret = random_below(&self.order)?;
        Ok(Zeroizing::new(left_pad(&secret, self.field_len())))
    }

    fn check_secret(&self, secret: &[u8]) -> Result<Secret, PaceError> {
        let checked = check_below(secret, &self.order)?;
        Ok(Zeroizing::new(left_pad(&checked, self.field_len())))
    }

    fn validate(&self, element: &[u8], what: &'static str) -> Result<(), PaceError> {
        self.decode(element, what).map(|_| ())
    }

    fn multiply(
        &self,
        element: &[u8],
        secret: &[u8],
        what: &'static str,
    ) -> Result<Zeroizing<Vec<u8>>, PaceError> {
        let point = self.decode(element, what)?;
        let product = point.mul(&self.scalar_reduced(secret));
        if bool::from(product.is_identity()) {
            return Err(PaceError::invalid_key(what, "gives the identity"));
        }
        Ok(Zeroizing::new(Self::encode(&product)))
    }

    fn generic_map(&self, nonce: &[u8], h: &[u8]) -> Result<Vec<u8>, PaceError> {
        let h = self.decode(h, "mapping result H")?;
        let mapped = ProjectivePoint::<C>::GENERATOR
            .mul(&self.scalar_reduced(nonce))
            .add(&h);
        if bool::from(mapped.is_identity()) {
            return Err(PaceError::IdentityGenerator);
        }
        Ok(Self::encode(&mapped))
    }

    fn supports_integrated_mapping(&self) -> bool {
        let four = NonZero::new(BoxedUint::from(4u32)).expect("4 is non-zero");
        self.prime.rem_vartime(&four) == BoxedUint::from(3u32)
    }

    fn integrated_map(&self, pseudo_random: &[u8]) -> Result<Vec<u8>, PaceError> {
        if !self.supports_integrated_mapping() {
            return Err(PaceError::IntegratedMappingUndefined(self.name));
        }
        let (x, y) = encode_to_curve::<C>(pseudo_random, &self.prime)?;
        let affine = Option::<AffinePoint<C>>::from(AffinePoint::<C>::from_coordinates(&x, &y))
            .ok_or(PaceError::Malformed("point encoding left the curve"))?;
        let point = ProjectivePoint::<C>::from(affine);
        if bool::from(point.is_identity()) {
            return Err(PaceError::IdentityGenerator);
        }
        Ok(Self::encode(&point))
    }

    fn shared_secret(&self, element: &[u8]) -> Zeroizing<Vec<u8>> {
        let len = self.field_len();
        Zeroizing::new(element[1..1 + len].to_vec())
    }

    fn chip_authentication_data(
        &self,
        static_secret: &[u8],
        map_secret: &[u8],
    ) -> Result<Secret, PaceError> {
        let inverse = Option::<C::Scalar>::from(elliptic_curve::ff::Field::invert(
            &self.scalar_reduced(static_secret),
        ))
        .ok_or(PaceError::InvalidSecret)?;
        let product = inverse * self.scalar_reduced(map_secret);
        Ok(Zeroizing::new(product.to_repr().to_vec()))
    }
}
