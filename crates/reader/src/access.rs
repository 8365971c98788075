//! Getting through a card's protections: Basic Access Control (ICAO 9303-11 §9.7) and the personalization
//! key's mutual authentication (applet-spec/card.md). Both are plain exchanges; BAC leaves the channel under
//! secure messaging.

use cccd_apdu::{Command, StatusWord};
use cccd_sm::{BacKeys, BacTerminal, PersoKey, perso};
use cccd_transport::Transport;

use crate::files::select_application;
use crate::{CardChannel, ChannelError};

/// Run BAC with the keys from `mrz_information` (document number ‖ check ‖ birth ‖ check ‖ expiry ‖ check),
/// after selecting the eMRTD application. On success every later command goes under secure messaging.
pub fn basic_access_control<T: Transport>(
    ch: &mut CardChannel<T>,
    emrtd_aid: &[u8],
    mrz_information: &str,
) -> Result<(), ChannelError> {
    ch.set_secure_messaging(None);
    select_application(ch, emrtd_aid)?;
    let challenge = ch.transmit_ok(&cccd_sm::get_challenge(), "GET CHALLENGE")?;
    let keys = BacKeys::from_mrz_information(mrz_information);
    let terminal = BacTerminal::new(&keys, &challenge)
        .map_err(|e| ChannelError::Malformed { what: "GET CHALLENGE".into(), why: e.to_string() })?;
    let response = ch.transmit(&terminal.external_authenticate())?;
    if response.sw == StatusWord::VERIFICATION_FAILED {
        return Err(ChannelError::Access(
            "Basic Access Control refused (6300): the access key (document number, birth date, expiry) does not match this document".into(),
        ));
    }
    let session = terminal.finish(&response).map_err(|e| match e {
        cccd_sm::BacError::Refused(sw) => ChannelError::Status { what: "EXTERNAL AUTHENTICATE (BAC)".into(), sw },
        other => ChannelError::Access(format!("Basic Access Control failed: {other}")),
    })?;
    ch.set_secure_messaging(Some(session));
    Ok(())
}

/// Prove the personalization key to the card, and check that the card holds it too.
pub fn authenticate_personalization<T: Transport>(ch: &mut CardChannel<T>, key: &PersoKey) -> Result<(), ChannelError> {
    let get_challenge = Command::new(0x00, 0x84, 0x00, 0x00).with_ne(perso::PERSO_NONCE_LEN as u32)?;
    let challenge = ch.transmit_ok(&get_challenge, "GET CHALLENGE")?;
    let terminal =
        key.terminal_data(&challenge).map_err(|why| ChannelError::Malformed { what: "GET CHALLENGE".into(), why })?;
    let authenticate = Command::new(0x00, 0x82, 0x00, perso::PERSO_KEY_REFERENCE)
        .with_data(terminal.data.clone())?
        .with_ne(perso::PERSO_CRYPTOGRAM_LEN as u32)?;
    let response = ch.transmit(&authenticate)?;
    match response.sw {
        StatusWord::SUCCESS if terminal.card_is_authentic(&response.data) => Ok(()),
        StatusWord::SUCCESS => Err(ChannelError::Access(
            "the card accepted our key but could not prove it holds the same: not a genuine card of this batch".into(),
        )),
        StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED => {
            Err(ChannelError::Access("the card is locked: its personalization key is retired".into()))
        }
        StatusWord::AUTHENTICATION_METHOD_BLOCKED => {
            Err(ChannelError::Access("the card's personalization key is blocked after too many failures".into()))
        }
        sw => match sw.retries_left() {
            Some(n) => Err(ChannelError::Access(format!(
                "wrong personalization key ({n} tries left before the card refuses it for good)"
            ))),
            None => Err(ChannelError::Status { what: "EXTERNAL AUTHENTICATE (personalization)".into(), sw }),
        },
    }
}
