//! A software card called directly, without a reader: fast and deterministic for unit tests.

use cccd_vcard::{PowerEvent, VirtualCard};

use crate::{Transport, TransportError};

/// Talks to a [`VirtualCard`] in the same process.
pub struct InProcessTransport<C: VirtualCard> {
    card: C,
    atr: Vec<u8>,
}

impl<C: VirtualCard> InProcessTransport<C> {
    /// Power the card on and keep it.
    pub fn new(mut card: C) -> Self {
        card.power(PowerEvent::On);
        let atr = card.atr();
        Self { card, atr }
    }

    pub fn card(&self) -> &C {
        &self.card
    }

    pub fn into_card(mut self) -> C {
        self.card.power(PowerEvent::Off);
        self.card
    }
}

impl<C: VirtualCard> Transport for InProcessTransport<C> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(self.card.transmit(command))
    }

    fn atr(&self) -> &[u8] {
        &self.atr
    }

    fn name(&self) -> &str {
        "in-process card"
    }

    fn reset(&mut self) -> Result<(), TransportError> {
        self.card.power(PowerEvent::Reset);
        Ok(())
    }
}
