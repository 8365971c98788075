//! Properties: decoders never panic on any bytes, generated documents round-trip exactly, and validation
//! never panics on any value.

mod common;

use cccd_documents::{
    BirthCertificate, CareFacility, Document, DocumentIndex, DrivingLicence, Header, HealthInsurance, LicenceClass,
    LicenceEntry, MarriageCertificate, Parent, Participation, Passport, RawDataObject, SocialInsuranceBook, Spouse,
    TaxCode, VehicleRegistration, signed_data,
};
use cccd_lds::{Date, Sex, Validation};
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["\\PC{0,24}", "[A-Z0-9<]{0,16}", "[0-9]{10,14}"]
}

fn date() -> impl Strategy<Value = Date> {
    (1800u16..2400, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| Date::new(y, m, d).unwrap_or_else(|_| Date::new(y, m, 28).unwrap()))
}

fn sex() -> impl Strategy<Value = Sex> {
    prop_oneof![Just(Sex::Male), Just(Sex::Female), Just(Sex::Unspecified)]
}

/// Objects no schema element uses: context-class tags with numbers 32–126, primitive or constructed.
fn unknown() -> impl Strategy<Value = Vec<RawDataObject>> {
    vec(
        (prop_oneof![Just(0x9Fu8), Just(0xBF)], 0x20u8..0x7F, vec(any::<u8>(), 0..6)).prop_map(|(first, n, v)| {
            let value = if first == 0xBF { [vec![0x80, v.len() as u8], v].concat() } else { v };
            RawDataObject::new([vec![first, n, value.len() as u8], value].concat()).unwrap()
        }),
        0..3,
    )
}

fn signature() -> impl Strategy<Value = Option<Vec<u8>>> {
    of(vec(any::<u8>(), 0..80))
}

fn header() -> impl Strategy<Value = Header> {
    (any::<u8>(), text(), text(), date(), of(date()), unknown()).prop_map(
        |(schema_version, document_number, issuing_authority, issue_date, expiry, unknown)| Header {
            schema_version,
            document_number,
            issuing_authority,
            issue_date,
            expiry,
            unknown,
        },
    )
}

fn health_insurance() -> impl Strategy<Value = Document> {
    (header(), text(), of(text()), (text(), text(), unknown()), date(), of(date()), signature(), unknown()).prop_map(
        |(header, n, legacy, (code, name, cu), from, to, signature, unknown)| {
            Document::HealthInsurance(HealthInsurance {
                header,
                social_insurance_number: n,
                legacy_code: legacy,
                care_facility: CareFacility { code, name, unknown: cu },
                valid_from: from,
                valid_to: to,
                signature,
                unknown,
            })
        },
    )
}

fn tax() -> impl Strategy<Value = Document> {
    (header(), text(), of(text()), text(), signature(), unknown()).prop_map(
        |(header, personal_number, legacy_tax_code, tax_office, signature, unknown)| {
            Document::Tax(TaxCode { header, personal_number, legacy_tax_code, tax_office, signature, unknown })
        },
    )
}

fn licence() -> impl Strategy<Value = Document> {
    let entry = (proptest::sample::select(LicenceClass::ALL.to_vec()), date(), of(date()), unknown())
        .prop_map(|(class, issue_date, expiry, unknown)| LicenceEntry { class, issue_date, expiry, unknown });
    (header(), text(), vec(entry, 1..5), signature(), unknown()).prop_map(
        |(header, licence_number, classes, signature, unknown)| {
            Document::DrivingLicence(DrivingLicence { header, licence_number, classes, signature, unknown })
        },
    )
}

fn passport() -> impl Strategy<Value = Document> {
    let names = (text(), text(), text(), text(), text());
    let mrz = (of(text()), "[A-Z0-9<]{44}|\\PC{0,50}", "[A-Z0-9<]{44}|\\PC{0,50}");
    (header(), names, date(), sex(), date(), mrz, signature(), unknown()).prop_map(
        |(
            header,
            (number, state, surname, given, nationality),
            dob,
            sex,
            expiry,
            (opt, l1, l2),
            signature,
            unknown,
        )| {
            Document::Passport(Passport {
                header,
                passport_number: number,
                issuing_state: state,
                surname,
                given_names: given,
                nationality,
                birth_date: dob,
                sex,
                expiry,
                optional_data: opt,
                mrz_line1: l1,
                mrz_line2: l2,
                signature,
                unknown,
            })
        },
    )
}

fn social_insurance() -> impl Strategy<Value = Document> {
    let period = (text(), date(), of(date()), unknown()).prop_map(|(employer, from, to, unknown)| Participation {
        employer,
        from,
        to,
        unknown,
    });
    (header(), text(), text(), date(), vec(period, 0..4), signature(), unknown()).prop_map(
        |(header, n, name, dob, participation, signature, unknown)| {
            Document::SocialInsurance(SocialInsuranceBook {
                header,
                social_insurance_number: n,
                holder_name: name,
                birth_date: dob,
                participation,
                signature,
                unknown,
            })
        },
    )
}

fn birth_certificate() -> impl Strategy<Value = Document> {
    let parent = || {
        of((text(), text(), unknown()).prop_map(|(name, nationality, unknown)| Parent { name, nationality, unknown }))
    };
    let child = (text(), of(text()), text(), sex(), date(), text());
    (header(), child, parent(), parent(), date(), text(), signature(), unknown()).prop_map(
        |(header, (reg, book, name, sex, dob, place), father, mother, reg_date, authority, signature, unknown)| {
            Document::BirthCertificate(BirthCertificate {
                header,
                registration_number: reg,
                book_number: book,
                child_name: name,
                sex,
                birth_date: dob,
                place_of_birth: place,
                father,
                mother,
                registration_date: reg_date,
                registering_authority: authority,
                signature,
                unknown,
            })
        },
    )
}

fn marriage_certificate() -> impl Strategy<Value = Document> {
    let spouse = (text(), date(), text(), unknown()).prop_map(|(name, birth_date, personal_number, unknown)| Spouse {
        name,
        birth_date,
        personal_number,
        unknown,
    });
    (header(), text(), vec(spouse, 0..4), date(), text(), signature(), unknown()).prop_map(
        |(header, reg, spouses, reg_date, authority, signature, unknown)| {
            Document::MarriageCertificate(MarriageCertificate {
                header,
                registration_number: reg,
                spouses,
                registration_date: reg_date,
                registering_authority: authority,
                signature,
                unknown,
            })
        },
    )
}

fn vehicle_registration() -> impl Strategy<Value = Document> {
    let texts = (text(), text(), text(), text(), text(), text(), text(), text(), text());
    (header(), texts, date(), signature(), unknown()).prop_map(
        |(header, (reg, plate, owner, brand, model, colour, engine, chassis, kind), date, signature, unknown)| {
            Document::VehicleRegistration(VehicleRegistration {
                header,
                registration_number: reg,
                plate_number: plate,
                owner,
                brand,
                model,
                colour,
                engine_number: engine,
                chassis_number: chassis,
                vehicle_type: kind,
                registration_date: date,
                signature,
                unknown,
            })
        },
    )
}

fn document() -> impl Strategy<Value = Document> {
    prop_oneof![
        health_insurance(),
        tax(),
        licence(),
        passport(),
        social_insurance(),
        birth_certificate(),
        marriage_certificate(),
        vehicle_registration(),
    ]
}

/// Decodes with every entry point, then validates whatever decoded: none may panic.
fn poke(bytes: &[u8]) {
    let holder = common::holder();
    if let Ok(decoded) = Document::decode_with_signed_data(bytes) {
        let mut v = Validation::new();
        decoded.document.validate(Some(&holder), &mut v);
        let again = decoded.document.encode();
        assert_eq!(Document::decode(&again).as_ref(), Ok(&decoded.document));
    }
    let _ = signed_data(bytes);
    let _ = DocumentIndex::decode(bytes).map(|i| i.validate(&mut Validation::new()));
    let _ = HealthInsurance::decode(bytes);
    let _ = TaxCode::decode(bytes);
    let _ = DrivingLicence::decode(bytes);
    let _ = Passport::decode(bytes);
    let _ = SocialInsuranceBook::decode(bytes);
    let _ = BirthCertificate::decode(bytes);
    let _ = MarriageCertificate::decode(bytes);
    let _ = VehicleRegistration::decode(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in vec(any::<u8>(), 0..300)) {
        poke(&bytes);
    }

    #[test]
    fn decoders_never_panic_on_damaged_documents(
        which in 0usize..8,
        edits in vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = common::all_samples()[which].encode();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        poke(&bytes);
        poke(&bytes[..cut.index(bytes.len() + 1)]);
    }

    #[test]
    fn generated_documents_round_trip(doc in document()) {
        let bytes = doc.encode();
        let decoded = Document::decode_with_signed_data(&bytes).unwrap();
        prop_assert_eq!(&decoded.document, &doc);
        prop_assert_eq!(decoded.document.encode(), bytes);
        prop_assert_eq!(decoded.signed_data, doc.signed_data());
        let json = serde_json::to_string(&doc).unwrap();
        prop_assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), doc.clone());
        let mut v = Validation::new();
        doc.validate(Some(&common::holder()), &mut v);
    }

    #[test]
    fn index_round_trips(codes in vec(any::<u8>(), 0..12)) {
        let index = DocumentIndex { codes };
        prop_assert_eq!(DocumentIndex::decode(&index.encode()).unwrap(), index);
    }

    #[test]
    fn validation_never_panics_near_fixed_widths(
        legacy in "\\PC{13,16}",
        mst in "[0-9-]{9,15}|\\PC{10,14}",
        line in "\\PC{40,46}",
    ) {
        let mut docs = common::all_samples();
        if let Document::HealthInsurance(d) = &mut docs[0] { d.legacy_code = Some(legacy); }
        if let Document::Tax(d) = &mut docs[1] { d.legacy_tax_code = Some(mst); }
        if let Document::Passport(d) = &mut docs[3] { d.mrz_line1 = line.clone(); d.mrz_line2 = line; }
        for doc in docs {
            let mut v = Validation::new();
            doc.validate(Some(&common::holder()), &mut v);
        }
    }
}

proptest! {
    /// The authority-key list the card receives at personalization: any bytes give a value or an error, and every
    /// list of known types with 65-byte uncompressed points round-trips exactly.
    #[test]
    fn authority_keys_decode_any_bytes_and_round_trip(
        garbage in vec(any::<u8>(), 0..300),
        entries in vec((vec(0usize..8, 0..8), vec(any::<u8>(), 64)), 0..6),
    ) {
        let _ = cccd_documents::AuthorityKeys::decode(&garbage);
        let keys = cccd_documents::AuthorityKeys {
            keys: entries
                .into_iter()
                .map(|(types, xy)| cccd_documents::AuthorityKey {
                    types: types.into_iter().map(|i| cccd_documents::DocumentType::ALL[i]).collect(),
                    public_key: [&[0x04u8][..], &xy].concat(),
                })
                .collect(),
        };
        prop_assert_eq!(cccd_documents::AuthorityKeys::decode(&keys.encode()).unwrap(), keys);
    }
}
