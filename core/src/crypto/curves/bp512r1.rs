//! brainpoolP512r1, the 512-bit random Brainpool curve of RFC 5639 §3.7, defined with
//! RustCrypto's generic field and point arithmetic.
//!
//! The multiplicative generators are the smallest quadratic non-residues modulo p and n: the
//! 2-adic root of unity is derived from them and needs a non-residue (the same check RustCrypto's
//! own `test_primefield!` tests make).

super::define::define_prime_curve! {
    curve: BrainpoolP512r1,
    name: "brainpoolP512r1",
    uint: U512,
    uint_width: exact,
    field_bytes: U64,
    p: "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3",
    a: "7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94ca",
    b: "3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723",
    gx: "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822",
    gy: "7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892",
    n: "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069",
    field_generator: 2,
    scalar_generator: 7,
}
