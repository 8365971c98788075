//! The card's contents as a whole, independent of how bytes reach a card.
//!
//! [`layout`] is the file layout of applet-spec/card.toml: the code reads it from there, so the spec and the
//! implementation cannot drift apart. [`CardFiles`] holds every file's bytes (what personalization writes,
//! what reading returns, what a dump keeps); [`listed_files`] reads an application's index file.

mod files;
mod index;
mod layout;

pub use files::{AppFiles, CardFiles, DUMP_SCHEMA_VERSION, Dump, DumpError, FileBytes};
pub use index::{index_file, listed_files};
pub use layout::{Access, AppLayout, FileLayout, Layout, LayoutError, layout};
