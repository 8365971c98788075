//! Every command the card understands, as a typed value parsed from a raw [`Command`].
//!
//! Parsing decides *what* is asked; [`crate::card`] decides *whether and how* it is done. A malformed
//! command never reaches the file system: its error is the status word to answer.

use cccd_apdu::{Command, StatusWord};
use cccd_tlv::{Tag, Tlv};

/// PUT DATA P1-P2 naming the Active Authentication private key (a proprietary data object, never readable).
pub const AA_KEY_DO: u16 = 0x00F5;

/// PUT DATA P1-P2 setting the citizen PIN and PUK (never readable).
pub const PIN_DO: u16 = 0x00F6;
/// PUT DATA P1-P2 installing the authority keys that sign documents written after issuance (never readable).
pub const AUTHORITY_KEYS_DO: u16 = 0x00F7;
/// GET DATA / GENERATE answer: the e-signature public key template (ISO 7816-8 `7F49 { 86 point }`).
pub const ESIGN_PUBLIC_KEY_DO: u16 = 0x7F49;
/// GET DATA / PUT DATA P1-P2: the e-signature key's X.509 certificate (`7F21`, DER inside).
pub const ESIGN_CERTIFICATE_DO: u16 = 0x7F21;
/// GENERATE ASYMMETRIC KEY PAIR P2 for the citizen's e-signature key (as PIV's digital-signature key).
pub const ESIGN_KEY_REFERENCE: u8 = 0x9C;
/// P1-P2 of PUT DATA (odd INS DB) for documents: the current DF, data objects in the data field.
pub const DOCUMENT_PUT_P1P2: u16 = 0x3FFF;

/// The citizen PIN's reference in P2 of VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER (specific, 1).
pub const PIN_REFERENCE: u8 = 0x81;

/// Tag of the offset data object in odd-INS READ/UPDATE BINARY.
pub const OFFSET_DO: Tag = Tag::from_u32(0x54);
/// Tag of the discretionary data object that carries data in odd-INS READ/UPDATE BINARY.
pub const DATA_DO: Tag = Tag::from_u32(0x53);

/// What SELECT names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectTarget<'a> {
    /// P1 00 with no data or `3F00`.
    MasterFile,
    /// P1 00: a file identifier, searched in the current DF, its children and its parent.
    FileId(u16),
    /// P1 01: a DF that is a child of the current DF.
    ChildDf(u16),
    /// P1 02: an EF under the current DF.
    ChildEf(u16),
    /// P1 03: the parent of the current DF.
    Parent,
    /// P1 04: a DF name (AID), whole or as a prefix.
    DfName(&'a [u8]),
    /// P1 08 / 09: a path of FIDs from the MF or from the current DF.
    Path { from_mf: bool, fids: Vec<u16> },
}

/// What SELECT should answer with (P2 b4b3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectResponse {
    Fci,
    Fcp,
    Fmd,
    None,
}

/// Which key EXTERNAL AUTHENTICATE uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKey {
    /// Basic Access Control: the document basic access keys derived from DG1's MRZ.
    Bac,
    /// The card's AES-128 personalization key.
    Personalization,
}

/// Data objects GET DATA can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataObject {
    EsignPublicKey,
    EsignCertificate,
}

/// Which EF a data-unit command addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EfRef {
    Current,
    ShortId(u8),
    FileId(u16),
}

/// One parsed command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardCommand<'a> {
    Select {
        target: SelectTarget<'a>,
        response: SelectResponse,
    },
    ReadBinary {
        file: EfRef,
        offset: usize,
        ne: usize,
        odd_ins: bool,
    },
    UpdateBinary {
        file: EfRef,
        offset: usize,
        data: &'a [u8],
    },
    /// CREATE FILE with its FCP template (`62`).
    CreateFile {
        fcp: &'a [u8],
    },
    /// ACTIVATE FILE on the current file; on the MF it locks the card.
    Activate,
    /// PUT DATA (DA) with P1-P2 = `00F5`: import the Active Authentication private key (PKCS#8 DER).
    PutAaKey {
        pkcs8: &'a [u8],
    },
    /// PUT DATA (DA) with P1-P2 = `00F6`: set the citizen PIN (6 digits) and its PUK (8 digits), PIN‖PUK.
    PutPin {
        pins: &'a [u8],
    },
    /// VERIFY (20) of the citizen PIN (P2 `81`); empty data asks how many tries are left.
    Verify {
        pin: &'a [u8],
    },
    /// CHANGE REFERENCE DATA (24) P1 `00` P2 `81`: old PIN ‖ new PIN.
    ChangePin {
        data: &'a [u8],
    },
    /// RESET RETRY COUNTER (2C) P2 `81`: P1 `00` PUK ‖ new PIN, P1 `01` PUK only (unblock, same PIN).
    ResetPin {
        keep_pin: bool,
        data: &'a [u8],
    },
    /// GENERATE ASYMMETRIC KEY PAIR (46) P1 `80` P2 `00`: a new P-256 Active Authentication key; the answer is
    /// its SubjectPublicKeyInfo (what DG15 carries).
    GenerateAaKey,
    /// INTERNAL AUTHENTICATE (88): sign the terminal's challenge with the Active Authentication key.
    InternalAuthenticate {
        challenge: &'a [u8],
    },
    GetChallenge {
        len: usize,
    },
    /// EXTERNAL (MUTUAL) AUTHENTICATE (82): P2 `00` Basic Access Control with the MRZ keys, P2 `01` the
    /// personalization key.
    ExternalAuthenticate {
        key: AuthKey,
        data: &'a [u8],
    },
    /// PUT DATA (DA) `00F7`: the authority keys that may sign documents written after issuance.
    PutAuthorityKeys {
        data: &'a [u8],
    },
    /// GENERATE ASYMMETRIC KEY PAIR (46) P1 `80` P2 `9C`: a new P-256 e-signature key; answers `7F49`.
    GenerateEsignKey,
    /// GET DATA (CA) of a readable data object.
    GetData {
        object: DataObject,
    },
    /// PUT DATA (DA) `7F21`: the e-signature key's certificate; the card checks it names its key.
    PutEsignCertificate {
        cert: &'a [u8],
    },
    /// PERFORM SECURITY OPERATION: COMPUTE DIGITAL SIGNATURE (2A 9E 9A) over a SHA-256 digest.
    ComputeSignature {
        digest: &'a [u8],
    },
    /// PUT DATA (odd INS DB) `3FFF` with one document object `E1`–`E8`: store (add or replace) a signed
    /// document, or remove it when the object is empty.
    PutDocument {
        object: &'a [u8],
    },
    /// GET RESPONSE (C0): the rest of the previous answer (Le required, the rest is sent whole).
    GetResponse,
}

impl CardCommand<'_> {
    /// Commands that change the file tree (the rest of the persistent state is small).
    pub fn changes_files(&self) -> bool {
        matches!(self, Self::UpdateBinary { .. } | Self::CreateFile { .. } | Self::PutDocument { .. })
    }

    /// Commands that change what the card keeps across power cycles.
    pub fn changes_persistent_state(&self) -> bool {
        match self {
            Self::Verify { pin } => !pin.is_empty(),
            _ => matches!(
                self,
                Self::UpdateBinary { .. }
                    | Self::CreateFile { .. }
                    | Self::Activate
                    | Self::PutAaKey { .. }
                    | Self::GenerateAaKey
                    | Self::PutPin { .. }
                    | Self::ChangePin { .. }
                    | Self::ResetPin { .. }
                    | Self::ExternalAuthenticate { key: AuthKey::Personalization, .. }
                    | Self::PutAuthorityKeys { .. }
                    | Self::GenerateEsignKey
                    | Self::PutEsignCertificate { .. }
                    | Self::PutDocument { .. }
            ),
        }
    }
}

impl<'a> CardCommand<'a> {
    /// Parse a complete (unchained) command. The error is the status word to answer.
    pub fn parse(cmd: &'a Command<'a>) -> Result<Self, StatusWord> {
        match cmd.ins {
            0xA4 => parse_select(cmd),
            0xB0 => {
                let (file, offset) = even_ins_address(cmd)?;
                Ok(Self::ReadBinary { file, offset, ne: required_ne(cmd)?, odd_ins: false })
            }
            0xB1 => {
                let file = odd_ins_file(cmd)?;
                let offset = offset_do(cmd.data())?;
                Ok(Self::ReadBinary { file, offset, ne: required_ne(cmd)?, odd_ins: true })
            }
            0xD6 => {
                let (file, offset) = even_ins_address(cmd)?;
                if cmd.data().is_empty() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::UpdateBinary { file, offset, data: cmd.data() })
            }
            0xD7 => {
                let file = odd_ins_file(cmd)?;
                let (offset, data) = odd_update_data(cmd.data())?;
                Ok(Self::UpdateBinary { file, offset, data })
            }
            0xE0 => {
                if cmd.p1p2() != 0 {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                if cmd.data().is_empty() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::CreateFile { fcp: cmd.data() })
            }
            0x44 => {
                if cmd.p1p2() != 0 {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                if !cmd.data().is_empty() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::Activate)
            }
            0xDA => {
                if cmd.data().is_empty() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                match cmd.p1p2() {
                    AA_KEY_DO => Ok(Self::PutAaKey { pkcs8: cmd.data() }),
                    PIN_DO => Ok(Self::PutPin { pins: cmd.data() }),
                    AUTHORITY_KEYS_DO => Ok(Self::PutAuthorityKeys { data: cmd.data() }),
                    ESIGN_CERTIFICATE_DO => Ok(Self::PutEsignCertificate { cert: cmd.data() }),
                    _ => Err(StatusWord::REFERENCED_DATA_NOT_FOUND),
                }
            }
            0x20 | 0x24 | 0x2C => {
                if cmd.p2 != PIN_REFERENCE {
                    return Err(StatusWord::REFERENCED_DATA_NOT_FOUND);
                }
                match (cmd.ins, cmd.p1) {
                    (0x20, 0x00) => Ok(Self::Verify { pin: cmd.data() }),
                    (0x24, 0x00) => Ok(Self::ChangePin { data: cmd.data() }),
                    (0x2C, 0x00) => Ok(Self::ResetPin { keep_pin: false, data: cmd.data() }),
                    (0x2C, 0x01) => Ok(Self::ResetPin { keep_pin: true, data: cmd.data() }),
                    _ => Err(StatusWord::INCORRECT_P1P2),
                }
            }
            0x46 => {
                if cmd.p1 != 0x80 || !matches!(cmd.p2, 0x00 | ESIGN_KEY_REFERENCE) {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                if !cmd.data().is_empty() || cmd.ne().is_none() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(if cmd.p2 == 0 { Self::GenerateAaKey } else { Self::GenerateEsignKey })
            }
            0x82 => {
                let key = match (cmd.p1, cmd.p2) {
                    (0x00, 0x00) => AuthKey::Bac,
                    (0x00, 0x01) => AuthKey::Personalization,
                    _ => return Err(StatusWord::INCORRECT_P1P2),
                };
                if cmd.data().is_empty() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::ExternalAuthenticate { key, data: cmd.data() })
            }
            0xCA => {
                let object = match cmd.p1p2() {
                    ESIGN_PUBLIC_KEY_DO => DataObject::EsignPublicKey,
                    ESIGN_CERTIFICATE_DO => DataObject::EsignCertificate,
                    _ => return Err(StatusWord::REFERENCED_DATA_NOT_FOUND),
                };
                if !cmd.data().is_empty() || cmd.ne().is_none() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::GetData { object })
            }
            0x2A => {
                if (cmd.p1, cmd.p2) != (0x9E, 0x9A) {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                if cmd.data().is_empty() || cmd.ne().is_none() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::ComputeSignature { digest: cmd.data() })
            }
            0xDB => {
                if cmd.p1p2() != DOCUMENT_PUT_P1P2 {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                if cmd.data().is_empty() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::PutDocument { object: cmd.data() })
            }
            0x88 => {
                if cmd.p1p2() != 0 {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                if cmd.data().is_empty() || cmd.ne().is_none() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::InternalAuthenticate { challenge: cmd.data() })
            }
            0x84 => {
                if cmd.p1p2() != 0 {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                if !cmd.data().is_empty() {
                    return Err(StatusWord::WRONG_LENGTH);
                }
                Ok(Self::GetChallenge { len: required_ne(cmd)? })
            }
            0xC0 => {
                if cmd.p1p2() != 0 {
                    return Err(StatusWord::INCORRECT_P1P2);
                }
                required_ne(cmd)?;
                Ok(Self::GetResponse)
            }
            _ => Err(StatusWord::INS_NOT_SUPPORTED),
        }
    }
}

fn required_ne(cmd: &Command<'_>) -> Result<usize, StatusWord> {
    cmd.ne().map(|ne| ne as usize).ok_or(StatusWord::WRONG_LENGTH)
}

fn parse_select<'a>(cmd: &'a Command<'a>) -> Result<CardCommand<'a>, StatusWord> {
    let response = match cmd.p2 & 0xFC {
        0x00 => SelectResponse::Fci,
        0x04 => SelectResponse::Fcp,
        0x08 => SelectResponse::Fmd,
        0x0C => SelectResponse::None,
        _ => return Err(StatusWord::INCORRECT_P1P2),
    };
    // Only "first or only occurrence" is supported: every name on this card is unique.
    if cmd.p2 & 0x03 != 0 {
        return Err(StatusWord::FUNCTION_NOT_SUPPORTED);
    }
    let data = cmd.data();
    let fid = || -> Result<u16, StatusWord> {
        match data {
            [hi, lo] => Ok(u16::from_be_bytes([*hi, *lo])),
            _ => Err(StatusWord::WRONG_LENGTH),
        }
    };
    let target = match cmd.p1 {
        0x00 if data.is_empty() => SelectTarget::MasterFile,
        0x00 => match fid()? {
            0x3F00 => SelectTarget::MasterFile,
            id => SelectTarget::FileId(id),
        },
        0x01 => SelectTarget::ChildDf(fid()?),
        0x02 => SelectTarget::ChildEf(fid()?),
        0x03 if data.is_empty() => SelectTarget::Parent,
        0x03 => return Err(StatusWord::WRONG_LENGTH),
        0x04 if data.is_empty() || data.len() > 16 => return Err(StatusWord::WRONG_LENGTH),
        0x04 => SelectTarget::DfName(data),
        0x08 | 0x09 => {
            if data.is_empty() || data.len() % 2 != 0 {
                return Err(StatusWord::WRONG_LENGTH);
            }
            let fids = data.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
            SelectTarget::Path { from_mf: cmd.p1 == 0x08, fids }
        }
        _ => return Err(StatusWord::INCORRECT_P1P2),
    };
    Ok(CardCommand::Select { target, response })
}

/// B0/D6 addressing: P1 b8 = 1 → SFI in P1 b5–b1 and an 8-bit offset in P2; else a 15-bit offset.
fn even_ins_address(cmd: &Command<'_>) -> Result<(EfRef, usize), StatusWord> {
    if cmd.p1 & 0x80 != 0 {
        let sfi = cmd.p1 & 0x1F;
        if cmd.p1 & 0x60 != 0 || sfi == 0 || sfi == 0x1F {
            return Err(StatusWord::INCORRECT_P1P2);
        }
        Ok((EfRef::ShortId(sfi), usize::from(cmd.p2)))
    } else {
        Ok((EfRef::Current, usize::from(cmd.p1p2())))
    }
}

/// B1/D7 addressing: P1-P2 = `0000` current EF, `100x xxxx 00` SFI, otherwise a file identifier.
fn odd_ins_file(cmd: &Command<'_>) -> Result<EfRef, StatusWord> {
    match cmd.p1p2() {
        0x0000 => Ok(EfRef::Current),
        _ if cmd.p1 & 0xE0 == 0x80 => {
            let sfi = cmd.p1 & 0x1F;
            if cmd.p2 != 0 || sfi == 0 || sfi == 0x1F {
                return Err(StatusWord::INCORRECT_P1P2);
            }
            Ok(EfRef::ShortId(sfi))
        }
        0x3FFF | 0xFFFF => Err(StatusWord::INCORRECT_P1P2),
        fid => Ok(EfRef::FileId(fid)),
    }
}

/// The offset DO `54` (1–3 big-endian bytes) of odd-INS READ BINARY.
fn offset_do(data: &[u8]) -> Result<usize, StatusWord> {
    let tlv = Tlv::parse_single(data).map_err(|_| StatusWord::INCORRECT_DATA)?;
    offset_value(&tlv)
}

fn offset_value(tlv: &Tlv<'_>) -> Result<usize, StatusWord> {
    if tlv.tag() != OFFSET_DO || tlv.value().is_empty() || tlv.value().len() > 3 {
        return Err(StatusWord::INCORRECT_DATA);
    }
    Ok(tlv.value().iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)))
}

/// The offset DO `54` followed by the data DO `53` of odd-INS UPDATE BINARY.
fn odd_update_data(data: &[u8]) -> Result<(usize, &[u8]), StatusWord> {
    let (offset, rest) = Tlv::parse(data).map_err(|_| StatusWord::INCORRECT_DATA)?;
    let body = Tlv::parse_single(rest).map_err(|_| StatusWord::INCORRECT_DATA)?;
    if body.tag() != DATA_DO || body.value().is_empty() {
        return Err(StatusWord::INCORRECT_DATA);
    }
    Ok((offset_value(&offset)?, body.value()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(hex_apdu: &str) -> Result<CardCommand<'static>, StatusWord> {
        let raw: &'static [u8] = Box::leak(hex::decode(hex_apdu).unwrap().into_boxed_slice());
        let cmd: &'static Command<'static> = Box::leak(Box::new(Command::parse(raw).unwrap()));
        CardCommand::parse(cmd)
    }

    #[test]
    fn select_forms() {
        assert_eq!(
            parse("00A4040C07A0000002471001"),
            Ok(CardCommand::Select {
                target: SelectTarget::DfName(&[0xA0, 0, 0, 2, 0x47, 0x10, 0x01]),
                response: SelectResponse::None
            })
        );
        assert!(matches!(
            parse("00A4020C02011E"),
            Ok(CardCommand::Select { target: SelectTarget::ChildEf(0x011E), .. })
        ));
        assert!(matches!(parse("00A40000023F00"), Ok(CardCommand::Select { target: SelectTarget::MasterFile, .. })));
        assert!(matches!(
            parse("00A4000400"),
            Ok(CardCommand::Select { target: SelectTarget::MasterFile, response: SelectResponse::Fcp })
        ));
        assert!(matches!(
            parse("00A40800045F000101"),
            Ok(CardCommand::Select { target: SelectTarget::Path { from_mf: true, .. }, .. })
        ));
        assert_eq!(parse("00A4020C03011E00"), Err(StatusWord::WRONG_LENGTH));
        assert_eq!(parse("00A4070C02011E"), Err(StatusWord::INCORRECT_P1P2));
        assert_eq!(parse("00A40410023F00"), Err(StatusWord::INCORRECT_P1P2));
    }

    #[test]
    fn read_binary_forms() {
        assert_eq!(
            parse("00B09E0000"),
            Ok(CardCommand::ReadBinary { file: EfRef::ShortId(0x1E), offset: 0, ne: 256, odd_ins: false })
        );
        assert_eq!(
            parse("00B07FFF10"),
            Ok(CardCommand::ReadBinary { file: EfRef::Current, offset: 0x7FFF, ne: 16, odd_ins: false })
        );
        assert_eq!(
            parse("00B10000045402800000"),
            Ok(CardCommand::ReadBinary { file: EfRef::Current, offset: 0x8000, ne: 256, odd_ins: true })
        );
        assert_eq!(parse("00B00000"), Err(StatusWord::WRONG_LENGTH));
        assert_eq!(parse("00B0E00000"), Err(StatusWord::INCORRECT_P1P2));
        assert_eq!(parse("00B100000255FF00"), Err(StatusWord::INCORRECT_DATA));
    }

    #[test]
    fn other_commands() {
        assert_eq!(parse("0084000008"), Ok(CardCommand::GetChallenge { len: 8 }));
        assert_eq!(parse("0084000100"), Err(StatusWord::INCORRECT_P1P2));
        assert_eq!(
            parse("00D7011E0A540100530511223344 55".replace(' ', "").as_str()),
            Ok(CardCommand::UpdateBinary {
                file: EfRef::FileId(0x011E),
                offset: 0,
                data: &[0x11, 0x22, 0x33, 0x44, 0x55]
            })
        );
        assert_eq!(parse("00E00000"), Err(StatusWord::WRONG_LENGTH));
        assert_eq!(parse("00CA000000"), Err(StatusWord::REFERENCED_DATA_NOT_FOUND));
        assert_eq!(parse("00CA7F4900"), Ok(CardCommand::GetData { object: DataObject::EsignPublicKey }));
        assert_eq!(parse("002A9E9A0101"), Err(StatusWord::WRONG_LENGTH));
        assert_eq!(parse("002A9E9A010100"), Ok(CardCommand::ComputeSignature { digest: &[1] }));
        assert_eq!(parse("0082000201AA"), Err(StatusWord::INCORRECT_P1P2));
        assert_eq!(parse("00DB3FFF02E100"), Ok(CardCommand::PutDocument { object: &[0xE1, 0x00] }));
        assert_eq!(parse("0046809C00"), Ok(CardCommand::GenerateEsignKey));
    }
}
