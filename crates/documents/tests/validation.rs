//! Every validation rule, with a failing example asserting its path and message. Each test starts from a
//! clean sample, breaks it, and compares the whole list of issues: all problems are reported at once, and
//! nothing else is.

mod common;

use cccd_documents::{
    Document, DocumentType, Header, LicenceClass, LicenceEntry, Participation, Passport, RawDataObject,
};
use cccd_lds::Sex;
use common::{date, holder, issues, sample};

/// The sample of `$variant` after `$edit` ran on it.
macro_rules! edited {
    ($variant:ident, |$d:ident| $edit:expr) => {{
        let Document::$variant(mut $d) = sample(DocumentType::$variant) else { unreachable!() };
        $edit;
        Document::$variant($d)
    }};
}

#[track_caller]
fn expect(doc: &Document, holder: Option<&cccd_documents::Holder>, expected: &[&str]) {
    assert_eq!(issues(doc, holder), expected);
}

fn raw(bytes: &[u8]) -> RawDataObject {
    RawDataObject::new(bytes.to_vec()).unwrap()
}

// ---------------------------------------------------------------- header, signature, unknown objects

#[test]
fn header_rules() {
    let doc = edited!(Tax, |d| {
        d.header.schema_version = 2;
        d.header.document_number = " ".to_owned();
        d.header.issuing_authority = "x".repeat(151);
        d.header.expiry = Some(date("2025-06-30"));
        d.header.unknown = vec![raw(&[0x82, 0x01, 0x41])];
    });
    expect(
        &doc,
        None,
        &[
            "documents.tax.header.schema_version: schema version 2 is not the supported version 1",
            "documents.tax.header.document_number: is required and empty",
            "documents.tax.header.issuing_authority: is 151 bytes long; at most 150 fit the card",
            "documents.tax.header.expiry: 2025-06-30 is before the issue date (2025-07-01)",
            "documents.tax.header.unknown[0]: tag 82 is the tag of `document_number`; an unknown object cannot reuse it",
        ],
    );
    // Lengths are bytes of UTF-8: 17 × "Đ" is 34 bytes.
    let doc = edited!(Tax, |d| d.header.document_number = "Đ".repeat(17));
    expect(&doc, None, &["documents.tax.header.document_number: is 34 bytes long; at most 32 fit the card"]);
}

#[test]
fn expiry_required_or_forbidden_by_type() {
    let doc = edited!(Passport, |d| d.header.expiry = None);
    expect(&doc, None, &["documents.passport.header.expiry: a passport always has an expiry date"]);
    let doc = edited!(BirthCertificate, |d| d.header.expiry = Some(date("2099-01-01")));
    expect(
        &doc,
        None,
        &["documents.birth_certificate.header.expiry: a birth_certificate does not expire; leave the expiry out"],
    );
    let doc = edited!(MarriageCertificate, |d| d.header.expiry = Some(date("2099-01-01")));
    expect(
        &doc,
        None,
        &["documents.marriage_certificate.header.expiry: a marriage_certificate does not expire; leave the expiry out"],
    );
    // Cards may or may not expire.
    let doc = edited!(VehicleRegistration, |d| d.header.expiry = Some(date("2040-01-01")));
    expect(&doc, None, &[]);
}

#[test]
fn signature_and_unknown_objects() {
    let doc = edited!(Tax, |d| d.signature = Some(Vec::new()));
    expect(&doc, None, &["documents.tax.signature: is present but empty; leave it out"]);
    let doc = edited!(Tax, |d| d.signature = Some(vec![0; 513]));
    expect(&doc, None, &["documents.tax.signature: is 513 bytes long; at most 512 fit the card"]);
    let doc = edited!(Tax, |d| d.unknown = vec![raw(&[0x9F, 0x20, 0x00]), raw(&[0x82, 0x01, 0x41])]);
    expect(
        &doc,
        None,
        &["documents.tax.unknown[1]: tag 82 is the tag of `tax_office`; an unknown object cannot reuse it"],
    );
}

// ---------------------------------------------------------------- 1 health insurance

#[test]
fn health_insurance_numbers() {
    let doc = edited!(HealthInsurance, |d| d.social_insurance_number = "012345678".to_owned());
    expect(
        &doc,
        None,
        &[
            "documents.health_insurance.social_insurance_number: \"012345678\" is not 10 digits",
            "documents.health_insurance.legacy_code: ends in \"0123456789\", but the social insurance number is \"012345678\"; they must be equal",
        ],
    );
    let doc = edited!(HealthInsurance, |d| d.legacy_code = Some("ZZ7031234567890".to_owned()));
    expect(
        &doc,
        None,
        &[
            "documents.health_insurance.legacy_code: object code \"ZZ\" is not in the BHXH object list",
            "documents.health_insurance.legacy_code: benefit level \"7\" is not 1–5",
            "documents.health_insurance.legacy_code: province code \"03\" is not a province",
            "documents.health_insurance.legacy_code: ends in \"1234567890\", but the social insurance number is \"0123456789\"; they must be equal",
        ],
    );
    let doc = edited!(HealthInsurance, |d| d.legacy_code = Some("DN 4 01 0123456789".to_owned()));
    expect(
        &doc,
        None,
        &[
            "documents.health_insurance.legacy_code: \"DN 4 01 0123456789\" is not 15 characters XX Y ZZ NNNNNNNNNN (no spaces)",
        ],
    );
    // Every listed object code with every level is accepted.
    for object in cccd_documents::OBJECT_CODES {
        for level in 1..=5 {
            let doc = edited!(HealthInsurance, |d| d.legacy_code = Some(format!("{object}{level}790123456789")));
            expect(&doc, None, &[]);
        }
    }
}

#[test]
fn health_insurance_facility_and_validity() {
    let doc = edited!(HealthInsurance, |d| {
        d.care_facility.code = String::new();
        d.care_facility.name = "x".repeat(151);
        d.care_facility.unknown = vec![raw(&[0x80, 0x01, 0x41])];
        d.valid_to = Some(date("2024-12-31"));
    });
    expect(
        &doc,
        None,
        &[
            "documents.health_insurance.care_facility.code: is required and empty",
            "documents.health_insurance.care_facility.name: is 151 bytes long; at most 150 fit the card",
            "documents.health_insurance.care_facility.unknown[0]: tag 80 is the tag of `code`; an unknown object cannot reuse it",
            "documents.health_insurance.valid_to: 2024-12-31 is before valid_from (2025-01-01)",
        ],
    );
    let doc = edited!(HealthInsurance, |d| d.care_facility.code = "01-99".to_owned());
    expect(&doc, None, &["documents.health_insurance.care_facility.code: contains '-'; only A–Z and 0–9 are allowed"]);
}

// ---------------------------------------------------------------- 2 tax

#[test]
fn tax_rules() {
    let doc = edited!(Tax, |d| d.personal_number = "00109901234".to_owned());
    expect(&doc, Some(&holder()), &["documents.tax.personal_number: \"00109901234\" is not 12 digits"]);
    let doc = edited!(Tax, |d| d.personal_number = "003099012345".to_owned());
    expect(
        &doc,
        None,
        &[
            "documents.tax.personal_number: province code 003 is not in the birth-registration table (Circular 07/2016, Appendix I)",
        ],
    );
    let doc = edited!(Tax, |d| d.personal_number = "079305000001".to_owned());
    expect(&doc, None, &[]);
    expect(
        &doc,
        Some(&holder()),
        &["documents.tax.personal_number: 079305000001 is not the card holder's personal number (001099012345)"],
    );
    let doc = edited!(Tax, |d| {
        d.legacy_tax_code = Some("0100233480".to_owned());
        d.tax_office = String::new();
    });
    expect(
        &doc,
        None,
        &[
            "documents.tax.legacy_tax_code: check digit is 0, computed 8",
            "documents.tax.tax_office: is required and empty",
        ],
    );
    for good in ["0100233488", "0314409058-002"] {
        let doc = edited!(Tax, |d| d.legacy_tax_code = Some(good.to_owned()));
        expect(&doc, None, &[]);
    }
    let doc = edited!(Tax, |d| d.legacy_tax_code = Some("0314409058-02".to_owned()));
    expect(&doc, None, &["documents.tax.legacy_tax_code: \"0314409058-02\" is not 10 digits or 10 digits-NNN"]);
}

// ---------------------------------------------------------------- 3 driving licence

fn entry(class: LicenceClass, issue: &str, expiry: Option<&str>) -> LicenceEntry {
    LicenceEntry { class, issue_date: date(issue), expiry: expiry.map(date), unknown: Vec::new() }
}

/// Issues of the sample licence holding only `entry` (the licence itself issued 2025-03-10).
fn licence_issues(entry: LicenceEntry) -> Vec<String> {
    let doc = edited!(DrivingLicence, |d| d.classes = vec![entry]);
    issues(&doc, None)
}

#[test]
fn licence_number_and_class_list() {
    let doc = edited!(DrivingLicence, |d| {
        d.licence_number = "01019901234X".to_owned();
        d.classes.clear();
    });
    expect(
        &doc,
        None,
        &[
            "documents.driving_licence.licence_number: \"01019901234X\" is not 12 digits",
            "documents.driving_licence.classes: needs at least one entry",
        ],
    );
    let doc = edited!(DrivingLicence, |d| {
        d.classes = LicenceClass::ALL[..17].iter().map(|c| entry(*c, "2020-01-01", None)).collect();
    });
    expect(&doc, None, &["documents.driving_licence.classes: has 17 entries; at most 16 fit the card"]);
    let doc = edited!(DrivingLicence, |d| {
        let again = d.classes[1].clone();
        d.classes.push(again);
    });
    expect(&doc, None, &["documents.driving_licence.classes[2].class: class B is listed twice (also classes[1])"]);
}

#[test]
fn licence_class_dates() {
    let doc = edited!(DrivingLicence, |d| {
        d.classes[0].expiry = Some(date("2017-06-01"));
        d.classes[1].issue_date = date("2025-03-11");
        d.classes[1].expiry = Some(date("2035-03-11"));
        d.classes[1].unknown = vec![raw(&[0x81, 0x00])];
    });
    expect(
        &doc,
        None,
        &[
            "documents.driving_licence.classes[0].expiry: 2017-06-01 is not after the class's issue date (2017-06-01)",
            "documents.driving_licence.classes[1].issue_date: 2025-03-11 is after the licence's issue date (2025-03-10)",
            "documents.driving_licence.classes[1].unknown[0]: tag 81 is the tag of `issue_date`; an unknown object cannot reuse it",
        ],
    );
}

#[test]
fn licence_validity_per_class_under_law_36_2024() {
    // (class, validity in years; None = unlimited), as listed in standards.md §3.8.
    let table: [(&str, Option<u16>); 15] = [
        ("A1", None),
        ("A", None),
        ("B1", None),
        ("B", Some(10)),
        ("C1", Some(10)),
        ("C", Some(5)),
        ("D1", Some(5)),
        ("D2", Some(5)),
        ("D", Some(5)),
        ("BE", Some(5)),
        ("C1E", Some(5)),
        ("CE", Some(5)),
        ("D1E", Some(5)),
        ("D2E", Some(5)),
        ("DE", Some(5)),
    ];
    let at = "documents.driving_licence.classes[0]";
    let issue = "2025-02-01";
    for (name, years) in table {
        let class: LicenceClass = name.parse().unwrap();
        assert!(!class.is_legacy(), "{name}");
        match years {
            None => {
                assert_eq!(licence_issues(entry(class, issue, None)), Vec::<String>::new(), "{name}");
                assert_eq!(
                    licence_issues(entry(class, issue, Some("2030-02-01"))),
                    [format!("{at}.expiry: class {name} does not expire (Law 36/2024 Art. 57); leave the expiry out")]
                );
            }
            Some(n) => {
                let limit = format!("{}-02-01", 2025 + n);
                let past = format!("{}-02-02", 2025 + n);
                assert_eq!(licence_issues(entry(class, issue, Some(&limit))), Vec::<String>::new(), "{name}");
                assert_eq!(licence_issues(entry(class, issue, Some("2026-01-01"))), Vec::<String>::new(), "{name}");
                assert_eq!(
                    licence_issues(entry(class, issue, Some(&past))),
                    [format!(
                        "{at}.expiry: class {name} is valid for at most {n} years (Law 36/2024 Art. 57): {past} is after {limit}"
                    )]
                );
                assert_eq!(
                    licence_issues(entry(class, issue, None)),
                    [format!(
                        "{at}.expiry: class {name} is valid for at most {n} years (Law 36/2024 Art. 57); an expiry is required"
                    )]
                );
                assert_eq!(
                    licence_issues(entry(class, issue, Some(issue))),
                    [format!("{at}.expiry: {issue} is not after the class's issue date ({issue})")]
                );
            }
        }
    }
}

#[test]
fn legacy_classes() {
    let legacy = ["A2", "A3", "A4", "B2", "E", "FB2", "FC", "FD", "FE"];
    for name in legacy {
        let class: LicenceClass = name.parse().unwrap();
        assert!(class.is_legacy() && class.validity().is_none(), "{name}");
        // Readable, with or without expiry, when issued before 2025 (the old rules are not checked).
        assert_eq!(licence_issues(entry(class, "2018-05-01", None)), Vec::<String>::new());
        assert_eq!(licence_issues(entry(class, "2018-05-01", Some("2028-05-01"))), Vec::<String>::new());
        assert_eq!(
            licence_issues(entry(class, "2025-01-01", Some("2030-01-01"))),
            [format!(
                "documents.driving_licence.classes[0].class: {name} is a legacy class (Circular 12/2017); none is issued from 1 January 2025 (Law 36/2024)"
            )]
        );
    }
    // A1/B1/C/D existed before 2025 with other limits: only "expiry after issue" applies then.
    assert_eq!(licence_issues(entry(LicenceClass::B1, "2015-01-01", Some("2039-01-01"))), Vec::<String>::new());
    assert_eq!(LicenceClass::ALL.iter().filter(|c| c.is_legacy()).count(), legacy.len());
}

// ---------------------------------------------------------------- 4 passport

/// The ICAO Doc 9303 Part 4 specimen (used as a check-digit vector only).
fn icao_specimen() -> Document {
    let mut header = Header::new("L898902C3", "Utopia passport office", date("2002-04-16"));
    header.expiry = Some(date("2012-04-15"));
    Document::Passport(Passport {
        header,
        passport_number: "L898902C3".to_owned(),
        issuing_state: "UTO".to_owned(),
        surname: "Eriksson".to_owned(),
        given_names: "Anna Maria".to_owned(),
        nationality: "UTO".to_owned(),
        birth_date: date("1974-08-12"),
        sex: Sex::Female,
        expiry: date("2012-04-15"),
        optional_data: Some("ZE184226B".to_owned()),
        mrz_line1: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<".to_owned(),
        mrz_line2: "L898902C36UTO7408122F1204159ZE184226B<<<<<10".to_owned(),
        signature: None,
        unknown: Vec::new(),
    })
}

#[test]
fn icao_specimen_check_digits() {
    let doc = icao_specimen();
    expect(&doc, None, &[]);
    let Document::Passport(p) = &doc else { unreachable!() };
    assert_eq!(p.computed_mrz(), (p.mrz_line1.clone(), p.mrz_line2.clone()));
    let doc = Document::Passport(Passport {
        mrz_line2: "L898902C35UTO7408122F1204159ZE184226B<<<<<10".to_owned(),
        ..p.clone()
    });
    expect(
        &doc,
        None,
        &[
            "documents.passport.mrz_line2: position 10 (check digit of the document number) is '5', computed 6",
            "documents.passport.mrz_line2: position 44 (check digit of the composite) is '0', computed 3",
        ],
    );
    // The older specimen: an 8-character number with filler, composite 4.
    let mut old = p.clone();
    old.passport_number = "L898902C".to_owned();
    old.header.document_number = "L898902C".to_owned();
    old.birth_date = date("1969-08-06");
    old.expiry = date("1994-06-23");
    old.header.expiry = Some(old.expiry);
    old.header.issue_date = date("1989-06-24");
    old.mrz_line2 = "L898902C<3UTO6908061F9406236ZE184226B<<<<<14".to_owned();
    expect(&Document::Passport(old), None, &[]);
}

#[test]
fn passport_mrz_check_digits() {
    let at = "documents.passport.mrz_line2";
    let sample_line = "C1234567<0VNM9905142M3406016001099012345<<02";
    let with = |pos: usize, c: char| {
        let mut line = sample_line.to_owned();
        line.replace_range(pos - 1..pos, &c.to_string());
        edited!(Passport, |d| d.mrz_line2 = line)
    };
    expect(
        &with(10, '1'),
        None,
        &[
            &format!("{at}: position 10 (check digit of the document number) is '1', computed 0"),
            &format!("{at}: position 44 (check digit of the composite) is '2', computed 9"),
        ],
    );
    expect(
        &with(20, '3'),
        None,
        &[
            &format!("{at}: position 20 (check digit of the date of birth) is '3', computed 2"),
            &format!("{at}: position 44 (check digit of the composite) is '2', computed 5"),
        ],
    );
    expect(
        &with(28, '7'),
        None,
        &[
            &format!("{at}: position 28 (check digit of the expiry date) is '7', computed 6"),
            &format!("{at}: position 44 (check digit of the composite) is '2', computed 3"),
        ],
    );
    expect(
        &with(43, '1'),
        None,
        &[
            &format!("{at}: position 43 (check digit of the optional data) is '1', computed 0"),
            &format!("{at}: position 44 (check digit of the composite) is '2', computed 3"),
        ],
    );
    expect(&with(44, '3'), None, &[&format!("{at}: position 44 (check digit of the composite) is '3', computed 2")]);
}

#[test]
fn passport_lines_agree_with_the_fields() {
    let p = "documents.passport";
    let doc = edited!(Passport, |d| {
        d.passport_number = "C1234568".to_owned();
        d.nationality = "vnm".to_owned();
        d.birth_date = date("1999-05-15");
        d.sex = Sex::Female;
        d.expiry = date("2034-06-02");
        d.optional_data = Some(String::new());
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.nationality: contains 'v'; only A–Z and < are allowed"),
            &format!("{p}.optional_data: is present but empty; leave it out"),
            &format!("{p}.passport_number: differs from the header's document_number (\"C1234567\")"),
            &format!("{p}.expiry: 2034-06-02 differs from the header's expiry (2034-06-01)"),
            &format!("{p}.mrz_line2: positions 1–9 read \"C1234567<\", but passport_number gives \"C1234568<\""),
            &format!("{p}.mrz_line2: positions 11–13 read \"VNM\", but nationality gives \"vnm\""),
            &format!("{p}.mrz_line2: positions 14–19 read \"990514\", but birth_date gives \"990515\""),
            &format!("{p}.mrz_line2: positions 22–27 read \"340601\", but expiry gives \"340602\""),
            &format!(
                "{p}.mrz_line2: positions 29–42 read \"001099012345<<\", but optional_data gives \"<<<<<<<<<<<<<<\""
            ),
            &format!("{p}.mrz_line2: position 21 reads 'M', but sex gives 'F'"),
        ],
    );
    let doc = edited!(Passport, |d| {
        d.issuing_state = "VN".to_owned();
        d.surname = "Trần".to_owned();
        d.passport_number = "C-1".to_owned();
        d.header.document_number = "C-1".to_owned();
    });
    let got = issues(&doc, None);
    for want in [
        format!("{p}.passport_number: contains '-'; only A–Z and 0–9 are allowed"),
        format!("{p}.issuing_state: \"VN\" is not a 3-letter code"),
        format!("{p}.mrz_line1: positions 3–5 read \"VNM\", but issuing_state gives \"VN<\""),
        format!(
            "{p}.mrz_line1: positions 6–44 read \"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<\", but surname and given_names give \"TRAN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<<<\""
        ),
    ] {
        assert!(got.contains(&want), "{want}\nnot in {got:#?}");
    }
}

#[test]
fn passport_line_form_and_names() {
    let p = "documents.passport";
    let doc = edited!(Passport, |d| {
        d.mrz_line1 = "P<VNM".to_owned();
        d.mrz_line2 = d.mrz_line2.to_lowercase();
        d.given_names = String::new();
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.given_names: is required and empty"),
            &format!("{p}.mrz_line1: is 5 characters; a TD3 line has 44"),
            &format!("{p}.mrz_line2: contains 'c'; only A–Z, 0–9 and < are allowed"),
        ],
    );
    let doc = edited!(Passport, |d| {
        d.mrz_line1.replace_range(5..6, "Đ");
        d.optional_data = Some("0010990-2345".to_owned());
        d.mrz_line2.replace_range(28..40, "0010990<2345");
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.optional_data: contains '-'; only A–Z, 0–9 and < are allowed"),
            &format!("{p}.mrz_line1: contains 'Đ'; only A–Z, 0–9 and < are allowed"),
            &format!("{p}.mrz_line2: position 43 (check digit of the optional data) is '0', computed 7"),
            &format!("{p}.mrz_line2: position 44 (check digit of the composite) is '2', computed 9"),
            &format!(
                "{p}.mrz_line2: positions 29–42 read \"0010990<2345<<\", but optional_data gives \"0010990-2345<<\""
            ),
        ],
    );
    let doc = edited!(Passport, |d| d.mrz_line1.replace_range(0..1, "I"));
    expect(&doc, None, &[&format!("{p}.mrz_line1: starts with \"I\"; a passport's document code starts with P")]);
    // A name too long for 39 characters is truncated (ICAO 9303-3 §4.6), and the line must say so.
    let long = "Văn An Bình Minh Quang Huy Hoàng Long Phúc";
    let doc = edited!(Passport, |d| {
        d.given_names = long.to_owned();
        (d.mrz_line1, d.mrz_line2) = d.computed_mrz();
    });
    let Document::Passport(passport) = &doc else { unreachable!() };
    assert_eq!(&passport.mrz_line1[5..], "NGUYEN<<VAN<AN<BINH<MINH<QUANG<HUY<HOAN");
    expect(&doc, None, &[]);
    let doc = edited!(Passport, |d| d.given_names = long.to_owned());
    expect(
        &doc,
        None,
        &[&format!(
            "{p}.mrz_line1: positions 6–44 read \"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<\", but surname and given_names give \"NGUYEN<<VAN<AN<BINH<MINH<QUANG<HUY<HOAN\""
        )],
    );
}

#[test]
fn passport_dates() {
    let p = "documents.passport";
    let doc = edited!(Passport, |d| d.header.issue_date = date("2034-06-01"));
    expect(&doc, None, &[&format!("{p}.expiry: 2034-06-01 is not after the issue date (2034-06-01)")]);
    let doc = edited!(Passport, |d| d.header.issue_date = date("1999-05-14"));
    expect(&doc, None, &[&format!("{p}.birth_date: 1999-05-14 is not before the issue date (1999-05-14)")]);
}

#[test]
fn passport_matches_the_holder() {
    let p = "documents.passport";
    let mut other = holder();
    other.birth_date = date("1999-05-15");
    other.sex = Sex::Female;
    other.full_name = "Nguyễn Thị An".to_owned();
    expect(
        &sample(DocumentType::Passport),
        Some(&other),
        &[
            &format!("{p}.birth_date: 1999-05-14 is not the card holder's date of birth (1999-05-15)"),
            &format!("{p}.sex: Male is not the card holder's sex (Female)"),
            &format!(
                "{p}.surname: surname and given names \"Nguyễn Văn An\" are not the card holder's name \"Nguyễn Thị An\""
            ),
        ],
    );
}

#[test]
fn empty_optional_data_may_have_filler_or_zero_check_digit() {
    let doc = edited!(Passport, |d| {
        d.optional_data = None;
        (d.mrz_line1, d.mrz_line2) = d.computed_mrz();
    });
    let Document::Passport(p) = &doc else { unreachable!() };
    assert_eq!(&p.mrz_line2[28..44], "<<<<<<<<<<<<<<<2");
    expect(&doc, Some(&holder()), &[]);
    let doc = edited!(Passport, |d| {
        d.optional_data = None;
        d.mrz_line2 = "C1234567<0VNM9905142M3406016<<<<<<<<<<<<<<02".to_owned();
    });
    expect(&doc, None, &[]);
}

// ---------------------------------------------------------------- 5 social insurance book

#[test]
fn social_insurance_rules() {
    let p = "documents.social_insurance";
    let doc = edited!(SocialInsurance, |d| {
        d.social_insurance_number = "ABC".to_owned();
        d.holder_name = String::new();
        d.birth_date = date("2021-08-02");
        d.participation[0].employer = String::new();
        d.participation[1].to = Some(date("2023-12-31"));
        d.participation[1].unknown = vec![raw(&[0x80, 0x00])];
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.social_insurance_number: \"ABC\" is not 10 digits"),
            &format!("{p}.holder_name: is required and empty"),
            &format!("{p}.birth_date: 2021-08-02 is not before the issue date (2021-08-02)"),
            &format!("{p}.participation[0].employer: is required and empty"),
            &format!("{p}.participation[0].from: 2021-08-01 is not after the date of birth (2021-08-02)"),
            &format!("{p}.participation[1].to: 2023-12-31 is before the start of the period (2024-01-01)"),
            &format!(
                "{p}.participation[1].unknown[0]: tag 80 is the tag of `employer`; an unknown object cannot reuse it"
            ),
        ],
    );
    let doc = edited!(SocialInsurance, |d| {
        d.participation = (0..41)
            .map(|i| Participation {
                employer: format!("Công ty Mẫu {i}"),
                from: date("2022-01-01"),
                to: None,
                unknown: Vec::new(),
            })
            .collect();
    });
    expect(&doc, None, &[&format!("{p}.participation: has 41 entries; at most 40 fit the card")]);
}

#[test]
fn social_insurance_matches_the_holder() {
    let p = "documents.social_insurance";
    let mut other = holder();
    other.full_name = "Nguyễn Văn Anh".to_owned();
    other.birth_date = date("1999-05-15");
    expect(
        &sample(DocumentType::SocialInsurance),
        Some(&other),
        &[
            &format!("{p}.holder_name: \"Nguyễn Văn An\" is not the card holder's name \"Nguyễn Văn Anh\""),
            &format!("{p}.birth_date: 1999-05-14 is not the card holder's date of birth (1999-05-15)"),
        ],
    );
}

// ---------------------------------------------------------------- 6 birth certificate

#[test]
fn birth_certificate_texts() {
    let p = "documents.birth_certificate";
    let doc = edited!(BirthCertificate, |d| {
        d.registration_number = String::new();
        d.book_number = Some(" ".to_owned());
        d.child_name = String::new();
        d.place_of_birth = String::new();
        d.registering_authority = String::new();
        if let Some(father) = &mut d.father {
            father.name = String::new();
            father.unknown = vec![raw(&[0x81, 0x00])];
        }
        if let Some(mother) = &mut d.mother {
            mother.nationality = "x".repeat(51);
        }
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.registration_number: is required and empty"),
            &format!("{p}.book_number: is present but empty; leave it out"),
            &format!("{p}.child_name: is required and empty"),
            &format!("{p}.place_of_birth: is required and empty"),
            &format!("{p}.registering_authority: is required and empty"),
            &format!("{p}.father.name: is required and empty"),
            &format!("{p}.father.unknown[0]: tag 81 is the tag of `nationality`; an unknown object cannot reuse it"),
            &format!("{p}.mother.nationality: is 51 bytes long; at most 50 fit the card"),
        ],
    );
    // Parents are optional.
    let doc = edited!(BirthCertificate, |d| (d.father, d.mother, d.book_number) = (None, None, None));
    expect(&doc, Some(&holder()), &[]);
}

#[test]
fn birth_certificate_dates_and_holder() {
    let p = "documents.birth_certificate";
    let doc = edited!(BirthCertificate, |d| d.registration_date = date("1999-05-13"));
    expect(&doc, None, &[&format!("{p}.registration_date: 1999-05-13 is before the date of birth (1999-05-14)")]);
    let doc = edited!(BirthCertificate, |d| d.registration_date = date("1999-05-21"));
    expect(
        &doc,
        None,
        &[&format!("{p}.registration_date: 1999-05-21 is after the certificate's issue date (1999-05-20)")],
    );
    // Registered on the day of birth: fine.
    let doc = edited!(BirthCertificate, |d| d.registration_date = date("1999-05-14"));
    expect(&doc, None, &[]);
    let other = cccd_documents::Holder {
        full_name: "Nguyễn Thị An".to_owned(),
        birth_date: date("1999-05-15"),
        sex: Sex::Female,
        ..holder()
    };
    expect(
        &sample(DocumentType::BirthCertificate),
        Some(&other),
        &[
            &format!("{p}.child_name: \"Nguyễn Văn An\" is not the card holder's name \"Nguyễn Thị An\""),
            &format!("{p}.birth_date: 1999-05-14 is not the card holder's date of birth (1999-05-15)"),
            &format!("{p}.sex: Male is not the card holder's sex (Female)"),
        ],
    );
}

// ---------------------------------------------------------------- 7 marriage certificate

#[test]
fn marriage_spouses() {
    let p = "documents.marriage_certificate";
    let doc = edited!(MarriageCertificate, |d| d.spouses.truncate(1));
    expect(&doc, None, &[&format!("{p}.spouses: names 1 spouse(s); a marriage certificate names exactly 2")]);
    let doc = edited!(MarriageCertificate, |d| {
        d.spouses[0].name = String::new();
        d.spouses[0].unknown = vec![raw(&[0x82, 0x00])];
        d.spouses[1].personal_number = "079301123456".to_owned();
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.spouses[0].name: is required and empty"),
            &format!(
                "{p}.spouses[0].unknown[0]: tag 82 is the tag of `personal_number`; an unknown object cannot reuse it"
            ),
            &format!(
                "{p}.spouses[1].personal_number: digits 4–6 (301) encode birth year 2001, but the date of birth is 2000-02-29"
            ),
        ],
    );
    let doc = edited!(MarriageCertificate, |d| d.spouses[1].personal_number = "12345".to_owned());
    expect(&doc, None, &[&format!("{p}.spouses[1].personal_number: \"12345\" is not 12 digits")]);
    let doc = edited!(MarriageCertificate, |d| {
        d.spouses[1].personal_number = d.spouses[0].personal_number.clone();
        d.spouses[1].birth_date = d.spouses[0].birth_date;
    });
    expect(&doc, None, &[&format!("{p}.spouses[1].personal_number: is the same as spouses[0].personal_number")]);
}

#[test]
fn marriage_dates_and_holder() {
    let p = "documents.marriage_certificate";
    let doc = edited!(MarriageCertificate, |d| {
        d.spouses[1].birth_date = date("2024-10-12");
        d.spouses[1].personal_number = "079324123456".to_owned();
        d.registration_number = String::new();
        d.registering_authority = String::new();
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.registration_number: is required and empty"),
            &format!("{p}.registering_authority: is required and empty"),
            &format!("{p}.spouses[1].birth_date: 2024-10-12 is not before the registration date (2024-10-12)"),
        ],
    );
    let doc = edited!(MarriageCertificate, |d| d.registration_date = date("2024-10-13"));
    expect(
        &doc,
        None,
        &[&format!("{p}.registration_date: 2024-10-13 is after the certificate's issue date (2024-10-12)")],
    );
    let stranger = cccd_documents::Holder { personal_number: "079305000001".parse().unwrap(), ..holder() };
    expect(
        &sample(DocumentType::MarriageCertificate),
        Some(&stranger),
        &[&format!("{p}.spouses: neither spouse has the card holder's personal number (079305000001)")],
    );
    let older = cccd_documents::Holder { birth_date: date("1999-05-15"), ..holder() };
    expect(
        &sample(DocumentType::MarriageCertificate),
        Some(&older),
        &[&format!("{p}.spouses[0].birth_date: 1999-05-14 is not the card holder's date of birth (1999-05-15)")],
    );
}

// ---------------------------------------------------------------- 8 vehicle registration

#[test]
fn vehicle_registration_rules() {
    let p = "documents.vehicle_registration";
    let doc = edited!(VehicleRegistration, |d| {
        d.plate_number = "30a-999/99".to_owned();
        d.engine_number = "EM 123".to_owned();
        d.chassis_number = "R".repeat(33);
        d.owner = String::new();
        d.brand = String::new();
        d.model = String::new();
        d.colour = String::new();
        d.vehicle_type = String::new();
        d.registration_number = String::new();
        d.registration_date = date("2025-04-03");
    });
    expect(
        &doc,
        None,
        &[
            &format!("{p}.registration_number: is required and empty"),
            &format!("{p}.plate_number: contains 'a'; only A–Z, 0–9, '-', '.' and space are allowed"),
            &format!("{p}.engine_number: contains ' '; only A–Z, 0–9 and '-' are allowed"),
            &format!("{p}.chassis_number: is 33 bytes long; at most 32 fit the card"),
            &format!("{p}.owner: is required and empty"),
            &format!("{p}.brand: is required and empty"),
            &format!("{p}.model: is required and empty"),
            &format!("{p}.colour: is required and empty"),
            &format!("{p}.vehicle_type: is required and empty"),
            &format!("{p}.registration_date: 2025-04-03 is after the certificate's issue date (2025-04-02)"),
        ],
    );
}

// ---------------------------------------------------------------- the index

#[test]
fn index_lists_what_is_present() {
    let docs = common::documents(common::SAMPLES[2].1);
    assert_eq!(docs.index().types(), [DocumentType::DrivingLicence]);
}
