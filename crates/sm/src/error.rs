//! Typed errors of BAC and secure messaging, each with the status word a card answers with.

use cccd_apdu::{CommandError, StatusWord};

/// Why Basic Access Control failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BacError {
    #[error("the challenge RND.IC must be 8 bytes, got {0}")]
    ChallengeLength(usize),
    #[error("the authentication data E‖M must be 40 bytes, got {0}")]
    DataLength(usize),
    #[error("the MAC over the authentication cryptogram is wrong (wrong MRZ keys?)")]
    BadMac,
    #[error("the decrypted cryptogram does not echo our nonce")]
    NonceMismatch,
    #[error("the card refused EXTERNAL AUTHENTICATE with {0}")]
    Refused(StatusWord),
    #[error("the system random generator failed: {0}")]
    Random(String),
}

impl BacError {
    /// What a card answers when the terminal's EXTERNAL AUTHENTICATE fails this way (ICAO: a wrong MAC → `6300`).
    pub fn status_word(&self) -> StatusWord {
        match self {
            BacError::DataLength(_) | BacError::ChallengeLength(_) => StatusWord::WRONG_LENGTH,
            BacError::BadMac | BacError::NonceMismatch => StatusWord::VERIFICATION_FAILED,
            BacError::Refused(sw) => *sw,
            BacError::Random(_) => StatusWord::EXECUTION_ERROR,
        }
    }
}

/// Why a secure-messaging APDU could not be protected or unprotected.
///
/// After any of these the session is out of step and must be dropped: ICAO 9303-11 §9.8 has the card abort secure
/// messaging and the terminal start again with BAC/PACE. The one exception is an error from
/// [`SmSession::protect`](crate::SmSession::protect), which leaves the session untouched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SmError {
    #[error("CLA {0:02X} cannot carry secure messaging (RFU or invalid)")]
    InvalidClass(u8),
    #[error("the command's CLA {0:02X} does not indicate secure messaging with an authenticated header")]
    CommandNotProtected(u8),
    #[error("the response carries no secure-messaging objects (plain status {0})")]
    ResponseNotProtected(StatusWord),
    #[error("the MAC object DO'8E' (8 bytes) is not at the end")]
    MissingMac,
    #[error("the MAC in DO'8E' is wrong")]
    BadMac,
    #[error("the authenticated data objects are malformed: {0}")]
    Malformed(&'static str),
    #[error("unexpected data object {0:02X}")]
    UnexpectedObject(u8),
    #[error("the response lacks the status object DO'99'")]
    MissingStatus,
    #[error("the cryptogram does not decrypt to padded data")]
    BadPadding,
    #[error("the protected command would carry {0} bytes, more than 65,535")]
    CommandTooLong(usize),
    #[error("the unprotected command is not a valid APDU: {0}")]
    InvalidCommand(#[from] CommandError),
}

impl SmError {
    /// What a card answers (unprotected) when a command fails to unprotect: `6987` when the SM objects are missing,
    /// `6988` when they are wrong (ICAO 9303-11 §9.8.6; a wrong MAC gives `6988`).
    pub fn status_word(&self) -> StatusWord {
        match self {
            SmError::CommandNotProtected(_) | SmError::ResponseNotProtected(_) | SmError::MissingMac => {
                StatusWord::SM_DATA_OBJECTS_MISSING
            }
            SmError::MissingStatus => StatusWord::SM_DATA_OBJECTS_MISSING,
            SmError::InvalidClass(_) => StatusWord::CLA_NOT_SUPPORTED,
            _ => StatusWord::SM_DATA_OBJECTS_INCORRECT,
        }
    }
}
