//! MRZ characters: the check digit (ICAO 9303-3 §4.9), the character set, transliteration of names (Vietnamese
//! diacritics to A–Z) and the name field with truncation.

/// The filler character.
pub const FILLER: char = '<';

/// Whether `c` may appear in an MRZ (`A`–`Z`, `0`–`9`, `<`).
pub fn is_mrz_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == FILLER
}

/// ICAO 9303-3 §4.9 check digit of `field`: weights 7, 3, 1; `A`–`Z` = 10–35, `<` = 0. `None` if a character
/// is outside the MRZ set.
pub fn check_digit(field: &str) -> Option<char> {
    let mut sum = 0u32;
    for (i, c) in field.chars().enumerate() {
        let value = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            'A'..='Z' => u32::from(c) - u32::from('A') + 10,
            FILLER => 0,
            _ => return None,
        };
        let weight = [7, 3, 1][i % 3];
        sum += value * weight;
    }
    char::from_digit(sum % 10, 10)
}

/// Vietnamese (and common Latin-1) letters by the base letter they transliterate to (lowercase forms; the
/// input is lowercased first). Vietnamese has no ICAO multi-letter transliteration: marks are dropped.
const FOLDS: [(char, &str); 8] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậäåā"),
    ('e', "èéẻẽẹêềếểễệëē"),
    ('i', "ìíỉĩịîïī"),
    ('o', "òóỏõọôồốổỗộơờớởỡợöō"),
    ('u', "ùúủũụưừứửữựûüū"),
    ('y', "ỳýỷỹỵÿ"),
    ('d', "đð"),
    ('c', "ç"),
];

/// One character in MRZ form: `Some(letters)`, `Some("<")` for a separator, `None` to drop it.
fn fold(c: char) -> Option<String> {
    if c.is_ascii_alphabetic() || c.is_ascii_digit() {
        return Some(c.to_ascii_uppercase().to_string());
    }
    if c.is_whitespace() || c == '-' || c == FILLER {
        return Some(FILLER.to_string());
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'ñ' => return Some("N".into()),
        'ß' => return Some("SS".into()),
        'æ' => return Some("AE".into()),
        'ø' => return Some("OE".into()),
        'þ' => return Some("TH".into()),
        _ => {}
    }
    FOLDS.iter().find(|(_, variants)| variants.contains(lower)).map(|(base, _)| base.to_ascii_uppercase().to_string())
}

/// Text in MRZ characters: diacritics removed (`Nguyễn Văn A` → `NGUYEN<VAN<A`, `Đ` → `D`), spaces and
/// hyphens become `<`, apostrophes and anything else unmappable are dropped.
pub fn transliterate(text: &str) -> String {
    text.chars().filter_map(fold).collect()
}

/// Words of a name in MRZ letters, separated by single spaces (`Trần  thị` → `TRAN THI`).
pub fn mrz_words(text: &str) -> String {
    transliterate(text).split(FILLER).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The name field `PRIMARY<<SECONDARY<NAMES`, padded with fillers to `width`.
///
/// Too long a name is cut from the right, and trailing fillers of the cut are removed so that the field's last
/// name character is a letter (ICAO 9303-3 §4.6: an alphabetic character in the last position signals a
/// possible truncation); the primary identifier is kept whole whenever it fits.
pub fn name_field(primary: &str, secondary: &str, width: usize) -> String {
    let join = |s: &str| mrz_words(s).replace(' ', "<");
    let (p, s) = (join(primary), join(secondary));
    let mut name = if s.is_empty() { p } else { format!("{p}<<{s}") };
    if name.chars().count() > width {
        name = name.chars().take(width).collect();
        while name.ends_with(FILLER) {
            name.pop();
        }
    }
    pad(&name, width)
}

/// `text` filled with `<` to `width` characters, or cut to `width`.
pub fn pad(text: &str, width: usize) -> String {
    let mut out: String = text.chars().take(width).collect();
    let n = out.chars().count();
    out.extend(std::iter::repeat_n(FILLER, width - n));
    out
}

/// Splits a name field into primary and secondary identifiers (words space-separated).
pub fn split_name(field: &str) -> (String, String) {
    let words = |s: &str| s.split(FILLER).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    match field.split_once("<<") {
        Some((p, s)) => (words(p), words(s)),
        None => (words(field), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_from_the_standards_notes() {
        for (input, digit) in [
            ("L898902C<", '3'),
            ("L898902C3", '6'),
            ("690806", '1'),
            ("940623", '6'),
            ("740812", '2'),
            ("120415", '9'),
            ("D23145890", '7'),
            ("D23145890734", '9'),
        ] {
            assert_eq!(check_digit(input), Some(digit), "{input}");
        }
        assert_eq!(check_digit("L898902C"), check_digit("L898902C<"), "a trailing filler does not change it");
        assert_eq!(check_digit("ab"), None);
        assert_eq!(check_digit(""), Some('0'));
    }

    #[test]
    fn vietnamese_names() {
        assert_eq!(transliterate("Nguyễn Văn A"), "NGUYEN<VAN<A");
        assert_eq!(name_field("Nguyễn", "Văn A", 30), "NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<");
        assert_eq!(transliterate("ĐẶNG Thị Ánh Tuyết"), "DANG<THI<ANH<TUYET");
        assert_eq!(transliterate("Đỗ Ngọc Ư"), "DO<NGOC<U");
        assert_eq!(transliterate("Lê-Hữu O'Brien"), "LE<HUU<OBRIEN");
        assert_eq!(mrz_words("  Trần   thị "), "TRAN THI");
        for c in "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ".chars()
        {
            let t = transliterate(&c.to_string());
            assert!(t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()), "{c} -> {t}");
        }
    }

    #[test]
    fn truncation_ends_on_a_letter() {
        let f = name_field("Nguyễn", "Thị Thanh Phương Hoàng Anh Minh", 30);
        assert_eq!(f, "NGUYEN<<THI<THANH<PHUONG<HOANG");
        let f = name_field("Tôn Nữ Hoàng", "Thị Thanh Phương Anh", 30);
        assert_eq!(f, "TON<NU<HOANG<<THI<THANH<PHUONG");
        let f = name_field("Nguyễn", "Thị Thanh Phương Hoa Anh", 30);
        assert_eq!(f.len(), 30);
        assert!(f.trim_end_matches('<').ends_with(|c: char| c.is_ascii_uppercase()));
        assert_eq!(split_name("VAN<DER<STEEN<<MARIANNE<LOUISE"), ("VAN DER STEEN".into(), "MARIANNE LOUISE".into()));
        assert_eq!(split_name("ERIKSSON<<ANNA<MARIA<<<<<<<<<<"), ("ERIKSSON".into(), "ANNA MARIA".into()));
    }
}
