//! `cccd pin` against the emulated card through pcscd: PINs from the environment or a file, never on the command
//! line or in the trace; wrong tries counted, blocking, unblocking with the PUK.

mod common;

use cccd_system_tests::{ProcessCard, VpcdSlot, require_pcscd};
use common::{cccd_env as cccd, stdout};

#[test]
fn pcsc_pin_verify_block_and_unblock() {
    if !require_pcscd() {
        return;
    }
    let slot = VpcdSlot::acquire().unwrap();
    let reader = slot.reader_name();
    // Personalization sets PIN 123456 and PUK 87654321 (PUT DATA 00F6 after the personalization key).
    let dir = std::env::temp_dir().join(format!("cccd-pin-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pin"), "123456\n").unwrap();
    std::fs::write(dir.join("puk"), "87654321\n").unwrap();
    let profile = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/profiles/tran-thi-binh.toml");
    let mut emulator = common::command();
    emulator
        .args(["emulate", "--slot", &slot.index().to_string(), "--profile", profile.to_str().unwrap()])
        .args(["--pin-file", dir.join("pin").to_str().unwrap(), "--puk-file", dir.join("puk").to_str().unwrap()])
        .stderr(std::process::Stdio::null());
    let _card = ProcessCard::spawn(emulator, slot).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let r = ["--reader", reader.as_str()];
    // The PIN cannot be set again on the issued card.
    let set = cccd(&[&r[..], &["apdu", "00DA00F60E3132333435363837363534333231", "--expect", "9000"]].concat(), &[]);
    assert_eq!(set.status.code(), Some(1), "{}", String::from_utf8_lossy(&set.stderr));

    let out = cccd(&[&r[..], &["pin", "status"]].concat(), &[]);
    assert_eq!((out.status.code(), stdout(&out).trim()), (Some(0), "PIN not verified: 3 tries left"));

    let trace = std::env::temp_dir().join(format!("cccd-pin-trace-{}.jsonl", std::process::id()));
    let wrong = cccd(
        &[&r[..], &["--trace", trace.to_str().unwrap(), "pin", "verify", "--env", "P"]].concat(),
        &[("P", "000000")],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stdout(&wrong).contains("2 tries left"), "{}", stdout(&wrong));
    let text = std::fs::read_to_string(&trace).unwrap();
    std::fs::remove_file(&trace).ok();
    assert!(!text.contains("303030303030") && text.contains("<redacted"), "the PIN never reaches the trace: {text}");

    let pin_file = std::env::temp_dir().join(format!("cccd-pin-{}.txt", std::process::id()));
    std::fs::write(&pin_file, "123456\n").unwrap();
    let right = cccd(&[&r[..], &["pin", "verify", "--file", pin_file.to_str().unwrap()]].concat(), &[]);
    std::fs::remove_file(&pin_file).ok();
    assert_eq!(right.status.code(), Some(0), "{}", String::from_utf8_lossy(&right.stderr));

    for _ in 0..3 {
        cccd(&[&r[..], &["pin", "verify", "--env", "P"]].concat(), &[("P", "999999")]);
    }
    let out = cccd(&[&r[..], &["--format", "json", "pin", "status"]].concat(), &[]);
    let state: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(state["status"], "blocked");
    let out = cccd(
        &[&r[..], &["pin", "unblock", "--env", "K", "--new-env", "N"]].concat(),
        &[("K", "87654321"), ("N", "246810")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cccd(&[&r[..], &["pin", "verify", "--env", "P"]].concat(), &[("P", "246810")]);
    assert_eq!(out.status.code(), Some(0));

    // With the access key the PIN goes inside BAC secure messaging; the trace still never shows it.
    let key = ["--personal-number", "079305000001", "--birth", "2005-02-28", "--expiry", "2030-02-28"];
    let out = cccd(
        &[&r[..], &["--trace", trace.to_str().unwrap(), "pin", "verify", "--env", "P"], &key[..]].concat(),
        &[("P", "246810")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&trace).unwrap();
    std::fs::remove_file(&trace).ok();
    assert!(text.contains("\"hex\":\"0C200081"), "VERIFY went protected: {text}");
    assert!(text.contains("plain command 00200081<redacted") && !text.contains("323436383130"), "{text}");

    // Bad input is refused before anything is sent, and without a PIN source there is no prompt to hang on.
    let out = cccd(&[&r[..], &["pin", "verify", "--env", "P"]].concat(), &[("P", "12ab56")]);
    assert_eq!(out.status.code(), Some(2));
    let out = cccd(&[&r[..], &["pin", "verify"]].concat(), &[]);
    assert_eq!(out.status.code(), Some(2));
}
