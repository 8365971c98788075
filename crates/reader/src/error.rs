use cccd_apdu::{CommandError, StatusWord};
use cccd_transport::TransportError;
use thiserror::Error;

/// Why a command did not get a usable response.
#[derive(Debug, Error)]
pub enum ChannelError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error("the card answered {0} byte(s); a response has at least SW1 SW2 (was the card removed?)")]
    ShortResponse(usize),
    #[error("the command cannot be sent to this card: {0}")]
    Unsendable(String),
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error("the card kept answering 61xx without end (after {0} bytes)")]
    EndlessResponse(usize),
    #[error("the card answered {sw} to {what}")]
    Status { what: String, sw: StatusWord },
    #[error("the card's answer to {what} is malformed: {why}")]
    Malformed { what: String, why: String },
    #[error("the file is larger than {0} bytes, more than any file this toolkit reads")]
    FileTooLarge(usize),
    #[error("secure messaging failed ({0}); the session is closed")]
    SecureMessaging(#[from] cccd_sm::SmError),
    #[error("access was refused: {0}")]
    Access(String),
    #[error("cannot write the APDU trace: {0}")]
    Trace(#[from] std::io::Error),
}
