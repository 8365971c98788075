//! ISO/IEC 7816-4 APDUs as typed values.
//!
//! A codec only: it turns raw bytes into typed commands and responses and back, and knows nothing of
//! readers, cards or cryptography. Parsing is strict (every malformed length is a typed error that maps
//! onto the status word a card answers with); encoding reproduces the exact bytes that were parsed.

mod atr;
mod chaining;
mod cla;
mod command;
mod fcp;
mod response;
mod status;

pub use atr::{Atr, AtrError, CardCapabilities};
pub use chaining::{ChainAssembler, ChainStep, MAX_CHAINED_DATA, split_for_chaining};
pub use cla::Cla;
pub use command::{Command, CommandError, LengthForm, MAX_EXTENDED_NE, MAX_SHORT_NE};
pub use fcp::{Fcp, FcpError, FileKind};
pub use response::{Response, ResponseError};
pub use status::StatusWord;
