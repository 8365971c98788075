//! The card's contents as a whole, independent of how bytes reach a card.
//!
//! [`layout`] is the file layout of applet-spec/card.toml: the code reads it from there, so the spec and the
//! implementation cannot drift apart. [`CardFiles`] holds every file's bytes (what personalization writes,
//! what reading returns, what a dump keeps); [`listed_files`] reads an application's index file.

mod contents;
mod files;
mod index;
mod layout;
mod profile;

pub use contents::{
    AppSummary, CONTENTS_SCHEMA_VERSION, CardContents, EfComSummary, EmrtdContents, FileProblem, FileSummary,
    PortraitSummary,
};
pub use files::{AppFiles, CardFiles, DUMP_SCHEMA_VERSION, Dump, DumpError, FileBytes, LoadError, load_card_files};
pub use index::{index_file, listed_files};
pub use layout::{Access, AppLayout, FileLayout, Layout, LayoutError, layout};
pub use profile::{
    CardImage, Identity, PROFILE_SCHEMA_VERSION, Portrait, Profile, ProfileError, Security, SigningError,
    authority_keys, issuing_authority, sign_integrated_document,
};
