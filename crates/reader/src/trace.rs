//! The APDU trace: one JSON object per line for every command and response, secrets always redacted.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

use cccd_apdu::StatusWord;
use serde::Serialize;

/// The trace format's version, written in every line so that readers of old traces can tell.
pub const TRACE_SCHEMA_VERSION: u32 = 1;

/// One line of the trace.
#[derive(Debug, Serialize)]
pub struct TraceEntry {
    pub schema_version: u32,
    /// RFC 3339 UTC time with microseconds.
    pub time: String,
    /// `command` (host → card), `response` (card → host), or `unprotected` (the plain answer inside a
    /// secure-messaging response).
    pub direction: &'static str,
    /// The bytes in hex; secret data replaced by `<redacted N bytes>`.
    pub hex: String,
    pub len: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    /// Time from sending the command to receiving this response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_us: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// What the layer above says this APDU is (e.g. "GET RESPONSE", or the plain command inside SM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Writes trace lines to a file or any writer.
pub struct Trace {
    out: Box<dyn Write + Send>,
}

impl Trace {
    /// Create (truncate) a trace file.
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(Self::new(BufWriter::new(File::create(path)?)))
    }

    pub fn new(out: impl Write + Send + 'static) -> Self {
        Self { out: Box::new(out) }
    }

    pub fn command(&mut self, raw: &[u8], note: Option<&str>) -> io::Result<()> {
        let redacted = redact_command(raw);
        let entry = TraceEntry {
            schema_version: TRACE_SCHEMA_VERSION,
            time: now(),
            direction: "command",
            redacted: redacted.is_some(),
            hex: redacted.unwrap_or_else(|| hex::encode_upper(raw)),
            len: raw.len(),
            sw: None,
            meaning: None,
            duration_us: None,
            note: note.map(str::to_owned),
        };
        self.write(&entry)
    }

    pub fn response(&mut self, raw: &[u8], duration: Duration) -> io::Result<()> {
        let mut entry = answer_entry("response", raw);
        entry.meaning = entry.meaning.or_else(|| Some("no status word: the card did not answer".to_owned()));
        entry.duration_us = Some(u64::try_from(duration.as_micros()).unwrap_or(u64::MAX));
        self.write(&entry)
    }

    /// The plain answer recovered from a protected response (direction `unprotected`).
    pub fn unprotected_response(&mut self, raw: &[u8]) -> io::Result<()> {
        let mut entry = answer_entry("unprotected", raw);
        entry.note = Some("the plain answer inside the secure-messaging response".into());
        self.write(&entry)
    }

    fn write(&mut self, entry: &TraceEntry) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, entry)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

/// A card's answer as a trace line: its bytes, status word and meaning.
fn answer_entry(direction: &'static str, raw: &[u8]) -> TraceEntry {
    let sw = (raw.len() >= 2).then(|| StatusWord::new(raw[raw.len() - 2], raw[raw.len() - 1]));
    TraceEntry {
        schema_version: TRACE_SCHEMA_VERSION,
        time: now(),
        direction,
        hex: hex::encode_upper(raw),
        len: raw.len(),
        sw: sw.map(|sw| format!("{sw:X}")),
        meaning: sw.map(|sw| sw.meaning()),
        duration_us: None,
        redacted: false,
        note: None,
    }
}

fn now() -> String {
    humantime::format_rfc3339_micros(SystemTime::now()).to_string()
}

/// Commands whose data is a secret: VERIFY (20/21), CHANGE REFERENCE DATA (24), RESET RETRY COUNTER (2C).
const SECRET_INS: [u8; 4] = [0x20, 0x21, 0x24, 0x2C];

/// PUT DATA of the Active Authentication private key (INS DA, P1-P2 00F5).
const SECRET_PUT_DATA: [u8; 3] = [0xDA, 0x00, 0xF5];
/// PUT DATA of the citizen PIN and PUK (INS DA, P1-P2 00F6).
const SECRET_PUT_PIN: [u8; 3] = [0xDA, 0x00, 0xF6];

/// A command as the trace shows it: hex, with secret data hidden.
pub fn command_hex(raw: &[u8]) -> String {
    redact_command(raw).unwrap_or_else(|| hex::encode_upper(raw))
}

/// The hex of `raw` with secret data hidden, or `None` when nothing in it is secret.
pub fn redact_command(raw: &[u8]) -> Option<String> {
    let ins = *raw.get(1)?;
    let secret = SECRET_INS.contains(&ins)
        || raw.get(1..4) == Some(&SECRET_PUT_DATA[..])
        || raw.get(1..4) == Some(&SECRET_PUT_PIN[..]);
    if !secret || raw.len() <= 5 {
        return None;
    }
    // Keep the header; hide everything after it, including Lc, so even the PIN length stays private.
    Some(format!("{}<redacted {} bytes>", hex::encode_upper(&raw[..4]), raw.len() - 4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().map_err(|_| io::Error::other("poisoned"))?.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pins_are_redacted_by_default() {
        let sink = Sink::default();
        let mut trace = Trace::new(sink.clone());
        trace.command(&[0x00, 0x20, 0x00, 0x81, 0x06, b'1', b'2', b'3', b'4', b'5', b'6'], None).unwrap();
        trace.response(&[0x63, 0xC2], Duration::from_micros(120)).unwrap();
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("313233343536"), "PIN digits leaked: {text}");
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines[0]["hex"], "00200081<redacted 7 bytes>");
        assert_eq!(lines[0]["redacted"], true);
        assert_eq!(lines[1]["sw"], "63C2");
        assert_eq!(lines[1]["duration_us"], 120);
        assert!(lines[1]["meaning"].as_str().unwrap().contains("2 tries left"));
    }

    #[test]
    fn other_commands_are_traced_whole() {
        assert_eq!(redact_command(&[0x00, 0xA4, 0x04, 0x0C, 0x01, 0xA0]), None);
        assert_eq!(redact_command(&[0x00, 0x20, 0x00, 0x81]), None, "a PIN status query carries no PIN");
        assert_eq!(
            redact_command(&[0x00, 0xDA, 0x00, 0xF5, 0x02, 0x30, 0x00]).as_deref(),
            Some("00DA00F5<redacted 3 bytes>")
        );
        assert_eq!(
            redact_command(&[0x00, 0xDA, 0x00, 0xF6, 0x01, 0x31]).as_deref(),
            Some("00DA00F6<redacted 2 bytes>")
        );
    }
}
