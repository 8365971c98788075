//! vpcd framing: every message, both ways, is a big-endian u16 length and that many bytes.

use std::io::{self, Read, Write};
use std::net::TcpStream;

use crate::sockopt::set_quickack;

/// Largest payload one vpcd frame can carry.
pub const MAX_FRAME_LEN: usize = u16::MAX as usize;

/// Status word sent instead of a response that cannot be framed (over [`MAX_FRAME_LEN`]
/// or shorter than a status word): "no precise diagnosis", never a silent truncation.
pub const SW_TRANSPORT_ERROR: [u8; 2] = [0x6F, 0x00];

/// A message from vpcd.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Incoming<'a> {
    /// Length 0: meaningless, ignored.
    Empty,
    /// Length 1: a control byte (power off/on, reset, get ATR, or unknown).
    Control(u8),
    /// Length ≥ 2: a command APDU.
    Apdu(&'a [u8]),
}

impl<'a> Incoming<'a> {
    pub(crate) fn classify(payload: &'a [u8]) -> Self {
        match payload {
            [] => Incoming::Empty,
            [byte] => Incoming::Control(*byte),
            apdu => Incoming::Apdu(apdu),
        }
    }
}

/// A byte source that can be prepared before each read (TCP: re-arm `TCP_QUICKACK`).
pub(crate) trait ArmedRead: Read {
    fn arm(&self) {}
}

impl ArmedRead for TcpStream {
    fn arm(&self) {
        // Best effort: without it we are slow, not wrong.
        let _ = set_quickack(self);
    }
}

impl ArmedRead for &[u8] {}

/// Read one frame into `buf`. `Ok(false)` on a clean end of stream between frames;
/// an end of stream inside a frame is `UnexpectedEof`.
pub(crate) fn read_frame<R: ArmedRead>(r: &mut R, buf: &mut Vec<u8>) -> io::Result<bool> {
    let mut header = [0u8; 2];
    if !read_full(r, &mut header, true)? {
        return Ok(false);
    }
    let len = usize::from(u16::from_be_bytes(header));
    buf.clear();
    buf.resize(len, 0);
    read_full(r, buf, false)?;
    Ok(true)
}

/// Fill `buf`, arming before every read. Returns `Ok(false)` if the stream ended before
/// the first byte and `eof_ok` is set.
fn read_full<R: ArmedRead>(r: &mut R, buf: &mut [u8], eof_ok: bool) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        r.arm();
        match r.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 && eof_ok => return Ok(false),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Write one frame in a single `write_all` (length and payload in one segment).
/// `scratch` is reused between calls. Payloads over [`MAX_FRAME_LEN`] are refused.
pub(crate) fn write_frame<W: Write>(w: &mut W, payload: &[u8], scratch: &mut Vec<u8>) -> io::Result<()> {
    let len = u16::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame over 65,535 bytes"))?;
    scratch.clear();
    scratch.extend_from_slice(&len.to_be_bytes());
    scratch.extend_from_slice(payload);
    w.write_all(scratch)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_frames_and_clean_eof() {
        let bytes = [0u8, 1, 4, 0, 4, 0, 0xA4, 4, 0, 0, 0];
        let mut src: &[u8] = &bytes;
        let mut buf = Vec::new();
        assert!(read_frame(&mut src, &mut buf).unwrap());
        assert_eq!(Incoming::classify(&buf), Incoming::Control(4));
        assert!(read_frame(&mut src, &mut buf).unwrap());
        assert_eq!(Incoming::classify(&buf), Incoming::Apdu(&[0, 0xA4, 4, 0]));
        assert!(read_frame(&mut src, &mut buf).unwrap());
        assert_eq!(Incoming::classify(&buf), Incoming::Empty);
        assert!(!read_frame(&mut src, &mut buf).unwrap());
    }

    #[test]
    fn truncated_frames_are_errors_not_panics() {
        for bytes in [&[0u8][..], &[0, 5, 1, 2], &[0xFF, 0xFF]] {
            let mut src: &[u8] = bytes;
            let err = read_frame(&mut src, &mut Vec::new()).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        }
    }

    #[test]
    fn writes_header_and_refuses_oversize() {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        write_frame(&mut out, &[0x90, 0x00], &mut scratch).unwrap();
        assert_eq!(out, [0, 2, 0x90, 0x00]);
        let max = vec![0u8; MAX_FRAME_LEN];
        out.clear();
        write_frame(&mut out, &max, &mut scratch).unwrap();
        assert_eq!(&out[..2], &[0xFF, 0xFF]);
        assert_eq!(out.len(), MAX_FRAME_LEN + 2);
        let over = vec![0u8; MAX_FRAME_LEN + 1];
        let err = write_frame(&mut Vec::new(), &over, &mut scratch).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
