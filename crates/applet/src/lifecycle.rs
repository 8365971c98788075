//! Card lifecycle: blank → personalized → locked.

/// Where the card is in its life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    /// Only the MF and EF.ATR/INFO: nothing written yet.
    #[default]
    Blank,
    /// An application exists; issuer data may still be written.
    Personalized,
    /// Issuer data is read-only for good.
    Locked,
}

impl Lifecycle {
    /// The life cycle status byte (tag 8A) files report: initialisation (03) until locked, then operational (05).
    pub fn lcs_byte(self) -> u8 {
        match self {
            Lifecycle::Blank | Lifecycle::Personalized => 0x03,
            Lifecycle::Locked => 0x05,
        }
    }

    /// Issuer data may be created and written.
    pub fn allows_personalization(self) -> bool {
        self != Lifecycle::Locked
    }
}
