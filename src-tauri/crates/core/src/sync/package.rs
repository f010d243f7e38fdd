//! The `.waymark` file a shared plan travels in: a short header (who sent it, as whom,
//! which plan), the plan's two Automerge documents, and the sender's signature over all of
//! it. Every length is checked against the file before it is trusted, and the signature
//! before anything inside is used.

use serde::{Deserialize, Serialize};

use super::identity::{self, Identity, KEY_LEN, SIGNATURE_LEN};
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"WAYMARK\x01";
/// The largest shared plan file Waymark reads. The demo's largest plan shares as about
/// 40 KB; a plan of a thousand milestones with long evidence stays under 8 MB.
pub const SIZE_LIMIT: u64 = 64_000_000;
const HEADER_LIMIT: usize = 64 * 1024;

/// Which side of a shared plan wrote a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Mentor,
    Mentee,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Mentor => "mentor",
            Side::Mentee => "mentee",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Header {
    pub sender_name: String,
    pub sender_key: String,
    pub side: Side,
    pub plan: String,
    pub plan_title: String,
    pub mentee_name: String,
    pub mentee_edits_plan: bool,
}

#[derive(Debug)]
pub(crate) struct Package {
    pub header: Header,
    pub sender_key: [u8; KEY_LEN],
    pub plan: Vec<u8>,
    pub progress: Vec<u8>,
}

pub(crate) fn write(
    header: &Header,
    plan: &[u8],
    progress: &[u8],
    signer: &Identity,
) -> Result<Vec<u8>> {
    let header = serde_json::to_vec(header).map_err(|e| Error::Io(e.to_string()))?;
    let mut bytes = Vec::with_capacity(header.len() + plan.len() + progress.len() + 100);
    bytes.extend_from_slice(MAGIC);
    for part in [&header[..], plan, progress] {
        let len = u32::try_from(part.len()).map_err(|_| refused("it is too large"))?;
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes.extend_from_slice(part);
    }
    let signature = signer.sign(&bytes);
    bytes.extend_from_slice(&signature);
    Ok(bytes)
}

pub(crate) fn read(bytes: &[u8]) -> Result<Package> {
    if bytes.len() as u64 > SIZE_LIMIT {
        return Err(refused("it is larger than any plan Waymark writes"));
    }
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        return Err(match bytes.starts_with(b"WAYMARK") {
            true => Error::SharedFileNewer,
            false => refused("it is not a plan shared from Waymark"),
        });
    };
    let Some(signed_len) = bytes
        .len()
        .checked_sub(SIGNATURE_LEN)
        .filter(|n| *n >= MAGIC.len())
    else {
        return Err(refused("it is cut short"));
    };
    let mut parts = Vec::with_capacity(3);
    let mut at = &rest[..signed_len - MAGIC.len()];
    for _ in 0..3 {
        let (len, tail) = at
            .split_first_chunk::<4>()
            .ok_or_else(|| refused("it is cut short"))?;
        let len = u32::from_be_bytes(*len) as usize;
        if len > tail.len() {
            return Err(refused("it is cut short"));
        }
        let (part, tail) = tail.split_at(len);
        parts.push(part);
        at = tail;
    }
    if !at.is_empty() {
        return Err(refused("it has bytes after its end"));
    }
    if parts[0].len() > HEADER_LIMIT {
        return Err(refused("its header is too large"));
    }
    let header: Header =
        serde_json::from_slice(parts[0]).map_err(|_| refused("its header cannot be read"))?;
    let sender_key = decode_key(&header.sender_key)?;
    let signature: &[u8; SIGNATURE_LEN] = bytes[signed_len..]
        .try_into()
        .map_err(|_| refused("it is cut short"))?;
    if !identity::verify(&sender_key, &bytes[..signed_len], signature) {
        return Err(refused(
            "it was changed after it was sent (its signature does not match)",
        ));
    }
    Ok(Package {
        header,
        sender_key,
        plan: parts[1].to_vec(),
        progress: parts[2].to_vec(),
    })
}

pub(crate) fn encode_key(key: &[u8; KEY_LEN]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_key(text: &str) -> Result<[u8; KEY_LEN]> {
    let bad = || refused("its sender's key cannot be read");
    if text.len() != KEY_LEN * 2 || !text.is_ascii() {
        return Err(bad());
    }
    let mut key = [0u8; KEY_LEN];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).map_err(|_| bad())?;
    }
    Ok(key)
}

fn refused(why: &str) -> Error {
    Error::SharedFileRefused(why.to_owned())
}
