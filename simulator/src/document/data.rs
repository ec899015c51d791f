//! What a simulated document says about its holder, and the built-in documents.

use super::{AaKeyKind, CaKeyKind, CloneMode};
use crate::pki::TestSigner;
use egate_core::lds::ElementaryFile;
use egate_core::mrz::{Mrz, MrzFormat};
use egate_core::pace::{Agreement, Mapping, PaceProtocol, STANDARD_PARAMETER_IDS};
use std::collections::BTreeMap;

/// Which face image DG2 holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceFormat {
    /// A 15 KB baseline JPEG.
    Jpeg,
    /// A 15 KB JPEG 2000 image in a JP2 container.
    Jpeg2000,
    /// A 39 KB JPEG, making DG2 larger than 32 767 bytes.
    JpegLarge,
}

/// DG11 content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalDetails {
    /// Full name in national characters, `SURNAME<<GIVEN NAMES`.
    pub full_name: String,
    /// Personal number (e.g. the Turkish citizen id).
    pub personal_number: String,
    /// Full date of birth, `YYYYMMDD`.
    pub full_date_of_birth: String,
    /// Place of birth.
    pub place_of_birth: String,
    /// Address, parts separated by `<`.
    pub address: String,
    /// Telephone.
    pub telephone: String,
    /// Profession.
    pub profession: String,
}

impl PersonalDetails {
    /// These details with one more address line of `len` filler characters (none for 0).
    pub fn with_address_filler(&self, len: usize) -> Self {
        let mut padded = self.clone();
        if len > 0 {
            padded.address.push('<');
            padded.address.extend(std::iter::repeat_n('X', len - 1));
        }
        padded
    }
}

/// DG12 content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuingDetails {
    /// Issuing authority.
    pub authority: String,
    /// Date of issue, `YYYYMMDD`.
    pub date_of_issue: String,
}

/// A simulated document.
#[derive(Debug, Clone)]
pub struct DocumentData {
    /// The MRZ (also DG1).
    pub mrz: Mrz,
    /// The face image format in DG2.
    pub face: FaceFormat,
    /// DG11.
    pub personal: PersonalDetails,
    /// DG12.
    pub issuing: IssuingDetails,
    /// Encode EF.SOD with an indefinite outer length, as some passports do.
    pub sod_indefinite_length: bool,
    /// The PACE protocols the chip offers (EF.CardAccess), strongest choice left to the reader.
    pub pace: Vec<PaceOffering>,
    /// The card access number printed on the document.
    pub can: String,
    /// The document signer of EF.SOD and EF.CardSecurity.
    pub signer: TestSigner,
    /// The kind of Active Authentication key (DG15).
    pub active_authentication: AaKeyKind,
    /// How the chip is a clone of the document, if it is one.
    pub clone_mode: Option<CloneMode>,
    /// The kind of Chip Authentication key (DG14).
    pub chip_authentication: CaKeyKind,
    /// Whether the document has DG14 (Chip Authentication); older passports prove their chip
    /// with Active Authentication alone.
    pub dg14: bool,
    /// The data groups the document has, when not all it can build.
    pub data_groups: Option<Vec<u8>>,
    /// Exact file sizes to reach with filler the formats ignore.
    pub file_sizes: BTreeMap<ElementaryFile, usize>,
}

/// One PACE protocol on standardized domain parameters, as a PACEInfo offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceOffering {
    /// The protocol.
    pub protocol: PaceProtocol,
    /// The standardized domain parameter ID.
    pub parameter_id: u8,
}

impl PaceOffering {
    /// Every defined combination of protocol and standardized parameters (ICAO 9303-11 Tables 2
    /// and 3 × §9.5.1), Integrated Mapping on P-224 excepted.
    pub fn matrix() -> Vec<PaceOffering> {
        let mut all = Vec::new();
        for protocol in PaceProtocol::all() {
            for parameter_id in STANDARD_PARAMETER_IDS {
                let dh = parameter_id <= 2;
                if dh != (protocol.agreement == Agreement::Dh)
                    || (parameter_id == 10 && protocol.mapping == Mapping::Integrated)
                {
                    continue;
                }
                all.push(PaceOffering {
                    protocol,
                    parameter_id,
                });
            }
        }
        all
    }

    /// The short name, e.g. `ecdh-gm-aes128-13`.
    pub fn name(&self) -> String {
        format!(
            "{}-{}-{}-{}",
            self.protocol.agreement.short_name().to_lowercase(),
            self.protocol.mapping.short_name().to_lowercase(),
            self.protocol.cipher.name().replace('-', "").to_lowercase(),
            self.parameter_id
        )
    }

    /// The offering named `name` (see [`PaceOffering::name`]).
    pub fn parse(name: &str) -> Option<PaceOffering> {
        Self::matrix().into_iter().find(|o| o.name() == name)
    }
}

impl DocumentData {
    /// A Turkish-style TD1 identity card with a long personal number in the optional data.
    pub fn td1_id() -> Self {
        Self {
            mrz: Mrz {
                format: MrzFormat::Td1,
                document_code: "I".into(),
                issuing_state: "TUR".into(),
                document_number: "A12Z34567".into(),
                surname: "YILDIZ".into(),
                given_names: "ELIF<NAZ".into(),
                nationality: "TUR".into(),
                date_of_birth: "900315".into(),
                sex: "F".into(),
                date_of_expiry: "310314".into(),
                optional_data: "10000000146".into(),
                optional_data_2: String::new(),
            },
            face: FaceFormat::Jpeg2000,
            personal: PersonalDetails {
                full_name: "YILDIZ<<ELİF NAZ".into(),
                personal_number: "10000000146".into(),
                full_date_of_birth: "19900315".into(),
                place_of_birth: "ANKARA".into(),
                address: "ATATÜRK BULVARI NO 1<ÇANKAYA<ANKARA".into(),
                telephone: "+905550000000".into(),
                profession: "MÜHENDİS".into(),
            },
            issuing: IssuingDetails {
                authority: "T.C. İÇİŞLERİ BAKANLIĞI".into(),
                date_of_issue: "20210315".into(),
            },
            sod_indefinite_length: false,
            pace: ["ecdh-cam-aes128-13", "ecdh-gm-aes128-13"]
                .iter()
                .filter_map(|name| PaceOffering::parse(name))
                .collect(),
            can: "123456".into(),
            signer: TestSigner::Bp384,
            active_authentication: AaKeyKind::EcdsaP256,
            clone_mode: None,
            chip_authentication: CaKeyKind::EcdhP256,
            dg14: true,
            data_groups: None,
            file_sizes: BTreeMap::new(),
        }
    }

    /// The ICAO specimen passport holder (Utopia), valid until 2034.
    pub fn td3_passport(face: FaceFormat, sod_indefinite_length: bool) -> Self {
        Self {
            mrz: Mrz {
                format: MrzFormat::Td3,
                document_code: "P".into(),
                issuing_state: "UTO".into(),
                document_number: "L898902C3".into(),
                surname: "ERIKSSON".into(),
                given_names: "ANNA<MARIA".into(),
                nationality: "UTO".into(),
                date_of_birth: "740812".into(),
                sex: "F".into(),
                date_of_expiry: "340415".into(),
                optional_data: "ZE184226B".into(),
                optional_data_2: String::new(),
            },
            face,
            personal: PersonalDetails {
                full_name: "ERIKSSON<<ANNA MARIA".into(),
                personal_number: "ZE184226B".into(),
                full_date_of_birth: "19740812".into(),
                place_of_birth: "ZENITH".into(),
                address: "1 MAIN STREET<ZENITH".into(),
                telephone: "+10000000000".into(),
                profession: "TRAVEL AGENT".into(),
            },
            issuing: IssuingDetails {
                authority: "UTOPIA PASSPORT OFFICE".into(),
                date_of_issue: "20240416".into(),
            },
            sod_indefinite_length,
            pace: Vec::new(),
            can: "654321".into(),
            signer: TestSigner::RsaPkcs1,
            active_authentication: AaKeyKind::Rsa2048,
            clone_mode: None,
            chip_authentication: CaKeyKind::EcdhP256,
            dg14: true,
            data_groups: None,
            file_sizes: BTreeMap::new(),
        }
    }
}
