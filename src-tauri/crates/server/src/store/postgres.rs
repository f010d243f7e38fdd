//! The PostgreSQL backend, for an organisation that runs one already.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Mutex;
use tokio_postgres::{Client, NoTls, Transaction};
use waymark_wire::{Access, DocId, DocumentEntry};

use super::{
    Account, Chunks, Device, DeviceListing, Invite, Pairing, SCHEMA_VERSION, Store, StoreError,
    StoreResult,
};

const SCHEMA: &str = "
CREATE TABLE accounts (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE TABLE invites (
    code_hash BYTEA PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE TABLE devices (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    paired_at BIGINT NOT NULL,
    last_seen_at BIGINT,
    revoked_at BIGINT
);
CREATE TABLE documents (
    doc TEXT PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL
);
CREATE TABLE grants (
    doc TEXT NOT NULL REFERENCES documents (doc),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    access TEXT NOT NULL CHECK (access IN ('read', 'write')),
    PRIMARY KEY (doc, account_id)
);
CREATE INDEX grants_by_account ON grants (account_id);
CREATE TABLE chunks (
    doc TEXT NOT NULL REFERENCES documents (doc),
    seq BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    PRIMARY KEY (doc, seq)
);
";

/// How many connections the server keeps open: enough that devices syncing different
/// documents do not wait on each other.
const CONNECTIONS: usize = 4;

/// A server database in PostgreSQL, reached through a few connections taken in turn.
#[derive(Debug)]
pub struct Postgres {
    clients: Vec<Mutex<Client>>,
    next: AtomicUsize,
}

impl Postgres {
    /// Connects with a `postgres://…` URL or `key=value` settings, and creates or checks
    /// the server's tables.
    pub async fn connect(settings: &str) -> StoreResult<Self> {
        let mut clients = Vec::with_capacity(CONNECTIONS);
        for _ in 0..CONNECTIONS {
            let (client, connection) =
                tokio_postgres::connect(settings, NoTls).await.map_err(db)?;
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::error!("PostgreSQL connection ended: {e}");
                }
            });
            clients.push(Mutex::new(client));
        }
        let store = Self {
            clients,
            next: AtomicUsize::new(0),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        let mut client = self.clients[0].lock().await;
        let tx = client.transaction().await.map_err(db)?;
        // One server at a time sets up the tables.
        tx.execute("SELECT pg_advisory_xact_lock(7204519)", &[])
            .await
            .map_err(db)?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS waymark_schema (version BIGINT NOT NULL)")
            .await
            .map_err(db)?;
        let version: Option<i64> = tx
            .query_opt("SELECT version FROM waymark_schema", &[])
            .await
            .map_err(db)?
            .map(|r| r.get(0));
        match version {
            None => {
                tx.batch_execute(SCHEMA).await.map_err(db)?;
                tx.execute(
                    "INSERT INTO waymark_schema (version) VALUES ($1)",
                    &[&SCHEMA_VERSION],
                )
                .await
                .map_err(db)?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(newer) => return Err(StoreError::Newer(newer)),
        }
        tx.commit().await.map_err(db)
    }

    /// Runs `work` in one transaction on the next connection.
    async fn run<T>(
        &self,
        work: impl AsyncFnOnce(&Transaction<'_>) -> Result<T, tokio_postgres::Error>,
    ) -> StoreResult<T> {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.clients.len();
        let mut client = self.clients[i].lock().await;
        let tx = client.transaction().await.map_err(db)?;
        let value = work(&tx).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(value)
    }
}

fn db(e: tokio_postgres::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

async fn device(tx: &Transaction<'_>, id: i64) -> Result<Device, tokio_postgres::Error> {
    let r = tx
        .query_one(
            "SELECT d.name, a.id, a.name FROM devices d JOIN accounts a ON a.id = d.account_id
              WHERE d.id = $1",
            &[&id],
        )
        .await?;
    Ok(Device {
        id,
        name: r.get(0),
        account: Account {
            id: r.get(1),
            name: r.get(2),
        },
    })
}

impl Store for Postgres {
    async fn ensure_account(&self, name: &str, now: i64) -> StoreResult<Account> {
        self.run(async |tx| {
            tx.execute(
                "INSERT INTO accounts (name, created_at) VALUES ($1, $2)
                 ON CONFLICT (name) DO NOTHING",
                &[&name, &now],
            )
            .await?;
            let r = tx
                .query_one("SELECT id, name FROM accounts WHERE name = $1", &[&name])
                .await?;
            Ok(Account {
                id: r.get(0),
                name: r.get(1),
            })
        })
        .await
    }

    async fn account_named(&self, name: &str) -> StoreResult<Option<Account>> {
        self.run(async |tx| {
            Ok(tx
                .query_opt("SELECT id, name FROM accounts WHERE name = $1", &[&name])
                .await?
                .map(|r| Account {
                    id: r.get(0),
                    name: r.get(1),
                }))
        })
        .await
    }

    async fn add_invite(&self, invite: &Invite) -> StoreResult<()> {
        self.run(async |tx| {
            tx.execute(
                "INSERT INTO invites (code_hash, account_id, expires_at) VALUES ($1, $2, $3)",
                &[&invite.code_hash, &invite.account, &invite.expires_at],
            )
            .await
            .map(drop)
        })
        .await
    }

    async fn redeem_invite(&self, p: &Pairing) -> StoreResult<Option<Device>> {
        self.run(async |tx| {
            let Some(row) = tx
                .query_opt(
                    "UPDATE invites SET used_at = $2
                      WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
                      RETURNING account_id",
                    &[&p.code_hash, &p.now],
                )
                .await?
            else {
                return Ok(None);
            };
            let account: i64 = row.get(0);
            let id: i64 = tx
                .query_one(
                    "INSERT INTO devices (account_id, name, token_hash, paired_at)
                     VALUES ($1, $2, $3, $4) RETURNING id",
                    &[&account, &p.device_name, &p.token_hash, &p.now],
                )
                .await?
                .get(0);
            device(tx, id).await.map(Some)
        })
        .await
    }

    async fn device_by_token(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<Device>> {
        self.run(async |tx| {
            let Some(row) = tx
                .query_opt(
                    "UPDATE devices SET last_seen_at = $2
                      WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id",
                    &[&token_hash, &now],
                )
                .await?
            else {
                return Ok(None);
            };
            device(tx, row.get(0)).await.map(Some)
        })
        .await
    }

    async fn devices(&self) -> StoreResult<Vec<DeviceListing>> {
        self.run(async |tx| {
            let rows = tx
                .query(
                    "SELECT d.id, d.name, a.id, a.name, d.paired_at, d.last_seen_at, d.revoked_at
                       FROM devices d JOIN accounts a ON a.id = d.account_id
                      ORDER BY a.name, d.id",
                    &[],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| DeviceListing {
                    device: Device {
                        id: r.get(0),
                        name: r.get(1),
                        account: Account {
                            id: r.get(2),
                            name: r.get(3),
                        },
                    },
                    paired_at: r.get(4),
                    last_seen_at: r.get(5),
                    revoked_at: r.get(6),
                })
                .collect())
        })
        .await
    }

    async fn revoke_device(&self, device: i64, now: i64) -> StoreResult<bool> {
        self.run(async |tx| {
            tx.execute(
                "UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                &[&device, &now],
            )
            .await
            .map(|changed| changed == 1)
        })
        .await
    }

    async fn access(&self, device: i64, doc: &DocId) -> StoreResult<Option<Access>> {
        let doc = doc.to_string();
        self.run(async |tx| {
            Ok(tx
                .query_opt(
                    "SELECT CASE WHEN o.owner_id = d.account_id THEN 'owner' ELSE g.access END
                       FROM devices d
                       JOIN documents o ON o.doc = $2
                       LEFT JOIN grants g ON g.doc = o.doc AND g.account_id = d.account_id
                      WHERE d.id = $1 AND d.revoked_at IS NULL",
                    &[&device, &doc],
                )
                .await?
                .and_then(|r| r.get::<_, Option<String>>(0)))
        })
        .await
        .map(|access| access.as_deref().and_then(Access::parse))
    }

    async fn document_exists(&self, doc: &DocId) -> StoreResult<bool> {
        let doc = doc.to_string();
        self.run(async |tx| {
            Ok(tx
                .query_opt("SELECT 1 FROM documents WHERE doc = $1", &[&doc])
                .await?
                .is_some())
        })
        .await
    }

    async fn create_document(&self, doc: &DocId, owner: i64, now: i64) -> StoreResult<bool> {
        let doc = doc.to_string();
        self.run(async |tx| {
            tx.execute(
                "INSERT INTO documents (doc, owner_id, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (doc) DO NOTHING",
                &[&doc, &owner, &now],
            )
            .await
            .map(|created| created == 1)
        })
        .await
    }

    async fn documents(&self, account: i64) -> StoreResult<Vec<DocumentEntry>> {
        let rows = self
            .run(async |tx| {
                tx.query(
                    "SELECT d.doc, 'owner', a.name FROM documents d
                       JOIN accounts a ON a.id = d.owner_id WHERE d.owner_id = $1
                     UNION ALL
                     SELECT g.doc, g.access, a.name FROM grants g
                       JOIN documents d ON d.doc = g.doc JOIN accounts a ON a.id = d.owner_id
                      WHERE g.account_id = $1
                     ORDER BY 1",
                    &[&account],
                )
                .await
            })
            .await?;
        rows.iter()
            .map(|r| super::entry(r.get(0), r.get(1), r.get(2)))
            .collect()
    }

    async fn set_access(
        &self,
        doc: &DocId,
        account: i64,
        access: Option<Access>,
    ) -> StoreResult<()> {
        let doc = doc.to_string();
        self.run(async |tx| {
            match access.filter(|a| *a != Access::Owner) {
                Some(access) => {
                    tx.execute(
                        "INSERT INTO grants (doc, account_id, access)
                         SELECT $1, $2, $3 FROM documents WHERE doc = $1 AND owner_id <> $2
                         ON CONFLICT (doc, account_id) DO UPDATE SET access = $3",
                        &[&doc, &account, &access.as_str()],
                    )
                    .await
                }
                None => {
                    tx.execute(
                        "DELETE FROM grants WHERE doc = $1 AND account_id = $2",
                        &[&doc, &account],
                    )
                    .await
                }
            }
            .map(drop)
        })
        .await
    }

    async fn append_chunk(&self, doc: &DocId, bytes: &[u8]) -> StoreResult<()> {
        let doc = doc.to_string();
        self.run(async |tx| {
            tx.execute(
                "INSERT INTO chunks (doc, seq, bytes)
                 SELECT $1, coalesce(max(seq), 0) + 1, $2 FROM chunks WHERE doc = $1",
                &[&doc, &bytes],
            )
            .await
            .map(drop)
        })
        .await
    }

    async fn chunks(&self, doc: &DocId) -> StoreResult<Chunks> {
        let doc = doc.to_string();
        let rows = self
            .run(async |tx| {
                tx.query(
                    "SELECT seq, bytes FROM chunks WHERE doc = $1 ORDER BY seq",
                    &[&doc],
                )
                .await
            })
            .await?;
        Ok(Chunks {
            last: rows.last().map(|r| r.get(0)).unwrap_or_default(),
            chunks: rows.iter().map(|r| r.get(1)).collect(),
        })
    }

    async fn compact(&self, doc: &DocId, through: i64, whole: &[u8]) -> StoreResult<()> {
        let doc = doc.to_string();
        self.run(async |tx| {
            tx.execute(
                "DELETE FROM chunks WHERE doc = $1 AND seq <= $2",
                &[&doc, &through],
            )
            .await?;
            tx.execute(
                "INSERT INTO chunks (doc, seq, bytes) VALUES ($1, $2, $3)",
                &[&doc, &through, &whole],
            )
            .await
            .map(drop)
        })
        .await
    }
}
