//! brainpoolP224r1, the 224-bit random Brainpool curve of RFC 5639 §3.3, defined with
//! RustCrypto's generic field and point arithmetic.
//!
//! The multiplicative generators are the smallest quadratic non-residues modulo p and n: the
//! 2-adic root of unity is derived from them and needs a non-residue (the same check RustCrypto's
//! own `test_primefield!` tests make).
//!
//! `crypto-bigint` has no 224-bit integer on 64-bit targets, so both fields use `U256` (as the
//! `p224` crate does) with 28-byte encodings; `p` and `n` are therefore written with 64 hex
//! digits.

super::define::define_prime_curve! {
    curve: BrainpoolP224r1,
    name: "brainpoolP224r1",
    uint: U256,
    uint_width: wider,
    field_bytes: U28,
    p: "00000000d7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ff",
    a: "68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43",
    b: "2580f63ccfe44138870713b1a92369e33e2135d266dbb372386c400b",
    gx: "0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d",
    gy: "58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cd",
    n: "00000000d7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939f",
    field_generator: 3,
    scalar_generator: 3,
}
