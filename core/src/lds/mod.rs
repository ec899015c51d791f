//! The logical data structure on the chip: file identifiers and the parsers of the files this
//! reader needs (EF.COM, DG1, DG2 and its face made displayable, DG7, DG11, DG12, DG14, DG15,
//! EF.CardAccess, EF.CardSecurity's chip keys, EF.SOD and its data-group hashes).

mod ber;
mod chip_authentication;
mod com;
mod details;
mod dg1;
mod dg15;
mod dg7;
mod ef;
mod face;
mod face_display;
mod security_infos;
mod security_object;
mod sod;

pub use ber::normalise_lengths;
pub use chip_authentication::{
    ChipAuthenticationPublicKey, card_security_infos, named_curve_parameter_id,
};
pub use com::Com;
pub use details::{DocumentDetails, PersonalDetails, parse_dg11, parse_dg12};
pub use dg1::{encode_dg1, parse_dg1};
pub use dg7::{SignatureImage, parse_dg7};
pub use dg15::{ActiveAuthenticationKey, ChipSecurityInfos, parse_dg14, parse_dg15};
pub use ef::ElementaryFile;
pub use face::{FaceImage, FaceRecordStandard, ImageFormat, parse_dg2};
pub use face_display::{
    DisplayFormat, DisplayImage, FaceDisplayError, MAX_PIXELS, MAX_SIDE, displayable_face,
};
pub use security_infos::{SecurityInfo, SecurityInfos};
pub use security_object::{
    DataGroupHash, ID_LDS_SECURITY_OBJECT, ID_SHA256, LdsSecurityObject, LdsVersionInfo,
};
pub use sod::{HashCheck, Sod, SodError, digest, parse_sod};

/// The eMRTD application identifier (ICAO 9303-10).
pub const EMRTD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];
