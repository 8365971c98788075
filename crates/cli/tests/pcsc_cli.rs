//! `cccd` as a user types it, against `cccd emulate` in a real pcscd reader.

mod common;

use cccd_system_tests::{ProcessCard, VpcdSlot, require_pcscd};
use common::{cccd, stderr, stdout};

fn emulate() -> ProcessCard {
    let slot = VpcdSlot::acquire().expect("a vpcd slot");
    let mut cmd = common::command();
    cmd.args(["emulate", "--slot", &slot.index().to_string()]).stderr(std::process::Stdio::null());
    ProcessCard::spawn(cmd, slot).expect("cccd emulate serves a card")
}

#[test]
fn pcsc_cli_readers_and_apdu_with_expect() {
    if !require_pcscd() {
        return;
    }
    let card = emulate();
    let reader = card.slot().reader_name();

    let out = cccd(&["readers", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    let entry = doc["readers"].as_array().unwrap().iter().find(|r| r["name"] == reader.as_str()).unwrap().clone();
    assert_eq!(entry["card_present"], true);
    assert!(entry["atr"].as_str().unwrap().starts_with("3B"), "{entry}");

    // Exactly the bytes given, in order; every answer matches --expect.
    let out = cccd(&[
        "--reader",
        &reader,
        "apdu",
        "00A4000C023F00",
        "00 A4 00 0C 02 2F 01",
        "00B0:0000:05",
        "--expect",
        "9000",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("> 00A4000C023F00") && text.contains("< 4703F401C0 9000"), "{text}");

    // Another status word: exit 1, and the commands after it are not sent.
    let out = cccd(&["--reader", &reader, "apdu", "00A4040C07A0000002471001", "0084000008", "--expect", "9000"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("6A82"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("0084000008"), "stopped after the failed expectation");

    // Wildcards.
    let out = cccd(&["--reader", &reader, "apdu", "00A4000402 2F01 05", "--expect", "61xx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn pcsc_cli_get_response_json_and_trace() {
    if !require_pcscd() {
        return;
    }
    let card = emulate();
    let reader = card.slot().reader_name();
    let trace = std::env::temp_dir().join(format!("cccd-cli-trace-{}.jsonl", std::process::id()));
    let out = cccd(&[
        "--reader",
        &reader,
        "--format",
        "json",
        "--trace",
        trace.to_str().unwrap(),
        "apdu",
        "--get-response",
        "00A40004022F0105",
        "0020008106313233343536",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &doc["exchanges"][0];
    assert_eq!(first["sw"], "9000", "61xx was followed with GET RESPONSE: {doc}");
    assert!(first["data"].as_str().unwrap().starts_with("62"), "the whole FCP: {doc}");
    assert_eq!(doc["exchanges"][1]["command"], "00200081<redacted 7 bytes>");

    let lines = std::fs::read_to_string(&trace).unwrap();
    std::fs::remove_file(&trace).ok();
    assert!(!lines.contains("313233343536"), "the PIN never reaches the trace");
    let entries: Vec<serde_json::Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(entries.len(), 6, "SELECT, GET RESPONSE, VERIFY and their answers: {lines}");
    assert_eq!(entries[2]["note"], "GET RESPONSE");
    assert!(entries.iter().all(|e| e["time"].is_string() && e["schema_version"] == 1));
    assert!(entries[1]["duration_us"].is_u64());
}

#[test]
fn pcsc_cli_errors_are_one_line_with_documented_exit_codes() {
    if !require_pcscd() {
        return;
    }
    let out = cccd(&["apdu", "00A4G0"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("not valid hex"));

    let out = cccd(&["apdu", "00A40000", "--expect", "90"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    let out = cccd(&["--reader", "no such reader", "apdu", "00A40000"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("no reader matches"), "{}", stderr(&out));

    let out = cccd(&["--reader", "no such reader", "--format", "json", "apdu", "00A40000"]);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!((err["error"].as_str(), err["schema_version"].as_u64()), (Some("card"), Some(1)));

    let out = cccd(&["bogus"]);
    assert_eq!(out.status.code(), Some(2), "clap usage errors exit 2");
}
