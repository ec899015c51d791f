//! A brainpoolP384r1 public key with explicit EC domain parameters (RFC 3279 `ECParameters`)
//! instead of the named-curve OID, as German document signer certificates carry them.

use super::PkiError;
use super::keys::Bp384VerifyingKey;
use bp384::elliptic_curve::Curve;
use bp384::elliptic_curve::ff::PrimeField;
use bp384::elliptic_curve::hazmat::FieldArithmetic;
use bp384::{ArrayEncoding, BrainpoolP384r1, U384};
use der::Sequence;
use der::asn1::{Any, BitString, ObjectIdentifier, OctetString, Uint};
use primeorder::PrimeCurveParams;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

/// `id-ecPublicKey` (1.2.840.10045.2.1).
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `prime-field` (1.2.840.10045.1.1).
const ID_PRIME_FIELD: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.1.1");

type FieldElement = <BrainpoolP384r1 as FieldArithmetic>::FieldElement;

/// `FieldID ::= SEQUENCE { fieldType OBJECT IDENTIFIER, parameters Prime-p }`.
#[derive(Debug, Sequence)]
struct FieldId {
    field_type: ObjectIdentifier,
    prime: Uint,
}

/// `Curve ::= SEQUENCE { a FieldElement, b FieldElement }` (no seed).
#[derive(Debug, Sequence)]
struct CurveCoefficients {
    a: OctetString,
    b: OctetString,
}

/// `SpecifiedECDomain` (RFC 3279 `ECParameters`): version 1, prime field, curve, base point,
/// order and cofactor.
#[derive(Debug, Sequence)]
struct SpecifiedEcDomain {
    version: u8,
    field_id: FieldId,
    curve: CurveCoefficients,
    base: OctetString,
    order: Uint,
    cofactor: u8,
}

/// brainpoolP384r1's domain parameters, spelled out.
fn domain() -> Result<SpecifiedEcDomain, PkiError> {
    let prime = U384::from_be_hex(<FieldElement as PrimeField>::MODULUS).to_be_byte_array();
    let (x, y) = <BrainpoolP384r1 as PrimeCurveParams>::GENERATOR;
    let mut base = vec![0x04];
    base.extend_from_slice(&x.to_repr());
    base.extend_from_slice(&y.to_repr());
    Ok(SpecifiedEcDomain {
        version: 1,
        field_id: FieldId {
            field_type: ID_PRIME_FIELD,
            prime: Uint::new(&prime)?,
        },
        curve: CurveCoefficients {
            a: OctetString::new(
                <BrainpoolP384r1 as PrimeCurveParams>::EQUATION_A
                    .to_repr()
                    .to_vec(),
            )?,
            b: OctetString::new(
                <BrainpoolP384r1 as PrimeCurveParams>::EQUATION_B
                    .to_repr()
                    .to_vec(),
            )?,
        },
        base: OctetString::new(base)?,
        order: Uint::new(&BrainpoolP384r1::ORDER.get().to_be_byte_array())?,
        cofactor: 1,
    })
}

/// The SubjectPublicKeyInfo of `key` with explicit domain parameters and the uncompressed point.
pub(crate) fn public_key_info(
    key: &Bp384VerifyingKey,
) -> Result<SubjectPublicKeyInfoOwned, PkiError> {
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: ID_EC_PUBLIC_KEY,
            parameters: Some(Any::encode_from(&domain()?)?),
        },
        subject_public_key: BitString::from_bytes(&key.to_sec1_bytes())?,
    })
}

#[cfg(test)]
mod tests {
    use super::domain;

    #[test]
    fn explicit_parameters_are_brainpool_p384r1() {
        // RFC 5639 §3.6.
        let domain = domain().unwrap();
        assert_eq!(
            hex::encode(domain.field_id.prime.as_bytes()),
            "8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123acd3a729901d1a71874700133107ec53"
        );
        assert_eq!(
            hex::encode(domain.curve.a.as_bytes()),
            "7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826"
        );
        assert_eq!(
            hex::encode(domain.curve.b.as_bytes()),
            "04a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c11"
        );
        assert_eq!(
            hex::encode(&domain.base.as_bytes()[..49]),
            "041d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e"
        );
        assert_eq!(
            hex::encode(domain.order.as_bytes()),
            "8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7cf3ab6af6b7fc3103b883202e9046565"
        );
    }
}
