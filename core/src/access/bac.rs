//! Basic Access Control (ICAO 9303-11 §4.3): key derivation from the MRZ, mutual
//! authentication with GET CHALLENGE / EXTERNAL AUTHENTICATE, and the session keys.

use crate::apdu::{CommandApdu, StatusWord};
use crate::card::{CardError, CardSession, PasswordKind};
use crate::crypto::{KdfCounter, SmCipher, derive_key, pad, random_bytes};
use crate::mrz::MrzKey;
use crate::sm::{SecureMessaging, SessionKeys, Ssc};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// 3DES K_enc and K_mac derived from a 16-byte seed (K_seed or KS_seed).
pub fn bac_keys(seed: &[u8]) -> (Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>) {
    (
        derive_key(SmCipher::Tdes, seed, KdfCounter::Enc),
        derive_key(SmCipher::Tdes, seed, KdfCounter::Mac),
    )
}

/// The secure-messaging session keys from KS_seed.
pub fn bac_session_keys(seed: &[u8]) -> Result<SessionKeys, CardError> {
    let (k_enc, k_mac) = bac_keys(seed);
    Ok(SessionKeys::new(SmCipher::Tdes, &k_enc, &k_mac)?)
}

/// The terminal side of BAC, with its random values fixed at construction.
pub struct BacTerminal {
    k_enc: Zeroizing<Vec<u8>>,
    k_mac: Zeroizing<Vec<u8>>,
    rnd_ifd: Zeroizing<[u8; 8]>,
    k_ifd: Zeroizing<[u8; 16]>,
}

impl std::fmt::Debug for BacTerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BacTerminal(<redacted>)")
    }
}

impl BacTerminal {
    /// A terminal with fresh random RND.IFD and K.IFD.
    pub fn new(key: &MrzKey) -> Result<Self, CardError> {
        let mut rnd_ifd = Zeroizing::new([0u8; 8]);
        let mut k_ifd = Zeroizing::new([0u8; 16]);
        random_bytes(rnd_ifd.as_mut())?;
        random_bytes(k_ifd.as_mut())?;
        Self::with_randoms(key, *rnd_ifd, *k_ifd)
    }

    /// A terminal with given RND.IFD and K.IFD (for test vectors).
    pub fn with_randoms(
        key: &MrzKey,
        rnd_ifd: [u8; 8],
        k_ifd: [u8; 16],
    ) -> Result<Self, CardError> {
        let (k_enc, k_mac) = bac_keys(&key.sha1()[..16]);
        Ok(Self {
            k_enc,
            k_mac,
            rnd_ifd: Zeroizing::new(rnd_ifd),
            k_ifd: Zeroizing::new(k_ifd),
        })
    }

    /// Runs GET CHALLENGE and EXTERNAL AUTHENTICATE and returns the secure channel.
    pub fn authenticate(&self, session: &mut CardSession) -> Result<SecureMessaging, CardError> {
        let challenge = session.transmit(&CommandApdu::new(0x00, 0x84, 0x00, 0x00).with_le(8))?;
        let rnd_ic: [u8; 8] = match (challenge.sw, challenge.data.as_slice().try_into()) {
            (StatusWord::SUCCESS, Ok(r)) => r,
            (StatusWord::SUCCESS, Err(_)) => {
                return Err(CardError::Malformed("challenge is not 8 bytes"));
            }
            (sw, _) => {
                return Err(CardError::Status {
                    command: "GET CHALLENGE",
                    sw,
                });
            }
        };
        let cipher = SmCipher::Tdes;
        let mut s = Zeroizing::new(Vec::with_capacity(32));
        s.extend_from_slice(self.rnd_ifd.as_ref());
        s.extend_from_slice(&rnd_ic);
        s.extend_from_slice(self.k_ifd.as_ref());
        let e_ifd = cipher.encrypt_cbc(&self.k_enc, &[0; 8], &s)?;
        let m_ifd = cipher.mac(&self.k_mac, &pad(&e_ifd, 8))?;
        let mut data = e_ifd;
        data.extend_from_slice(&m_ifd);
        let response = session.transmit(
            &CommandApdu::new(0x00, 0x82, 0x00, 0x00)
                .with_data(data)
                .with_le(40),
        )?;
        match response.sw {
            StatusWord::SUCCESS => {}
            StatusWord::AUTHENTICATION_FAILED | StatusWord::SECURITY_STATUS_NOT_SATISFIED => {
                return Err(CardError::AccessDenied {
                    password: PasswordKind::Mrz,
                });
            }
            sw => {
                return Err(CardError::Status {
                    command: "EXTERNAL AUTHENTICATE",
                    sw,
                });
            }
        }
        let (e_ic, m_ic) = match response.data.as_slice() {
            d if d.len() == 40 => d.split_at(32),
            _ => {
                return Err(CardError::Malformed(
                    "EXTERNAL AUTHENTICATE answer is not 40 bytes",
                ));
            }
        };
        let expected = cipher.mac(&self.k_mac, &pad(e_ic, 8))?;
        if !bool::from(expected.ct_eq(m_ic)) {
            return Err(CardError::AccessDenied {
                password: PasswordKind::Mrz,
            });
        }
        let r = Zeroizing::new(cipher.decrypt_cbc(&self.k_enc, &[0; 8], e_ic)?);
        let nonces_match = r[..8].ct_eq(&rnd_ic) & r[8..16].ct_eq(self.rnd_ifd.as_ref());
        if !bool::from(nonces_match) {
            return Err(CardError::AccessDenied {
                password: PasswordKind::Mrz,
            });
        }
        let seed: Zeroizing<Vec<u8>> = Zeroizing::new(
            self.k_ifd
                .iter()
                .zip(&r[16..32])
                .map(|(a, b)| a ^ b)
                .collect(),
        );
        let mut ssc = [0u8; 8];
        ssc[..4].copy_from_slice(&rnd_ic[4..]);
        ssc[4..].copy_from_slice(&self.rnd_ifd[4..]);
        Ok(SecureMessaging::new(
            bac_session_keys(&seed)?,
            Ssc::from_bytes(&ssc),
        ))
    }
}
