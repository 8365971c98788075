//! Command chaining (ISO 7816-4 §5.1.1.1): split a long command on the host, merge it on the card.

use crate::{Cla, Command, StatusWord};

/// The most data a merged chain may carry: what one extended APDU could have carried.
pub const MAX_CHAINED_DATA: usize = 65_535;

/// Split `cmd` into parts of at most `max_data` bytes each, the chaining bit set on all but the last.
/// Le travels on the last part only. A command that fits is returned unchanged, as one part.
pub fn split_for_chaining(cmd: &Command<'_>, max_data: usize) -> Vec<Command<'static>> {
    let max_data = max_data.max(1);
    if cmd.nc() <= max_data {
        return vec![cmd.clone().into_owned()];
    }
    let chunks: Vec<&[u8]> = cmd.data().chunks(max_data).collect();
    let last = chunks.len() - 1;
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let more = i < last;
            let mut part = cmd.replace_data(chunk.to_vec()).shortest_form();
            part.cla = cmd.cla.with_chaining(more);
            if more { part.without_ne().shortest_form() } else { part.shortest_form() }
        })
        .collect()
}

/// What the card does with one command of a chain.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainStep<'a> {
    /// The command is complete (it was not chained, or it ended a chain): process it.
    Complete(Command<'a>),
    /// More parts are expected: answer `9000` and wait.
    Pending,
}

/// Card-side state of a chain in progress; part of the volatile state cleared on reset.
#[derive(Debug, Default)]
pub struct ChainAssembler {
    pending: Option<Pending>,
}

#[derive(Debug)]
struct Pending {
    header: [u8; 4],
    data: Vec<u8>,
}

impl ChainAssembler {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Forget any chain in progress (power off, reset, application change).
    pub fn reset(&mut self) {
        self.pending = None;
    }

    /// Feed one received command. An error is the status word to answer; the chain is then abandoned.
    pub fn push<'a>(&mut self, cmd: Command<'a>) -> Result<ChainStep<'a>, StatusWord> {
        let chained = cmd.cla.is_chained();
        let header = unchained_header(&cmd);
        let Some(mut pending) = self.pending.take() else {
            if !chained {
                return Ok(ChainStep::Complete(cmd));
            }
            if cmd.ne().is_some() {
                // Le belongs to the last command of a chain only.
                return Err(StatusWord::WRONG_LENGTH);
            }
            self.pending = Some(Pending { header, data: cmd.data().to_vec() });
            return Ok(ChainStep::Pending);
        };
        if pending.header != header {
            return Err(StatusWord::LAST_COMMAND_OF_CHAIN_EXPECTED);
        }
        if pending.data.len() + cmd.nc() > MAX_CHAINED_DATA {
            return Err(StatusWord::WRONG_LENGTH);
        }
        pending.data.extend_from_slice(cmd.data());
        if chained {
            if cmd.ne().is_some() {
                return Err(StatusWord::WRONG_LENGTH);
            }
            self.pending = Some(pending);
            return Ok(ChainStep::Pending);
        }
        let mut merged = cmd.replace_data(pending.data);
        merged.cla = cmd.cla.with_chaining(false);
        Ok(ChainStep::Complete(merged))
    }
}

fn unchained_header(cmd: &Command<'_>) -> [u8; 4] {
    let Cla(cla) = cmd.cla.with_chaining(false);
    [cla, cmd.ins, cmd.p1, cmd.p2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(n: usize) -> Command<'static> {
        let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
        Command::new(0x00, 0xD6, 0x00, 0x00).with_data(data).unwrap()
    }

    #[test]
    fn split_sets_chaining_bit_on_all_but_last() {
        let cmd = update(600).with_ne(256).unwrap();
        let parts = split_for_chaining(&cmd, 255);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.iter().map(|p| p.cla.0).collect::<Vec<_>>(), vec![0x10, 0x10, 0x00]);
        assert_eq!(parts.iter().map(|p| p.nc()).collect::<Vec<_>>(), vec![255, 255, 90]);
        assert_eq!(parts.iter().map(|p| p.ne()).collect::<Vec<_>>(), vec![None, None, Some(256)]);
        assert!(parts.iter().all(|p| p.to_bytes().len() <= 5 + 255 + 1));
    }

    #[test]
    fn assembler_merges_what_split_produced() {
        let cmd = update(1000).with_ne(16).unwrap();
        let mut asm = ChainAssembler::new();
        let parts = split_for_chaining(&cmd, 200);
        let mut done = None;
        for (i, p) in parts.into_iter().enumerate() {
            match asm.push(p).unwrap() {
                ChainStep::Pending => assert!(i < 4),
                ChainStep::Complete(c) => done = Some(c.into_owned()),
            }
        }
        assert_eq!(done.unwrap(), cmd);
        assert!(!asm.is_pending());
    }

    #[test]
    fn broken_chain_is_refused() {
        let mut asm = ChainAssembler::new();
        let first = Command::new(0x10, 0xD6, 0, 0).with_data(vec![1, 2]).unwrap();
        assert_eq!(asm.push(first).unwrap(), ChainStep::Pending);
        let other = Command::new(0x00, 0xB0, 0, 0).with_ne(4).unwrap();
        assert_eq!(asm.push(other), Err(StatusWord::LAST_COMMAND_OF_CHAIN_EXPECTED));
        assert!(!asm.is_pending());
        let with_le = Command::new(0x10, 0xD6, 0, 0).with_data(vec![1]).unwrap().with_ne(1).unwrap();
        assert_eq!(asm.push(with_le), Err(StatusWord::WRONG_LENGTH));
    }

    #[test]
    fn chain_longer_than_an_extended_apdu_is_refused() {
        let mut asm = ChainAssembler::new();
        let part = Command::new(0x10, 0xD6, 0, 0).with_data(vec![0u8; 255]).unwrap();
        let mut result = Ok(ChainStep::Pending);
        for _ in 0..300 {
            result = asm.push(part.clone());
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(StatusWord::WRONG_LENGTH));
    }
}
