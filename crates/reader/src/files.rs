//! File operations built on the channel: select an application or EF and read a whole transparent EF.

use cccd_apdu::{Command, StatusWord};
use cccd_tlv::{Tag, Tlv};
use cccd_transport::Transport;

use crate::{CardChannel, ChannelError};

/// The largest file read: far above any LDS file, low enough that a misbehaving card cannot exhaust memory.
const MAX_FILE_SIZE: usize = 1 << 20;

/// The largest offset the even-INS READ BINARY can address.
const MAX_EVEN_OFFSET: usize = 0x7FFF;

/// `SELECT` of the MF, asking for no response data.
pub fn select_mf() -> Command<'static> {
    Command::new(0x00, 0xA4, 0x00, 0x0C)
}

/// SELECT a DF by name (AID), asking for no response data.
pub fn select_application<T: Transport>(ch: &mut CardChannel<T>, aid: &[u8]) -> Result<(), ChannelError> {
    let cmd = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(aid)?;
    ch.transmit_ok(&cmd, &format!("SELECT application {}", hex::encode_upper(aid))).map(drop)
}

/// SELECT an EF under the current DF by its file identifier.
pub fn select_ef<T: Transport>(ch: &mut CardChannel<T>, fid: u16) -> Result<(), ChannelError> {
    let cmd = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(fid.to_be_bytes().to_vec())?;
    ch.transmit_ok(&cmd, &format!("SELECT EF {fid:04X}")).map(drop)
}

/// How to reach the EF to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EfAddress {
    /// The EF selected already.
    Current,
    /// By short EF identifier in the current DF: the first READ BINARY selects it (saves a SELECT).
    ShortId(u8),
    /// By file identifier: SELECT first.
    FileId(u16),
}

/// Read a whole transparent EF in as few APDUs as the card's response size allows.
///
/// When the file starts with a BER-TLV object (as every LDS file does), its length says where the file ends,
/// so no APDU is spent discovering the end of a file larger than one response.
pub fn read_ef<T: Transport>(ch: &mut CardChannel<T>, address: EfAddress) -> Result<Vec<u8>, ChannelError> {
    let max = ch.capabilities().max_response_data;
    let mut data: Vec<u8> = Vec::new();
    let mut expected_total: Option<usize> = None;
    if let EfAddress::FileId(fid) = address {
        select_ef(ch, fid)?;
    }
    loop {
        let offset = data.len();
        // Above 32,767 the odd-INS answer wraps the bytes in DO 53, whose header takes up to 4 bytes of Ne.
        let odd = offset > MAX_EVEN_OFFSET;
        let room = if odd { max.saturating_sub(4) } else { max };
        let want = expected_total.map_or(room, |total| total.saturating_sub(offset).min(room));
        if expected_total.is_some() && want == 0 {
            break;
        }
        let ne = want.max(1) as u32;
        let cmd = match (address, offset) {
            (EfAddress::ShortId(sfi), 0) => Command::new(0x00, 0xB0, 0x80 | sfi, 0x00).with_ne(ne)?,
            (_, o) if o <= MAX_EVEN_OFFSET => Command::new(0x00, 0xB0, (o >> 8) as u8, o as u8).with_ne(ne)?,
            (_, o) => {
                // Odd INS B1 for offsets above 32,767: offset in DO 54, data back in DO 53.
                let bytes = (o as u32).to_be_bytes();
                let skip = bytes.iter().take(3).take_while(|b| **b == 0).count();
                let mut body = vec![0x54, (4 - skip) as u8];
                body.extend_from_slice(&bytes[skip..]);
                let header = if want < 0x80 {
                    2
                } else if want < 0x100 {
                    3
                } else {
                    4
                };
                Command::new(0x00, 0xB1, 0x00, 0x00).with_data(body)?.with_ne(ne + header)?
            }
        };
        let response = ch.transmit(&cmd)?;
        let at_end = match response.sw {
            StatusWord::SUCCESS => false,
            // Fewer bytes than a definite Ne asked for: the end of the file.
            StatusWord::END_OF_FILE_REACHED => true,
            // Reading at the exact end of a file whose size is a multiple of the chunk.
            StatusWord::WRONG_P1P2 if offset > 0 => break,
            sw => return Err(ChannelError::Status { what: format!("READ BINARY at offset {offset}"), sw }),
        };
        let chunk = if odd { unwrap_data_do(&response.data, offset)? } else { response.data };
        let got = chunk.len();
        if data.len() + got > MAX_FILE_SIZE {
            return Err(ChannelError::FileTooLarge(MAX_FILE_SIZE));
        }
        data.extend_from_slice(&chunk);
        if expected_total.is_none() {
            expected_total = tlv_total_length(&data);
        }
        // A short read is the end of the file; otherwise stop once the first object's length is covered.
        // Bytes past the first object (EF.DIR holds several) are kept: the file is returned as read.
        let finished = got < want || at_end || expected_total.is_some_and(|total| data.len() >= total);
        if finished || got == 0 {
            break;
        }
    }
    Ok(data)
}

fn unwrap_data_do(raw: &[u8], offset: usize) -> Result<Vec<u8>, ChannelError> {
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    let tlv = Tlv::parse_single(raw).map_err(|e| ChannelError::Malformed {
        what: format!("READ BINARY (odd INS) at offset {offset}"),
        why: e.to_string(),
    })?;
    if tlv.tag() != Tag::from_u32(0x53) {
        return Err(ChannelError::Malformed {
            what: format!("READ BINARY (odd INS) at offset {offset}"),
            why: format!("expected DO 53, got {}", tlv.tag()),
        });
    }
    Ok(tlv.value().to_vec())
}

/// The total size of a file that begins with a complete BER-TLV header.
fn tlv_total_length(data: &[u8]) -> Option<usize> {
    let (_, tag_len) = Tag::parse(data).ok()?;
    let (value_len, len_len) = cccd_tlv::decode_length(data.get(tag_len..)?).ok()?;
    (tag_len + len_len).checked_add(value_len)
}
