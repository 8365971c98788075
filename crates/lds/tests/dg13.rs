//! DG13: round trip, both observed shapes of fields 13 and 14, unknown fields kept, the byte-offset fact.

use cccd_lds::{CardDate, Date, Dg13, RawField, Validation};

fn sample() -> Dg13 {
    Dg13 {
        personal_number: "001099012345".into(),
        full_name: "Nguyễn Văn A".into(),
        birth_date: CardDate::Date(Date::new(1999, 1, 1).unwrap()),
        sex: "Nam".into(),
        nationality: "Việt Nam".into(),
        ethnicity: "Kinh".into(),
        religion: "Không".into(),
        place_of_origin: "Xã Thử Nghiệm, Huyện Mẫu, Tỉnh Giả Định".into(),
        place_of_residence: "Số 1 Đường Tổng Hợp, Phường Ví Dụ, Quận Minh Họa, Thành phố Hà Nội".into(),
        identifying_marks: "Nốt ruồi C:1cm dưới sau mép trái".into(),
        issue_date: CardDate::Date(Date::new(2021, 6, 15).unwrap()),
        expiry_date: CardDate::Date(Date::new(2039, 1, 1).unwrap()),
        father_name: Some("Nguyễn Văn Bố".into()),
        mother_name: Some("Trần Thị Mẹ".into()),
        spouse_name: None,
        old_id_number: Some("012345678".into()),
        field_16: None,
        unknown_fields: Vec::new(),
    }
}

#[test]
fn round_trip_and_valid() {
    let dg = sample();
    let bytes = dg.encode();
    assert_eq!(Dg13::decode(&bytes).unwrap(), dg);
    let mut v = Validation::new();
    dg.validate(&mut v);
    assert!(v.is_ok(), "{:?}", v.issues());
    // Field 1 is a PrintableString, field 2 UTF8String; 13 is one SEQUENCE per parent; 14 omitted.
    assert!(bytes.windows(19).any(|w| w == b"\x30\x11\x02\x01\x01\x13\x0c001099012345"));
    let father = "Nguyễn Văn Bố".as_bytes();
    let mut shape = vec![0x02, 0x01, 0x0D, 0x30, (father.len() + 2) as u8, 0x0C, father.len() as u8];
    shape.extend_from_slice(father);
    assert!(bytes.windows(shape.len()).any(|w| w == shape.as_slice()));
    assert!(!bytes.windows(3).any(|w| w == [0x02, 0x01, 0x0E]));
}

#[test]
fn field_1_value_starts_at_offset_30_in_the_82_form() {
    // Long enough that the SET, the SEQUENCE and DG13 all need 82-form lengths.
    let bytes = sample().encode();
    assert_eq!((bytes[1], bytes[5], bytes[20]), (0x82, 0x82, 0x82), "{}", hex::encode_upper(&bytes[..32]));
    assert_eq!(&bytes[30..42], b"001099012345");

    // Hand-built: 82-form lengths (non-minimal here, as some cards write), version, OID, field 1 only.
    let field1 = [&[0x30, 0x11, 0x02, 0x01, 0x01, 0x13, 0x0C][..], b"079305000001"].concat();
    let mut set = vec![0x31, 0x82, 0x00, field1.len() as u8];
    set.extend(&field1);
    let mut seq = vec![0x30, 0x82, 0x00, (3 + 8 + set.len()) as u8, 0x02, 0x01, 0x01];
    seq.extend([0x06, 0x06, 0x28, 0xD3, 0x16, 0x01, 0x00, 0x08]);
    seq.extend(&set);
    let mut file = vec![0x6D, 0x82, 0x00, seq.len() as u8];
    file.extend(&seq);
    assert_eq!(&file[30..42], b"079305000001");
    let dg = Dg13::decode(&file).unwrap();
    assert_eq!(dg.personal_number, "079305000001");
    assert!(dg.unknown_fields.is_empty());
}

/// `6D { 30 { 02 01 01, 06 …, 31 { fields } } }` around hand-written field bytes.
fn wrap(fields: &[u8]) -> Vec<u8> {
    let tlv = |tag: u8, content: &[u8]| {
        let mut v = vec![tag];
        if content.len() >= 128 {
            v.extend([0x82, (content.len() >> 8) as u8, content.len() as u8]);
        } else {
            v.push(content.len() as u8);
        }
        v.extend_from_slice(content);
        v
    };
    let mut seq = hex::decode("020101060628D316010008").unwrap();
    seq.extend(tlv(0x31, fields));
    tlv(0x6D, &tlv(0x30, &seq))
}

fn utf8(s: &str) -> Vec<u8> {
    [&[0x0C, s.len() as u8][..], s.as_bytes()].concat()
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    let body = parts.concat();
    [&[0x30, body.len() as u8][..], &body].concat()
}

#[test]
fn both_shapes_of_fields_13_and_14() {
    // (b, c): each parent in its own SEQUENCE; empty spouse field `30 03 02 01 0E`.
    let b = wrap(
        &[
            seq(&[&[0x02, 0x01, 0x0D], &seq(&[&utf8("Bố Giả")]), &seq(&[&utf8("Mẹ Giả")])]),
            vec![0x30, 0x03, 0x02, 0x01, 0x0E],
        ]
        .concat(),
    );
    let dg = Dg13::decode(&b).unwrap();
    assert_eq!((dg.father_name.as_deref(), dg.mother_name.as_deref()), (Some("Bố Giả"), Some("Mẹ Giả")));
    assert_eq!(dg.spouse_name, None);
    assert!(dg.unknown_fields.is_empty(), "{:?}", dg.unknown_fields);

    // (a): one SEQUENCE { father, mother }; spouse in SEQUENCE { UTF8String }.
    let a = wrap(
        &[
            seq(&[&[0x02, 0x01, 0x0D], &seq(&[&utf8("Bố Giả"), &utf8("Mẹ Giả")])]),
            seq(&[&[0x02, 0x01, 0x0E], &seq(&[&utf8("Vợ Giả")])]),
        ]
        .concat(),
    );
    let dg = Dg13::decode(&a).unwrap();
    assert_eq!((dg.father_name.as_deref(), dg.mother_name.as_deref()), (Some("Bố Giả"), Some("Mẹ Giả")));
    assert_eq!(dg.spouse_name.as_deref(), Some("Vợ Giả"));
    assert_eq!(Dg13::decode(&dg.encode()).unwrap(), dg);

    // Only the mother known: an empty first SEQUENCE keeps her in the second slot.
    let mut only_mother = sample();
    only_mother.father_name = None;
    assert_eq!(Dg13::decode(&only_mother.encode()).unwrap(), only_mother);
}

#[test]
fn any_string_type_dispatch_on_number_and_unknown_fields_kept() {
    // Fields out of order, field 2 as PrintableString, field 12 as UTF8String, an unknown field 42,
    // field 16 raw, a non-field element, and a field 3 that is not a string.
    let field16 = [0x13, 0x04, b'A', b'B', b'C', b'D'];
    let f = [
        seq(&[&[0x02, 0x01, 0x0C], &utf8("01/01/2039")]),
        seq(&[&[0x02, 0x01, 0x02], &[0x13, 0x05], b"TEN A"]),
        seq(&[&[0x02, 0x01, 0x2A], &[0x04, 0x02, 0xBE, 0xEF]]),
        seq(&[&[0x02, 0x01, 0x10], &field16]),
        vec![0x04, 0x01, 0x00],
        seq(&[&[0x02, 0x01, 0x03], &[0x04, 0x01, 0x07]]),
        seq(&[&[0x02, 0x01, 0x01], &[0x13, 0x0C], b"001099012345"]),
    ]
    .concat();
    let dg = Dg13::decode(&wrap(&f)).unwrap();
    assert_eq!(dg.personal_number, "001099012345");
    assert_eq!(dg.full_name, "TEN A");
    assert_eq!(dg.expiry_date, CardDate::Date(Date::new(2039, 1, 1).unwrap()));
    assert_eq!(dg.field_16.as_deref(), Some(&field16[..]));
    assert_eq!(
        dg.unknown_fields,
        [
            RawField { number: Some(42), raw: vec![0x04, 0x02, 0xBE, 0xEF] },
            RawField { number: None, raw: vec![0x04, 0x01, 0x00] },
            RawField { number: Some(3), raw: vec![0x04, 0x01, 0x07] },
        ]
    );
    let again = Dg13::decode(&dg.encode()).unwrap();
    assert_eq!(again, dg, "nothing lost on re-encoding");
    let json = serde_json::to_value(&dg).unwrap();
    assert_eq!(json["field_16"], "130441424344");
    assert_eq!(json["expiry_date"], "2039-01-01");
    assert_eq!(serde_json::from_value::<Dg13>(json).unwrap(), dg);
}

#[test]
fn validation_rules() {
    let mut dg = sample();
    dg.issue_date = CardDate::Date(Date::new(1998, 1, 1).unwrap());
    dg.expiry_date = CardDate::Text("Không thời hạn".into());
    dg.sex = "Nữ".into();
    dg.old_id_number = Some("12345".into());
    dg.full_name = String::new();
    let mut v = Validation::new();
    dg.validate(&mut v);
    let paths: Vec<_> = v.issues().iter().map(|i| i.path.as_str()).collect();
    for p in ["issue_date", "expiry_date", "personal_number", "old_id_number", "full_name"] {
        assert!(paths.contains(&p), "{p} not in {paths:?}");
    }
    assert_eq!(CardDate::from_card_text("1-1-1999"), CardDate::Text("1-1-1999".into()));
    assert_eq!(CardDate::from_card_text("31/02/1999"), CardDate::Text("31/02/1999".into()));
}

#[test]
fn rejects_non_dg13() {
    assert!(Dg13::decode(&[]).is_err());
    assert!(Dg13::decode(&hex::decode("6100").unwrap()).is_err());
    assert!(Dg13::decode(&hex::decode("6D00").unwrap()).is_err());
    assert!(Dg13::decode(&hex::decode("6D0230 00").unwrap_or_default()).is_err());
    assert!(Dg13::decode(&hex::decode("6D02300031").unwrap()).is_err());
}
