//! How the file types look in JSON: snake_case names, images in base64, short binary in hex.

use cccd_lds::{Date, Dg1, Dg2, EfCom, Mrz, PersonalNumber, Sex, synthetic_portrait};

#[test]
fn binary_fields_are_base64_or_hex() {
    let dg2 = Dg2::from_jpeg(vec![0xFF, 0xD8, 0xFF, 0xD9], 1, 1);
    let json = serde_json::to_value(&dg2).unwrap();
    let image = &json["faces"][0]["record"]["images"][0];
    assert_eq!(image["image"], "/9j/2Q==");
    assert_eq!(image["image_data_type"], 0);
    assert_eq!(json["faces"][0]["header"]["format_type"], 8);
    assert_eq!(serde_json::from_value::<Dg2>(json).unwrap(), dg2);

    let com = EfCom::for_data_groups(&[1, 2, 13]);
    let json = serde_json::to_value(&com).unwrap();
    assert_eq!(json, serde_json::json!({"lds_version": "0107", "unicode_version": "040000", "tag_list": "61756D"}));
    assert_eq!(serde_json::from_value::<EfCom>(json).unwrap(), com);
}

#[test]
fn mrz_json_is_snake_case() {
    let pin: PersonalNumber = "079305000001".parse().unwrap();
    let mrz = Mrz::vietnamese(
        &pin,
        "Trần Thị Bình",
        Date::new(2005, 3, 4).unwrap(),
        Sex::Female,
        Date::new(2030, 3, 4).unwrap(),
    );
    let json = serde_json::to_value(Dg1 { mrz: mrz.clone() }).unwrap();
    assert_eq!(json["mrz"]["format"], "td1");
    assert_eq!(json["mrz"]["document_number"], "305000001");
    assert_eq!(json["mrz"]["primary_identifier"], "TRAN");
    assert_eq!(json["mrz"]["secondary_identifier"], "THI BINH");
    assert_eq!(json["mrz"]["sex"], "female");
    let parsed = Mrz::parse(&mrz.to_text()).unwrap();
    let report = serde_json::to_value(&parsed).unwrap();
    assert_eq!(
        report["checks"][0],
        serde_json::json!({"field": "document_number", "found": "7", "computed": "7", "ok": true})
    );
    assert!(synthetic_portrait(1, 16, 16).is_ok());
}
