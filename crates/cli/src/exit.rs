//! Outcomes and exit codes: 0 success, 1 a check failed, 2 bad usage or input, 3 reader or card error.

use std::process::ExitCode;

use crate::args::Format;

/// Why a command did not succeed, sorted by who has to act.
#[derive(Debug)]
pub enum Failure {
    /// The command ran, and what it checked did not hold (already reported on stdout).
    CheckFailed(String),
    /// The user's arguments or input files are wrong.
    Usage(anyhow::Error),
    /// The reader, the card or the PC/SC service failed.
    Card(anyhow::Error),
}

impl Failure {
    pub fn usage(msg: impl std::fmt::Display) -> Self {
        Failure::Usage(anyhow::anyhow!("{msg}"))
    }

    fn code(&self) -> u8 {
        match self {
            Failure::CheckFailed(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Card(_) => 3,
        }
    }
}

pub type Outcome = Result<(), Failure>;

/// The error and its causes on one line; a cause the message above it already ends with (library errors that
/// name their source, e.g. `path: io error`) is not repeated.
fn one_line(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Print the error as one line (text) or one JSON object (json) on stderr, and return the exit code.
pub fn report(outcome: Outcome, format: Format) -> ExitCode {
    let Err(failure) = outcome else { return ExitCode::SUCCESS };
    let message = match &failure {
        Failure::CheckFailed(m) => m.clone(),
        Failure::Usage(e) | Failure::Card(e) => one_line(e),
    };
    let kind = match failure {
        Failure::CheckFailed(_) => "check_failed",
        Failure::Usage(_) => "usage",
        Failure::Card(_) => "card",
    };
    match format {
        Format::Text => eprintln!("cccd: {message}"),
        Format::Json => eprintln!(
            "{}",
            serde_json::json!({ "schema_version": crate::output::SCHEMA_VERSION, "error": kind, "message": message })
        ),
    }
    ExitCode::from(failure.code())
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        #[derive(Debug, thiserror::Error)]
        #[error("pki.toml: {source}")]
        struct Named {
            source: std::io::Error,
        }
        let named = anyhow::Error::new(Named { source: io });
        assert_eq!(one_line(&named), "pki.toml: No such file");
        let context = anyhow::anyhow!("inner").context("outer");
        assert_eq!(one_line(&context), "outer: inner");
    }
}
