//! The Vietnamese 12-digit personal identification number (số định danh cá nhân): `PPP G YY NNNNNN`.
//!
//! PPP is the province of birth registration, G encodes century and sex (even male, odd female), YY the last
//! two digits of the birth year. There is no check digit.

use std::fmt;
use std::str::FromStr;

use crate::{Date, Validation};

/// Sex as identity documents record it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
    /// Unspecified (`<` in the MRZ).
    Unspecified,
}

impl Sex {
    /// `M`, `F` or `<`.
    pub fn mrz_char(self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
            Sex::Unspecified => '<',
        }
    }

    pub fn from_mrz_char(c: char) -> Option<Self> {
        match c {
            'M' => Some(Sex::Male),
            'F' => Some(Sex::Female),
            '<' | 'X' => Some(Sex::Unspecified),
            _ => None,
        }
    }

    /// From the Vietnamese word DG13 writes; anything else is unspecified.
    pub fn from_vietnamese(word: &str) -> Self {
        match word {
            "Nam" => Sex::Male,
            "Nữ" => Sex::Female,
            _ => Sex::Unspecified,
        }
    }

    /// The Vietnamese word DG13 writes (`Nam`, `Nữ`).
    pub fn vietnamese(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
            Sex::Unspecified => "",
        }
    }
}

/// Why text is not a personal number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PersonalNumberError {
    #[error("{0:?} is not 12 digits")]
    NotTwelveDigits(String),
    #[error("province code {0} is not in the birth-registration table (Circular 07/2016, Appendix I)")]
    UnknownProvince(String),
}

/// A 12-digit personal number whose province code is known.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonalNumber([u8; 12]);

impl PersonalNumber {
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    pub fn province_code(&self) -> &str {
        &self.as_str()[..3]
    }

    /// The century/sex digit G.
    pub fn century_sex_digit(&self) -> u8 {
        self.0[3] - b'0'
    }

    pub fn sex(&self) -> Sex {
        if self.century_sex_digit().is_multiple_of(2) { Sex::Male } else { Sex::Female }
    }

    /// Birth year from G and YY.
    pub fn birth_year(&self) -> u16 {
        let g = u16::from(self.century_sex_digit());
        let yy = u16::from(self.0[4] - b'0') * 10 + u16::from(self.0[5] - b'0');
        1900 + 100 * (g / 2) + yy
    }

    /// The chip MRZ's document number: the last 9 digits.
    pub fn document_number(&self) -> &str {
        &self.as_str()[3..]
    }

    /// The last 6 digits (the CAN of cards without a printed one).
    pub fn can(&self) -> &str {
        &self.as_str()[6..]
    }

    /// Check the number against the holder's date of birth and sex; issues under `path`.
    pub fn check_holder(&self, path: &str, birth_date: Date, sex: Sex, v: &mut Validation) {
        if self.birth_year() != birth_date.year() {
            v.fail(
                path,
                format!(
                    "digits 4–6 ({}) encode birth year {}, but the date of birth is {birth_date}",
                    &self.as_str()[3..6],
                    self.birth_year()
                ),
            );
        }
        if sex != Sex::Unspecified && self.sex() != sex {
            v.fail(
                path,
                format!(
                    "digit 4 ({}) encodes sex {:?}, but the holder's sex is {:?}",
                    self.century_sex_digit(),
                    self.sex(),
                    sex
                ),
            );
        }
    }
}

impl FromStr for PersonalNumber {
    type Err = PersonalNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes: [u8; 12] = s
            .as_bytes()
            .try_into()
            .ok()
            .filter(|b: &[u8; 12]| b.iter().all(u8::is_ascii_digit))
            .ok_or_else(|| PersonalNumberError::NotTwelveDigits(s.to_owned()))?;
        let number = Self(bytes);
        if province_name(number.province_code()).is_none() {
            return Err(PersonalNumberError::UnknownProvince(number.province_code().to_owned()));
        }
        Ok(number)
    }
}

impl fmt::Display for PersonalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PersonalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonalNumber({})", self.as_str())
    }
}

impl serde::Serialize for PersonalNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for PersonalNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Birth-registration province codes (Circular 07/2016/TT-BCA, Appendix I; 63 units before the 2025 merger).
#[rustfmt::skip]
const PROVINCES: [(&str, &str); 63] = [
    ("001", "Hà Nội"), ("002", "Hà Giang"), ("004", "Cao Bằng"), ("006", "Bắc Kạn"), ("008", "Tuyên Quang"),
    ("010", "Lào Cai"), ("011", "Điện Biên"), ("012", "Lai Châu"), ("014", "Sơn La"), ("015", "Yên Bái"),
    ("017", "Hòa Bình"), ("019", "Thái Nguyên"), ("020", "Lạng Sơn"), ("022", "Quảng Ninh"), ("024", "Bắc Giang"),
    ("025", "Phú Thọ"), ("026", "Vĩnh Phúc"), ("027", "Bắc Ninh"), ("030", "Hải Dương"), ("031", "Hải Phòng"),
    ("033", "Hưng Yên"), ("034", "Thái Bình"), ("035", "Hà Nam"), ("036", "Nam Định"), ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"), ("040", "Nghệ An"), ("042", "Hà Tĩnh"), ("044", "Quảng Bình"), ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"), ("048", "Đà Nẵng"), ("049", "Quảng Nam"), ("051", "Quảng Ngãi"), ("052", "Bình Định"),
    ("054", "Phú Yên"), ("056", "Khánh Hòa"), ("058", "Ninh Thuận"), ("060", "Bình Thuận"), ("062", "Kon Tum"),
    ("064", "Gia Lai"), ("066", "Đắk Lắk"), ("067", "Đắk Nông"), ("068", "Lâm Đồng"), ("070", "Bình Phước"),
    ("072", "Tây Ninh"), ("074", "Bình Dương"), ("075", "Đồng Nai"), ("077", "Bà Rịa-Vũng Tàu"), ("079", "Hồ Chí Minh"),
    ("080", "Long An"), ("082", "Tiền Giang"), ("083", "Bến Tre"), ("084", "Trà Vinh"), ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"), ("089", "An Giang"), ("091", "Kiên Giang"), ("092", "Cần Thơ"), ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"), ("095", "Bạc Liêu"), ("096", "Cà Mau"),
];

/// The province a birth-registration code stands for.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_examples_from_the_standards_notes() {
        let a: PersonalNumber = "001099012345".parse().unwrap();
        assert_eq!((a.birth_year(), a.sex(), province_name(a.province_code())), (1999, Sex::Male, Some("Hà Nội")));
        assert_eq!(a.document_number(), "099012345");
        assert_eq!(a.can(), "012345");
        let b: PersonalNumber = "079305000001".parse().unwrap();
        assert_eq!(
            (b.birth_year(), b.sex(), province_name(b.province_code())),
            (2005, Sex::Female, Some("Hồ Chí Minh"))
        );
    }

    #[test]
    fn rejects_and_cross_checks() {
        assert!(matches!("00109901234".parse::<PersonalNumber>(), Err(PersonalNumberError::NotTwelveDigits(_))));
        assert!(matches!("00109901234a".parse::<PersonalNumber>(), Err(PersonalNumberError::NotTwelveDigits(_))));
        assert!(matches!("003099012345".parse::<PersonalNumber>(), Err(PersonalNumberError::UnknownProvince(_))));
        let n: PersonalNumber = "001099012345".parse().unwrap();
        let mut v = Validation::new();
        n.check_holder("identity.personal_number", Date::new(1998, 1, 1).unwrap(), Sex::Female, &mut v);
        assert_eq!(v.issues().len(), 2, "{:?}", v.issues());
        let mut v = Validation::new();
        n.check_holder("identity.personal_number", Date::new(1999, 1, 1).unwrap(), Sex::Male, &mut v);
        assert!(v.is_ok());
    }
}
