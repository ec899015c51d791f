//! The terminal (PCD) side of one PACE run over a card session: MSE:Set AT, the four GENERAL
//! AUTHENTICATE steps, every check on what the chip sends, and secure messaging on success.

use super::cam::{CamEvidence, decrypt_chip_authentication_data};
use super::commands::{dynamic_authentication_data, general_authenticate, mse_set_at, required};
use super::keys::{
    SessionSecrets, authentication_token, decrypt_nonce, integrated_mapping_octets, password_key,
};
use super::{Mapping, PaceError, PaceGroup, PaceProtocol, Secret, standard_group};
use crate::access::AccessKey;
use crate::apdu::{CommandApdu, StatusWord};
use crate::card::{CardError, CardSession, PasswordKind};
use crate::crypto::random_bytes;
use crate::sm::{SecureMessaging, Ssc};
use crate::tlv;
use subtle::ConstantTimeEq;
use tracing::debug;
use zeroize::Zeroizing;

/// Secrets the terminal would otherwise draw at random; fixing them reproduces worked examples.
/// For tests only: a production terminal never fixes them.
#[doc(hidden)]
#[derive(Default)]
pub struct TerminalSecrets {
    /// SK_map,PCD of the Generic and Chip Authentication Mappings.
    pub mapping_secret: Option<Secret>,
    /// SK_eph,PCD of the key agreement.
    pub ephemeral_secret: Option<Secret>,
    /// The nonce t of the Integrated Mapping.
    pub terminal_nonce: Option<Zeroizing<Vec<u8>>>,
}

impl std::fmt::Debug for TerminalSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TerminalSecrets(<redacted>)")
    }
}

/// What a successful PACE run established.
#[derive(Debug)]
pub struct PaceSession {
    /// The protocol run.
    pub protocol: PaceProtocol,
    /// The standardized domain parameter ID.
    pub parameter_id: u8,
    /// The name of the group, e.g. `brainpoolP256r1`.
    pub group: &'static str,
    /// The secure channel keyed by KS_enc and KS_mac, SSC zero.
    pub secure_messaging: SecureMessaging,
    /// For Chip Authentication Mapping, what authenticates the chip once its static key is
    /// verified by passive authentication.
    pub cam: Option<CamEvidence>,
}

/// One PACE run with a chosen protocol and parameter set.
#[derive(Debug)]
pub struct PaceTerminal<'a> {
    password: &'a AccessKey,
    protocol: PaceProtocol,
    parameter_id: u8,
    group: Box<dyn PaceGroup>,
    secrets: TerminalSecrets,
}

struct Mapped {
    generator: Vec<u8>,
    chip_mapping_key: Option<Vec<u8>>,
}

impl<'a> PaceTerminal<'a> {
    /// A run of `protocol` on standardized parameters `parameter_id` with `password`.
    pub fn new(
        password: &'a AccessKey,
        protocol: PaceProtocol,
        parameter_id: u8,
    ) -> Result<Self, PaceError> {
        let group = standard_group(parameter_id)?;
        if PaceProtocol::from_oid(&protocol.oid()).is_none() {
            return Err(PaceError::NoUsableProtocol(format!(
                "{protocol} is not defined"
            )));
        }
        if group.agreement() != protocol.agreement {
            return Err(PaceError::NoUsableProtocol(format!(
                "{protocol} does not run on {}",
                group.name()
            )));
        }
        Ok(Self {
            password,
            protocol,
            parameter_id,
            group,
            secrets: TerminalSecrets::default(),
        })
    }

    /// The same run with some secrets fixed (for worked examples and tests only).
    #[doc(hidden)]
    pub fn with_secrets(mut self, secrets: TerminalSecrets) -> Self {
        self.secrets = secrets;
        self
    }

    /// Whether this run needs extended-length APDUs (public keys too long for short APDUs).
    pub fn needs_extended_length(&self) -> bool {
        tlv::encode(0x7C, &tlv::encode(0x83, &vec![0; self.group.element_len()])).len() > 255
    }

    /// Runs PACE and starts secure messaging on `session`.
    pub fn run(mut self, session: &mut CardSession) -> Result<PaceSession, CardError> {
        debug!(protocol = %self.protocol, parameter_id = self.parameter_id, "PACE");
        let password = self.password.kind();
        self.select(session, password)?;
        let k_pi = password_key(&self.protocol, self.password);
        let encrypted_nonce = self.step(session, None, false, 0x80, "encrypted nonce")?;
        let nonce = decrypt_nonce(&self.protocol, &k_pi, &encrypted_nonce)?;
        let mapped = self.map(session, &nonce)?;

        let ephemeral = match self.secrets.ephemeral_secret.take() {
            Some(fixed) => self.group.check_secret(&fixed)?,
            None => self.group.random_secret()?,
        };
        let own_key = self
            .group
            .multiply(&mapped.generator, &ephemeral, "mapped generator")?;
        let chip_key = self.step(
            session,
            Some((0x83, &own_key)),
            false,
            0x84,
            "ephemeral key",
        )?;
        self.group.validate(&chip_key, "ephemeral public key")?;
        if self.reflects(&chip_key, &own_key) {
            return Err(PaceError::ReflectedPublicKey.into());
        }
        let shared = self
            .group
            .multiply(&chip_key, &ephemeral, "ephemeral public key")?;
        let keys = SessionSecrets::derive(&self.protocol, &self.group.shared_secret(&shared));

        let token = authentication_token(&self.protocol, &keys.mac, &chip_key)?;
        let objects = self.final_step(session, &token, password)?;
        let chip_token = required(&objects, 0x86, "chip authentication token")?;
        let expected = authentication_token(&self.protocol, &keys.mac, &own_key)?;
        if !bool::from(chip_token.as_slice().ct_eq(&expected)) {
            return Err(PaceError::TokenMismatch.into());
        }
        let cam = match self.protocol.mapping {
            Mapping::ChipAuthentication => {
                let encrypted = required(&objects, 0x8A, "encrypted chip authentication data")?;
                Some(CamEvidence {
                    chip_authentication_data: decrypt_chip_authentication_data(
                        self.protocol.cipher,
                        &keys.enc,
                        &encrypted,
                    )?,
                    chip_mapping_key: mapped.chip_mapping_key.unwrap_or_default(),
                })
            }
            _ => None,
        };
        Ok(PaceSession {
            protocol: self.protocol,
            parameter_id: self.parameter_id,
            group: self.group.name(),
            secure_messaging: SecureMessaging::new(
                keys.secure_messaging_keys(&self.protocol)?,
                Ssc::zero(self.protocol.cipher),
            ),
            cam,
        })
    }

    /// Whether the chip's key is the terminal's own (in any encoding of it). Compared on the
    /// shared-secret form, which for a curve also catches the negated point.
    fn reflects(&self, chip_key: &[u8], own_key: &[u8]) -> bool {
        self.group
            .shared_secret(chip_key)
            .ct_eq(&self.group.shared_secret(own_key))
            .into()
    }

    fn select(&self, session: &mut CardSession, password: PasswordKind) -> Result<(), CardError> {
        let command = mse_set_at(&self.protocol, password, Some(self.parameter_id));
        let sw = session.transmit(&command)?.sw;
        // 63C0: no tries left, the password is blocked.
        if sw == StatusWord(0x63C0) {
            return Err(CardError::AccessDenied { password });
        }
        // 63Cx reports the password's remaining tries; the protocol is selected all the same.
        if sw.is_success() || sw.sw1() == 0x63 {
            Ok(())
        } else {
            Err(CardError::Status {
                command: "MSE:Set AT",
                sw,
            })
        }
    }

    /// Nonce mapping: the generator Ĝ both sides continue with.
    fn map(&mut self, session: &mut CardSession, nonce: &[u8]) -> Result<Mapped, CardError> {
        match self.protocol.mapping {
            Mapping::Generic | Mapping::ChipAuthentication => {
                let secret = match self.secrets.mapping_secret.take() {
                    Some(fixed) => self.group.check_secret(&fixed)?,
                    None => self.group.random_secret()?,
                };
                let generator = self.group.generator();
                let own_key = self.group.multiply(&generator, &secret, "generator")?;
                let chip_key =
                    self.step(session, Some((0x81, &own_key)), false, 0x82, "mapping key")?;
                self.group.validate(&chip_key, "mapping public key")?;
                if self.reflects(&chip_key, &own_key) {
                    return Err(PaceError::ReflectedPublicKey.into());
                }
                let h = self
                    .group
                    .multiply(&chip_key, &secret, "mapping public key")?;
                Ok(Mapped {
                    generator: self.group.generic_map(nonce, &h)?,
                    chip_mapping_key: Some(chip_key),
                })
            }
            Mapping::Integrated => {
                let t = match self.secrets.terminal_nonce.take() {
                    Some(fixed) => fixed,
                    None => {
                        let mut t = Zeroizing::new(vec![0u8; self.protocol.key_len()]);
                        random_bytes(&mut t)?;
                        t
                    }
                };
                self.exchange(session, Some((0x81, &t)), false)?;
                let octets =
                    integrated_mapping_octets(&self.protocol, nonce, &t, self.group.prime_bits())?;
                Ok(Mapped {
                    generator: self.group.integrated_map(&octets)?,
                    chip_mapping_key: None,
                })
            }
        }
    }

    /// One chained GENERAL AUTHENTICATE step whose answer must carry `expected_tag`.
    fn step(
        &self,
        session: &mut CardSession,
        object: Option<(u32, &[u8])>,
        last: bool,
        expected_tag: u32,
        what: &'static str,
    ) -> Result<Vec<u8>, CardError> {
        let objects = self.exchange(session, object, last)?;
        Ok(required(&objects, expected_tag, what)?)
    }

    fn exchange(
        &self,
        session: &mut CardSession,
        object: Option<(u32, &[u8])>,
        last: bool,
    ) -> Result<Vec<(u32, Vec<u8>)>, CardError> {
        let command = general_authenticate(object, last, self.needs_extended_length());
        let response = session.transmit(&command)?;
        check_step_status(&command, response.sw)?;
        Ok(dynamic_authentication_data(&response.data)?)
    }

    /// Mutual authentication: a refusal here means the chip's token check failed, i.e. the
    /// password was wrong.
    fn final_step(
        &self,
        session: &mut CardSession,
        token: &[u8],
        password: PasswordKind,
    ) -> Result<Vec<(u32, Vec<u8>)>, CardError> {
        let command = general_authenticate(Some((0x85, token)), true, false);
        let response = session.transmit(&command)?;
        let sw = response.sw;
        if sw == StatusWord::AUTHENTICATION_FAILED
            || sw.sw1() == 0x63
            || sw == StatusWord::SECURITY_STATUS_NOT_SATISFIED
        {
            return Err(CardError::AccessDenied { password });
        }
        check_step_status(&command, sw)?;
        Ok(dynamic_authentication_data(&response.data)?)
    }
}

fn check_step_status(command: &CommandApdu, sw: StatusWord) -> Result<(), CardError> {
    if sw.is_success() {
        Ok(())
    } else if sw == StatusWord::WRONG_LENGTH && command.needs_extended_length() {
        Err(PaceError::ExtendedLengthRefused.into())
    } else {
        Err(CardError::Status {
            command: "GENERAL AUTHENTICATE",
            sw,
        })
    }
}
