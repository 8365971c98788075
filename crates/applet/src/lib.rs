//! The software card: an ISO/IEC 7816-4 card OS that sits in a real PC/SC reader through vpcd.
//!
//! Raw bytes become a [`cccd_apdu::Command`], then a typed [`CardCommand`]; [`SoftwareCard`] executes each kind
//! in one `match`. Nothing here knows about the host side.

mod card;
mod command;
mod documents;
mod esign;
mod fs;
mod lifecycle;
mod pin;
mod security;
mod state;

pub use card::{CAPABILITIES, EF_ATR_INFO, MAX_COMMAND_APDU, MAX_RESPONSE_DATA, PERSO_TRIES, SoftwareCard};
pub use command::{AuthKey, CardCommand, DataObject, EfRef, SelectResponse, SelectTarget};
pub use documents::EMRTD_AID;
pub use fs::{File, FileBody, FileImage, FileIndex, FileSystem};
pub use lifecycle::Lifecycle;
pub use pin::{PIN_LEN, PIN_TRIES, PUK_LEN, PUK_TRIES, ReferenceData};
pub use security::{Access, SecurityState};
pub use state::{CardState, STATE_SCHEMA_VERSION, StateError};
