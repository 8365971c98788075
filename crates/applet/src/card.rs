//! The software card: volatile session state, and the one place where each typed command is executed.

use cccd_apdu::{Atr, ChainAssembler, ChainStep, Cla, Command, Fcp, Response, StatusWord};
use cccd_chipauth::AaPrivateKey;
use cccd_tlv::{Tag, TlvNode};
use cccd_vcard::{PowerEvent, VirtualCard};

use std::path::{Path, PathBuf};

use crate::Lifecycle;
use crate::pin::{PIN_LEN, PIN_TRIES, PUK_LEN, PUK_TRIES, ReferenceData, is_digits};

/// Which secret a check is against.
#[derive(Clone, Copy)]
enum Secret {
    Pin,
    Puk,
}
use crate::command::{CardCommand, DATA_DO, EfRef, SelectResponse, SelectTarget};
use crate::fs::{DEFAULT_CAPACITY, FileIndex, FileSystem};
use crate::state::{self, CardState, STATE_SCHEMA_VERSION, StateError};

/// The largest response data field: a whole response APDU (data + SW) stays within 65,535 bytes, the most a
/// vpcd frame (and pcsc-lite's extended buffer) carries.
pub const MAX_RESPONSE_DATA: usize = 65_533;
/// The largest command APDU the card accepts, header and length fields included.
pub const MAX_COMMAND_APDU: usize = 65_535;

/// Card capabilities (ISO 7816-4 §12.1.1.2.7): selection by full and partial DF name, path, FID and SFI;
/// one-byte data units; command chaining and extended Lc/Le.
pub const CAPABILITIES: [u8; 3] = [0xF4, 0x01, 0xC0];
/// FID of EF.ATR/INFO in the MF.
pub const EF_ATR_INFO: u16 = 0x2F01;

/// State that lives only while the card is powered.
#[derive(Debug, Default)]
struct Session {
    current_df: FileIndex,
    current_ef: Option<FileIndex>,
    chain: ChainAssembler,
    /// Response bytes not yet fetched with GET RESPONSE.
    pending_response: Vec<u8>,
    last_challenge: Option<Vec<u8>>,
    /// The citizen PIN was verified in this session.
    pin_verified: bool,
}

/// A card OS with a file system; implements [`VirtualCard`] so it can sit in a reader.
#[derive(Debug)]
pub struct SoftwareCard {
    fs: FileSystem,
    lifecycle: Lifecycle,
    /// The chip's Active Authentication key: used by INTERNAL AUTHENTICATE, never returned by any command.
    aa_key: Option<AaPrivateKey>,
    pin: Option<ReferenceData>,
    puk: Option<ReferenceData>,
    session: Session,
    /// Where the persistent state is kept, when it outlives the process.
    state_file: Option<PathBuf>,
}

impl Default for SoftwareCard {
    fn default() -> Self {
        Self::new()
    }
}

impl SoftwareCard {
    /// A blank card: the MF with EF.ATR/INFO telling hosts the card's capabilities and buffer sizes.
    pub fn new() -> Self {
        let mut fs = FileSystem::default();
        let info = atr_info();
        let created =
            fs.create(FileSystem::MF, &Fcp::transparent_ef(EF_ATR_INFO, info.len(), Some(0x01))).and_then(|ef| {
                fs.write(ef, 0, &info)?;
                fs.protect(ef);
                Ok(())
            });
        debug_assert!(created.is_ok(), "a fresh file system has room for EF.ATR/INFO");
        Self {
            fs,
            lifecycle: Lifecycle::Blank,
            aa_key: None,
            pin: None,
            puk: None,
            session: Session::default(),
            state_file: None,
        }
    }

    /// A card whose persistent state lives in `path`: loaded when the file exists, else a blank card whose
    /// state is written there at once. Every later change is saved atomically before it is acknowledged.
    pub fn with_state_file(path: &Path) -> Result<Self, StateError> {
        let mut card = match state::load(path)? {
            Some(saved) => Self::from_state(&saved).map_err(|why| StateError::Inconsistent(path.to_owned(), why))?,
            None => Self::new(),
        };
        card.state_file = Some(path.to_owned());
        state::save_atomic(path, &card.state())?;
        Ok(card)
    }

    /// A card with the given persistent state (powered off).
    pub fn from_state(saved: &CardState) -> Result<Self, String> {
        let fs = FileSystem::from_image(&saved.files, DEFAULT_CAPACITY)?;
        let aa_key = match &saved.aa_key {
            Some(der) => {
                Some(AaPrivateKey::from_pkcs8(der).map_err(|e| format!("the Active Authentication key: {e}"))?)
            }
            None => None,
        };
        Ok(Self {
            fs,
            lifecycle: saved.lifecycle,
            aa_key,
            pin: saved.pin.clone(),
            puk: saved.puk.clone(),
            session: Session::default(),
            state_file: None,
        })
    }

    /// What the card keeps across power cycles.
    pub fn state(&self) -> CardState {
        CardState {
            schema_version: STATE_SCHEMA_VERSION,
            lifecycle: self.lifecycle,
            files: self.fs.to_image(),
            aa_key: self.aa_key.as_ref().and_then(|k| k.to_pkcs8_der().ok()).map(|der| der.to_vec()),
            pin: self.pin.clone(),
            puk: self.puk.clone(),
        }
    }

    pub fn lifecycle(&self) -> Lifecycle {
        self.lifecycle
    }

    /// Whether the chip has an Active Authentication key.
    pub fn has_aa_key(&self) -> bool {
        self.aa_key.is_some()
    }

    /// The file tree (for inspection and persistence).
    pub fn file_system(&self) -> &FileSystem {
        &self.fs
    }

    /// Process one raw command APDU.
    pub fn process(&mut self, raw: &[u8]) -> Response {
        let cmd = match Command::parse(raw) {
            Ok(cmd) => cmd,
            Err(e) => {
                self.session.chain.reset();
                return Response::status(e.status_word());
            }
        };
        if let Err(sw) = check_class(cmd.cla) {
            return Response::status(sw);
        }
        if cmd.ins != 0xC0 {
            self.session.pending_response.clear();
        }
        let cmd = match self.session.chain.push(cmd) {
            Ok(ChainStep::Complete(cmd)) => cmd,
            Ok(ChainStep::Pending) => return Response::status(StatusWord::SUCCESS),
            Err(sw) => return Response::status(sw),
        };
        let ne = cmd.ne().map_or(0, |ne| ne as usize).min(MAX_RESPONSE_DATA);
        let result = CardCommand::parse(&cmd).and_then(|typed| self.execute_and_persist(typed));
        match result {
            Ok((data, sw)) => self.limit_to_ne(data, ne, sw),
            Err(sw) => Response::status(sw),
        }
    }

    /// Send at most Ne bytes; keep the rest for GET RESPONSE and say so with `61xx`.
    fn limit_to_ne(&mut self, mut data: Vec<u8>, ne: usize, sw: StatusWord) -> Response {
        if data.len() <= ne {
            return Response::new(data, sw);
        }
        let rest = data.split_off(ne);
        let sw = StatusWord::bytes_available(rest.len().min(256) as u8);
        self.session.pending_response = rest;
        Response::new(data, sw)
    }

    /// Execute; when the command changed persistent state and a state file is kept, save it before answering,
    /// and undo the change (answering 6581) when it cannot be saved.
    fn execute_and_persist(&mut self, cmd: CardCommand<'_>) -> Result<(Vec<u8>, StatusWord), StatusWord> {
        let snapshot = (cmd.changes_persistent_state() && self.state_file.is_some())
            .then(|| (self.fs.clone(), self.lifecycle, self.aa_key.clone(), self.pin.clone(), self.puk.clone()));
        let result = self.execute(cmd)?;
        if let (Some((fs, lifecycle, aa_key, pin, puk)), Some(path)) = (snapshot, &self.state_file)
            && state::save_atomic(path, &self.state()).is_err()
        {
            self.fs = fs;
            self.lifecycle = lifecycle;
            self.aa_key = aa_key;
            self.pin = pin;
            self.puk = puk;
            self.session = Session::default();
            return Err(StatusWord::MEMORY_FAILURE);
        }
        Ok(result)
    }

    /// Save the persistent state now (a spent PIN try must be on disk before the comparison is made).
    fn persist_now(&self) -> Result<(), StatusWord> {
        match &self.state_file {
            Some(path) => state::save_atomic(path, &self.state()).map_err(|_| StatusWord::MEMORY_FAILURE),
            None => Ok(()),
        }
    }

    /// Check `candidate` against a PIN or PUK: spend a try, save, compare in constant time.
    fn check_secret(&mut self, which: Secret, candidate: &[u8]) -> Result<(), StatusWord> {
        let slot = match which {
            Secret::Pin => &mut self.pin,
            Secret::Puk => &mut self.puk,
        };
        let secret = slot.as_mut().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
        if !secret.spend_try() {
            return Err(StatusWord::AUTHENTICATION_METHOD_BLOCKED);
        }
        self.persist_now()?;
        let secret = match which {
            Secret::Pin => self.pin.as_mut(),
            Secret::Puk => self.puk.as_mut(),
        }
        .ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
        if secret.matches_and_settle(candidate) {
            return Ok(());
        }
        Err(match secret.retries_left() {
            0 => StatusWord::AUTHENTICATION_METHOD_BLOCKED,
            n => StatusWord::counter(n),
        })
    }

    /// Refuse issuer-data changes once the card is locked.
    fn require_personalization(&self) -> Result<(), StatusWord> {
        if self.lifecycle.allows_personalization() { Ok(()) } else { Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED) }
    }

    /// The one place where commands are carried out.
    fn execute(&mut self, cmd: CardCommand<'_>) -> Result<(Vec<u8>, StatusWord), StatusWord> {
        let ok = |data| Ok((data, StatusWord::SUCCESS));
        match cmd {
            CardCommand::Select { target, response } => {
                let file = self.resolve_select(&target)?;
                self.make_current(file);
                ok(self.select_response(file, response))
            }
            CardCommand::ReadBinary { file, offset, ne, odd_ins } => {
                let ef = self.resolve_ef(file)?;
                self.read_binary(ef, offset, ne, odd_ins)
            }
            CardCommand::UpdateBinary { file, offset, data } => {
                self.require_personalization()?;
                let ef = self.resolve_ef(file)?;
                self.fs.write(ef, offset, data)?;
                ok(Vec::new())
            }
            CardCommand::CreateFile { fcp } => {
                self.require_personalization()?;
                let fcp = Fcp::parse(fcp).map_err(|_| StatusWord::INCORRECT_DATA)?;
                let file = self.fs.create(self.session.current_df, &fcp)?;
                if self.fs.is_df(file) {
                    self.lifecycle = Lifecycle::Personalized;
                }
                self.make_current(file);
                ok(Vec::new())
            }
            CardCommand::Activate => {
                if self.session.current_df != FileSystem::MF || self.session.current_ef.is_some() {
                    return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
                }
                self.lifecycle = Lifecycle::Locked;
                ok(Vec::new())
            }
            CardCommand::PutAaKey { pkcs8 } => {
                self.require_personalization()?;
                self.aa_key = Some(AaPrivateKey::from_pkcs8(pkcs8).map_err(|_| StatusWord::INCORRECT_DATA)?);
                ok(Vec::new())
            }
            CardCommand::PutPin { pins } => {
                self.require_personalization()?;
                let (pin, puk) = pins.split_at_checked(PIN_LEN).ok_or(StatusWord::INCORRECT_DATA)?;
                if !is_digits(pin, PIN_LEN) || !is_digits(puk, PUK_LEN) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                self.pin = Some(ReferenceData::new(pin, PIN_TRIES));
                self.puk = Some(ReferenceData::new(puk, PUK_TRIES));
                ok(Vec::new())
            }
            CardCommand::Verify { pin } => {
                let state = self.pin.as_ref().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
                if pin.is_empty() {
                    // A query: verified already, or how many tries remain.
                    return match (self.session.pin_verified, state.retries_left()) {
                        (true, _) => ok(Vec::new()),
                        (false, 0) => Err(StatusWord::AUTHENTICATION_METHOD_BLOCKED),
                        (false, n) => Err(StatusWord::counter(n)),
                    };
                }
                if !is_digits(pin, PIN_LEN) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                self.session.pin_verified = false;
                self.check_secret(Secret::Pin, pin)?;
                self.session.pin_verified = true;
                ok(Vec::new())
            }
            CardCommand::ChangePin { data } => {
                let (old, new) = data.split_at_checked(PIN_LEN).ok_or(StatusWord::INCORRECT_DATA)?;
                if !is_digits(old, PIN_LEN) || !is_digits(new, PIN_LEN) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                self.check_secret(Secret::Pin, old)?;
                if let Some(pin) = self.pin.as_mut() {
                    pin.replace(new);
                }
                self.session.pin_verified = true;
                ok(Vec::new())
            }
            CardCommand::ResetPin { keep_pin, data } => {
                let (puk, new) = if keep_pin {
                    (data, &[][..])
                } else {
                    data.split_at_checked(PUK_LEN).ok_or(StatusWord::INCORRECT_DATA)?
                };
                if !is_digits(puk, PUK_LEN) || (!keep_pin && !is_digits(new, PIN_LEN)) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                self.check_secret(Secret::Puk, puk)?;
                if let Some(pin) = self.pin.as_mut() {
                    if keep_pin { pin.unblock() } else { pin.replace(new) }
                }
                ok(Vec::new())
            }
            CardCommand::GenerateAaKey => {
                self.require_personalization()?;
                let key = AaPrivateKey::generate_p256().map_err(|_| StatusWord::EXECUTION_ERROR)?;
                let public = key.public_key().to_spki_der().map_err(|_| StatusWord::EXECUTION_ERROR)?;
                self.aa_key = Some(key);
                ok(public)
            }
            CardCommand::InternalAuthenticate { challenge } => {
                let key = self.aa_key.as_ref().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
                ok(key.sign_challenge(challenge).map_err(|_| StatusWord::INCORRECT_DATA)?)
            }
            CardCommand::GetChallenge { len } => {
                if len > 256 {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                let mut challenge = vec![0u8; len];
                getrandom::fill(&mut challenge).map_err(|_| StatusWord::EXECUTION_ERROR)?;
                self.session.last_challenge = Some(challenge.clone());
                ok(challenge)
            }
            CardCommand::GetResponse { .. } => {
                if self.session.pending_response.is_empty() {
                    return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
                }
                ok(std::mem::take(&mut self.session.pending_response))
            }
        }
    }

    fn resolve_select(&self, target: &SelectTarget<'_>) -> Result<FileIndex, StatusWord> {
        let fs = &self.fs;
        let df = self.session.current_df;
        let found = match target {
            SelectTarget::MasterFile => Some(FileSystem::MF),
            SelectTarget::FileId(id) => fs.search_file_id(df, *id),
            SelectTarget::ChildDf(id) => fs.child(df, *id).filter(|&f| fs.is_df(f)),
            SelectTarget::ChildEf(id) => fs.child(df, *id).filter(|&f| !fs.is_df(f)),
            SelectTarget::Parent => fs.parent(df),
            SelectTarget::DfName(name) => fs.df_by_name(name),
            SelectTarget::Path { from_mf, fids } => {
                let start = if *from_mf { FileSystem::MF } else { df };
                // A path from the MF may name the MF itself first.
                let fids = match fids.split_first() {
                    Some((0x3F00, rest)) if *from_mf => rest,
                    _ => fids.as_slice(),
                };
                fids.iter().try_fold(start, |at, fid| if fs.is_df(at) { fs.child(at, *fid) } else { None })
            }
        };
        found.ok_or(StatusWord::FILE_NOT_FOUND)
    }

    fn make_current(&mut self, file: FileIndex) {
        if self.fs.is_df(file) {
            self.session.current_df = file;
            self.session.current_ef = None;
        } else {
            self.session.current_df = self.fs.parent(file).unwrap_or(FileSystem::MF);
            self.session.current_ef = Some(file);
        }
    }

    fn select_response(&self, file: FileIndex, response: SelectResponse) -> Vec<u8> {
        if response == SelectResponse::None {
            return Vec::new();
        }
        let Some(mut fcp) = self.fs.fcp(file) else { return Vec::new() };
        fcp.life_cycle = Some(self.lifecycle.lcs_byte());
        match response {
            SelectResponse::None => Vec::new(),
            SelectResponse::Fcp => fcp.to_bytes(),
            SelectResponse::Fci => {
                // FCI template 6F carrying the same data objects as the FCP.
                let mut raw = fcp.to_bytes();
                if let Some(first) = raw.first_mut() {
                    *first = 0x6F;
                }
                raw
            }
            SelectResponse::Fmd => {
                let children =
                    fcp.df_name.map(|n| vec![TlvNode::primitive(Tag::from_u32(0x84), n)]).unwrap_or_default();
                TlvNode::constructed(Tag::from_u32(0x64), children).to_vec()
            }
        }
    }

    /// Find the EF a data-unit command addresses; a short or file identifier also selects it.
    fn resolve_ef(&mut self, file: EfRef) -> Result<FileIndex, StatusWord> {
        let df = self.session.current_df;
        let ef = match file {
            EfRef::Current => self.session.current_ef.ok_or(StatusWord::NO_CURRENT_EF)?,
            EfRef::ShortId(sfi) => self.fs.child_by_short_id(df, sfi).ok_or(StatusWord::FILE_NOT_FOUND)?,
            EfRef::FileId(id) => self.fs.child(df, id).ok_or(StatusWord::FILE_NOT_FOUND)?,
        };
        if self.fs.is_df(ef) {
            return Err(StatusWord::INCOMPATIBLE_WITH_FILE_STRUCTURE);
        }
        self.session.current_ef = Some(ef);
        Ok(ef)
    }

    fn read_binary(
        &self,
        ef: FileIndex,
        offset: usize,
        ne: usize,
        odd_ins: bool,
    ) -> Result<(Vec<u8>, StatusWord), StatusWord> {
        let data = self.fs.ef_data(ef).ok_or(StatusWord::INCOMPATIBLE_WITH_FILE_STRUCTURE)?;
        if offset > data.len() {
            return Err(StatusWord::WRONG_P1P2);
        }
        let available = &data[offset..];
        let room = ne.min(MAX_RESPONSE_DATA);
        // Odd INS wraps the bytes in DO 53, whose header takes 2 to 4 bytes of Ne.
        let n = if odd_ins {
            (0..=available.len().min(room)).rev().find(|&n| n + do_header_len(n) <= room).unwrap_or(0)
        } else {
            available.len().min(room)
        };
        let chunk = &available[..n];
        // Asking for a definite Ne past the end is answered with what there is and 6282.
        let wildcard = ne == 256 || ne == 65_536;
        let sw = if n == available.len() && (available.is_empty() || (!wildcard && n < ne)) {
            StatusWord::END_OF_FILE_REACHED
        } else {
            StatusWord::SUCCESS
        };
        let body = if odd_ins { TlvNode::primitive(DATA_DO, chunk.to_vec()).to_vec() } else { chunk.to_vec() };
        Ok((body, sw))
    }
}

fn do_header_len(n: usize) -> usize {
    1 + match n {
        0..=0x7F => 1,
        0x80..=0xFF => 2,
        _ => 3,
    }
}

/// Classes this card accepts: interindustry, channel 0, no secure messaging (none is established yet).
fn check_class(cla: Cla) -> Result<(), StatusWord> {
    if !cla.is_interindustry() || !cla.is_valid() {
        return Err(StatusWord::CLA_NOT_SUPPORTED);
    }
    if cla.channel() != Some(0) {
        return Err(StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED);
    }
    if cla.has_secure_messaging() {
        return Err(StatusWord::SECURE_MESSAGING_NOT_SUPPORTED);
    }
    Ok(())
}

/// EF.ATR/INFO content: card capabilities (`47`) and extended length information (`7F66`: the largest command
/// and response APDUs, whole, in bytes).
fn atr_info() -> Vec<u8> {
    let int = |v: usize| TlvNode::primitive(Tag::from_u32(0x02), (v as u16).to_be_bytes().to_vec());
    let mut out = TlvNode::primitive(Tag::from_u32(0x47), CAPABILITIES.to_vec()).to_vec();
    out.extend(
        TlvNode::constructed(Tag::from_u32(0x7F66), vec![int(MAX_COMMAND_APDU), int(MAX_RESPONSE_DATA + 2)]).to_vec(),
    );
    out
}

impl VirtualCard for SoftwareCard {
    fn atr(&self) -> Vec<u8> {
        let mut historical = vec![0x80, 0x73];
        historical.extend_from_slice(&CAPABILITIES);
        Atr::t1_with_historical(&historical)
    }

    fn power(&mut self, event: PowerEvent) {
        match event {
            PowerEvent::Off | PowerEvent::On | PowerEvent::Reset => self.session = Session::default(),
        }
    }

    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        self.process(command).to_bytes()
    }
}
