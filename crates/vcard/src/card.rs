//! The trait every software card implements: what a reader sees through the contacts.

/// A change of the card's power, as signalled by the reader.
///
/// Cards clear their volatile state (selected application, secure messaging session,
/// verified PINs) on [`PowerEvent::Off`] and [`PowerEvent::Reset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PowerEvent {
    /// Contacts deactivated (also sent by the connector when the reader goes away).
    Off,
    /// Cold start.
    On,
    /// Warm reset.
    Reset,
}

/// A card as seen from its contacts: an ATR, power events, and APDUs in → responses out.
pub trait VirtualCard: Send {
    /// The Answer To Reset the reader reports.
    fn atr(&self) -> Vec<u8>;
    /// A power event from the reader.
    fn power(&mut self, event: PowerEvent);
    /// Process one raw command APDU; return the raw response (data ‖ SW1 SW2).
    fn transmit(&mut self, command: &[u8]) -> Vec<u8>;
}

impl<T: VirtualCard + ?Sized> VirtualCard for Box<T> {
    fn atr(&self) -> Vec<u8> {
        (**self).atr()
    }
    fn power(&mut self, event: PowerEvent) {
        (**self).power(event)
    }
    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        (**self).transmit(command)
    }
}

/// Lets a caller serve a card it keeps (and inspects) afterwards.
impl<T: VirtualCard + ?Sized> VirtualCard for &mut T {
    fn atr(&self) -> Vec<u8> {
        (**self).atr()
    }
    fn power(&mut self, event: PowerEvent) {
        (**self).power(event)
    }
    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        (**self).transmit(command)
    }
}
