//! The machine readable zone: TD1 (3 × 30, ID cards such as the CCCD), TD2 (2 × 36) and TD3 (2 × 44), built from
//! typed fields and parsed back with every check digit reported rather than enforced, so a verifier can say which
//! one is wrong (ICAO 9303-3 §4.9, 9303-4, -5, -6).

use serde::{Deserialize, Serialize};

use crate::mrz_text::{FILLER, check_digit, is_mrz_char, mrz_words, name_field, pad, split_name, transliterate};
use crate::{Date, LdsError, PersonalNumber, Sex, Validation};

const FILE: &str = "MRZ";

/// The three machine readable zone sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MrzFormat {
    /// 3 lines of 30 (ID-1 card).
    Td1,
    /// 2 lines of 36.
    Td2,
    /// 2 lines of 44 (passport).
    Td3,
}

impl MrzFormat {
    pub fn line_len(self) -> usize {
        match self {
            Self::Td1 => 30,
            Self::Td2 => 36,
            Self::Td3 => 44,
        }
    }

    pub fn line_count(self) -> usize {
        if self == Self::Td1 { 3 } else { 2 }
    }

    /// Characters without line breaks: 90, 72 or 88 (DG1 stores the MRZ this way).
    pub fn total_len(self) -> usize {
        self.line_len() * self.line_count()
    }

    /// The format whose unbroken length is `len`.
    pub fn from_total_len(len: usize) -> Option<Self> {
        [Self::Td1, Self::Td2, Self::Td3].into_iter().find(|f| f.total_len() == len)
    }

    /// Width of the name field.
    fn name_len(self) -> usize {
        match self {
            Self::Td1 => 30,
            Self::Td2 => 31,
            Self::Td3 => 39,
        }
    }

    /// Width of the optional data field that follows the document number (TD1 line 1, TD2/TD3 line 2).
    fn optional_len(self) -> usize {
        match self {
            Self::Td1 => 15,
            Self::Td2 => 7,
            Self::Td3 => 14,
        }
    }
}

/// The fields of an MRZ in MRZ characters (`A`–`Z`, `0`–`9`; words of names separated by spaces).
///
/// Encoding never fails: characters outside the MRZ set are transliterated or replaced by fillers and
/// over-long fields are cut, and [`Mrz::validate`] reports each such problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mrz {
    pub format: MrzFormat,
    /// Positions 1–2, fillers kept (`ID`, `I<`, `P<`).
    pub document_code: String,
    /// Issuing state or organization (`VNM`).
    pub issuing_state: String,
    /// Without trailing fillers; TD1/TD2 numbers longer than 9 characters continue in the optional data
    /// (ICAO 9303-5 §4.2.2 note j).
    pub document_number: String,
    /// `YYMMDD` (the MRZ has no century; `<` for unknown parts is allowed by ICAO).
    pub birth_date: String,
    pub sex: Sex,
    /// `YYMMDD`.
    pub expiry_date: String,
    pub nationality: String,
    /// TD1 line 1 positions 16–30 (after any long-number continuation), TD2 line 2 positions 29–35, TD3 personal
    /// number (positions 29–42); trailing fillers removed.
    pub optional_data: String,
    /// TD1 line 2 positions 19–29, trailing fillers removed; empty for TD2/TD3.
    #[serde(default)]
    pub optional_data_2: String,
    /// Surname words, space-separated.
    pub primary_identifier: String,
    /// Given-name words, space-separated.
    pub secondary_identifier: String,
}

/// Which check digit a [`CheckDigit`] report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckField {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    /// TD3 position 43: the personal number / optional data.
    OptionalData,
    Composite,
    /// CCCD TD1 line 1 position 30: the check digit of the 12-digit personal number (positions 16–27).
    VnPersonalNumber,
}

/// One check digit as found and as recomputed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckDigit {
    pub field: CheckField,
    pub found: char,
    /// `None` when the protected characters are not all MRZ characters.
    pub computed: Option<char>,
    pub ok: bool,
}

impl CheckDigit {
    fn new(field: CheckField, found: char, over: &str) -> Self {
        let computed = check_digit(over);
        Self { field, found, computed, ok: computed == Some(found) }
    }
}

/// A parsed MRZ with the result of every check digit it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedMrz {
    pub mrz: Mrz,
    pub checks: Vec<CheckDigit>,
}

impl ParsedMrz {
    /// The check digits that do not verify.
    pub fn failed(&self) -> impl Iterator<Item = &CheckDigit> {
        self.checks.iter().filter(|c| !c.ok)
    }

    pub fn all_ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }
}

/// The BAC/PACE `MRZ_information` (ICAO 9303-11 §9.7.1.1): document number (filled to 9 characters, or in
/// full when longer) ‖ its check digit ‖ date of birth ‖ check ‖ expiry ‖ check.
///
/// # Errors
/// [`LdsError::Invalid`] when a field holds characters outside the MRZ set or a date is not 6 characters.
pub fn mrz_information(document_number: &str, birth_yymmdd: &str, expiry_yymmdd: &str) -> Result<String, LdsError> {
    let number = if document_number.len() < 9 { pad(document_number, 9) } else { document_number.to_owned() };
    let mut out = String::with_capacity(24);
    for (what, field, len) in [
        ("document number", number.as_str(), None),
        ("date of birth", birth_yymmdd, Some(6)),
        ("date of expiry", expiry_yymmdd, Some(6)),
    ] {
        let digit = check_digit(field).filter(|_| len.is_none_or(|n| field.len() == n));
        let digit = digit.ok_or_else(|| LdsError::invalid(FILE, what, format!("{field:?} is not an MRZ field")))?;
        out.push_str(field);
        out.push(digit);
    }
    Ok(out)
}

/// `s[a..b]`, or empty (inputs are checked to be ASCII before slicing, so this never splits a character).
fn seg(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or_default()
}

fn nth(s: &str, i: usize) -> char {
    s.as_bytes().get(i).map_or(FILLER, |&b| char::from(b))
}

fn trim_fillers(s: &str) -> String {
    s.trim_end_matches(FILLER).to_owned()
}

/// Field text in MRZ characters, everything else turned into fillers, cut/padded to `width`.
fn field(text: &str, width: usize) -> String {
    let mapped: String = transliterate(text).chars().map(|c| if is_mrz_char(c) { c } else { FILLER }).collect();
    pad(&mapped, width)
}

impl Mrz {
    /// The chip MRZ of a CCCD (standards notes §3.3): `ID` `VNM`, document number = last 9 digits of the personal
    /// number, optional data = the 12 digits + `<<` + their check digit, nationality `VNM`; the Vietnamese name
    /// (family name first) transliterated to `SURNAME<<GIVEN<NAMES`.
    pub fn vietnamese(number: &PersonalNumber, full_name: &str, birth: Date, sex: Sex, expiry: Date) -> Self {
        let words = mrz_words(full_name);
        let (surname, given) = words.split_once(' ').unwrap_or((words.as_str(), ""));
        let pin = number.as_str();
        let pin_check = check_digit(pin).unwrap_or('0');
        Self {
            format: MrzFormat::Td1,
            document_code: "ID".into(),
            issuing_state: "VNM".into(),
            document_number: number.document_number().into(),
            birth_date: birth.to_yymmdd(),
            sex,
            expiry_date: expiry.to_yymmdd(),
            nationality: "VNM".into(),
            optional_data: format!("{pin}<<{pin_check}"),
            optional_data_2: String::new(),
            primary_identifier: surname.into(),
            secondary_identifier: given.into(),
        }
    }

    /// The 12-digit personal number of a CCCD MRZ (TD1, `VNM`, optional data starting with 12 digits).
    pub fn vn_personal_number(&self) -> Option<&str> {
        let digits = self.optional_data.get(..12)?;
        let vn = self.format == MrzFormat::Td1 && self.issuing_state == "VNM";
        (vn && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
    }

    /// `MRZ_information` for BAC/PACE key derivation.
    ///
    /// # Errors
    /// As [`mrz_information`].
    pub fn mrz_information(&self) -> Result<String, LdsError> {
        mrz_information(&self.document_number, &self.birth_date, &self.expiry_date)
    }

    /// The MRZ as its lines (each exactly `line_len` characters), check digits computed.
    pub fn lines(&self) -> Vec<String> {
        let text = self.to_text();
        let n = self.format.line_len();
        (0..self.format.line_count()).map(|i| seg(&text, i * n, (i + 1) * n).to_owned()).collect()
    }

    /// The MRZ without line breaks (as DG1 stores it): 90, 72 or 88 characters.
    pub fn to_text(&self) -> String {
        let f = self.format;
        let code = field(&self.document_code, 2);
        let state = field(&self.issuing_state, 3);
        let birth = field(&self.birth_date, 6);
        let expiry = field(&self.expiry_date, 6);
        let nationality = field(&self.nationality, 3);
        let name = name_field(&self.primary_identifier, &self.secondary_identifier, f.name_len());
        let (number, number_check, optional) = self.number_fields();
        let dig = |s: &str| check_digit(s).unwrap_or('0');
        match f {
            MrzFormat::Td1 => {
                let line1 = format!("{code}{state}{number}{number_check}{optional}");
                let head = format!("{birth}{}{}", dig(&birth), self.sex.mrz_char());
                let mid = format!("{expiry}{}{nationality}", dig(&expiry));
                let opt2 = field(&self.optional_data_2, 11);
                let composite = format!("{}{}{}{}", seg(&line1, 5, 30), seg(&head, 0, 7), seg(&mid, 0, 7), opt2);
                format!("{line1}{head}{mid}{opt2}{}{name}", dig(&composite))
            }
            MrzFormat::Td2 | MrzFormat::Td3 => {
                let mut line2 = format!(
                    "{number}{number_check}{nationality}{birth}{}{}{expiry}{}",
                    dig(&birth),
                    self.sex.mrz_char(),
                    dig(&expiry)
                );
                line2.push_str(&optional);
                if f == MrzFormat::Td3 {
                    // An all-filler personal number may carry `<` or `0` as its check digit; we write `0`.
                    line2.push(dig(&optional));
                }
                let composite =
                    format!("{}{}{}", seg(&line2, 0, 10), seg(&line2, 13, 20), seg(&line2, 21, line2.len()));
                line2.push(dig(&composite));
                format!("{code}{state}{name}{line2}")
            }
        }
    }

    /// Document number field (9), its check character and the optional data field, applying the long-number rule.
    fn number_fields(&self) -> (String, char, String) {
        let f = self.format;
        let number: String = field(&self.document_number, 64).trim_end_matches(FILLER).into();
        if number.len() > 9 && f != MrzFormat::Td3 {
            let (head, rest) = number.split_at(9);
            let check = check_digit(&number).unwrap_or('0');
            let optional = field(&format!("{rest}{check}<{}", self.optional_data), f.optional_len());
            (head.into(), FILLER, optional)
        } else {
            let number = pad(&number, 9);
            let check = check_digit(&number).unwrap_or('0');
            (number, check, field(&self.optional_data, f.optional_len()))
        }
    }

    /// Parses an MRZ given as lines (separated by line breaks) or unbroken; the format comes from the length.
    ///
    /// # Errors
    /// [`LdsError::Invalid`] for a length that is no MRZ format, characters outside the MRZ set or an
    /// unknown sex character. Wrong check digits are not errors: see [`ParsedMrz::checks`].
    pub fn parse(text: &str) -> Result<ParsedMrz, LdsError> {
        let text: String = text.chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
        let len = text.chars().count();
        let format = MrzFormat::from_total_len(len)
            .ok_or_else(|| LdsError::invalid(FILE, "length", format!("{len} characters is not 90, 72 or 88")))?;
        if let Some(bad) = text.chars().find(|&c| !is_mrz_char(c)) {
            return Err(LdsError::invalid(FILE, "characters", format!("{bad:?} is not an MRZ character")));
        }
        match format {
            MrzFormat::Td1 => Self::parse_td1(&text),
            MrzFormat::Td2 | MrzFormat::Td3 => Self::parse_two_line(&text, format),
        }
    }

    fn sex_at(s: &str, i: usize) -> Result<Sex, LdsError> {
        let c = nth(s, i);
        Sex::from_mrz_char(c).ok_or_else(|| LdsError::invalid(FILE, "sex", format!("{c:?} is not M, F, X or <")))
    }

    /// Splits a document number field + check character + optional data into (number, check char, check
    /// input, optional data), undoing the long-number rule when the check character is a filler.
    fn long_number(number_field: &str, check: char, optional: &str) -> (String, char, String, String) {
        let number = trim_fillers(number_field);
        if check == FILLER && number.len() == 9 {
            let ext = optional.split(FILLER).next().unwrap_or_default();
            if let Some(last) = ext.chars().last() {
                let rest = seg(ext, 0, ext.len() - 1);
                let full = format!("{number}{rest}");
                let after = optional.get(ext.len() + 1..).unwrap_or_default();
                return (full.clone(), last, full, trim_fillers(after));
            }
        }
        (number, check, number_field.to_owned(), trim_fillers(optional))
    }

    fn parse_td1(t: &str) -> Result<ParsedMrz, LdsError> {
        let (l1, l2, l3) = (seg(t, 0, 30), seg(t, 30, 60), seg(t, 60, 90));
        let (number, number_check, number_input, optional) =
            Self::long_number(seg(l1, 5, 14), nth(l1, 14), seg(l1, 15, 30));
        let (primary, secondary) = split_name(l3);
        let mrz = Self {
            format: MrzFormat::Td1,
            document_code: seg(l1, 0, 2).into(),
            issuing_state: seg(l1, 2, 5).into(),
            document_number: number,
            birth_date: seg(l2, 0, 6).into(),
            sex: Self::sex_at(l2, 7)?,
            expiry_date: seg(l2, 8, 14).into(),
            nationality: seg(l2, 15, 18).into(),
            optional_data: optional,
            optional_data_2: trim_fillers(seg(l2, 18, 29)),
            primary_identifier: primary,
            secondary_identifier: secondary,
        };
        let composite = format!("{}{}{}{}", seg(l1, 5, 30), seg(l2, 0, 7), seg(l2, 8, 15), seg(l2, 18, 29));
        let mut checks = vec![
            CheckDigit::new(CheckField::DocumentNumber, number_check, &number_input),
            CheckDigit::new(CheckField::BirthDate, nth(l2, 6), seg(l2, 0, 6)),
            CheckDigit::new(CheckField::ExpiryDate, nth(l2, 14), seg(l2, 8, 14)),
            CheckDigit::new(CheckField::Composite, nth(l2, 29), &composite),
        ];
        if let Some(pin) = mrz.vn_personal_number()
            && seg(l1, 27, 29) == "<<"
        {
            checks.push(CheckDigit::new(CheckField::VnPersonalNumber, nth(l1, 29), pin));
        }
        Ok(ParsedMrz { mrz, checks })
    }

    fn parse_two_line(t: &str, format: MrzFormat) -> Result<ParsedMrz, LdsError> {
        let n = format.line_len();
        let (l1, l2) = (seg(t, 0, n), seg(t, n, 2 * n));
        let opt_end = 28 + format.optional_len();
        let (number, number_check, number_input, optional) = if format == MrzFormat::Td2 {
            Self::long_number(seg(l2, 0, 9), nth(l2, 9), seg(l2, 28, opt_end))
        } else {
            (trim_fillers(seg(l2, 0, 9)), nth(l2, 9), seg(l2, 0, 9).to_owned(), trim_fillers(seg(l2, 28, opt_end)))
        };
        let (primary, secondary) = split_name(seg(l1, 5, n));
        let mrz = Self {
            format,
            document_code: seg(l1, 0, 2).into(),
            issuing_state: seg(l1, 2, 5).into(),
            document_number: number,
            birth_date: seg(l2, 13, 19).into(),
            sex: Self::sex_at(l2, 20)?,
            expiry_date: seg(l2, 21, 27).into(),
            nationality: seg(l2, 10, 13).into(),
            optional_data: optional,
            optional_data_2: String::new(),
            primary_identifier: primary,
            secondary_identifier: secondary,
        };
        let composite = format!("{}{}{}", seg(l2, 0, 10), seg(l2, 13, 20), seg(l2, 21, n - 1));
        let mut checks = vec![
            CheckDigit::new(CheckField::DocumentNumber, number_check, &number_input),
            CheckDigit::new(CheckField::BirthDate, nth(l2, 19), seg(l2, 13, 19)),
            CheckDigit::new(CheckField::ExpiryDate, nth(l2, 27), seg(l2, 21, 27)),
        ];
        if format == MrzFormat::Td3 {
            let personal = seg(l2, 28, 42);
            let mut check = CheckDigit::new(CheckField::OptionalData, nth(l2, 42), personal);
            // ICAO 9303-4: with no personal number the check digit may be a filler.
            check.ok |= check.found == FILLER && personal.chars().all(|c| c == FILLER);
            checks.push(check);
        }
        checks.push(CheckDigit::new(CheckField::Composite, nth(l2, n - 1), &composite));
        Ok(ParsedMrz { mrz, checks })
    }

    /// Character set, field widths, real dates and the CCCD rules (document number = last 9 digits of the
    /// personal number; birth year and sex as the number encodes them).
    pub fn validate(&self, v: &mut Validation) {
        let f = self.format;
        let chars_ok = |s: &str, letters_only: bool| {
            s.chars().all(|c| if letters_only { c.is_ascii_uppercase() || c == FILLER } else { is_mrz_char(c) })
        };
        for (path, value, width) in [
            ("document_code", &self.document_code, 2),
            ("issuing_state", &self.issuing_state, 3),
            ("nationality", &self.nationality, 3),
        ] {
            v.check(chars_ok(value, true) && !value.is_empty() && value.len() <= width, path, || {
                format!("{value:?} must be 1–{width} letters A–Z or <")
            });
        }
        let number_max = if f == MrzFormat::Td3 { 9 } else { 9 + f.optional_len() - 2 };
        v.check(
            chars_ok(&self.document_number, false)
                && !self.document_number.is_empty()
                && self.document_number.len() <= number_max,
            "document_number",
            || format!("{:?} must be 1–{number_max} MRZ characters", self.document_number),
        );
        let long_extra =
            if self.document_number.len() > 9 && f != MrzFormat::Td3 { self.document_number.len() - 9 + 2 } else { 0 };
        let room = f.optional_len().saturating_sub(long_extra);
        v.check(chars_ok(&self.optional_data, false) && self.optional_data.len() <= room, "optional_data", || {
            format!("{:?} must be at most {room} MRZ characters", self.optional_data)
        });
        v.check(
            chars_ok(&self.optional_data_2, false)
                && self.optional_data_2.len() <= if f == MrzFormat::Td1 { 11 } else { 0 },
            "optional_data_2",
            || format!("{:?} must be at most 11 MRZ characters and only in TD1", self.optional_data_2),
        );
        let birth = Date::parse_yymmdd(&self.birth_date, 1900);
        let expiry = Date::parse_yymmdd(&self.expiry_date, 2000);
        if let Err(e) = &birth {
            v.fail("birth_date", e.to_string());
        }
        if let Err(e) = &expiry {
            v.fail("expiry_date", e.to_string());
        }
        let name = format!("{} {}", self.primary_identifier, self.secondary_identifier);
        v.check(name.chars().all(|c| c.is_ascii_uppercase() || c == ' '), "name", || {
            format!("{name:?} must be words of letters A–Z (use mrz_words to transliterate)")
        });
        let full = name_field(&self.primary_identifier, &self.secondary_identifier, 200);
        let used = full.trim_end_matches(FILLER).len();
        v.check(used <= f.name_len(), "name", || {
            format!("needs {used} characters; the {} characters of the name field truncate it", f.name_len())
        });
        v.check(!self.primary_identifier.trim().is_empty(), "primary_identifier", || "is required".into());
        if let Some(pin) = self.vn_personal_number() {
            match pin.parse::<PersonalNumber>() {
                Ok(number) => {
                    v.check(self.document_number == number.document_number(), "document_number", || {
                        format!("must be the last 9 digits of the personal number {pin}")
                    });
                    if let Ok(birth) = Date::parse_yymmdd(&self.birth_date, number.birth_year().saturating_sub(99)) {
                        number.check_holder("optional_data", birth, self.sex, v);
                    }
                }
                Err(e) => v.fail("optional_data", e.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(lines: &[&str]) -> ParsedMrz {
        let p = Mrz::parse(&lines.join("\n")).unwrap();
        assert!(p.all_ok(), "{lines:?}: {:?}", p.failed().collect::<Vec<_>>());
        assert_eq!(p.mrz.lines(), lines, "re-encoding gives the same lines");
        p
    }

    #[test]
    fn td3_specimens() {
        let p =
            parse_ok(&["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]);
        let m = &p.mrz;
        assert_eq!(m.format, MrzFormat::Td3);
        assert_eq!((m.document_code.as_str(), m.issuing_state.as_str()), ("P<", "UTO"));
        assert_eq!(
            (m.document_number.as_str(), m.birth_date.as_str(), m.expiry_date.as_str()),
            ("L898902C3", "740812", "120415")
        );
        assert_eq!((m.sex, m.optional_data.as_str()), (Sex::Female, "ZE184226B"));
        assert_eq!((m.primary_identifier.as_str(), m.secondary_identifier.as_str()), ("ERIKSSON", "ANNA MARIA"));
        let p =
            parse_ok(&["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"]);
        assert_eq!(p.mrz.document_number, "L898902C");
        assert_eq!(p.mrz.mrz_information().unwrap(), "L898902C<369080619406236");
    }

    #[test]
    fn td1_specimens_and_long_number() {
        let p = parse_ok(&[
            "I<UTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ]);
        assert_eq!(p.mrz.document_number, "D23145890");
        let p =
            Mrz::parse("I<UTOD23145890<7349<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<2ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
                .unwrap();
        assert_eq!(p.mrz.document_number, "D23145890734");
        assert_eq!(p.mrz.optional_data, "");
        let number = p.checks.iter().find(|c| c.field == CheckField::DocumentNumber).unwrap();
        assert_eq!((number.found, number.ok), ('9', true));
        assert_eq!(p.mrz.lines()[0], "I<UTOD23145890<7349<<<<<<<<<<<");
        assert_eq!(p.mrz.mrz_information().unwrap(), "D23145890734974081221204159");
    }

    #[test]
    fn td2_specimen() {
        let p = parse_ok(&["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]);
        assert_eq!(p.mrz.format, MrzFormat::Td2);
        assert_eq!(p.mrz.nationality, "UTO");
    }

    #[test]
    fn vietnamese_synthetic_example() {
        let pin: PersonalNumber = "001099012345".parse().unwrap();
        let m = Mrz::vietnamese(
            &pin,
            "Nguyễn Văn A",
            Date::new(1999, 1, 1).unwrap(),
            Sex::Male,
            Date::new(2039, 1, 1).unwrap(),
        );
        assert_eq!(
            m.lines(),
            ["IDVNM0990123459001099012345<<0", "9901018M3901016VNM<<<<<<<<<<<0", "NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<"]
        );
        assert_eq!(m.mrz_information().unwrap(), "099012345999010183901016");
        let p = parse_ok(&m.lines().iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(p.mrz, m);
        assert_eq!(p.mrz.vn_personal_number(), Some("001099012345"));
        assert!(p.checks.iter().any(|c| c.field == CheckField::VnPersonalNumber && c.ok));
        let mut v = Validation::new();
        m.validate(&mut v);
        assert!(v.is_ok(), "{:?}", v.issues());
    }

    #[test]
    fn wrong_digits_are_reported_not_rejected() {
        let p =
            Mrz::parse("IDVNM0990123458001099012345<<29901018M3901016VNM<<<<<<<<<<<0NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<")
                .unwrap();
        let failed: Vec<_> = p.failed().map(|c| c.field).collect();
        assert_eq!(failed, [CheckField::DocumentNumber, CheckField::Composite, CheckField::VnPersonalNumber]);
        assert!(Mrz::parse("too short").is_err());
        assert!(Mrz::parse(&"a".repeat(90)).is_err());
    }

    #[test]
    fn validation_finds_problems() {
        let pin: PersonalNumber = "001099012345".parse().unwrap();
        let mut m = Mrz::vietnamese(
            &pin,
            "Nguyễn Văn A",
            Date::new(1999, 1, 1).unwrap(),
            Sex::Female,
            Date::new(2039, 1, 1).unwrap(),
        );
        m.document_number = "099012346".into();
        m.birth_date = "990230".into();
        let mut v = Validation::new();
        m.validate(&mut v);
        let paths: Vec<_> = v.issues().iter().map(|i| i.path.as_str()).collect();
        assert!(paths.contains(&"document_number") && paths.contains(&"birth_date"), "{paths:?}");
    }
}
