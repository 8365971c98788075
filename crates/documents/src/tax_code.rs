//! Tax code (mã số thuế). Since 1 July 2025 an individual's tax code is their 12-digit personal number
//! (Circular 86/2024/TT-BTC); the 10- or 13-digit MST issued before stays readable as a legacy field.

use cccd_lds::{PersonalNumber, Validation};
use cccd_tlv::TlvWriter;

use crate::codec::{Fields, RawDataObject, opt_hex, put_opt_text, put_text};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const PERSONAL_NUMBER: Element = Element::primitive(0x80, "personal_number", Format::Digits, true, 12);
pub const LEGACY_TAX_CODE: Element = Element::primitive(0x81, "legacy_tax_code", Format::Ascii, false, 14);
pub const TAX_OFFICE: Element = Element::primitive(0x82, "tax_office", Format::Utf8, true, 150);

/// Tax code, type code 2, file `0202`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxCode {
    pub header: Header,
    /// The 12-digit personal number, which is the tax code.
    pub personal_number: String,
    /// The MST used until 30 June 2025: 10 digits, or 13 for a branch (`0314409058-002`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_tax_code: Option<String>,
    /// The tax authority managing the taxpayer.
    pub tax_office: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl TaxCode {
    pub const ELEMENTS: &'static [Element] = &[PERSONAL_NUMBER, LEGACY_TAX_CODE, TAX_OFFICE];
}

document_api!(TaxCode);

/// The MST check digit of the first nine digits: `10 − (Σ wᵢ·dᵢ mod 11)` with weights 31, 29, 23, 19, 17, 13,
/// 7, 5, 3 (python-stdnum `vn.mst`). None when the sum is ≡ 0 mod 11 (no digit matches then) or the input is
/// not nine digits.
pub fn mst_check_digit(first_nine: &str) -> Option<u8> {
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    if !checks::is_digits(first_nine, 9) {
        return None;
    }
    let sum: u32 = first_nine.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    match 10 - (sum % 11) as i32 {
        d @ 0..=9 => Some(d as u8),
        _ => None,
    }
}

/// Why `mst` is not a valid legacy tax code: 10 digits, or 13 written `NNNNNNNNNN-NNN` (or without the hyphen);
/// the tenth digit checks the first nine and a branch suffix is 001–999.
pub fn check_legacy_tax_code(mst: &str) -> Result<(), String> {
    let (main, branch) = match (mst.len(), mst.split_once('-')) {
        (10, None) => (mst, None),
        (13, None) if mst.is_ascii() => (&mst[..10], Some(&mst[10..])),
        (14, Some((main, branch))) => (main, Some(branch)),
        _ => return Err(format!("{mst:?} is not 10 digits or 10 digits-NNN")),
    };
    if !checks::is_digits(main, 10) || branch.is_some_and(|b| !checks::is_digits(b, 3)) {
        return Err(format!("{mst:?} is not 10 digits or 10 digits-NNN"));
    }
    if branch == Some("000") {
        return Err("branch suffix 000 is not used; branches are numbered 001–999".to_owned());
    }
    let expected = mst_check_digit(&main[..9]);
    let actual = main.as_bytes()[9] - b'0';
    match expected {
        Some(d) if d == actual => Ok(()),
        Some(d) => Err(format!("check digit is {actual}, computed {d}")),
        None => Err(format!("no check digit fits the first nine digits {}", &main[..9])),
    }
}

impl Kind for TaxCode {
    const TYPE: DocumentType = DocumentType::Tax;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &PERSONAL_NUMBER, &self.personal_number);
        put_opt_text(w, &LEGACY_TAX_CODE, self.legacy_tax_code.as_deref());
        put_text(w, &TAX_OFFICE, &self.tax_office);
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        Ok(Self {
            header,
            personal_number: f.req_text(&PERSONAL_NUMBER)?,
            legacy_tax_code: f.text(&LEGACY_TAX_CODE)?,
            tax_office: f.req_text(&TAX_OFFICE)?,
            signature,
            unknown: f.rest(),
        })
    }

    fn check_body(&self, holder: Option<&Holder>, p: &str, v: &mut Validation) {
        let at = checks::path(p, &PERSONAL_NUMBER);
        match self.personal_number.parse::<PersonalNumber>() {
            Err(e) => v.fail(&at, e.to_string()),
            Ok(number) => {
                if let Some(holder) = holder {
                    v.check(number == holder.personal_number, &at, || {
                        format!("{number} is not the card holder's personal number ({})", holder.personal_number)
                    });
                }
            }
        }
        if let Some(Err(reason)) = self.legacy_tax_code.as_deref().map(check_legacy_tax_code) {
            v.fail(checks::path(p, &LEGACY_TAX_CODE), reason);
        }
        checks::text(v, p, &TAX_OFFICE, &self.tax_office);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_stdnum_vectors() {
        assert_eq!(check_legacy_tax_code("0100233488"), Ok(()));
        assert_eq!(check_legacy_tax_code("0314409058-002"), Ok(()));
        assert_eq!(check_legacy_tax_code("0314409058002"), Ok(()));
        assert_eq!(check_legacy_tax_code("0100233480"), Err("check digit is 0, computed 8".to_owned()));
        assert_eq!(mst_check_digit("010023348"), Some(8));
        assert_eq!(mst_check_digit("031440905"), Some(8));
    }

    #[test]
    fn malformed_codes() {
        for bad in ["", "010023348", "01002334888", "0100233488-", "0100233488-02", "010023348a", "0100233488-0a2"] {
            assert!(check_legacy_tax_code(bad).is_err(), "{bad}");
        }
        assert!(check_legacy_tax_code("0314409058-000").unwrap_err().contains("000"));
        // Σ ≡ 0 (mod 11) gives "10": no digit can match.
        let zero_sum = (0..1_000_000_000u32)
            .step_by(7919)
            .map(|n| format!("{n:09}"))
            .find(|s| mst_check_digit(s).is_none())
            .unwrap();
        assert!(check_legacy_tax_code(&format!("{zero_sum}0")).unwrap_err().contains("no check digit"));
    }
}
