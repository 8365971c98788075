//! Transports move bytes to a card and back, and nothing more: no parsing, no retries, no protocol.
//!
//! [`PcscTransport`] talks to a reader through pcsc-lite; [`InProcessTransport`] calls a software card
//! directly, for unit tests. Protocol recovery (61xx, 6Cxx, chaining) lives one layer up, in `cccd-reader`.

mod error;
mod in_process;
mod pcsc_reader;

pub use error::TransportError;
pub use in_process::InProcessTransport;
pub use pcsc_reader::{PcscTransport, ReaderInfo, ReaderSelector, list_readers};

/// A connection to one card that exchanges raw APDUs.
pub trait Transport {
    /// Send one command APDU and return the card's raw response, exactly as received.
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError>;
    /// The card's Answer To Reset.
    fn atr(&self) -> &[u8];
    /// Where the card is (reader name), for messages and traces.
    fn name(&self) -> &str;
    /// Warm-reset the card (clears its volatile state).
    fn reset(&mut self) -> Result<(), TransportError>;
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transmit(command)
    }
    fn atr(&self) -> &[u8] {
        (**self).atr()
    }
    fn name(&self) -> &str {
        (**self).name()
    }
    fn reset(&mut self) -> Result<(), TransportError> {
        (**self).reset()
    }
}
