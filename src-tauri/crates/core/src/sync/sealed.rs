//! Passphrase protection for a shared plan file sent by e-mail: the whole file sealed with
//! XChaCha20-Poly1305 under a key that Argon2id derives from the passphrase and a random
//! salt. A wrong passphrase and a changed byte fail the same check, and nothing inside is
//! read before it passes.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"WMSEALED";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const HEADER_LEN: usize = MAGIC.len() + 12 + SALT_LEN + NONCE_LEN;
/// Argon2id at OWASP's recommended minimum: 19 MiB, two passes. A file may ask for more
/// (a later Waymark may), up to a bound that keeps a hostile file from taking the machine.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const MEMORY_KIB_MAX: u32 = 256 * 1024;
const PASSES_MAX: u32 = 10;
pub(crate) const PASSPHRASE_MIN: usize = 8;

pub(crate) fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

pub(crate) fn seal(plain: &[u8], passphrase: &str) -> Result<Vec<u8>> {
    if passphrase.chars().count() < PASSPHRASE_MIN {
        return Err(Error::invalid(
            "passphrase",
            format!("Use a passphrase of at least {PASSPHRASE_MIN} characters."),
        ));
    }
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut salt)
        .and_then(|()| getrandom::fill(&mut nonce))
        .map_err(|e| {
            Error::Io(format!(
                "The system gave no random numbers to seal the file: {e}"
            ))
        })?;
    let cipher = cipher(passphrase, &salt, MEMORY_KIB, PASSES, 1)?;
    let sealed = cipher
        .encrypt(&XNonce::from(nonce), plain)
        .map_err(|_| Error::Io("the file could not be sealed".into()))?;
    let mut bytes = Vec::with_capacity(HEADER_LEN + sealed.len());
    bytes.extend_from_slice(MAGIC);
    for n in [MEMORY_KIB, PASSES, 1] {
        bytes.extend_from_slice(&n.to_be_bytes());
    }
    bytes.extend_from_slice(&salt);
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    Ok(bytes)
}

pub(crate) fn open(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>> {
    let cut_short = || Error::SharedFileRefused("it is cut short".into());
    let rest = bytes.strip_prefix(MAGIC).ok_or_else(cut_short)?;
    let (params, rest) = rest.split_first_chunk::<12>().ok_or_else(cut_short)?;
    let (salt, rest) = rest.split_first_chunk::<SALT_LEN>().ok_or_else(cut_short)?;
    let (nonce, sealed) = rest
        .split_first_chunk::<NONCE_LEN>()
        .ok_or_else(cut_short)?;
    let number =
        |i: usize| u32::from_be_bytes([params[i], params[i + 1], params[i + 2], params[i + 3]]);
    let (memory, passes, lanes) = (number(0), number(4), number(8));
    if memory > MEMORY_KIB_MAX || passes > PASSES_MAX || lanes != 1 {
        return Err(Error::SharedFileRefused(
            "it asks for more work to open than any Waymark sets".into(),
        ));
    }
    cipher(passphrase, salt, memory, passes, lanes)?
        .decrypt(&XNonce::from(*nonce), sealed)
        .map_err(|_| Error::WrongPassphrase)
}

fn cipher(
    passphrase: &str,
    salt: &[u8],
    memory: u32,
    passes: u32,
    lanes: u32,
) -> Result<XChaCha20Poly1305> {
    let refused =
        |_| Error::SharedFileRefused("its protection settings are not ones Waymark uses".into());
    let params = Params::new(memory, passes, lanes, Some(32)).map_err(refused)?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(refused)?;
    Ok(XChaCha20Poly1305::new(&key.into()))
}
