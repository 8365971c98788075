//! Verification of a card image against a trust store: one report of separate checks.
//!
//! Each check says pass, fail or not present, with the reason. The card's data is checked over the bytes as
//! read (never a re-encoding). A chip is called genuine only when passive authentication (EF.SOD signature,
//! document signer chain, every data group's hash) and active authentication both pass.

mod checks;
mod consistency;
mod report;
mod time;

pub use checks::{AaExchange, verify};
pub use report::{CheckResult, REPORT_SCHEMA_VERSION, Report, Status};
pub use time::{date_to_system_time, system_time_to_date};
