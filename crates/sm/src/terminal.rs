//! Terminal side of secure messaging: protect commands, unprotect responses (ICAO 9303-11 §9.8.4–9.8.6).

use cccd_apdu::{Command, MAX_EXTENDED_NE, MAX_SHORT_NE, Response, StatusWord};

use crate::crypto;
use crate::dos::push_cryptogram;
use crate::dos::{
    DataObject, PADDING_INDICATOR, TAG_CRYPTOGRAM, TAG_CRYPTOGRAM_ODD, TAG_LE, TAG_MAC, TAG_STATUS, parse_dos, push_do,
    split_mac,
};
use crate::session::protected_cla;
use crate::{SmError, SmSession};

/// The largest body a command can carry (extended Lc).
const MAX_BODY: usize = 65_535;
/// Above this the protected command needs extended Lc'.
const MAX_SHORT_BODY: usize = 255;

impl SmSession {
    /// Protect a plain command: `CLA' INS P1 P2 Lc' [DO'87'/DO'85'] [DO'97'] DO'8E' Le'`.
    ///
    /// The data is encrypted into DO'87' (indicator `01`; DO'85' for odd INS), Ne goes into DO'97' (one byte for
    /// Ne ≤ 256 with `00` = 256, else two with `0000` = 65536), and DO'8E' is the MAC over SSC ‖ padded header ‖
    /// those objects. Lc'/Le' are extended when the body exceeds 255 bytes or Ne exceeds 256; Le' is always
    /// `00` (`0000` extended) because the response always carries DO'99' and DO'8E'.
    ///
    /// Secure messaging applies to the whole command: split the *protected* command for chaining afterwards
    /// (`cccd_apdu::split_for_chaining`), never protect the parts of a chain.
    ///
    /// # Errors
    /// [`SmError::InvalidClass`] for a CLA that cannot indicate SM, [`SmError::CommandTooLong`] when the protected
    /// body would exceed 65,535 bytes. The SSC is only advanced on success.
    pub fn protect(&mut self, cmd: &Command<'_>) -> Result<Command<'static>, SmError> {
        let cla = protected_cla(cmd.cla.0)?;
        let header = [cla, cmd.ins, cmd.p1, cmd.p2];
        let mut body = Vec::new();
        if cmd.nc() > 0 {
            // Reject early, before encrypting: the cryptogram alone would not fit.
            if crypto::padded_len(cmd.nc()) > MAX_BODY {
                return Err(SmError::CommandTooLong(crypto::padded_len(cmd.nc())));
            }
            push_cryptogram(&mut body, cmd.ins & 1 == 1, &self.encrypt(cmd.data()));
        }
        if let Some(ne) = cmd.ne() {
            push_do(&mut body, TAG_LE, &[&le_bytes(ne)]);
        }
        let ssc = self.next_ssc();
        let mac = self.mac(ssc, &[&crypto::pad(&header), &body]);
        push_do(&mut body, TAG_MAC, &[&mac]);
        if body.len() > MAX_BODY {
            return Err(SmError::CommandTooLong(body.len()));
        }
        let extended = body.len() > MAX_SHORT_BODY || cmd.ne().is_some_and(|ne| ne > MAX_SHORT_NE);
        let le = if extended { MAX_EXTENDED_NE } else { MAX_SHORT_NE };
        let protected = Command::new(cla, cmd.ins, cmd.p1, cmd.p2).with_data(body)?.with_ne(le)?;
        self.set_ssc(ssc);
        Ok(protected)
    }

    /// Unprotect a card's response: check DO'8E' over SSC ‖ DO'87'/DO'85' ‖ DO'99', decrypt and strip padding.
    /// The returned status word is the authenticated one from DO'99'.
    ///
    /// # Errors
    /// [`SmError::ResponseNotProtected`] with the plain status when the card answered without SM (it has ended
    /// the session, e.g. `6987`/`6988`); [`SmError::MissingMac`] / [`SmError::BadMac`] when the response is not
    /// authentic; other variants when authentic objects are malformed. Drop the session after any error.
    pub fn unprotect(&mut self, resp: &Response) -> Result<Response, SmError> {
        let ssc = self.advance_ssc();
        if resp.data.is_empty() {
            return Err(SmError::ResponseNotProtected(resp.sw));
        }
        let (objects, mac) = split_mac(&resp.data)?;
        if !crypto::mac_matches(&self.mac(ssc, &[objects]), mac) {
            return Err(SmError::BadMac);
        }
        let mut dos = parse_dos(objects)?.into_iter().peekable();
        let cryptogram = dos.next_if(|d| d.tag == TAG_CRYPTOGRAM || d.tag == TAG_CRYPTOGRAM_ODD);
        let status = match dos.next() {
            Some(DataObject { tag: TAG_STATUS, value: &[sw1, sw2] }) => StatusWord::new(sw1, sw2),
            Some(DataObject { tag: TAG_STATUS, .. }) => return Err(SmError::Malformed("DO'99' is not 2 bytes")),
            Some(other) => return Err(SmError::UnexpectedObject(other.tag)),
            None => return Err(SmError::MissingStatus),
        };
        if let Some(extra) = dos.next() {
            return Err(SmError::UnexpectedObject(extra.tag));
        }
        let data = match cryptogram {
            Some(d) => self.decrypt(cryptogram_of(d)?)?,
            None => Vec::new(),
        };
        Ok(Response::new(data, status))
    }
}

/// DO'97' content: one byte for Ne ≤ 256 (`00` = 256), two bytes above (`0000` = 65536).
fn le_bytes(ne: u32) -> Vec<u8> {
    if ne <= MAX_SHORT_NE {
        vec![ne as u8] // 256 → 00 by truncation, as intended
    } else {
        (ne as u16).to_be_bytes().to_vec() // 65536 → 0000 by truncation, as intended
    }
}

/// The cryptogram inside DO'87' (after the `01` indicator) or DO'85'.
pub(crate) fn cryptogram_of<'a>(d: DataObject<'a>) -> Result<&'a [u8], SmError> {
    match (d.tag, d.value) {
        (TAG_CRYPTOGRAM, [PADDING_INDICATOR, rest @ ..]) => Ok(rest),
        (TAG_CRYPTOGRAM, _) => Err(SmError::Malformed("DO'87' does not start with the padding indicator 01")),
        _ => Ok(d.value),
    }
}

#[cfg(test)]
mod tests {
    use cccd_apdu::{Command, Response, StatusWord};
    use proptest::prelude::*;

    use crate::dos::{TAG_MAC, push_do};
    use crate::{Key16, SmSession};

    fn session() -> SmSession {
        SmSession::new(Key16::new([0x13; 16]), Key16::new([0x57; 16]), 41)
    }

    proptest! {
        /// Objects that pass the MAC check but are garbage reach the parsers behind it: no panic.
        #[test]
        fn authentic_garbage_never_panics(objects in proptest::collection::vec(any::<u8>(), 0..200), ins in any::<u8>()) {
            let mut sm = session();
            let mut body = objects.clone();
            let mac = sm.mac(42, &[&objects]);
            push_do(&mut body, TAG_MAC, &[&mac]);
            let _ = sm.unprotect(&Response::new(body, StatusWord::SUCCESS));

            let mut card = session();
            let header = [0x0C, ins, 0, 0];
            let mut body = objects.clone();
            let mac = card.mac(42, &[&crate::crypto::pad(&header), &objects]);
            push_do(&mut body, TAG_MAC, &[&mac]);
            if let Ok(cmd) = Command::new(0x0C, ins, 0, 0).with_data(body) {
                let _ = card.unprotect_command(&cmd);
            }
        }
    }

    #[test]
    fn authentic_but_malformed_objects_are_typed_errors() {
        use crate::SmError;
        let cases: [(&[u8], SmError); 5] = [
            (&[], SmError::MissingStatus),
            (&[0x99, 0x01, 0x90], SmError::Malformed("DO'99' is not 2 bytes")),
            (&[0x99, 0x02, 0x90, 0x00, 0x99, 0x02, 0x90, 0x00], SmError::UnexpectedObject(0x99)),
            (
                &[0x87, 0x02, 0x02, 0x00, 0x99, 0x02, 0x90, 0x00],
                SmError::Malformed("DO'87' does not start with the padding indicator 01"),
            ),
            (&[0x87, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x99, 0x02, 0x90, 0x00], SmError::BadPadding),
        ];
        for (objects, expected) in cases {
            let mut sm = session();
            let mut body = objects.to_vec();
            let mac = sm.mac(42, &[objects]);
            push_do(&mut body, TAG_MAC, &[&mac]);
            assert_eq!(sm.unprotect(&Response::new(body, StatusWord::SUCCESS)), Err(expected));
        }
    }
}
