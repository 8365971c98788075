//! Issue 5 through pcscd, end to end with the `cccd` binary: BAC before reading (three forms of the access key,
//! a wrong key refused, secure messaging in the trace), documents integrated after issuance (add, replace,
//! remove; the card refuses what its authorities did not sign), and the e-signature (PIN, PSO CDS, a certificate
//! from the test PKI, signatures OpenSSL verifies).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use cccd_system_tests::{ProcessCard, VpcdSlot, require_pcscd};
use common::{cccd, root};

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// tran-thi-binh's card, issued (locked) with PIN 123456 and PUK 87654321, in a vpcd slot.
fn issued_card(dir: &Path) -> (ProcessCard, String) {
    std::fs::write(dir.join("pin"), "123456\n").unwrap();
    std::fs::write(dir.join("puk"), "87654321\n").unwrap();
    let slot = VpcdSlot::acquire().unwrap();
    let reader = slot.reader_name();
    let mut emulator = common::command();
    emulator
        .args(["emulate", "--slot", &slot.index().to_string(), "--profile", "examples/profiles/tran-thi-binh.toml"])
        .args(["--pin-file", dir.join("pin").to_str().unwrap(), "--puk-file", dir.join("puk").to_str().unwrap()])
        .stderr(std::process::Stdio::null());
    (ProcessCard::spawn(emulator, slot).unwrap(), reader)
}

const KEY: [&str; 6] = ["--personal-number", "079305000001", "--birth", "2005-02-28", "--expiry", "2030-02-28"];

#[test]
fn pcsc_bac_in_every_key_form_with_secure_messaging_in_the_trace() {
    if !require_pcscd() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cccd-bac-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_card, reader) = issued_card(&dir);
    let r = ["--reader", reader.as_str()];
    let read = |extra: &[&str]| cccd(&[&r[..], &["--format", "json", "read"], extra].concat());

    let refused = read(&[]);
    assert_eq!(code(&refused), Some(3));
    assert!(text(&refused).contains("6982") && text(&refused).contains("--mrz"), "{}", text(&refused));

    let by_number = read(&KEY);
    assert_eq!(code(&by_number), Some(0), "{}", text(&by_number));
    // The MRZ as printed on the card's back (three TD1 lines).
    let mrz = cccd_lds::Mrz::vietnamese(
        &"079305000001".parse().unwrap(),
        "Trần Thị Bình",
        cccd_lds::Date::new(2005, 2, 28).unwrap(),
        cccd_lds::Sex::Female,
        cccd_lds::Date::new(2030, 2, 28).unwrap(),
    )
    .lines()
    .join("\n");
    assert_eq!(mrz.lines().count(), 3);
    let by_mrz = read(&["--mrz", &mrz]);
    assert_eq!(code(&by_mrz), Some(0), "{}", text(&by_mrz));
    let by_fields = read(&["--doc-number", "305000001", "--birth", "050228", "--expiry", "300228"]);
    assert_eq!(code(&by_fields), Some(0), "{}", text(&by_fields));
    assert_eq!(by_mrz.stdout, by_number.stdout);
    assert_eq!(by_fields.stdout, by_number.stdout);

    let wrong = read(&["--doc-number", "305000001", "--birth", "050228", "--expiry", "310228"]);
    assert_eq!(code(&wrong), Some(2), "a wrong access key is wrong input");
    assert!(text(&wrong).contains("6300"), "{}", text(&wrong));

    // The trace: GET CHALLENGE and EXTERNAL AUTHENTICATE plain, then protected APDUs (CLA 0C) noting the plain
    // command inside, and the plain answer after each protected one.
    let trace = dir.join("trace.jsonl");
    let out = cccd(&[&r[..], &["--trace", trace.to_str().unwrap(), "read"], &KEY[..]].concat());
    assert_eq!(code(&out), Some(0));
    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&trace).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().any(|l| l["hex"].as_str().unwrap().starts_with("0082000028")), "BAC EXTERNAL AUTHENTICATE");
    let protected: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["direction"] == "command" && l["hex"].as_str().unwrap().starts_with("0C")).collect();
    assert!(protected.len() > 5, "reads go under secure messaging");
    assert!(protected.iter().all(|l| l["note"].as_str().unwrap().contains("plain command 00")), "{:?}", protected[0]);
    assert!(protected.iter().any(|l| l["note"].as_str().unwrap().contains("plain command 00B0")));
    let unprotected = lines.iter().filter(|l| l["direction"] == "unprotected").count();
    assert_eq!(unprotected, protected.len(), "every protected answer is shown unprotected too");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pcsc_documents_after_issuance_and_the_citizens_e_signature() {
    if !require_pcscd() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cccd-docsign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_card, reader) = issued_card(&dir);
    let r = ["--reader", reader.as_str()];
    let pin = ["--file", dir.join("pin").to_str().unwrap()].map(str::to_owned);
    let pin = [pin[0].as_str(), pin[1].as_str()];
    let path = |name: &str| dir.join(name).to_str().unwrap().to_owned();

    // The road-traffic authority issues a licence and a renewal.
    for (toml, out) in
        [("tran-thi-binh-driving-licence", "dl.bin"), ("tran-thi-binh-driving-licence-renewed", "dl2.bin")]
    {
        let toml = format!("examples/documents/{toml}.toml");
        let out = cccd(&["doc", "issue", &toml, "--pki", "examples/pki", "--out", &path(out)]);
        assert_eq!(code(&out), Some(0), "{}", text(&out));
    }
    let doc = |args: &[&str]| cccd(&[&r[..], &["doc"], args, &KEY[..], &pin[..]].concat());
    let out = doc(&["add", &path("dl.bin")]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    assert_eq!(code(&doc(&["add", &path("dl.bin")])), Some(2), "add refuses a type the card holds");
    let out = doc(&["replace", &path("dl2.bin")]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let verdict = cccd(&[&r[..], &["--format", "json", "verify", "--trust", "examples/pki/trust"], &KEY[..]].concat());
    let verdict: serde_json::Value = serde_json::from_slice(&verdict.stdout).unwrap();
    assert_eq!(verdict["passed"], true, "{verdict}");
    let check =
        |id: &str| verdict["checks"].as_array().unwrap().iter().find(|c| c["id"] == id).map(|c| c["status"].clone());
    assert_eq!(check("document.driving_licence.signature"), Some("pass".into()));
    assert_eq!(check("document.driving_licence.validity").map(|_| ()), Some(()));
    let read = cccd(&[&r[..], &["--format", "json", "read"], &KEY[..]].concat());
    let read: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    assert!(read["documents"].to_string().contains("2026-09-15"), "the renewal is on the card");

    // A byte changed after signing: the card itself refuses it, and keeps the licence it has.
    let mut forged = std::fs::read(dir.join("dl2.bin")).unwrap();
    let at = forged.windows(4).position(|w| w == b"2036").unwrap();
    forged[at + 3] = b'9';
    std::fs::write(dir.join("forged.bin"), &forged).unwrap();
    let out = doc(&["replace", &path("forged.bin")]);
    assert_eq!(code(&out), Some(1), "{}", text(&out));
    assert!(text(&out).contains("6A80"), "{}", text(&out));
    // Signed by an authority of another PKI: not a key the card was given.
    let other = dir.join("other-pki");
    assert_eq!(code(&cccd(&["pki", "init", other.to_str().unwrap()])), Some(0));
    let toml = "examples/documents/tran-thi-binh-driving-licence.toml";
    assert_eq!(
        code(&cccd(&["doc", "issue", toml, "--pki", other.to_str().unwrap(), "--out", &path("foreign.bin")])),
        Some(0)
    );
    assert_eq!(code(&doc(&["replace", &path("foreign.bin")])), Some(1));
    // Genuine, newer, but another citizen's: the card binds documents to its holder (DG13).
    let tax = dir.join("other-tax.toml");
    std::fs::write(
        &tax,
        "[tax]\npersonal_number = \"001099012345\"\ntax_office = \"Thuế cơ sở 1 thành phố Hà Nội\"\n\n[tax.header]\ndocument_number = \"001099012345\"\n\
         issuing_authority = \"Cục Thuế\"\nissue_date = \"2026-01-02\"\n",
    )
    .unwrap();
    let out = cccd(&["doc", "issue", tax.to_str().unwrap(), "--pki", "examples/pki", "--out", &path("tax.bin")]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let out = doc(&["replace", &path("tax.bin")]);
    assert_eq!(code(&out), Some(1), "{}", text(&out));
    assert!(text(&out).contains("holder"), "{}", text(&out));
    let again = cccd(&[&r[..], &["--format", "json", "read"], &KEY[..]].concat());
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&again.stdout).unwrap(), read, "nothing changed");
    // A wrong PIN: nothing is written.
    std::fs::write(dir.join("wrong"), "000000\n").unwrap();
    let out = cccd(
        &[&r[..], &["doc", "remove", "--type", "driving_licence"], &KEY[..], &["--file", &path("wrong")]].concat(),
    );
    assert_eq!(code(&out), Some(1), "{}", text(&out));
    let out = cccd(&[&r[..], &["doc", "remove", "--type", "driving_licence"], &KEY[..], &pin[..]].concat());
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let after = cccd(&[&r[..], &["--format", "json", "read"], &KEY[..]].concat());
    assert!(!String::from_utf8_lossy(&after.stdout).contains("driving_licence"));

    // The e-signature: signing needs the PIN; the certificate comes from the PKI's citizen signing CA.
    let data = dir.join("contract.txt");
    std::fs::write(&data, "Hợp đồng mẫu: synthetic test data\n").unwrap();
    let sig = path("contract.sig");
    let sign = |pin: &[&str], key: &[&str]| {
        cccd(&[&r[..], &["sign", "--in", data.to_str().unwrap(), "--out", &sig], pin, key].concat())
    };
    assert_eq!(code(&sign(&pin, &[])), Some(2), "signing needs BAC: the PIN never goes in clear");
    let out = sign(&["--file", &path("wrong")], &KEY);
    assert_eq!(code(&out), Some(1), "a wrong PIN signs nothing: {}", text(&out));
    assert!(!dir.join("contract.sig").exists());
    let out = sign(&pin, &KEY);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let cert = path("card.pem");
    let out =
        cccd(&[&r[..], &["pki", "certify-card", "--pki", "examples/pki", "--out", &cert], &KEY[..], &pin[..]].concat());
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Trần Thị Bình"), "{}", text(&out));
    let out = cccd(&[&r[..], &["sign", "verify", "--in", data.to_str().unwrap(), "--sig", &sig], &KEY[..]].concat());
    assert_eq!(code(&out), Some(0), "verified with the certificate read from the card: {}", text(&out));
    let out = cccd(&["sign", "verify", "--in", "README.md", "--sig", &sig, "--cert", &cert]);
    assert_eq!(code(&out), Some(1), "another file does not verify");

    // Standard tools agree.
    let openssl = |args: &[&str]| Command::new("openssl").args(args).output().expect("openssl");
    let pubkey = openssl(&["x509", "-in", &cert, "-pubkey", "-noout"]);
    std::fs::write(dir.join("card.pub"), &pubkey.stdout).unwrap();
    let out = openssl(&["dgst", "-sha256", "-verify", &path("card.pub"), "-signature", &sig, data.to_str().unwrap()]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Verified OK"), "{}", text(&out));
    let ca = root().join("examples/pki/esign_ca.cert.pem");
    let out = openssl(&["verify", "-CAfile", ca.to_str().unwrap(), &cert]);
    assert!(out.status.success(), "the certificate chains to the citizen signing CA: {}", text(&out));
    std::fs::remove_dir_all(&dir).ok();
}
