//! Our EF.SOD verifies in OpenSSL (`openssl cms -verify`) against the test CSCA. Fails, rather than skips,
//! when OpenSSL is missing and `CI=true`.

mod common;

use std::process::Command;

#[test]
fn openssl_verifies_our_sod() {
    if Command::new("openssl").arg("version").output().is_err() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "openssl is required in CI");
        eprintln!("openssl not installed: skipping");
        return;
    }
    let dir = common::scratch("openssl");
    let sod = common::our_sod();
    let cms = dir.join("sod_without_77.der");
    std::fs::write(&cms, common::strip_77(&sod)).unwrap();
    let csca = dir.join("csca.pem");
    std::fs::write(&csca, common::pki().csca.cert.to_pem()).unwrap();
    let content = dir.join("lso.der");
    let out = Command::new("openssl")
        .args(["cms", "-verify", "-inform", "DER", "-in"])
        .arg(&cms)
        .args(["-binary", "-purpose", "any", "-CAfile"])
        .arg(&csca)
        .arg("-out")
        .arg(&content)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("Verification successful"), "openssl: {stderr}");
    let parsed = cccd_trust::Sod::parse(&sod).unwrap();
    assert_eq!(std::fs::read(&content).unwrap(), parsed.econtent(), "OpenSSL's eContent is our LDSSecurityObject");

    // A wrong CSCA must fail in OpenSSL too.
    std::fs::write(&csca, common::other_pki().csca.cert.to_pem()).unwrap();
    let out = Command::new("openssl")
        .args(["cms", "-verify", "-inform", "DER", "-in"])
        .arg(&cms)
        .args(["-binary", "-purpose", "any", "-out", "/dev/null", "-CAfile"])
        .arg(&csca)
        .output()
        .unwrap();
    assert!(!out.status.success());
}
