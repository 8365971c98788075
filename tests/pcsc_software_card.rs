//! The software card in a real pcscd reader, driven by our host stack and by independent PC/SC tools.

use std::time::Duration;

use cccd_apdu::{Command, Fcp, StatusWord};
use cccd_applet::SoftwareCard;
use cccd_reader::files::{EfAddress, read_ef, select_application};
use cccd_reader::{Capabilities, CardChannel};
use cccd_system_tests::{EmulatedCard, VpcdSlot, require_pcscd, run_tool};
use cccd_transport::{PcscTransport, ReaderSelector};

const AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

fn channel(card: &EmulatedCard) -> CardChannel<PcscTransport> {
    let transport = PcscTransport::connect(&ReaderSelector::Name(card.slot().reader_name())).expect("connect");
    CardChannel::new(transport)
}

/// Create the eMRTD DF and a TLV file of `size` bytes through PC/SC; returns the content.
fn personalize(ch: &mut CardChannel<PcscTransport>, size: usize) -> Vec<u8> {
    cccd_reader::access::authenticate_personalization(ch, &cccd_sm::PersoKey::new(cccd_sm::perso::TEST_PERSO_KEY))
        .expect("the personalization key opens the blank card");
    let create = |fcp: Fcp| Command::new(0, 0xE0, 0, 0).with_data(fcp.to_bytes()).unwrap();
    ch.transmit_ok(&create(Fcp::df(0x5F00, Some(AID.to_vec()))), "CREATE DF").unwrap();
    ch.transmit_ok(&create(Fcp::transparent_ef(0x0102, size, Some(2))), "CREATE EF").unwrap();
    let mut content = vec![0x75, 0x83];
    content.extend_from_slice(&((size - 5) as u32).to_be_bytes()[1..]);
    content.extend((0..size - 5).map(|i| (i * 13 % 256) as u8));
    // One extended UPDATE BINARY up to 32K, then the odd-INS form above it.
    let first = content.len().min(0x7FFF);
    ch.transmit_ok(&Command::new(0, 0xD6, 0, 0).with_data(&content[..first]).unwrap(), "UPDATE BINARY").unwrap();
    if content.len() > first {
        let rest = &content[first..];
        let mut body = vec![0x54, 0x02, (first >> 8) as u8, first as u8, 0x53, 0x82];
        body.extend_from_slice(&(rest.len() as u16).to_be_bytes());
        body.extend_from_slice(rest);
        ch.transmit_ok(&Command::new(0, 0xD7, 0, 0).with_data(body).unwrap(), "UPDATE BINARY odd").unwrap();
    }
    content
}

#[test]
fn pcsc_software_card_writes_and_reads_a_large_file_through_pcscd() {
    if !require_pcscd() {
        return;
    }
    let card = EmulatedCard::start(SoftwareCard::new(), VpcdSlot::acquire().unwrap()).unwrap();
    let mut ch = channel(&card);
    assert!(ch.capabilities().extended_length, "ATR through pcscd announces extended length");
    let content = personalize(&mut ch, 50_000);
    select_application(&mut ch, &AID).unwrap();
    let before = ch.exchanges();
    assert_eq!(read_ef(&mut ch, EfAddress::ShortId(2)).unwrap(), content);
    assert_eq!(ch.exchanges() - before, 1, "50,000 bytes in one extended READ BINARY through pcscd");

    // The same file read with short APDUs only: 256-byte reads, odd INS above 32K.
    ch.set_capabilities(Capabilities::SHORT_ONLY);
    assert_eq!(read_ef(&mut ch, EfAddress::FileId(0x0102)).unwrap(), content);
}

#[test]
fn pcsc_chained_command_reaches_the_card_whole() {
    if !require_pcscd() {
        return;
    }
    let card = EmulatedCard::start(SoftwareCard::new(), VpcdSlot::acquire().unwrap()).unwrap();
    let mut ch = channel(&card);
    personalize(&mut ch, 2_000);
    ch.set_capabilities(Capabilities { command_chaining: true, ..Capabilities::SHORT_ONLY });
    let data: Vec<u8> = (0..1_500).map(|i| (i % 199) as u8).collect();
    let before = ch.exchanges();
    ch.transmit_ok(&Command::new(0, 0xD6, 0x00, 0x05).with_data(data.clone()).unwrap(), "chained UPDATE").unwrap();
    assert_eq!(ch.exchanges() - before, 6, "1,500 bytes in 6 chained short APDUs");
    // A short-only card answers at most 256 bytes a READ BINARY; read_ef continues by offset.
    let read = ch.transmit_ok(&Command::new(0, 0xB0, 0x00, 0x05).with_ne(1_500).unwrap(), "READ").unwrap();
    assert!(read == data[..256], "the first 256 bytes as written");
    let whole = read_ef(&mut ch, EfAddress::Current).unwrap();
    assert!(whole[5..1_505] == data[..], "the chained write landed at offset 5");
}

#[test]
fn pcsc_card_survives_opensc_tool_probes_and_answers_scriptor() {
    if !require_pcscd() {
        return;
    }
    let card = EmulatedCard::start(SoftwareCard::new(), VpcdSlot::acquire().unwrap()).unwrap();
    let reader = card.slot().reader_name();
    let limit = Duration::from_secs(60);
    let list = run_tool("opensc-tool", &["-l"], b"", limit).unwrap();
    let index = list
        .stdout
        .lines()
        .find(|l| l.trim_end().ends_with(&reader))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("{reader} not listed: {list:?}"))
        .to_owned();
    // opensc-tool probes the card with its own APDUs first (card drivers' SELECTs and a proprietary B0 3C…).
    let out = run_tool(
        "opensc-tool",
        &["-r", &index, "-s", "00A4000C023F00", "-s", "00A4000C022F01", "-s", "00B0000005"],
        b"",
        limit,
    )
    .unwrap();
    assert_eq!(out.code, Some(0), "{out:?}");
    let text = out.stdout.to_uppercase();
    assert!(text.contains("47 03 F4 01 C0"), "EF.ATR/INFO card capabilities read by opensc-tool: {out:?}");
    assert!(text.contains("SW1=0X90, SW2=0X00"), "{out:?}");

    let script = b"00 A4 04 0C 07 A0 00 00 02 47 10 01\n00 84 00 00 08\n";
    let out = run_tool("scriptor", &["-r", &reader], script, limit).unwrap();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("< 6A 82"), "no eMRTD application on a blank card: {out:?}");
    assert!(
        out.stdout.lines().any(|l| {
            let bytes = l.split(" : ").next().unwrap_or_default();
            l.starts_with("< ") && bytes.split_whitespace().count() == 11 && bytes.ends_with("90 00")
        }),
        "an 8-byte challenge then 90 00: {out:?}"
    );

    // After both tools the card still answers our own stack.
    let mut ch = channel(&card);
    let r = ch.transmit(&Command::new(0, 0xA4, 0x00, 0x0C).with_data(vec![0x3F, 0x00]).unwrap()).unwrap();
    assert_eq!(r.sw, StatusWord::SUCCESS);
}

/// Secure messaging through pcscd on a reader limited to short APDUs: BAC, the PIN, a document larger than one
/// short APDU protected whole and then chained, and protected reads answered in 256-byte pieces.
#[test]
fn pcsc_secure_messaging_is_applied_before_chaining_on_a_short_apdu_reader() {
    if !require_pcscd() {
        return;
    }
    // The card's own holder's book, written again: the card binds documents to its holder.
    let issued = cccd_system_tests::issued_card("examples/profiles/nguyen-van-an.toml").unwrap();
    let card = SoftwareCard::from_state(&issued.locked).unwrap();
    let emulated = EmulatedCard::start(card, VpcdSlot::acquire().unwrap()).unwrap();
    let trace_path = std::env::temp_dir().join(format!("cccd-sm-chain-{}.jsonl", std::process::id()));
    let mut ch = channel(&emulated).with_trace(Some(cccd_reader::Trace::create(&trace_path).unwrap()));
    ch.set_capabilities(Capabilities { command_chaining: true, ..Capabilities::SHORT_ONLY });
    cccd_reader::access::basic_access_control(&mut ch, &AID, &issued.mrz_information).unwrap();
    let verify = Command::new(0, 0x20, 0x00, 0x81).with_data(cccd_system_tests::TEST_PIN.to_vec()).unwrap();
    ch.transmit_ok(&verify, "VERIFY").unwrap();

    // A social insurance book of a few hundred bytes, signed by its authority.
    let profile = cccd_image::Profile::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/profiles/nguyen-van-an.toml"),
    )
    .unwrap();
    let mut book = profile.documents.to_vec().into_iter().find(|d| d.document_type().code() == 5).unwrap();
    cccd_image::sign_integrated_document(&mut book, &issued.pki).unwrap();
    let object = book.encode();
    assert!(object.len() > 255, "needs chaining on a short-APDU reader: {} bytes", object.len());
    let put = Command::new(0, 0xDB, 0x3F, 0xFF).with_data(object.clone()).unwrap();
    let before = ch.exchanges();
    ch.transmit_ok(&put, "PUT DATA (document)").unwrap();
    assert!(ch.exchanges() - before >= 2, "the protected command went in chained parts");

    let docs_aid = [0xF0, 0x56, 0x4E, 0x43, 0x43, 0x43, 0x44, 0x01];
    select_application(&mut ch, &docs_aid).unwrap();
    assert_eq!(read_ef(&mut ch, EfAddress::ShortId(5)).unwrap(), object, "read back in short protected reads");
    drop(ch);

    let lines: Vec<String> = std::fs::read_to_string(&trace_path).unwrap().lines().map(str::to_owned).collect();
    std::fs::remove_file(&trace_path).ok();
    let chained: Vec<&String> = lines.iter().filter(|l| l.contains("secure messaging, chained part")).collect();
    assert!(chained.len() >= 2, "the trace shows the chained protected parts");
    assert!(chained[0].contains("\"hex\":\"1CDB3FFF"), "first part: CLA 1C (SM + chaining): {}", chained[0]);
    assert!(chained.iter().all(|l| l.contains("plain command 00DB3FFF")), "each part names the plain command");
    let verify = lines.iter().find(|l| l.contains("plain command 00200081")).expect("VERIFY in the trace");
    assert!(verify.contains("plain command 00200081<redacted") && !verify.contains("313233343536"), "{verify}");
}
