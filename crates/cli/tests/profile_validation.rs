//! `cccd personalize --dry-run` on profiles with mistakes: every problem at once, each with its field path and
//! reason; exit 2; nothing planned. And the plan of a valid profile.

mod common;

use common::{cccd, root};
use std::path::PathBuf;

fn write_profile(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cccd-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The sample with every document, with one mistake per rule replaced in.
fn broken_sample() -> String {
    let sample = std::fs::read_to_string(root().join("examples/profiles/nguyen-van-an.toml")).unwrap();
    let replacements = [
        // personal number: century/sex digit 1 = female, but the holder is male
        ("personal_number = \"001099012345\"      #", "personal_number = \"001199012345\"      #"),
        // identity dates out of order
        ("expiry_date = \"2039-05-14\"", "expiry_date = \"2020-05-14\""),
        // legacy MST with a wrong check digit
        ("legacy_tax_code = \"8012345677\"", "legacy_tax_code = \"8012345670\""),
        // a class B licence valid for more than 10 years
        (
            "class = \"B\"\nissue_date = \"2025-03-10\"\nexpiry = \"2035-03-10\"",
            "class = \"B\"\nissue_date = \"2025-03-10\"\nexpiry = \"2040-03-10\"",
        ),
        // a passport MRZ whose document number check digit is wrong
        ("mrz_line2 = \"C1234567<0VNM", "mrz_line2 = \"C1234567<1VNM"),
        // the legacy health insurance code must end with the social insurance number
        ("legacy_code = \"DN4010123456789\"", "legacy_code = \"DN4010123456788\""),
        // the old CMND number has 9 digits
        ("old_id_number = \"012345678\"", "old_id_number = \"01234567\""),
    ];
    // The copy lives elsewhere: point its relative paths back at the examples.
    let examples = root().join("examples");
    let mut text = sample
        .replace("pki = \"../pki\"", &format!("pki = {:?}", examples.join("pki")))
        .replace("aa_key = \"keys/", &format!("aa_key = \"{}/", examples.join("profiles/keys").display()));
    for (from, to) in replacements {
        assert!(text.contains(from), "the sample profile changed: {from:?} not found");
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn every_mistake_is_reported_at_once_and_nothing_is_planned() {
    let path = write_profile("broken.toml", &broken_sample());
    let out = cccd(&["--format", "json", "personalize", path.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], false);
    let issues = report["issues"].as_array().unwrap();
    let paths: Vec<&str> = issues.iter().map(|i| i["path"].as_str().unwrap()).collect();
    for expected in [
        "identity.personal_number",
        "identity.expiry_date",
        "identity.old_id_number",
        "documents.tax.legacy_tax_code",
        "documents.passport.mrz_line2",
        "documents.health_insurance.legacy_code",
    ] {
        assert!(paths.contains(&expected), "no issue at {expected}: {paths:?}");
    }
    assert!(paths.iter().any(|p| p.starts_with("documents.driving_licence.classes[1]")), "{paths:?}");
    assert!(issues.iter().all(|i| !i["reason"].as_str().unwrap().is_empty()));
    assert!(report.get("steps").is_none(), "no plan for an invalid profile");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing was written"), "{stderr}");
}

#[test]
fn text_output_names_each_field_and_reason() {
    let path = write_profile("broken-text.toml", &broken_sample());
    let out = cccd(&["personalize", path.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.contains("identity.personal_number:") && l.contains("sex")), "{text}");
    assert!(text.lines().any(|l| l.contains("documents.tax.legacy_tax_code:")), "{text}");
}

#[test]
fn syntax_errors_and_missing_files_are_one_line_errors() {
    let path = write_profile("syntax.toml", "schema_version = 1\n[identity\n");
    let out = cccd(&["personalize", path.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim().lines().count(), 1);
    let out = cccd(&["personalize", "no/such/profile.toml", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let portrait = std::fs::read_to_string(root().join("examples/profiles/le-van-cuong.toml"))
        .unwrap()
        .replace("[security]", "[portrait]\nfile = \"missing.jpg\"\n\n[security]");
    let path = write_profile("portrait.toml", &portrait);
    let out = cccd(&["--format", "json", "personalize", path.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["issues"][0]["path"], "portrait.file");
}

#[test]
fn a_valid_profile_gives_the_apdu_plan() {
    let out = cccd(&["--format", "json", "personalize", "examples/profiles/tran-thi-binh.toml", "--dry-run", "--lock"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = plan["steps"].as_array().unwrap();
    assert_eq!(steps.first().unwrap()["apdu"], "00A4000C");
    assert_eq!(steps.last().unwrap()["apdu"], "00440000", "locking comes last");
    let creates = steps.iter().filter(|s| s["apdu"].as_str().unwrap().starts_with("00E0")).count();
    // MF: EF.DIR; eMRTD: DF + EF.COM, EF.SOD, DG1, DG2, DG13, DG14, DG15; documents: DF + index + 2 documents.
    assert_eq!(creates, 1 + 8 + 4);
    assert!(
        steps.iter().any(|s| s["apdu"].as_str().unwrap().starts_with("00DA00F5<redacted")),
        "the AA key import, redacted"
    );
}
