//! Command APDUs (ISO 7816-4 §5.1, cases 1–4, short and extended length).

use std::borrow::Cow;
use std::fmt;

use crate::{Cla, StatusWord};

/// Largest Ne a short Le can ask for (`Le = 00`).
pub const MAX_SHORT_NE: u32 = 256;
/// Largest Ne an extended Le can ask for (`Le = 00 00`).
pub const MAX_EXTENDED_NE: u32 = 65_536;
const MAX_SHORT_NC: usize = 255;
const MAX_EXTENDED_NC: usize = 65_535;

/// How the Lc and Le fields are written. Lc and Le in one APDU are both short or both extended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LengthForm {
    Short,
    Extended,
}

/// Why raw bytes are not a well-formed command APDU.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("a command APDU has at least 4 bytes (CLA INS P1 P2), got {0}")]
    TooShort(usize),
    #[error("CLA FF is invalid")]
    InvalidClass,
    #[error("short Lc 00 is not allowed")]
    ShortLcZero,
    #[error("extended Lc 00 00 is not allowed")]
    ExtendedLcZero,
    #[error("the body length {actual} does not match Lc = {lc} (expected {expected_short_or_ext})")]
    LengthMismatch { lc: usize, actual: usize, expected_short_or_ext: String },
    #[error("command data of {0} bytes is longer than 65,535")]
    DataTooLong(usize),
    #[error("Ne = {0} is outside 1..=65536")]
    NeOutOfRange(u32),
    #[error("{what} does not fit the short length form")]
    NotShort { what: &'static str },
}

impl CommandError {
    /// The status word a card answers with when it receives such bytes.
    pub fn status_word(&self) -> StatusWord {
        match self {
            CommandError::InvalidClass => StatusWord::CLA_NOT_SUPPORTED,
            _ => StatusWord::WRONG_LENGTH,
        }
    }
}

/// A command APDU. The data borrows from the parsed buffer or owns its bytes (`Command<'static>`).
///
/// Invariants (kept by every constructor): data ≤ 65,535 bytes; Ne is `None` or 1..=65536; the short form
/// is only used when data ≤ 255 and Ne ≤ 256.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Command<'a> {
    pub cla: Cla,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    data: Cow<'a, [u8]>,
    ne: Option<u32>,
    form: LengthForm,
}

impl<'a> Command<'a> {
    /// A case 1 command (header only).
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Command<'static> {
        Command { cla: Cla(cla), ins, p1, p2, data: Cow::Borrowed(&[]), ne: None, form: LengthForm::Short }
    }

    /// Attach command data, switching to the extended form when it does not fit a short Lc.
    pub fn with_data(mut self, data: impl Into<Cow<'a, [u8]>>) -> Result<Self, CommandError> {
        let data = data.into();
        if data.len() > MAX_EXTENDED_NC {
            return Err(CommandError::DataTooLong(data.len()));
        }
        self.data = data;
        self.form = self.minimal_form();
        Ok(self)
    }

    /// Ask for up to `ne` response bytes (1..=65536), switching to the extended form when needed.
    pub fn with_ne(mut self, ne: u32) -> Result<Self, CommandError> {
        if !(1..=MAX_EXTENDED_NE).contains(&ne) {
            return Err(CommandError::NeOutOfRange(ne));
        }
        self.ne = Some(ne);
        self.form = self.minimal_form();
        Ok(self)
    }

    /// Remove Le (no response data expected).
    pub fn without_ne(mut self) -> Self {
        self.ne = None;
        self.form = self.minimal_form();
        self
    }

    /// Force the extended length form (e.g. to use a card's extended-length capability).
    pub fn extended(mut self) -> Self {
        if self.has_length_fields() {
            self.form = LengthForm::Extended;
        }
        self
    }

    /// Force the short form; fails when data or Ne do not fit it.
    pub fn short(mut self) -> Result<Self, CommandError> {
        if self.data.len() > MAX_SHORT_NC {
            return Err(CommandError::NotShort { what: "the command data" });
        }
        if self.ne.is_some_and(|ne| ne > MAX_SHORT_NE) {
            return Err(CommandError::NotShort { what: "Ne" });
        }
        self.form = LengthForm::Short;
        Ok(self)
    }

    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Nc: the number of data bytes.
    pub fn nc(&self) -> usize {
        self.data.len()
    }

    /// Ne: the maximum number of response bytes expected (`None` when Le is absent).
    pub fn ne(&self) -> Option<u32> {
        self.ne
    }

    pub fn form(&self) -> LengthForm {
        self.form
    }

    /// ISO case: 1 (no data, no Le), 2 (Le), 3 (data), 4 (data and Le).
    pub fn case(&self) -> u8 {
        match (self.data.is_empty(), self.ne.is_some()) {
            (true, false) => 1,
            (true, true) => 2,
            (false, false) => 3,
            (false, true) => 4,
        }
    }

    /// The header bytes `CLA INS P1 P2`.
    pub fn header(&self) -> [u8; 4] {
        [self.cla.0, self.ins, self.p1, self.p2]
    }

    /// P1 and P2 as one big-endian number (offsets, tags).
    pub fn p1p2(&self) -> u16 {
        u16::from_be_bytes([self.p1, self.p2])
    }

    /// A copy that owns its data.
    pub fn into_owned(self) -> Command<'static> {
        Command {
            cla: self.cla,
            ins: self.ins,
            p1: self.p1,
            p2: self.p2,
            data: Cow::Owned(self.data.into_owned()),
            ne: self.ne,
            form: self.form,
        }
    }

    /// The same header with other data (keeps the length form unless the new data forces extended).
    pub(crate) fn replace_data(&self, data: Vec<u8>) -> Command<'static> {
        let mut cmd = Command {
            cla: self.cla,
            ins: self.ins,
            p1: self.p1,
            p2: self.p2,
            data: Cow::Owned(data),
            ne: self.ne,
            form: self.form,
        };
        if cmd.minimal_form() == LengthForm::Extended {
            cmd.form = LengthForm::Extended;
        }
        cmd
    }

    /// Parse raw bytes strictly (ISO 7816-3 §12.1.3 decoding of the body).
    pub fn parse(raw: &'a [u8]) -> Result<Command<'a>, CommandError> {
        let [cla, ins, p1, p2, body @ ..] = raw else {
            return Err(CommandError::TooShort(raw.len()));
        };
        if *cla == 0xFF {
            return Err(CommandError::InvalidClass);
        }
        let (data, ne, form) = parse_body(body)?;
        Ok(Command { cla: Cla(*cla), ins: *ins, p1: *p1, p2: *p2, data: Cow::Borrowed(data), ne, form })
    }

    /// Length of the encoding in bytes.
    pub fn encoded_len(&self) -> usize {
        let nc = self.data.len();
        let ext = self.form == LengthForm::Extended;
        let lc_len = match (nc, ext) {
            (0, _) => 0,
            (_, false) => 1,
            (_, true) => 3,
        };
        let le_len = match (self.ne, ext, nc) {
            (None, _, _) => 0,
            (Some(_), false, _) => 1,
            (Some(_), true, 0) => 3,
            (Some(_), true, _) => 2,
        };
        4 + lc_len + nc + le_len
    }

    /// Append the encoding to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        out.reserve(self.encoded_len());
        out.extend_from_slice(&self.header());
        let nc = self.data.len();
        match self.form {
            LengthForm::Short => {
                if nc > 0 {
                    out.push(nc as u8); // ≤ 255 by invariant
                    out.extend_from_slice(&self.data);
                }
                if let Some(ne) = self.ne {
                    out.push(if ne == MAX_SHORT_NE { 0 } else { ne as u8 });
                }
            }
            LengthForm::Extended => {
                if nc > 0 {
                    out.push(0);
                    out.extend_from_slice(&(nc as u16).to_be_bytes());
                    out.extend_from_slice(&self.data);
                }
                if let Some(ne) = self.ne {
                    if nc == 0 {
                        out.push(0);
                    }
                    let le = if ne == MAX_EXTENDED_NE { 0 } else { ne as u16 };
                    out.extend_from_slice(&le.to_be_bytes());
                }
            }
        }
    }

    /// The encoding as a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode_into(&mut out);
        out
    }

    /// The shortest encoding that fits (short unless data or Ne need extended).
    pub(crate) fn shortest_form(mut self) -> Self {
        self.form = LengthForm::Short;
        self.form = self.minimal_form();
        self
    }

    fn has_length_fields(&self) -> bool {
        !self.data.is_empty() || self.ne.is_some()
    }

    fn minimal_form(&self) -> LengthForm {
        if self.data.len() > MAX_SHORT_NC || self.ne.is_some_and(|ne| ne > MAX_SHORT_NE) {
            LengthForm::Extended
        } else if self.form == LengthForm::Extended && self.has_length_fields() {
            // A caller that asked for extended keeps it.
            LengthForm::Extended
        } else {
            LengthForm::Short
        }
    }
}

/// Decode the body after the header into (data, Ne, form).
fn parse_body(body: &[u8]) -> Result<(&[u8], Option<u32>, LengthForm), CommandError> {
    let short_ne = |b: u8| if b == 0 { MAX_SHORT_NE } else { u32::from(b) };
    let ext_ne = |hi: u8, lo: u8| match u16::from_be_bytes([hi, lo]) {
        0 => MAX_EXTENDED_NE,
        n => u32::from(n),
    };
    match body {
        [] => Ok((&[], None, LengthForm::Short)),
        [le] => Ok((&[], Some(short_ne(*le)), LengthForm::Short)),
        [0, hi, lo] => Ok((&[], Some(ext_ne(*hi, *lo)), LengthForm::Extended)),
        [0, rest @ ..] if rest.len() < 2 => Err(CommandError::ShortLcZero),
        [0, hi, lo, rest @ ..] => {
            let lc = usize::from(u16::from_be_bytes([*hi, *lo]));
            if lc == 0 {
                return Err(CommandError::ExtendedLcZero);
            }
            if rest.len() == lc {
                Ok((rest, None, LengthForm::Extended))
            } else if let (true, [data @ .., le_hi, le_lo]) = (rest.len() == lc + 2, rest) {
                Ok((data, Some(ext_ne(*le_hi, *le_lo)), LengthForm::Extended))
            } else {
                Err(CommandError::LengthMismatch {
                    lc,
                    actual: rest.len(),
                    expected_short_or_ext: format!("{lc} or {} bytes after extended Lc", lc + 2),
                })
            }
        }
        [lc, rest @ ..] => {
            let lc = usize::from(*lc);
            if rest.len() == lc {
                Ok((rest, None, LengthForm::Short))
            } else if let (true, [data @ .., le]) = (rest.len() == lc + 1, rest) {
                Ok((data, Some(short_ne(*le)), LengthForm::Short))
            } else {
                Err(CommandError::LengthMismatch {
                    lc,
                    actual: rest.len(),
                    expected_short_or_ext: format!("{lc} or {} bytes after Lc", lc + 1),
                })
            }
        }
    }
}

impl fmt::Debug for Command<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Command {{ {:02X} {:02X} {:02X} {:02X}, nc: {}, ne: {:?}, {:?} }}",
            self.cla.0,
            self.ins,
            self.p1,
            self.p2,
            self.data.len(),
            self.ne,
            self.form
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_hex(s: &str) -> Result<Command<'static>, CommandError> {
        let raw = hex::decode(s).expect("test hex");
        Command::parse(&raw).map(Command::into_owned)
    }

    #[test]
    fn cases_short() {
        let c1 = parse_hex("00A40000").unwrap();
        assert_eq!((c1.case(), c1.nc(), c1.ne()), (1, 0, None));
        let c2 = parse_hex("00B0000000").unwrap();
        assert_eq!((c2.case(), c2.ne()), (2, Some(256)));
        let c3 = parse_hex("00A4020C02011E").unwrap();
        assert_eq!((c3.case(), c3.data(), c3.ne()), (3, &[0x01, 0x1E][..], None));
        let c4 = parse_hex("00A4040007A000000247100100").unwrap();
        assert_eq!((c4.case(), c4.nc(), c4.ne()), (4, 7, Some(256)));
        assert_eq!(c4.form(), LengthForm::Short);
    }

    #[test]
    fn cases_extended() {
        let c2 = parse_hex("00B00000000000").unwrap();
        assert_eq!((c2.case(), c2.ne(), c2.form()), (2, Some(65_536), LengthForm::Extended));
        let c2b = parse_hex("00B00000000101").unwrap();
        assert_eq!(c2b.ne(), Some(257));
        let c3 = parse_hex("00D60000000003AABBCC").unwrap();
        assert_eq!((c3.case(), c3.data(), c3.form()), (3, &[0xAA, 0xBB, 0xCC][..], LengthForm::Extended));
        let c4 = parse_hex("00D60000000003AABBCC0000").unwrap();
        assert_eq!((c4.case(), c4.ne()), (4, Some(65_536)));
    }

    #[test]
    fn malformed_lengths() {
        assert_eq!(parse_hex("00A400"), Err(CommandError::TooShort(3)));
        assert_eq!(parse_hex("FFA40000"), Err(CommandError::InvalidClass));
        assert_eq!(parse_hex("00A4000000AA"), Err(CommandError::ShortLcZero));
        assert_eq!(parse_hex("00A40000000000AA"), Err(CommandError::ExtendedLcZero));
        assert!(matches!(parse_hex("00A4000002AA"), Err(CommandError::LengthMismatch { .. })));
        assert!(matches!(parse_hex("00A4000002AABBCCDD"), Err(CommandError::LengthMismatch { .. })));
        // Extended Lc with a one-byte Le is mixing forms.
        assert!(matches!(parse_hex("00A40000000001AA00"), Err(CommandError::LengthMismatch { .. })));
        assert_eq!(CommandError::InvalidClass.status_word(), StatusWord::CLA_NOT_SUPPORTED);
        assert_eq!(CommandError::ShortLcZero.status_word(), StatusWord::WRONG_LENGTH);
    }

    #[test]
    fn builder_picks_the_form() {
        let read = Command::new(0x00, 0xB0, 0, 0).with_ne(256).unwrap();
        assert_eq!(read.to_bytes(), hex::decode("00B0000000").unwrap());
        let read = Command::new(0x00, 0xB0, 0, 0).with_ne(65_536).unwrap();
        assert_eq!(read.to_bytes(), hex::decode("00B00000000000").unwrap());
        let big = vec![0x5A; 300];
        let upd = Command::new(0x00, 0xD6, 0, 0).with_data(big.as_slice()).unwrap();
        let raw = upd.to_bytes();
        assert_eq!(&raw[4..7], &[0x00, 0x01, 0x2C]);
        assert_eq!(raw.len(), 7 + 300);
        let c4 = Command::new(0x00, 0x88, 0, 0).with_data(vec![1u8; 8]).unwrap().with_ne(256).unwrap();
        assert_eq!(c4.to_bytes(), hex::decode("00880000080101010101010101 00".replace(' ', "")).unwrap());
        let c4e = c4.clone().extended();
        assert_eq!(c4e.to_bytes(), hex::decode(format!("00880000000008{}0100", "01".repeat(8))).unwrap());
        assert!(Command::new(0, 0xD6, 0, 0).with_data(vec![0u8; 65_536]).is_err());
        assert!(Command::new(0, 0xB0, 0, 0).with_ne(0).is_err());
        assert!(Command::new(0, 0xB0, 0, 0).with_ne(65_537).is_err());
        assert!(Command::new(0, 0xB0, 0, 0).with_ne(257).unwrap().short().is_err());
    }

    #[test]
    fn boundary_lengths_round_trip() {
        for nc in [0usize, 1, 255, 256, 65_535] {
            for ne in [None, Some(1), Some(255), Some(256), Some(257), Some(65_535), Some(65_536)] {
                let mut cmd = Command::new(0x00, 0xD6, 0x01, 0x02);
                if nc > 0 {
                    cmd = cmd.with_data(vec![0xA5; nc]).unwrap();
                }
                if let Some(ne) = ne {
                    cmd = cmd.with_ne(ne).unwrap();
                }
                let raw = cmd.to_bytes();
                assert_eq!(raw.len(), cmd.encoded_len());
                let back = Command::parse(&raw).unwrap();
                assert_eq!(back, cmd, "nc {nc} ne {ne:?}");
                assert_eq!(back.to_bytes(), raw);
            }
        }
    }
}
