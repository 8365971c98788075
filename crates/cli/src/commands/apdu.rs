//! `cccd apdu HEX…`: send exactly the given bytes, in order.

use cccd_apdu::StatusWord;
use cccd_transport::Transport;
use serde::Serialize;

use crate::args::{ApduArgs, Cli};
use crate::exit::{Failure, Outcome};
use crate::output;

/// A status-word pattern such as `9000` or `61xx`.
#[derive(Debug, Clone, Copy)]
struct SwPattern {
    value: u16,
    mask: u16,
}

impl SwPattern {
    fn parse(s: &str) -> Result<Self, Failure> {
        let s = s.trim();
        if s.len() != 4 {
            return Err(Failure::usage(format!("--expect {s:?}: a status word has 4 hex digits, e.g. 9000 or 61xx")));
        }
        let (mut value, mut mask) = (0u16, 0u16);
        for c in s.chars() {
            let (v, m) = match c {
                'x' | 'X' => (0, 0),
                c => (
                    c.to_digit(16).ok_or_else(|| Failure::usage(format!("--expect {s:?}: {c:?} is not a hex digit")))?
                        as u16,
                    0xF,
                ),
            };
            value = (value << 4) | v;
            mask = (mask << 4) | m;
        }
        Ok(Self { value, mask })
    }

    fn matches(self, sw: StatusWord) -> bool {
        sw.0 & self.mask == self.value
    }
}

/// Parse one APDU argument: hex digits, with spaces or colons allowed between them.
fn parse_hex(arg: &str) -> Result<Vec<u8>, Failure> {
    let digits: String = arg.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    if digits.is_empty() {
        return Err(Failure::usage(format!("{arg:?} is not an APDU: no hex digits")));
    }
    hex::decode(&digits).map_err(|e| Failure::usage(format!("{arg:?} is not valid hex: {e}")))
}

#[derive(Serialize)]
struct Exchange {
    command: String,
    response: String,
    data: String,
    sw: String,
    meaning: String,
}

#[derive(Serialize)]
struct Report {
    reader: String,
    exchanges: Vec<Exchange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expectation_failed: Option<String>,
}

pub fn run(cli: &Cli, args: &ApduArgs) -> Outcome {
    // Check every argument before anything is sent.
    let apdus = args.apdus.iter().map(|a| parse_hex(a)).collect::<Result<Vec<_>, _>>()?;
    let expect = args.expect.as_deref().map(SwPattern::parse).transpose()?;
    let mut channel = super::open_channel(cli)?;
    let mut report =
        Report { reader: channel.transport().name().to_owned(), exchanges: Vec::new(), expectation_failed: None };
    for raw in &apdus {
        let result =
            if args.get_response { channel.exchange_raw_with_get_response(raw) } else { channel.exchange_raw(raw) };
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                print_report(cli, &report);
                return Err(Failure::Card(e.into()));
            }
        };
        report.exchanges.push(Exchange {
            command: cccd_reader::command_hex(raw),
            response: hex::encode_upper(response.to_bytes()),
            data: hex::encode_upper(&response.data),
            sw: format!("{:X}", response.sw),
            meaning: response.sw.meaning(),
        });
        if let Some(pattern) = expect
            && !pattern.matches(response.sw)
        {
            report.expectation_failed = Some(format!(
                "expected SW {} but the card answered {}",
                args.expect.as_deref().unwrap_or_default(),
                response.sw
            ));
            break;
        }
    }
    print_report(cli, &report);
    match report.expectation_failed {
        Some(why) => Err(Failure::CheckFailed(why)),
        None => Ok(()),
    }
}

fn print_report(cli: &Cli, report: &Report) {
    output::print(cli.format, "apdu", report, |r| {
        for e in &r.exchanges {
            println!("> {}", e.command);
            println!("< {} {} ({})", e.data, e.sw, e.meaning);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let p = SwPattern::parse("61xx").unwrap();
        assert!(p.matches(StatusWord(0x6110)) && !p.matches(StatusWord(0x9000)));
        assert!(SwPattern::parse("9000").unwrap().matches(StatusWord::SUCCESS));
        assert!(SwPattern::parse("900").is_err() && SwPattern::parse("90G0").is_err());
    }

    #[test]
    fn hex_arguments() {
        assert_eq!(parse_hex("00 A4:04 0C").unwrap(), vec![0x00, 0xA4, 0x04, 0x0C]);
        assert!(parse_hex("00A").is_err());
        assert!(parse_hex("zz").is_err());
        assert!(parse_hex("  ").is_err());
    }
}
