//! The contact interface of a software card ([`VirtualCard`]) and the card side of
//! vsmartcard's `vpcd` protocol ([`serve`], [`VpcdConnector`]), which makes such a card
//! appear in a real PC/SC reader (`Virtual PCD 00 00` / `Virtual PCD 00 01`) of pcscd.

mod card;
mod frame;
mod null;
mod sockopt;
mod vpcd;

pub use card::{PowerEvent, VirtualCard};
pub use frame::{MAX_FRAME_LEN, SW_TRANSPORT_ERROR};
pub use null::NullCard;
pub use vpcd::{
    DEFAULT_VPCD_PORT, EventCallback, ServeStats, StopHandle, VpcdConnector, VpcdError, VpcdEvent, VpcdOptions, serve,
    slot_addr,
};
