//! PACE key material: the password key K_π, the encrypted nonce, the session keys from the shared
//! secret, and the authentication token over the other side's ephemeral public key.

use super::{Agreement, PaceError, PaceProtocol};
use crate::access::AccessKey;
use crate::crypto::{KdfCounter, SmCipher, derive_key, pad};
use crate::sm::SessionKeys;
use crate::tlv;
use zeroize::Zeroizing;

/// K_π = KDF(π, 3): π is SHA-1 of the MRZ information, or the CAN's ASCII digits.
pub fn password_key(protocol: &PaceProtocol, password: &AccessKey) -> Zeroizing<Vec<u8>> {
    match password {
        AccessKey::Mrz(key) => derive_key(protocol.cipher, key.sha1().as_slice(), KdfCounter::Pace),
        AccessKey::Can(can) => derive_key(protocol.cipher, can.as_bytes(), KdfCounter::Pace),
    }
}

/// s = D(K_π, z): CBC with a zero IV.
pub fn decrypt_nonce(
    protocol: &PaceProtocol,
    k_pi: &[u8],
    encrypted: &[u8],
) -> Result<Zeroizing<Vec<u8>>, PaceError> {
    let iv = vec![0u8; protocol.cipher.block_size()];
    if encrypted.is_empty() {
        return Err(PaceError::Malformed("empty encrypted nonce"));
    }
    Ok(Zeroizing::new(
        protocol.cipher.decrypt_cbc(k_pi, &iv, encrypted)?,
    ))
}

/// z = E(K_π, s): CBC with a zero IV (chip side).
pub fn encrypt_nonce(
    protocol: &PaceProtocol,
    k_pi: &[u8],
    nonce: &[u8],
) -> Result<Vec<u8>, PaceError> {
    let iv = vec![0u8; protocol.cipher.block_size()];
    Ok(protocol.cipher.encrypt_cbc(k_pi, &iv, nonce)?)
}

/// KS_enc and KS_mac, derived from the shared secret K; zeroized on drop.
pub struct SessionSecrets {
    /// KS_enc.
    pub enc: Zeroizing<Vec<u8>>,
    /// KS_mac.
    pub mac: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for SessionSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionSecrets(<redacted>)")
    }
}

impl SessionSecrets {
    /// KS_enc = KDF(K, 1) and KS_mac = KDF(K, 2) for the protocol's cipher.
    pub fn derive(protocol: &PaceProtocol, shared: &[u8]) -> Self {
        Self {
            enc: derive_key(protocol.cipher, shared, KdfCounter::Enc),
            mac: derive_key(protocol.cipher, shared, KdfCounter::Mac),
        }
    }

    /// The secure-messaging keys.
    pub fn secure_messaging_keys(&self, protocol: &PaceProtocol) -> Result<SessionKeys, PaceError> {
        Ok(SessionKeys::new(protocol.cipher, &self.enc, &self.mac)?)
    }
}

/// The authentication token T = MAC(KS_mac, 7F49 { 06 OID, 86|84 PK }) over the other side's
/// ephemeral public key (ICAO 9303-11 §4.4.3.4; retail MAC with padding for 3DES, CMAC for AES).
pub fn authentication_token(
    protocol: &PaceProtocol,
    ks_mac: &[u8],
    peer_public_key: &[u8],
) -> Result<[u8; 8], PaceError> {
    let oid = protocol.oid();
    let key_tag = match protocol.agreement {
        Agreement::Ecdh => 0x86,
        Agreement::Dh => 0x84,
    };
    let mut inner = tlv::encode(0x06, oid.as_bytes());
    inner.extend(tlv::encode(key_tag, peer_public_key));
    let data = tlv::encode(0x7F49, &inner);
    let input = match protocol.cipher {
        SmCipher::Tdes => pad(&data, 8),
        _ => data,
    };
    Ok(protocol.cipher.mac(ks_mac, &input)?)
}

/// The pseudo-random number mapping R(s, t) of the Integrated Mapping (ICAO 9303-11
/// §4.4.3.3.2), before the reduction modulo p: n blocks of CBC encryptions keyed by a chain that
/// starts at E(t, s), with n the smallest such that n·l ≥ log2(p) + 64.
pub fn integrated_mapping_octets(
    protocol: &PaceProtocol,
    chip_nonce: &[u8],
    terminal_nonce: &[u8],
    prime_bits: u32,
) -> Result<Zeroizing<Vec<u8>>, PaceError> {
    const C0_128: [u8; 16] = hex_literal::hex!("a668892a7c41e3ca739f40b057d85904");
    const C1_128: [u8; 16] = hex_literal::hex!("a4e136ac725f738b01c1f60217c188ad");
    const C0_256: [u8; 32] =
        hex_literal::hex!("d463d65234124ef7897054986dca0a174e28df758cbaa03f240616414d5a1676");
    const C1_256: [u8; 32] =
        hex_literal::hex!("54bd7255f0aaf831bec3423fcf39d69b6cbf066677d0faae5aadd99df8e53517");
    let cipher = protocol.cipher;
    let key_len = cipher.key_len();
    if terminal_nonce.len() != key_len {
        return Err(PaceError::Malformed("terminal nonce length"));
    }
    let (c0, c1): (&[u8], &[u8]) = if key_len <= 16 {
        (&C0_128, &C1_128)
    } else {
        (&C0_256, &C1_256)
    };
    // s has length l: the smallest multiple of the block size at least the key size (§4.4.3.3).
    if chip_nonce.len() != c1.len() {
        return Err(PaceError::Malformed(
            "chip nonce length for Integrated Mapping",
        ));
    }
    let block_bits = (c1.len() * 8) as u32;
    let blocks = (prime_bits + 64).div_ceil(block_bits);
    let iv = vec![0u8; cipher.block_size()];
    let mut key = Zeroizing::new(cipher.encrypt_cbc(terminal_nonce, &iv, chip_nonce)?);
    let mut out = Zeroizing::new(Vec::new());
    for _ in 0..blocks {
        key.truncate(key_len);
        out.extend_from_slice(&Zeroizing::new(cipher.encrypt_cbc(&key, &iv, c1)?));
        key = Zeroizing::new(cipher.encrypt_cbc(&key, &iv, c0)?);
    }
    Ok(out)
}
