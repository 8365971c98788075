//! Running independent PC/SC tools (opensc-tool, scriptor) with a time limit, so a hung
//! tool fails its test instead of hanging the run.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::SupportError;

/// What a tool printed and how it ended.
#[derive(Debug, Clone)]
pub struct ToolOutput {
    /// Exit code; `None` if killed (by us on time-out, or by a signal).
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
    /// Whether it was killed for running past the limit.
    pub timed_out: bool,
}

/// Run `program args…` with `stdin` as input, killing it after `limit`.
pub fn run_tool(program: &str, args: &[&str], stdin: &[u8], limit: Duration) -> Result<ToolOutput, SupportError> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SupportError::io(format!("starting {program}"), e))?;
    if let Some(mut input) = child.stdin.take() {
        // A tool may exit before reading everything: not an error here.
        let _ = input.write_all(stdin);
    }
    // Drain the pipes on threads so a chatty tool cannot block on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                timed_out = true;
                let _ = child.kill();
                break;
            }
            Err(e) => return Err(SupportError::io(format!("waiting for {program}"), e)),
        }
    }
    let code = child.wait().map_err(|e| SupportError::io(format!("waiting for {program}"), e))?.code();
    Ok(ToolOutput {
        code,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        timed_out,
    })
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
