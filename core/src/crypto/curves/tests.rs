//! Tests of the Brainpool curves: generator decoding, group order, rejection of off-curve points,
//! known-answer scalar multiplications, and RustCrypto's own `primefield` field tests.
//!
//! The generator encodings and the known answers (k, k·G) were computed with python-ecdsa 0.19.1
//! (`ecdsa.curves.BRAINPOOLP…r1.generator * k`), independently of the constants in the curve
//! modules.

use elliptic_curve::{
    CurveArithmetic, Field, FieldBytes, Group, PrimeField,
    array::typenum::Unsigned,
    bigint::WrappingAdd,
    field::uint_to_bytes,
    hazmat::FieldArithmetic,
    ops::Reduce,
    point::AffineCoordinates,
    sec1::{FromSec1Point, Sec1Point, ToSec1Point},
};
use primeorder::{AffinePoint, PrimeCurveParams, ProjectivePoint};

type FieldElement<C> = <C as FieldArithmetic>::FieldElement;
type Scalar<C> = <C as CurveArithmetic>::Scalar;

/// Decodes big-endian hex of exactly one field width into a field or scalar representation.
fn field_bytes<C: PrimeCurveParams>(hex: &str) -> FieldBytes<C> {
    let bytes = hex::decode(hex).expect("test vector is hex");
    FieldBytes::<C>::try_from(bytes.as_slice()).expect("test vector has the field width")
}

/// Decodes a field element from the raw coordinate bytes of a point.
fn field_element<C: PrimeCurveParams>(bytes: FieldBytes<C>) -> FieldElement<C> {
    FieldElement::<C>::from_repr(bytes)
        .into_option()
        .expect("coordinate is a canonical field element")
}

/// Decodes an uncompressed SEC1 encoding, returning `None` when it is not a point on the curve.
fn decode<C: PrimeCurveParams>(sec1_hex: &str) -> Option<AffinePoint<C>> {
    let bytes = hex::decode(sec1_hex).expect("test vector is hex");
    AffinePoint::<C>::from_sec1_bytes(&bytes).ok()
}

/// The uncompressed SEC1 encoding of a point, as lowercase hex.
fn encode<C: PrimeCurveParams>(point: &AffinePoint<C>) -> String {
    hex::encode(point.to_sec1_point(false).as_bytes())
}

/// The generator decodes from its uncompressed encoding, equals the curve's `GENERATOR` and
/// satisfies `y² = x³ + a·x + b`.
fn check_generator<C: PrimeCurveParams>(generator_hex: &str) {
    let generator = decode::<C>(generator_hex).expect("generator decodes");
    assert_eq!(generator, AffinePoint::<C>::GENERATOR);
    assert_eq!(encode(&generator), generator_hex);

    let x = field_element::<C>(generator.x());
    let y = field_element::<C>(generator.y());
    assert_eq!(
        y.square(),
        x.square() * x + C::EQUATION_A * x + C::EQUATION_B
    );
}

/// `(n − 1)·G = −G`, hence `n·G` is the identity.
fn check_order<C: PrimeCurveParams>() {
    let generator = ProjectivePoint::<C>::GENERATOR;
    let n_minus_one = -Scalar::<C>::ONE;

    let product = generator * n_minus_one;
    assert_eq!(product, -generator);
    assert_eq!(generator.mul_vartime(&n_minus_one), -generator);
    assert!(bool::from((product + generator).is_identity()));
    assert!(!bool::from(generator.is_identity()));
}

/// The point `(Gx, Gy + 1)` is not on the curve and decoding rejects it.
fn check_off_curve_rejected<C: PrimeCurveParams>() {
    let generator = AffinePoint::<C>::GENERATOR;
    let y = field_element::<C>(generator.y()) + FieldElement::<C>::ONE;
    let encoded = Sec1Point::<C>::from_affine_coordinates(&generator.x(), &y.to_repr(), false);
    assert!(
        AffinePoint::<C>::from_sec1_point(&encoded)
            .into_option()
            .is_none()
    );
    assert!(decode::<C>(&hex::encode(encoded.as_bytes())).is_none());
}

/// `k·G` matches the python-ecdsa known answer (uncompressed SEC1 hex), in constant and
/// variable time, and the answer decodes back to the same point.
fn check_known_answers<C: PrimeCurveParams>(vectors: &[(&str, &str)]) {
    for &(k_hex, expected) in vectors {
        let k = Scalar::<C>::from_repr(field_bytes::<C>(k_hex))
            .into_option()
            .expect("k is a canonical scalar");
        let product = (ProjectivePoint::<C>::GENERATOR * k).to_affine();
        assert_eq!(encode(&product), expected, "k = {k_hex}");
        let vartime = ProjectivePoint::<C>::GENERATOR.mul_vartime(&k).to_affine();
        assert_eq!(vartime, product, "k = {k_hex}");
        assert_eq!(decode::<C>(expected), Some(product), "k = {k_hex}");
    }
}

/// Reducing integers and field-width byte strings modulo n (the `Reduce` impls, which for the
/// curves with a wider integer type are glue rather than `monty_field_reduce!`).
fn check_scalar_reduce<C: PrimeCurveParams>() {
    let order = *C::ORDER.as_ref();
    let five = C::Uint::from(5u64);
    assert_eq!(
        <Scalar<C> as Reduce<C::Uint>>::reduce(&order),
        Scalar::<C>::ZERO
    );
    assert_eq!(
        <Scalar<C> as Reduce<C::Uint>>::reduce(&order.wrapping_add(&five)),
        Scalar::<C>::from(5u64)
    );

    let order_bytes = uint_to_bytes::<C>(&order);
    assert_eq!(
        <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&order_bytes),
        Scalar::<C>::ZERO
    );

    // All ones is 256^len − 1, which exceeds n for every Brainpool curve.
    let all_ones = FieldBytes::<C>::from_fn(|_| 0xff);
    let len = C::FieldBytesSize::U64;
    let expected = Scalar::<C>::from(256u64).pow_vartime([len]) - Scalar::<C>::ONE;
    assert_eq!(
        <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&all_ones),
        expected
    );
}

/// Instantiates the generic checks and `primefield`'s field tests for one curve module.
macro_rules! curve_tests {
    (
        $module:ident, $curve:ident, $uint:ident,
        generator: ($gx:literal, $gy:literal $(,)?),
        known_answers: [$({ k: $k:literal, x: $x:literal, y: $y:literal $(,)? }),+ $(,)?] $(,)?
    ) => {
        mod $module {
            use crate::crypto::curves::$module::$curve;

            #[test]
            fn generator_decodes_and_is_on_curve() {
                super::check_generator::<$curve>(concat!("04", $gx, $gy));
            }

            #[test]
            fn order_times_generator_is_identity() {
                super::check_order::<$curve>();
            }

            #[test]
            fn off_curve_point_is_rejected() {
                super::check_off_curve_rejected::<$curve>();
            }

            #[test]
            fn scalar_multiplication_known_answers() {
                super::check_known_answers::<$curve>(&[$(($k, concat!("04", $x, $y))),+]);
            }

            #[test]
            fn scalar_reduce() {
                super::check_scalar_reduce::<$curve>();
            }

            mod field_element {
                use crate::crypto::curves::$module::FieldElement;
                use elliptic_curve::bigint::$uint;

                primefield::test_primefield!(FieldElement, $uint);
            }

            mod scalar {
                use crate::crypto::curves::$module::Scalar;
                use elliptic_curve::bigint::$uint;

                primefield::test_primefield!(Scalar, $uint);
            }
        }
    };
}

curve_tests! {
    bp192r1, BrainpoolP192r1, U192,
    generator: (
        "c0a0647eaab6a48753b033c56cb0f0900a2f5c4853375fd6",
        "14b690866abd5bb88b5f4828c1490002e6773fa2fa299b8f",
    ),
    known_answers: [
        {
            k: "00000000000000000000000000000000000000001d2c3b4a",
            x: "8b0a0f4bb86450e61def7becf26e3f07af510beea4475cfa",
            y: "3f93176439d49ff47d9230def27868af403e4b7dce844e2f",
        },
        {
            k: "1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c",
            x: "012a848e46173982279545cab3cb3a9837c8e6c3cf57c1ff",
            y: "023e36ceae8712145915916c27264cb9023737f194253a9e",
        },
        {
            k: "c302f41d932a36cda7a3462f9e9e916b5be8f1029ac4acbf",
            x: "1228a61ba5548cb176d68c4263bfa0f4cf2a38d70c9e4cdb",
            y: "48255f7758a2f64e62e7297cc418a05ec591749b60a0be49",
        },
    ],
}

curve_tests! {
    bp224r1, BrainpoolP224r1, U256,
    generator: (
        "0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d",
        "58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cd",
    ),
    known_answers: [
        {
            k: "0000000000000000000000000000000000000000000000001d2c3b4a",
            x: "be98601ebe4f3085fde097157fe7e611319a0d7c3fca63af5e172f62",
            y: "475aff6d43f42cb57a1d05c862f3723fc6a3d4e1c2f11193ae408474",
        },
        {
            k: "1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a",
            x: "35d4a8bb86ad0384a4d2b3772ec4ad99cee305d0f5217d9a72eee79f",
            y: "05085e058684e6286bcdd0d8ac95b386fd7e6c291f55c56145542cea",
        },
        {
            k: "d7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939d",
            x: "33b7e498bcda1a33e61a67af56a36d12df7032255ddf5e1ec65a5669",
            y: "cd3e1e74d72a55ce86043fa89be75ad0eac2524180672fceb5a521a3",
        },
    ],
}

curve_tests! {
    bp320r1, BrainpoolP320r1, U384,
    generator: (
        "43bd7e9afb53d8b85289bcc48ee5bfe6f20137d10a087eb6e7871e2a10a599c710af8d0d39e20611",
        "14fdd05545ec1cc8ab4093247f77275e0743ffed117182eaa9c77877aaac6ac7d35245d1692e8ee1",
    ),
    known_answers: [
        {
            k: "0000000000000000000000000000000000000000000000000000000000000000000000001d2c3b4a",
            x: "51137c42dab82bad9627ecfb66eb1b23784ba7e5832d878fb4f1f6d36e8f2be7087769e8d0586541",
            y: "bb84eaa082fb8f0d2060848d496027d805ac29f297270a053e0d06cb455cefe44b5ad4508a2faef0",
        },
        {
            k: "1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c",
            x: "66d3fc34310a681de6aa0941f05f2b21ed7f71aa1734b99ebccb2d2b6604b586984d3358923506dd",
            y: "115c91d13a708d11f71f8b38722fc4f2bd4c3f45ae6cfa83091db3bb1499801c2d35eabac74d88f2",
        },
        {
            k: "d35e472036bc4fb7e13c785ed201e065f98fcfa5b68f12a32d482ec7ee8658e98691555b44c5930f",
            x: "2fb412f03e6debdfbfa3a3092f21c4619e04279be0931694ab99c6503e5a894def8377ed059a6de8",
            y: "ad6c921d033a08353bf65886d02afe349f2db3d80b9740ee5d1e42dc1ed886d5c50ad57f724e6c9b",
        },
    ],
}

curve_tests! {
    bp512r1, BrainpoolP512r1, U512,
    generator: (
        "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822",
        "7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892",
    ),
    known_answers: [
        {
            k: "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001d2c3b4a",
            x: "3399e9d3cca5370f6f55da98d0a20299a655c043e3db4664e61b6602d2adbf3293b703bd3c3a94f077917399f1ab4dbb341681c20b4399fa30a44474646d40de",
            y: "2181fc9cdf9503945765153632710006abb4817f1508062cf80af934752b27ffe931d6bdac693713de026ec65dc7319a1d1eee0f3c154b833ac5b2210c58b0c2",
        },
        {
            k: "1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c1d2c3b4a5f6e7d8c",
            x: "161e3e5b1248a829e9571f8ac900c9b9d2521bff8ba25c2b8c398658bc6727732249cd362e105ffc1fcaa13549b1336f6f61d4539650958e41f7437c04b59593",
            y: "61669c9eea358b51b8c4ef2f72ebbf66952410fb227e0d9b5c5a68ac62570bf1e7ac24b8aa09a092dd142eebc103e838fd5be13aa7f879cf03f32739531f2842",
        },
        {
            k: "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90067",
            x: "9f4945f680edf9800a63285758f399b3d18d8141b8a18064a30d3035f4cb6581957877f3a8f0f72597116e702915a4f4f698f404089a4cc5080447def02f4850",
            y: "3d7252a050802834f6527b3cd137096ab693ac90268ab3ff7c37665f6c4d36be7f53ff4f2b29f8330909eb28360d7426c4ddd0edab8533e84640b33499e11a82",
        },
    ],
}
