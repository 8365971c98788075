//! A software card in a vpcd reader for the length of a test: started and stopped with
//! waits on the reader state (`SCardGetStatusChange`), never sleeps, so the next test
//! finds the reader empty.

use std::ffi::CString;
use std::time::{Duration, Instant};

use cccd_vcard::{ServeStats, VirtualCard, VpcdConnector, VpcdOptions};
use pcsc::{Context, Protocols, ReaderState, Scope, ShareMode, State};

use crate::{SupportError, VpcdSlot};

/// Bound on a card appearing or disappearing (normally 0.1–0.2 s).
const STATE_TIMEOUT: Duration = Duration::from_secs(10);

/// A card served through vpcd into a reader slot held by this value.
pub struct EmulatedCard {
    ctx: Context,
    reader: CString,
    atr: Vec<u8>,
    connector: Option<VpcdConnector>,
    slot: VpcdSlot,
}

impl EmulatedCard {
    /// Serve `card` in `slot` and wait until pcscd reports it present.
    pub fn start(card: impl VirtualCard + 'static, slot: VpcdSlot) -> Result<Self, SupportError> {
        let ctx = Context::establish(Scope::User).map_err(|_| SupportError::PcscdUnavailable)?;
        let reader = slot.reader_cstring();
        let listed = ctx.list_readers_owned()?;
        if !listed.contains(&reader) {
            return Err(SupportError::ReaderMissing(slot.reader_name()));
        }
        // A previous user's card disappears within ~0.2 s of its link closing.
        wait_for(&ctx, &reader, "an empty reader", |s| !s.contains(State::PRESENT))?;
        let atr = card.atr();
        let mut options = VpcdOptions::slot(slot.index());
        options.addr = slot.addr();
        let connector = VpcdConnector::spawn(card, options)?;
        let this = Self { ctx, reader, atr, connector: Some(connector), slot };
        wait_for(&this.ctx, &this.reader, "the card", |s| s.contains(State::PRESENT) && !s.contains(State::MUTE))?;
        Ok(this)
    }

    /// The slot (and reader) this card sits in.
    pub fn slot(&self) -> &VpcdSlot {
        &self.slot
    }

    /// The reader name for the `pcsc` crate.
    pub fn reader(&self) -> &CString {
        &self.reader
    }

    /// The card's ATR as it was when started.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// The PC/SC context used to watch the reader.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Connect to the card (shared, T=0 or T=1).
    pub fn connect(&self) -> Result<pcsc::Card, SupportError> {
        Ok(self.ctx.connect(&self.reader, ShareMode::Shared, Protocols::ANY)?)
    }

    /// APDUs the card has answered so far.
    pub fn apdus_served(&self) -> u64 {
        self.connector.as_ref().map_or(0, VpcdConnector::apdus_served)
    }

    /// Pull the card out: stop serving and wait until pcscd sees the reader empty. The slot
    /// stays held until drop. Idempotent.
    pub fn remove(&mut self) -> Result<ServeStats, SupportError> {
        let Some(connector) = self.connector.take() else {
            return Ok(ServeStats::default());
        };
        let stats = connector.stop()?;
        wait_for(&self.ctx, &self.reader, "the card's removal", |s| !s.contains(State::PRESENT))?;
        Ok(stats)
    }
}

impl Drop for EmulatedCard {
    fn drop(&mut self) {
        // Best effort: the slot lock is released after this either way.
        let _ = self.remove();
    }
}

/// Send one APDU with a buffer of `pcsc::MAX_BUFFER_SIZE_EXTENDED`; a response without a
/// status word (what a card dying mid-APDU looks like) is an error.
pub fn transmit(card: &pcsc::Card, command: &[u8]) -> Result<Vec<u8>, SupportError> {
    let mut buf = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    let response = card.transmit(command, &mut buf)?;
    if response.len() < 2 {
        return Err(SupportError::ShortResponse(response.len()));
    }
    Ok(response.to_vec())
}

/// Wait until the reader's state satisfies `done`, returning that state.
pub(crate) fn wait_for(
    ctx: &Context,
    reader: &CString,
    what: &'static str,
    done: impl Fn(State) -> bool,
) -> Result<State, SupportError> {
    let deadline = Instant::now() + STATE_TIMEOUT;
    let mut states = [ReaderState::new(reader.clone(), State::UNAWARE)];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match ctx.get_status_change(left, &mut states) {
            Ok(()) => {}
            Err(pcsc::Error::Timeout) => {
                return Err(SupportError::Timeout { what, reader: reader.to_string_lossy().into_owned() });
            }
            Err(e) => return Err(e.into()),
        }
        let state = states[0].event_state();
        if done(state) {
            return Ok(state);
        }
        if left.is_zero() {
            return Err(SupportError::Timeout { what, reader: reader.to_string_lossy().into_owned() });
        }
        states[0].sync_current_state();
    }
}

/// Wait until pcscd sees a card in `slot`'s reader (`present`) or the reader empty (`!present`); for cards
/// served by another process, such as `cccd emulate`.
pub fn wait_for_card(slot: &VpcdSlot, present: bool) -> Result<(), SupportError> {
    let ctx = Context::establish(Scope::User).map_err(|_| SupportError::PcscdUnavailable)?;
    let reader = slot.reader_cstring();
    if present {
        wait_for(&ctx, &reader, "the card", |s| s.contains(State::PRESENT) && !s.contains(State::MUTE))?;
    } else {
        wait_for(&ctx, &reader, "an empty reader", |s| !s.contains(State::PRESENT))?;
    }
    Ok(())
}

/// A card served by a child process (e.g. `cccd emulate --slot N`) for the length of a test: killed, and
/// its removal awaited, on drop.
pub struct ProcessCard {
    child: std::process::Child,
    slot: VpcdSlot,
}

impl ProcessCard {
    /// Start `command` (which must serve a card in `slot`) and wait until the card is present.
    pub fn spawn(mut command: std::process::Command, slot: VpcdSlot) -> Result<Self, SupportError> {
        wait_for_card(&slot, false)?;
        let child = command
            .stdin(std::process::Stdio::null())
            .spawn()
            .map_err(|e| SupportError::io("starting the card process", e))?;
        let this = Self { child, slot };
        wait_for_card(&this.slot, true)?;
        Ok(this)
    }

    pub fn slot(&self) -> &VpcdSlot {
        &self.slot
    }

    /// Stop the process (SIGKILL, as a crash would) and wait until the reader is empty.
    pub fn stop(&mut self) -> Result<(), SupportError> {
        let io = |e| SupportError::io("stopping the card process", e);
        if self.child.try_wait().map_err(io)?.is_none() {
            self.child.kill().map_err(io)?;
        }
        self.child.wait().map_err(io)?;
        wait_for_card(&self.slot, false)
    }
}

impl Drop for ProcessCard {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
