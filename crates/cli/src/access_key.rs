//! The document's access key for Basic Access Control, from whichever form the user has at hand: the full MRZ,
//! the three MRZ fields, or the CCCD's 12-digit personal number (whose last 9 digits are the document number).

use cccd_lds::{Date, Mrz, mrz_information};

use crate::args::AccessKeyArgs;
use crate::exit::Failure;

impl AccessKeyArgs {
    /// `MRZ_information` for BAC, or `None` when no access key was given.
    pub fn mrz_information(&self) -> Result<Option<String>, Failure> {
        if let Some(text) = &self.mrz {
            let parsed = Mrz::parse(&normalize_mrz(text)).map_err(|e| Failure::usage(format!("--mrz: {e}")))?;
            let info = parsed.mrz.mrz_information().map_err(|e| Failure::usage(format!("--mrz: {e}")))?;
            return Ok(Some(info));
        }
        let number = match (&self.doc_number, &self.personal_number) {
            (Some(doc), _) => doc.trim().to_ascii_uppercase(),
            (None, Some(personal)) => {
                let digits = personal.trim();
                if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(Failure::usage("--personal-number must be the 12 digits of the CCCD number"));
                }
                digits[3..].to_owned()
            }
            (None, None) => {
                if self.birth.is_some() || self.expiry.is_some() {
                    return Err(Failure::usage("--birth and --expiry need --doc-number or --personal-number"));
                }
                return Ok(None);
            }
        };
        let (Some(birth), Some(expiry)) = (&self.birth, &self.expiry) else {
            return Err(Failure::usage("the access key needs --birth and --expiry with the document number"));
        };
        let birth = yymmdd(birth, "--birth")?;
        let expiry = yymmdd(expiry, "--expiry")?;
        mrz_information(&number, &birth, &expiry).map(Some).map_err(|e| Failure::usage(format!("access key: {e}")))
    }
}

impl AccessKeyArgs {
    /// `MRZ_information` for a command that cannot work without BAC: a missing key is a usage error naming `what`.
    pub fn required(&self, what: &str) -> Result<String, Failure> {
        self.mrz_information()?.ok_or_else(|| {
            Failure::usage(format!(
                "{what} needs Basic Access Control: give the access key (--mrz, --doc-number/--birth/--expiry or \
                 --personal-number/--birth/--expiry)"
            ))
        })
    }
}

/// The MRZ as typed or pasted: lines separated by newlines, spaces, or given as one run of characters.
fn normalize_mrz(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let line_len = match compact.len() {
        90 => 30,
        72 => 36,
        88 => 44,
        _ => return text.trim().to_owned(),
    };
    compact.as_bytes().chunks(line_len).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\n")
}

/// A date as YYMMDD, from YYMMDD or YYYY-MM-DD.
fn yymmdd(text: &str, what: &str) -> Result<String, Failure> {
    let text = text.trim();
    if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(text.to_owned());
    }
    let date: Date =
        text.parse().map_err(|e| Failure::usage(format!("{what} {text:?}: {e} (YYYY-MM-DD or YYMMDD)")))?;
    Ok(format!("{:02}{:02}{:02}", date.year() % 100, date.month(), date.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> AccessKeyArgs {
        AccessKeyArgs { mrz: None, doc_number: None, personal_number: None, birth: None, expiry: None }
    }

    #[test]
    fn every_form_gives_the_icao_mrz_information() {
        // ICAO 9303-11 Appendix D.2: L898902C<, 690806, 940623.
        let icao = "L898902C<369080619406236";
        let mut a = args();
        a.doc_number = Some("L898902C".into());
        a.birth = Some("1969-08-06".into());
        a.expiry = Some("940623".into());
        assert_eq!(a.mrz_information().unwrap().as_deref(), Some(icao));
        let mut b = args();
        b.personal_number = Some("001099012345".into());
        b.birth = Some("1999-05-14".into());
        b.expiry = Some("2039-05-14".into());
        let info = b.mrz_information().unwrap().unwrap();
        assert!(info.starts_with("099012345") && info.contains("990514") && info.contains("390514"), "{info}");
        let mut c = args();
        c.mrz = Some("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10".into());
        assert_eq!(c.mrz_information().unwrap().as_deref(), Some("L898902C3674081221204159"));
        assert_eq!(args().mrz_information().unwrap(), None);
        let mut d = args();
        d.personal_number = Some("12345".into());
        assert!(d.mrz_information().is_err());
        let mut e = args();
        e.birth = Some("990514".into());
        assert!(e.mrz_information().is_err());
    }

    proptest::proptest! {
        /// Whatever the user types, an access key or a usage error, never a panic.
        #[test]
        fn any_text_gives_a_key_or_an_error(
            mrz in "\\PC{0,100}",
            number in proptest::option::of("\\PC{0,14}"),
            birth in proptest::option::of("[0-9-]{0,12}"),
            expiry in proptest::option::of("\\PC{0,12}"),
        ) {
            let mut a = args();
            a.mrz = Some(mrz);
            let _ = a.mrz_information();
            let mut b = args();
            b.personal_number = number.clone();
            b.doc_number = number;
            b.birth = birth;
            b.expiry = expiry;
            let _ = b.mrz_information();
        }
    }
}
