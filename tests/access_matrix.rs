//! The access matrix of applet-spec/card.toml, generated from the spec: every probe command in every lifecycle
//! and authentication state answers the status word the spec lists. The states are built on fresh software cards
//! in process with the host's own code (personalization plan, personalization key, BAC, secure messaging).

use std::path::Path;

use cccd_apdu::{Command, StatusWord};
use cccd_applet::SoftwareCard;
use cccd_image::layout;
use cccd_reader::CardChannel;
use cccd_sm::{PersoKey, perso};
use cccd_system_tests::{IssuedCard, TEST_PIN, issued_card};
use cccd_transport::InProcessTransport;

const PROFILE: &str = "examples/profiles/tran-thi-binh.toml";

#[derive(serde::Deserialize)]
struct Spec {
    access_matrix: Matrix,
}

#[derive(serde::Deserialize)]
struct Matrix {
    states: Vec<String>,
    probe: Vec<Probe>,
}

#[derive(serde::Deserialize)]
struct Probe {
    name: String,
    #[serde(default)]
    select: Option<String>,
    apdus: Vec<String>,
    expect: Vec<String>,
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

type Channel = CardChannel<InProcessTransport<SoftwareCard>>;

/// A card in `state`, in a channel that protects every command once BAC has run (the `bac` states).
fn card_in(state: &str, cards: &IssuedCard) -> Channel {
    let parts: Vec<&str> = state.split('+').collect();
    let card = match parts[0] {
        "blank" => SoftwareCard::new(),
        "personalized" => SoftwareCard::from_state(&cards.personalized).unwrap(),
        "locked" => SoftwareCard::from_state(&cards.locked).unwrap(),
        other => panic!("unknown lifecycle {other} in card.toml"),
    };
    let mut ch = CardChannel::new(InProcessTransport::new(card));
    for auth in &parts[1..] {
        match *auth {
            "perso" => {
                cccd_reader::access::authenticate_personalization(&mut ch, &PersoKey::new(perso::TEST_PERSO_KEY))
                    .unwrap();
            }
            "bac" => {
                cccd_reader::access::basic_access_control(&mut ch, &cccd_applet::EMRTD_AID, &cards.mrz_information)
                    .unwrap();
            }
            "pin" => {
                let verify = Command::new(0x00, 0x20, 0x00, 0x81).with_data(TEST_PIN.to_vec()).unwrap();
                assert_eq!(send(&mut ch, &verify), StatusWord::SUCCESS, "VERIFY in state {state}");
            }
            other => panic!("unknown authentication {other} in card.toml"),
        }
    }
    ch
}

/// Send one command (under secure messaging when BAC opened it); the unprotected status word.
fn send(ch: &mut Channel, cmd: &Command<'_>) -> StatusWord {
    ch.transmit(cmd).unwrap_or_else(|e| panic!("{cmd:?}: {e}")).sw
}

fn select(target: &str) -> Command<'static> {
    let aid = |name: &str| layout().application(name).and_then(|a| a.aid.clone()).unwrap();
    match target {
        "mf" => Command::new(0x00, 0xA4, 0x00, 0x0C),
        app => Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(aid(app)).unwrap(),
    }
}

#[test]
fn every_command_in_every_state_answers_the_specified_status_word() {
    let text = std::fs::read_to_string(root().join("applet-spec/card.toml")).unwrap();
    let spec: Spec = toml::from_str(&text).unwrap();
    let matrix = spec.access_matrix;
    assert!(matrix.probe.len() >= 20, "the matrix covers the command set");
    let cards = issued_card(PROFILE).unwrap();
    let mut mismatches = Vec::new();
    let mut cells = 0;
    for probe in &matrix.probe {
        assert_eq!(probe.expect.len(), matrix.states.len(), "{}: one status word per state", probe.name);
        for (state, expected) in matrix.states.iter().zip(&probe.expect) {
            let mut ch = card_in(state, &cards);
            if let Some(target) = &probe.select {
                send(&mut ch, &select(target));
            }
            let mut sw = StatusWord::SUCCESS;
            for apdu in &probe.apdus {
                let raw = hex::decode(apdu.replace(' ', "")).unwrap();
                let cmd = Command::parse(&raw).unwrap();
                sw = send(&mut ch, &cmd);
            }
            cells += 1;
            if format!("{sw:X}") != *expected && format!("{:04X}", sw.0) != *expected {
                mismatches.push(format!("{} in {state}: expected {expected}, got {:04X}", probe.name, sw.0));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {cells} cells differ from card.toml:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The host under secure messaging: an answer longer than the Ne asked for arrives whole, fetched with protected
/// GET RESPONSE (61xx inside DO'99').
#[test]
fn the_host_fetches_the_rest_of_a_protected_answer() {
    let cards = issued_card(PROFILE).unwrap();
    let mut ch = card_in("locked+bac", &cards);
    let whole = send_data(&mut ch, &Command::new(0x00, 0xCA, 0x7F, 0x49).with_ne(256).unwrap());
    let before = ch.exchanges();
    let pieces = send_data(&mut ch, &Command::new(0x00, 0xCA, 0x7F, 0x49).with_ne(16).unwrap());
    assert_eq!(pieces, whole, "the same template, assembled");
    assert_eq!(ch.exchanges() - before, 2, "GET DATA, then one protected GET RESPONSE");
}

fn send_data(ch: &mut Channel, cmd: &Command<'_>) -> Vec<u8> {
    let r = ch.transmit(cmd).unwrap();
    assert_eq!(r.sw, StatusWord::SUCCESS);
    r.data
}
