//! The one macro that turns a short-Weierstrass curve's domain parameters into a complete
//! RustCrypto curve: marker type, base field, scalar field and `primeorder` point arithmetic.
//!
//! All arithmetic comes from RustCrypto's generic building blocks: the fields from
//! `primefield`'s Montgomery macros on the `crypto-bigint` backend, the points from `primeorder`
//! with the generic-`a` formulas. This module only wires them together.

/// Defines a prime-order short-Weierstrass curve `y² = x³ + a·x + b` in the invoking module.
///
/// Emits the curve marker type with its `Curve`, `PrimeCurve`, `PointCompression`,
/// `CurveArithmetic`, `FieldArithmetic`, `PrimeCurveArithmetic` and `PrimeCurveParams` impls, the
/// `FieldElement` and `Scalar` types (re-exported from private `field` and `scalar` submodules,
/// since the `primefield` expansions for one field bring imports and helper items that would
/// clash with the other field's), and the `AffinePoint` and `ProjectivePoint` aliases.
///
/// Hex inputs are big-endian. `a`, `b`, `gx` and `gy` have exactly the field width (two digits
/// per byte of `field_bytes`); `p` and `n` have the width of `uint`, which is what
/// `crypto-bigint` parses them as. `uint_width` says whether `uint` is exactly as wide as the
/// field (`exact`) or wider (`wider`): `primefield::monty_field_reduce!` only compiles in the
/// first case, so the second decodes the bytes to `uint` first and then reduces.
///
/// `field_generator` and `scalar_generator` are the multiplicative generators `primefield` uses
/// to derive the 2-adic root of unity; they must be quadratic non-residues (the smallest one is
/// the conventional choice), which the `primefield::test_primefield!` tests check.
macro_rules! define_prime_curve {
    (
        curve: $curve:ident,
        name: $name:literal,
        uint: $uint:ident,
        uint_width: $uint_width:ident,
        field_bytes: $field_bytes:ident,
        p: $p:literal,
        a: $a:literal,
        b: $b:literal,
        gx: $gx:literal,
        gy: $gy:literal,
        n: $n:literal,
        field_generator: $field_generator:literal,
        scalar_generator: $scalar_generator:literal $(,)?
    ) => {
        pub use self::{field::FieldElement, scalar::Scalar};

        /// Order `n` of the generator, big-endian hex at the width of the curve's `Uint`.
        const ORDER_HEX: &str = $n;

        #[doc = concat!("The ", $name, " elliptic curve.")]
        #[derive(Copy, Clone, Debug, Default, Eq, PartialEq, PartialOrd, Ord)]
        pub struct $curve;

        impl ::elliptic_curve::Curve for $curve {
            type FieldBytesSize = ::elliptic_curve::consts::$field_bytes;
            type Uint = ::elliptic_curve::bigint::$uint;

            const ORDER: ::elliptic_curve::bigint::Odd<Self::Uint> =
                ::elliptic_curve::bigint::Odd::<Self::Uint>::from_be_hex(ORDER_HEX);
        }

        impl ::elliptic_curve::PrimeCurve for $curve {}

        impl ::ecdsa::EcdsaCurve for $curve {
            const NORMALIZE_S: bool = false;
        }

        impl ::elliptic_curve::point::PointCompression for $curve {
            const COMPRESS_POINTS: bool = false;
        }

        #[doc = concat!("A point on ", $name, " in affine coordinates.")]
        pub type AffinePoint = ::primeorder::AffinePoint<$curve>;

        #[doc = concat!("A point on ", $name, " in projective coordinates.")]
        pub type ProjectivePoint = ::primeorder::ProjectivePoint<$curve>;

        impl ::elliptic_curve::CurveArithmetic for $curve {
            type AffinePoint = AffinePoint;
            type ProjectivePoint = ProjectivePoint;
            type Scalar = Scalar;
        }

        impl ::elliptic_curve::hazmat::FieldArithmetic for $curve {
            type FieldElement = FieldElement;
        }

        impl ::elliptic_curve::PrimeCurveArithmetic for $curve {
            type CurveGroup = ProjectivePoint;
        }

        impl ::primeorder::PrimeCurveParams for $curve {
            type PointArithmetic = ::primeorder::point_arithmetic::EquationAIsGeneric;
            type Backend = ::primeorder::mul_backend::VariableOnly;

            const EQUATION_A: FieldElement = FieldElement::from_hex_vartime($a);
            const EQUATION_B: FieldElement = FieldElement::from_hex_vartime($b);
            const GENERATOR: (FieldElement, FieldElement) = (
                FieldElement::from_hex_vartime($gx),
                FieldElement::from_hex_vartime($gy),
            );
        }

        mod field {
            //! Base field: integers modulo the curve's prime `p`.

            use ::elliptic_curve::{
                bigint::$uint,
                ff::PrimeField,
                subtle::{Choice, ConstantTimeEq, CtOption},
            };

            $crate::crypto::curves::define::define_prime_curve!(
                @params FieldParams, $uint, $p, $field_generator,
                concat!("Montgomery parameters of the ", $name, " base field.")
            );

            ::primefield::monty_field_element! {
                name: FieldElement,
                params: FieldParams,
                uint: $uint,
                doc: concat!("Element of the ", $name, " base field (integers modulo p).")
            }

            ::primefield::monty_field_arithmetic! {
                name: FieldElement,
                params: FieldParams,
                uint: $uint
            }

            impl ::elliptic_curve::ops::BatchInvert for FieldElement {}
        }

        mod scalar {
            //! Scalar field: integers modulo the generator's order `n`.

            use super::$curve;
            use ::elliptic_curve::{
                Curve as _,
                bigint::$uint,
                ff::PrimeField,
                scalar::{FromUintUnchecked, IsHigh},
                subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, CtOption},
            };

            $crate::crypto::curves::define::define_prime_curve!(
                @params ScalarParams, $uint, $n, $scalar_generator,
                concat!("Montgomery parameters of the ", $name, " scalar field.")
            );

            ::primefield::monty_field_element! {
                name: Scalar,
                params: ScalarParams,
                uint: $uint,
                doc: concat!("Element of the ", $name, " scalar field (integers modulo n).")
            }

            ::primefield::monty_field_arithmetic! {
                name: Scalar,
                params: ScalarParams,
                uint: $uint
            }

            $crate::crypto::curves::define::define_prime_curve!(
                @reduce $uint_width, $curve, $uint
            );

            ::elliptic_curve::scalar_impls!($curve, Scalar);

            ::primeorder::wnaf::impl_wnaf_size_for_scalar!(Scalar);

            impl AsRef<Scalar> for Scalar {
                fn as_ref(&self) -> &Scalar {
                    self
                }
            }

            impl FromUintUnchecked for Scalar {
                type Uint = $uint;

                fn from_uint_unchecked(uint: Self::Uint) -> Self {
                    Self::from_uint_unchecked(uint)
                }
            }

            impl IsHigh for Scalar {
                fn is_high(&self) -> Choice {
                    const HALF_ORDER: $uint = $curve::ORDER.as_ref().shr_vartime(1);
                    self.to_canonical().ct_gt(&HALF_ORDER)
                }
            }
        }
    };

    // Montgomery parameters of a prime modulus, in a child module so that the lint allowance
    // covers nothing else: primefield 0.14.0's `monty_field_params!` expansion calls `Uint::bits`,
    // deprecated since crypto-bigint 0.7.11, and rustc ignores lint attributes on macro calls.
    (@params $params:ident, $uint:ident, $modulus:expr, $generator:literal, $doc:expr) => {
        // Brings `LIMBS` into scope for the field element macros, as the expansion's own `use`
        // does inside `params`.
        use ::elliptic_curve::bigint::modular::ConstMontyParams;
        use self::params::$params;

        #[allow(deprecated)]
        mod params {
            use ::elliptic_curve::bigint::$uint;

            ::primefield::monty_field_params! {
                name: $params,
                modulus: $modulus,
                uint: $uint,
                byte_order: ::primefield::ByteOrder::BigEndian,
                multiplicative_generator: $generator,
                doc: $doc
            }
        }
    };

    // `Reduce` impls for a scalar whose integer type is exactly as wide as its byte encoding.
    (@reduce exact, $curve:ident, $uint:ident) => {
        ::primefield::monty_field_reduce! {
            name: Scalar,
            params: ScalarParams,
            uint: $uint,
        }
    };

    // `Reduce` impls for a scalar whose integer type is wider than its byte encoding: the same
    // `MontyFieldElement` reduction, with the bytes widened to the integer type first.
    (@reduce wider, $curve:ident, $uint:ident) => {
        impl ::elliptic_curve::ops::Reduce<$uint> for Scalar {
            fn reduce(w: &$uint) -> Self {
                Self(<::primefield::MontyFieldElement<ScalarParams, { <$uint>::LIMBS }> as
                    ::elliptic_curve::ops::Reduce<$uint>>::reduce(w))
            }
        }

        impl ::elliptic_curve::ops::Reduce<::elliptic_curve::FieldBytes<$curve>> for Scalar {
            fn reduce(bytes: &::elliptic_curve::FieldBytes<$curve>) -> Self {
                <Self as ::elliptic_curve::ops::Reduce<$uint>>::reduce(
                    &::elliptic_curve::field::bytes_to_uint::<$curve>(bytes),
                )
            }
        }
    };
}

pub(super) use define_prime_curve;
