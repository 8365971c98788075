//! The command line, as clap sees it.

use std::path::PathBuf;

use cccd_transport::ReaderSelector;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "cccd",
    version,
    about = "Read, personalize, verify and emulate chip identity cards (ICAO 9303 / CCCD)"
)]
#[command(after_help = "Exit codes: 0 success, 1 a check failed, 2 bad usage or input, 3 reader or card error.")]
pub struct Cli {
    /// Reader to use, by name (or a unique part of it) or index; default: the only reader holding a card.
    #[arg(long, global = true, value_name = "NAME|INDEX")]
    pub reader: Option<ReaderSelector>,
    /// Write every APDU exchanged to FILE as JSON Lines (PINs are redacted).
    #[arg(long, global = true, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(subcommand)]
    pub command: Commands,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    /// JSON with a `schema_version`.
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Commands {
    /// List PC/SC readers, whether a card is present, and its ATR.
    Readers,
    /// Send raw APDUs, exactly as given, in order.
    Apdu(ApduArgs),
    /// Serve the software card in a vpcd virtual reader until interrupted.
    Emulate(EmulateArgs),
    /// Write a blank card from a profile (TOML): validate, create and write every file, read back and compare.
    Personalize(PersonalizeArgs),
    /// Read every application and file of a card (or a dump) and decode it.
    Read(ReadArgs),
    /// Check a card or a dump: passive and active authentication, document signatures, consistency.
    Verify(VerifyArgs),
    /// The test PKI: CSCA, document signer and the authorities that sign integrated documents.
    #[command(subcommand)]
    Pki(PkiCommand),
    /// The citizen PIN: its state, verification, change, and unblocking with the PUK.
    #[command(subcommand)]
    Pin(PinCommand),
    /// Integrate, renew or remove a signed document on an issued card (BAC and the citizen PIN).
    #[command(subcommand)]
    Doc(DocCommand),
    /// Sign a file with the card's e-signature key (after the PIN), or check such a signature.
    Sign(SignArgs),
}

/// The document's access key for Basic Access Control: the full MRZ, or its three fields, or the 12-digit
/// personal number with the dates (the document number is its last 9 digits).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AccessKeyArgs {
    /// The whole MRZ (2 or 3 lines; newlines optional).
    #[arg(long, value_name = "MRZ", conflicts_with_all = ["doc_number", "personal_number", "birth", "expiry"])]
    pub mrz: Option<String>,
    /// Document number as printed in the MRZ.
    #[arg(long, value_name = "NUMBER", conflicts_with = "personal_number")]
    pub doc_number: Option<String>,
    /// The CCCD's 12-digit personal number (document number = its last 9 digits).
    #[arg(long, value_name = "DIGITS")]
    pub personal_number: Option<String>,
    /// Date of birth, YYYY-MM-DD or YYMMDD.
    #[arg(long, value_name = "DATE")]
    pub birth: Option<String>,
    /// Date of expiry, YYYY-MM-DD or YYMMDD.
    #[arg(long, value_name = "DATE")]
    pub expiry: Option<String>,
}

/// The card batch's personalization key (AES-128).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct PersoKeyArgs {
    /// File holding the key as 32 hex digits; default: the well-known test key of software cards.
    #[arg(long, value_name = "FILE")]
    pub perso_key: Option<PathBuf>,
}

/// The citizen's first PIN and the PUK, set at personalization.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct InitialPinArgs {
    /// File whose first line is the citizen's first PIN (6 digits).
    #[arg(long, value_name = "FILE", requires = "puk_file")]
    pub pin_file: Option<PathBuf>,
    /// File whose first line is the PUK (8 digits).
    #[arg(long, value_name = "FILE", requires = "pin_file")]
    pub puk_file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum DocCommand {
    /// Sign a document description with its authority's key from a PKI: the signed document object, ready for
    /// `doc add`. The TOML holds one table named after the type, as in a profile without the `documents.`
    /// prefix: `[driving_licence]`, `[driving_licence.header]`, … (see examples/documents).
    Issue {
        #[arg(value_name = "TOML")]
        input: PathBuf,
        #[arg(long, value_name = "DIR")]
        pki: PathBuf,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write a new signed document (from `doc issue`) to the card; refused when one of its type is there.
    Add(DocWriteArgs),
    /// Replace the card's document of this type with a newer signed one.
    Replace(DocWriteArgs),
    /// Remove the card's document of this type.
    Remove {
        /// Document type: health_insurance, tax, driving_licence, passport, social_insurance,
        /// birth_certificate, marriage_certificate, vehicle_registration.
        #[arg(long = "type", value_name = "TYPE")]
        doc_type: String,
        #[command(flatten)]
        access: AccessKeyArgs,
        #[command(flatten)]
        pin: SecretArgs,
    },
}

#[derive(clap::Args, Debug)]
pub struct DocWriteArgs {
    /// The signed document object (E1–E8 …), as `doc issue` writes it.
    #[arg(value_name = "DOCUMENT")]
    pub document: PathBuf,
    #[command(flatten)]
    pub access: AccessKeyArgs,
    #[command(flatten)]
    pub pin: SecretArgs,
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SignArgs {
    #[command(subcommand)]
    pub verify: Option<SignCommand>,
    /// The file to sign (SHA-256 on the host, ECDSA P-256 on the card).
    #[arg(long = "in", value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Where to write the signature (DER ECDSA-Sig-Value, as `openssl dgst -verify` reads).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub pin: SecretArgs,
    #[command(flatten)]
    pub access: AccessKeyArgs,
}

#[derive(Subcommand, Debug)]
pub enum SignCommand {
    /// Check a signature over a file with the card's certificate (from the card, or --cert).
    Verify {
        #[arg(long = "in", value_name = "FILE")]
        input: PathBuf,
        #[arg(long, value_name = "FILE")]
        sig: PathBuf,
        /// The signer's certificate (DER or PEM) instead of the one on the card.
        #[arg(long, value_name = "FILE")]
        cert: Option<PathBuf>,
        /// The access key, to read the certificate from the card (not needed with --cert).
        #[command(flatten)]
        access: AccessKeyArgs,
    },
}

/// Where a PIN or PUK comes from: never the command line, where other users and shell histories see it.
#[derive(clap::Args, Debug, Clone)]
pub struct SecretArgs {
    /// Read it from the first line of FILE.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Read it from the environment variable VAR.
    #[arg(long, value_name = "VAR", conflicts_with = "file")]
    pub env: Option<String>,
}

/// Where a new PIN comes from (never the command line).
#[derive(clap::Args, Debug, Clone)]
pub struct NewPinArgs {
    #[arg(long, value_name = "FILE")]
    pub new_file: Option<PathBuf>,
    #[arg(long, value_name = "VAR", conflicts_with = "new_file")]
    pub new_env: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum PinCommand {
    /// Tries left, or whether the PIN is verified or blocked (sends no PIN).
    Status {
        #[command(flatten)]
        access: AccessKeyArgs,
    },
    /// Verify the PIN (from --file, --env, or a prompt).
    Verify {
        #[command(flatten)]
        pin: SecretArgs,
        /// With the access key, the PIN goes inside BAC secure messaging (the form signing and documents need).
        #[command(flatten)]
        access: AccessKeyArgs,
    },
    /// Change the PIN: the current one (--file/--env or prompt), then the new one (--new-file/--new-env or prompt).
    Change {
        #[command(flatten)]
        pin: SecretArgs,
        #[command(flatten)]
        new: NewPinArgs,
        #[command(flatten)]
        access: AccessKeyArgs,
    },
    /// Unblock with the PUK (--file/--env or prompt); with --new-file/--new-env also set a new PIN.
    Unblock {
        #[command(flatten)]
        puk: SecretArgs,
        #[command(flatten)]
        new: NewPinArgs,
        #[command(flatten)]
        access: AccessKeyArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum PkiCommand {
    /// Create a test PKI in DIR (ECDSA P-256, PKCS#8 keys, DER and PEM certificates) and its trust store in
    /// DIR/trust.
    Init {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Issue an X.509 certificate for the card's e-signature key from the PKI's citizen signing CA, and store it
    /// on the card (BAC to read the holder's name, and the PIN).
    CertifyCard {
        #[arg(long, value_name = "DIR")]
        pki: PathBuf,
        /// Also write the certificate (PEM) here.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        access: AccessKeyArgs,
        #[command(flatten)]
        pin: SecretArgs,
    },
    /// Add a CSCA certificate (DER or PEM) to a trust store directory.
    ImportCsca {
        /// The trust store directory (created when missing).
        #[arg(long, value_name = "DIR")]
        trust: PathBuf,
        #[arg(value_name = "CERT")]
        cert: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The trust store: CSCA certificates in DIR/csca, authority certificates in DIR/authorities.
    #[arg(long, value_name = "DIR")]
    pub trust: Option<PathBuf>,
    /// Verify a dump (from `cccd read --dump`) or a folder of raw files (BSI naming) instead of a card; Active
    /// Authentication then cannot be performed.
    #[arg(long, value_name = "PATH")]
    pub from_dump: Option<PathBuf>,
    /// Judge validity periods on this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    #[command(flatten)]
    pub access: AccessKeyArgs,
}

#[derive(clap::Args, Debug)]
pub struct PersonalizeArgs {
    /// The citizen's profile (TOML), e.g. examples/profiles/nguyen-van-an.toml.
    #[arg(value_name = "PROFILE")]
    pub profile: PathBuf,
    /// Lock the card afterwards: issuer data can never be rewritten.
    #[arg(long)]
    pub lock: bool,
    /// Sign with this PKI (from `cccd pki init`) instead of the one the profile names.
    #[arg(long, value_name = "DIR")]
    pub pki: Option<PathBuf>,
    /// Validate and print the APDU plan without touching a card.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub perso: PersoKeyArgs,
    #[command(flatten)]
    pub pins: InitialPinArgs,
}

#[derive(clap::Args, Debug)]
pub struct ReadArgs {
    /// Also save the raw bytes of every file read to FILE (JSON), for offline checks.
    #[arg(long, value_name = "FILE", conflicts_with = "from_dump")]
    pub dump: Option<PathBuf>,
    /// Decode a dump written by --dump (or a folder of raw files named as in the BSI TR-03105-5 set) instead of
    /// reading a card.
    #[arg(long, value_name = "FILE")]
    pub from_dump: Option<PathBuf>,
    #[command(flatten)]
    pub access: AccessKeyArgs,
}

#[derive(clap::Args, Debug)]
pub struct ApduArgs {
    /// Command APDUs in hex (spaces and colons allowed inside one argument).
    #[arg(required = true, value_name = "HEX")]
    pub apdus: Vec<String>,
    /// Fail (exit 1) when a response has another status word, e.g. 9000 (x matches any hex digit: 61xx).
    #[arg(long, value_name = "SW")]
    pub expect: Option<String>,
    /// Fetch 61xx remainders with GET RESPONSE (off by default: nothing is sent but what you give).
    #[arg(long)]
    pub get_response: bool,
}

#[derive(clap::Args, Debug)]
pub struct EmulateArgs {
    /// vpcd slot: 0 serves "Virtual PCD 00 00" (port 35963), 1 "Virtual PCD 00 01" (port 35964).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=1), conflicts_with = "vpcd")]
    pub slot: u8,
    /// vpcd address to connect to instead of a local slot.
    #[arg(long, value_name = "HOST:PORT")]
    pub vpcd: Option<std::net::SocketAddr>,
    /// Keep the card's contents (blank, personalized or locked) in FILE across restarts; created when missing.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Serve a card already personalized (and locked) from this profile.
    #[arg(long, value_name = "PROFILE", conflicts_with = "from_dump")]
    pub profile: Option<PathBuf>,
    /// Serve a card image: a dump from `cccd read --dump`, or a folder of raw files named as in the BSI
    /// TR-03105-5 set (EF_COM.bin, EF_SOD.bin, DatagroupN.bin).
    #[arg(long, value_name = "PATH")]
    pub from_dump: Option<PathBuf>,
    /// The chip's Active Authentication private key (PKCS#8, DER or PEM), installed on the served card so that
    /// INTERNAL AUTHENTICATE answers as the original chip would.
    #[arg(long, value_name = "KEY", requires = "from_dump")]
    pub aa_key: Option<PathBuf>,
    /// A new card's personalization key (a stored card keeps its own).
    #[command(flatten)]
    pub perso: PersoKeyArgs,
    /// The first PIN and PUK of a card personalized from --profile.
    #[command(flatten)]
    pub pins: InitialPinArgs,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
