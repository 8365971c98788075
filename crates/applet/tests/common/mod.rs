//! Test helpers: the host halves of the card's authentications, in process.
#![allow(dead_code)]

use cccd_apdu::{Command, Response, StatusWord};
use cccd_applet::SoftwareCard;
use cccd_sm::{BacKeys, BacTerminal, PersoKey, SmSession, perso};

/// Authenticate with the test personalization key (GET CHALLENGE 16, EXTERNAL AUTHENTICATE 00 82 00 01).
pub fn perso(card: &mut SoftwareCard) {
    let sw = try_perso(card, &PersoKey::new(perso::TEST_PERSO_KEY));
    assert_eq!(sw, StatusWord::SUCCESS, "personalization authentication");
}

/// One personalization authentication attempt with `key`; the card's status word (its answer is checked).
pub fn try_perso(card: &mut SoftwareCard, key: &PersoKey) -> StatusWord {
    let challenge = card.process(&[0x00, 0x84, 0x00, 0x00, 0x10]);
    assert_eq!(challenge.sw, StatusWord::SUCCESS);
    let terminal = key.terminal_data(&challenge.data).unwrap();
    let cmd = Command::new(0x00, 0x82, 0x00, 0x01).with_data(terminal.data.clone()).unwrap().with_ne(16).unwrap();
    let r = card.process(&cmd.to_bytes());
    if r.sw == StatusWord::SUCCESS {
        assert!(terminal.card_is_authentic(&r.data), "the card proves the key");
    }
    r.sw
}

/// BAC with the eMRTD application selected; the terminal's session.
pub fn bac(card: &mut SoftwareCard, mrz_information: &str) -> Result<SmSession, StatusWord> {
    let select = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(cccd_applet::EMRTD_AID.to_vec()).unwrap();
    assert_eq!(card.process(&select.to_bytes()).sw, StatusWord::SUCCESS);
    let challenge = card.process(&cccd_sm::get_challenge().to_bytes());
    assert_eq!(challenge.sw, StatusWord::SUCCESS);
    let terminal = BacTerminal::new(&BacKeys::from_mrz_information(mrz_information), &challenge.data).unwrap();
    let r = card.process(&terminal.external_authenticate().to_bytes());
    if r.sw != StatusWord::SUCCESS {
        return Err(r.sw);
    }
    Ok(terminal.finish(&r).expect("the card's answer checks out"))
}

/// Send a command under secure messaging; the unprotected answer.
pub fn send_sm(card: &mut SoftwareCard, sm: &mut SmSession, cmd: &Command<'_>) -> Response {
    let protected = sm.protect(cmd).unwrap();
    let r = card.process(&protected.to_bytes());
    sm.unprotect(&r).unwrap_or_else(|e| panic!("unprotect: {e} (card answered {})", r.sw))
}

/// A synthetic DG1 (Vietnamese TD1) and its MRZ_information, for cards that must run BAC.
pub fn synthetic_dg1() -> (Vec<u8>, String) {
    use cccd_lds::{Date, Dg1, Mrz, Sex};
    let number = "001099012345".parse().unwrap();
    let mrz = Mrz::vietnamese(
        &number,
        "Nguyễn Văn Mẫu",
        Date::new(1999, 5, 14).unwrap(),
        Sex::Male,
        Date::new(2039, 5, 14).unwrap(),
    );
    let info = mrz.mrz_information().unwrap();
    (Dg1 { mrz }.encode(), info)
}

/// Create the eMRTD application with DG1 (after [`perso`]); the MRZ_information for BAC.
pub fn write_emrtd_with_dg1(card: &mut SoftwareCard) -> String {
    use cccd_apdu::Fcp;
    let (dg1, info) = synthetic_dg1();
    let steps = [
        Command::new(0, 0xA4, 0x00, 0x0C),
        Command::new(0, 0xE0, 0, 0)
            .with_data(Fcp::df(0x5F00, Some(cccd_applet::EMRTD_AID.to_vec())).to_bytes())
            .unwrap(),
        Command::new(0, 0xE0, 0, 0).with_data(Fcp::transparent_ef(0x0101, dg1.len(), Some(1)).to_bytes()).unwrap(),
        Command::new(0, 0xD6, 0, 0).with_data(dg1).unwrap(),
    ];
    for step in steps {
        assert_eq!(card.process(&step.to_bytes()).sw, StatusWord::SUCCESS, "{step:?}");
    }
    info
}

/// Write DG1 into the eMRTD application already created and current; the MRZ_information for BAC.
pub fn write_emrtd_dg1_in_current_app(card: &mut SoftwareCard) -> String {
    use cccd_apdu::Fcp;
    let (dg1, info) = synthetic_dg1();
    let select = Command::new(0, 0xA4, 0x04, 0x0C).with_data(cccd_applet::EMRTD_AID.to_vec()).unwrap();
    let steps = [
        select,
        Command::new(0, 0xE0, 0, 0).with_data(Fcp::transparent_ef(0x0101, dg1.len(), Some(1)).to_bytes()).unwrap(),
        Command::new(0, 0xD6, 0, 0).with_data(dg1).unwrap(),
    ];
    for step in steps {
        assert_eq!(card.process(&step.to_bytes()).sw, StatusWord::SUCCESS, "{step:?}");
    }
    info
}
