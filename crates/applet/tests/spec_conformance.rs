//! The card against applet-spec/card.toml: every specified command is implemented, every unspecified INS is
//! refused, and every status word the card can return for a command is listed for it.

mod common;

use cccd_applet::SoftwareCard;

const SPEC: &str = include_str!("../../../applet-spec/card.toml");

#[derive(serde::Deserialize)]
struct Spec {
    command: Vec<SpecCommand>,
    class_errors: std::collections::BTreeMap<String, String>,
}

#[derive(serde::Deserialize)]
struct SpecCommand {
    name: String,
    ins: String,
    errors: Vec<String>,
}

fn spec() -> Spec {
    toml::from_str(SPEC).expect("applet-spec/card.toml parses")
}

#[test]
fn every_specified_instruction_is_understood_and_no_other() {
    let spec = spec();
    let specified: Vec<u8> = spec.command.iter().map(|c| u8::from_str_radix(&c.ins, 16).unwrap()).collect();
    for ins in 0u8..=255 {
        let mut card = SoftwareCard::new();
        common::perso(&mut card);
        let sw = card.process(&[0x00, ins, 0x00, 0x00]).sw;
        if specified.contains(&ins) {
            assert_ne!(sw.0, 0x6D00, "INS {ins:02X} is in the spec but the card does not know it");
        } else {
            assert_eq!(sw.0, 0x6D00, "INS {ins:02X} is not in the spec but the card answers {sw:?}");
        }
    }
}

/// Drive each command through many parameter combinations on cards in every lifecycle state and check that
/// each status word seen is 9000, 61xx, a class error, or listed for that command.
#[test]
fn status_words_returned_are_the_specified_ones() {
    let spec = spec();
    let class_errors: Vec<u16> = spec.class_errors.keys().map(|k| u16::from_str_radix(k, 16).unwrap()).collect();
    let digest = [[0x20u8].as_slice(), &[0x11; 32], &[0x00]].concat();
    let bodies: [&[u8]; 9] = [
        &digest,
        &[],
        &[0x00],
        &[0x02, 0x01, 0x1E],
        &[0x02, 0x2F, 0x01, 0x00],
        &[0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01],
        &[0x04, 0x54, 0x02, 0x80, 0x00, 0x00],
        &[0x0C, 0x62, 0x0A, 0x82, 0x01, 0x01, 0x83, 0x02, 0x01, 0x05, 0x80, 0x01, 0x04],
        &[0x03, 0x62, 0x01, 0x00],
    ];
    for command in &spec.command {
        let ins = u8::from_str_radix(&command.ins, 16).unwrap();
        let allowed: Vec<u16> = command.errors.iter().map(|e| u16::from_str_radix(e, 16).unwrap()).collect();
        for p1 in [0x00u8, 0x01, 0x02, 0x04, 0x08, 0x81, 0x9E, 0xE0, 0x7F, 0x3F] {
            for p2 in [0x00u8, 0x04, 0x0C, 0x01, 0x10, 0x9A, 0x9C, 0x49, 0x21, 0xFF, 0xF7] {
                for body in bodies {
                    for setup in ["blank", "selected", "locked"] {
                        let mut card = SoftwareCard::new();
                        common::perso(&mut card);
                        match setup {
                            "selected" => {
                                card.process(&[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x2F, 0x01]);
                            }
                            "locked" => {
                                card.process(&[0x00, 0x44, 0x00, 0x00]);
                            }
                            _ => {}
                        }
                        let mut apdu = vec![0x00, ins, p1, p2];
                        apdu.extend_from_slice(body);
                        let sw = card.process(&apdu).sw;
                        let ok = sw.0 == 0x9000
                            || sw.sw1() == 0x61
                            || allowed.contains(&sw.0)
                            || class_errors.contains(&sw.0);
                        assert!(ok, "{}: {apdu:02X?} ({setup}) answered {sw:?}, not listed in card.toml", command.name);
                    }
                }
            }
        }
    }
}
