//! Decode / encode throughput of a realistic ~2 KB nested document, ours
//! versus `iso7816-tlv` 0.4.

use std::hint::black_box;

use cccd_tlv::{Tag, Tlv, TlvNode, TlvWriter, walk};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iso7816_tlv::ber;

const fn t(raw: u32) -> Tag {
    Tag::from_u32(raw)
}

fn filler(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

/// A DG11/DG2-like document: `6B` with a dozen `5Fxx` primitives of varied
/// sizes, an `A0 { 02, 5F0F, 5F0F }` group and a `7F61 { 02, 7F60 { A1 {..},
/// 5F2E ~1 KB } }` biometric template: three levels below the root.
fn document() -> TlvNode {
    let sizes = [4usize, 6, 39, 12, 8, 60, 24, 140, 16, 10, 200, 30];
    let tags = [0x5F01, 0x5F36, 0x5F0E, 0x5F10, 0x5F2B, 0x5F11, 0x5F12, 0x5F42, 0x5F13, 0x5F14, 0x5F15, 0x5F17];
    let mut children: Vec<TlvNode> = tags
        .iter()
        .zip(sizes)
        .enumerate()
        .map(|(i, (&tag, n))| TlvNode::primitive(t(tag), filler(n, i as u8)))
        .collect();
    children.push(TlvNode::constructed(
        t(0xA0),
        vec![
            TlvNode::primitive(t(0x02), vec![2]),
            TlvNode::primitive(t(0x5F0F), filler(25, 1)),
            TlvNode::primitive(t(0x5F0F), filler(33, 2)),
        ],
    ));
    let header = TlvNode::constructed(
        t(0xA1),
        vec![
            TlvNode::primitive(t(0x80), vec![1, 1]),
            TlvNode::primitive(t(0x87), vec![1, 1]),
            TlvNode::primitive(t(0x88), vec![0, 8]),
        ],
    );
    children.push(TlvNode::constructed(
        t(0x7F61),
        vec![
            TlvNode::primitive(t(0x02), vec![1]),
            TlvNode::constructed(t(0x7F60), vec![header, TlvNode::primitive(t(0x5F2E), filler(1024, 7))]),
        ],
    ));
    TlvNode::constructed(t(0x6B), children)
}

fn to_theirs(n: &TlvNode) -> ber::Tlv {
    let tag = ber::Tag::try_from(n.tag.to_u32()).expect("tag");
    let value = match n.value() {
        Some(v) => ber::Value::Primitive(v.to_vec()),
        None => ber::Value::Constructed(n.children().iter().map(to_theirs).collect()),
    };
    ber::Tlv::new(tag, value).expect("consistent")
}

/// Full walk of their tree, touching every node and value like ours does.
fn visit_theirs(t: &ber::Tlv, acc: &mut usize) {
    *acc += t.tag().to_bytes().len();
    match t.value() {
        ber::Value::Primitive(v) => *acc += v.len(),
        ber::Value::Constructed(c) => c.iter().for_each(|c| visit_theirs(c, acc)),
    }
}

fn stream(w: &mut TlvWriter<'_>, node: &TlvNode) {
    match node.value() {
        Some(v) => {
            w.write_primitive(node.tag, v);
        }
        None => w.write_constructed(node.tag, |w| node.children().iter().for_each(|c| stream(w, c))),
    }
}

fn bench(c: &mut Criterion) {
    let doc = document();
    let bytes = doc.to_vec();
    let theirs = to_theirs(&doc);
    assert_eq!(theirs.to_vec(), bytes, "both encoders agree on the document");
    let mut nodes = 0;
    walk(&bytes, 8, |_, _| nodes += 1).expect("walks");
    eprintln!("document: {} bytes, {nodes} nodes", bytes.len());

    let mut g = c.benchmark_group("tlv");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("decode/cccd-tlv walk", |b| {
        b.iter(|| {
            let mut acc = 0usize;
            walk(black_box(&bytes), 8, |_, t: &Tlv<'_>| {
                acc += t.tag().encoded_len() + t.value().len();
            })
            .expect("valid");
            black_box(acc)
        });
    });
    g.bench_function("decode/cccd-tlv owned tree", |b| {
        b.iter(|| black_box(TlvNode::parse(black_box(&bytes)).expect("valid")));
    });
    g.bench_function("decode/iso7816-tlv", |b| {
        b.iter(|| {
            let tree = ber::Tlv::from_bytes(black_box(&bytes)).expect("valid");
            let mut acc = 0usize;
            visit_theirs(&tree, &mut acc);
            black_box(acc)
        });
    });
    g.bench_function("encode/cccd-tlv tree", |b| {
        b.iter(|| black_box(black_box(&doc).to_vec()));
    });
    g.bench_function("encode/cccd-tlv writer", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(bytes.len());
            stream(&mut TlvWriter::new(&mut out), black_box(&doc));
            black_box(out)
        });
    });
    g.bench_function("encode/iso7816-tlv", |b| {
        b.iter(|| black_box(black_box(&theirs).to_vec()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
