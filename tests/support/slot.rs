//! Exclusive use of one of vpcd's two readers, across threads and processes (cargo test
//! runs test binaries in one process each with threads, nextest one process per test):
//! an `flock` on a per-slot file in /tmp, released when the slot is dropped.

use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::time::{Duration, Instant};

use crate::SupportError;

/// How long to wait for a free slot before giving up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(600);
const POLL: Duration = Duration::from_millis(20);

/// One vpcd reader held exclusively.
#[derive(Debug)]
pub struct VpcdSlot {
    index: u8,
    _lock: File,
}

impl VpcdSlot {
    /// vpcd's default configuration has two readers.
    pub const COUNT: u8 = 2;

    /// The first free slot, waiting (polling both) while both are taken.
    pub fn acquire() -> Result<Self, SupportError> {
        let deadline = Instant::now() + ACQUIRE_TIMEOUT;
        loop {
            for index in 0..Self::COUNT {
                if let Some(slot) = Self::try_lock(index)? {
                    return Ok(slot);
                }
            }
            if Instant::now() > deadline {
                return Err(SupportError::Timeout { what: "a free vpcd slot", reader: "Virtual PCD 00 0*".into() });
            }
            std::thread::sleep(POLL);
        }
    }

    /// Slot `index`, blocking until it is free.
    pub fn acquire_index(index: u8) -> Result<Self, SupportError> {
        let file = lock_file(index)?;
        flock(&file, libc::LOCK_EX).map_err(|e| SupportError::io(format!("locking vpcd slot {index}"), e))?;
        Ok(Self { index, _lock: file })
    }

    fn try_lock(index: u8) -> Result<Option<Self>, SupportError> {
        let file = lock_file(index)?;
        match flock(&file, libc::LOCK_EX | libc::LOCK_NB) {
            Ok(()) => Ok(Some(Self { index, _lock: file })),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(SupportError::io(format!("locking vpcd slot {index}"), e)),
        }
    }

    /// 0 or 1.
    pub fn index(&self) -> u8 {
        self.index
    }

    /// vpcd's TCP port for this slot (35963 + index).
    pub fn port(&self) -> u16 {
        cccd_vcard::DEFAULT_VPCD_PORT + u16::from(self.index)
    }

    /// Loopback address of vpcd for this slot.
    pub fn addr(&self) -> SocketAddr {
        cccd_vcard::slot_addr(self.index)
    }

    /// The PC/SC reader name, e.g. `Virtual PCD 00 00`.
    pub fn reader_name(&self) -> String {
        format!("Virtual PCD 00 {:02}", self.index)
    }

    /// The reader name for the `pcsc` crate.
    pub fn reader_cstring(&self) -> CString {
        CString::new(self.reader_name()).unwrap_or_default()
    }
}

fn lock_file(index: u8) -> Result<File, SupportError> {
    let path = format!("/tmp/cccd-vpcd-slot-{index}.lock");
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o666)
        .open(&path)
        .map_err(|e| SupportError::io(format!("opening {path}"), e))
}

fn flock(file: &File, operation: libc::c_int) -> std::io::Result<()> {
    loop {
        // SAFETY: a valid fd owned by `file`.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}
