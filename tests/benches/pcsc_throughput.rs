//! APDUs per second through the real pcscd (client → pcscd → vpcd → TCP → software card).
//!
//! `cargo bench -p cccd-system-tests --bench pcsc_throughput [-- FILTER]` times
//! `CCCD_BENCH_N` (default 3,000) round trips per case after a warm-up; under `cargo test`
//! it runs a short smoke pass instead (skipped without pcscd unless required).

use std::process::ExitCode;

use cccd_system_tests::{measure_with_warmup, pcscd_available, require_pcscd};
use cccd_vcard::{NullCard, VirtualCard};

/// One card and the APDUs cycled through it.
struct Case {
    name: &'static str,
    card: Box<dyn VirtualCard>,
    apdus: Vec<Vec<u8>>,
}

impl Case {
    fn new(name: &'static str, card: impl VirtualCard + 'static, apdus: Vec<Vec<u8>>) -> Self {
        Self { name, card: Box::new(card), apdus }
    }
}

/// SELECT by AID (A0 00 00 02 47 10 01, the eMRTD LDS1 application).
fn select_aid() -> Vec<u8> {
    vec![0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]
}

/// SELECT the LDS application, then READ BINARY of EF.COM's first bytes (SFI 1E).
fn select_read_binary() -> Vec<Vec<u8>> {
    vec![select_aid(), vec![0x00, 0xB0, 0x9E, 0x00, 0x04]]
}

fn cases() -> Vec<Case> {
    vec![
        Case::new("null card (floor), SELECT", NullCard::new(), vec![select_aid()]),
        Case::new("null card, SELECT + READ BINARY", NullCard::new(), select_read_binary()),
        // The software card plugs in here with one line, e.g.:
        // Case::new("software card, SELECT + READ BINARY", SoftwareCard::sample(), select_read_binary()),
    ]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return ExitCode::SUCCESS; // nextest's listing: no tests in this binary
    }
    let bench = args.iter().any(|a| a == "--bench");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (n, warmup) = if bench {
        let n = std::env::var("CCCD_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000);
        (n, 300)
    } else {
        (100, 20)
    };
    if bench && !pcscd_available() {
        eprintln!("pcscd is not running: start it with scripts/pcscd-up");
        return ExitCode::FAILURE;
    }
    if !bench && !require_pcscd() {
        return ExitCode::SUCCESS;
    }
    for case in cases() {
        if !filters.is_empty() && !filters.iter().any(|f| case.name.contains(f.as_str())) {
            continue;
        }
        match measure_with_warmup(case.card, &case.apdus, n, warmup) {
            Ok(stats) if stats.not_9000 == 0 => println!("{:<36} {stats}", case.name),
            Ok(stats) => {
                eprintln!("{}: the card did not answer 9000: {stats}", case.name);
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("{}: {e}", case.name);
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
