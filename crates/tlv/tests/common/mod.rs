//! Strategies shared by the property and differential tests.
#![allow(dead_code)]

use cccd_tlv::{Content, Tag, TlvNode};
use proptest::prelude::*;

/// A valid tag of 1..=`max_len` bytes with the requested constructed bit.
pub fn tag(constructed: bool, max_len: usize) -> impl Strategy<Value = Tag> {
    let cbit = if constructed { 0x20u8 } else { 0 };
    let class = (0u8..4).prop_map(|c| c << 6);
    let one = (class.clone(), 0u8..=30).prop_map(move |(c, n)| vec![c | cbit | n]);
    let two = (class.clone(), 0x01u8..=0x7F).prop_map(move |(c, b)| vec![c | cbit | 0x1F, b]);
    let three = (class.clone(), 0x81u8..=0xFF, 0u8..=0x7F).prop_map(move |(c, b, d)| vec![c | cbit | 0x1F, b, d]);
    let four =
        (class, 0x81u8..=0xFF, 0x80u8..=0xFF, 0u8..=0x7F).prop_map(move |(c, b, d, e)| vec![c | cbit | 0x1F, b, d, e]);
    let forms = match max_len {
        1 => prop_oneof![one].boxed(),
        2 => prop_oneof![one, two].boxed(),
        3 => prop_oneof![3 => one, 3 => two, 1 => three].boxed(),
        _ => prop_oneof![3 => one, 3 => two, 1 => three, 1 => four].boxed(),
    };
    forms
        .prop_filter("00 and FF are not tags", |b| b[0] != 0x00 && b[0] != 0xFF)
        .prop_map(|b| Tag::from_bytes(&b).expect("strategy builds valid tags"))
}

/// Value bytes biased towards the length-form boundaries.
pub fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..40),
        1 => prop_oneof![Just(126usize), Just(127), Just(128), Just(255), Just(256), 100..600usize]
            .prop_flat_map(|n| proptest::collection::vec(any::<u8>(), n..=n)),
    ]
}

/// Random trees whose content kind agrees with the tag's constructed bit.
pub fn tree(max_tag_len: usize) -> impl Strategy<Value = TlvNode> {
    let leaf = (tag(false, max_tag_len), value()).prop_map(|(t, v)| TlvNode::primitive(t, v));
    leaf.prop_recursive(4, 48, 6, move |inner| {
        (tag(true, max_tag_len), proptest::collection::vec(inner, 0..6)).prop_map(|(t, c)| TlvNode::constructed(t, c))
    })
}

/// Number of nodes in a tree.
pub fn count(node: &TlvNode) -> usize {
    1 + node.children().iter().map(count).sum::<usize>()
}

/// Whether any node's value is exactly `len` bytes.
pub fn any_value_len(node: &TlvNode, len: usize) -> bool {
    node.value_len() == len
        || match &node.content {
            Content::Primitive(_) => false,
            Content::Constructed(c) => c.iter().any(|n| any_value_len(n, len)),
        }
}

/// Bytes that look like TLV often: a mix of structural bytes and noise.
pub fn tlvish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        3 => any::<u8>(),
        1 => prop_oneof![
            Just(0x00u8), Just(0xFF), Just(0x5F), Just(0x1F), Just(0x7F), Just(0x61),
            Just(0x80), Just(0x81), Just(0x82), Just(0x84), Just(0x88), Just(0x89), Just(0x30),
        ],
        2 => 0u8..8,
    ];
    proptest::collection::vec(byte, 0..256)
}
