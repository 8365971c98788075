//! `cccd`: the command-line tool for chip identity cards.
//!
//! This file only parses arguments, runs one command and maps its outcome to an exit code (see [`exit`]).

mod access_key;
mod args;
mod commands;
mod exit;
mod output;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    let outcome = commands::run(&cli);
    exit::report(outcome, cli.format)
}
