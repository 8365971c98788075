//! The BSI TR-03105-5 reference passport, handled as a real foreign passport would be: verified offline from its
//! raw files, and served by the software card with its chip's RSA Active Authentication key, then read and
//! verified through pcscd.

mod common;

use std::path::PathBuf;
use std::process::Output;

use cccd_system_tests::{ProcessCard, VpcdSlot, require_pcscd};
use common::{cccd, root};

fn bsi() -> PathBuf {
    let dir = root().join("../shared/vectors/bsi-tr03105-5");
    assert!(dir.is_dir(), "the shared vectors lie beside the checkout: {}", dir.display());
    dir
}

fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn check<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no {id}: {report}"))
}

#[test]
fn offline_the_signature_and_hashes_verify_and_the_dates_are_reported_expired() {
    let dir = bsi();
    let out = cccd(&["--format", "json", "verify", "--from-dump", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "expired: the verdict fails");
    let r = report(&out);
    assert_eq!(check(&r, "passive.signature")["status"], "pass");
    assert!(check(&r, "passive.sod")["reason"].as_str().unwrap().contains("RSASSA-PSS"));
    assert_eq!(check(&r, "passive.message_digest")["status"], "pass");
    for dg in [1, 2, 3, 4, 14] {
        assert_eq!(check(&r, &format!("passive.dg_hash.DG{dg}"))["status"], "pass", "DG{dg}");
    }
    assert_eq!(check(&r, "passive.ds_validity")["status"], "fail");
    assert!(check(&r, "passive.ds_validity")["reason"].as_str().unwrap().contains("expired"));
    assert_eq!(check(&r, "document.expiry")["status"], "fail");
    assert!(check(&r, "document.expiry")["reason"].as_str().unwrap().contains("2023-10-31"));
    // DG15 is on the chip but EF.SOD does not cover it: reported, since an unsigned AA key proves nothing.
    assert_eq!(check(&r, "passive.dg_hash.DG15")["status"], "fail");
    // In 2014 both the document and its signer certificate were valid.
    let out = cccd(&["--format", "json", "verify", "--from-dump", dir.to_str().unwrap(), "--at", "2014-06-01"]);
    let r = report(&out);
    assert_eq!(check(&r, "passive.ds_validity")["status"], "pass");
    assert_eq!(check(&r, "document.expiry")["status"], "pass");
}

#[test]
fn pcsc_the_emulated_bsi_chip_answers_active_authentication_with_its_rsa_key() {
    if !require_pcscd() {
        return;
    }
    let dir = bsi();
    let slot = VpcdSlot::acquire().unwrap();
    let reader = slot.reader_name();
    let mut cmd = common::command();
    cmd.args([
        "emulate",
        "--slot",
        &slot.index().to_string(),
        "--from-dump",
        dir.to_str().unwrap(),
        "--aa-key",
        dir.join("DG15_sk.pkcs8").to_str().unwrap(),
    ])
    .stderr(std::process::Stdio::null());
    let _card = ProcessCard::spawn(cmd, slot).unwrap();

    // BAC with the specimen's MRZ fields (MRZ_information C11T002JM4 9608122 2310314).
    let key = ["--doc-number", "C11T002JM", "--birth", "960812", "--expiry", "2023-10-31"];
    let out = cccd(&[&["--reader", &reader, "--format", "json", "read"][..], &key].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read = report(&out);
    assert_eq!(read["emrtd"]["dg1"]["mrz"]["document_number"], "C11T002JM");

    let out = cccd(&[&["--reader", &reader, "--format", "json", "verify", "--at", "2014-06-01"][..], &key].concat());
    let r = report(&out);
    let aa = check(&r, "active.aa");
    assert_eq!(aa["status"], "pass", "{r}");
    assert!(aa["reason"].as_str().unwrap().contains("RSA"), "{aa}");
    assert_eq!(check(&r, "passive.signature")["status"], "pass");
    assert_eq!(r["active_authentication"], "pass");
}
