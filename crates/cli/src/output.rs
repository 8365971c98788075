//! Printing results as text or as versioned JSON.

use serde::Serialize;

use crate::args::Format;

/// Version of every JSON document `cccd` prints; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Print `value` as JSON (with `schema_version` first) or run the text printer.
pub fn print<T: Serialize>(format: Format, kind: &str, value: &T, text: impl FnOnce(&T)) {
    match format {
        Format::Text => text(value),
        Format::Json => {
            let mut doc = serde_json::json!({ "schema_version": SCHEMA_VERSION, "kind": kind });
            if let (Some(obj), Ok(serde_json::Value::Object(fields))) =
                (doc.as_object_mut(), serde_json::to_value(value))
            {
                obj.extend(fields);
            }
            println!("{doc}");
        }
    }
}
