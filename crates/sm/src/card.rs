//! Card side of secure messaging: unprotect commands, protect responses (ICAO 9303-11 §9.8.4–9.8.6).

use cccd_apdu::{Command, MAX_EXTENDED_NE, MAX_SHORT_NE, Response};

use crate::crypto;
use crate::dos::push_cryptogram;
use crate::dos::{
    DataObject, TAG_CRYPTOGRAM, TAG_CRYPTOGRAM_ODD, TAG_LE, TAG_MAC, TAG_STATUS, parse_dos, push_do, split_mac,
};
use crate::session::plain_cla;
use crate::terminal::cryptogram_of;
use crate::{SmError, SmSession};

impl SmSession {
    /// Unprotect a terminal's command: verify DO'8E' over SSC ‖ padded header ‖ the other objects (before looking
    /// at them), decrypt DO'87'/DO'85', and rebuild the plain command with the class's SM bits cleared and Ne
    /// from DO'97'. The plain command is rebuilt in its shortest length form.
    ///
    /// Feed it the whole command: when the terminal chained the protected command, merge the chain first
    /// (`cccd_apdu::ChainAssembler`).
    ///
    /// # Errors
    /// Answer the terminal with [`SmError::status_word`] *unprotected* (`6987` objects missing, `6988` wrong,
    /// e.g. a wrong MAC) and drop the session.
    pub fn unprotect_command(&mut self, cmd: &Command<'_>) -> Result<Command<'static>, SmError> {
        let ssc = self.advance_ssc();
        let cla = plain_cla(cmd.cla.0)?;
        let (objects, mac) = split_mac(cmd.data())?;
        if !crypto::mac_matches(&self.mac(ssc, &[&crypto::pad(&cmd.header()), objects]), mac) {
            return Err(SmError::BadMac);
        }
        let odd = cmd.ins & 1 == 1;
        self.last_ins_odd = odd;
        let expected_cryptogram = if odd { TAG_CRYPTOGRAM_ODD } else { TAG_CRYPTOGRAM };
        let mut dos = parse_dos(objects)?.into_iter().peekable();
        let cryptogram = dos.next_if(|d| d.tag == expected_cryptogram);
        let le = dos.next_if(|d| d.tag == TAG_LE);
        if let Some(extra) = dos.next() {
            return Err(SmError::UnexpectedObject(extra.tag));
        }
        let mut plain = Command::new(cla, cmd.ins, cmd.p1, cmd.p2);
        if let Some(d) = cryptogram {
            let data = self.decrypt(cryptogram_of(d)?)?;
            if !data.is_empty() {
                plain = plain.with_data(data)?;
            }
        }
        if let Some(d) = le {
            plain = plain.with_ne(ne_of(d)?)?;
        }
        Ok(plain)
    }

    /// Protect the card's response: `[DO'87'/DO'85'] DO'99' DO'8E' SW`. The data is encrypted into DO'87' (DO'85'
    /// when the last unprotected command had an odd INS); the MAC covers SSC ‖ those objects.
    ///
    /// Use it for every answer to a command that unprotected successfully, errors included; answers to commands
    /// that did not unprotect go out plain.
    pub fn protect_response(&mut self, resp: &Response) -> Response {
        let ssc = self.advance_ssc();
        let mut body = Vec::new();
        if !resp.data.is_empty() {
            push_cryptogram(&mut body, self.last_ins_odd, &self.encrypt(&resp.data));
        }
        push_do(&mut body, TAG_STATUS, &[&resp.sw.to_bytes()]);
        let mac = self.mac(ssc, &[&body]);
        push_do(&mut body, TAG_MAC, &[&mac]);
        Response::new(body, resp.sw)
    }
}

/// Ne from DO'97': one byte (`00` = 256) or two (`0000` = 65536).
fn ne_of(d: DataObject<'_>) -> Result<u32, SmError> {
    match d.value {
        [0] => Ok(MAX_SHORT_NE),
        [n] => Ok(u32::from(*n)),
        [0, 0] => Ok(MAX_EXTENDED_NE),
        [hi, lo] => Ok(u32::from(u16::from_be_bytes([*hi, *lo]))),
        _ => Err(SmError::Malformed("DO'97' is not 1 or 2 bytes")),
    }
}
