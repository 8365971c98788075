use thiserror::Error;

/// Why bytes could not be exchanged with a card.
#[derive(Debug, Error)]
pub enum TransportError {
    #[error("the PC/SC service is not available ({0}); is pcscd running?")]
    ServiceUnavailable(pcsc::Error),
    #[error("no smart card reader found")]
    NoReaders,
    #[error("no reader holds a card (readers: {})", .0.join(", "))]
    NoCard(Vec<String>),
    #[error("several readers hold a card ({}); choose one with --reader", .0.join(", "))]
    AmbiguousReader(Vec<String>),
    #[error("{wanted:?} matches several readers ({}); give more of the name or its index", .matching.join(", "))]
    AmbiguousName { wanted: String, matching: Vec<String> },
    #[error("no reader matches {wanted:?} (readers: {})", .available.join(", "))]
    ReaderNotFound { wanted: String, available: Vec<String> },
    #[error("the card was removed from {0}")]
    CardRemoved(String),
    #[error("no card in {0}")]
    NoCardInReader(String),
    #[error("PC/SC error on {reader}: {source}")]
    Pcsc { reader: String, source: pcsc::Error },
    #[error("the command of {0} bytes is larger than a PC/SC extended buffer")]
    CommandTooLarge(usize),
}
