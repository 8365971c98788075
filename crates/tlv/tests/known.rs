//! Known encodings: ICAO / ISO 7816 vectors and hand-computed edge cases.

use cccd_tlv::{Class, Content, Error, Part, Tag, Tlv, TlvIter, TlvNode, TlvWriter, encode_length, walk};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test hex")
}

const EF_COM: &str = "60145F0104303130365F36063034303030305C026175";
const DG1: &str = "615D5F1F5A493C4E4C44584938353933354638363939393939393939303C3C3C3C3C3C3732303831343846313130383236384E4C443C3C3C3C3C3C3C3C3C3C3C3456414E3C4445523C535445454E3C3C4D415249414E4E453C4C4F55495345";

#[test]
fn ef_com_parses() {
    let bytes = h(EF_COM);
    let com = Tlv::parse_single(&bytes).expect("EF.COM");
    assert_eq!(com.tag(), Tag::from_u32(0x60));
    assert_eq!(com.value().len(), 0x14);
    assert_eq!(com.raw(), bytes.as_slice());
    let kids: Vec<_> = com.children().collect::<Result<_, _>>().expect("children");
    let got: Vec<(String, &[u8])> = kids.iter().map(|k| (k.tag().to_string(), k.value())).collect();
    assert_eq!(
        got,
        vec![
            ("5F01".to_string(), &b"0106"[..]),
            ("5F36".to_string(), &b"040000"[..]),
            ("5C".to_string(), &[0x61, 0x75][..]),
        ]
    );
    assert_eq!(kids[1].raw(), &h("5F3606303430303030")[..]);
    let node = TlvNode::parse(&bytes).expect("tree");
    assert_eq!(node.to_vec(), bytes);
}

#[test]
fn dg1_parses() {
    let bytes = h(DG1);
    let dg1 = Tlv::parse_single(&bytes).expect("DG1");
    assert_eq!(dg1.tag().to_u32(), 0x61);
    let mrz = dg1.find(Tag::from_u32(0x5F1F)).expect("parse").expect("5F1F");
    assert_eq!(mrz.value().len(), 90);
    assert_eq!(mrz.header_len(), 3);
    assert!(mrz.value().starts_with(b"I<NLDXI85935F86999999990<<<<<<7208148F1108268NLD"));
    assert!(mrz.value().ends_with(b"VAN<DER<STEEN<<MARIANNE<LOUISE"));
    assert_eq!(dg1.find_path(&[Tag::from_u32(0x5F1F)]).expect("ok"), Some(mrz));
    assert_eq!(dg1.find(Tag::from_u32(0x5F2E)).expect("ok"), None);
    assert_eq!(TlvNode::parse(&bytes).expect("tree").to_vec(), bytes);
}

#[test]
fn multi_byte_tags_in_documents() {
    // 7F61 { 02 01 01, 7F60 { A1 00, 5F2E 02 AABB } }, then BF3B 00, then 9F8101 01 55
    let bytes = h(concat!("7F610D020101", "7F6007A1005F2E02AABB", "BF3B00", "9F81010155"));
    let items: Vec<_> = TlvIter::new(&bytes).collect::<Result<_, _>>().expect("valid");
    let tags: Vec<u32> = items.iter().map(|t| t.tag().to_u32()).collect();
    assert_eq!(tags, [0x7F61, 0xBF3B, 0x9F8101]);
    assert_eq!(items[1].tag().class(), Class::Context);
    assert!(items[1].is_constructed());
    assert_eq!(items[1].children().count(), 0);
    assert_eq!(items[2].value(), &[0x55]);
    let bdb = items[0].find_path(&[Tag::from_u32(0x7F60), Tag::from_u32(0x5F2E)]).expect("ok").expect("found");
    assert_eq!(bdb.value(), &[0xAA, 0xBB]);
    let mut seen = Vec::new();
    walk(&bytes, 8, |d, t| seen.push((d, t.tag().to_string()))).expect("walk");
    let want = [(0, "7F61"), (1, "02"), (1, "7F60"), (2, "A1"), (2, "5F2E"), (0, "BF3B"), (0, "9F8101")];
    let want: Vec<_> = want.iter().map(|(d, t)| (*d, (*t).to_string())).collect();
    assert_eq!(seen, want);
}

#[test]
fn non_minimal_lengths_read_then_re_encoded_minimally() {
    let bytes = h(concat!("610D", "5F1F81054142434445", "5C820000"));
    let dg = Tlv::parse_single(&bytes).expect("lenient read");
    let kids: Vec<_> = dg.children().collect::<Result<_, _>>().expect("children");
    assert_eq!(kids[0].value(), b"ABCDE");
    assert_eq!(kids[0].header_len(), 4);
    assert_eq!(kids[1].value(), b"");
    // raw keeps the bytes as read; re-encoding is minimal.
    assert_eq!(dg.raw(), bytes.as_slice());
    assert_eq!(TlvNode::from_tlv(&dg).expect("tree").to_vec(), h(concat!("610A", "5F1F054142434445", "5C00")));
}

#[test]
fn indefinite_and_oversized_lengths_rejected() {
    assert_eq!(Tlv::parse(&h("6180")), Err(Error::IndefiniteLength { offset: 1 }));
    assert_eq!(Tlv::parse(&h("5F1F80")), Err(Error::IndefiniteLength { offset: 2 }));
    assert_eq!(Tlv::parse(&h("0489000000000000000001")), Err(Error::LengthTooLong { offset: 1, byte: 0x89 }));
    // A 4-byte length far past the input: typed error, no allocation, no panic.
    assert_eq!(
        Tlv::parse(&h(concat!("04", "84", "FFFFFFFF", "00"))),
        Err(Error::ValueTruncated { offset: 6, declared: 0xFFFF_FFFF, available: 1 })
    );
    #[cfg(target_pointer_width = "64")]
    assert_eq!(
        Tlv::parse(&h("0488FFFFFFFFFFFFFFFF")),
        Err(Error::ValueTruncated { offset: 10, declared: usize::MAX, available: 0 })
    );
}

#[test]
fn truncation_errors() {
    assert_eq!(Tlv::parse(&[]), Err(Error::Truncated { part: Part::Tag, offset: 0 }));
    assert_eq!(Tlv::parse(&h("5F")), Err(Error::Truncated { part: Part::Tag, offset: 0 }));
    assert_eq!(Tlv::parse(&h("5F1F")), Err(Error::Truncated { part: Part::Length, offset: 2 }));
    assert_eq!(Tlv::parse(&h("5F1F82")), Err(Error::Truncated { part: Part::Length, offset: 2 }));
    assert_eq!(Tlv::parse(&h("5F1F8201")), Err(Error::Truncated { part: Part::Length, offset: 2 }));
    assert_eq!(Tlv::parse(&h("5F1F03AABB")), Err(Error::ValueTruncated { offset: 3, declared: 3, available: 2 }));
    // Error inside a child: offset is relative to the parent's value.
    let bytes = h(concat!("6106", "020101", "0405"));
    assert_eq!(Tlv::parse(&bytes), Err(Error::ValueTruncated { offset: 2, declared: 6, available: 5 }));
    let bytes = h(concat!("6105020101", "0401"));
    let parent = Tlv::parse_single(&bytes).expect("parent ok");
    let kids: Vec<_> = parent.children().collect();
    assert_eq!(kids.len(), 2);
    assert_eq!(kids[1], Err(Error::ValueTruncated { offset: 5, declared: 1, available: 0 }));
    assert_eq!(walk(&bytes, 8, |_, _| {}), Err(Error::ValueTruncated { offset: 5, declared: 1, available: 0 }));
    assert!(TlvNode::parse(&bytes).is_err());
}

#[test]
fn padding_is_skipped() {
    let bytes = h(concat!("00FF", "0401AA", "0000", "FFFF", "0500", "FF00"));
    let items: Vec<_> = TlvIter::new(&bytes).collect::<Result<_, _>>().expect("valid");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].raw(), &[0x04, 0x01, 0xAA]);
    assert_eq!(items[1].raw(), &[0x05, 0x00]);
    // Padding inside a constructed value, too.
    let bytes = h(concat!("3007", "00", "0401AA", "FF", "0500"));
    let node = TlvNode::parse(&bytes).expect("tree");
    assert_eq!(node.children().len(), 2);
    assert_eq!(node.to_vec(), h("30050401AA0500"));
    // Only padding.
    assert_eq!(TlvIter::new(&[0, 0xFF, 0]).count(), 0);
    assert_eq!(Tlv::parse_single(&[0, 0xFF]), Err(Error::Empty));
    assert_eq!(Tlv::parse_single(&[]), Err(Error::Empty));
}

#[test]
fn parse_single_trailing() {
    assert!(Tlv::parse_single(&h("FF0401AA00FF")).is_ok());
    assert_eq!(Tlv::parse_single(&h("0401AA0500")), Err(Error::TrailingData { offset: 3 }));
    assert_eq!(Tlv::parse_single(&h(concat!("0401AA00", "1F"))), Err(Error::TrailingData { offset: 4 }));
    // strict parse does not skip leading padding: 00 is not a tag
    assert_eq!(Tlv::parse(&h("000401AA")), Err(Error::InvalidTag { offset: 0, byte: 0 }));
}

#[test]
fn iterator_stops_after_first_error() {
    let bytes = h(concat!("0401AA", "5F80", "0401AA"));
    let items: Vec<_> = TlvIter::new(&bytes).collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert_eq!(items[1], Err(Error::InvalidTag { offset: 4, byte: 0x80 }));
}

#[test]
fn primitive_children_empty_and_find_errors() {
    let bytes = h(concat!("0403", "0401AA"));
    let t = Tlv::parse_single(&bytes).expect("ok");
    assert_eq!(t.children().count(), 0);
    assert_eq!(TlvIter::new(t.value()).count(), 1);
    let bad = h(concat!("6103", "0405AA"));
    let t = Tlv::parse_single(&bad).expect("outer ok");
    assert!(t.find(Tag::from_u32(0x5F1F)).is_err());
    assert_eq!(t.find_path(&[]).expect("empty path"), Some(t));
}

/// `depth` levels of 61 { 61 { ... 04 00 } }.
fn nested(depth: usize) -> Vec<u8> {
    let mut node = TlvNode::primitive(Tag::from_u32(0x04), Vec::new());
    for _ in 0..depth {
        node = TlvNode::constructed(Tag::from_u32(0x61), vec![node]);
    }
    node.to_vec()
}

#[test]
fn depth_limits() {
    let bytes = nested(5); // 6 levels in total
    let mut max = 0;
    walk(&bytes, 6, |d, _| max = max.max(d)).expect("6 levels fit");
    assert_eq!(max, 5);
    assert_eq!(walk(&bytes, 5, |_, _| {}), Err(Error::TooDeep { max_depth: 5 }));
    let top = Tlv::parse_single(&bytes).expect("ok");
    top.walk(6, |_, _| {}).expect("fits");
    assert_eq!(top.walk(5, |_, _| {}), Err(Error::TooDeep { max_depth: 5 }));
    assert!(TlvNode::from_tlv_depth(&top, 6).is_ok());
    assert_eq!(TlvNode::from_tlv_depth(&top, 5), Err(Error::TooDeep { max_depth: 5 }));
}

#[test]
fn hostile_nesting_no_stack_overflow() {
    // 50_000 nested constructed headers, built back to front in O(n).
    let mut rev = vec![0x00, 0x04];
    for _ in 0..50_000 {
        let mut hdr = vec![0x61];
        encode_length(rev.len(), &mut hdr);
        rev.extend(hdr.iter().rev());
    }
    rev.reverse();
    let bytes = rev;
    assert!(matches!(walk(&bytes, cccd_tlv::DEFAULT_MAX_DEPTH, |_, _| {}), Err(Error::TooDeep { .. })));
    assert!(matches!(TlvNode::parse(&bytes), Err(Error::TooDeep { .. })));
    let mut count = 0;
    walk(&bytes, usize::MAX, |_, _| count += 1).expect("explicit stack copes");
    assert_eq!(count, 50_001);
}

// ---- encoders at the boundary lengths ----

const LENGTHS: [(usize, &[u8]); 8] = [
    (0, &[0x00]),
    (1, &[0x01]),
    (127, &[0x7F]),
    (128, &[0x81, 0x80]),
    (255, &[0x81, 0xFF]),
    (256, &[0x82, 0x01, 0x00]),
    (65535, &[0x82, 0xFF, 0xFF]),
    (65536, &[0x83, 0x01, 0x00, 0x00]),
];

fn expected_primitive(tag: &[u8], len_bytes: &[u8], len: usize) -> Vec<u8> {
    let mut v = tag.to_vec();
    v.extend_from_slice(len_bytes);
    v.extend(std::iter::repeat_n(0x5A, len));
    v
}

#[test]
fn encoders_at_boundary_lengths() {
    let tag = Tag::from_u32(0x5F2E);
    let parent_tag = Tag::from_u32(0x7F60);
    for (len, len_bytes) in LENGTHS {
        let value = vec![0x5A; len];
        let child = expected_primitive(&[0x5F, 0x2E], len_bytes, len);
        // The parent's length is derived independently from the child's real size.
        let mut parent_len = Vec::new();
        encode_length(child.len(), &mut parent_len);
        let mut parent = vec![0x7F, 0x60];
        parent.extend_from_slice(&parent_len);
        parent.extend_from_slice(&child);

        // Owned tree.
        let node = TlvNode::primitive(tag, value.clone());
        assert_eq!(node.to_vec(), child, "node len {len}");
        assert_eq!(node.encoded_len(), child.len());
        let tree = TlvNode::constructed(parent_tag, vec![node.clone()]);
        assert_eq!(tree.encoded_len(), parent.len(), "tree len {len}");
        assert_eq!(tree.to_vec(), parent, "tree bytes len {len}");

        // Streaming writer.
        let mut out = vec![0xEE]; // existing content is preserved
        let mut w = TlvWriter::new(&mut out);
        w.write_constructed(parent_tag, |w| {
            w.write_primitive(tag, &value);
        });
        assert_eq!(out.first(), Some(&0xEE));
        assert_eq!(out.get(1..), Some(parent.as_slice()), "writer len {len}");

        // And it reads back.
        let back = Tlv::parse_single(&parent).expect("reads");
        assert_eq!(back.value().len(), child.len());
        let inner = back.find(tag).expect("ok").expect("child");
        assert_eq!(inner.value(), value.as_slice());
        assert_eq!(TlvNode::from_tlv(&back).expect("tree"), tree);
    }
}

#[test]
fn parent_length_with_127_and_128_byte_children() {
    // The iso7816-tlv bug: a child with a 127-byte value is 1 + 1 + 127 = 129
    // bytes, so the parent must say 81 81, not one short.
    let node = TlvNode::constructed(Tag::from_u32(0x30), vec![TlvNode::primitive(Tag::from_u32(0x04), vec![0u8; 127])]);
    let v = node.to_vec();
    assert_eq!(&v[..5], &[0x30, 0x81, 0x81, 0x04, 0x7F]);
    assert_eq!(v.len(), 3 + 129);
    // Children summing to exactly 127 and 128 bytes across several nodes.
    for total in [127usize, 128] {
        let a = TlvNode::primitive(Tag::from_u32(0x80), vec![1u8; 60]); // 62 bytes
        let b = TlvNode::primitive(Tag::from_u32(0x81), vec![2u8; total - 62 - 2]);
        let p = TlvNode::constructed(Tag::from_u32(0xA0), vec![a, b]).to_vec();
        let want_hdr: &[u8] = if total == 127 { &[0xA0, 0x7F] } else { &[0xA0, 0x81, 0x80] };
        assert!(p.starts_with(want_hdr), "total {total}: {:02X?}", &p[..3]);
        assert_eq!(p.len(), want_hdr.len() + total);
    }
}

#[test]
fn writer_multi_level_and_raw() {
    let src = h(EF_COM);
    let com = Tlv::parse_single(&src).expect("ok");
    let mut out = Vec::new();
    let mut w = TlvWriter::new(&mut out);
    let r: Result<(), Error> = w.write_constructed(Tag::from_u32(0x77), |w| {
        w.write_raw(&com);
        w.write_constructed(Tag::from_u32(0xA0), |w| {
            w.write_primitive(Tag::from_u32(0x02), &[0x01]);
            w.write_constructed(Tag::from_u32(0x30), |w| {
                w.write_primitive(Tag::from_u32(0x04), &[0x99; 200]);
            });
        });
        Ok(())
    });
    r.expect("closure result passed through");
    let expect = TlvNode::constructed(
        Tag::from_u32(0x77),
        vec![
            TlvNode::parse(&src).expect("ok"),
            TlvNode::constructed(
                Tag::from_u32(0xA0),
                vec![
                    TlvNode::primitive(Tag::from_u32(0x02), vec![1]),
                    TlvNode::constructed(
                        Tag::from_u32(0x30),
                        vec![TlvNode::primitive(Tag::from_u32(0x04), vec![0x99; 200])],
                    ),
                ],
            ),
        ],
    );
    assert_eq!(out, expect.to_vec());
    // 77 len: EF.COM 22 + A0 (3 + 3 + 3 + (3 + 200))
    // 77 value: EF.COM 22 + A0 {02 01 01, 30 81 CB {04 81 C8 + 200}} = 22 + 3 + 209 = 234
    assert_eq!(&out[..6], &[0x77, 0x81, 0xEA, 0x60, 0x14, 0x5F]);
    assert_eq!(out.len(), 3 + 234);
    assert!(matches!(expect.content, Content::Constructed(ref c) if c.len() == 2));
    assert_eq!(expect.find(Tag::from_u32(0x60)).map(|n| n.children().len()), Some(3));
}
