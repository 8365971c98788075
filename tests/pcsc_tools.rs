//! Independent PC/SC clients see the emulated card: opensc-tool reads its ATR and
//! pcsc-tools' scriptor exchanges an APDU with it.

use std::time::Duration;

use cccd_system_tests::{EmulatedCard, ToolOutput, VpcdSlot, require_pcscd, run_tool};
use cccd_vcard::{NullCard, VirtualCard};

const LIMIT: Duration = Duration::from_secs(60);

fn tool(program: &str, args: &[&str], stdin: &[u8]) -> ToolOutput {
    let out =
        run_tool(program, args, stdin, LIMIT).unwrap_or_else(|e| panic!("{e} (install it with scripts/pcscd-up)"));
    assert!(!out.timed_out, "{program} {args:?} hung: {out:?}");
    out
}

/// opensc-tool's index of `reader` in `opensc-tool -l` ("Nr.  Card  Features  Name").
fn opensc_index(reader: &str) -> String {
    let out = tool("opensc-tool", &["-l"], b"");
    out.stdout
        .lines()
        .find(|line| line.trim_end().ends_with(reader))
        .and_then(|line| line.split_whitespace().next())
        .unwrap_or_else(|| panic!("{reader} not in opensc-tool -l: {out:?}"))
        .to_owned()
}

#[test]
fn pcsc_opensc_tool_prints_the_atr() {
    if !require_pcscd() {
        return;
    }
    let emulated = EmulatedCard::start(NullCard::new(), VpcdSlot::acquire().unwrap()).unwrap();
    let index = opensc_index(&emulated.slot().reader_name());
    let out = tool("opensc-tool", &["-r", &index, "-a"], b"");
    let atr = NullCard::new().atr().iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":");
    assert!(out.stdout.to_lowercase().contains(&atr), "{out:?}");
    assert_eq!(out.code, Some(0), "{out:?}");
}

#[test]
fn pcsc_scriptor_exchanges_a_select() {
    if !require_pcscd() {
        return;
    }
    let emulated = EmulatedCard::start(NullCard::new(), VpcdSlot::acquire().unwrap()).unwrap();
    let reader = emulated.slot().reader_name();
    let out = tool("scriptor", &["-r", &reader], b"00A4040007A0000002471001\n");
    assert!(out.stdout.contains("< 90 00"), "{out:?}");
    assert!(emulated.apdus_served() >= 1);
}
