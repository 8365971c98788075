//! APDU encode/parse throughput.

use std::hint::black_box;

use cccd_apdu::{Command, Response};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let select =
        Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(&[0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01][..]).unwrap();
    let read = Command::new(0x00, 0xB0, 0x00, 0x00).with_ne(65_536).unwrap();
    let update = Command::new(0x00, 0xD6, 0x00, 0x00).with_data(vec![0x5A; 4096]).unwrap();
    let mut g = c.benchmark_group("apdu");
    for (name, cmd) in [("select", &select), ("read_ext", &read), ("update_4k", &update)] {
        let raw = cmd.to_bytes();
        g.throughput(Throughput::Elements(1));
        g.bench_function(format!("encode/{name}"), |b| b.iter(|| black_box(cmd).to_bytes()));
        g.bench_function(format!("parse/{name}"), |b| b.iter(|| Command::parse(black_box(&raw)).map(|c| c.nc())));
    }
    let resp = Response::success(vec![0x61; 1024]).to_bytes();
    g.bench_function("parse/response_1k", |b| b.iter(|| Response::parse(black_box(&resp)).map(|r| r.sw)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
