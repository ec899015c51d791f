//! PACE over a prime-order subgroup of a MODP group: public values travel as big-endian
//! integers padded to the length of p; every received value is checked to be in the subgroup.

use super::modp::ModpParameters;
use super::random::{check_below, left_pad, random_below};
use super::{PaceGroup, Secret};
use crate::pace::{Agreement, PaceError};
use crypto_bigint::{BoxedUint, NonZero, Odd};
use std::fmt;
use zeroize::Zeroizing;

/// A MODP group with its prime-order subgroup.
pub(super) struct DhGroup {
    name: &'static str,
    p: Odd<BoxedUint>,
    g: BoxedUint,
    q: BoxedUint,
}

impl fmt::Debug for DhGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DhGroup({})", self.name)
    }
}

fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("MODP constants are hex"))
        .collect()
}

impl DhGroup {
    pub(super) fn new(parameters: &ModpParameters) -> Self {
        let p = BoxedUint::from_be_slice_vartime(&from_hex(parameters.p));
        let precision = p.bits_precision();
        let g = BoxedUint::from_be_slice(&from_hex(parameters.g), precision)
            .expect("g fits the precision of p");
        Self {
            name: parameters.name,
            p: Odd::new(p).expect("MODP primes are odd"),
            g,
            q: BoxedUint::from_be_slice_vartime(&from_hex(parameters.q)),
        }
    }

    fn len(&self) -> usize {
        self.p.as_ref().bit_width().div_ceil(8) as usize
    }

    fn value(&self, bytes: &[u8]) -> Option<BoxedUint> {
        let significant = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        if bytes.len() - significant > self.len() {
            return None;
        }
        BoxedUint::from_be_slice(&bytes[significant..], self.p.as_ref().bits_precision()).ok()
    }

    fn encode(&self, value: &BoxedUint) -> Vec<u8> {
        left_pad(&value.to_be_bytes(), self.len())
    }

    fn exponent(&self, secret: &[u8]) -> Zeroizing<BoxedUint> {
        Zeroizing::new(BoxedUint::from_be_slice_vartime(secret))
    }

    /// Full public-value validation (RFC 2631 §2.1.5): 1 < y < p−1 and y^q ≡ 1 (mod p).
    fn decode(&self, bytes: &[u8], what: &'static str) -> Result<BoxedUint, PaceError> {
        if bytes.len() > self.len() {
            return Err(PaceError::invalid_key(what, "wrong length"));
        }
        let y = self
            .value(bytes)
            .ok_or(PaceError::invalid_key(what, "wrong length"))?;
        let one = BoxedUint::one_with_precision(y.bits_precision());
        let p_minus_one = self.p.as_ref().wrapping_sub(&one);
        if y <= one || y >= p_minus_one {
            return Err(PaceError::invalid_key(what, "out of range"));
        }
        if y.pow_mod(&self.q, &self.p) != one {
            return Err(PaceError::invalid_key(
                what,
                "not in the prime-order subgroup",
            ));
        }
        Ok(y)
    }

    fn is_one(&self, value: &BoxedUint) -> bool {
        *value == BoxedUint::one_with_precision(value.bits_precision())
    }
}

impl PaceGroup for DhGroup {
    fn name(&self) -> &'static str {
        self.name
    }

    fn agreement(&self) -> Agreement {
        Agreement::Dh
    }

    fn element_len(&self) -> usize {
        self.len()
    }

    fn prime_bits(&self) -> u32 {
        self.p.as_ref().bit_width()
    }

    fn generator(&self) -> Vec<u8> {
        self.encode(&self.g)
    }

    fn random_secret(&self) -> Result<Secret, PaceError> {
        random_below(&self.q)
    }

    fn check_secret(&self, secret: &[u8]) -> Result<Secret, PaceError> {
        check_below(secret, &self.q)
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
        let base = self.decode(element, what)?;
        let product = Zeroizing::new(base.pow_mod(&self.exponent(secret), &self.p));
        if self.is_one(&product) {
            return Err(PaceError::invalid_key(what, "gives 1"));
        }
        Ok(Zeroizing::new(self.encode(&product)))
    }

    fn generic_map(&self, nonce: &[u8], h: &[u8]) -> Result<Vec<u8>, PaceError> {
        let h = self.decode(h, "mapping result h")?;
        let g_s = Zeroizing::new(self.g.pow_mod(&self.exponent(nonce), &self.p));
        let modulus = NonZero::new(self.p.as_ref().clone()).expect("p is non-zero");
        let mapped = g_s.mul_mod(&h, &modulus);
        if self.is_one(&mapped) {
            return Err(PaceError::IdentityGenerator);
        }
        Ok(self.encode(&mapped))
    }

    fn supports_integrated_mapping(&self) -> bool {
        true
    }

    fn integrated_map(&self, pseudo_random: &[u8]) -> Result<Vec<u8>, PaceError> {
        let modulus = NonZero::new(self.p.as_ref().clone()).expect("p is non-zero");
        let x = BoxedUint::from_be_slice_vartime(pseudo_random).rem(&modulus);
        let x = BoxedUint::from_be_slice(&x.to_be_bytes(), self.p.as_ref().bits_precision())
            .map_err(|_| PaceError::Malformed("pseudo-random value"))?;
        let one = BoxedUint::one_with_precision(self.p.as_ref().bits_precision());
        let q = NonZero::new(self.q.clone()).expect("q is non-zero");
        let cofactor = self.p.as_ref().wrapping_sub(&one).wrapping_div(&q);
        let mapped = x.pow_mod(&cofactor, &self.p);
        if self.is_one(&mapped) || bool::from(mapped.is_zero()) {
            return Err(PaceError::IdentityGenerator);
        }
        Ok(self.encode(&mapped))
    }

    fn shared_secret(&self, element: &[u8]) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(left_pad(element, self.len()))
    }

    fn chip_authentication_data(&self, _: &[u8], _: &[u8]) -> Result<Secret, PaceError> {
        Err(PaceError::NoUsableProtocol(
            "Chip Authentication Mapping is defined for ECDH only".into(),
        ))
    }
}
