//! The citizen's PIN and its PUK: retry counters that persist, comparisons in constant time.
//!
//! A check spends a try first and the card saves that before comparing, so pulling the card out mid-check never
//! gives a free attempt; a blocked PIN stays blocked across power cycles and restarts.

use std::fmt;

use subtle::ConstantTimeEq;

/// Digits of the citizen PIN.
pub const PIN_LEN: usize = 6;
/// Digits of the PUK.
pub const PUK_LEN: usize = 8;
/// Tries before the PIN blocks.
pub const PIN_TRIES: u8 = 3;
/// Tries before the PUK blocks (for good).
pub const PUK_TRIES: u8 = 10;

/// A secret with its retry counter.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReferenceData {
    #[serde(with = "hex")]
    value: Vec<u8>,
    retries_left: u8,
    max_retries: u8,
}

impl fmt::Debug for ReferenceData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReferenceData(<redacted>, {} of {} tries left)", self.retries_left, self.max_retries)
    }
}

impl ReferenceData {
    pub fn new(value: &[u8], max_retries: u8) -> Self {
        Self { value: value.to_vec(), retries_left: max_retries, max_retries }
    }

    pub fn retries_left(&self) -> u8 {
        self.retries_left
    }

    /// Spend one try before comparing; `false` when none is left.
    pub fn spend_try(&mut self) -> bool {
        if self.retries_left == 0 {
            return false;
        }
        self.retries_left -= 1;
        true
    }

    /// Compare in constant time (after [`Self::spend_try`]); a match gives all tries back.
    pub fn matches_and_settle(&mut self, candidate: &[u8]) -> bool {
        let same = self.value.len() == candidate.len() && bool::from(self.value.ct_eq(candidate));
        if same {
            self.retries_left = self.max_retries;
        }
        same
    }

    /// Give all tries back, keeping the secret (RESET RETRY COUNTER with the PUK only).
    pub fn unblock(&mut self) {
        self.retries_left = self.max_retries;
    }

    /// Replace the secret and give all tries back.
    pub fn replace(&mut self, value: &[u8]) {
        self.value = value.to_vec();
        self.retries_left = self.max_retries;
    }
}

/// `len` ASCII digits.
pub fn is_digits(data: &[u8], len: usize) -> bool {
    data.len() == len && data.iter().all(u8::is_ascii_digit)
}
