//! Is pcscd there, and must it be? Locally a test without pcscd is skipped; in CI
//! (`CI=true`) or with `CCCD_REQUIRE_PCSCD=1` it fails, so a broken stack is never green.

use pcsc::{Context, Scope};

/// True if pcscd answers and lists vpcd's first reader.
pub fn pcscd_available() -> bool {
    let Ok(ctx) = Context::establish(Scope::User) else {
        return false;
    };
    ctx.list_readers_owned().is_ok_and(|readers| readers.iter().any(|r| r.to_bytes().starts_with(b"Virtual PCD 00")))
}

/// True when the environment demands the stack: `CI=true` or `CCCD_REQUIRE_PCSCD=1`.
pub fn pcscd_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true") || std::env::var("CCCD_REQUIRE_PCSCD").is_ok_and(|v| v == "1")
}

/// Gate for a test that needs pcscd: `true` to go on; `false` (after printing
/// "skipped: pcscd not running") to return early. Panics when pcscd is required but
/// unreachable. Use as `if !require_pcscd() { return; }`.
pub fn require_pcscd() -> bool {
    if pcscd_available() {
        return true;
    }
    if pcscd_required() {
        panic!(
            "pcscd with vpcd readers is not reachable, and CI=true or CCCD_REQUIRE_PCSCD=1 \
             requires it: run scripts/pcscd-up (see scripts/test)"
        );
    }
    eprintln!("skipped: pcscd not running");
    false
}
