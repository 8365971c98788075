//! `cccd personalize PROFILE`: validate, plan, write, read back and compare, optionally lock.

use cccd_image::{CardFiles, Profile, layout};
use cccd_reader::card_ops::{PlannedCommand, execute_plan, personalization_plan, read_card};
use cccd_reader::files::select_application;
use cccd_reader::{Capabilities, ChannelError};
use serde::Serialize;

use crate::args::{Cli, Format, PersonalizeArgs};
use crate::exit::{Failure, Outcome};
use crate::output;

/// Load and validate a profile, printing every issue when it is not valid.
pub fn load_profile(cli: &Cli, path: &std::path::Path) -> Result<CardFiles, Failure> {
    let profile = Profile::load(path).map_err(|e| Failure::Usage(e.into()))?;
    match profile.build() {
        Ok(files) => Ok(files),
        Err(issues) => {
            #[derive(Serialize)]
            struct Invalid<'a> {
                profile: String,
                valid: bool,
                issues: &'a [cccd_lds::Issue],
            }
            let report = Invalid { profile: path.display().to_string(), valid: false, issues: &issues };
            output::print(cli.format, "validation", &report, |r| {
                for issue in r.issues {
                    println!("{}: {}", r.profile, issue);
                }
            });
            Err(Failure::usage(format!(
                "{}: {} problem{} found; nothing was written",
                path.display(),
                issues.len(),
                if issues.len() == 1 { "" } else { "s" }
            )))
        }
    }
}

#[derive(Serialize)]
struct PlanStep {
    step: usize,
    description: String,
    apdu: String,
}

#[derive(Serialize)]
struct Report {
    reader: String,
    files: usize,
    bytes_written: usize,
    apdus: u64,
    milliseconds: u128,
    verified: bool,
    locked: bool,
}

pub fn run(cli: &Cli, args: &PersonalizeArgs) -> Outcome {
    let files = load_profile(cli, &args.profile)?;
    if args.dry_run {
        // Without a card, plan for the software card's capabilities (extended length, 65,535-byte APDUs).
        let caps = Capabilities::from_atr(&cccd_vcard::VirtualCard::atr(&cccd_applet::SoftwareCard::new()));
        let plan = personalization_plan(&files, layout(), caps, args.lock).map_err(|e| Failure::Usage(e.into()))?;
        print_plan(cli.format, &plan);
        return Ok(());
    }
    let mut ch = super::open_channel(cli)?;
    let card_err = |e: ChannelError| Failure::Card(e.into());
    let emrtd_aid = layout().application("emrtd").and_then(|a| a.aid.clone()).unwrap_or_default();
    if select_application(&mut ch, &emrtd_aid).is_ok() {
        return Err(Failure::Card(anyhow::anyhow!(
            "the card already holds the eMRTD application: personalization needs a blank card"
        )));
    }
    let plan =
        personalization_plan(&files, layout(), ch.capabilities(), args.lock).map_err(|e| Failure::Usage(e.into()))?;
    let done = execute_plan(&mut ch, &plan).map_err(card_err)?;
    let read = read_card(&mut ch, layout()).map_err(card_err)?;
    let mut differences = Vec::new();
    for app in &files.applications {
        for file in &app.files {
            if read.bytes(&app.name, &file.name) != Some(file.bytes.as_slice()) {
                differences.push(format!("{}/{}", app.name, file.name));
            }
        }
    }
    let report = Report {
        reader: cccd_transport::Transport::name(ch.transport()).to_owned(),
        files: files.applications.iter().map(|a| a.files.len()).sum(),
        bytes_written: done.bytes_written,
        apdus: done.apdus,
        milliseconds: done.elapsed.as_millis(),
        verified: differences.is_empty(),
        locked: args.lock,
    };
    output::print(cli.format, "personalization", &report, |r| {
        println!(
            "personalized {}: {} files, {} bytes in {} APDUs ({} ms)",
            r.reader, r.files, r.bytes_written, r.apdus, r.milliseconds
        );
        println!("read back and compared: {}", if r.verified { "identical" } else { "DIFFERENT" });
        println!("locked: {}", if r.locked { "yes" } else { "no" });
    });
    if differences.is_empty() {
        Ok(())
    } else {
        Err(Failure::CheckFailed(format!("read-back differs from what was written: {}", differences.join(", "))))
    }
}

fn print_plan(format: Format, plan: &[PlannedCommand]) {
    let steps: Vec<PlanStep> = plan
        .iter()
        .enumerate()
        .map(|(i, p)| PlanStep {
            step: i + 1,
            description: p.description.clone(),
            apdu: hex::encode_upper(p.command.to_bytes()),
        })
        .collect();
    #[derive(Serialize)]
    struct Plan {
        steps: Vec<PlanStep>,
    }
    output::print(format, "personalization_plan", &Plan { steps }, |p| {
        for s in &p.steps {
            let apdu = if s.apdu.len() > 48 {
                format!("{}… ({} bytes)", &s.apdu[..48], s.apdu.len() / 2)
            } else {
                s.apdu.clone()
            };
            println!("{:>3}  {:<62} {}", s.step, apdu, s.description);
        }
    });
}
