//! The software card: volatile session state, and the one place where each typed command is executed.

use cccd_apdu::{Atr, ChainAssembler, ChainStep, Cla, Command, Fcp, Response, StatusWord};
use cccd_chipauth::AaPrivateKey;
use cccd_sm::{PersoKey, perso};
use cccd_tlv::{Tag, TlvNode};
use cccd_vcard::{PowerEvent, VirtualCard};

use std::path::{Path, PathBuf};

use crate::Lifecycle;
use crate::command::{AuthKey, CardCommand, DATA_DO, DataObject, EfRef, SelectResponse, SelectTarget};
use crate::esign::EsignKey;
use crate::fs::{DEFAULT_CAPACITY, FileIndex, FileSystem};
use crate::pin::{PIN_LEN, PIN_TRIES, PUK_LEN, PUK_TRIES, ReferenceData, is_digits};
use crate::security::{Access, SecurityState};
use crate::state::{self, CardState, STATE_SCHEMA_VERSION, StateError};

/// Which secret a check is against.
#[derive(Clone, Copy)]
enum Secret {
    Pin,
    Puk,
}

/// Failed personalization authentications the card tolerates before it refuses the key for good.
pub const PERSO_TRIES: u8 = 10;

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
    /// Plain answer data beyond the Ne of a protected command (DO'97'), for a protected GET RESPONSE.
    pending_protected: Vec<u8>,
    last_challenge: Option<Vec<u8>>,
    security: SecurityState,
}

/// Keys and reference data the card keeps across power cycles; no command returns a private part.
#[derive(Clone, Debug)]
pub(crate) struct Secrets {
    /// The chip's Active Authentication key: used by INTERNAL AUTHENTICATE.
    pub aa_key: Option<AaPrivateKey>,
    pub pin: Option<ReferenceData>,
    pub puk: Option<ReferenceData>,
    /// The AES-128 key that opens personalization commands.
    pub perso_key: PersoKey,
    pub perso_tries_left: u8,
    /// Authority keys installed at personalization (`cccd_documents::AuthorityKeys` encoding).
    pub authority_keys: Option<Vec<u8>>,
    pub esign: Option<EsignKey>,
}

impl Secrets {
    fn slot(&mut self, which: Secret) -> Option<&mut ReferenceData> {
        match which {
            Secret::Pin => self.pin.as_mut(),
            Secret::Puk => self.puk.as_mut(),
        }
    }
}

/// A card OS with a file system; implements [`VirtualCard`] so it can sit in a reader.
#[derive(Debug)]
pub struct SoftwareCard {
    fs: FileSystem,
    lifecycle: Lifecycle,
    secrets: Secrets,
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
    /// A blank card with the well-known test personalization key ([`perso::TEST_PERSO_KEY`]).
    pub fn new() -> Self {
        Self::with_perso_key(PersoKey::new(perso::TEST_PERSO_KEY))
    }

    /// A blank card: the MF with EF.ATR/INFO telling hosts the card's capabilities and buffer sizes, and the
    /// personalization key its manufacturer gave it.
    pub fn with_perso_key(perso_key: PersoKey) -> Self {
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
            secrets: Secrets {
                aa_key: None,
                pin: None,
                puk: None,
                perso_key,
                perso_tries_left: PERSO_TRIES,
                authority_keys: None,
                esign: None,
            },
            session: Session::default(),
            state_file: None,
        }
    }

    /// A card whose persistent state lives in `path`: loaded when the file exists, else a blank card with the
    /// test personalization key whose state is written there at once. Every later change is saved atomically
    /// before it is acknowledged.
    pub fn with_state_file(path: &Path) -> Result<Self, StateError> {
        Self::with_state_file_and_key(path, PersoKey::new(perso::TEST_PERSO_KEY))
    }

    /// As [`Self::with_state_file`]; a new card gets `perso_key` (a stored card keeps its own).
    pub fn with_state_file_and_key(path: &Path, perso_key: PersoKey) -> Result<Self, StateError> {
        let mut card = match state::load(path)? {
            Some(saved) => Self::from_state(&saved).map_err(|why| StateError::Inconsistent(path.to_owned(), why))?,
            None => Self::with_perso_key(perso_key),
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
        let perso_key = match &saved.perso_key {
            Some(bytes) => PersoKey::new(
                <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| "the personalization key is not 16 bytes")?,
            ),
            None => PersoKey::new(perso::TEST_PERSO_KEY),
        };
        let esign = match &saved.esign_key {
            Some(der) => Some(EsignKey::from_pkcs8(der, saved.esign_certificate.clone())?),
            None => None,
        };
        Ok(Self {
            fs,
            lifecycle: saved.lifecycle,
            secrets: Secrets {
                aa_key,
                pin: saved.pin.clone(),
                puk: saved.puk.clone(),
                perso_key,
                perso_tries_left: saved.perso_tries_left.unwrap_or(PERSO_TRIES),
                authority_keys: saved.authority_keys.clone(),
                esign,
            },
            session: Session::default(),
            state_file: None,
        })
    }

    /// What the card keeps across power cycles.
    pub fn state(&self) -> CardState {
        let secrets = &self.secrets;
        CardState {
            schema_version: STATE_SCHEMA_VERSION,
            lifecycle: self.lifecycle,
            files: self.fs.to_image(),
            aa_key: secrets.aa_key.as_ref().and_then(|k| k.to_pkcs8_der().ok()).map(|der| der.to_vec()),
            pin: secrets.pin.clone(),
            puk: secrets.puk.clone(),
            perso_key: Some(secrets.perso_key.as_bytes().to_vec()),
            perso_tries_left: Some(secrets.perso_tries_left),
            authority_keys: secrets.authority_keys.clone(),
            esign_key: secrets.esign.as_ref().and_then(EsignKey::to_pkcs8),
            esign_certificate: secrets.esign.as_ref().and_then(|k| k.certificate.clone()),
        }
    }

    pub fn lifecycle(&self) -> Lifecycle {
        self.lifecycle
    }

    /// Process one raw command APDU.
    pub fn process(&mut self, raw: &[u8]) -> Response {
        // The class byte says whether the command is protected; chaining keeps it. A protected command (or one
        // breaking a protected chain) refused before it is unprotected is a secure-messaging error: ICAO 9303-11
        // §9.8 has the session end.
        let sm_class = raw.first().is_some_and(|cla| Cla(*cla).has_secure_messaging());
        let refuse = |card: &mut Self, sw: StatusWord, sm_error: bool| {
            if sm_error {
                card.session.security.end_secure_messaging();
            }
            Response::status(sw)
        };
        let cmd = match Command::parse(raw) {
            Ok(cmd) => cmd,
            Err(e) => {
                self.session.chain.reset();
                return refuse(self, e.status_word(), sm_class);
            }
        };
        if let Err(sw) = check_class(cmd.cla) {
            return refuse(self, sw, sm_class);
        }
        // A GET RESPONSE continues the answer it belongs to: plain, the raw rest of the last answer; protected,
        // the plain rest held back by DO'97'. Any other command drops what was held.
        let fetching_rest = !sm_class && cmd.ins == 0xC0 && !self.session.pending_response.is_empty();
        if !fetching_rest {
            self.session.pending_response.clear();
        }
        if !(sm_class && cmd.ins == 0xC0) {
            self.session.pending_protected.clear();
        }
        let breaks_protected_chain = self.session.chain.is_pending();
        let cmd = match self.session.chain.push(cmd) {
            Ok(ChainStep::Complete(cmd)) => cmd,
            Ok(ChainStep::Pending) => return Response::status(StatusWord::SUCCESS),
            Err(sw) => return refuse(self, sw, sm_class || breaks_protected_chain),
        };
        let ne = cmd.ne().map_or(0, |ne| ne as usize).min(MAX_RESPONSE_DATA);
        let mut response = if sm_class {
            self.process_protected(&cmd)
        } else {
            // A plain command ends secure messaging (ICAO 9303-11 §9.8), except fetching the rest of an answer.
            if !fetching_rest {
                self.session.security.end_secure_messaging();
            }
            self.dispatch(&cmd)
        };
        if let Some(rest) = hold_back(&mut response, ne) {
            self.session.pending_response = rest;
        }
        response
    }

    /// A whole protected command (chains are merged first): unprotect, execute, protect the answer. A command
    /// that does not unprotect (wrong MAC, missing objects) ends the session and is answered plain.
    fn process_protected(&mut self, cmd: &Command<'_>) -> Response {
        let Some(sm) = self.session.security.sm.as_mut() else {
            return Response::status(StatusWord::SECURE_MESSAGING_NOT_SUPPORTED);
        };
        let plain = match sm.unprotect_command(cmd) {
            Ok(plain) => plain,
            Err(e) => {
                self.session.security.end_secure_messaging();
                return Response::status(e.status_word());
            }
        };
        let mut response = self.dispatch(&plain);
        // Ne from DO'97' bounds the plain data as Le bounds a plain answer: the rest waits for a protected GET
        // RESPONSE, announced by 61xx inside DO'99'.
        if let Some(rest) = hold_back(&mut response, plain.ne().map_or(0, |ne| ne as usize)) {
            self.session.pending_protected = rest;
        }
        match self.session.security.sm.as_mut() {
            Some(sm) => {
                let mut protected = sm.protect_response(&response);
                // The 61xx belongs to the plain answer (inside DO'99'); outside, the protected answer is complete,
                // and an outer 61xx would send the terminal for raw bytes with a plain GET RESPONSE.
                if response.sw.remaining_bytes().is_some() {
                    protected.sw = StatusWord::SUCCESS;
                }
                protected
            }
            None => response,
        }
    }

    /// Parse and execute one complete plain command; the whole answer, before Ne is applied.
    fn dispatch(&mut self, cmd: &Command<'_>) -> Response {
        match CardCommand::parse(cmd).and_then(|typed| self.execute_and_persist(typed)) {
            Ok((data, sw)) => Response::new(data, sw),
            Err(sw) => Response::status(sw),
        }
    }

    /// Execute; when the command changed persistent state and a state file is kept, save it before answering,
    /// and undo the change (answering 6581) when it cannot be saved.
    fn execute_and_persist(&mut self, cmd: CardCommand<'_>) -> Result<(Vec<u8>, StatusWord), StatusWord> {
        // The file tree (up to a megabyte) is copied only for the commands that change it.
        let snapshot = (cmd.changes_persistent_state() && self.state_file.is_some())
            .then(|| (cmd.changes_files().then(|| self.fs.clone()), self.lifecycle, self.secrets.clone()));
        let result = self.execute(cmd)?;
        if let (Some((fs, lifecycle, secrets)), Some(path)) = (snapshot, &self.state_file)
            && state::save_atomic(path, &self.state()).is_err()
        {
            if let Some(fs) = fs {
                self.fs = fs;
            }
            self.lifecycle = lifecycle;
            self.secrets = secrets;
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
        let secret = self.secrets.slot(which).ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
        if !secret.spend_try() {
            return Err(StatusWord::AUTHENTICATION_METHOD_BLOCKED);
        }
        self.persist_now()?;
        let secret = self.secrets.slot(which).ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
        if secret.matches_and_settle(candidate) {
            return Ok(());
        }
        Err(tries_status(secret.retries_left()))
    }

    /// Check an access condition against the lifecycle and what this session has proven.
    fn require(&self, access: Access) -> Result<(), StatusWord> {
        access.check(self.lifecycle, &self.session.security)
    }

    /// The one place where commands are carried out. Each arm first names its access condition.
    fn execute(&mut self, cmd: CardCommand<'_>) -> Result<(Vec<u8>, StatusWord), StatusWord> {
        let ok = |data| Ok((data, StatusWord::SUCCESS));
        match cmd {
            CardCommand::Select { target, response } => {
                // Which files an application holds (and their sizes) says which documents the citizen has: an
                // application file is found, or not, only inside BAC.
                self.guard_application_files(&target)?;
                let file = self.resolve_select(&target)?;
                self.make_current(file);
                ok(self.select_response(file, response))
            }
            CardCommand::ReadBinary { file, offset, ne, odd_ins } => {
                // Files of the applications hold personal data; only the MF's files are open to all. Checked before
                // the file is looked up, so a refusal does not tell whether it exists.
                if self.session.current_df != FileSystem::MF && !matches!(file, EfRef::Current) {
                    self.require(Access::SecureMessaging)?;
                }
                let ef = self.resolve_ef(file)?;
                if self.fs.parent(ef) != Some(FileSystem::MF) {
                    self.require(Access::SecureMessaging)?;
                }
                self.read_binary(ef, offset, ne, odd_ins)
            }
            CardCommand::UpdateBinary { file, offset, data } => {
                self.require(Access::Personalization)?;
                let ef = self.resolve_ef(file)?;
                self.fs.write(ef, offset, data)?;
                ok(Vec::new())
            }
            CardCommand::CreateFile { fcp } => {
                self.require(Access::Personalization)?;
                let fcp = Fcp::parse(fcp).map_err(|_| StatusWord::INCORRECT_DATA)?;
                let file = self.fs.create(self.session.current_df, &fcp)?;
                if self.fs.is_df(file) {
                    self.lifecycle = Lifecycle::Personalized;
                }
                self.make_current(file);
                ok(Vec::new())
            }
            CardCommand::Activate => {
                self.require(Access::Personalization)?;
                if self.session.current_df != FileSystem::MF || self.session.current_ef.is_some() {
                    return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
                }
                self.lifecycle = Lifecycle::Locked;
                self.session.security.personalization = false;
                // The personalization key is retired: nothing of it stays on the issued card.
                self.secrets.perso_key = PersoKey::new([0; 16]);
                self.secrets.perso_tries_left = 0;
                ok(Vec::new())
            }
            CardCommand::PutAaKey { pkcs8 } => {
                self.require(Access::Personalization)?;
                self.secrets.aa_key = Some(AaPrivateKey::from_pkcs8(pkcs8).map_err(|_| StatusWord::INCORRECT_DATA)?);
                ok(Vec::new())
            }
            CardCommand::PutPin { pins } => {
                self.require(Access::Personalization)?;
                let (pin, puk) = pins.split_at_checked(PIN_LEN).ok_or(StatusWord::INCORRECT_DATA)?;
                if !is_digits(pin, PIN_LEN) || !is_digits(puk, PUK_LEN) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                self.secrets.pin = Some(ReferenceData::new(pin, PIN_TRIES));
                self.secrets.puk = Some(ReferenceData::new(puk, PUK_TRIES));
                ok(Vec::new())
            }
            CardCommand::PutAuthorityKeys { data } => {
                self.require(Access::Personalization)?;
                cccd_documents::AuthorityKeys::decode(data).map_err(|_| StatusWord::INCORRECT_DATA)?;
                self.secrets.authority_keys = Some(data.to_vec());
                ok(Vec::new())
            }
            CardCommand::Verify { pin } => {
                let state = self.secrets.pin.as_ref().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
                if pin.is_empty() {
                    // A query: verified already, or how many tries remain.
                    return if self.session.security.pin_verified {
                        ok(Vec::new())
                    } else {
                        Err(tries_status(state.retries_left()))
                    };
                }
                if !is_digits(pin, PIN_LEN) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                self.session.security.pin_verified = false;
                self.check_secret(Secret::Pin, pin)?;
                self.session.security.pin_verified = true;
                ok(Vec::new())
            }
            CardCommand::ChangePin { data } => {
                let (old, new) = data.split_at_checked(PIN_LEN).ok_or(StatusWord::INCORRECT_DATA)?;
                if !is_digits(old, PIN_LEN) || !is_digits(new, PIN_LEN) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                self.check_secret(Secret::Pin, old)?;
                if let Some(pin) = self.secrets.pin.as_mut() {
                    pin.replace(new);
                }
                self.session.security.pin_verified = true;
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
                if let Some(pin) = self.secrets.pin.as_mut() {
                    if keep_pin { pin.unblock() } else { pin.replace(new) }
                }
                ok(Vec::new())
            }
            CardCommand::GenerateAaKey => {
                self.require(Access::Personalization)?;
                let key = AaPrivateKey::generate_p256().map_err(|_| StatusWord::EXECUTION_ERROR)?;
                let public = key.public_key().to_spki_der().map_err(|_| StatusWord::EXECUTION_ERROR)?;
                self.secrets.aa_key = Some(key);
                ok(public)
            }
            CardCommand::InternalAuthenticate { challenge } => {
                self.require(Access::SecureMessaging)?;
                let key = self.secrets.aa_key.as_ref().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
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
            CardCommand::ExternalAuthenticate { key: AuthKey::Bac, data } => ok(self.basic_access_control(data)?),
            CardCommand::ExternalAuthenticate { key: AuthKey::Personalization, data } => {
                ok(self.personalization_authentication(data)?)
            }
            CardCommand::GenerateEsignKey => {
                self.require(Access::PersonalizationOrSecureMessagingAndPin)?;
                let key = EsignKey::generate()?;
                let template = key.public_key_template();
                self.secrets.esign = Some(key);
                ok(template)
            }
            CardCommand::GetData { object } => {
                // The certificate names the holder; the key would let a reader track the card.
                self.require(Access::SecureMessaging)?;
                let key = self.secrets.esign.as_ref().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
                match object {
                    DataObject::EsignPublicKey => ok(key.public_key_template()),
                    DataObject::EsignCertificate => {
                        ok(key.certificate.clone().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?)
                    }
                }
            }
            CardCommand::PutEsignCertificate { cert } => {
                self.require(Access::PersonalizationOrSecureMessagingAndPin)?;
                let key = self.secrets.esign.as_mut().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
                if !key.certifies(cert) {
                    return Err(StatusWord::INCORRECT_DATA);
                }
                key.certificate = Some(cert.to_vec());
                ok(Vec::new())
            }
            CardCommand::ComputeSignature { digest } => {
                self.require(Access::SecureMessagingAndPin)?;
                let key = self.secrets.esign.as_ref().ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
                ok(key.sign_digest(digest)?)
            }
            CardCommand::PutDocument { object } => {
                self.require(Access::SecureMessagingAndPin)?;
                self.fs = crate::documents::store(&self.fs, self.secrets.authority_keys.as_deref(), object)?;
                ok(Vec::new())
            }
            CardCommand::GetResponse => {
                // `process` kept only the buffer this GET RESPONSE continues (plain: the raw rest; protected: the
                // plain rest), so at most one holds anything.
                let session = &mut self.session;
                let pending = if session.pending_protected.is_empty() {
                    &mut session.pending_response
                } else {
                    &mut session.pending_protected
                };
                if pending.is_empty() {
                    return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
                }
                ok(std::mem::take(pending))
            }
        }
    }

    /// The challenge a GET CHALLENGE gave, used up whatever happens next.
    fn take_challenge<const N: usize>(&mut self) -> Result<[u8; N], StatusWord> {
        let challenge = self.session.last_challenge.take();
        challenge
            .and_then(|c| <[u8; N]>::try_from(c.as_slice()).ok())
            .ok_or(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED)
    }

    /// BAC (ICAO 9303-11 §9.7): with the eMRTD application selected, check E.IFD‖M.IFD against keys derived
    /// from DG1's MRZ; answer E.IC‖M.IC and open secure messaging, or `6300`.
    fn basic_access_control(&mut self, data: &[u8]) -> Result<Vec<u8>, StatusWord> {
        if self.session.security.sm.is_some() {
            // A new BAC starts from plain GET CHALLENGE, which has already ended the session.
            return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        let keys = crate::documents::bac_keys(&self.fs, self.session.current_df)?;
        let rnd_ic = self.take_challenge::<{ cccd_sm::NONCE_LEN }>()?;
        let (answer, session) =
            cccd_sm::BacCard::with_challenge(&keys, rnd_ic).authenticate(data).map_err(|e| e.status_word())?;
        self.session.security.sm = Some(session);
        self.session.security.pin_verified = false;
        Ok(answer.data)
    }

    /// The personalization key's mutual authentication (card.md): a try is spent and saved first; 10 failures
    /// retire the key; locking retires it too.
    fn personalization_authentication(&mut self, data: &[u8]) -> Result<Vec<u8>, StatusWord> {
        if !self.lifecycle.allows_personalization() {
            return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        if self.secrets.perso_tries_left == 0 {
            return Err(StatusWord::AUTHENTICATION_METHOD_BLOCKED);
        }
        let challenge = self.take_challenge::<{ perso::PERSO_NONCE_LEN }>()?;
        self.session.security.personalization = false;
        self.secrets.perso_tries_left -= 1;
        self.persist_now()?;
        match self.secrets.perso_key.check_terminal(&challenge, data) {
            Some(answer) => {
                self.secrets.perso_tries_left = PERSO_TRIES;
                self.session.security.personalization = true;
                Ok(answer.to_vec())
            }
            None if data.len() != perso::PERSO_NONCE_LEN + perso::PERSO_CRYPTOGRAM_LEN => Err(StatusWord::WRONG_LENGTH),
            None => Err(tries_status(self.secrets.perso_tries_left)),
        }
    }

    /// Outside BAC, SELECT by file identifier or path inside an application answers `6982` whether or not the file
    /// exists (DF names, the MF and the parent stay open: ICAO readers select the application before BAC).
    fn guard_application_files(&self, target: &SelectTarget<'_>) -> Result<(), StatusWord> {
        let in_application = self.session.current_df != FileSystem::MF;
        let reaches_in = match target {
            SelectTarget::FileId(_) | SelectTarget::ChildEf(_) | SelectTarget::ChildDf(_) => in_application,
            // From an application, any path stays inside it; from the MF, a path of two or more steps enters one.
            SelectTarget::Path { from_mf: false, fids } => in_application || fids.len() > 1,
            SelectTarget::Path { from_mf: true, fids } => fids.iter().filter(|f| **f != 0x3F00).count() > 1,
            SelectTarget::MasterFile | SelectTarget::Parent | SelectTarget::DfName(_) => false,
        };
        if reaches_in { self.require(Access::SecureMessaging) } else { Ok(()) }
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

/// What a refused PIN, PUK or key check answers: `63Cx` with the tries left, `6983` when none are.
fn tries_status(left: u8) -> StatusWord {
    match left {
        0 => StatusWord::AUTHENTICATION_METHOD_BLOCKED,
        n => StatusWord::counter(n.min(15)),
    }
}

/// Keep at most `ne` bytes of the answer; the rest is returned for GET RESPONSE and announced with `61xx`.
fn hold_back(response: &mut Response, ne: usize) -> Option<Vec<u8>> {
    if response.data.len() <= ne {
        return None;
    }
    let rest = response.data.split_off(ne);
    response.sw = StatusWord::bytes_available(rest.len().min(256) as u8);
    Some(rest)
}

fn do_header_len(n: usize) -> usize {
    1 + match n {
        0..=0x7F => 1,
        0x80..=0xFF => 2,
        _ => 3,
    }
}

/// Classes this card accepts: interindustry, channel 0; secure messaging is checked against the session later.
fn check_class(cla: Cla) -> Result<(), StatusWord> {
    if !cla.is_interindustry() || !cla.is_valid() {
        return Err(StatusWord::CLA_NOT_SUPPORTED);
    }
    if cla.channel() != Some(0) {
        return Err(StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED);
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
