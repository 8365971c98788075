//! `cccd read`: every file of a card (or a dump), decoded into one typed structure.

use cccd_image::{CardContents, CardFiles, Dump, layout, load_card_files};
use cccd_reader::card_ops::read_card;

use crate::args::{Cli, ReadArgs};
use crate::exit::{Failure, Outcome};
use crate::output;

pub fn run(cli: &Cli, args: &ReadArgs) -> Outcome {
    let files = match &args.from_dump {
        Some(path) => load_dump(path)?,
        None => {
            let mut ch = super::open_with_access(cli, args.access.mrz_information()?.as_deref())?;
            read_card(&mut ch, layout()).map_err(super::card_failure)?
        }
    };
    if let Some(path) = &args.dump {
        std::fs::write(path, Dump::new(files.clone()).to_json())
            .map_err(|e| Failure::usage(format!("cannot write dump {}: {e}", path.display())))?;
    }
    let contents = CardContents::decode(&files);
    output::print(cli.format, "card", &contents, |c| print!("{}", c.to_text()));
    Ok(())
}

/// A dump written by `--dump`, or a folder of raw files named as in the BSI TR-03105-5 set.
pub fn load_dump(path: &std::path::Path) -> Result<CardFiles, Failure> {
    load_card_files(path, layout()).map_err(|e| Failure::Usage(e.into()))
}
