//! Personalize a software card from a set of files, lock it, and read everything back, in process.

use cccd_apdu::StatusWord;
use cccd_applet::{Lifecycle, SoftwareCard};
use cccd_image::{CardFiles, layout};
use cccd_reader::card_ops::{execute_plan, minimum_read_apdus, personalization_plan, read_card};
use cccd_reader::{Capabilities, CardChannel, ChannelError};
use cccd_transport::InProcessTransport;

fn tlv(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    cccd_tlv::TlvWriter::new(&mut out).write_primitive(cccd_tlv::Tag::try_from_u32(tag).unwrap(), value);
    out
}

/// EF.COM listing DG1, DG2 and DG13; those files; the document index with two documents; EF.DIR.
fn sample_files(dg2_size: usize) -> CardFiles {
    let l = layout();
    let (mf, emrtd, docs) =
        (l.application("mf").unwrap(), l.application("emrtd").unwrap(), l.application("documents").unwrap());
    let mut files = CardFiles::default();
    // EF.DIR holds one template per application: a file of several TLV objects.
    let mut ef_dir = tlv(0x61, &tlv(0x4F, &[0xA0, 0, 0, 2, 0x47, 0x10, 1]));
    ef_dir.extend(tlv(0x61, &tlv(0x4F, &[0xF0, 0x56, 0x4E, 0x43, 0x43, 0x43, 0x44, 0x01])));
    files.insert(mf, "EF.DIR", 0x2F00, ef_dir);
    let ef_com = hex::decode("60155F0104303130375F36063034303030305C0361756D").unwrap();
    files.insert(emrtd, "EF.COM", 0x011E, ef_com);
    files.insert(emrtd, "DG1", 0x0101, tlv(0x61, &tlv(0x5F1F, &[b'<'; 30])));
    files.insert(emrtd, "DG2", 0x0102, tlv(0x75, &vec![0xD2; dg2_size]));
    files.insert(emrtd, "DG13", 0x010D, tlv(0x6D, "Nguyễn Văn A".as_bytes()));
    files.insert(docs, "EF.DOCINDEX", 0x0200, tlv(0x70, &tlv(0x5C, &[0x01, 0x03])));
    files.insert(docs, "health_insurance", 0x0201, vec![0xE1, 0x02, 0x01, 0x02]);
    files.insert(docs, "driving_licence", 0x0203, vec![0xE3, 0x02, 0x03, 0x04]);
    files
}

fn personalize(files: &CardFiles, lock: bool) -> CardChannel<InProcessTransport<SoftwareCard>> {
    let mut ch = CardChannel::new(InProcessTransport::new(SoftwareCard::new()));
    cccd_reader::access::authenticate_personalization(&mut ch, &cccd_sm::PersoKey::new(cccd_sm::perso::TEST_PERSO_KEY))
        .unwrap();
    let plan = personalization_plan(files, layout(), ch.capabilities(), lock).unwrap();
    let report = execute_plan(&mut ch, &plan).unwrap();
    assert_eq!(report.commands, plan.len());
    ch
}

#[test]
fn personalize_then_read_back_everything_in_the_fewest_apdus() {
    let files = sample_files(40_000);
    let mut ch = personalize(&files, false);
    let before = ch.exchanges();
    let read = read_card(&mut ch, layout()).unwrap();
    let used = ch.exchanges() - before;
    for app in &files.applications {
        for file in &app.files {
            assert_eq!(read.bytes(&app.name, &file.name), Some(file.bytes.as_slice()), "{}/{}", app.name, file.name);
        }
    }
    // EF.ATR/INFO is read too (the card wrote it), and EF.SOD is looked for.
    let minimum = minimum_read_apdus(&read, ch.capabilities());
    assert!(used as f64 <= 1.1 * minimum as f64, "{used} APDUs for a minimum of {minimum}");
}

#[test]
fn short_apdu_cards_get_more_smaller_updates() {
    let files = sample_files(1_000);
    let plan = personalization_plan(&files, layout(), Capabilities::SHORT_ONLY, true).unwrap();
    assert!(plan.iter().all(|p| p.command.nc() <= 255));
    let dg2_updates = plan.iter().filter(|p| p.description.starts_with("UPDATE BINARY DG2")).count();
    assert_eq!(dg2_updates, 1_004usize.div_ceil(255));
    assert_eq!(plan.last().map(|p| p.command.ins), Some(0x44), "the lock comes last");
}

#[test]
fn locked_cards_refuse_a_second_personalization() {
    let files = sample_files(100);
    let mut ch = personalize(&files, true);
    assert_eq!(ch.transport().card().lifecycle(), Lifecycle::Locked);
    let plan = personalization_plan(&files, layout(), ch.capabilities(), false).unwrap();
    let err = execute_plan(&mut ch, &plan).unwrap_err();
    assert!(
        matches!(&err, ChannelError::Status { sw, .. } if *sw == StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED),
        "{err}"
    );
}

#[test]
fn files_that_do_not_fit_are_refused_before_anything_is_sent() {
    let mut files = sample_files(10);
    let emrtd = layout().application("emrtd").unwrap();
    files.insert(emrtd, "DG1", 0x0101, vec![0; 129]);
    assert!(personalization_plan(&files, layout(), Capabilities::SHORT_ONLY, false).is_err());
}
