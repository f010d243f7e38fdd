//! Where the server keeps accounts, devices, who may see which document, and the
//! documents themselves: one trait, two backends. SQLite is one file for a person or a
//! small team; PostgreSQL is for an organisation that already runs one.
//!
//! A document is kept as the chunks Automerge saves, appended as changes arrive and
//! now and then replaced by one whole save, so a write never rewrites the document.

mod postgres;
mod sqlite;

use std::future::Future;

use waymark_wire::{Access, DocId, DocumentEntry};

pub use postgres::Postgres;
pub use sqlite::Sqlite;

/// The version of the server's own tables; a newer one is refused, never touched.
pub const SCHEMA_VERSION: i64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the server's database: {0}")]
    Database(String),
    #[error("the server's database was written by a newer waymark-server (schema {0})")]
    Newer(i64),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
}

/// A paired device, as a connection knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: i64,
    pub name: String,
    pub account: Account,
}

/// A device as the administrator lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceListing {
    pub device: Device,
    pub paired_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A one-time pairing code as stored: its hash, never the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub account: i64,
    pub code_hash: Vec<u8>,
    pub expires_at: i64,
}

/// A device being paired: the code it showed and the token it will use, both hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub code_hash: Vec<u8>,
    pub device_name: String,
    pub token_hash: Vec<u8>,
    pub now: i64,
}

/// A document's saved chunks in order, and the sequence number of the last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chunks {
    pub chunks: Vec<Vec<u8>>,
    pub last: i64,
}

/// Everything the server keeps. Every method is one transaction.
pub trait Store: Send + Sync + 'static {
    /// The account named `name`, created if there is none.
    fn ensure_account(
        &self,
        name: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<Account>> + Send;
    fn account_named(
        &self,
        name: &str,
    ) -> impl Future<Output = StoreResult<Option<Account>>> + Send;
    fn add_invite(&self, invite: &Invite) -> impl Future<Output = StoreResult<()>> + Send;
    /// Uses up an unexpired invite and pairs the device with its account; `None` when the
    /// code is unknown, used or expired.
    fn redeem_invite(
        &self,
        pairing: &Pairing,
    ) -> impl Future<Output = StoreResult<Option<Device>>> + Send;
    /// The unrevoked device showing this token, its last sighting set to `now`.
    fn device_by_token(
        &self,
        token_hash: &[u8],
        now: i64,
    ) -> impl Future<Output = StoreResult<Option<Device>>> + Send;
    fn devices(&self) -> impl Future<Output = StoreResult<Vec<DeviceListing>>> + Send;
    /// Revokes a device; false when there is no such unrevoked device.
    fn revoke_device(
        &self,
        device: i64,
        now: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    /// What `device` may do with `doc`: nothing when the device is revoked, the document
    /// is someone else's and not shared with its account, or there is no such document.
    fn access(
        &self,
        device: i64,
        doc: &DocId,
    ) -> impl Future<Output = StoreResult<Option<Access>>> + Send;
    /// Whether anybody has created `doc`.
    fn document_exists(&self, doc: &DocId) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Creates `doc` owned by `owner`; false when it exists already.
    fn create_document(
        &self,
        doc: &DocId,
        owner: i64,
        now: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The documents `account` owns or was given access to.
    fn documents(
        &self,
        account: i64,
    ) -> impl Future<Output = StoreResult<Vec<DocumentEntry>>> + Send;
    /// Gives `account` `access` to `doc`, or takes it away with `None`. Never the owner's.
    fn set_access(
        &self,
        doc: &DocId,
        account: i64,
        access: Option<Access>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    fn append_chunk(
        &self,
        doc: &DocId,
        bytes: &[u8],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn chunks(&self, doc: &DocId) -> impl Future<Output = StoreResult<Chunks>> + Send;
    /// Replaces chunks up to and including `through` with `whole`, one save of them all.
    fn compact(
        &self,
        doc: &DocId,
        through: i64,
        whole: &[u8],
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// A row of the documents an account may see, as a backend reads it.
fn entry(doc: &str, access: &str, owner: String) -> StoreResult<DocumentEntry> {
    let bad = || {
        StoreError::Database(format!(
            "stored access “{access}” to “{doc}” is not one the server writes"
        ))
    };
    Ok(DocumentEntry {
        doc: doc.parse().map_err(|_| bad())?,
        access: Access::parse(access).ok_or_else(bad)?,
        owner,
    })
}
