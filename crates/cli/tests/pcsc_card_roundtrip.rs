//! Issue 3 end to end, as a user types it: every sample profile personalized onto the emulated card through
//! pcscd, locked, read back, compared with the profile and with its golden JSON, and kept across a restart.

mod common;

use std::path::Path;
use std::process::Output;

use cccd_image::Profile;
use cccd_system_tests::{ProcessCard, VpcdSlot, require_pcscd};
use common::{cccd, root};

fn emulate(slot: VpcdSlot, state: &Path) -> ProcessCard {
    let mut cmd = common::command();
    cmd.args(["emulate", "--slot", &slot.index().to_string(), "--state", state.to_str().unwrap()])
        .stderr(std::process::Stdio::null());
    ProcessCard::spawn(cmd, slot).expect("cccd emulate serves a card")
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn roundtrip(profile_name: &str) {
    let profile_path = root().join("examples/profiles").join(format!("{profile_name}.toml"));
    let profile = Profile::load(&profile_path).unwrap();
    let dir = std::env::temp_dir().join(format!("cccd-roundtrip-{profile_name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("card.json");
    let dump = dir.join("dump.json");

    let slot = VpcdSlot::acquire().unwrap();
    let reader = slot.reader_name();
    let mut card = emulate(slot, &state);
    let text = ok(&cccd(&["--reader", &reader, "personalize", profile_path.to_str().unwrap(), "--lock"]));
    assert!(text.contains("read back and compared: identical"), "{text}");

    // Issuer data is read-only now.
    let out = cccd(&["--reader", &reader, "apdu", "00A4040C07A0000002471001", "00D6810001FF", "--expect", "9000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("6985"), "{}", String::from_utf8_lossy(&out.stderr));

    // The applications' files need Basic Access Control: without the access key the card refuses, and says so.
    let out = cccd(&["--reader", &reader, "read"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("6982"), "{}", String::from_utf8_lossy(&out.stderr));
    let id = &profile.identity;
    let key = ["--personal-number", &id.personal_number, "--birth", &id.birth_date, "--expiry", &id.expiry_date];
    let wrong = cccd(&[&["--reader", &reader, "read"][..], &key[..4], &["--expiry", "2040-01-01"]].concat());
    assert_eq!(wrong.status.code(), Some(2), "a wrong access key is refused as wrong input");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("6300"), "{}", String::from_utf8_lossy(&wrong.stderr));
    let json = ok(&cccd(
        &[&["--reader", &reader, "--format", "json", "read", "--dump", dump.to_str().unwrap()][..], &key[..]].concat(),
    ));
    let read: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(read["schema_version"], 1);
    assert!(read.get("problems").is_none(), "every file decodes: {}", read["problems"]);

    // The values on the card are the profile's values.
    let dg13 = &read["emrtd"]["dg13"];
    assert_eq!(dg13["personal_number"], id.personal_number.as_str());
    assert_eq!(dg13["full_name"], id.full_name.as_str());
    assert_eq!(dg13["birth_date"], id.birth_date.as_str());
    assert_eq!(dg13["expiry_date"], id.expiry_date.as_str());
    assert_eq!(dg13["place_of_residence"], id.place_of_residence.as_str());
    let optional_data = read["emrtd"]["dg1"]["mrz"]["optional_data"].as_str().unwrap_or_default().to_owned();
    assert!(optional_data.starts_with(&id.personal_number), "the MRZ carries the personal number: {optional_data}");
    assert_eq!(read["emrtd"]["dg1"]["mrz"]["document_number"], &id.personal_number[3..]);
    let expected_docs = serde_json::to_value(profile.documents.to_vec()).unwrap();
    let mut read_docs = read.get("documents").cloned().unwrap_or(serde_json::json!([]));
    // Personalization adds each issuing authority's signature; the rest is the profile's, value for value.
    for doc in read_docs.as_array_mut().unwrap() {
        let body = doc.as_object_mut().unwrap().values_mut().next().unwrap().as_object_mut().unwrap();
        assert!(body.remove("signature").is_some_and(|s| s.is_string()), "every document is signed");
    }
    assert!(read_docs == expected_docs, "documents read back differ from the profile's:\n{read_docs}\n{expected_docs}");

    // Golden JSON (CCCD_UPDATE_GOLDEN=1 rewrites it after a deliberate format change).
    let golden = root().join("tests/golden").join(format!("{profile_name}.json"));
    if std::env::var_os("CCCD_UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, serde_json::to_string_pretty(&read).unwrap() + "\n").unwrap();
    }
    let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&golden).unwrap()).unwrap();
    assert_eq!(read, expected, "read JSON differs from {}", golden.display());

    // The card verifies: passive and active authentication, every document's signature, consistency.
    let verdict = ok(&cccd(
        &[&["--reader", &reader, "--format", "json", "verify", "--trust", "examples/pki/trust"][..], &key].concat(),
    ));
    let verdict: serde_json::Value = serde_json::from_str(&verdict).unwrap();
    assert_eq!((verdict["passed"].as_bool(), verdict["genuine"].as_bool()), (Some(true), Some(true)), "{verdict}");
    assert_eq!(verdict["active_authentication"], "pass");
    let documents = profile.documents.to_vec().len();
    let signature_checks = verdict["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().ends_with(".signature") && c["status"] == "pass")
        .count();
    assert_eq!(signature_checks, documents + 1, "EF.SOD and every document are signed and verify");

    // The dump decodes offline to the same document.
    let offline = ok(&cccd(&["--format", "json", "read", "--from-dump", dump.to_str().unwrap()]));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&offline).unwrap(), read);

    // The card keeps its contents, and its lock, across a restart of the emulator.
    let slot = {
        card.stop().unwrap();
        drop(card);
        VpcdSlot::acquire().unwrap()
    };
    let reader = slot.reader_name();
    let _card = emulate(slot, &state);
    let again = ok(&cccd(&[&["--reader", &reader, "--format", "json", "read"][..], &key].concat()));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&again).unwrap(), read);
    let out = cccd(&["--reader", &reader, "personalize", profile_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "a personalized card is not blank");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pcsc_roundtrip_nguyen_van_an_every_document_type() {
    if require_pcscd() {
        roundtrip("nguyen-van-an");
    }
}

#[test]
fn pcsc_roundtrip_tran_thi_binh() {
    if require_pcscd() {
        roundtrip("tran-thi-binh");
    }
}

#[test]
fn pcsc_roundtrip_le_van_cuong() {
    if require_pcscd() {
        roundtrip("le-van-cuong");
    }
}
