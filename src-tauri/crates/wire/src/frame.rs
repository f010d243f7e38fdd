//! Binary frames: one Automerge sync message about one document.

use crate::{DocId, MAX_FRAME};

/// Why a frame was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the frame is {0} bytes, more than Waymark sends")]
    TooLarge(usize),
    #[error("the frame is cut short")]
    Truncated,
    #[error("“{0}” is not a document id")]
    BadDocument(String),
    #[error("the message is not one Waymark sends: {0}")]
    BadControl(String),
}

/// A sync message and the document it is about. On the wire: the id's length in one
/// byte, the id, then the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncFrame {
    pub doc: DocId,
    pub message: Vec<u8>,
}

impl SyncFrame {
    pub fn encode(&self) -> Vec<u8> {
        let id = self.doc.to_string();
        let mut bytes = Vec::with_capacity(1 + id.len() + self.message.len());
        // Ids are a short kind and a UUID: always well under 256 bytes.
        bytes.push(id.len() as u8);
        bytes.extend_from_slice(id.as_bytes());
        bytes.extend_from_slice(&self.message);
        bytes
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, FrameError> {
        if bytes.len() > MAX_FRAME {
            return Err(FrameError::TooLarge(bytes.len()));
        }
        let (&length, rest) = bytes.split_first().ok_or(FrameError::Truncated)?;
        let id = rest.get(..length as usize).ok_or(FrameError::Truncated)?;
        let id = std::str::from_utf8(id)
            .map_err(|_| FrameError::BadDocument(String::from_utf8_lossy(id).into_owned()))?;
        Ok(Self {
            doc: id.parse()?,
            message: rest[length as usize..].to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocKind;

    #[test]
    fn a_frame_reads_back_as_written() -> Result<(), FrameError> {
        let frame = SyncFrame {
            doc: DocId::new(DocKind::Plan, uuid::Uuid::now_v7()),
            message: vec![0x42, 1, 2, 3],
        };
        assert_eq!(SyncFrame::decode(&frame.encode())?, frame);
        Ok(())
    }

    #[test]
    fn short_or_garbled_frames_are_refused() {
        assert_eq!(SyncFrame::decode(&[]), Err(FrameError::Truncated));
        assert_eq!(SyncFrame::decode(&[40, b'p']), Err(FrameError::Truncated));
        assert!(matches!(
            SyncFrame::decode(&[3, 0xff, 0xfe, 0xfd]),
            Err(FrameError::BadDocument(_))
        ));
        assert!(matches!(
            SyncFrame::decode(&vec![0; MAX_FRAME + 1]),
            Err(FrameError::TooLarge(_))
        ));
    }
}
