//! The CSCA trust store: certificates from PEM/DER files the operator configured, the CSCAs of
//! master lists signed by one of those, and CRLs signed by a trusted CSCA. Nothing is dropped
//! silently: every input and every rejected entry is in the load report.

use super::certificate::CertificateRecord;
use super::chain::is_self_signed;
use super::crl::CrlRecord;
use super::master_list::open_master_list;
use crate::ports::Clock;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The trusted CSCA and link certificates and the verified CRLs.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    certificates: Vec<CertificateRecord>,
    crls: Vec<CrlRecord>,
    report: LoadReport,
}

/// What loading each input gave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LoadReport {
    /// One entry per input or per rejected part of one.
    pub entries: Vec<LoadEntry>,
}

/// One load outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadEntry {
    /// The file (and entry) it came from.
    pub source: String,
    /// What happened to it.
    pub outcome: LoadOutcome,
}

/// The outcome of loading one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LoadOutcome {
    /// A trusted certificate (self-signed CSCA, or link certificate to be chained).
    Certificate {
        /// Its subject.
        subject: String,
        /// Whether it is self-signed (a trust anchor).
        self_signed: bool,
    },
    /// A master list whose signer chained to a configured CSCA.
    MasterList {
        /// Its signer.
        signer: String,
        /// How many certificates it added.
        certificates: usize,
    },
    /// A CRL whose signature verified with a trusted CSCA.
    Crl {
        /// Its issuer.
        issuer: String,
    },
    /// Refused, with the reason.
    Rejected {
        /// Why.
        reason: String,
    },
}

/// The kind of an input file, from its content.
enum Input {
    Certificates(Vec<(String, Vec<u8>)>),
    Crl(Vec<u8>),
    MasterList(Vec<u8>),
    Unknown(String),
}

fn pem_blocks(text: &str) -> Vec<Result<(String, Vec<u8>), String>> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let block = &rest[start..];
        let Some(end_marker) = block.find("-----END ") else {
            blocks.push(Err("unterminated PEM block".to_string()));
            break;
        };
        let end = block[end_marker..]
            .find("\n")
            .map_or(block.len(), |n| end_marker + n + 1);
        blocks.push(
            der::pem::decode_vec(&block.as_bytes()[..end])
                .map(|(label, der)| (label.to_string(), der))
                .map_err(|e| format!("bad PEM: {e}")),
        );
        rest = &block[end..];
    }
    blocks
}

fn classify(bytes: &[u8]) -> Input {
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.contains("-----BEGIN ")
    {
        let mut certificates = Vec::new();
        for (index, block) in pem_blocks(text).into_iter().enumerate() {
            match block {
                Ok((label, der)) if label == "CERTIFICATE" => {
                    certificates.push((format!("#{}", index + 1), der))
                }
                Ok((label, der)) if label == "X509 CRL" => return Input::Crl(der),
                Ok((label, _)) => return Input::Unknown(format!("PEM block {label}")),
                Err(reason) => return Input::Unknown(reason),
            }
        }
        return Input::Certificates(certificates);
    }
    let der = bytes.to_vec();
    if der::Decode::from_der(bytes).is_ok_and(|_: x509_cert::Certificate| true) {
        Input::Certificates(vec![(String::new(), der)])
    } else if der::Decode::from_der(bytes).is_ok_and(|_: x509_cert::crl::CertificateList| true) {
        Input::Crl(der)
    } else if der::Decode::from_der(bytes).is_ok_and(|_: cms::content_info::ContentInfo| true) {
        Input::MasterList(der)
    } else {
        Input::Unknown("neither a certificate, a CRL nor a master list".into())
    }
}

impl TrustStore {
    /// A store with nothing trusted.
    pub fn new() -> Self {
        Self::default()
    }

    /// Loads named inputs: certificates first (the operator's CSCAs), then master lists
    /// (verified against those), then CRLs (verified against everything trusted).
    pub fn from_inputs(inputs: Vec<(String, Vec<u8>)>, clock: &dyn Clock) -> Self {
        let now = clock.now_unix_seconds();
        let mut store = Self::new();
        let mut master_lists = Vec::new();
        let mut crls = Vec::new();
        for (source, bytes) in inputs {
            match classify(&bytes) {
                Input::Certificates(blocks) => {
                    for (entry, der) in blocks {
                        store.add_certificate(&format!("{source}{entry}"), &der);
                    }
                }
                Input::Crl(der) => crls.push((source, der)),
                Input::MasterList(der) => master_lists.push((source, der)),
                Input::Unknown(reason) => store.reject(&source, reason),
            }
        }
        let configured = store.certificates.clone();
        for (source, der) in master_lists {
            store.add_master_list(&source, &der, &configured, now);
        }
        for (source, der) in crls {
            match CrlRecord::verify(&der, &store.certificates) {
                Ok(crl) => {
                    store.note(
                        &source,
                        LoadOutcome::Crl {
                            issuer: crl.issuer_name(),
                        },
                    );
                    store.crls.push(crl);
                }
                Err(reason) => store.reject(&source, reason),
            }
        }
        store
    }

    /// Loads files and folders (every file directly inside a folder, sorted by name).
    pub fn from_paths(paths: &[PathBuf], clock: &dyn Clock) -> std::io::Result<Self> {
        let mut inputs = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .collect();
                files.sort();
                for file in files {
                    inputs.push((display(&file), std::fs::read(&file)?));
                }
            } else {
                inputs.push((display(path), std::fs::read(path)?));
            }
        }
        Ok(Self::from_inputs(inputs, clock))
    }

    fn note(&mut self, source: &str, outcome: LoadOutcome) {
        self.report.entries.push(LoadEntry {
            source: source.to_string(),
            outcome,
        });
    }

    fn reject(&mut self, source: &str, reason: String) {
        self.note(source, LoadOutcome::Rejected { reason });
    }

    fn add_certificate(&mut self, source: &str, der: &[u8]) {
        match CertificateRecord::from_der(der) {
            Ok(certificate) if certificate.is_ca() => {
                self.note(
                    source,
                    LoadOutcome::Certificate {
                        subject: certificate.summary().subject,
                        self_signed: is_self_signed(&certificate),
                    },
                );
                if !self.certificates.contains(&certificate) {
                    self.certificates.push(certificate);
                }
            }
            Ok(certificate) => self.reject(
                source,
                format!("{} is not a CA certificate", certificate.summary().subject),
            ),
            Err(e) => self.reject(source, format!("certificate fails strict parsing: {e}")),
        }
    }

    fn add_master_list(
        &mut self,
        source: &str,
        der: &[u8],
        configured: &[CertificateRecord],
        now: i64,
    ) {
        match open_master_list(der, configured, now) {
            Ok(list) => {
                for reason in list.rejected {
                    self.reject(source, reason);
                }
                self.note(
                    source,
                    LoadOutcome::MasterList {
                        signer: list.signer,
                        certificates: list.certificates.len(),
                    },
                );
                for (index, certificate) in list.certificates.iter().enumerate() {
                    let entry = format!("{source}#{}", index + 1);
                    let der = certificate.der().to_vec();
                    self.add_certificate(&entry, &der);
                }
            }
            Err(reason) => self.reject(source, reason),
        }
    }

    /// The trusted certificates.
    pub fn certificates(&self) -> &[CertificateRecord] {
        &self.certificates
    }

    /// The verified CRLs.
    pub fn crls(&self) -> &[CrlRecord] {
        &self.crls
    }

    /// What loading gave.
    pub fn report(&self) -> &LoadReport {
        &self.report
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
