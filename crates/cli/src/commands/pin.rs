//! `cccd pin status|verify|change|unblock`: PINs come from a file, an environment variable or a prompt, never
//! from the command line, and never reach a trace or log (traces redact VERIFY and friends).

use cccd_apdu::{Command, StatusWord};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::args::{Cli, PinCommand, SecretArgs};
use crate::exit::{Failure, Outcome};
use crate::output;

use super::secrets::{PIN_DIGITS, PUK_DIGITS, secret};

#[derive(Serialize)]
struct PinState {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tries_left: Option<u8>,
}

fn state_of(sw: StatusWord) -> Option<PinState> {
    match sw {
        StatusWord::SUCCESS => Some(PinState { status: "verified", tries_left: None }),
        StatusWord::AUTHENTICATION_METHOD_BLOCKED => Some(PinState { status: "blocked", tries_left: Some(0) }),
        sw => sw.retries_left().map(|n| PinState { status: "not verified", tries_left: Some(n) }),
    }
}

pub fn run(cli: &Cli, command: &PinCommand) -> Outcome {
    // Secrets are read and checked before the card is touched.
    let (ins, p1, data, what) = match command {
        PinCommand::Status { .. } => (0x20, 0x00, Zeroizing::new(Vec::new()), "PIN status"),
        PinCommand::Verify { pin, .. } => {
            let pin = super::secrets::pin(pin)?;
            (0x20, 0x00, Zeroizing::new(pin.as_bytes().to_vec()), "VERIFY")
        }
        PinCommand::Change { pin, new, .. } => {
            let old = secret(pin.file.as_deref(), pin.env.as_deref(), "current PIN", PIN_DIGITS)?;
            let new = new.read()?;
            (0x24, 0x00, Zeroizing::new([old.as_bytes(), new.as_bytes()].concat()), "CHANGE REFERENCE DATA")
        }
        PinCommand::Unblock { puk, new, .. } => {
            let SecretArgs { file, env } = puk;
            let puk = secret(file.as_deref(), env.as_deref(), "PUK", PUK_DIGITS)?;
            if new.is_given() {
                let new = new.read()?;
                (0x2C, 0x00, Zeroizing::new([puk.as_bytes(), new.as_bytes()].concat()), "RESET RETRY COUNTER")
            } else {
                (0x2C, 0x01, Zeroizing::new(puk.as_bytes().to_vec()), "RESET RETRY COUNTER")
            }
        }
    };
    let access = match command {
        PinCommand::Status { access }
        | PinCommand::Verify { access, .. }
        | PinCommand::Change { access, .. }
        | PinCommand::Unblock { access, .. } => access,
    };
    let mrz_information = access.mrz_information()?;
    let mut ch = super::open_with_access(cli, mrz_information.as_deref())?;
    if mrz_information.is_none() {
        // BAC selects the eMRTD application itself.
        let select =
            Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(super::emrtd_aid()).map_err(|e| Failure::Card(e.into()))?;
        ch.transmit(&select).map_err(|e| Failure::Card(e.into()))?;
    }
    let mut cmd = Command::new(0x00, ins, p1, 0x81);
    if !data.is_empty() {
        cmd = cmd.with_data(data.as_slice()).map_err(|e| Failure::Card(e.into()))?;
    }
    let response = ch.transmit(&cmd).map_err(|e| Failure::Card(e.into()))?;
    let Some(state) = state_of(response.sw) else {
        return Err(Failure::Card(anyhow::anyhow!("the card answered {} to {what}", response.sw)));
    };
    let ok = response.sw == StatusWord::SUCCESS;
    let done = matches!(command, PinCommand::Status { .. }) || ok;
    output::print(cli.format, "pin", &state, |s| match s.tries_left {
        Some(0) => println!("PIN blocked"),
        Some(n) => println!("PIN {}: {n} tries left", s.status),
        None => println!("PIN {}", if matches!(command, PinCommand::Status { .. }) { "verified" } else { "accepted" }),
    });
    if done { Ok(()) } else { Err(Failure::CheckFailed(format!("{what} refused: {}", response.sw))) }
}
