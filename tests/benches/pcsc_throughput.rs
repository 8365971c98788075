//! APDUs per second through the real pcscd (client → pcscd → vpcd → TCP → software card).
//!
//! `cargo bench -p cccd-system-tests --bench pcsc_throughput [-- FILTER]` times
//! `CCCD_BENCH_N` (default 3,000) round trips per case after a warm-up; under `cargo test`
//! it runs a short smoke pass instead (skipped without pcscd unless required).

use std::process::ExitCode;

use cccd_applet::SoftwareCard;
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

/// SELECT the MF, then READ BINARY of EF.ATR/INFO's first bytes (SFI 01): a file open to every reader, so the
/// figure measures the card and the stack, not an access protocol.
fn select_read_binary() -> Vec<Vec<u8>> {
    vec![vec![0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00], vec![0x00, 0xB0, 0x81, 0x00, 0x04]]
}

/// A blank software card: the MF with EF.ATR/INFO.
fn software_card() -> SoftwareCard {
    SoftwareCard::new()
}

fn cases() -> Vec<Case> {
    vec![
        Case::new("null card (floor), SELECT + READ BINARY", NullCard::new(), select_read_binary()),
        Case::new("software card, SELECT + READ BINARY", software_card(), select_read_binary()),
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
    // Cases run in interleaved rounds so that load from elsewhere on the machine hits them alike; each
    // case's figure is its median round, and every case is compared with the floor (the first case).
    let rounds = if bench { 5 } else { 1 };
    let mut results: Vec<(&'static str, Vec<f64>, Option<String>)> = Vec::new();
    for _ in 0..rounds {
        for (i, case) in cases().into_iter().enumerate() {
            if !filters.is_empty() && !filters.iter().any(|f| case.name.contains(f.as_str())) {
                continue;
            }
            let stats = match measure_with_warmup(case.card, &case.apdus, n / rounds, warmup) {
                Ok(stats) if stats.not_9000 == 0 => stats,
                Ok(stats) => {
                    eprintln!("{}: the card did not answer 9000: {stats}", case.name);
                    return ExitCode::FAILURE;
                }
                Err(e) => {
                    eprintln!("{}: {e}", case.name);
                    return ExitCode::FAILURE;
                }
            };
            if results.len() <= i {
                results.resize_with(i + 1, || ("", Vec::new(), None));
            }
            results[i].0 = case.name;
            results[i].1.push(stats.apdus_per_sec);
            results[i].2 = Some(stats.to_string());
        }
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let floor = results.first().map(|r| median(&r.1)).filter(|f| *f > 0.0);
    for (name, rates, last) in results.iter().filter(|r| !r.0.is_empty()) {
        let rate = median(rates);
        let vs_floor = floor.map(|f| format!(" ({:.1} % of the floor)", 100.0 * rate / f)).unwrap_or_default();
        println!("{name:<36} median of {rounds} rounds: {rate:.0} APDU/s{vs_floor}");
        if let Some(last) = last {
            println!("{:<36}   last round: {last}", "");
        }
    }
    ExitCode::SUCCESS
}
