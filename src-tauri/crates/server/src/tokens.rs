//! Device tokens and pairing codes: random, shown once, kept only as hashes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Letters that cannot be mistaken for one another when read aloud or typed (Crockford's
/// base 32: no I, L, O or U).
const CODE_LETTERS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new device token: 256 random bits.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A new one-time pairing code of ten letters (50 bits), written `XXXXX-XXXXX`.
pub fn new_code() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes)?;
    let letters: String = bytes
        .iter()
        .map(|b| CODE_LETTERS[usize::from(b % 32)] as char)
        .collect();
    Ok(format!("{}-{}", &letters[..5], &letters[5..]))
}

/// A code as typed, in the one form it is hashed in: capitals, no dashes or spaces, and
/// the letters people mistake for digits read as those digits.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_typed_loosely_hashes_as_shown() -> Result<(), getrandom::Error> {
        let code = new_code()?;
        let typed = code.to_lowercase().replace('0', "o").replace('-', " ");
        assert_eq!(hash(&normalise_code(&typed)), hash(&normalise_code(&code)));
        assert_eq!(code.len(), 11);
        Ok(())
    }

    #[test]
    fn tokens_differ() -> Result<(), getrandom::Error> {
        assert_ne!(new_token()?, new_token()?);
        Ok(())
    }
}
