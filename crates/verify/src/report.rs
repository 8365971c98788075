//! The verification report.

use serde::Serialize;

/// Version of the report's JSON form.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    NotPresent,
}

/// One check.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    /// Stable identifier, e.g. `passive.dg_hash.DG2`, `document.tax.signature`.
    pub id: String,
    pub status: Status,
    pub reason: String,
    /// Whether the verdict depends on it.
    pub required: bool,
}

/// Every check, and the verdicts drawn from them.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub checks: Vec<CheckResult>,
    pub passive_authentication: Status,
    pub active_authentication: Status,
    /// Passive and active authentication both passed.
    pub genuine: bool,
    /// Every required check passed.
    pub passed: bool,
}

/// Pass when every required check `relevant` selects passes; not present when it selects none.
fn verdict(checks: &[CheckResult], relevant: impl Fn(&CheckResult) -> bool) -> Status {
    let mut selected = checks.iter().filter(|c| c.required && relevant(c)).peekable();
    if selected.peek().is_none() {
        Status::NotPresent
    } else if selected.all(|c| c.status == Status::Pass) {
        Status::Pass
    } else {
        Status::Fail
    }
}

impl Report {
    pub(crate) fn from_checks(checks: Vec<CheckResult>) -> Self {
        // Passive authentication is integrity and origin, not dates: an expired document can be a genuine chip.
        let passive = verdict(&checks, |c| c.id.starts_with("passive.") && !c.id.ends_with("_validity"));
        let active = verdict(&checks, |c| c.id.starts_with("active."));
        let genuine = passive == Status::Pass && active == Status::Pass;
        let passed = checks.iter().filter(|c| c.required).all(|c| c.status == Status::Pass);
        Self { checks, passive_authentication: passive, active_authentication: active, genuine, passed }
    }

    /// A human-readable rendering: one line per check.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for c in &self.checks {
            let mark = match c.status {
                Status::Pass => "pass",
                Status::Fail => "FAIL",
                Status::NotPresent => "n/a ",
            };
            let optional = if c.required { "" } else { " (optional)" };
            out.push_str(&format!("{mark}  {:<36} {}{optional}\n", c.id, c.reason));
        }
        let word = |s: Status| match s {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::NotPresent => "not performed",
        };
        out.push_str(&format!(
            "\npassive authentication: {}\nactive authentication:  {}\nchip genuine:           {}\nverdict:                {}\n",
            word(self.passive_authentication),
            word(self.active_authentication),
            match (self.genuine, self.active_authentication) {
                (true, _) => "yes",
                (false, Status::NotPresent) => "not established (needs active authentication with the chip)",
                (false, _) => "NO",
            },
            if self.passed { "PASS" } else { "FAIL" }
        ));
        out
    }
}
