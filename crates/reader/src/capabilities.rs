//! What the card says it can do with long commands and responses.

use cccd_apdu::Atr;

/// Length capabilities of a card, from its ATR's historical bytes (ISO 7816-4 card capabilities).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub extended_length: bool,
    pub command_chaining: bool,
    /// Largest whole command APDU the card accepts.
    pub max_command_apdu: usize,
    /// Largest response data field the card sends in one response.
    pub max_response_data: usize,
}

impl Capabilities {
    /// Only what every card does: short APDUs.
    pub const SHORT_ONLY: Self =
        Self { extended_length: false, command_chaining: false, max_command_apdu: 261, max_response_data: 256 };

    /// Read from the ATR; a card that says nothing gets short APDUs only.
    pub fn from_atr(atr: &[u8]) -> Self {
        let Some(caps) = Atr::parse(atr).ok().and_then(|a| a.capabilities()) else {
            return Self::SHORT_ONLY;
        };
        let extended = caps.extended_length();
        Self {
            extended_length: extended,
            command_chaining: caps.command_chaining(),
            // The PC/SC and vpcd limit: 65,535 bytes a message in either direction.
            max_command_apdu: if extended { 65_535 } else { 261 },
            max_response_data: if extended { 65_533 } else { 256 },
        }
    }

    /// Refine with EF.ATR/INFO's extended length information (`7F66`: max command APDU, max response APDU).
    pub fn with_extended_length_info(mut self, max_command_apdu: usize, max_response_apdu: usize) -> Self {
        if self.extended_length {
            self.max_command_apdu = max_command_apdu.clamp(261, 65_535);
            self.max_response_data = max_response_apdu.saturating_sub(2).clamp(256, 65_533);
        }
        self
    }
}
