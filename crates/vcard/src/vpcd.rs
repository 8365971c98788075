//! The card side of vsmartcard's vpcd protocol: connect to the reader driver as a TCP
//! client, answer its control bytes and APDUs, and reconnect when pcscd goes away.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::frame::{Incoming, MAX_FRAME_LEN, SW_TRANSPORT_ERROR, read_frame, write_frame};
use crate::{PowerEvent, VirtualCard};

/// vpcd's port for slot 0 (`Virtual PCD 00 00`); slot N listens on this + N.
pub const DEFAULT_VPCD_PORT: u16 = 35963;

const CTRL_POWER_OFF: u8 = 0x00;
const CTRL_POWER_ON: u8 = 0x01;
const CTRL_RESET: u8 = 0x02;
const CTRL_GET_ATR: u8 = 0x04;

/// The loopback address of vpcd slot `slot` (0 → 35963, 1 → 35964).
pub fn slot_addr(slot: u8) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, DEFAULT_VPCD_PORT + u16::from(slot)))
}

/// What happened on the link. Carries sizes only, never APDU contents (they may hold PINs).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VpcdEvent {
    /// Connected to vpcd: the reader now sees a card.
    Connected(SocketAddr),
    /// vpcd not reachable (pcscd not started yet); retrying after the delay.
    ConnectFailed(io::ErrorKind),
    /// The link ended (vpcd closed it, pcscd stopped, or we were stopped); the card was
    /// powered off. `None` for an orderly end of stream.
    Disconnected(Option<io::ErrorKind>),
    /// A power control byte, passed to the card.
    Power(PowerEvent),
    /// vpcd asked for the ATR.
    AtrRequested,
    /// One APDU served.
    Apdu {
        /// Command length in bytes.
        command_len: usize,
        /// Response length in bytes as sent.
        response_len: usize,
    },
    /// The card's response (of this length) could not be framed; `6F00` was sent instead.
    ResponseRejected(usize),
    /// The card's ATR (of this length) could not be framed; an empty one (no card) was sent.
    AtrRejected(usize),
    /// A zero-length frame, ignored.
    EmptyFrame,
    /// An unknown control byte, ignored.
    UnknownControl(u8),
}

/// Observer of [`VpcdEvent`]s, e.g. for logging.
pub type EventCallback = Arc<dyn Fn(&VpcdEvent) + Send + Sync>;

/// How to reach vpcd and how to behave when it is not there.
#[derive(Clone)]
pub struct VpcdOptions {
    /// vpcd's address; default `127.0.0.1:35963` (slot 0).
    pub addr: SocketAddr,
    /// Wait between connection attempts and after a disconnect.
    pub reconnect_delay: Duration,
    /// Bound on one `connect`.
    pub connect_timeout: Duration,
    /// Optional observer of link events.
    pub on_event: Option<EventCallback>,
}

impl Default for VpcdOptions {
    fn default() -> Self {
        Self::slot(0)
    }
}

impl VpcdOptions {
    /// Options for vpcd slot `slot` on loopback.
    pub fn slot(slot: u8) -> Self {
        Self {
            addr: slot_addr(slot),
            reconnect_delay: Duration::from_millis(150),
            connect_timeout: Duration::from_secs(2),
            on_event: None,
        }
    }

    /// Same options with an event observer.
    pub fn with_events(mut self, callback: impl Fn(&VpcdEvent) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(callback));
        self
    }

    fn emit(&self, event: VpcdEvent) {
        if let Some(callback) = &self.on_event {
            callback(&event);
        }
    }
}

impl fmt::Debug for VpcdOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VpcdOptions")
            .field("addr", &self.addr)
            .field("reconnect_delay", &self.reconnect_delay)
            .field("connect_timeout", &self.connect_timeout)
            .field("on_event", &self.on_event.is_some())
            .finish()
    }
}

/// Counts of what one [`serve`] call did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ServeStats {
    /// Successful connections to vpcd.
    pub connections: u64,
    /// APDUs answered.
    pub apdus: u64,
    /// Power off/on/reset control bytes received.
    pub power_events: u64,
    /// ATR requests answered.
    pub atr_requests: u64,
    /// Responses or ATRs replaced because they could not be framed.
    pub rejected_responses: u64,
    /// Empty frames and unknown control bytes ignored.
    pub ignored_frames: u64,
}

/// Stops a running [`serve`] from another thread, promptly: it shuts the live socket down
/// (unblocking the read) and wakes the reconnect wait.
#[derive(Clone, Default)]
pub struct StopHandle {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    stopped: AtomicBool,
    apdus: AtomicU64,
    link: Mutex<Option<TcpStream>>,
    wake: Condvar,
}

impl StopHandle {
    /// A handle not yet stopped.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask `serve` to return; the card is seen removed.
    pub fn stop(&self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        let link = self.link();
        if let Some(stream) = link.as_ref() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        self.shared.wake.notify_all();
    }

    /// Whether [`StopHandle::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.shared.stopped.load(Ordering::SeqCst)
    }

    /// Whether a vpcd connection is live (the reader sees a card).
    pub fn is_connected(&self) -> bool {
        self.link().is_some()
    }

    /// APDUs answered so far by servers using this handle.
    pub fn apdus_served(&self) -> u64 {
        self.shared.apdus.load(Ordering::Relaxed)
    }

    fn link(&self) -> MutexGuard<'_, Option<TcpStream>> {
        self.shared.link.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Record the live socket so `stop` can shut it; false if already stopped.
    fn register(&self, stream: &TcpStream) -> bool {
        let mut link = self.link();
        if self.is_stopped() {
            return false;
        }
        *link = stream.try_clone().ok();
        true
    }

    fn unregister(&self) {
        *self.link() = None;
    }

    /// Sleep up to `delay`, waking early on stop.
    fn pause(&self, delay: Duration) {
        let link = self.link();
        let _unused = self.shared.wake.wait_timeout_while(link, delay, |_| !self.is_stopped());
    }
}

impl fmt::Debug for StopHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StopHandle").field("stopped", &self.is_stopped()).finish()
    }
}

/// Serve `card` to vpcd until `stop` is stopped, reconnecting whenever the link is refused
/// or lost; the card is powered off on every disconnect. Blocks the calling thread.
pub fn serve<C: VirtualCard>(mut card: C, options: &VpcdOptions, stop: &StopHandle) -> ServeStats {
    let mut stats = ServeStats::default();
    while !stop.is_stopped() {
        let stream = match TcpStream::connect_timeout(&options.addr, options.connect_timeout) {
            Ok(stream) => stream,
            Err(e) => {
                options.emit(VpcdEvent::ConnectFailed(e.kind()));
                stop.pause(options.reconnect_delay);
                continue;
            }
        };
        if !stop.register(&stream) {
            break;
        }
        let _ = stream.set_nodelay(true);
        stats.connections += 1;
        options.emit(VpcdEvent::Connected(options.addr));
        let end = Session::new(&mut card, options, stop, &mut stats).run(stream);
        stop.unregister();
        card.power(PowerEvent::Off);
        options.emit(VpcdEvent::Disconnected(end.err().map(|e| e.kind())));
        if !stop.is_stopped() {
            stop.pause(options.reconnect_delay);
        }
    }
    stats
}

/// One vpcd connection's message loop.
struct Session<'a, C> {
    card: &'a mut C,
    options: &'a VpcdOptions,
    stop: &'a StopHandle,
    stats: &'a mut ServeStats,
    scratch: Vec<u8>,
}

impl<'a, C: VirtualCard> Session<'a, C> {
    fn new(card: &'a mut C, options: &'a VpcdOptions, stop: &'a StopHandle, stats: &'a mut ServeStats) -> Self {
        Self { card, options, stop, stats, scratch: Vec::new() }
    }

    fn run(mut self, mut stream: TcpStream) -> io::Result<()> {
        let mut frame = Vec::new();
        while read_frame(&mut stream, &mut frame)? {
            match Incoming::classify(&frame) {
                Incoming::Empty => {
                    self.stats.ignored_frames += 1;
                    self.options.emit(VpcdEvent::EmptyFrame);
                }
                Incoming::Control(byte) => self.control(&mut stream, byte)?,
                Incoming::Apdu(command) => {
                    let response = self.card.transmit(command);
                    let sent = self.framable(&response, VpcdEvent::ResponseRejected);
                    let sent = sent.unwrap_or(&SW_TRANSPORT_ERROR);
                    // Counted before the write, so a client that has its answer sees it counted.
                    self.stats.apdus += 1;
                    self.stop.shared.apdus.fetch_add(1, Ordering::Relaxed);
                    write_frame(&mut stream, sent, &mut self.scratch)?;
                    self.options.emit(VpcdEvent::Apdu { command_len: command.len(), response_len: sent.len() });
                }
            }
        }
        Ok(())
    }

    fn control(&mut self, stream: &mut TcpStream, byte: u8) -> io::Result<()> {
        let event = match byte {
            CTRL_POWER_OFF => PowerEvent::Off,
            CTRL_POWER_ON => PowerEvent::On,
            CTRL_RESET => PowerEvent::Reset,
            CTRL_GET_ATR => {
                let atr = self.card.atr();
                let sent = self.framable(&atr, VpcdEvent::AtrRejected).unwrap_or(&[]);
                self.stats.atr_requests += 1;
                self.options.emit(VpcdEvent::AtrRequested);
                return write_frame(stream, sent, &mut self.scratch);
            }
            unknown => {
                self.stats.ignored_frames += 1;
                self.options.emit(VpcdEvent::UnknownControl(unknown));
                return Ok(());
            }
        };
        self.stats.power_events += 1;
        self.card.power(event);
        self.options.emit(VpcdEvent::Power(event));
        Ok(())
    }

    /// `payload` if it fits a frame and is at least a status word long; otherwise count
    /// and report it (never truncate).
    fn framable<'p>(&mut self, payload: &'p [u8], rejected: impl Fn(usize) -> VpcdEvent) -> Option<&'p [u8]> {
        if (2..=MAX_FRAME_LEN).contains(&payload.len()) {
            Some(payload)
        } else {
            self.stats.rejected_responses += 1;
            self.options.emit(rejected(payload.len()));
            None
        }
    }
}

/// Errors of the threaded connector.
#[derive(Debug, thiserror::Error)]
pub enum VpcdError {
    /// The serving thread could not be started.
    #[error("cannot start the vpcd serving thread: {0}")]
    Spawn(#[source] io::Error),
    /// The card panicked while serving; the link was dropped.
    #[error("the virtual card panicked while being served")]
    CardPanicked,
}

/// [`serve`] on its own thread; stopping (or dropping) it removes the card from the reader.
#[derive(Debug)]
pub struct VpcdConnector {
    stop: StopHandle,
    thread: Option<JoinHandle<ServeStats>>,
}

impl VpcdConnector {
    /// Start serving `card` with `options` on a new thread.
    pub fn spawn<C: VirtualCard + 'static>(card: C, options: VpcdOptions) -> Result<Self, VpcdError> {
        let stop = StopHandle::new();
        let handle = stop.clone();
        let thread = std::thread::Builder::new()
            .name(format!("vpcd {}", options.addr))
            .spawn(move || serve(card, &options, &handle))
            .map_err(VpcdError::Spawn)?;
        Ok(Self { stop, thread: Some(thread) })
    }

    /// A handle to stop the server from elsewhere.
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }

    /// APDUs answered so far.
    pub fn apdus_served(&self) -> u64 {
        self.stop.apdus_served()
    }

    /// Whether vpcd is connected (the reader sees a card).
    pub fn is_connected(&self) -> bool {
        self.stop.is_connected()
    }

    /// Stop serving and wait for the thread.
    pub fn stop(mut self) -> Result<ServeStats, VpcdError> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<ServeStats, VpcdError> {
        self.stop.stop();
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| VpcdError::CardPanicked),
            None => Ok(ServeStats::default()),
        }
    }
}

impl Drop for VpcdConnector {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}
