//! DG1 (the MRZ) and DG13 (the Vietnamese personal data) must describe the same person.

use cccd_lds::{Dg13, Mrz, mrz_words};

/// Every field on which the two disagree, in words.
pub fn dg1_dg13(mrz: &Mrz, dg13: &Dg13) -> Vec<String> {
    let mut out = Vec::new();
    let number = dg13.personal_number.as_str();
    if !mrz.optional_data.starts_with(number) {
        out.push(format!(
            "the MRZ's optional data {:?} does not carry the personal number {number}",
            mrz.optional_data
        ));
    }
    if number.len() == 12 && Some(mrz.document_number.as_str()) != number.get(3..) {
        out.push(format!("document number {} is not the last 9 digits of {number}", mrz.document_number));
    }
    let mrz_name = format!("{} {}", mrz.primary_identifier, mrz.secondary_identifier);
    let dg13_name = mrz_words(&dg13.full_name);
    let mrz_name = mrz_name.split_whitespace().collect::<Vec<_>>().join(" ");
    // The MRZ may truncate a long name: the DG13 name must start with what the MRZ shows.
    if mrz_name.is_empty() || !dg13_name.starts_with(&mrz_name) {
        out.push(format!("name {mrz_name:?} (MRZ) vs {:?} (DG13)", dg13.full_name));
    }
    if let Some(birth) = dg13.birth_date.date()
        && birth.to_yymmdd() != mrz.birth_date
    {
        out.push(format!("date of birth {} (MRZ) vs {birth} (DG13)", mrz.birth_date));
    }
    if let Some(expiry) = dg13.expiry_date.date()
        && expiry.to_yymmdd() != mrz.expiry_date
    {
        out.push(format!("expiry {} (MRZ) vs {expiry} (DG13)", mrz.expiry_date));
    }
    if mrz.sex.vietnamese() != dg13.sex {
        out.push(format!("sex {:?} (MRZ) vs {:?} (DG13)", mrz.sex, dg13.sex));
    }
    out
}
