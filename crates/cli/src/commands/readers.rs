//! `cccd readers`

use serde::Serialize;

use crate::args::Cli;
use crate::exit::{Failure, Outcome};
use crate::output;

#[derive(Serialize)]
struct Reader {
    index: usize,
    name: String,
    card_present: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    atr: Option<String>,
}

#[derive(Serialize)]
struct Readers {
    readers: Vec<Reader>,
}

pub fn run(cli: &Cli) -> Outcome {
    let found = cccd_transport::list_readers().map_err(|e| Failure::Card(e.into()))?;
    let readers = Readers {
        readers: found
            .into_iter()
            .map(|r| Reader {
                index: r.index,
                name: r.name,
                card_present: r.card_present,
                atr: r.atr.map(hex::encode_upper),
            })
            .collect(),
    };
    output::print(cli.format, "readers", &readers, |r| {
        if r.readers.is_empty() {
            println!("no readers");
        }
        for reader in &r.readers {
            let card = match &reader.atr {
                Some(atr) => format!("card, ATR {atr}"),
                None if reader.card_present => "card".to_owned(),
                None => "no card".to_owned(),
            };
            println!("{}: {} ({card})", reader.index, reader.name);
        }
    });
    Ok(())
}
