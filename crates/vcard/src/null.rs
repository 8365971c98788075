//! A card that answers `90 00` to everything: the stack's speed floor for benchmarks.

use crate::{PowerEvent, VirtualCard};

/// T=1 ATR: TS=3B, T0=80 (no historical bytes, TD1 follows), TD1=80 (TD2 follows, T=0
/// announced), TD2=01 (T=1), TCK=01.
const NULL_ATR: [u8; 5] = [0x3B, 0x80, 0x80, 0x01, 0x01];

/// Answers `90 00` to every APDU without parsing it.
#[derive(Debug, Clone, Default)]
pub struct NullCard {
    apdus: u64,
}

impl NullCard {
    /// A new null card.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of APDUs answered so far.
    pub fn apdus(&self) -> u64 {
        self.apdus
    }
}

impl VirtualCard for NullCard {
    fn atr(&self) -> Vec<u8> {
        NULL_ATR.to_vec()
    }

    fn power(&mut self, _event: PowerEvent) {}

    fn transmit(&mut self, _command: &[u8]) -> Vec<u8> {
        self.apdus += 1;
        vec![0x90, 0x00]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_9000_and_has_valid_tck() {
        let mut card = NullCard::new();
        assert_eq!(card.transmit(&[]), [0x90, 0x00]);
        assert_eq!(card.transmit(&[0x00, 0xA4, 0x04, 0x00]), [0x90, 0x00]);
        assert_eq!(card.apdus(), 2);
        // TCK: XOR of T0..TCK is zero.
        let atr = card.atr();
        assert_eq!(atr[1..].iter().fold(0u8, |a, b| a ^ b), 0);
    }
}
