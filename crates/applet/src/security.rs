//! The card's security state and the access conditions of applet-spec/card.toml (`[access]`), checked in one
//! place so that every command names its condition instead of testing flags itself.

use cccd_apdu::StatusWord;
use cccd_sm::SmSession;

use crate::Lifecycle;

/// What has been proven in this session (volatile: cleared on power off and reset).
#[derive(Debug, Default)]
pub struct SecurityState {
    /// A secure-messaging session opened by Basic Access Control.
    pub sm: Option<SmSession>,
    /// The terminal proved it holds the personalization key (and the card proved it too).
    pub personalization: bool,
    /// The citizen PIN was verified in this session.
    pub pin_verified: bool,
}

impl SecurityState {
    /// End secure messaging (a plain command, a wrong MAC): whatever was proven inside it goes with it.
    pub fn end_secure_messaging(&mut self) {
        if self.sm.take().is_some() {
            self.pin_verified = false;
        }
    }
}

/// An access condition, as named in applet-spec/card.toml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// `always`.
    Always,
    /// `sm`: inside a BAC secure-messaging session; before locking, the personalization authentication also
    /// opens it (the personalization system reads back what it wrote).
    SecureMessaging,
    /// `perso`: the personalization authentication, before locking only.
    Personalization,
    /// `sm+pin`: both.
    SecureMessagingAndPin,
    /// `perso|sm+pin`: the personalization authentication before locking, or BAC with the citizen PIN.
    PersonalizationOrSecureMessagingAndPin,
}

impl Access {
    /// `Ok` when the condition holds; else `6985` for what locking retired, `6982` for what is not proven yet.
    pub fn check(self, lifecycle: Lifecycle, state: &SecurityState) -> Result<(), StatusWord> {
        let perso = state.personalization && lifecycle.allows_personalization();
        let sm = state.sm.is_some();
        let holds = match self {
            Access::Always => true,
            Access::SecureMessaging => sm || perso,
            Access::Personalization if !lifecycle.allows_personalization() => {
                return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
            }
            Access::Personalization => perso,
            Access::SecureMessagingAndPin => sm && state.pin_verified,
            Access::PersonalizationOrSecureMessagingAndPin => perso || (sm && state.pin_verified),
        };
        if holds { Ok(()) } else { Err(StatusWord::SECURITY_STATUS_NOT_SATISFIED) }
    }
}
