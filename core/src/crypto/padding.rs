//! ISO/IEC 9797-1 padding method 2 (`80 00 …` to a block boundary), as used by 9303 SM and MACs.

/// Pads `data` with `80` then zero bytes to a multiple of `block` bytes (always adds a byte).
pub fn pad(data: &[u8], block: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + block);
    out.extend_from_slice(data);
    out.push(0x80);
    while !out.len().is_multiple_of(block) {
        out.push(0);
    }
    out
}

/// Removes method-2 padding; `None` when the padding is malformed.
pub fn unpad(data: &[u8]) -> Option<&[u8]> {
    let end = data.iter().rposition(|b| *b != 0)?;
    (data[end] == 0x80).then(|| &data[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_block_and_back() {
        assert_eq!(pad(&[1, 2], 8), [1, 2, 0x80, 0, 0, 0, 0, 0]);
        assert_eq!(pad(&[0; 8], 8).len(), 16);
        assert_eq!(unpad(&pad(&[1, 0, 0x80], 16)), Some(&[1, 0, 0x80][..]));
        assert_eq!(unpad(&[1, 2, 0, 0]), None);
        assert_eq!(unpad(&[0, 0]), None);
    }
}
