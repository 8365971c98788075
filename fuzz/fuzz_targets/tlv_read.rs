//! Any bytes: the TLV reader never panics; what parses re-encodes to a tree that parses the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cccd_tlv::walk(data, cccd_tlv::DEFAULT_MAX_DEPTH, |_, _| {});
    if let Ok(nodes) = cccd_tlv::TlvNode::parse_all(data) {
        let mut encoded = Vec::new();
        for node in &nodes {
            node.encode_into(&mut encoded);
        }
        let again = cccd_tlv::TlvNode::parse_all(&encoded).expect("our own encoding parses");
        assert_eq!(again, nodes);
    }
    for item in cccd_tlv::SimpleTlvIter::new(data) {
        if item.is_err() {
            break;
        }
    }
});
