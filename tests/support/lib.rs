//! Test support for end-to-end tests through the real pcscd + vpcd stack: exclusive vpcd
//! slots across processes, pcscd checks that skip locally and fail in CI, a software card
//! served in a reader for the length of a test, and an APDU/s measurement.

mod emulated;
mod error;
mod issued;
mod measure;
mod pcscd;
mod slot;
mod tools;

pub use emulated::{EmulatedCard, ProcessCard, transmit, wait_for_card};
pub use error::SupportError;
pub use issued::{IssuedCard, TEST_PIN, TEST_PUK, issued_card};
pub use measure::{Stats, measure, measure_with_warmup};
pub use pcscd::{pcscd_available, pcscd_required, require_pcscd};
pub use slot::VpcdSlot;
pub use tools::{ToolOutput, run_tool};
