//! QR codes in camera frames for the shells: the luma (Y) plane exactly as CameraX or
//! AVFoundation hands it over, row stride included; the texts found go to the login flows.
//! Called on the camera's analysis thread, it never blocks on I/O.

use egate_core::qr::{ScanError, scan_frame};

/// Why a frame could not be searched.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum QrScanError {
    /// The dimensions do not fit the bytes given (or a side is zero or too large).
    #[error("the frame's dimensions do not fit its data: {reason}")]
    BadFrame {
        /// The dimensions and length seen.
        reason: String,
    },
}

impl From<ScanError> for QrScanError {
    fn from(error: ScanError) -> Self {
        Self::BadFrame {
            reason: error.to_string(),
        }
    }
}

/// The texts of every QR code in an 8-bit greyscale frame of `height` rows of `stride` bytes
/// (the first `width` of each row being pixels). No code gives an empty list.
///
/// # Errors
/// [`QrScanError::BadFrame`] when the dimensions do not fit `luma`.
#[uniffi::export]
pub fn scan_qr_frame(
    luma: Vec<u8>,
    width: u32,
    height: u32,
    stride: u32,
) -> Result<Vec<String>, QrScanError> {
    let size = |value: u32| usize::try_from(value).unwrap_or(usize::MAX);
    Ok(scan_frame(&luma, size(width), size(height), size(stride))?)
}
