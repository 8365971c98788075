//! Validation helpers shared by the document types. Each takes the path of the containing object and the
//! element, so every issue names the profile field it concerns.

use cccd_lds::{Date, Validation};

use crate::codec::RawDataObject;
use crate::schema::{Element, is_known};

pub(crate) fn path(p: &str, e: &Element) -> String {
    format!("{p}.{}", e.name)
}

/// A text element: required ones not empty, none longer than the card allows.
pub(crate) fn text(v: &mut Validation, p: &str, e: &Element, value: &str) {
    v.text(&path(p, e), value, e.mandatory, e.max_len);
}

/// An optional text element: when present, not empty and not too long.
pub(crate) fn opt_text(v: &mut Validation, p: &str, e: &Element, value: Option<&str>) {
    if let Some(value) = value {
        v.check(!value.trim().is_empty(), path(p, e), || "is present but empty; leave it out".to_owned());
        v.text(&path(p, e), value, false, e.max_len);
    }
}

/// Exactly `n` ASCII digits.
pub(crate) fn digits(v: &mut Validation, p: &str, e: &Element, value: &str, n: usize) {
    v.check(is_digits(value, n), path(p, e), || format!("{value:?} is not {n} digits"));
}

pub(crate) fn is_digits(value: &str, n: usize) -> bool {
    value.len() == n && value.bytes().all(|b| b.is_ascii_digit())
}

/// Only characters of a restricted ASCII alphabet (`what` describes it for the message).
pub(crate) fn chars(v: &mut Validation, p: &str, e: &Element, value: &str, allowed: fn(u8) -> bool, what: &str) {
    if let Some(bad) = value.chars().find(|c| !u8::try_from(*c).is_ok_and(allowed)) {
        v.fail(path(p, e), format!("contains {bad:?}; only {what} are allowed"));
    }
}

/// `later` must not be before `earlier`.
pub(crate) fn not_before(v: &mut Validation, at: &str, later: Date, what: &str, earlier: Date) {
    v.check(later >= earlier, at, || format!("{later} is before {what} ({earlier})"));
}

/// `later` must be strictly after `earlier`.
pub(crate) fn after(v: &mut Validation, at: &str, later: Date, what: &str, earlier: Date) {
    v.check(later > earlier, at, || format!("{later} is not after {what} ({earlier})"));
}

/// A list element: present when mandatory, not more entries than the card allows.
pub(crate) fn count(v: &mut Validation, p: &str, e: &Element, n: usize) {
    if e.mandatory && n == 0 {
        v.fail(path(p, e), "needs at least one entry");
    }
    v.check(n <= e.max_count, path(p, e), || format!("has {n} entries; at most {} fit the card", e.max_count));
}

/// Unknown objects must not reuse a tag the schema gives a field (it would decode into that field, or twice).
pub(crate) fn unknown(v: &mut Validation, p: &str, unknown: &[RawDataObject], elements: &[Element]) {
    for (i, raw) in unknown.iter().enumerate() {
        if let Some(e) = raw.tag().and_then(|tag| is_known(elements, tag)) {
            v.fail(
                format!("{p}.unknown[{i}]"),
                format!("tag {} is the tag of `{}`; an unknown object cannot reuse it", e.tag, e.name),
            );
        }
    }
}

/// Names compared as people write them: case and runs of white space do not matter.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ");
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_loosely() {
        assert!(same_name("NGUYỄN  Văn An", "Nguyễn Văn An "));
        assert!(!same_name("Nguyễn Văn An", "Nguyễn Văn Anh"));
    }
}
