//! Collecting every validation problem at once, each with the path of the field it concerns.

use std::fmt;

/// One problem: where (`identity.birth_date`, `documents.driving_licence.classes[2].expiry`) and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// A collector of issues under a path prefix.
#[derive(Debug, Default)]
pub struct Validation {
    issues: Vec<Issue>,
}

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a problem at `path`.
    pub fn fail(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.issues.push(Issue { path: path.into(), reason: reason.into() });
    }

    /// Record a problem when `ok` is false.
    pub fn check(&mut self, ok: bool, path: impl Into<String>, reason: impl FnOnce() -> String) {
        if !ok {
            self.fail(path, reason());
        }
    }

    /// Check that a string field is at most `max` bytes once encoded (UTF-8), and not empty when required.
    pub fn text(&mut self, path: &str, value: &str, required: bool, max: usize) {
        if required && value.trim().is_empty() {
            self.fail(path, "is required and empty");
        }
        if value.len() > max {
            self.fail(path, format!("is {} bytes long; at most {max} fit the card", value.len()));
        }
    }

    /// Merge issues found by another validator under `prefix` (e.g. `documents.tax`).
    pub fn nest(&mut self, prefix: &str, other: Validation) {
        for issue in other.issues {
            let path = if issue.path.is_empty() { prefix.to_owned() } else { format!("{prefix}.{}", issue.path) };
            self.issues.push(Issue { path, reason: issue.reason });
        }
    }

    pub fn is_ok(&self) -> bool {
        self.issues.is_empty()
    }

    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// `Ok` when nothing was found, else every issue.
    pub fn finish(self) -> Result<(), Vec<Issue>> {
        if self.issues.is_empty() { Ok(()) } else { Err(self.issues) }
    }
}
