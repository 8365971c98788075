//! The protocol layer against the software card and against scripted misbehaving cards, in process.

use std::sync::{Arc, Mutex};

use cccd_apdu::{Command, Fcp, StatusWord};
use cccd_applet::SoftwareCard;
use cccd_reader::files::{EfAddress, read_ef, select_application};
use cccd_reader::{Capabilities, CardChannel, ChannelError, Trace};
use cccd_transport::{InProcessTransport, Transport};
use cccd_vcard::{PowerEvent, VirtualCard};

const AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

/// A software card holding one TLV file of `size` bytes under the eMRTD AID, written through the channel.
fn personalized(size: usize, caps: Option<Capabilities>) -> (CardChannel<InProcessTransport<SoftwareCard>>, Vec<u8>) {
    let mut ch = CardChannel::new(InProcessTransport::new(SoftwareCard::new()));
    cccd_reader::access::authenticate_personalization(&mut ch, &cccd_sm::PersoKey::new(cccd_sm::perso::TEST_PERSO_KEY))
        .unwrap();
    let create = |fcp: Fcp| Command::new(0, 0xE0, 0, 0).with_data(fcp.to_bytes()).unwrap();
    ch.transmit_ok(&create(Fcp::df(0x5F00, Some(AID.to_vec()))), "CREATE DF").unwrap();
    ch.transmit_ok(&create(Fcp::transparent_ef(0x0102, size, Some(2))), "CREATE EF").unwrap();
    // A DG2-like file: tag 75, a 3-byte length, then the value.
    let mut content = vec![0x75, 0x83];
    content.extend_from_slice(&((size - 5) as u32).to_be_bytes()[1..]);
    content.extend((0..size - 5).map(|i| (i * 7 % 256) as u8));
    for (i, chunk) in content.chunks(30_000).enumerate() {
        let offset = i * 30_000;
        let cmd = if offset <= 0x7FFF {
            Command::new(0, 0xD6, (offset >> 8) as u8, offset as u8).with_data(chunk).unwrap()
        } else {
            let mut body = vec![0x54, 0x03, (offset >> 16) as u8, (offset >> 8) as u8, offset as u8, 0x53, 0x82];
            body.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
            body.extend_from_slice(chunk);
            Command::new(0, 0xD7, 0, 0).with_data(body).unwrap()
        };
        ch.transmit_ok(&cmd, "UPDATE BINARY").unwrap();
    }
    ch.transport_mut().reset().unwrap();
    // The reset ended the authentication; the personalization key opens the files for reading again.
    cccd_reader::access::authenticate_personalization(&mut ch, &cccd_sm::PersoKey::new(cccd_sm::perso::TEST_PERSO_KEY))
        .unwrap();
    if let Some(caps) = caps {
        ch.set_capabilities(caps);
    }
    (ch, content)
}

#[test]
fn extended_length_reads_a_large_file_in_one_apdu() {
    let (mut ch, content) = personalized(40_000, None);
    assert!(ch.capabilities().extended_length, "the software card's ATR offers extended length");
    select_application(&mut ch, &AID).unwrap();
    let before = ch.exchanges();
    assert_eq!(read_ef(&mut ch, EfAddress::ShortId(2)).unwrap(), content);
    assert_eq!(ch.exchanges() - before, 1);
}

#[test]
fn short_apdus_read_past_32k_with_odd_ins() {
    let (mut ch, content) = personalized(40_000, Some(Capabilities::SHORT_ONLY));
    select_application(&mut ch, &AID).unwrap();
    let before = ch.exchanges();
    assert_eq!(read_ef(&mut ch, EfAddress::FileId(0x0102)).unwrap(), content);
    let reads = ch.exchanges() - before - 1;
    // 256 bytes a read below 32K, 252 above (DO 53 header): never more than needed.
    let below = 0x8000usize.div_ceil(256);
    let above = (40_000 - below * 256).div_ceil(252);
    assert_eq!(reads as usize, below + above);
}

#[test]
fn long_commands_are_chained_when_extended_length_is_off() {
    let caps = Capabilities { extended_length: false, command_chaining: true, ..Capabilities::SHORT_ONLY };
    let (mut ch, _) = personalized(1000, Some(caps));
    select_application(&mut ch, &AID).unwrap();
    let data = vec![0x42; 995];
    let mut update = vec![0x75, 0x82, 0x03, 0xE3];
    update.extend_from_slice(&data);
    let before = ch.exchanges();
    ch.transmit_ok(&Command::new(0, 0xD6, 0x82, 0).with_data(update.clone()).unwrap(), "UPDATE").unwrap();
    assert_eq!(ch.exchanges() - before, 4, "1000 bytes in chained parts of 255");
    let read = read_ef(&mut ch, EfAddress::Current).unwrap();
    assert_eq!(&read[..update.len()], &update[..]);
}

#[test]
fn get_response_collects_61xx_remainders() {
    let (mut ch, _) = personalized(100, None);
    select_application(&mut ch, &AID).unwrap();
    let r = ch
        .transmit(&Command::new(0, 0xA4, 0x02, 0x04).with_data(vec![0x01, 0x02]).unwrap().with_ne(4).unwrap())
        .unwrap();
    assert_eq!(r.sw, StatusWord::SUCCESS);
    let fcp = Fcp::parse(&r.data).expect("the whole FCP after GET RESPONSE");
    assert_eq!(fcp.size, Some(100));
}

/// A card that insists on an exact Le (6Cxx) and logs what it received.
struct ExactLeCard {
    seen: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl VirtualCard for ExactLeCard {
    fn atr(&self) -> Vec<u8> {
        vec![0x3B, 0x80, 0x80, 0x01, 0x01]
    }
    fn power(&mut self, _: PowerEvent) {}
    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        self.seen.lock().unwrap().push(command.to_vec());
        match command.last() {
            Some(0x08) if command.len() == 5 => vec![1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00],
            _ => vec![0x6C, 0x08],
        }
    }
}

#[test]
fn wrong_le_is_resent_once_with_the_corrected_le() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut ch = CardChannel::new(InProcessTransport::new(ExactLeCard { seen: seen.clone() }));
    let r = ch.transmit(&Command::new(0, 0xCA, 0x01, 0x01).with_ne(256).unwrap()).unwrap();
    assert_eq!((r.sw, r.data.len()), (StatusWord::SUCCESS, 8));
    assert_eq!(*seen.lock().unwrap(), vec![vec![0, 0xCA, 1, 1, 0], vec![0, 0xCA, 1, 1, 8]]);
    // Raw exchanges are sent exactly once, as given.
    let r = ch.exchange_raw(&[0, 0xCA, 1, 1, 0]).unwrap();
    assert_eq!(r.sw, StatusWord::wrong_le(8));
}

struct VanishingCard;

impl VirtualCard for VanishingCard {
    fn atr(&self) -> Vec<u8> {
        vec![0x3B, 0x80, 0x80, 0x01, 0x01]
    }
    fn power(&mut self, _: PowerEvent) {}
    fn transmit(&mut self, _: &[u8]) -> Vec<u8> {
        Vec::new()
    }
}

#[test]
fn an_empty_answer_is_an_error_not_a_success() {
    let mut ch = CardChannel::new(InProcessTransport::new(VanishingCard));
    assert!(matches!(ch.exchange_raw(&[0, 0xA4, 0, 0]), Err(ChannelError::ShortResponse(0))));
    let too_long = Command::new(0, 0xD6, 0, 0).with_data(vec![0; 300]).unwrap();
    assert!(matches!(ch.transmit(&too_long), Err(ChannelError::Unsendable(_))), "no extended length, no chaining");
}

#[test]
fn trace_records_every_exchange() {
    let path = std::env::temp_dir().join(format!("cccd-trace-{}.jsonl", std::process::id()));
    let (ch, _) = personalized(300, None);
    let mut ch = ch.with_trace(Some(Trace::create(&path).unwrap()));
    select_application(&mut ch, &AID).unwrap();
    read_ef(&mut ch, EfAddress::ShortId(2)).unwrap();
    drop(ch);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4, "two commands, two responses: {text}");
    assert_eq!(lines[0]["hex"], "00A4040C07A0000002471001");
    assert_eq!(lines[1]["sw"], "9000");
    assert_eq!(lines[3]["len"], 302);
}

/// A card that announces more data forever and never sends any.
struct BottomlessCard;

impl VirtualCard for BottomlessCard {
    fn atr(&self) -> Vec<u8> {
        vec![0x3B, 0x80, 0x80, 0x01, 0x01]
    }
    fn power(&mut self, _: PowerEvent) {}
    fn transmit(&mut self, _: &[u8]) -> Vec<u8> {
        vec![0x61, 0x00]
    }
}

#[test]
fn a_card_that_never_stops_announcing_61xx_is_an_error() {
    let mut ch = CardChannel::new(InProcessTransport::new(BottomlessCard));
    let err = ch.exchange_raw_with_get_response(&[0x00, 0xB0, 0x00, 0x00, 0x00]).unwrap_err();
    assert!(matches!(err, ChannelError::EndlessResponse(_)), "{err}");
    assert!(ch.exchanges() <= 3, "gives up at once when GET RESPONSE brings nothing");
}

#[test]
fn ef_atr_info_refines_the_extended_length_limits() {
    let mut ch = CardChannel::new(InProcessTransport::new(SoftwareCard::new()));
    cccd_reader::access::authenticate_personalization(&mut ch, &cccd_sm::PersoKey::new(cccd_sm::perso::TEST_PERSO_KEY))
        .unwrap();
    let caps = cccd_reader::card_ops::discover_capabilities(&mut ch).unwrap();
    assert_eq!((caps.max_command_apdu, caps.max_response_data), (65_535, 65_533));
}
