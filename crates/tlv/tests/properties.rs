//! Property tests: no parser panics on any input, and encode/parse round trips.

mod common;

use cccd_tlv::{
    SimpleTlv, SimpleTlvIter, Tag, Tlv, TlvIter, TlvNode, TlvWriter, decode_length, encode_length, encode_simple,
    length_encoded_len, walk,
};
use common::{count, tlvish_bytes, tree};
use proptest::prelude::*;

fn encode_all(nodes: &[TlvNode]) -> Vec<u8> {
    let mut out = Vec::new();
    for n in nodes {
        n.encode_into(&mut out);
    }
    out
}

/// Writes `node` through the streaming writer.
fn stream(w: &mut TlvWriter<'_>, node: &TlvNode) {
    match node.value() {
        Some(v) => {
            w.write_primitive(node.tag, v);
        }
        None => w.write_constructed(node.tag, |w| {
            for c in node.children() {
                stream(w, c);
            }
        }),
    }
}

/// Runs every parser on `bytes` and checks the invariants of whatever succeeds.
fn exercise(bytes: &[u8]) {
    let _ = Tag::parse(bytes);
    let _ = Tag::from_bytes(bytes);
    if let Ok((len, n)) = decode_length(bytes) {
        assert!((1..=9).contains(&n));
        let _ = len;
    }
    if let Ok((tlv, rest)) = Tlv::parse(bytes) {
        assert_eq!(tlv.raw().len() + rest.len(), bytes.len());
        assert_eq!(Some(tlv.raw()), bytes.get(..tlv.raw().len()));
        assert!(tlv.raw().starts_with(tlv.tag().as_bytes()));
        assert!(tlv.raw().ends_with(tlv.value()));
        assert_eq!(tlv.header_len() + tlv.value().len(), tlv.raw().len());
        // A primitive re-encoded with a minimal length equals the input iff the
        // length was minimal.
        let mut re = Vec::new();
        TlvWriter::new(&mut re).write_primitive(tlv.tag(), tlv.value());
        let minimal = tlv.header_len() == tlv.tag().encoded_len() + length_encoded_len(tlv.value().len());
        assert_eq!(re == tlv.raw(), minimal);
        let _ = tlv.find(Tag::from_u32(0x5F1F));
        let _ = tlv.find_path(&[Tag::from_u32(0x61), Tag::from_u32(0x04)]);
        let _ = tlv.walk(8, |_, _| {});
    }
    let _ = Tlv::parse_single(bytes);
    let mut n = 0usize;
    for item in TlvIter::new(bytes) {
        n += 1;
        if let Ok(t) = item {
            let _ = t.children().count();
        }
    }
    assert!(n <= bytes.len());
    let _ = walk(bytes, 16, |_, _| {});
    if let Ok(nodes) = TlvNode::parse_all(bytes) {
        // Re-encoding is canonical: a second round is a fixed point.
        let once = encode_all(&nodes);
        let again = TlvNode::parse_all(&once).expect("canonical bytes re-parse");
        assert_eq!(again, nodes);
        assert_eq!(encode_all(&again), once);
    }
    let _ = TlvNode::parse(bytes);
    let _ = SimpleTlv::parse(bytes);
    for t in SimpleTlvIter::new(bytes).flatten() {
        assert!(t.raw().ends_with(t.value()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        exercise(&bytes);
    }

    #[test]
    fn tlv_like_bytes_never_panic(bytes in tlvish_bytes()) {
        exercise(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn tree_round_trip(node in tree(4)) {
        let bytes = node.to_vec();
        prop_assert_eq!(bytes.len(), node.encoded_len());
        let back = TlvNode::parse(&bytes).expect("own encoding parses");
        prop_assert_eq!(&back, &node);
        // encode(parse(x)) == x
        prop_assert_eq!(back.to_vec(), bytes.clone());
        // Zero-copy view agrees: raw is the input, every node visited once.
        let tlv = Tlv::parse_single(&bytes).expect("parses");
        prop_assert_eq!(tlv.raw(), bytes.as_slice());
        let mut visited = 0;
        tlv.walk(64, |_, _| visited += 1).expect("walks");
        prop_assert_eq!(visited, count(&node));
        // The streaming writer produces the same bytes.
        let mut out = Vec::new();
        stream(&mut TlvWriter::new(&mut out), &node);
        prop_assert_eq!(out, bytes);
    }

    #[test]
    fn parsing_the_documents_sequence(nodes in proptest::collection::vec(tree(3), 0..4), pad in 0usize..3) {
        // Objects separated by padding parse back to the same list.
        let mut bytes = Vec::new();
        for n in &nodes {
            bytes.extend(std::iter::repeat_n(0xFF, pad));
            n.encode_into(&mut bytes);
            bytes.extend(std::iter::repeat_n(0x00, pad));
        }
        prop_assert_eq!(TlvNode::parse_all(&bytes).expect("parses"), nodes.clone());
        if pad == 0 {
            prop_assert_eq!(encode_all(&nodes), bytes);
        }
    }

    #[test]
    fn length_round_trip(len in prop_oneof![0usize..70_000, any::<u32>().prop_map(|v| v as usize), any::<usize>()]) {
        let mut out = Vec::new();
        encode_length(len, &mut out);
        prop_assert_eq!(out.len(), length_encoded_len(len));
        prop_assert_eq!(decode_length(&out), Ok((len, out.len())));
        // Minimal: short form iff < 128, and no leading zero byte in the long form.
        if len < 128 {
            prop_assert_eq!(out.len(), 1);
        } else {
            prop_assert_ne!(out.get(1), Some(&0));
        }
    }

    #[test]
    fn non_minimal_length_read(len in 0usize..0x1_0000, extra in 0usize..3) {
        // Encode with `extra` leading zero bytes in the long form.
        let be = (len as u32).to_be_bytes();
        let sig = be.iter().position(|&b| b != 0).unwrap_or(3);
        let digits: Vec<u8> = std::iter::repeat_n(0, extra).chain(be[sig..].iter().copied()).collect();
        let mut enc = vec![0x80 | digits.len() as u8];
        enc.extend(&digits);
        prop_assert_eq!(decode_length(&enc), Ok((len, enc.len())));
    }

    #[test]
    fn simple_tlv_round_trip(items in proptest::collection::vec(
        (1u8..=0xFE, prop_oneof![
            3 => proptest::collection::vec(any::<u8>(), 0..20),
            1 => (250usize..300).prop_flat_map(|n| proptest::collection::vec(any::<u8>(), n..=n)),
        ]), 0..6)) {
        let mut bytes = Vec::new();
        for (t, v) in &items {
            encode_simple(*t, v, &mut bytes).expect("valid");
        }
        let back: Vec<(u8, Vec<u8>)> = SimpleTlvIter::new(&bytes)
            .map(|r| r.map(|t| (t.tag(), t.value().to_vec())))
            .collect::<Result<_, _>>()
            .expect("parses");
        prop_assert_eq!(back, items);
    }
}
