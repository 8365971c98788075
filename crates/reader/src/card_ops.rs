//! Whole-card operations: the personalization plan and its execution, and reading every file of a card.

use std::time::{Duration, Instant};

use cccd_apdu::{Command, Fcp, StatusWord};
use cccd_image::{CardFiles, Layout, index_file, listed_files};
use cccd_transport::Transport;

use crate::files::{EfAddress, read_ef, select_application, select_mf};
use crate::{Capabilities, CardChannel, ChannelError};

/// One step of a personalization, with what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedCommand {
    pub description: String,
    pub command: Command<'static>,
}

/// Why a set of files cannot be planned onto the card.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("{app}/{file}: not a file of applet-spec/card.toml")]
    UnknownFile { app: String, file: String },
    #[error("{app}/{file}: the card writes this file itself; a profile cannot")]
    ReadOnly { app: String, file: String },
    #[error("{app}/{file}: {len} bytes do not fit the file's maximum of {max}")]
    TooLarge { app: String, file: String, len: usize, max: usize },
}

/// The largest offset even-INS UPDATE BINARY can address.
const MAX_EVEN_OFFSET: usize = 0x7FFF;

/// Plan the APDUs that write `files` onto a blank card: CREATE FILE for every DF and EF (with its AID, FID,
/// SFI and exact size), UPDATE BINARY in chunks as large as the card takes, and ACTIVATE on the MF when
/// `lock` is set. Nothing is planned unless every file is known to the layout and fits.
pub fn personalization_plan(
    files: &CardFiles,
    layout: &Layout,
    caps: Capabilities,
    lock: bool,
) -> Result<Vec<PlannedCommand>, PlanError> {
    // Check everything first: nothing is written unless all of it can be.
    for app in &files.applications {
        for file in &app.files {
            let spec = layout
                .application(&app.name)
                .and_then(|a| a.file(&file.name))
                .ok_or_else(|| PlanError::UnknownFile { app: app.name.clone(), file: file.name.clone() })?;
            if spec.write == cccd_image::Access::Never {
                return Err(PlanError::ReadOnly { app: app.name.clone(), file: file.name.clone() });
            }
            if file.bytes.len() > spec.max_size {
                return Err(PlanError::TooLarge {
                    app: app.name.clone(),
                    file: file.name.clone(),
                    len: file.bytes.len(),
                    max: spec.max_size,
                });
            }
        }
    }
    // Data per UPDATE BINARY: what fits one APDU (extended: the card's maximum less header, Lc and, above
    // 32K, the offset and data objects), else a short APDU's 255 bytes.
    let chunk = |odd: bool| {
        if caps.extended_length {
            caps.max_command_apdu.saturating_sub(if odd { 7 + 9 } else { 7 }).max(1)
        } else {
            255 - if odd { 9 } else { 0 }
        }
    };
    let mut plan = Vec::new();
    let mut push = |description: String, command: Command<'static>| plan.push(PlannedCommand { description, command });
    for app in &layout.applications {
        let Some(app_files) = files.application(&app.name) else { continue };
        push(format!("SELECT MF before {}", app.name), select_mf());
        if app.fid != 0x3F00 {
            let fcp = Fcp::df(app.fid, app.aid.clone());
            push(format!("CREATE DF {:04X} ({})", app.fid, app.name), create(&fcp));
        }
        // Files in layout order, so that every card is laid out alike.
        for spec in &app.files {
            let Some(file) = app_files.file(&spec.name) else { continue };
            let fcp = Fcp::transparent_ef(spec.fid, file.bytes.len(), spec.sfi);
            push(format!("CREATE EF {:04X} ({}, {} bytes)", spec.fid, spec.name, file.bytes.len()), create(&fcp));
            let mut offset = 0;
            while offset < file.bytes.len() {
                let odd = offset > MAX_EVEN_OFFSET;
                let end = (offset + chunk(odd)).min(file.bytes.len());
                let data = &file.bytes[offset..end];
                let command = if odd { update_odd(offset, data) } else { update_even(offset, data) };
                push(format!("UPDATE BINARY {} bytes {offset}..{end}", spec.name), command);
                offset = end;
            }
        }
    }
    if lock {
        plan.extend(lock_steps());
    }
    Ok(plan)
}

/// What an issued card gets besides its files; each part is optional (a card image from a dump has no PIN).
#[derive(Clone, Copy, Debug, Default)]
pub struct CardKeys<'a> {
    /// The chip's Active Authentication private key, PKCS#8 DER.
    pub aa_key: Option<&'a [u8]>,
    /// The citizen's first PIN and the PUK.
    pub pin_and_puk: Option<(&'a [u8], &'a [u8])>,
    /// The authority keys (`cccd_documents::AuthorityKeys` encoding).
    pub authority_keys: Option<&'a [u8]>,
}

/// The whole issuance, in order: the files, the AA key, the PIN and PUK, the authority keys, the citizen's
/// e-signature key generated on the card, and the lock when asked. It runs after the personalization
/// authentication.
pub fn issuance_plan(
    files: &CardFiles,
    layout: &Layout,
    caps: Capabilities,
    keys: &CardKeys<'_>,
    lock: bool,
) -> Result<Vec<PlannedCommand>, PlanError> {
    let mut plan = personalization_plan(files, layout, caps, false)?;
    plan.extend(keys.aa_key.map(aa_key_import));
    plan.extend(keys.pin_and_puk.map(|(pin, puk)| pin_import(pin, puk)));
    plan.extend(keys.authority_keys.map(authority_keys_import));
    plan.push(esign_key_generation());
    if lock {
        plan.extend(lock_steps());
    }
    Ok(plan)
}

/// SELECT MF and ACTIVATE FILE: the card refuses issuer-data changes from then on.
pub fn lock_steps() -> Vec<PlannedCommand> {
    vec![
        PlannedCommand { description: "SELECT MF".into(), command: select_mf() },
        PlannedCommand {
            description: "ACTIVATE FILE on the MF: lock the card".into(),
            command: Command::new(0x00, 0x44, 0x00, 0x00),
        },
    ]
}

/// PUT DATA `00F5`: import the chip's Active Authentication private key (PKCS#8 DER). Traces redact it.
pub fn aa_key_import(pkcs8: &[u8]) -> PlannedCommand {
    put_data(0x00F5, pkcs8.to_vec(), "PUT DATA: import the Active Authentication private key")
}

/// PUT DATA `00F6`: the citizen's first PIN and the PUK (PIN‖PUK). Traces redact it.
pub fn pin_import(pin: &[u8], puk: &[u8]) -> PlannedCommand {
    put_data(0x00F6, [pin, puk].concat(), "PUT DATA: set the citizen PIN and PUK")
}

/// PUT DATA `00F7`: the authority keys that check documents written after issuance.
pub fn authority_keys_import(encoded: &[u8]) -> PlannedCommand {
    put_data(0x00F7, encoded.to_vec(), "PUT DATA: install the authority keys")
}

/// GENERATE ASYMMETRIC KEY PAIR `80 9C`: the citizen's e-signature key, made on the card.
pub fn esign_key_generation() -> PlannedCommand {
    PlannedCommand {
        description: "GENERATE ASYMMETRIC KEY PAIR: the citizen's e-signature key".into(),
        command: Command::new(0x00, 0x46, 0x80, 0x9C)
            .with_ne(256)
            .unwrap_or_else(|_| Command::new(0x00, 0x46, 0x80, 0x9C)),
    }
}

fn put_data(p1p2: u16, data: Vec<u8>, description: &str) -> PlannedCommand {
    let [p1, p2] = p1p2.to_be_bytes();
    PlannedCommand {
        description: description.into(),
        command: Command::new(0x00, 0xDA, p1, p2).with_data(data).unwrap_or_else(|_| Command::new(0x00, 0xDA, p1, p2)),
    }
}

fn create(fcp: &Fcp) -> Command<'static> {
    // An FCP is far below 65,535 bytes.
    Command::new(0x00, 0xE0, 0x00, 0x00).with_data(fcp.to_bytes()).unwrap_or_else(|_| Command::new(0x00, 0xE0, 0, 0))
}

fn update_even(offset: usize, data: &[u8]) -> Command<'static> {
    Command::new(0x00, 0xD6, (offset >> 8) as u8, offset as u8)
        .with_data(data.to_vec())
        .unwrap_or_else(|_| Command::new(0x00, 0xD6, 0, 0))
}

fn update_odd(offset: usize, data: &[u8]) -> Command<'static> {
    let mut body = vec![0x54, 0x03, (offset >> 16) as u8, (offset >> 8) as u8, offset as u8];
    let mut data_do = Vec::with_capacity(data.len() + 4);
    cccd_tlv::TlvWriter::new(&mut data_do).write_primitive(cccd_tlv::Tag::from_u32(0x53), data);
    body.extend_from_slice(&data_do);
    Command::new(0x00, 0xD7, 0x00, 0x00).with_data(body).unwrap_or_else(|_| Command::new(0x00, 0xD7, 0, 0))
}

/// What a personalization did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonalizationReport {
    pub commands: usize,
    pub apdus: u64,
    pub bytes_written: usize,
    pub elapsed: Duration,
}

/// Run a plan; the first refusal stops it with the step named.
pub fn execute_plan<T: Transport>(
    ch: &mut CardChannel<T>,
    plan: &[PlannedCommand],
) -> Result<PersonalizationReport, ChannelError> {
    let started = Instant::now();
    let before = ch.exchanges();
    let mut bytes_written = 0;
    for step in plan {
        ch.transmit_ok(&step.command, &step.description)?;
        if matches!(step.command.ins, 0xD6 | 0xD7) {
            bytes_written += step.command.nc();
        }
    }
    Ok(PersonalizationReport {
        commands: plan.len(),
        apdus: ch.exchanges() - before,
        bytes_written,
        elapsed: started.elapsed(),
    })
}

/// Read every file of every application the card has, using each application's index file to skip absent
/// files. Files come back exactly as read.
pub fn read_card<T: Transport>(ch: &mut CardChannel<T>, layout: &Layout) -> Result<CardFiles, ChannelError> {
    let mut out = CardFiles::default();
    for app in &layout.applications {
        match &app.aid {
            Some(aid) => match select_application(ch, aid) {
                Ok(()) => {}
                Err(ChannelError::Status { sw: StatusWord::FILE_NOT_FOUND, .. }) => continue,
                Err(e) => return Err(e),
            },
            None => ch.transmit_ok(&select_mf(), "SELECT MF").map(drop)?,
        }
        let mut wanted: Vec<&str> = app.files.iter().map(|f| f.name.as_str()).collect();
        if let Some(index) = index_file(&app.name)
            && let Some(spec) = app.file(index)
        {
            match read_one(ch, spec.sfi, spec.fid)? {
                Some(bytes) => {
                    wanted = listed_files(app, &bytes);
                    out.insert(app, index, spec.fid, bytes);
                }
                None => wanted.clear(),
            }
        }
        for name in wanted {
            let Some(spec) = app.file(name) else { continue };
            if let Some(bytes) = read_one(ch, spec.sfi, spec.fid)? {
                out.insert(app, name, spec.fid, bytes);
            }
        }
    }
    Ok(out)
}

/// Read one EF; `None` when the card does not have it.
fn read_one<T: Transport>(ch: &mut CardChannel<T>, sfi: Option<u8>, fid: u16) -> Result<Option<Vec<u8>>, ChannelError> {
    let address = sfi.map_or(EfAddress::FileId(fid), EfAddress::ShortId);
    match read_ef(ch, address) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ChannelError::Status { sw: StatusWord::FILE_NOT_FOUND, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The fewest APDUs that can read `files`: one SELECT per application and one READ BINARY per
/// `max_response_data` bytes of each file.
pub fn minimum_read_apdus(files: &CardFiles, caps: Capabilities) -> u64 {
    files
        .applications
        .iter()
        .map(|app| {
            1 + app.files.iter().map(|f| f.bytes.len().div_ceil(caps.max_response_data).max(1) as u64).sum::<u64>()
        })
        .sum()
}

/// Read every file as [`read_card`] does, and also DG14 and DG15 when the index did not list them: EF.COM need
/// not name the security data groups, and a verifier needs them.
pub fn read_card_for_verification<T: Transport>(
    ch: &mut CardChannel<T>,
    layout: &Layout,
) -> Result<CardFiles, ChannelError> {
    let mut files = read_card(ch, layout)?;
    let Some(app) = layout.application("emrtd") else { return Ok(files) };
    let missing: Vec<&str> = ["DG14", "DG15"].into_iter().filter(|n| files.bytes("emrtd", n).is_none()).collect();
    if missing.is_empty() || files.application("emrtd").is_none() {
        return Ok(files);
    }
    if let Some(aid) = &app.aid {
        select_application(ch, aid)?;
    }
    for name in missing {
        if let Some(spec) = app.file(name)
            && let Some(bytes) = read_one(ch, spec.sfi, spec.fid)?
        {
            files.insert(app, name, spec.fid, bytes);
        }
    }
    Ok(files)
}

/// Active Authentication: SELECT the eMRTD application and send INTERNAL AUTHENTICATE with `challenge`; the
/// chip's signature comes back as is (the caller verifies it against DG15).
pub fn internal_authenticate<T: Transport>(
    ch: &mut CardChannel<T>,
    layout: &Layout,
    challenge: &[u8],
) -> Result<Vec<u8>, ChannelError> {
    if let Some(aid) = layout.application("emrtd").and_then(|a| a.aid.as_ref()) {
        select_application(ch, aid)?;
    }
    let cmd = Command::new(0x00, 0x88, 0x00, 0x00).with_data(challenge.to_vec())?.with_ne(256)?;
    ch.transmit_ok(&cmd, "INTERNAL AUTHENTICATE")
}

/// The card's real buffer sizes: when its ATR announces extended length, EF.ATR/INFO (`2F01`, in the MF) may say
/// how large a command and a response can be (`7F66`); personalization then sizes its UPDATE BINARY chunks to them.
pub fn discover_capabilities<T: Transport>(ch: &mut CardChannel<T>) -> Result<Capabilities, ChannelError> {
    let caps = ch.capabilities();
    if !caps.extended_length {
        return Ok(caps);
    }
    ch.transmit_ok(&select_mf(), "SELECT MF")?;
    let select = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(vec![0x2F, 0x01])?;
    if ch.transmit(&select)?.sw != StatusWord::SUCCESS {
        return Ok(caps);
    }
    let info = read_ef(ch, EfAddress::Current)?;
    let refined = extended_length_info(&info).map_or(caps, |(cmd, resp)| caps.with_extended_length_info(cmd, resp));
    ch.set_capabilities(refined);
    Ok(refined)
}

/// `7F66 { 02 max command APDU, 02 max response APDU }` from EF.ATR/INFO's data objects.
fn extended_length_info(info: &[u8]) -> Option<(usize, usize)> {
    let uint =
        |v: &[u8]| (!v.is_empty() && v.len() <= 4).then(|| v.iter().fold(0usize, |a, b| (a << 8) | usize::from(*b)));
    for object in cccd_tlv::TlvIter::new(info) {
        let object = object.ok()?;
        if object.tag() == cccd_tlv::Tag::from_u32(0x7F66) {
            let mut ints =
                object.children().filter_map(Result::ok).filter(|t| t.tag() == cccd_tlv::Tag::from_u32(0x02));
            return Some((uint(ints.next()?.value())?, uint(ints.next()?.value())?));
        }
    }
    None
}
