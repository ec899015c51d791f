//! The 7-3-1 weighted check digit of ICAO 9303-3 §4.9.

/// The check digit of `field` (digits, `A`–`Z`, `<`), or `None` for any other character.
pub fn check_digit(field: &str) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    for (i, c) in field.chars().enumerate() {
        let value = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            '<' => 0,
            _ => return None,
        };
        sum += value * WEIGHTS[i % 3];
    }
    Some((sum % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_examples() {
        assert_eq!(check_digit("L898902C<"), Some(3));
        assert_eq!(check_digit("690806"), Some(1));
        assert_eq!(check_digit("940623"), Some(6));
        assert_eq!(check_digit("D23145890"), Some(7));
        assert_eq!(check_digit("<<<<<<<<<<<<<<"), Some(0));
        assert_eq!(check_digit("a"), None);
    }
}
