//! The host's protocol layer: everything between "send this command" and the bytes a transport moves.
//!
//! [`CardChannel`] picks extended length or command chaining from what the card says it supports, fetches
//! `61xx` remainders with GET RESPONSE, re-sends once with the corrected Le on `6Cxx`, and writes every APDU
//! to an optional [`Trace`]. [`files`] builds file operations (select, read a whole EF) on top of it.

pub mod access;
mod capabilities;
pub mod card_ops;
mod channel;
mod error;
pub mod files;
mod trace;

pub use capabilities::Capabilities;
pub use channel::CardChannel;
pub use error::ChannelError;
pub use trace::{Trace, TraceEntry, command_hex, redact_command};
