//! Status words SW1-SW2 with their ISO 7816-4 meanings (§5.6, Tables 5–6).

use std::fmt;

/// The two trailing bytes of every response.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatusWord(pub u16);

impl StatusWord {
    pub const SUCCESS: Self = Self(0x9000);
    pub const WARNING_NO_INFO: Self = Self(0x6200);
    pub const END_OF_FILE_REACHED: Self = Self(0x6282);
    pub const VERIFICATION_FAILED: Self = Self(0x6300);
    pub const EXECUTION_ERROR: Self = Self(0x6400);
    pub const MEMORY_FAILURE: Self = Self(0x6581);
    pub const WRONG_LENGTH: Self = Self(0x6700);
    pub const CLA_FUNCTION_NOT_SUPPORTED: Self = Self(0x6800);
    pub const LOGICAL_CHANNEL_NOT_SUPPORTED: Self = Self(0x6881);
    pub const SECURE_MESSAGING_NOT_SUPPORTED: Self = Self(0x6882);
    pub const LAST_COMMAND_OF_CHAIN_EXPECTED: Self = Self(0x6883);
    pub const CHAINING_NOT_SUPPORTED: Self = Self(0x6884);
    pub const COMMAND_NOT_ALLOWED: Self = Self(0x6900);
    pub const INCOMPATIBLE_WITH_FILE_STRUCTURE: Self = Self(0x6981);
    pub const SECURITY_STATUS_NOT_SATISFIED: Self = Self(0x6982);
    pub const AUTHENTICATION_METHOD_BLOCKED: Self = Self(0x6983);
    pub const REFERENCE_DATA_NOT_USABLE: Self = Self(0x6984);
    pub const CONDITIONS_OF_USE_NOT_SATISFIED: Self = Self(0x6985);
    pub const NO_CURRENT_EF: Self = Self(0x6986);
    pub const SM_DATA_OBJECTS_MISSING: Self = Self(0x6987);
    pub const SM_DATA_OBJECTS_INCORRECT: Self = Self(0x6988);
    pub const WRONG_P1P2_NO_INFO: Self = Self(0x6A00);
    pub const INCORRECT_DATA: Self = Self(0x6A80);
    pub const FUNCTION_NOT_SUPPORTED: Self = Self(0x6A81);
    pub const FILE_NOT_FOUND: Self = Self(0x6A82);
    pub const RECORD_NOT_FOUND: Self = Self(0x6A83);
    pub const NOT_ENOUGH_MEMORY: Self = Self(0x6A84);
    pub const NC_INCONSISTENT_WITH_TLV: Self = Self(0x6A85);
    pub const INCORRECT_P1P2: Self = Self(0x6A86);
    pub const NC_INCONSISTENT_WITH_P1P2: Self = Self(0x6A87);
    pub const REFERENCED_DATA_NOT_FOUND: Self = Self(0x6A88);
    pub const FILE_ALREADY_EXISTS: Self = Self(0x6A89);
    pub const DF_NAME_ALREADY_EXISTS: Self = Self(0x6A8A);
    pub const WRONG_P1P2: Self = Self(0x6B00);
    pub const INS_NOT_SUPPORTED: Self = Self(0x6D00);
    pub const CLA_NOT_SUPPORTED: Self = Self(0x6E00);
    pub const NO_PRECISE_DIAGNOSIS: Self = Self(0x6F00);

    pub const fn new(sw1: u8, sw2: u8) -> Self {
        Self(u16::from_be_bytes([sw1, sw2]))
    }

    /// `61xx`: `xx` more bytes are waiting for GET RESPONSE (`00` = 256 or more).
    pub const fn bytes_available(n: u8) -> Self {
        Self::new(0x61, n)
    }

    /// `6Cxx`: wrong Le, `xx` is the exact number available (`00` = 256).
    pub const fn wrong_le(n: u8) -> Self {
        Self::new(0x6C, n)
    }

    /// `63Cx`: a counter, e.g. `x` PIN tries left (x ≤ 15).
    pub const fn counter(x: u8) -> Self {
        Self::new(0x63, 0xC0 | (x & 0x0F))
    }

    pub const fn sw1(self) -> u8 {
        (self.0 >> 8) as u8
    }

    pub const fn sw2(self) -> u8 {
        self.0 as u8
    }

    pub const fn to_bytes(self) -> [u8; 2] {
        self.0.to_be_bytes()
    }

    /// `9000` only; `61xx` means success too but more data must be fetched.
    pub const fn is_success(self) -> bool {
        self.0 == 0x9000
    }

    /// Normal processing: `9000` or `61xx`.
    pub const fn is_normal(self) -> bool {
        self.0 == 0x9000 || self.sw1() == 0x61
    }

    /// Warnings: `62xx`, `63xx`.
    pub const fn is_warning(self) -> bool {
        matches!(self.sw1(), 0x62 | 0x63)
    }

    /// Bytes still available when this is `61xx` (`00` means 256 or more).
    pub fn remaining_bytes(self) -> Option<usize> {
        (self.sw1() == 0x61).then(|| if self.sw2() == 0 { 256 } else { usize::from(self.sw2()) })
    }

    /// The exact Le to re-send with when this is `6Cxx` (`00` means 256).
    pub fn corrected_le(self) -> Option<u32> {
        (self.sw1() == 0x6C).then(|| if self.sw2() == 0 { 256 } else { u32::from(self.sw2()) })
    }

    /// Retries left when this is `63Cx`.
    pub fn retries_left(self) -> Option<u8> {
        (self.sw1() == 0x63 && self.sw2() & 0xF0 == 0xC0).then_some(self.sw2() & 0x0F)
    }

    /// The ISO 7816-4 meaning, in words.
    pub fn meaning(self) -> String {
        let (sw1, sw2) = (self.sw1(), self.sw2());
        match (sw1, sw2) {
            (0x61, 0x00) => "256 or more bytes available (GET RESPONSE)".into(),
            (0x61, n) => format!("{n} bytes available (GET RESPONSE)"),
            (0x6C, 0x00) => "wrong Le: 256 bytes available".into(),
            (0x6C, n) => format!("wrong Le: {n} bytes available"),
            (0x63, n) if n & 0xF0 == 0xC0 => {
                format!("counter {}: verification failed, {} tries left", n & 0x0F, n & 0x0F)
            }
            _ => self.fixed_meaning().unwrap_or_else(|| Self::class_meaning(sw1)).into(),
        }
    }

    fn fixed_meaning(self) -> Option<&'static str> {
        Some(match self.0 {
            0x9000 => "normal processing",
            0x6200 => "warning: no information given, NVM unchanged",
            0x6281 => "warning: part of returned data may be corrupted",
            0x6282 => "warning: end of file reached before reading Ne bytes",
            0x6283 => "warning: selected file deactivated",
            0x6284 => "warning: file control information not formatted per ISO 7816-4",
            0x6285 => "warning: selected file in termination state",
            0x6286 => "warning: no input data available from a sensor",
            0x6300 => "warning: no information given, NVM changed (authentication failed)",
            0x6381 => "warning: file filled up by the last write",
            0x6400 => "execution error, NVM unchanged",
            0x6581 => "memory failure",
            0x6700 => "wrong length",
            0x6800 => "functions in CLA not supported",
            0x6881 => "logical channel not supported",
            0x6882 => "secure messaging not supported",
            0x6883 => "last command of the chain expected",
            0x6884 => "command chaining not supported",
            0x6900 => "command not allowed",
            0x6981 => "command incompatible with file structure",
            0x6982 => "security status not satisfied",
            0x6983 => "authentication method blocked",
            0x6984 => "reference data not usable",
            0x6985 => "conditions of use not satisfied",
            0x6986 => "command not allowed (no current EF)",
            0x6987 => "expected secure messaging data objects missing",
            0x6988 => "incorrect secure messaging data objects",
            0x6A00 => "wrong parameters P1-P2",
            0x6A80 => "incorrect parameters in the command data field",
            0x6A81 => "function not supported",
            0x6A82 => "file or application not found",
            0x6A83 => "record not found",
            0x6A84 => "not enough memory space in the file",
            0x6A85 => "Nc inconsistent with TLV structure",
            0x6A86 => "incorrect parameters P1-P2",
            0x6A87 => "Nc inconsistent with parameters P1-P2",
            0x6A88 => "referenced data or reference data not found",
            0x6A89 => "file already exists",
            0x6A8A => "DF name already exists",
            0x6B00 => "wrong parameters P1-P2 (offset outside the EF)",
            0x6D00 => "instruction code not supported or invalid",
            0x6E00 => "class not supported",
            0x6F00 => "no precise diagnosis",
            _ => return None,
        })
    }

    fn class_meaning(sw1: u8) -> &'static str {
        match sw1 {
            0x62 => "warning, NVM unchanged",
            0x63 => "warning, NVM changed",
            0x64 => "execution error, NVM unchanged",
            0x65 => "execution error, NVM changed",
            0x66 => "security-related error",
            0x67 => "wrong length",
            0x68 => "functions in CLA not supported",
            0x69 => "command not allowed",
            0x6A => "wrong parameters P1-P2",
            0x6B => "wrong parameters P1-P2",
            0x6D => "instruction code not supported or invalid",
            0x6E => "class not supported",
            0x6F => "no precise diagnosis",
            0x90 => "normal processing (proprietary qualifier)",
            0x91..=0x9F => "proprietary status",
            _ => "unknown status word",
        }
    }
}

impl From<[u8; 2]> for StatusWord {
    fn from(b: [u8; 2]) -> Self {
        Self(u16::from_be_bytes(b))
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X} ({})", self.0, self.meaning())
    }
}

impl fmt::Debug for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SW {:04X}", self.0)
    }
}

impl fmt::UpperHex for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meanings_and_counters() {
        assert_eq!(StatusWord(0x6982).meaning(), "security status not satisfied");
        assert_eq!(StatusWord(0x63C2).retries_left(), Some(2));
        assert!(StatusWord(0x63C2).meaning().contains("2 tries left"));
        assert_eq!(StatusWord(0x6300).retries_left(), None);
        assert_eq!(StatusWord(0x6110).remaining_bytes(), Some(16));
        assert_eq!(StatusWord(0x6100).remaining_bytes(), Some(256));
        assert_eq!(StatusWord(0x6C05).corrected_le(), Some(5));
        assert_eq!(StatusWord(0x6C00).corrected_le(), Some(256));
        assert_eq!(StatusWord::counter(3), StatusWord(0x63C3));
        assert_eq!(StatusWord::new(0x6A, 0x82), StatusWord::FILE_NOT_FOUND);
        assert_eq!(format!("{}", StatusWord::SUCCESS), "9000 (normal processing)");
        assert_eq!(StatusWord(0x6A99).meaning(), "wrong parameters P1-P2");
        assert!(StatusWord(0x6110).is_normal() && !StatusWord(0x6110).is_success());
        assert!(StatusWord(0x6283).is_warning());
    }
}
