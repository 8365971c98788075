//! Socket options the vpcd link needs to be fast.
//!
//! vpcd writes a frame's length and payload in two `send`s; with Nagle on its side and
//! delayed ACKs on ours every APDU would wait ~40 ms. `TCP_QUICKACK` makes us ACK at once,
//! but Linux clears it again after use, so it is re-armed before every read.

use std::net::TcpStream;

/// Ask the kernel to ACK immediately on the next segments (Linux only; no-op elsewhere).
#[cfg(target_os = "linux")]
pub(crate) fn set_quickack(stream: &TcpStream) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let one: libc::c_int = 1;
    // SAFETY: valid fd owned by `stream`, pointer and length describe a live c_int.
    let rc = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_QUICKACK,
            (&one as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// Ask the kernel to ACK immediately on the next segments (Linux only; no-op elsewhere).
#[cfg(not(target_os = "linux"))]
pub(crate) fn set_quickack(_stream: &TcpStream) -> std::io::Result<()> {
    Ok(())
}
