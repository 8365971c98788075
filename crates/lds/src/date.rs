//! Calendar dates as the documents carry them, checked to be real days.

use std::fmt;
use std::str::FromStr;

/// Why text is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0:?} is not a date in the form {1}")]
    Format(String, &'static str),
    #[error("{0:04}-{1:02}-{2:02} is not a real day")]
    NotADay(u16, u8, u8),
}

/// A proleptic Gregorian date (years 1800–2399, the range identity documents use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if !(1800..=2399).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month)
        {
            return Err(DateError::NotADay(year, month, day));
        }
        Ok(Self { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// `YYMMDD`, as in the MRZ.
    pub fn to_yymmdd(self) -> String {
        format!("{:02}{:02}{:02}", self.year % 100, self.month, self.day)
    }

    /// `dd/mm/yyyy`, as DG13 writes dates.
    pub fn to_dmy(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// `YYYYMMDD` (ICAO DG11/DG12 "full date").
    pub fn to_yyyymmdd(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// Parse `dd/mm/yyyy` (DG13) or `ddmmyyyy`.
    pub fn parse_dmy(s: &str) -> Result<Self, DateError> {
        let digits: String = s.chars().filter(|c| *c != '/' && *c != '-' && *c != '.').collect();
        let bad = || DateError::Format(s.to_owned(), "dd/mm/yyyy");
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| digits[r].parse::<u16>().map_err(|_| bad());
        Self::new(n(4..8)?, n(2..4)? as u8, n(0..2)? as u8)
    }

    /// Parse `YYYYMMDD`.
    pub fn parse_yyyymmdd(s: &str) -> Result<Self, DateError> {
        let bad = || DateError::Format(s.to_owned(), "YYYYMMDD");
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<u16>().map_err(|_| bad());
        Self::new(n(0..4)?, n(4..6)? as u8, n(6..8)? as u8)
    }

    /// Parse an MRZ `YYMMDD`, placing the year in the century that puts it in `window` (inclusive).
    pub fn parse_yymmdd(s: &str, window_start: u16) -> Result<Self, DateError> {
        let bad = || DateError::Format(s.to_owned(), "YYMMDD");
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<u16>().map_err(|_| bad());
        let yy = n(0..2)?;
        let century = window_start - window_start % 100;
        let mut year = century + yy;
        if year < window_start {
            year += 100;
        }
        Self::new(year, n(2..4)? as u8, n(4..6)? as u8)
    }

    /// The same day `years` later (29 February becomes 28 February in a common year).
    pub fn add_years(self, years: u16) -> Self {
        let year = self.year.saturating_add(years).min(2399);
        let day = self.day.min(days_in_month(year, self.month));
        Self { year, month: self.month, day }
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// ISO 8601 `YYYY-MM-DD`: the form profiles and JSON output use.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateError::Format(s.to_owned(), "YYYY-MM-DD");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) { part.parse::<u16>().map_err(|_| bad()) } else { Err(bad()) }
        };
        Self::new(n(0..4)?, n(5..7)? as u8, n(8..10)? as u8)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_days_only() {
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2023, 2, 29).is_err());
        assert!(Date::new(1900, 2, 29).is_err());
        assert!(Date::new(2000, 2, 29).is_ok());
        assert!(Date::new(2024, 4, 31).is_err());
        assert!(Date::new(2024, 13, 1).is_err());
        assert!("2024-02-30".parse::<Date>().is_err());
        assert!("2024-2-03".parse::<Date>().is_err());
        assert!("+024-02-03".parse::<Date>().is_err());
    }

    #[test]
    fn formats() {
        let d: Date = "1999-01-05".parse().unwrap();
        assert_eq!(d.to_yymmdd(), "990105");
        assert_eq!(d.to_dmy(), "05/01/1999");
        assert_eq!(Date::parse_dmy("05/01/1999").unwrap(), d);
        assert_eq!(Date::parse_yyyymmdd("19990105").unwrap(), d);
        assert_eq!(Date::parse_yymmdd("990105", 1930).unwrap(), d);
        assert_eq!(Date::parse_yymmdd("290105", 1930).unwrap().year(), 2029);
        assert_eq!(Date::new(2024, 2, 29).unwrap().add_years(1), Date::new(2025, 2, 28).unwrap());
        assert_eq!(d.to_string(), "1999-01-05");
    }
}
