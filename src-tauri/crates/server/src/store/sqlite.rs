//! The SQLite backend: one file, for a person or a small team.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use waymark_wire::{Access, DocId, DocumentEntry};

use super::{
    Account, Chunks, Device, DeviceListing, Invite, Pairing, SCHEMA_VERSION, Store, StoreError,
    StoreResult,
};

const SCHEMA: &str = "
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE invites (
    code_hash BLOB PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    paired_at INTEGER NOT NULL,
    last_seen_at INTEGER,
    revoked_at INTEGER
);
CREATE TABLE documents (
    doc TEXT PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL
);
CREATE TABLE grants (
    doc TEXT NOT NULL REFERENCES documents (doc),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    access TEXT NOT NULL CHECK (access IN ('read', 'write')),
    PRIMARY KEY (doc, account_id)
);
CREATE INDEX grants_by_account ON grants (account_id);
CREATE TABLE chunks (
    doc TEXT NOT NULL REFERENCES documents (doc),
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (doc, seq)
);
";

/// A server database in one SQLite file. Calls run on tokio's blocking threads, one at a
/// time: SQLite has one writer anyway.
#[derive(Debug, Clone)]
pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
}

impl Sqlite {
    pub fn open(path: &Path) -> StoreResult<Self> {
        let mut conn = Connection::open(path).map_err(db)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )
        .map_err(db)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(db)?;
        match version {
            0 => {
                tx.execute_batch(SCHEMA).map_err(db)?;
                tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                    .map_err(db)?;
            }
            SCHEMA_VERSION => {}
            newer => return Err(StoreError::Newer(newer)),
        }
        tx.commit().map_err(db)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `work` in one transaction on a blocking thread.
    async fn run<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut conn = conn
                .lock()
                .map_err(|_| StoreError::Database("a previous call panicked".into()))?;
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            let value = work(&tx)?;
            tx.commit().map_err(db)?;
            Ok(value)
        })
        .await
        .map_err(|e| StoreError::Database(e.to_string()))?
    }
}

fn db(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

fn account(tx: &rusqlite::Transaction<'_>, name: &str) -> StoreResult<Option<Account>> {
    tx.query_row(
        "SELECT id, name FROM accounts WHERE name = ?1",
        [name],
        |r| {
            Ok(Account {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )
    .optional()
    .map_err(db)
}

fn device(tx: &rusqlite::Transaction<'_>, id: i64) -> StoreResult<Device> {
    tx.query_row(
        "SELECT d.name, a.id, a.name FROM devices d JOIN accounts a ON a.id = d.account_id
          WHERE d.id = ?1",
        [id],
        |r| {
            Ok(Device {
                id,
                name: r.get(0)?,
                account: Account {
                    id: r.get(1)?,
                    name: r.get(2)?,
                },
            })
        },
    )
    .map_err(db)
}

impl Store for Sqlite {
    async fn ensure_account(&self, name: &str, now: i64) -> StoreResult<Account> {
        let name = name.to_owned();
        self.run(move |tx| {
            tx.execute(
                "INSERT INTO accounts (name, created_at) VALUES (?1, ?2)
                 ON CONFLICT (name) DO NOTHING",
                params![name, now],
            )
            .map_err(db)?;
            account(tx, &name)?.ok_or_else(|| StoreError::Database("account vanished".into()))
        })
        .await
    }

    async fn account_named(&self, name: &str) -> StoreResult<Option<Account>> {
        let name = name.to_owned();
        self.run(move |tx| account(tx, &name)).await
    }

    async fn add_invite(&self, invite: &Invite) -> StoreResult<()> {
        let invite = invite.clone();
        self.run(move |tx| {
            tx.execute(
                "INSERT INTO invites (code_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
                params![invite.code_hash, invite.account, invite.expires_at],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn redeem_invite(&self, pairing: &Pairing) -> StoreResult<Option<Device>> {
        let p = pairing.clone();
        self.run(move |tx| {
            let account: Option<i64> = tx
                .query_row(
                    "UPDATE invites SET used_at = ?2
                      WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2
                      RETURNING account_id",
                    params![p.code_hash, p.now],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?;
            let Some(account) = account else {
                return Ok(None);
            };
            tx.execute(
                "INSERT INTO devices (account_id, name, token_hash, paired_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![account, p.device_name, p.token_hash, p.now],
            )
            .map_err(db)?;
            device(tx, tx.last_insert_rowid()).map(Some)
        })
        .await
    }

    async fn device_by_token(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<Device>> {
        let hash = token_hash.to_vec();
        self.run(move |tx| {
            let id: Option<i64> = tx
                .query_row(
                    "UPDATE devices SET last_seen_at = ?2
                      WHERE token_hash = ?1 AND revoked_at IS NULL RETURNING id",
                    params![hash, now],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?;
            id.map(|id| device(tx, id)).transpose()
        })
        .await
    }

    async fn devices(&self) -> StoreResult<Vec<DeviceListing>> {
        self.run(|tx| {
            let mut statement = tx
                .prepare(
                    "SELECT d.id, d.name, a.id, a.name, d.paired_at, d.last_seen_at, d.revoked_at
                       FROM devices d JOIN accounts a ON a.id = d.account_id
                      ORDER BY a.name, d.id",
                )
                .map_err(db)?;
            let rows = statement
                .query_map([], |r| {
                    Ok(DeviceListing {
                        device: Device {
                            id: r.get(0)?,
                            name: r.get(1)?,
                            account: Account {
                                id: r.get(2)?,
                                name: r.get(3)?,
                            },
                        },
                        paired_at: r.get(4)?,
                        last_seen_at: r.get(5)?,
                        revoked_at: r.get(6)?,
                    })
                })
                .map_err(db)?;
            rows.collect::<rusqlite::Result<_>>().map_err(db)
        })
        .await
    }

    async fn revoke_device(&self, device: i64, now: i64) -> StoreResult<bool> {
        self.run(move |tx| {
            let changed = tx
                .execute(
                    "UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                    params![device, now],
                )
                .map_err(db)?;
            Ok(changed == 1)
        })
        .await
    }

    async fn access(&self, device: i64, doc: &DocId) -> StoreResult<Option<Access>> {
        let doc = doc.to_string();
        self.run(move |tx| {
            let access: Option<String> = tx
                .query_row(
                    "SELECT CASE WHEN o.owner_id = d.account_id THEN 'owner' ELSE g.access END
                       FROM devices d
                       JOIN documents o ON o.doc = ?2
                       LEFT JOIN grants g ON g.doc = o.doc AND g.account_id = d.account_id
                      WHERE d.id = ?1 AND d.revoked_at IS NULL",
                    params![device, doc],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?
                .flatten();
            Ok(access.as_deref().and_then(Access::parse))
        })
        .await
    }

    async fn document_exists(&self, doc: &DocId) -> StoreResult<bool> {
        let doc = doc.to_string();
        self.run(move |tx| {
            tx.query_row("SELECT 1 FROM documents WHERE doc = ?1", [doc], |_| Ok(()))
                .optional()
                .map(|found| found.is_some())
                .map_err(db)
        })
        .await
    }

    async fn create_document(&self, doc: &DocId, owner: i64, now: i64) -> StoreResult<bool> {
        let doc = doc.to_string();
        self.run(move |tx| {
            let created = tx
                .execute(
                    "INSERT INTO documents (doc, owner_id, created_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (doc) DO NOTHING",
                    params![doc, owner, now],
                )
                .map_err(db)?;
            Ok(created == 1)
        })
        .await
    }

    async fn documents(&self, account: i64) -> StoreResult<Vec<DocumentEntry>> {
        self.run(move |tx| {
            let mut statement = tx
                .prepare(
                    "SELECT d.doc, 'owner', a.name FROM documents d
                       JOIN accounts a ON a.id = d.owner_id WHERE d.owner_id = ?1
                     UNION ALL
                     SELECT g.doc, g.access, a.name FROM grants g
                       JOIN documents d ON d.doc = g.doc JOIN accounts a ON a.id = d.owner_id
                      WHERE g.account_id = ?1
                     ORDER BY 1",
                )
                .map_err(db)?;
            let rows = statement
                .query_map([account], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
                })
                .map_err(db)?;
            let mut entries = Vec::new();
            for row in rows {
                let (doc, access, owner) = row.map_err(db)?;
                entries.push(super::entry(&doc, &access, owner)?);
            }
            Ok(entries)
        })
        .await
    }

    async fn set_access(
        &self,
        doc: &DocId,
        account: i64,
        access: Option<Access>,
    ) -> StoreResult<()> {
        let doc = doc.to_string();
        self.run(move |tx| {
            match access.filter(|a| *a != Access::Owner) {
                Some(access) => tx.execute(
                    "INSERT INTO grants (doc, account_id, access)
                     SELECT ?1, ?2, ?3 FROM documents WHERE doc = ?1 AND owner_id <> ?2
                     ON CONFLICT (doc, account_id) DO UPDATE SET access = ?3",
                    params![doc, account, access.as_str()],
                ),
                None => tx.execute(
                    "DELETE FROM grants WHERE doc = ?1 AND account_id = ?2",
                    params![doc, account],
                ),
            }
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn append_chunk(&self, doc: &DocId, bytes: &[u8]) -> StoreResult<()> {
        let (doc, bytes) = (doc.to_string(), bytes.to_vec());
        self.run(move |tx| {
            tx.execute(
                "INSERT INTO chunks (doc, seq, bytes)
                 SELECT ?1, coalesce(max(seq), 0) + 1, ?2 FROM chunks WHERE doc = ?1",
                params![doc, bytes],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn chunks(&self, doc: &DocId) -> StoreResult<Chunks> {
        let doc = doc.to_string();
        self.run(move |tx| {
            let mut statement = tx
                .prepare("SELECT seq, bytes FROM chunks WHERE doc = ?1 ORDER BY seq")
                .map_err(db)?;
            let rows = statement
                .query_map([doc], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
                })
                .map_err(db)?;
            let mut chunks = Chunks::default();
            for row in rows {
                let (seq, bytes) = row.map_err(db)?;
                chunks.last = seq;
                chunks.chunks.push(bytes);
            }
            Ok(chunks)
        })
        .await
    }

    async fn compact(&self, doc: &DocId, through: i64, whole: &[u8]) -> StoreResult<()> {
        let (doc, whole) = (doc.to_string(), whole.to_vec());
        self.run(move |tx| {
            tx.execute(
                "DELETE FROM chunks WHERE doc = ?1 AND seq <= ?2",
                params![doc, through],
            )
            .map_err(db)?;
            tx.execute(
                "INSERT INTO chunks (doc, seq, bytes) VALUES (?1, ?2, ?3)",
                params![doc, through, whole],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }
}
