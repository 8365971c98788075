//! The class byte: chaining, secure messaging and logical channel bits (ISO 7816-4 §5.4.1).

/// A class byte with accessors for the interindustry bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cla(pub u8);

impl Cla {
    /// Bit b5: more commands of this chain follow.
    pub const CHAINING_BIT: u8 = 0x10;

    /// `FF` is invalid in every encoding; everything else is at least well-formed.
    pub fn is_valid(self) -> bool {
        self.0 != 0xFF
    }

    /// Interindustry classes (`0xxx xxxx`) carry the ISO meaning of chaining and SM bits.
    pub fn is_interindustry(self) -> bool {
        self.0 & 0x80 == 0
    }

    /// True when this command is not the last of a chain.
    pub fn is_chained(self) -> bool {
        self.is_interindustry() && self.0 & Self::CHAINING_BIT != 0
    }

    /// The same class with the chaining bit set or cleared.
    pub fn with_chaining(self, more_follow: bool) -> Cla {
        if more_follow { Cla(self.0 | Self::CHAINING_BIT) } else { Cla(self.0 & !Self::CHAINING_BIT) }
    }

    /// Secure messaging is indicated (first interindustry: b4b3 ≠ 00; further: b6).
    pub fn has_secure_messaging(self) -> bool {
        match self.0 & 0xE0 {
            0x00 => self.0 & 0x0C != 0,
            0x40 | 0x60 => self.0 & 0x20 != 0,
            _ => false,
        }
    }

    /// The logical channel number (0–19) of an interindustry class.
    pub fn channel(self) -> Option<u8> {
        match self.0 & 0xE0 {
            0x00 => Some(self.0 & 0x03),
            0x40 | 0x60 => Some(4 + (self.0 & 0x0F)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chaining_and_sm_bits() {
        assert!(Cla(0x10).is_chained());
        assert!(!Cla(0x00).is_chained());
        assert!(!Cla(0x90).is_chained(), "proprietary classes have no ISO chaining bit");
        assert_eq!(Cla(0x0C).with_chaining(true), Cla(0x1C));
        assert_eq!(Cla(0x1C).with_chaining(false), Cla(0x0C));
        assert!(Cla(0x0C).has_secure_messaging());
        assert!(!Cla(0x00).has_secure_messaging());
        assert!(Cla(0x60).has_secure_messaging());
        assert_eq!(Cla(0x03).channel(), Some(3));
        assert_eq!(Cla(0x4F).channel(), Some(19));
        assert_eq!(Cla(0x80).channel(), None);
        assert!(!Cla(0xFF).is_valid());
    }
}
