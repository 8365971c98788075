//! A 16-byte secret (Kseed, a two-key 3DES key): never printed, wiped on drop.

use std::fmt;

use zeroize::Zeroize;

/// Sixteen secret bytes. `Debug` prints nothing of them, and they are zeroed when dropped, so keys do not leak
/// into logs or freed memory.
#[derive(Clone)]
pub struct Key16([u8; 16]);

impl Key16 {
    pub const fn new(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// The key from a slice; `None` unless it is exactly 16 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        <[u8; 16]>::try_from(bytes).ok().map(Self)
    }

    /// The secret bytes. Callers that copy them take over the duty to wipe the copy.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl From<[u8; 16]> for Key16 {
    fn from(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }
}

impl Drop for Key16 {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Key16 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key16(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_bytes() {
        let key = Key16::new([0xAB; 16]);
        let shown = format!("{key:?}");
        assert!(!shown.contains("AB") && !shown.contains("171"), "{shown}");
        assert_eq!(Key16::from_slice(&[1; 15]).map(|k| *k.as_bytes()), None);
    }
}
