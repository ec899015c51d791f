//! Proof of possession at device registration and key rotation: a canonical statement naming the
//! gateway, the single-use registration nonce and both new keys, signed by each of them (and, on
//! rotation, by the key being replaced).

use serde::{Deserialize, Serialize};

use super::canonical::to_canonical_json;
use super::keys::{KeyError, PublicKey};

/// What a registration (or rotation) statement is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationPurpose {
    /// A new device registers its two keys.
    Register,
    /// A registered device replaces its keys; the old user-verification key also signs.
    Rotate,
}

/// The statement every key involved in a registration signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationStatement {
    /// Format version (1).
    pub v: u32,
    /// The gateway origin.
    pub aud: String,
    /// Registration or rotation.
    pub purpose: RegistrationPurpose,
    /// The gateway's single-use nonce for this registration, base64url.
    pub nonce: String,
    /// Key id of the possession key (background calls).
    pub possession_key_id: String,
    /// Key id of the user-verification key (approvals).
    pub user_key_id: String,
}

impl RegistrationStatement {
    /// A version-1 statement.
    pub fn new(
        audience: &str,
        purpose: RegistrationPurpose,
        nonce: &str,
        possession: &PublicKey,
        user: &PublicKey,
    ) -> Self {
        Self {
            v: 1,
            aud: audience.to_owned(),
            purpose,
            nonce: nonce.to_owned(),
            possession_key_id: possession.key_id(),
            user_key_id: user.key_id(),
        }
    }

    /// The signed bytes: RFC 8785 canonical JSON.
    pub fn canonical(&self) -> Vec<u8> {
        to_canonical_json(self)
    }
}

/// The signatures that prove possession of the keys a statement names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationProof {
    /// DER ECDSA signature of the statement by the possession key.
    pub possession_signature: Vec<u8>,
    /// DER ECDSA signature of the statement by the user-verification key.
    pub user_signature: Vec<u8>,
}

impl RegistrationProof {
    /// Checks both signatures of `statement` under the keys it names.
    ///
    /// # Errors
    /// [`KeyError`] of the first signature that fails, or [`KeyError::BadSignature`] when the
    /// statement names other keys than the ones given.
    pub fn verify(
        &self,
        statement: &RegistrationStatement,
        possession: &PublicKey,
        user: &PublicKey,
    ) -> Result<(), KeyError> {
        if statement.possession_key_id != possession.key_id()
            || statement.user_key_id != user.key_id()
            || possession.key_id() == user.key_id()
        {
            return Err(KeyError::BadSignature);
        }
        let message = statement.canonical();
        possession.verify(&message, &self.possession_signature)?;
        user.verify(&message, &self.user_signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::{DerSignature, SigningKey};
    use p256::pkcs8::EncodePublicKey;

    fn pair(seed: u8) -> (SigningKey, PublicKey) {
        let signing = SigningKey::from_slice(&[seed; 32]).unwrap();
        let spki = signing.verifying_key().to_public_key_der().unwrap();
        (signing, PublicKey::from_spki_der(spki.as_bytes()).unwrap())
    }

    fn sign(key: &SigningKey, message: &[u8]) -> Vec<u8> {
        let signature: DerSignature = key.sign(message);
        signature.as_bytes().to_vec()
    }

    #[test]
    fn both_keys_must_sign_the_statement_that_names_them() {
        let (ps, pk) = pair(1);
        let (us, uk) = pair(2);
        let statement = RegistrationStatement::new(
            "https://gw.example",
            RegistrationPurpose::Register,
            "bm9uY2U",
            &pk,
            &uk,
        );
        let message = statement.canonical();
        let proof = RegistrationProof {
            possession_signature: sign(&ps, &message),
            user_signature: sign(&us, &message),
        };
        assert_eq!(proof.verify(&statement, &pk, &uk), Ok(()));
        let swapped = RegistrationProof {
            possession_signature: proof.user_signature.clone(),
            user_signature: proof.possession_signature.clone(),
        };
        assert_eq!(
            swapped.verify(&statement, &pk, &uk),
            Err(KeyError::BadSignature)
        );
        let (_, stranger) = pair(3);
        assert_eq!(
            proof.verify(&statement, &pk, &stranger),
            Err(KeyError::BadSignature)
        );
        assert_eq!(
            proof.verify(&statement, &pk, &pk),
            Err(KeyError::BadSignature)
        );
    }
}
