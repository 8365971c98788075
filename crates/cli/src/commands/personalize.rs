//! `cccd personalize PROFILE`: validate, plan, write, read back and compare, optionally lock.

use cccd_image::{CardFiles, Profile, SigningError, layout};
use cccd_reader::card_ops::{
    CardKeys, PlannedCommand, discover_capabilities, execute_plan, issuance_plan, lock_steps, read_card,
};
use cccd_reader::files::select_application;
use cccd_reader::{Capabilities, ChannelError};
use cccd_trust::Pki;
use serde::Serialize;

use crate::args::{Cli, Format, PersonalizeArgs};
use crate::exit::{Failure, Outcome};
use crate::output;

/// What personalization writes: the files, the chip's AA private key (PKCS#8 DER) and the authority keys when
/// the card is signed, and the citizen's first PIN and PUK when given.
pub struct Image {
    pub files: CardFiles,
    pub aa_key: Option<Vec<u8>>,
    pub authority_keys: Option<Vec<u8>>,
    pub pins: Option<super::secrets::InitialPins>,
}

/// Load and validate a profile, printing every issue when it is not valid, and sign it with the PKI given or the
/// one the profile names.
pub fn load_profile(cli: &Cli, path: &std::path::Path, pki: Option<&std::path::Path>) -> Result<Image, Failure> {
    let profile = Profile::load(path).map_err(|e| Failure::Usage(e.into()))?;
    let pki_dir = pki.map(std::path::Path::to_path_buf).or_else(|| profile.pki_dir());
    let Some(pki_dir) = pki_dir else {
        eprintln!(
            "cccd: no PKI (--pki DIR or [security] pki in the profile): the card will carry no EF.SOD, DG15 or document signatures"
        );
        return Ok(Image {
            files: validated(cli, path, profile.build())?,
            aa_key: None,
            authority_keys: None,
            pins: None,
        });
    };
    let pki = match Pki::load(&pki_dir) {
        Ok(pki) => pki,
        Err(e) => {
            // Every problem of the profile first, whatever is wrong with the signing keys.
            validated(cli, path, profile.build())?;
            return Err(Failure::Usage(e.into()));
        }
    };
    match profile.build_signed(&pki) {
        Ok(image) => {
            let der = image.aa_key.to_pkcs8_der().map_err(|e| Failure::usage(e.to_string()))?;
            let authority_keys = Some(cccd_image::authority_keys(&pki).encode());
            Ok(Image { files: image.files, aa_key: Some(der.to_vec()), authority_keys, pins: None })
        }
        Err(SigningError::Invalid(issues)) => validated(cli, path, Err(issues)),
        Err(e) => Err(Failure::Usage(e.into())),
    }
}

fn validated<T>(cli: &Cli, path: &std::path::Path, result: Result<T, Vec<cccd_lds::Issue>>) -> Result<T, Failure> {
    match result {
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

/// The full plan: files, the AA key import, the PIN and PUK, the authority keys, the e-signature key, the lock.
/// It runs after the personalization authentication.
pub fn full_plan(image: &Image, caps: Capabilities, lock: bool) -> Result<Vec<PlannedCommand>, Failure> {
    let keys = CardKeys {
        aa_key: image.aa_key.as_deref(),
        pin_and_puk: image.pins.as_ref().map(|(pin, puk)| (pin.as_bytes(), puk.as_bytes())),
        authority_keys: image.authority_keys.as_deref(),
    };
    issuance_plan(&image.files, layout(), caps, &keys, lock).map_err(|e| Failure::Usage(e.into()))
}

pub fn run(cli: &Cli, args: &PersonalizeArgs) -> Outcome {
    let mut image = load_profile(cli, &args.profile, args.pki.as_deref())?;
    image.pins = super::secrets::initial_pins(&args.pins)?;
    let perso_key = super::secrets::perso_key(&args.perso)?;
    let files = &image.files;
    if args.dry_run {
        // Without a card, plan for the software card's capabilities (extended length, 65,535-byte APDUs).
        let caps = Capabilities::from_atr(&cccd_vcard::VirtualCard::atr(&cccd_applet::SoftwareCard::new()));
        let plan = full_plan(&image, caps, args.lock)?;
        print_plan(cli.format, &plan);
        return Ok(());
    }
    let mut ch = super::open_channel(cli)?;
    let card_err = |e: ChannelError| Failure::Card(e.into());
    let emrtd_aid = super::emrtd_aid();
    if select_application(&mut ch, &emrtd_aid).is_ok() {
        return Err(Failure::Card(anyhow::anyhow!(
            "the card already holds the eMRTD application: personalization needs a blank card"
        )));
    }
    if args.lock && image.pins.is_none() {
        eprintln!(
            "cccd: locking a card without a PIN (--pin-file/--puk-file): its e-signature and later documents stay closed for good"
        );
    }
    if args.perso.perso_key.is_none() {
        eprintln!(
            "cccd: using the software cards' well-known test personalization key (--perso-key FILE for a real batch)"
        );
    }
    cccd_reader::access::authenticate_personalization(&mut ch, &perso_key).map_err(card_err)?;
    // Chunks as large as the card takes: EF.ATR/INFO says how large, when the ATR announces extended length.
    let caps = discover_capabilities(&mut ch).map_err(card_err)?;
    let plan = full_plan(&image, caps, false)?;
    let mut done = execute_plan(&mut ch, &plan).map_err(card_err)?;
    // Read back while the personalization authentication still opens the files; lock only an identical card.
    let read = read_card(&mut ch, layout()).map_err(card_err)?;
    let mut differences = Vec::new();
    for app in &files.applications {
        for file in &app.files {
            if read.bytes(&app.name, &file.name) != Some(file.bytes.as_slice()) {
                differences.push(format!("{}/{}", app.name, file.name));
            }
        }
    }
    if args.lock && differences.is_empty() {
        let locked = execute_plan(&mut ch, &lock_steps()).map_err(card_err)?;
        done.apdus += locked.apdus;
    }
    let report = Report {
        reader: cccd_transport::Transport::name(ch.transport()).to_owned(),
        files: files.applications.iter().map(|a| a.files.len()).sum(),
        bytes_written: done.bytes_written,
        apdus: done.apdus,
        milliseconds: done.elapsed.as_millis(),
        verified: differences.is_empty(),
        locked: args.lock && differences.is_empty(),
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
        .map(|(i, p)| {
            // The AA key import carries a private key: shown redacted, as in traces.
            let raw = p.command.to_bytes();
            let apdu = cccd_reader::command_hex(&raw);
            PlanStep { step: i + 1, description: p.description.clone(), apdu }
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
