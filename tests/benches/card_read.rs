//! A full read of the largest sample card through the real pcscd: APDUs against the minimum and wall time.
//!
//! `cargo bench -p cccd-system-tests --bench card_read` (needs pcscd: scripts/pcscd-up). Under `cargo test` it
//! runs one read as a smoke test.

use std::process::ExitCode;
use std::time::Instant;

use cccd_applet::SoftwareCard;
use cccd_image::layout;
use cccd_reader::CardChannel;
use cccd_reader::card_ops::{minimum_read_apdus, read_card};
use cccd_system_tests::{EmulatedCard, VpcdSlot, pcscd_available, require_pcscd};
use cccd_transport::{PcscTransport, ReaderSelector};

const PROFILE: &str = "examples/profiles/nguyen-van-an.toml";

fn personalized_card() -> Result<(SoftwareCard, String), String> {
    let issued = cccd_system_tests::issued_card(PROFILE)?;
    Ok((SoftwareCard::from_state(&issued.locked)?, issued.mrz_information))
}

fn run(reads: usize) -> Result<(), String> {
    let (card, mrz) = personalized_card()?;
    let slot = VpcdSlot::acquire().map_err(|e| e.to_string())?;
    let emulated = EmulatedCard::start(card, slot).map_err(|e| e.to_string())?;
    let transport =
        PcscTransport::connect(&ReaderSelector::Name(emulated.slot().reader_name())).map_err(|e| e.to_string())?;
    let mut ch = CardChannel::new(transport);
    // Basic Access Control once; every read below goes under secure messaging, as on an issued card.
    let aid = layout().application("emrtd").and_then(|a| a.aid.clone()).unwrap_or_default();
    cccd_reader::access::basic_access_control(&mut ch, &aid, &mrz).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(reads);
    let mut apdus = 0;
    let mut bytes = 0;
    let mut minimum = 0;
    for _ in 0..reads {
        let before = ch.exchanges();
        let started = Instant::now();
        let files = read_card(&mut ch, layout()).map_err(|e| e.to_string())?;
        times.push(started.elapsed());
        apdus = ch.exchanges() - before;
        minimum = minimum_read_apdus(&files, ch.capabilities());
        bytes = files.applications.iter().flat_map(|a| &a.files).map(|f| f.bytes.len()).sum::<usize>();
    }
    times.sort();
    let median = times[times.len() / 2];
    let p90 = times[times.len() * 9 / 10];
    let ratio = apdus as f64 / minimum as f64;
    println!(
        "full read of {PROFILE} under BAC secure messaging: {bytes} bytes in {apdus} APDUs (minimum {minimum}: {ratio:.2}×); \
         wall time median {median:.2?}, p90 {p90:.2?}, min {:.2?} over {reads} reads",
        times[0]
    );
    if ratio > 1.1 {
        return Err(format!("{apdus} APDUs is more than 1.1× the minimum {minimum}"));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return ExitCode::SUCCESS;
    }
    let bench = args.iter().any(|a| a == "--bench");
    if bench && !pcscd_available() {
        eprintln!("pcscd is not running: start it with scripts/pcscd-up");
        return ExitCode::FAILURE;
    }
    if !bench && !require_pcscd() {
        return ExitCode::SUCCESS;
    }
    match run(if bench { 200 } else { 1 }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("card_read: {e}");
            ExitCode::FAILURE
        }
    }
}
