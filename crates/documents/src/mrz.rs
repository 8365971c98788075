//! The little MRZ arithmetic the passport document needs.
//!
//! Private on purpose: `cccd-lds` is growing a full MRZ module; once it exports a check-digit function this
//! one should go (kept separate now so the two crates can be written in parallel).

/// ICAO 9303-3 §4.9 check digit: `0`–`9` → 0–9, `A`–`Z` → 10–35, `<` → 0, weights 7, 3, 1; None if a
/// character is outside the MRZ alphabet.
pub(crate) fn check_digit(field: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in field.bytes().enumerate() {
        let value = match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'Z' => c - b'A' + 10,
            b'<' => 0,
            _ => return None,
        };
        sum += u32::from(value) * [7, 3, 1][i % 3];
    }
    Some((sum % 10) as u8)
}

/// Whether every character is in the MRZ alphabet.
pub(crate) fn is_mrz_text(s: &str) -> bool {
    s.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'<')
}

/// `s` followed by `<` up to `len` characters (longer input is returned as is).
pub(crate) fn pad(s: &str, len: usize) -> String {
    let mut out = s.to_owned();
    while out.len() < len {
        out.push('<');
    }
    out
}

/// Vietnamese letters (precomposed, lower case) and the Latin letter ICAO 9303-3 §6 transliterates them to.
const VIETNAMESE: [(&str, char); 7] = [
    ("àáảãạăằắẳẵặâầấẩẫậ", 'A'),
    ("èéẻẽẹêềếểễệ", 'E'),
    ("ìíỉĩị", 'I'),
    ("òóỏõọôồốổỗộơờớởỡợ", 'O'),
    ("ùúủũụưừứửữự", 'U'),
    ("ỳýỷỹỵ", 'Y'),
    ("đ", 'D'),
];

/// A name as the MRZ writes it: upper case without diacritics, spaces and hyphens as `<`, other punctuation
/// and combining marks dropped.
pub(crate) fn transliterate(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out = String::new();
    for c in words.join(" ").chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if c == ' ' || c == '-' {
            out.push('<');
        } else if let Some((_, base)) = VIETNAMESE.iter().find(|(letters, _)| letters.contains(lower)) {
            out.push(*base);
        }
    }
    out
}

/// The 39-character TD3 name field: `PRIMARY<<SECONDARY<NAMES`, padded; Err(the primary identifier) when the full form does not fit
/// (ICAO truncation rules are then needed, which this does not implement).
pub(crate) fn name_field(surname: &str, given_names: &str) -> Result<String, String> {
    let primary = transliterate(surname);
    let secondary = transliterate(given_names);
    let full = if secondary.is_empty() { primary.clone() } else { format!("{primary}<<{secondary}") };
    if full.len() <= 39 { Ok(pad(&full, 39)) } else { Err(primary) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_check_digit_vectors() {
        // standards.md §2.1
        for (field, digit) in [
            ("L898902C<", 3),
            ("L898902C3", 6),
            ("690806", 1),
            ("940623", 6),
            ("740812", 2),
            ("120415", 9),
            ("D23145890", 7),
            ("D23145890734", 9),
        ] {
            assert_eq!(check_digit(field), Some(digit), "{field}");
        }
        assert_eq!(check_digit("ab"), None);
    }

    #[test]
    fn vietnamese_names_transliterate() {
        assert_eq!(transliterate("Nguyễn"), "NGUYEN");
        assert_eq!(transliterate("  Đặng  Thị Hồng-Nhung "), "DANG<THI<HONG<NHUNG");
        assert_eq!(transliterate("TRƯƠNG Ngọc Ánh"), "TRUONG<NGOC<ANH");
        // Decomposed form (e + combining circumflex + combining dot below).
        assert_eq!(transliterate("Le\u{0302}\u{0323}"), "LE");
        assert_eq!(name_field("Nguyễn", "Văn An").unwrap(), pad("NGUYEN<<VAN<AN", 39));
        assert_eq!(name_field("A", &"B ".repeat(30)).unwrap_err(), "A");
    }
}
