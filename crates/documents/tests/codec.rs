//! Encoding and decoding: round trips for every type, signed bytes as read, unknown objects kept, and every
//! structural error.

mod common;

use cccd_documents::{
    Document, DocumentError, DocumentType, DrivingLicence, Passport, RawDataObject, TaxCode, signed_data,
};
use cccd_tlv::{Content, Tag, TlvNode};
use common::{all_samples, sample};

fn tag(raw: u32) -> Tag {
    Tag::from_u32(raw)
}

fn raw(bytes: &[u8]) -> RawDataObject {
    RawDataObject::new(bytes.to_vec()).unwrap()
}

/// The sample driving licence as an owned tree, to break on purpose.
fn licence_tree() -> TlvNode {
    TlvNode::parse(&sample(DocumentType::DrivingLicence).encode()).unwrap()
}

fn children_mut(node: &mut TlvNode) -> &mut Vec<TlvNode> {
    match &mut node.content {
        Content::Constructed(c) => c,
        Content::Primitive(_) => panic!("primitive"),
    }
}

fn decode_err(tree: &TlvNode) -> DocumentError {
    Document::decode(&tree.to_vec()).unwrap_err()
}

#[test]
fn every_type_round_trips_and_re_encodes_identically() {
    for mut doc in all_samples() {
        for signature in [None, Some(vec![0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02])] {
            match &mut doc {
                Document::HealthInsurance(d) => d.signature = signature.clone(),
                Document::Tax(d) => d.signature = signature.clone(),
                Document::DrivingLicence(d) => d.signature = signature.clone(),
                Document::Passport(d) => d.signature = signature.clone(),
                Document::SocialInsurance(d) => d.signature = signature.clone(),
                Document::BirthCertificate(d) => d.signature = signature.clone(),
                Document::MarriageCertificate(d) => d.signature = signature.clone(),
                Document::VehicleRegistration(d) => d.signature = signature.clone(),
            }
            let bytes = doc.encode();
            let decoded = Document::decode_with_signed_data(&bytes).unwrap();
            assert_eq!(decoded.document, doc);
            assert_eq!(decoded.document.encode(), bytes, "{:?}", doc.document_type());
            assert_eq!(decoded.signed_data, doc.signed_data());
            assert_eq!(signed_data(&bytes).unwrap(), doc.signed_data());
            // The file is the outer tag around header‖body and the signature.
            let outer = cccd_tlv::Tlv::parse_single(&bytes).unwrap();
            assert_eq!(outer.tag(), doc.document_type().tag());
            let mut expected = doc.signed_data();
            if let Some(sig) = &signature {
                expected.extend([0x82, sig.len() as u8]);
                expected.extend(sig);
            }
            assert_eq!(outer.value(), expected.as_slice());
            assert_eq!(doc.signature(), signature.as_deref());
        }
    }
}

#[test]
fn typed_decoders_accept_their_type_only() {
    let licence = sample(DocumentType::DrivingLicence);
    let Document::DrivingLicence(typed) = &licence else { unreachable!() };
    assert_eq!(&DrivingLicence::decode(&licence.encode()).unwrap(), typed);
    assert_eq!(typed.encode(), licence.encode());
    assert_eq!(DrivingLicence::DOCUMENT_TYPE, DocumentType::DrivingLicence);
    assert_eq!(
        Passport::decode(&licence.encode()),
        Err(DocumentError::UnexpectedTag { document: "passport", expected: tag(0xE4), found: tag(0xE3) })
    );
    // Card files are padded to their allocated size.
    let mut padded = vec![0x00, 0x00];
    padded.extend(licence.encode());
    padded.extend([0xFF; 20]);
    assert_eq!(Document::decode(&padded).unwrap(), licence);
}

#[test]
fn signed_data_is_the_bytes_as_read_not_a_re_encoding() {
    let doc = sample(DocumentType::Tax);
    let tree = TlvNode::parse(&doc.encode()).unwrap();
    let [header, body] = tree.children() else { panic!() };
    // The header again, but with a non-minimal long-form length (81 xx), which DER would not write.
    let header_value: Vec<u8> = header.children().iter().flat_map(TlvNode::to_vec).collect();
    let mut odd_header = vec![0xA0, 0x81, header_value.len() as u8];
    odd_header.extend(&header_value);
    let signature = [0x82, 0x02, 0xCA, 0xFE];
    let content: Vec<u8> = [odd_header.clone(), body.to_vec(), signature.to_vec()].concat();
    let mut file = vec![0xE2, 0x81, content.len() as u8];
    file.extend(&content);

    let decoded = Document::decode_with_signed_data(&file).unwrap();
    let as_read = [odd_header, body.to_vec()].concat();
    assert_eq!(decoded.signed_data, as_read);
    assert_eq!(signed_data(&file).unwrap(), as_read);
    assert_ne!(decoded.document.signed_data(), as_read, "a re-encoding would be minimal DER");
    assert_eq!(decoded.document.signature(), Some(&[0xCA, 0xFE][..]));
}

#[test]
fn signed_data_does_not_need_a_readable_body() {
    let mut tree = licence_tree();
    let body = &mut children_mut(&mut tree)[1];
    *body = TlvNode::constructed(tag(0xA1), vec![]);
    let file = tree.to_vec();
    assert!(Document::decode(&file).is_err());
    assert_eq!(signed_data(&file).unwrap(), file[2..].to_vec());
}

#[test]
fn unknown_objects_are_kept_and_re_emitted() {
    let Document::DrivingLicence(mut licence) = sample(DocumentType::DrivingLicence) else { unreachable!() };
    licence.unknown = vec![raw(&[0x9F, 0x20, 0x02, 0xAB, 0xCD]), raw(&[0xBF, 0x21, 0x03, 0x80, 0x01, 0x07])];
    licence.header.unknown = vec![raw(&[0x9F, 0x22, 0x00])];
    licence.classes[1].unknown = vec![raw(&[0x5F, 0x23, 0x01, 0x01])];
    let bytes = licence.encode();
    let back = DrivingLicence::decode(&bytes).unwrap();
    assert_eq!(back, licence);
    assert_eq!(back.encode(), bytes);
    let json = serde_json::to_value(&licence).unwrap();
    assert_eq!(json["unknown"][0], "9F2002ABCD");
    assert_eq!(serde_json::from_value::<DrivingLicence>(json).unwrap(), licence);

    // An unknown object in the middle of a body (a card written by someone else) is kept too; it moves
    // after the known elements on re-encode.
    let mut tree = licence_tree();
    let body = &mut children_mut(&mut tree)[1];
    children_mut(body).insert(1, TlvNode::primitive(tag(0x9F30), [1, 2, 3]));
    let Document::DrivingLicence(read) = Document::decode(&tree.to_vec()).unwrap() else { unreachable!() };
    assert_eq!(read.unknown, vec![raw(&[0x9F, 0x30, 0x03, 1, 2, 3])]);
    assert_eq!(DrivingLicence::decode(&read.encode()).unwrap(), read);
}

#[test]
fn raw_data_objects_are_exactly_one_object() {
    assert!(RawDataObject::new(vec![0x80, 0x01, 0x00]).is_ok());
    assert!(RawDataObject::new(vec![]).is_err());
    assert!(RawDataObject::new(vec![0x80, 0x02, 0x00]).is_err());
    assert!(RawDataObject::new(vec![0x80, 0x00, 0x80, 0x00]).is_err());
    assert!(serde_json::from_str::<RawDataObject>("\"80020000\"").is_ok());
    assert!(serde_json::from_str::<RawDataObject>("\"8002\"").is_err());
    assert!(serde_json::from_str::<RawDataObject>("\"zz\"").is_err());
}

#[test]
fn container_errors() {
    assert!(matches!(Document::decode(&[]), Err(DocumentError::Tlv { source: cccd_tlv::Error::Empty, .. })));
    assert!(matches!(Document::decode(&[0xE3, 0x05]), Err(DocumentError::Tlv { .. })));
    assert_eq!(Document::decode(&[0xE9, 0x00]), Err(DocumentError::UnknownDocument(tag(0xE9))));
    assert_eq!(Document::decode(&[0x61, 0x00]), Err(DocumentError::UnknownDocument(tag(0x61))));

    let mut tree = licence_tree();
    children_mut(&mut tree).remove(0);
    assert_eq!(
        decode_err(&tree),
        DocumentError::UnexpectedTag { document: "driving_licence", expected: tag(0xA0), found: tag(0xA1) }
    );
    let mut tree = licence_tree();
    children_mut(&mut tree).remove(1);
    assert_eq!(decode_err(&tree), DocumentError::Missing { document: "driving_licence", element: "body" });
    let mut tree = licence_tree();
    children_mut(&mut tree).clear();
    assert_eq!(decode_err(&tree), DocumentError::Missing { document: "driving_licence", element: "header" });
    let mut tree = licence_tree();
    children_mut(&mut tree).push(TlvNode::primitive(tag(0x83), [1]));
    assert_eq!(
        decode_err(&tree),
        DocumentError::UnexpectedTag { document: "driving_licence", expected: tag(0x82), found: tag(0x83) }
    );
    let mut tree = licence_tree();
    children_mut(&mut tree).push(TlvNode::primitive(tag(0x82), [1]));
    children_mut(&mut tree).push(TlvNode::primitive(tag(0x82), [2]));
    assert_eq!(decode_err(&tree), DocumentError::Trailing { document: "driving_licence", found: tag(0x82) });
}

/// The sample licence with the element `element` of the header (0) or body (1) replaced by `value`.
fn with_element(part: usize, element: u32, value: Option<&[u8]>) -> TlvNode {
    let mut tree = licence_tree();
    let container = &mut children_mut(&mut tree)[part];
    let items = children_mut(container);
    match (items.iter().position(|c| c.tag == tag(element)), value) {
        (Some(i), Some(v)) => items[i] = TlvNode::primitive(tag(element), v),
        (Some(i), None) => {
            items.remove(i);
        }
        (None, Some(v)) => items.push(TlvNode::primitive(tag(element), v)),
        (None, None) => {}
    }
    tree
}

#[test]
fn element_errors() {
    let invalid = |element: &'static str, reason: &str| DocumentError::Invalid {
        document: "driving_licence",
        element,
        reason: reason.to_owned(),
    };
    assert_eq!(
        decode_err(&with_element(0, 0x80, Some(&[4]))),
        DocumentError::TypeMismatch { document: "driving_licence", code: 4 }
    );
    assert_eq!(decode_err(&with_element(0, 0x80, Some(&[3, 3]))), invalid("document_type", "is 2 bytes; one expected"));
    assert_eq!(
        decode_err(&with_element(0, 0x82, None)),
        DocumentError::Missing { document: "driving_licence", element: "document_number" }
    );
    assert_eq!(
        decode_err(&with_element(0, 0x84, Some(b"20250230"))),
        invalid("issue_date", "2025-02-30 is not a real day")
    );
    assert_eq!(
        decode_err(&with_element(0, 0x84, Some(b"2025-3-1"))),
        invalid("issue_date", "\"2025-3-1\" is not a date in the form YYYYMMDD")
    );
    assert_eq!(decode_err(&with_element(0, 0x83, Some(&[0xC3, 0x28]))), invalid("issuing_authority", "is not UTF-8"));
    assert_eq!(
        decode_err(&with_element(1, 0x80, None)),
        DocumentError::Missing { document: "driving_licence", element: "licence_number" }
    );

    // A second licence number.
    let mut tree = licence_tree();
    let body = &mut children_mut(&mut tree)[1];
    children_mut(body).push(TlvNode::primitive(tag(0x80), *b"010199012345"));
    assert_eq!(decode_err(&tree), DocumentError::Duplicate { document: "driving_licence", element: "licence_number" });

    // No class at all; an unknown class; a class entry without its date.
    let mut tree = licence_tree();
    let body = &mut children_mut(&mut tree)[1];
    children_mut(body).retain(|c| c.tag != tag(0xA1));
    assert_eq!(decode_err(&tree), DocumentError::Missing { document: "driving_licence", element: "classes" });
    let mut tree = licence_tree();
    let body = &mut children_mut(&mut tree)[1];
    children_mut(&mut children_mut(body)[1])[0] = TlvNode::primitive(tag(0x80), *b"Z9");
    assert_eq!(decode_err(&tree), invalid("class", "\"Z9\" is not a driving licence class"));
    let mut tree = licence_tree();
    let body = &mut children_mut(&mut tree)[1];
    children_mut(&mut children_mut(body)[1]).remove(1);
    assert_eq!(decode_err(&tree), DocumentError::Missing { document: "driving_licence", element: "issue_date" });
}

#[test]
fn sex_must_be_m_f_or_filler() {
    let doc = sample(DocumentType::Passport);
    let mut tree = TlvNode::parse(&doc.encode()).unwrap();
    let body = &mut children_mut(&mut tree)[1];
    let sex = children_mut(body).iter_mut().find(|c| c.tag == tag(0x86)).unwrap();
    *sex = TlvNode::primitive(tag(0x86), *b"Q");
    assert_eq!(
        Document::decode(&tree.to_vec()).unwrap_err(),
        DocumentError::Invalid { document: "passport", element: "sex", reason: "[51] is not M, F or <".to_owned() }
    );
    *children_mut(&mut children_mut(&mut tree)[1]).iter_mut().find(|c| c.tag == tag(0x86)).unwrap() =
        TlvNode::primitive(tag(0x86), *b"X");
    let Document::Passport(p) = Document::decode(&tree.to_vec()).unwrap() else { unreachable!() };
    assert_eq!(p.sex, cccd_lds::Sex::Unspecified);
}

#[test]
fn error_messages_read_well() {
    assert_eq!(
        DocumentError::Missing { document: "tax", element: "tax_office" }.to_string(),
        "tax: missing tax_office"
    );
    assert_eq!(TaxCode::decode(&[0xE2, 0x00]).unwrap_err().to_string(), "tax: missing header");
}
