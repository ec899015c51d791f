//! brainpoolP192r1, the 192-bit random Brainpool curve of RFC 5639 §3.2, defined with
//! RustCrypto's generic field and point arithmetic.
//!
//! The multiplicative generators are the smallest quadratic non-residues modulo p and n: the
//! 2-adic root of unity is derived from them and needs a non-residue (the same check RustCrypto's
//! own `test_primefield!` tests make).

super::define::define_prime_curve! {
    curve: BrainpoolP192r1,
    name: "brainpoolP192r1",
    uint: U192,
    uint_width: exact,
    field_bytes: U24,
    p: "c302f41d932a36cda7a3463093d18db78fce476de1a86297",
    a: "6a91174076b1e0e19c39c031fe8685c1cae040e5c69a28ef",
    b: "469a28ef7c28cca3dc721d044f4496bcca7ef4146fbf25c9",
    gx: "c0a0647eaab6a48753b033c56cb0f0900a2f5c4853375fd6",
    gy: "14b690866abd5bb88b5f4828c1490002e6773fa2fa299b8f",
    n: "c302f41d932a36cda7a3462f9e9e916b5be8f1029ac4acc1",
    field_generator: 3,
    scalar_generator: 7,
}
