//! Secrets the user supplies: PINs from a file, an environment variable or an unechoed prompt (never argv),
//! checked before anything is sent; and the personalization key from a key file.

use std::io::IsTerminal;
use std::path::Path;

use cccd_sm::{PersoKey, perso};
use zeroize::Zeroizing;

use crate::args::{InitialPinArgs, NewPinArgs, PersoKeyArgs, SecretArgs};
use crate::exit::Failure;

pub const PIN_DIGITS: usize = 6;
pub const PUK_DIGITS: usize = 8;

/// Read a secret from a file, an environment variable or the terminal, and check its form before anything is sent.
pub fn secret(file: Option<&Path>, env: Option<&str>, what: &str, digits: usize) -> Result<Zeroizing<String>, Failure> {
    let raw = Zeroizing::new(match (file, env) {
        (Some(path), _) => {
            let text = Zeroizing::new(super::read_text(path)?);
            text.lines().next().unwrap_or_default().to_owned()
        }
        (None, Some(var)) => {
            std::env::var(var).map_err(|_| Failure::usage(format!("environment variable {var} is not set")))?
        }
        (None, None) => prompt(what)?,
    });
    let value = Zeroizing::new(raw.trim().to_owned());
    if value.len() != digits || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Failure::usage(format!("the {what} must be {digits} digits")));
    }
    Ok(value)
}

impl NewPinArgs {
    pub fn is_given(&self) -> bool {
        self.new_file.is_some() || self.new_env.is_some()
    }

    /// The new PIN, from its file, its variable or a prompt.
    pub fn read(&self) -> Result<Zeroizing<String>, Failure> {
        secret(self.new_file.as_deref(), self.new_env.as_deref(), "new PIN", PIN_DIGITS)
    }
}

/// The citizen PIN per [`SecretArgs`].
pub fn pin(args: &SecretArgs) -> Result<Zeroizing<String>, Failure> {
    secret(args.file.as_deref(), args.env.as_deref(), "PIN", PIN_DIGITS)
}

fn prompt(what: &str) -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::usage(format!("no {what} given: use --file, --env, or run in a terminal to be asked")));
    }
    // Not echoed.
    rpassword::prompt_password(format!("{what}: ")).map_err(|e| Failure::usage(format!("cannot read the {what}: {e}")))
}

/// The citizen's first PIN and the PUK.
pub type InitialPins = (Zeroizing<String>, Zeroizing<String>);

/// The first PIN and the PUK for personalization, when given.
pub fn initial_pins(args: &InitialPinArgs) -> Result<Option<InitialPins>, Failure> {
    match (&args.pin_file, &args.puk_file) {
        (Some(pin), Some(puk)) => {
            Ok(Some((secret(Some(pin), None, "PIN", PIN_DIGITS)?, secret(Some(puk), None, "PUK", PUK_DIGITS)?)))
        }
        _ => Ok(None),
    }
}

/// The personalization key from its file (32 hex digits), or the software cards' test key.
pub fn perso_key(args: &PersoKeyArgs) -> Result<PersoKey, Failure> {
    let Some(path) = &args.perso_key else { return Ok(PersoKey::new(perso::TEST_PERSO_KEY)) };
    let text = Zeroizing::new(super::read_text(path)?);
    PersoKey::from_hex(&text)
        .ok_or_else(|| Failure::usage(format!("{}: a personalization key is 32 hex digits (AES-128)", path.display())))
}
