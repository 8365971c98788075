//! Differential test against `iso7816-tlv` 0.4 on inputs where it is correct
//! (no value of exactly 127 bytes, tags of at most 3 bytes).

mod common;

use cccd_tlv::{Tag, TlvNode};
use common::{any_value_len, tree};
use iso7816_tlv::ber;
use proptest::prelude::*;

/// Converts the other crate's tree into ours.
fn from_theirs(t: &ber::Tlv) -> TlvNode {
    let tag = Tag::from_bytes(t.tag().to_bytes()).expect("their tag is valid for us");
    match t.value() {
        ber::Value::Primitive(v) => TlvNode::primitive(tag, v.clone()),
        ber::Value::Constructed(c) => TlvNode::constructed(tag, c.iter().map(from_theirs).collect()),
    }
}

/// Converts our tree into theirs.
fn to_theirs(n: &TlvNode) -> ber::Tlv {
    let tag = ber::Tag::try_from(n.tag.to_u32()).expect("3-byte tag");
    let value = match n.value() {
        Some(v) => ber::Value::Primitive(v.to_vec()),
        None => ber::Value::Constructed(n.children().iter().map(to_theirs).collect()),
    };
    ber::Tlv::new(tag, value).expect("consistent")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn both_decode_and_encode_the_same(node in tree(3).prop_filter("127-byte bug", |n| !any_value_len(n, 127))) {
        let ours = node.to_vec();
        let theirs = ber::Tlv::from_bytes(&ours).expect("iso7816-tlv decodes our DER");
        prop_assert_eq!(from_theirs(&theirs), node.clone());
        prop_assert_eq!(theirs.to_vec(), ours.clone());
        let built = to_theirs(&node).to_vec();
        prop_assert_eq!(TlvNode::parse(&built).expect("we decode theirs"), node);
        prop_assert_eq!(built, ours);
    }
}

#[test]
fn known_divergence_at_127_bytes() {
    // Documented iso7816-tlv defect: 127-byte value written as 81 7F and the
    // parent's length one short. Ours is minimal and consistent.
    let node =
        TlvNode::constructed(Tag::from_u32(0x61), vec![TlvNode::primitive(Tag::from_u32(0x5F1F), vec![0x3C; 127])]);
    let ours = node.to_vec();
    assert_eq!(ours.get(..6), Some(&[0x61, 0x81, 0x82, 0x5F, 0x1F, 0x7F][..]));
    let theirs = to_theirs(&node).to_vec();
    assert_ne!(theirs, ours);
    assert_eq!(theirs.get(..7), Some(&[0x61, 0x81, 0x82, 0x5F, 0x1F, 0x81, 0x7F][..]));
    // The parent says 0x82 = 130 but the child is 131 bytes: we reject it.
    assert!(TlvNode::parse(&theirs).is_err());
    // Its decoder does read our minimal form correctly.
    let back = ber::Tlv::from_bytes(&ours).expect("decodes");
    assert_eq!(from_theirs(&back), node);
}
