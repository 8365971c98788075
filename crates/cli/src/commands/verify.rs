//! `cccd verify`: one report of separate checks; exit 0 only when every required check passes.

use std::time::SystemTime;

use cccd_image::layout;
use cccd_reader::card_ops::{internal_authenticate, read_card_for_verification};
use cccd_trust::TrustStore;
use cccd_verify::{AaExchange, date_to_system_time, verify};

use crate::args::{Cli, VerifyArgs};
use crate::exit::{Failure, Outcome};
use crate::output;

pub fn run(cli: &Cli, args: &VerifyArgs) -> Outcome {
    let now = match &args.at {
        Some(day) => date_to_system_time(day.parse().map_err(|e| Failure::usage(format!("--at: {e}")))?),
        None => SystemTime::now(),
    };
    let trust = match &args.trust {
        Some(dir) => Some(TrustStore::load(dir).map_err(|e| Failure::Usage(e.into()))?),
        None => None,
    };
    let (files, aa) = match &args.from_dump {
        Some(path) => (super::read::load_dump(path)?, None),
        None => {
            let mut ch = super::open_with_access(cli, args.access.mrz_information()?.as_deref())?;
            let files = read_card_for_verification(&mut ch, layout()).map_err(super::card_failure)?;
            let aa = if files.bytes("emrtd", "DG15").is_some() {
                // A fresh random challenge each time, so a recorded answer cannot be replayed.
                let mut challenge = vec![0u8; 8];
                getrandom::fill(&mut challenge).map_err(|e| Failure::Card(anyhow::anyhow!("no randomness: {e}")))?;
                let response = internal_authenticate(&mut ch, layout(), &challenge).map_err(|e| e.to_string());
                Some(AaExchange { challenge, response })
            } else {
                None
            };
            (files, aa)
        }
    };
    let report = verify(&files, trust.as_ref(), aa.as_ref(), now);
    output::print(cli.format, "verification", &report, |r| print!("{}", r.to_text()));
    if report.passed { Ok(()) } else { Err(Failure::CheckFailed("verification failed: see the report".into())) }
}
