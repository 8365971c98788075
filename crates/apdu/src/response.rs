//! Response APDUs: data followed by SW1 SW2.

use std::fmt;

use crate::StatusWord;

/// A response that is not even two bytes long (e.g. a card vanished mid-command).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("a response APDU has at least 2 bytes (SW1 SW2), got {0}")]
    TooShort(usize),
}

/// A response APDU.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Response {
    pub data: Vec<u8>,
    pub sw: StatusWord,
}

impl Response {
    pub fn new(data: Vec<u8>, sw: StatusWord) -> Self {
        Self { data, sw }
    }

    /// A response with no data.
    pub fn status(sw: StatusWord) -> Self {
        Self { data: Vec::new(), sw }
    }

    /// `data ‖ 9000`.
    pub fn success(data: Vec<u8>) -> Self {
        Self { data, sw: StatusWord::SUCCESS }
    }

    pub fn parse(raw: &[u8]) -> Result<Self, ResponseError> {
        match raw {
            [data @ .., sw1, sw2] => Ok(Self { data: data.to_vec(), sw: StatusWord::new(*sw1, *sw2) }),
            _ => Err(ResponseError::TooShort(raw.len())),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.sw.to_bytes());
        out
    }

    pub fn is_success(&self) -> bool {
        self.sw.is_success()
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Response {{ {} data bytes, {:?} }}", self.data.len(), self.sw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_encode() {
        let r = Response::parse(&[0x60, 0x14, 0x90, 0x00]).unwrap();
        assert_eq!(r.data, vec![0x60, 0x14]);
        assert_eq!(r.sw, StatusWord::SUCCESS);
        assert_eq!(r.to_bytes(), vec![0x60, 0x14, 0x90, 0x00]);
        assert_eq!(Response::parse(&[0x6A, 0x82]).unwrap(), Response::status(StatusWord::FILE_NOT_FOUND));
        assert_eq!(Response::parse(&[]), Err(ResponseError::TooShort(0)));
        assert_eq!(Response::parse(&[0x90]), Err(ResponseError::TooShort(1)));
    }
}
