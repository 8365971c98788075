//! Properties: no decoder panics on any input; encode → decode is the identity for valid values.

use cccd_lds::{
    BiometricHeader, CardDate, Date, Dg1, Dg2, Dg13, EfCom, FaceImage, FaceInfo, FaceRecord, FeaturePoint, Mrz,
    MrzFormat, RawField, Sex, jpeg_dimensions,
};
use proptest::prelude::*;

fn date() -> impl Strategy<Value = Date> {
    (1930u16..2090, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn words(max_words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Z]{1,8}", 1..=max_words).prop_map(|w| w.join(" "))
}

fn mrz() -> impl Strategy<Value = Mrz> {
    let format = prop_oneof![Just(MrzFormat::Td1), Just(MrzFormat::Td2), Just(MrzFormat::Td3)];
    (
        format,
        "[A-Z][A-Z<]",
        "[A-Z]{3}",
        "[A-Z]{3}",
        date(),
        date(),
        prop_oneof![Just(Sex::Male), Just(Sex::Female), Just(Sex::Unspecified)],
    )
        .prop_flat_map(|(format, code, state, nationality, birth, expiry, sex)| {
            let (number_max, opt_max, opt2_max) = match format {
                MrzFormat::Td1 => (12, 15, 11),
                MrzFormat::Td2 => (9, 7, 0),
                MrzFormat::Td3 => (9, 14, 0),
            };
            (
                Just((format, code, state, nationality, birth, expiry, sex)),
                prop::string::string_regex(&format!("[A-Z0-9]{{1,{number_max}}}")).unwrap(),
                prop::string::string_regex(&format!("[A-Z0-9]{{0,{opt_max}}}")).unwrap(),
                prop::string::string_regex(&format!("[A-Z0-9]{{0,{opt2_max}}}")).unwrap(),
                words(2),
                prop_oneof![Just(String::new()), words(3)],
            )
        })
        .prop_map(
            |((format, code, state, nationality, birth, expiry, sex), number, mut opt, opt2, primary, secondary)| {
                if number.len() > 9 {
                    opt.truncate(15 - (number.len() - 9) - 2);
                }
                Mrz {
                    format,
                    document_code: code,
                    issuing_state: state,
                    document_number: number,
                    birth_date: birth.to_yymmdd(),
                    sex,
                    expiry_date: expiry.to_yymmdd(),
                    nationality,
                    optional_data: opt,
                    optional_data_2: opt2,
                    primary_identifier: primary,
                    secondary_identifier: secondary,
                }
            },
        )
        .prop_filter("name must fit without truncation", |m| {
            let width = match m.format {
                MrzFormat::Td1 => 30,
                MrzFormat::Td2 => 31,
                MrzFormat::Td3 => 39,
            };
            m.primary_identifier.len() + 2 + m.secondary_identifier.len() <= width
        })
}

fn card_date() -> impl Strategy<Value = CardDate> {
    prop_oneof![date().prop_map(CardDate::Date), "[a-zA-Zà-ỹ ]{0,12}".prop_map(CardDate::Text)]
}

fn dg13() -> impl Strategy<Value = Dg13> {
    let text = || "[^\\p{C}]{0,60}";
    let name = || prop::option::of("[^\\p{C}]{1,40}");
    (
        ("[0-9]{12}", text(), card_date(), text(), text(), text(), text(), text(), text(), text()),
        (card_date(), card_date(), name(), name(), name(), prop::option::of("[0-9]{9}")),
        (
            prop::option::of(prop::collection::vec(any::<u8>(), 0..20)),
            prop::collection::vec((17u32..100_000, prop::collection::vec(any::<u8>(), 0..10)), 0..3),
        ),
    )
        .prop_map(|(a, b, c)| Dg13 {
            personal_number: a.0,
            full_name: a.1,
            birth_date: a.2,
            sex: a.3,
            nationality: a.4,
            ethnicity: a.5,
            religion: a.6,
            place_of_origin: a.7,
            place_of_residence: a.8,
            identifying_marks: a.9,
            issue_date: b.0,
            expiry_date: b.1,
            father_name: b.2,
            mother_name: b.3,
            spouse_name: b.4,
            old_id_number: b.5,
            // Raw parts are stored as TLV-wrapped octets so they are well-formed as read from a card.
            field_16: c.0.map(|v| [&[0x04, v.len() as u8][..], &v].concat()),
            unknown_fields: c
                .1
                .into_iter()
                .map(|(n, v)| RawField { number: Some(n), raw: [&[0x04, v.len() as u8][..], &v].concat() })
                .collect(),
        })
}

fn dg2() -> impl Strategy<Value = Dg2> {
    let point = (any::<u8>(), any::<u8>(), any::<u16>(), any::<u16>()).prop_map(|(kind, code, x, y)| FeaturePoint {
        kind,
        code,
        x,
        y,
    });
    let image = (
        prop::collection::vec(any::<u8>(), 0..600),
        any::<u16>(),
        any::<u16>(),
        prop::collection::vec(point, 0..3),
        any::<[u8; 3]>(),
        0u32..0x100_0000,
    )
        .prop_map(|(bytes, w, h, points, pose, mask)| {
            let mut img = FaceImage::jpeg(bytes, w, h);
            img.feature_points = points;
            img.pose_angle = pose;
            img.feature_mask = mask;
            img
        });
    let header = (
        prop::option::of(any::<u16>()),
        prop::option::of(0u32..0x100_0000),
        prop::option::of(any::<u8>()),
        prop::option::of(prop::collection::vec(any::<u8>(), 7)),
    )
        .prop_map(|(version, biometric_type, subtype, creation)| BiometricHeader {
            version,
            biometric_type,
            subtype,
            creation_date_time: creation,
            ..BiometricHeader::default()
        });
    prop::collection::vec((header, prop::collection::vec(image, 1..3), any::<bool>()), 1..3).prop_map(|faces| Dg2 {
        faces: faces
            .into_iter()
            .map(|(header, images, constructed_data_tag)| FaceInfo {
                header,
                record: FaceRecord { images },
                constructed_data_tag,
            })
            .collect(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decoders_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = EfCom::decode(&bytes);
        let _ = Dg1::decode_checked(&bytes);
        let _ = Dg2::decode(&bytes);
        let _ = Dg13::decode(&bytes);
        let _ = FaceRecord::decode(&bytes);
        let _ = jpeg_dimensions(&bytes);
        let _ = Mrz::parse(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn decoders_never_panic_on_damaged_files(
        which in 0usize..4,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = match which {
            0 => EfCom::for_data_groups(&[1, 2, 13]).encode(),
            1 => Dg1 { mrz: Mrz::parse("IDVNM0990123459001099012345<<09901018M3901016VNM<<<<<<<<<<<0NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<").unwrap().mrz }.encode(),
            2 => Dg2::from_jpeg(vec![0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9], 2, 3).encode(),
            _ => Dg13 { personal_number: "001099012345".into(), father_name: Some("Cha".into()), ..Dg13::default() }.encode(),
        };
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        let _ = EfCom::decode(&bytes);
        let _ = Dg1::decode_checked(&bytes);
        let _ = Dg2::decode(&bytes);
        let _ = Dg13::decode(&bytes);
    }

    #[test]
    fn mrz_parse_never_panics_on_mrz_shaped_text(len in prop::sample::select(vec![72usize, 88, 90]), seed in "[A-Z0-9<]{90}") {
        let _ = Mrz::parse(&seed[..len]);
    }

    #[test]
    fn mrz_round_trip(m in mrz()) {
        let parsed = Mrz::parse(&m.to_text()).unwrap();
        prop_assert!(parsed.all_ok(), "{:?}", parsed.failed().collect::<Vec<_>>());
        prop_assert_eq!(&parsed.mrz, &m);
        let dg1 = Dg1 { mrz: m };
        prop_assert_eq!(Dg1::decode(&dg1.encode()).unwrap(), dg1);
    }

    #[test]
    fn dg13_round_trip(d in dg13()) {
        let back = Dg13::decode(&d.encode()).unwrap();
        prop_assert_eq!(&back, &d);
        let json = serde_json::to_string(&d).unwrap();
        prop_assert_eq!(serde_json::from_str::<Dg13>(&json).unwrap(), d);
    }

    #[test]
    fn dg2_round_trip(d in dg2()) {
        prop_assert_eq!(Dg2::decode(&d.encode()).unwrap(), d.clone());
        let json = serde_json::to_string(&d).unwrap();
        prop_assert_eq!(serde_json::from_str::<Dg2>(&json).unwrap(), d);
    }

    #[test]
    fn ef_com_round_trip(lds in "[0-9]{4}", unicode in "[0-9]{6}", tags in prop::collection::vec(any::<u8>(), 0..16)) {
        let com = EfCom { lds_version: lds, unicode_version: unicode, tag_list: tags };
        prop_assert_eq!(EfCom::decode(&com.encode()).unwrap(), com);
    }
}
