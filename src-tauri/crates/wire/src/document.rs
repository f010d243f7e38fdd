//! Document ids: a kind and the global id of what the document is about.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::FrameError;

/// The kinds of document, split by who may read and write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// What only its owner's devices hold.
    Person,
    /// A mentor's private record of one mentee; never shared.
    Mentee,
    /// A plan itself: written by the mentor, read by the mentee.
    Plan,
    /// How a plan goes: written by both.
    Progress,
}

impl DocKind {
    pub const ALL: [DocKind; 4] = [Self::Person, Self::Mentee, Self::Plan, Self::Progress];

    /// Whether only the owner's own devices may ever hold documents of this kind.
    pub fn is_private(self) -> bool {
        matches!(self, Self::Person | Self::Mentee)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Mentee => "mentee",
            Self::Plan => "plan",
            Self::Progress => "progress",
        }
    }
}

/// One document's id, such as `plan/0190f5c2-…`: its kind, then a UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId {
    pub kind: DocKind,
    pub id: Uuid,
}

impl DocId {
    pub fn new(kind: DocKind, id: Uuid) -> Self {
        Self { kind, id }
    }

    /// The one `person` document of `account`: every device of the account finds the same
    /// id from the name alone, so none of them has to wait to learn it, and the server lets
    /// only that account create it.
    pub fn person_of(account: &str) -> Self {
        const WAYMARK_PEOPLE: Uuid = Uuid::from_u128(0x0193_7a4e_5c1d_7b0a_9e3f_4c2b_8d61_f0a5);
        Self::new(
            DocKind::Person,
            Uuid::new_v5(&WAYMARK_PEOPLE, account.as_bytes()),
        )
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.as_str(), self.id.hyphenated())
    }
}

impl FromStr for DocId {
    type Err = FrameError;

    fn from_str(s: &str) -> Result<Self, FrameError> {
        let bad = || FrameError::BadDocument(s.chars().take(80).collect());
        let (kind, id) = s.split_once('/').ok_or_else(bad)?;
        let kind = DocKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .ok_or_else(bad)?;
        // Only the one spelling `Display` writes, so one document never has two ids.
        let uuid = Uuid::try_parse(id).map_err(|_| bad())?;
        if uuid.hyphenated().to_string() != id {
            return Err(bad());
        }
        Ok(Self { kind, id: uuid })
    }
}

impl Serialize for DocId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_as_written() -> Result<(), FrameError> {
        let id = DocId::new(DocKind::Progress, Uuid::now_v7());
        assert_eq!(id.to_string().parse::<DocId>()?, id);
        Ok(())
    }

    #[test]
    fn only_the_one_spelling_of_an_id_is_taken() {
        let id = Uuid::now_v7();
        for text in [
            format!("plan/{}", id.simple()),
            format!("plan/{}", id.hyphenated().to_string().to_uppercase()),
            format!("plan/{{{id}}}"),
            format!("plans/{id}"),
            format!("plan/{id}/x"),
            format!("plan{id}"),
            String::new(),
        ] {
            assert!(text.parse::<DocId>().is_err(), "{text} was taken");
        }
    }
}
