//! PC/SC readers through pcsc-lite.

use std::ffi::CString;

use pcsc::{Card, Context, Disposition, Protocols, Scope, ShareMode};

use crate::{Transport, TransportError};

/// Which reader to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderSelector {
    /// The only reader that holds a card.
    Auto,
    /// A reader by its exact name, or by a part of its name that matches only one reader.
    Name(String),
    /// A reader by its position in the reader list (from 0).
    Index(usize),
}

impl std::str::FromStr for ReaderSelector {
    type Err = std::convert::Infallible;

    /// A number is an index; anything else a name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(s.parse::<usize>().map_or_else(|_| ReaderSelector::Name(s.to_owned()), ReaderSelector::Index))
    }
}

/// A reader and what is in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaderInfo {
    pub index: usize,
    pub name: String,
    pub card_present: bool,
    pub atr: Option<Vec<u8>>,
}

fn establish() -> Result<Context, TransportError> {
    Context::establish(Scope::User).map_err(TransportError::ServiceUnavailable)
}

fn reader_names(ctx: &Context) -> Result<Vec<CString>, TransportError> {
    match ctx.list_readers_owned() {
        Ok(names) => Ok(names),
        Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(TransportError::ServiceUnavailable(e)),
    }
}

/// Every reader pcscd knows, with card presence and ATR.
pub fn list_readers() -> Result<Vec<ReaderInfo>, TransportError> {
    let ctx = establish()?;
    let names = reader_names(&ctx)?;
    let mut states: Vec<pcsc::ReaderState> =
        names.iter().map(|n| pcsc::ReaderState::new(n.as_c_str(), pcsc::State::UNAWARE)).collect();
    if !states.is_empty() {
        ctx.get_status_change(std::time::Duration::ZERO, &mut states).map_err(TransportError::ServiceUnavailable)?;
    }
    Ok(states
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let present = s.event_state().contains(pcsc::State::PRESENT);
            ReaderInfo {
                index,
                name: s.name().to_string_lossy().into_owned(),
                card_present: present,
                atr: (present && !s.atr().is_empty()).then(|| s.atr().to_vec()),
            }
        })
        .collect())
}

/// A card in a PC/SC reader, connected in shared mode so that other tools can look on.
pub struct PcscTransport {
    _context: Context,
    card: Card,
    reader: String,
    atr: Vec<u8>,
    buffer: Vec<u8>,
}

impl PcscTransport {
    /// Connect to the card in the chosen reader (T=1 or T=0, shared mode).
    pub fn connect(selector: &ReaderSelector) -> Result<Self, TransportError> {
        let readers = list_readers()?;
        if readers.is_empty() {
            return Err(TransportError::NoReaders);
        }
        let names = || readers.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        let chosen = match selector {
            ReaderSelector::Auto => {
                let with_card: Vec<&ReaderInfo> = readers.iter().filter(|r| r.card_present).collect();
                match with_card.as_slice() {
                    [one] => *one,
                    [] => return Err(TransportError::NoCard(names())),
                    many => return Err(TransportError::AmbiguousReader(many.iter().map(|r| r.name.clone()).collect())),
                }
            }
            ReaderSelector::Index(i) => readers
                .get(*i)
                .ok_or_else(|| TransportError::ReaderNotFound { wanted: i.to_string(), available: names() })?,
            ReaderSelector::Name(wanted) => {
                let partial: Vec<&ReaderInfo> = readers.iter().filter(|r| r.name.contains(wanted.as_str())).collect();
                match readers.iter().find(|r| &r.name == wanted) {
                    Some(exact) => exact,
                    None if partial.len() == 1 => partial[0],
                    None if partial.len() > 1 => {
                        return Err(TransportError::AmbiguousName {
                            wanted: wanted.clone(),
                            matching: partial.iter().map(|r| r.name.clone()).collect(),
                        });
                    }
                    None => return Err(TransportError::ReaderNotFound { wanted: wanted.clone(), available: names() }),
                }
            }
        };
        Self::connect_named(&chosen.name)
    }

    fn connect_named(reader: &str) -> Result<Self, TransportError> {
        let context = establish()?;
        let cname = CString::new(reader)
            .map_err(|_| TransportError::ReaderNotFound { wanted: reader.to_owned(), available: Vec::new() })?;
        let card = context.connect(&cname, ShareMode::Shared, Protocols::ANY).map_err(|e| pcsc_error(reader, e))?;
        let atr = card_atr(&card).map_err(|e| pcsc_error(reader, e))?;
        Ok(Self {
            _context: context,
            card,
            reader: reader.to_owned(),
            atr,
            buffer: vec![0; pcsc::MAX_BUFFER_SIZE_EXTENDED],
        })
    }
}

fn card_atr(card: &Card) -> Result<Vec<u8>, pcsc::Error> {
    let mut names = [0u8; 2048];
    let mut atr = [0u8; pcsc::MAX_ATR_SIZE];
    let status = card.status2(&mut names, &mut atr)?;
    Ok(status.atr().to_vec())
}

fn pcsc_error(reader: &str, e: pcsc::Error) -> TransportError {
    match e {
        pcsc::Error::RemovedCard | pcsc::Error::ResetCard => TransportError::CardRemoved(reader.to_owned()),
        pcsc::Error::NoSmartcard => TransportError::NoCardInReader(reader.to_owned()),
        pcsc::Error::NoService | pcsc::Error::ServiceStopped => TransportError::ServiceUnavailable(e),
        other => TransportError::Pcsc { reader: reader.to_owned(), source: other },
    }
}

impl Transport for PcscTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        if command.len() > pcsc::MAX_BUFFER_SIZE_EXTENDED {
            return Err(TransportError::CommandTooLarge(command.len()));
        }
        let response = self.card.transmit(command, &mut self.buffer).map_err(|e| pcsc_error(&self.reader, e))?;
        Ok(response.to_vec())
    }

    fn atr(&self) -> &[u8] {
        &self.atr
    }

    fn name(&self) -> &str {
        &self.reader
    }

    fn reset(&mut self) -> Result<(), TransportError> {
        self.card
            .reconnect(ShareMode::Shared, Protocols::ANY, Disposition::ResetCard)
            .map_err(|e| pcsc_error(&self.reader, e))
    }
}
