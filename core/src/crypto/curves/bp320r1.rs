//! brainpoolP320r1, the 320-bit random Brainpool curve of RFC 5639 §3.5, defined with
//! RustCrypto's generic field and point arithmetic.
//!
//! The multiplicative generators are the smallest quadratic non-residues modulo p and n: the
//! 2-adic root of unity is derived from them and needs a non-residue (the same check RustCrypto's
//! own `test_primefield!` tests make).
//!
//! `crypto-bigint`'s `U320` has no byte-array encoding, which `elliptic-curve` requires, so both
//! fields use `U384` with 40-byte encodings; `p` and `n` are therefore written with 96 hex
//! digits.

super::define::define_prime_curve! {
    curve: BrainpoolP320r1,
    name: "brainpoolP320r1",
    uint: U384,
    uint_width: wider,
    field_bytes: U40,
    p: "0000000000000000d35e472036bc4fb7e13c785ed201e065f98fcfa6f6f40def4f92b9ec7893ec28fcd412b1f1b32e27",
    a: "3ee30b568fbab0f883ccebd46d3f3bb8a2a73513f5eb79da66190eb085ffa9f492f375a97d860eb4",
    b: "520883949dfdbc42d3ad198640688a6fe13f41349554b49acc31dccd884539816f5eb4ac8fb1f1a6",
    gx: "43bd7e9afb53d8b85289bcc48ee5bfe6f20137d10a087eb6e7871e2a10a599c710af8d0d39e20611",
    gy: "14fdd05545ec1cc8ab4093247f77275e0743ffed117182eaa9c77877aaac6ac7d35245d1692e8ee1",
    n: "0000000000000000d35e472036bc4fb7e13c785ed201e065f98fcfa5b68f12a32d482ec7ee8658e98691555b44c59311",
    field_generator: 5,
    scalar_generator: 3,
}
