//! Answer To Reset (ISO 7816-3 §8) and the card capabilities in its historical bytes (ISO 7816-4 §8.1.1).
//!
//! The host reads "extended Lc/Le supported" and "command chaining supported" from here to pick how it sends
//! long commands; the software card builds its ATR with the same code.

/// Why bytes are not a well-formed ATR.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AtrError {
    #[error("an ATR starts with TS = 3B or 3F, got {0:02X}")]
    BadTs(u8),
    #[error("the ATR ends before its {0}")]
    Truncated(&'static str),
    #[error("the ATR check byte TCK does not match")]
    BadChecksum,
    #[error("{0} bytes follow the ATR's last field")]
    TrailingBytes(usize),
}

/// A parsed ATR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atr {
    raw: Vec<u8>,
    protocols: Vec<u8>,
    historical: std::ops::Range<usize>,
}

/// The card capabilities data object (compact-TLV tag `7`): three software function tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CardCapabilities {
    /// Table 1: selection methods (b8 full DF name, b6 path, b5 FID, b3 short EF identifier, …).
    pub selection: u8,
    /// Table 2: data coding byte (data unit size, write behaviour).
    pub data_coding: u8,
    /// Table 3: b8 command chaining, b7 extended Lc and Le, b5b4 channels, b3–b1 max channels.
    pub functions: u8,
}

impl CardCapabilities {
    pub fn command_chaining(&self) -> bool {
        self.functions & 0x80 != 0
    }

    pub fn extended_length(&self) -> bool {
        self.functions & 0x40 != 0
    }

    pub fn to_bytes(self) -> [u8; 3] {
        [self.selection, self.data_coding, self.functions]
    }
}

impl Atr {
    /// Parse an ATR strictly (TCK is checked when present).
    pub fn parse(raw: &[u8]) -> Result<Self, AtrError> {
        let ts = *raw.first().ok_or(AtrError::Truncated("TS"))?;
        if ts != 0x3B && ts != 0x3F {
            return Err(AtrError::BadTs(ts));
        }
        let t0 = *raw.get(1).ok_or(AtrError::Truncated("T0"))?;
        let k = usize::from(t0 & 0x0F);
        let mut y = t0 >> 4;
        let mut pos = 2;
        let mut protocols = Vec::new();
        loop {
            // TA, TB, TC are present per the bits of Y; TD last.
            pos += (y & 0x07).count_ones() as usize;
            if y & 0x08 == 0 {
                break;
            }
            let td = *raw.get(pos).ok_or(AtrError::Truncated("interface bytes"))?;
            pos += 1;
            protocols.push(td & 0x0F);
            y = td >> 4;
        }
        if pos > raw.len() {
            return Err(AtrError::Truncated("interface bytes"));
        }
        let historical = pos..pos + k;
        if historical.end > raw.len() {
            return Err(AtrError::Truncated("historical bytes"));
        }
        let needs_tck = protocols.iter().any(|&t| t != 0);
        let end = historical.end + usize::from(needs_tck);
        if end > raw.len() {
            return Err(AtrError::Truncated("check byte TCK"));
        }
        if end < raw.len() {
            return Err(AtrError::TrailingBytes(raw.len() - end));
        }
        if needs_tck && raw[1..end].iter().fold(0u8, |acc, b| acc ^ b) != 0 {
            return Err(AtrError::BadChecksum);
        }
        if protocols.is_empty() {
            protocols.push(0);
        }
        Ok(Self { raw: raw.to_vec(), protocols, historical })
    }

    /// A T=1 ATR carrying `historical` bytes (at most 15), with its check byte.
    pub fn t1_with_historical(historical: &[u8]) -> Vec<u8> {
        let k = historical.len().min(15);
        // T0 = 8K (TD1 follows), TD1 = 80 (TD2 follows), TD2 = 01 (T=1): the common T=1 layout pcscd accepts.
        let mut atr = vec![0x3B, 0x80 | k as u8, 0x80, 0x01];
        atr.extend_from_slice(&historical[..k]);
        let tck = atr[1..].iter().fold(0u8, |acc, b| acc ^ b);
        atr.push(tck);
        atr
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.raw
    }

    /// Transmission protocols announced in TD bytes (T=0 when none is).
    pub fn protocols(&self) -> &[u8] {
        &self.protocols
    }

    pub fn historical_bytes(&self) -> &[u8] {
        &self.raw[self.historical.clone()]
    }

    /// The card capabilities object, when the historical bytes are compact-TLV (category `00` or `80`).
    pub fn capabilities(&self) -> Option<CardCapabilities> {
        let (&category, rest) = self.historical_bytes().split_first()?;
        let objects = match category {
            0x80 => rest,
            // Category 00: the last three bytes are a status indicator, not compact-TLV.
            0x00 => rest.get(..rest.len().checked_sub(3)?)?,
            _ => return None,
        };
        let mut i = 0;
        while let Some(&head) = objects.get(i) {
            let (tag, len) = (head >> 4, usize::from(head & 0x0F));
            let value = objects.get(i + 1..i + 1 + len)?;
            if tag == 0x7 {
                return Some(CardCapabilities {
                    selection: value.first().copied().unwrap_or(0),
                    data_coding: value.get(1).copied().unwrap_or(0),
                    functions: value.get(2).copied().unwrap_or(0),
                });
            }
            i += 1 + len;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_parses_a_t1_atr_with_capabilities() {
        let raw = Atr::t1_with_historical(&[0x80, 0x73, 0xB4, 0x01, 0xC0]);
        let atr = Atr::parse(&raw).unwrap();
        assert_eq!(atr.protocols(), &[0, 1]);
        let caps = atr.capabilities().unwrap();
        assert!(caps.extended_length() && caps.command_chaining());
        assert_eq!(caps.selection, 0xB4);
    }

    #[test]
    fn known_atrs() {
        // The minimal T=1 ATR pcsc-stack.md suggests: no historical bytes, no capabilities.
        let atr = Atr::parse(&[0x3B, 0x80, 0x80, 0x01, 0x01]).unwrap();
        assert_eq!(atr.protocols(), &[0, 1]);
        assert_eq!(atr.capabilities(), None);
        // A T=0 ATR has no TCK.
        let t0 = Atr::parse(&[0x3B, 0x02, 0x14, 0x50]).unwrap();
        assert_eq!(t0.historical_bytes(), &[0x14, 0x50]);
    }

    #[test]
    fn rejects_malformed_atrs() {
        assert_eq!(Atr::parse(&[]), Err(AtrError::Truncated("TS")));
        assert_eq!(Atr::parse(&[0x00, 0x00]), Err(AtrError::BadTs(0)));
        assert_eq!(Atr::parse(&[0x3B, 0x80, 0x80, 0x01, 0x02]), Err(AtrError::BadChecksum));
        assert!(Atr::parse(&[0x3B, 0x85, 0x80, 0x01]).is_err());
        assert_eq!(Atr::parse(&[0x3B, 0x00, 0x00]), Err(AtrError::TrailingBytes(1)));
    }
}
