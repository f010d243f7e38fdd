//! This data file's side of every exchange: the name the other side sees and the key that
//! signs the files it sends. Made on the first share or the first plan received, kept in
//! the data file (so it moves with it).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::validate;

pub(crate) const KEY_LEN: usize = 32;
pub(crate) const SIGNATURE_LEN: usize = 64;

#[derive(Debug)]
pub(crate) struct Identity {
    pub name: String,
    key: SigningKey,
}

impl Identity {
    pub fn public_key(&self) -> [u8; KEY_LEN] {
        self.key.verifying_key().to_bytes()
    }

    pub fn sign(&self, bytes: &[u8]) -> [u8; SIGNATURE_LEN] {
        self.key.sign(bytes).to_bytes()
    }
}

/// Whether `signature` over `bytes` was made with the key whose public half is `key`.
pub(crate) fn verify(key: &[u8; KEY_LEN], bytes: &[u8], signature: &[u8; SIGNATURE_LEN]) -> bool {
    VerifyingKey::from_bytes(key)
        .is_ok_and(|k| k.verify(bytes, &Signature::from_bytes(signature)).is_ok())
}

/// Sets the name this file's person shares under (making their key if they have none).
pub fn set_name(conn: &Connection, name: &str) -> Result<String> {
    ensure(conn, Some(name)).map(|me| me.name)
}

/// The name this file's person shares under, if they have shared or received a plan.
pub fn name(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM identity", [], |r| r.get(0))
        .optional()?)
}

/// This file's identity, made now if it has none. `name`, when given, becomes the name the
/// other side sees; a new identity needs one.
pub(crate) fn ensure(conn: &Connection, name: Option<&str>) -> Result<Identity> {
    if let Some(name) = name {
        let name = validate::required_text("fromName", "Your name", name, 120)?;
        conn.execute("UPDATE identity SET name = ?1", [&name])?;
    }
    let found: Option<(String, Vec<u8>)> = conn
        .query_row("SELECT name, signing_key FROM identity", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((name, secret)) = found {
        let secret: [u8; KEY_LEN] = secret
            .try_into()
            .map_err(|_| Error::DbAltered("the sharing key is damaged".into()))?;
        return Ok(Identity {
            name,
            key: SigningKey::from_bytes(&secret),
        });
    }
    let name = name.ok_or_else(|| {
        Error::invalid(
            "fromName",
            "Give your name as the person you share with will see it.",
        )
    })?;
    let mut secret = [0u8; KEY_LEN];
    getrandom::fill(&mut secret).map_err(|e| {
        Error::Io(format!(
            "The system gave no random numbers to make a sharing key: {e}"
        ))
    })?;
    conn.execute(
        "INSERT INTO identity (id, name, signing_key) VALUES (1, ?1, ?2)",
        params![name.trim(), secret.as_slice()],
    )?;
    Ok(Identity {
        name: name.trim().to_owned(),
        key: SigningKey::from_bytes(&secret),
    })
}

/// The rule for a stored name: this file's own (`name`) or the other side's (`peer_name`).
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "name" | "peer_name" => validate::required_text("name", "Name", value, 120).map(drop),
        _ => Ok(()),
    }
}
