//! Fitting a file to an exact size, for profiles that reproduce a real document's file sizes:
//! filler that each format ignores — an unknown SecurityInfo in EF.CardAccess and DG14, a JP2
//! `free` box after the face image, a further address line in DG11, an unsigned attribute in
//! EF.SOD's SignerInfo — grown until the file has the size asked for.

use super::BuildError;
use der::asn1::ObjectIdentifier;
use egate_core::lds::ElementaryFile;
use egate_core::tlv;

/// The arc of the filler SecurityInfo and attribute: 1.3.6.1.4.1.32473 is the enterprise
/// number RFC 5612 reserves for documentation and examples.
pub(crate) const ID_FILLER: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.32473.1");

/// `build(k)` for the `k` that gives exactly `target` bytes. The size grows with `k` (with
/// steps where a DER length grows a byte), so a few corrections find it.
pub(super) fn fit(
    file: ElementaryFile,
    target: usize,
    build: impl Fn(usize) -> Result<Vec<u8>, BuildError>,
) -> Result<Vec<u8>, BuildError> {
    let mut k = 0usize;
    for _ in 0..8 {
        let len = build(k)?.len();
        if len == target {
            return build(k);
        }
        let next = (k + target).checked_sub(len);
        match next {
            Some(next) if next != k => k = next,
            _ => break,
        }
    }
    for nearby in k.saturating_sub(4)..k + 4 {
        let bytes = build(nearby)?;
        if bytes.len() == target {
            return Ok(bytes);
        }
    }
    Err(BuildError::Size {
        file: file.name(),
        target,
        smallest: build(0)?.len(),
    })
}

/// A SecurityInfo of an unknown protocol carrying `len` filler bytes (none for 0).
pub(super) fn filler_security_info(len: usize) -> Option<Vec<u8>> {
    (len > 0).then(|| {
        let mut info = tlv::encode(0x06, ID_FILLER.as_bytes());
        info.extend(tlv::encode(0x04, &vec![0; len]));
        tlv::encode(0x30, &info)
    })
}

/// A JP2 `free` box of `len` bytes in all (none below its 8-byte header).
pub(super) fn jp2_free_box(len: usize) -> Vec<u8> {
    if len < 8 {
        return Vec::new();
    }
    let mut free = (len as u32).to_be_bytes().to_vec();
    free.extend_from_slice(b"free");
    free.resize(len, 0);
    free
}
