//! The JSON messages of the text frames.

use serde::{Deserialize, Serialize};

use crate::{DocId, FrameError};

/// The largest text frame either side accepts. The largest are the lists of documents an
/// account may sync, about 100 bytes a document: a mentor of 10,000 mentees has 30,000
/// documents (2.9 MB), and this leaves room for more than twice as many.
pub const MAX_CONTROL: usize = 8 * 1024 * 1024;

/// What an account may do with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Read,
    Write,
    /// Created it: reads, writes, and decides who else may.
    Owner,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Owner => "owner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Read, Self::Write, Self::Owner]
            .into_iter()
            .find(|a| a.as_str() == text)
    }

    pub fn writes(self) -> bool {
        self != Self::Read
    }
}

/// A document an account may see, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub doc: DocId,
    pub access: Access,
    /// The owner's account name.
    pub owner: String,
}

/// Why the server did not do what a device asked. The codes are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The document is someone else's and was not shared with this account.
    NoAccess,
    /// The account may read the document, not change it.
    ReadOnly,
    /// Only the document's owner may say who else sees it.
    NotOwner,
    /// Nobody on this server has that account name.
    UnknownAccount,
    /// A person's own documents and their private record of a mentee are never shared.
    NeverShared,
    /// The frame could not be read, or its changes did not check out.
    Malformed,
    /// The frame or the document would be larger than the server keeps.
    TooLarge,
    /// The pairing code is unknown, used already, or expired.
    InvalidCode,
    /// Too many wrong pairing codes lately; try again in a minute.
    TooManyAttempts,
}

/// A text frame from a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromDevice {
    /// Lets account `with` read or also write `doc` (owner only).
    Share {
        doc: DocId,
        with: String,
        access: Access,
    },
    /// Stops `doc` from syncing to account `with` (owner only).
    Unshare { doc: DocId, with: String },
}

/// A text frame from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromServer {
    /// The first frame of every connection: who this device is, and what it may sync.
    Welcome {
        account: String,
        device: String,
        documents: Vec<DocumentEntry>,
    },
    /// The documents this account may sync changed (something was shared or withdrawn).
    Documents { documents: Vec<DocumentEntry> },
    /// A share or unshare was done.
    Done { doc: DocId, with: String },
    /// A frame was not acted on; the connection stays up.
    Refused {
        #[serde(skip_serializing_if = "Option::is_none", default)]
        doc: Option<DocId>,
        refusal: Refusal,
        message: String,
    },
}

/// Asks the server to pair this device using a one-time code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRequest {
    pub code: String,
    pub device_name: String,
}

/// A device paired: the token it shows from now on. The server keeps only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paired {
    pub account: String,
    pub device: String,
    pub token: String,
}

/// Reads a text frame, refusing one that is too large or not one of ours.
pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, FrameError> {
    if text.len() > MAX_CONTROL {
        return Err(FrameError::TooLarge(text.len()));
    }
    serde_json::from_str(text).map_err(|e| FrameError::BadControl(e.to_string()))
}

pub fn encode<T: Serialize>(message: &T) -> String {
    // Our own enums of strings and ids: serialising them cannot fail.
    serde_json::to_string(message).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocKind;

    #[test]
    fn a_share_reads_back_as_written() -> Result<(), FrameError> {
        let share = FromDevice::Share {
            doc: DocId::new(DocKind::Plan, uuid::Uuid::now_v7()),
            with: "ana".into(),
            access: Access::Read,
        };
        assert_eq!(decode::<FromDevice>(&encode(&share))?, share);
        Ok(())
    }

    #[test]
    fn the_documents_of_ten_thousand_mentees_fit_in_a_welcome() -> Result<(), FrameError> {
        // A plan, its progress and a private record per mentee, and the person's own.
        let mut documents: Vec<DocumentEntry> = (0..30_000)
            .map(|i| DocumentEntry {
                doc: DocId::new(DocKind::ALL[i % 3 + 1], uuid::Uuid::now_v7()),
                access: Access::Owner,
                owner: "maria.lindqvist".into(),
            })
            .collect();
        documents.push(DocumentEntry {
            doc: DocId::person_of("maria.lindqvist"),
            access: Access::Owner,
            owner: "maria.lindqvist".into(),
        });
        let welcome = FromServer::Welcome {
            account: "maria.lindqvist".into(),
            device: "Work laptop".into(),
            documents,
        };
        let text = encode(&welcome);
        assert!(text.len() * 2 < MAX_CONTROL, "{} bytes", text.len());
        assert_eq!(decode::<FromServer>(&text)?, welcome);
        Ok(())
    }

    #[test]
    fn unknown_or_oversized_text_is_refused() {
        assert!(decode::<FromDevice>(r#"{"type":"delete_everything"}"#).is_err());
        assert!(decode::<FromDevice>(r#"{"type":"unshare","doc":"plan/x","with":"a"}"#).is_err());
        let huge = format!(
            r#"{{"type":"unshare","with":"{}"}}"#,
            "a".repeat(MAX_CONTROL)
        );
        assert!(matches!(
            decode::<FromDevice>(&huge),
            Err(FrameError::TooLarge(_))
        ));
    }
}
