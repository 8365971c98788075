//! The software card driven with raw APDUs, in process: what each command answers.

mod common;

use cccd_apdu::{Command, Fcp, Response, StatusWord, split_for_chaining};
use cccd_applet::SoftwareCard;
use cccd_vcard::{PowerEvent, VirtualCard};

const AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

fn send(card: &mut SoftwareCard, cmd: &Command<'_>) -> Response {
    card.process(&cmd.to_bytes())
}

fn send_hex(card: &mut SoftwareCard, apdu: &str) -> Response {
    card.process(&hex::decode(apdu.replace(' ', "")).expect("test hex"))
}

/// A card with the eMRTD DF and one EF of `size` bytes (FID 0101, SFI 01) filled with a counter pattern.
fn card_with_file(size: usize) -> (SoftwareCard, Vec<u8>) {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let create_df = Command::new(0, 0xE0, 0, 0).with_data(Fcp::df(0x5F00, Some(AID.to_vec())).to_bytes()).unwrap();
    assert_eq!(send(&mut card, &create_df).sw, StatusWord::SUCCESS);
    let create_ef =
        Command::new(0, 0xE0, 0, 0).with_data(Fcp::transparent_ef(0x0101, size, Some(1)).to_bytes()).unwrap();
    assert_eq!(send(&mut card, &create_ef).sw, StatusWord::SUCCESS);
    let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    for (i, chunk) in content.chunks(30_000).enumerate() {
        let offset = i * 30_000;
        let cmd = if offset <= 0x7FFF {
            Command::new(0, 0xD6, (offset >> 8) as u8, offset as u8).with_data(chunk).unwrap()
        } else {
            let mut data = vec![0x54, 0x03, (offset >> 16) as u8, (offset >> 8) as u8, offset as u8, 0x53, 0x82];
            data.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
            data.extend_from_slice(chunk);
            Command::new(0, 0xD7, 0, 0).with_data(data).unwrap()
        };
        assert_eq!(send(&mut card, &cmd).sw, StatusWord::SUCCESS, "write at {offset}");
    }
    (card, content)
}

#[test]
fn select_by_aid_then_read_by_short_id() {
    let (mut card, content) = card_with_file(300);
    card.power(PowerEvent::Reset);
    let in_mf = send_hex(&mut card, "00B0810000");
    assert_eq!(in_mf.data.first(), Some(&0x47), "SFI 1 in the MF is EF.ATR/INFO, not the application's EF");
    assert_eq!(send_hex(&mut card, "00B0820000").sw, StatusWord::FILE_NOT_FOUND, "no SFI 2 in the MF");
    assert_eq!(send_hex(&mut card, "00A4040C07A0000002471001").sw, StatusWord::SUCCESS);
    // The reset ended the personalization authentication: the application's files are closed again.
    assert_eq!(send_hex(&mut card, "00B0810000").sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    common::perso(&mut card);
    let r = send_hex(&mut card, "00B0810000");
    assert_eq!((r.sw, r.data.as_slice()), (StatusWord::SUCCESS, &content[..256]));
    // The short identifier made the EF current: continue by offset.
    let r = send_hex(&mut card, "00B0010000");
    assert_eq!((r.sw, r.data.as_slice()), (StatusWord::SUCCESS, &content[256..]));
    // A definite Le past the end: what there is, and 6282.
    let r = send_hex(&mut card, "00B0012010");
    assert_eq!((r.sw, r.data.as_slice()), (StatusWord::END_OF_FILE_REACHED, &content[288..]));
    assert_eq!(send_hex(&mut card, "00B0012D01").sw, StatusWord::WRONG_P1P2, "offset beyond the end");
}

#[test]
fn extended_and_odd_ins_reads_cover_large_files() {
    let (mut card, content) = card_with_file(40_000);
    send_hex(&mut card, "00A4040C07A0000002471001");
    send_hex(&mut card, "00A4020C020101");
    let r = send(&mut card, &Command::new(0, 0xB0, 0, 0).with_ne(65_536).unwrap());
    assert_eq!((r.sw, r.data.len()), (StatusWord::SUCCESS, 40_000));
    assert_eq!(r.data, content);
    // Offsets above 32,767 need the odd-INS form with DO 54; the answer comes in DO 53.
    let r = send_hex(&mut card, "00B10000 05 5403009C40 00");
    assert_eq!(r.sw, StatusWord::END_OF_FILE_REACHED, "offset 40000 = end of file");
    let r = send_hex(&mut card, "00B10000 04 54029000 00");
    assert_eq!(r.sw, StatusWord::SUCCESS);
    assert_eq!(&r.data[..3], &[0x53, 0x81, 0xFD], "253 bytes fit Ne=256 with the DO header");
    assert_eq!(&r.data[3..], &content[0x9000..0x9000 + 253]);
}

#[test]
fn chained_update_is_merged() {
    let (mut card, _) = card_with_file(1000);
    let data = vec![0xEE; 1000];
    let update = Command::new(0, 0xD6, 0, 0).with_data(data.clone()).unwrap();
    let parts = split_for_chaining(&update, 255);
    assert_eq!(parts.len(), 4);
    for part in &parts {
        assert_eq!(send(&mut card, part).sw, StatusWord::SUCCESS);
    }
    let r = send(&mut card, &Command::new(0, 0xB0, 0, 0).with_ne(65_536).unwrap());
    assert_eq!(r.data, data);
}

#[test]
fn long_answers_to_short_le_wait_for_get_response() {
    let (mut card, content) = card_with_file(600);
    // Odd INS with short Le 10: the 53-wrapped answer is cut to 10 bytes… READ BINARY fits Ne itself, so use
    // GET CHALLENGE-free path: SELECT with FCP and a tiny Le.
    let r = send_hex(&mut card, "00A4000402010105");
    assert_eq!(r.data.len(), 5);
    let rest = r.sw.remaining_bytes().expect("61xx");
    let more = send_hex(&mut card, &format!("00C00000{rest:02X}"));
    assert_eq!(more.sw, StatusWord::SUCCESS);
    let mut fcp = r.data.clone();
    fcp.extend_from_slice(&more.data);
    let fcp = Fcp::parse(&fcp).expect("the two parts make the FCP");
    assert_eq!((fcp.file_id, fcp.size, fcp.short_id), (Some(0x0101), Some(content.len()), Some(1)));
    assert_eq!(send_hex(&mut card, "00C0000010").sw, StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
}

#[test]
fn unknown_and_malformed_commands_get_the_right_status_word() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let cases = [
        ("00", StatusWord::WRONG_LENGTH),
        ("00A4040007627601FF000000", StatusWord::FILE_NOT_FOUND), // opensc-tool's probes
        ("00A4040006A00000000101", StatusWord::FILE_NOT_FOUND),
        ("B03C0100", StatusWord::CLA_NOT_SUPPORTED),
        ("0012000000", StatusWord::INS_NOT_SUPPORTED),
        ("FFA40000", StatusWord::CLA_NOT_SUPPORTED),
        ("0CA4020C02011E", StatusWord::SECURE_MESSAGING_NOT_SUPPORTED),
        ("01A4020C02011E", StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED),
        ("00A4020C03011E", StatusWord::WRONG_LENGTH),
        ("00A4FF0C02011E", StatusWord::INCORRECT_P1P2),
        ("00B0000010", StatusWord::NO_CURRENT_EF),
        ("00B0000000", StatusWord::NO_CURRENT_EF),
        ("00B0800000", StatusWord::INCORRECT_P1P2),
        ("00D6000001", StatusWord::WRONG_LENGTH),
        ("00D6000001AA", StatusWord::NO_CURRENT_EF),
        ("00E0000003620100", StatusWord::INCORRECT_DATA),
        ("0084000000000000", StatusWord::WRONG_LENGTH),
    ];
    for (apdu, expected) in cases {
        assert_eq!(send_hex(&mut card, apdu).sw, expected, "{apdu}");
    }
}

#[test]
fn get_challenge_and_power_cycle() {
    let (mut card, _) = card_with_file(10);
    let a = send_hex(&mut card, "0084000008");
    let b = send_hex(&mut card, "0084000008");
    assert_eq!((a.sw, a.data.len()), (StatusWord::SUCCESS, 8));
    assert_ne!(a.data, b.data, "challenges are random");
    assert_eq!(send_hex(&mut card, "00B0000001").sw, StatusWord::SUCCESS, "EF 0101 is current after creation");
    card.power(PowerEvent::Off);
    assert_eq!(send_hex(&mut card, "00B0000001").sw, StatusWord::NO_CURRENT_EF, "selection is volatile");
    let atr = cccd_apdu::Atr::parse(&card.atr()).expect("a valid ATR");
    assert!(atr.capabilities().is_some_and(|c| c.extended_length() && c.command_chaining()));
}

#[test]
fn select_answers_fcp_fci_and_paths() {
    let (mut card, _) = card_with_file(10);
    let r = send_hex(&mut card, "00A4080C045F000101");
    assert_eq!(r.sw, StatusWord::SUCCESS);
    assert_eq!(send_hex(&mut card, "00B0000001").sw, StatusWord::SUCCESS);
    let r = send_hex(&mut card, "00A4040407A000000247100100");
    let fcp = Fcp::parse(&r.data).unwrap();
    assert_eq!(fcp.df_name.as_deref(), Some(&AID[..]));
    let r = send_hex(&mut card, "00A4000000");
    assert_eq!(r.data.first(), Some(&0x6F), "FCI template");
    assert_eq!(send_hex(&mut card, "00A4030C").sw, StatusWord::FILE_NOT_FOUND, "the MF has no parent");
    assert_eq!(send_hex(&mut card, "00A4000C022F01").sw, StatusWord::SUCCESS);
    let info = send_hex(&mut card, "00B0000000");
    assert_eq!(&info.data[..5], &[0x47, 0x03, 0xF4, 0x01, 0xC0]);
}

#[test]
fn lifecycle_blank_personalized_locked() {
    use cccd_applet::Lifecycle;
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    assert_eq!(card.lifecycle(), Lifecycle::Blank);
    assert_eq!(send_hex(&mut card, "00D6000001AA").sw, StatusWord::NO_CURRENT_EF);
    // EF.ATR/INFO is the card's own: never writable.
    send_hex(&mut card, "00A4020C022F01");
    assert_eq!(send_hex(&mut card, "00D6000001AA").sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    let (mut card, _) = card_with_file(10);
    assert_eq!(card.lifecycle(), Lifecycle::Personalized);
    // ACTIVATE only on the MF.
    assert_eq!(send_hex(&mut card, "00440000").sw, StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
    send_hex(&mut card, "00A4000C");
    assert_eq!(send_hex(&mut card, "00440000").sw, StatusWord::SUCCESS);
    assert_eq!(card.lifecycle(), Lifecycle::Locked);
    let r = send_hex(&mut card, "00A4000400");
    assert!(r.data.ends_with(&[0x8A, 0x01, 0x05]), "MF reports LCS 05 operational: {:02X?}", r.data);
    // Issuer data is read-only now, and locking retired the personalization key: reading needs BAC.
    send_hex(&mut card, "00A4040C07A0000002471001");
    assert_eq!(send_hex(&mut card, "00D6810001AA").sw, StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
    let create = Command::new(0, 0xE0, 0, 0).with_data(Fcp::transparent_ef(0x0105, 4, None).to_bytes()).unwrap();
    assert_eq!(send(&mut card, &create).sw, StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
    assert_eq!(send_hex(&mut card, "00B0810000").sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    assert_eq!(send_hex(&mut card, "0084000010").sw, StatusWord::SUCCESS);
    assert_eq!(
        send_hex(&mut card, &format!("00820001 20 {}", "00".repeat(32))).sw,
        StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED
    );
}

#[test]
fn state_file_survives_restarts_and_keeps_the_lock() {
    let dir = std::env::temp_dir().join(format!("cccd-card-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("card.json");
    let _ = std::fs::remove_file(&path);
    let mrz_information;
    {
        let mut card = SoftwareCard::with_state_file(&path).unwrap();
        common::perso(&mut card);
        let create_df = Command::new(0, 0xE0, 0, 0).with_data(Fcp::df(0x5F00, Some(AID.to_vec())).to_bytes()).unwrap();
        assert_eq!(send(&mut card, &create_df).sw, StatusWord::SUCCESS);
        let create_ef =
            Command::new(0, 0xE0, 0, 0).with_data(Fcp::transparent_ef(0x011E, 3, Some(0x1E)).to_bytes()).unwrap();
        assert_eq!(send(&mut card, &create_ef).sw, StatusWord::SUCCESS);
        assert_eq!(send_hex(&mut card, "00D6000003ABCDEF").sw, StatusWord::SUCCESS);
        mrz_information = common::write_emrtd_dg1_in_current_app(&mut card);
        send_hex(&mut card, "00A4000C");
        assert_eq!(send_hex(&mut card, "00440000").sw, StatusWord::SUCCESS);
    }
    let mut card = SoftwareCard::with_state_file(&path).unwrap();
    assert_eq!(card.lifecycle(), cccd_applet::Lifecycle::Locked);
    let mut sm = common::bac(&mut card, &mrz_information).expect("BAC");
    let r = common::send_sm(&mut card, &mut sm, &Command::new(0, 0xB0, 0x9E, 0).with_ne(256).unwrap());
    assert_eq!((r.sw, r.data), (StatusWord::SUCCESS, vec![0xAB, 0xCD, 0xEF]));
    // A state file that cannot be written: the change is refused and undone (6581), nothing half-written.
    let mut unlocked = SoftwareCard::with_state_file(&dir.join("other.json")).unwrap();
    common::perso(&mut unlocked);
    std::fs::remove_dir_all(&dir).unwrap();
    let create_df = Command::new(0, 0xE0, 0, 0).with_data(Fcp::df(0x5F00, Some(AID.to_vec())).to_bytes()).unwrap();
    assert_eq!(send(&mut unlocked, &create_df).sw, StatusWord::MEMORY_FAILURE);
    assert_eq!(unlocked.lifecycle(), cccd_applet::Lifecycle::Blank);
    assert_eq!(send_hex(&mut unlocked, "00A4040C07A0000002471001").sw, StatusWord::FILE_NOT_FOUND);
}
