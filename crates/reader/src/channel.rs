//! Protocol recovery above a transport: extended length or chaining, GET RESPONSE, corrected Le.

use std::time::Instant;

use cccd_apdu::{Cla, Command, Response, split_for_chaining};
use cccd_sm::SmSession;
use cccd_transport::Transport;

use crate::{Capabilities, ChannelError, Trace};

/// The most response data assembled from `61xx` rounds before giving up on a card that never stops.
const MAX_ASSEMBLED_RESPONSE: usize = 1 << 20;
/// The most GET RESPONSE rounds for one command (1 MiB in 256-byte pieces is 4,096).
const MAX_GET_RESPONSE_ROUNDS: usize = 4_096;

/// Bytes secure messaging adds to a response around the plain data: DO'87' header and padding indicator (≤ 5),
/// padding (≤ 8), DO'99' (4) and DO'8E' (10).
const SM_RESPONSE_OVERHEAD: usize = 27;

/// A card connection with the protocol layer on top.
pub struct CardChannel<T: Transport> {
    transport: T,
    capabilities: Capabilities,
    trace: Option<Trace>,
    exchanges: u64,
    /// The secure-messaging session every command goes through once BAC has opened it.
    sm: Option<SmSession>,
}

impl<T: Transport> CardChannel<T> {
    /// Wrap a transport; capabilities come from the card's ATR.
    pub fn new(transport: T) -> Self {
        let capabilities = Capabilities::from_atr(transport.atr());
        Self { transport, capabilities, trace: None, exchanges: 0, sm: None }
    }

    pub fn with_trace(mut self, trace: Option<Trace>) -> Self {
        self.trace = trace;
        self
    }

    /// What one command can carry. Under secure messaging the plain data a response can hold is smaller by
    /// the protection's overhead, so that file reads size their chunks to what fits once protected.
    pub fn capabilities(&self) -> Capabilities {
        let mut caps = self.capabilities;
        if self.sm.is_some() {
            caps.max_response_data = caps.max_response_data.saturating_sub(SM_RESPONSE_OVERHEAD).max(1);
        }
        caps
    }

    /// Start (or, with `None`, stop) protecting every command with this secure-messaging session.
    pub fn set_secure_messaging(&mut self, session: Option<SmSession>) {
        self.sm = session;
    }

    pub fn set_capabilities(&mut self, capabilities: Capabilities) {
        self.capabilities = capabilities;
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }

    pub fn into_transport(self) -> T {
        self.transport
    }

    /// APDUs exchanged so far (every command, GET RESPONSE included).
    pub fn exchanges(&self) -> u64 {
        self.exchanges
    }

    /// Send exactly these bytes once; no recovery. A response without a status word is an error.
    pub fn exchange_raw(&mut self, raw: &[u8]) -> Result<Response, ChannelError> {
        self.exchange(raw, None)
    }

    /// Send exactly these bytes, then fetch `61xx` remainders with GET RESPONSE.
    pub fn exchange_raw_with_get_response(&mut self, raw: &[u8]) -> Result<Response, ChannelError> {
        let first = self.exchange(raw, None)?;
        let cla = Cla(raw.first().copied().unwrap_or(0)).with_chaining(false).0;
        self.collect_remainder(cla, first)
    }

    /// Send a command with full recovery: the form the card supports, `6Cxx` re-sent once with the right Le,
    /// and `61xx` remainders fetched.
    ///
    /// Under secure messaging the whole command is protected first, then sent (chained if it must be); the
    /// answer is checked and unprotected. The trace shows each protected APDU with the plain command in its
    /// note (secrets redacted), and the plain answer after the protected one.
    pub fn transmit(&mut self, cmd: &Command<'_>) -> Result<Response, ChannelError> {
        if self.sm.is_some() {
            return self.transmit_protected(cmd);
        }
        let parts = self.prepare(cmd)?;
        let mut response = self.send_parts(&parts, None)?;
        if let Some(le) = response.sw.corrected_le()
            && let Some(last) = parts.last()
        {
            let mut retry = parts.clone();
            let resend = last.clone().with_ne(le)?;
            if let Some(slot) = retry.last_mut() {
                *slot = resend;
            }
            response = self.send_parts(&retry, None)?;
        }
        let cla = cmd.cla.with_chaining(false).0;
        self.collect_remainder(cla, response)
    }

    fn transmit_protected(&mut self, cmd: &Command<'_>) -> Result<Response, ChannelError> {
        // The session is out while the command is under way: any failure before its answer is checked leaves the
        // counters out of step, and the session is dropped rather than sending the next command with a wrong MAC.
        let Some(mut sm) = self.sm.take() else { return self.transmit(cmd) };
        let protected = match sm.protect(cmd) {
            Ok(protected) => protected,
            Err(e) => {
                // `protect` leaves the counter alone when it refuses.
                self.sm = Some(sm);
                return Err(e.into());
            }
        };
        // The plain command for the trace's notes (secrets redacted), only when there is a trace.
        let plain = self.trace.is_some().then(|| crate::command_hex(&cmd.to_bytes()));
        let parts = self.prepare(&protected)?;
        let response = self.send_parts(&parts, Some(plain.as_deref().unwrap_or_default()))?;
        let cla = protected.cla.with_chaining(false).0 & !0x0C;
        let response = self.collect_remainder(cla, response)?;
        let plain = sm.unprotect(&response)?;
        self.sm = Some(sm);
        if let Some(trace) = &mut self.trace {
            trace.unprotected_response(&plain.to_bytes())?;
        }
        // More plain data than Ne (61xx inside DO'99'): fetch it with protected GET RESPONSE.
        let cla = cmd.cla.with_chaining(false).0;
        self.fetch_rest(plain, |ch, available| {
            let get_response = Command::new(cla, 0xC0, 0x00, 0x00).with_ne(available)?;
            ch.transmit_protected(&get_response)
        })
    }

    /// Like [`Self::transmit`], but a status other than `9000` is an error naming `what`.
    pub fn transmit_ok(&mut self, cmd: &Command<'_>, what: &str) -> Result<Vec<u8>, ChannelError> {
        let response = self.transmit(cmd)?;
        if response.sw.is_success() {
            Ok(response.data)
        } else {
            Err(ChannelError::Status { what: what.to_owned(), sw: response.sw })
        }
    }

    /// Turn one logical command into the APDUs this card can take.
    fn prepare(&self, cmd: &Command<'_>) -> Result<Vec<Command<'static>>, ChannelError> {
        let caps = self.capabilities;
        let ne = cmd.ne();
        let needs_extended = cmd.nc() > 255 || ne.is_some_and(|n| n > 256);
        if !needs_extended {
            return Ok(vec![cmd.clone().into_owned().short()?]);
        }
        if caps.extended_length {
            let extended = cmd.clone().into_owned().extended();
            if extended.encoded_len() <= caps.max_command_apdu {
                return Ok(vec![extended]);
            }
        }
        // Without extended length a large Ne is asked as 256; the card says with 61xx when more is waiting.
        let capped = match ne {
            Some(n) if n > 256 && !caps.extended_length => cmd.clone().into_owned().with_ne(256)?,
            _ => cmd.clone().into_owned(),
        };
        if capped.nc() <= 255 {
            return Ok(vec![capped.short()?]);
        }
        if !caps.command_chaining {
            return Err(ChannelError::Unsendable(format!(
                "{} data bytes need extended length or command chaining, and the card offers neither",
                cmd.nc()
            )));
        }
        let part_size = if caps.extended_length { caps.max_command_apdu.saturating_sub(9).max(255) } else { 255 };
        Ok(split_for_chaining(&capped, part_size))
    }

    /// Send the parts of one command; stop at the first refusal. Under secure messaging, `protected_plain` is
    /// the plain command inside (for the trace's notes; empty when there is no trace).
    fn send_parts(
        &mut self,
        parts: &[Command<'static>],
        protected_plain: Option<&str>,
    ) -> Result<Response, ChannelError> {
        let total = parts.len();
        let traced = self.trace.is_some();
        for (i, part) in parts.iter().enumerate() {
            let note = match (traced, protected_plain, total > 1) {
                (false, _, _) | (true, None, false) => None,
                (true, None, true) => Some(format!("chained part {} of {total}", i + 1)),
                (true, Some(plain), true) => {
                    Some(format!("secure messaging, chained part {} of {total}; plain command {plain}", i + 1))
                }
                (true, Some(plain), false) => Some(format!("secure messaging; plain command {plain}")),
            };
            let response = self.exchange(&part.to_bytes(), note.as_deref())?;
            if i + 1 == total || !response.sw.is_success() {
                return Ok(response);
            }
        }
        Err(ChannelError::Unsendable("an empty command".into()))
    }

    /// Fetch `61xx` remainders with plain GET RESPONSE, as raw bytes of the answer.
    fn collect_remainder(&mut self, cla: u8, response: Response) -> Result<Response, ChannelError> {
        self.fetch_rest(response, |ch, available| {
            let get_response = Command::new(cla, 0xC0, 0x00, 0x00).with_ne(available)?;
            ch.exchange(&get_response.to_bytes(), Some("GET RESPONSE"))
        })
    }

    /// While the answer says `61xx`, ask for more with `get_more(available)` and append it, within limits.
    fn fetch_rest(
        &mut self,
        mut response: Response,
        mut get_more: impl FnMut(&mut Self, u32) -> Result<Response, ChannelError>,
    ) -> Result<Response, ChannelError> {
        let mut rounds = 0;
        while let Some(available) = response.sw.remaining_bytes() {
            rounds += 1;
            if response.data.len() > MAX_ASSEMBLED_RESPONSE || rounds > MAX_GET_RESPONSE_ROUNDS {
                return Err(ChannelError::EndlessResponse(response.data.len()));
            }
            let next = get_more(self, available as u32)?;
            if next.data.is_empty() && next.sw.remaining_bytes().is_some() {
                // More is announced but nothing comes: a card that would keep us here forever.
                return Err(ChannelError::EndlessResponse(response.data.len()));
            }
            response.data.extend_from_slice(&next.data);
            response.sw = next.sw;
        }
        Ok(response)
    }

    fn exchange(&mut self, raw: &[u8], note: Option<&str>) -> Result<Response, ChannelError> {
        if let Some(trace) = &mut self.trace {
            trace.command(raw, note)?;
        }
        let started = Instant::now();
        let received = self.transport.transmit(raw);
        let elapsed = started.elapsed();
        self.exchanges += 1;
        let received = received?;
        if let Some(trace) = &mut self.trace {
            trace.response(&received, elapsed)?;
        }
        Response::parse(&received).map_err(|_| ChannelError::ShortResponse(received.len()))
    }
}

impl<T: Transport> std::fmt::Debug for CardChannel<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardChannel")
            .field("reader", &self.transport.name())
            .field("capabilities", &self.capabilities)
            .field("exchanges", &self.exchanges)
            .field("secure_messaging", &self.sm)
            .finish()
    }
}
