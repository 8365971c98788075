//! Errors of the test support.

/// What can go wrong while setting up or driving the PC/SC stack in a test.
#[derive(Debug, thiserror::Error)]
pub enum SupportError {
    /// pcscd is not reachable, or has no vpcd readers.
    #[error("pcscd is not reachable (start it with scripts/pcscd-up)")]
    PcscdUnavailable,
    /// The expected reader is not listed by pcscd.
    #[error("reader {0:?} is not listed by pcscd (is vsmartcard-vpcd installed?)")]
    ReaderMissing(String),
    /// A wait on the reader state ran out.
    #[error("timed out waiting for {what} in {reader:?}")]
    Timeout {
        /// What was awaited.
        what: &'static str,
        /// In which reader.
        reader: String,
    },
    /// A response shorter than a status word (e.g. the card closed its link mid-APDU).
    #[error("response of {0} bytes has no status word")]
    ShortResponse(usize),
    /// A PC/SC call failed.
    #[error("PC/SC: {0}")]
    Pcsc(#[from] pcsc::Error),
    /// The vpcd connector failed.
    #[error("vpcd connector: {0}")]
    Vpcd(#[from] cccd_vcard::VpcdError),
    /// A lock file or a tool could not be used.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl SupportError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io { context: context.into(), source }
    }
}
