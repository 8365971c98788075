//! What the CLI's integration tests share: the workspace root and running the `cccd` binary from it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where the sample profiles, the test PKI and the spec live.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `cccd` ready to run from the workspace root, with no stdin (so no prompt can wait for a PIN).
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cccd"));
    cmd.current_dir(root()).stdin(std::process::Stdio::null());
    cmd
}

/// Run `cccd ARGS`.
pub fn cccd(args: &[&str]) -> Output {
    command().args(args).output().expect("run cccd")
}

/// Run `cccd ARGS` with extra environment variables.
pub fn cccd_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    command().args(args).envs(env.iter().copied()).output().expect("run cccd")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
