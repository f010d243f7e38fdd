//! The documents devices are syncing, held in memory while anyone syncs them, and the
//! devices connected. Each sync frame is checked against the sender's access, applied
//! with Automerge's sync protocol, saved before anyone hears of it, and then offered to
//! every other device syncing that document whose access still holds.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use automerge::Automerge;
use automerge::sync::{self, SyncDoc};
use tokio::sync::mpsc;
use tracing::{info, warn};
use waymark_wire::{Access, DocId, DocKind, FromDevice, FromServer, Refusal, SyncFrame};

use crate::store::{Device, Store, StoreError};
use crate::time::now;

/// The most a document may hold on the server.
pub const MAX_DOCUMENT: usize = 64 * 1024 * 1024;

/// How many chunks a document gathers before they are saved again as one.
const COMPACT_AFTER: usize = 64;

/// What the hub sends a connection's writer.
#[derive(Debug)]
pub enum Outgoing {
    Sync(SyncFrame),
    Control(FromServer),
}

/// One connection, as the hub knows it.
#[derive(Debug)]
struct Peer {
    device: Device,
    outbox: mpsc::Sender<Outgoing>,
}

/// A document being synced.
#[derive(Debug)]
struct Loaded {
    doc: Automerge,
    /// The sequence number of its last saved chunk, and how many chunks there are.
    last_chunk: i64,
    chunks: usize,
    bytes: usize,
    /// Where each connection syncing it stands.
    states: HashMap<u64, sync::State>,
}

type Slot = Arc<tokio::sync::Mutex<Option<Loaded>>>;

#[derive(Debug)]
pub struct Hub<S> {
    store: S,
    docs: Mutex<HashMap<DocId, Slot>>,
    peers: Mutex<HashMap<u64, Peer>>,
    next: AtomicU64,
    /// Held while a connection is welcomed and while access changes are announced, so a
    /// device connecting as its account is granted a document hears of it either way.
    roster: tokio::sync::Mutex<()>,
    /// Connections whose account made documents since they were last told the list.
    unlisted: Mutex<HashSet<u64>>,
}

/// The connection must end: its device was revoked, or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum Ended {
    #[error("the device was revoked")]
    Revoked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The maps stay consistent between statements, so a panic elsewhere leaves them usable.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<S: Store> Hub<S> {
    pub fn new(store: S) -> Self {
        Self {
            store,
            docs: Mutex::default(),
            peers: Mutex::default(),
            next: AtomicU64::new(1),
            roster: tokio::sync::Mutex::new(()),
            unlisted: Mutex::default(),
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// Registers a connection and welcomes it with the documents its account may sync;
    /// the returned number names it from now on.
    pub async fn join(&self, device: Device, outbox: mpsc::Sender<Outgoing>) -> Result<u64, Ended> {
        let _roster = self.roster.lock().await;
        let documents = self.store.documents(device.account.id).await?;
        let welcome = FromServer::Welcome {
            account: device.account.name.clone(),
            device: device.name.clone(),
            documents,
        };
        // The outbox is new and empty: the welcome always fits.
        let _ = outbox.try_send(Outgoing::Control(welcome));
        let conn = self.next.fetch_add(1, Ordering::Relaxed);
        lock(&self.peers).insert(conn, Peer { device, outbox });
        Ok(conn)
    }

    /// Forgets a connection and every document it was syncing.
    pub async fn leave(&self, conn: u64, synced: &HashSet<DocId>) {
        lock(&self.peers).remove(&conn);
        lock(&self.unlisted).remove(&conn);
        for doc in synced {
            self.forget(conn, doc).await;
        }
    }

    /// Takes one sync frame from connection `conn`.
    pub async fn receive(&self, conn: u64, device: &Device, frame: SyncFrame) -> Result<(), Ended> {
        let doc = frame.doc;
        let Some(access) = self.access_or_create(conn, device, &doc).await? else {
            warn!(
                account = %device.account.name, device = %device.name, %doc,
                "refused: asked for a document not shared with this account"
            );
            return self.refuse(
                conn,
                Some(doc),
                Refusal::NoAccess,
                "that document is not shared with you",
            );
        };
        let message = match sync::Message::decode(&frame.message) {
            Ok(message) => message,
            Err(e) => {
                warn!(account = %device.account.name, device = %device.name, %doc, "refused a malformed sync message: {e}");
                return self.refuse(
                    conn,
                    Some(doc),
                    Refusal::Malformed,
                    "the sync message could not be read",
                );
            }
        };
        if !access.writes() && !message.changes.is_empty() {
            warn!(account = %device.account.name, device = %device.name, %doc, "refused changes to a read-only document");
            self.refuse(
                conn,
                Some(doc),
                Refusal::ReadOnly,
                "you may read this document, not change it",
            )?;
        }

        let slot = self.slot(&doc);
        let mut guard = slot.lock().await;
        let loaded = match guard.as_mut() {
            Some(loaded) => loaded,
            None => guard.insert(self.load(&doc).await?),
        };
        let state = loaded
            .states
            .entry(conn)
            .or_insert_with(|| match access.writes() {
                true => sync::State::new(),
                false => sync::State::new_read_only(),
            });
        let before = loaded.doc.get_heads();
        if let Err(e) = loaded.doc.receive_sync_message(state, message) {
            warn!(account = %device.account.name, device = %device.name, %doc, "refused sync changes that do not apply: {e}");
            // What it may have half-applied is dropped: the next frame loads what is saved.
            *guard = None;
            return self.refuse(
                conn,
                Some(doc),
                Refusal::Malformed,
                "the changes could not be applied",
            );
        }
        if loaded.doc.get_heads() != before {
            let added = loaded.doc.save_after(&before);
            if loaded.bytes + added.len() > MAX_DOCUMENT {
                warn!(account = %device.account.name, device = %device.name, %doc, "refused changes that make the document too large");
                *guard = None;
                return self.refuse(
                    conn,
                    Some(doc),
                    Refusal::TooLarge,
                    "the document would be larger than this server keeps",
                );
            }
            if let Err(e) = self.save(&doc, loaded, &added).await {
                *guard = None;
                return Err(e.into());
            }
            info!(account = %device.account.name, device = %device.name, %doc, bytes = added.len(), "saved changes");
        }
        self.answer(&doc, loaded).await
    }

    /// Acts on a text frame from connection `conn`.
    pub async fn control(
        &self,
        conn: u64,
        device: &Device,
        message: FromDevice,
    ) -> Result<(), Ended> {
        let (doc, with, access) = match message {
            FromDevice::Share { doc, with, access } => (doc, with, Some(access)),
            FromDevice::Unshare { doc, with } => (doc, with, None),
        };
        if doc.kind.is_private() {
            warn!(account = %device.account.name, device = %device.name, %doc, "refused: shared a private document");
            return self.refuse(
                conn,
                Some(doc),
                Refusal::NeverShared,
                "a person's own documents are never shared",
            );
        }
        if self.store.access(device.id, &doc).await? != Some(Access::Owner) {
            warn!(account = %device.account.name, device = %device.name, %doc, "refused: shared a document it does not own");
            return self.refuse(
                conn,
                Some(doc),
                Refusal::NotOwner,
                "only the document's owner may share it",
            );
        }
        let Some(account) = self.store.account_named(&with).await? else {
            warn!(account = %device.account.name, device = %device.name, %doc, "refused: shared with an account the server does not have");
            return self.refuse(
                conn,
                Some(doc),
                Refusal::UnknownAccount,
                &format!("nobody on this server is called “{with}”"),
            );
        };
        self.store.set_access(&doc, account.id, access).await?;
        info!(
            account = %device.account.name, device = %device.name, %doc, with = %account.name,
            access = access.map_or("none", Access::as_str), "access changed"
        );
        if access.is_none() {
            for peer in self.connections_of(account.id) {
                self.forget(peer, &doc).await;
            }
        }
        self.announce(account.id).await?;
        self.send(conn, Outgoing::Control(FromServer::Done { doc, with }));
        Ok(())
    }

    /// Ends the connections of devices revoked since they connected; called now and then.
    pub async fn still_paired(&self, token_hash: &[u8]) -> Result<bool, Ended> {
        Ok(self
            .store
            .device_by_token(token_hash, now())
            .await?
            .is_some())
    }

    /// The device's access to `doc`; a document nobody has yet is created, owned by the
    /// device's account.
    async fn access_or_create(
        &self,
        conn: u64,
        device: &Device,
        doc: &DocId,
    ) -> Result<Option<Access>, Ended> {
        if let Some(access) = self.store.access(device.id, doc).await? {
            return Ok(Some(access));
        }
        // A person document's id comes from its account's name: no one else may make it.
        let claimable =
            doc.kind != DocKind::Person || *doc == DocId::person_of(&device.account.name);
        if claimable
            && !self.store.document_exists(doc).await?
            && self
                .store
                .create_document(doc, device.account.id, now())
                .await?
        {
            info!(account = %device.account.name, device = %device.name, %doc, "created document");
            // The account's other devices learn of it soon, not at their next connection;
            // the one making it knows. A device makes thousands after pairing: each other
            // device is sent the list once for a burst of them, not once for each.
            self.unlisted(device.account.id, conn).await;
        }
        // Asked again: whoever won a race to create it owns it, maybe this same account.
        Ok(self.store.access(device.id, doc).await?)
    }

    async fn load(&self, doc: &DocId) -> Result<Loaded, Ended> {
        let saved = self.store.chunks(doc).await?;
        let bytes = saved.chunks.iter().map(Vec::len).sum();
        let doc_bytes = saved.chunks.concat();
        let loaded = Automerge::load(&doc_bytes)
            .map_err(|e| StoreError::Database(format!("{doc} does not load: {e}")))?;
        Ok(Loaded {
            doc: loaded,
            last_chunk: saved.last,
            chunks: saved.chunks.len(),
            bytes,
            states: HashMap::new(),
        })
    }

    async fn save(&self, doc: &DocId, loaded: &mut Loaded, added: &[u8]) -> Result<(), StoreError> {
        self.store.append_chunk(doc, added).await?;
        loaded.last_chunk += 1;
        loaded.chunks += 1;
        loaded.bytes += added.len();
        if loaded.chunks > COMPACT_AFTER {
            let whole = loaded.doc.save();
            self.store.compact(doc, loaded.last_chunk, &whole).await?;
            loaded.chunks = 1;
            loaded.bytes = whole.len();
        }
        Ok(())
    }

    /// Offers every connection syncing `doc` what it lacks, if its access still holds.
    async fn answer(&self, doc: &DocId, loaded: &mut Loaded) -> Result<(), Ended> {
        let conns: Vec<u64> = loaded.states.keys().copied().collect();
        for conn in conns {
            let Some(device) = lock(&self.peers).get(&conn).map(|p| p.device.clone()) else {
                loaded.states.remove(&conn);
                continue;
            };
            if self.store.access(device.id, doc).await?.is_none() {
                loaded.states.remove(&conn);
                continue;
            }
            let Some(state) = loaded.states.get_mut(&conn) else {
                continue;
            };
            if let Some(message) = loaded.doc.generate_sync_message(state) {
                let frame = SyncFrame {
                    doc: *doc,
                    message: message.encode(),
                };
                self.send(conn, Outgoing::Sync(frame));
            }
        }
        Ok(())
    }

    /// Tells every connection of `account` which documents it may now sync.
    async fn announce(&self, account: i64) -> Result<(), Ended> {
        let _roster = self.roster.lock().await;
        let documents = self.store.documents(account).await?;
        let told = self.connections_of(account);
        lock(&self.unlisted).retain(|c| !told.contains(c));
        for conn in told {
            let documents = documents.clone();
            self.send(conn, Outgoing::Control(FromServer::Documents { documents }));
        }
        Ok(())
    }

    /// Notes that `account` made a document on connection `maker`: its other connections
    /// are told the list at their next [`Hub::relist`].
    async fn unlisted(&self, account: i64, maker: u64) {
        let _roster = self.roster.lock().await;
        let others = self
            .connections_of(account)
            .into_iter()
            .filter(|c| *c != maker);
        lock(&self.unlisted).extend(others);
    }

    /// Tells connection `conn` which documents its account may sync, if its account made
    /// any since it was last told; called now and then.
    pub async fn relist(&self, conn: u64, device: &Device) -> Result<(), Ended> {
        let _roster = self.roster.lock().await;
        if !lock(&self.unlisted).remove(&conn) {
            return Ok(());
        }
        let documents = self.store.documents(device.account.id).await?;
        self.send(conn, Outgoing::Control(FromServer::Documents { documents }));
        Ok(())
    }

    fn connections_of(&self, account: i64) -> Vec<u64> {
        lock(&self.peers)
            .iter()
            .filter(|(_, p)| p.device.account.id == account)
            .map(|(conn, _)| *conn)
            .collect()
    }

    async fn forget(&self, conn: u64, doc: &DocId) {
        let Some(slot) = lock(&self.docs).get(doc).cloned() else {
            return;
        };
        let mut guard = slot.lock().await;
        if let Some(loaded) = guard.as_mut() {
            loaded.states.remove(&conn);
            if loaded.states.is_empty() {
                *guard = None;
                drop(guard);
                // Only while nobody else holds the slot: a frame waiting on it would
                // otherwise load a second copy beside a new slot.
                let mut docs = lock(&self.docs);
                if Arc::strong_count(&slot) == 2 {
                    docs.remove(doc);
                }
            }
        }
    }

    fn slot(&self, doc: &DocId) -> Slot {
        Arc::clone(lock(&self.docs).entry(*doc).or_default())
    }

    pub fn refuse(
        &self,
        conn: u64,
        doc: Option<DocId>,
        refusal: Refusal,
        message: &str,
    ) -> Result<(), Ended> {
        self.send(
            conn,
            Outgoing::Control(FromServer::Refused {
                doc,
                refusal,
                message: message.to_owned(),
            }),
        );
        Ok(())
    }

    /// Queues a frame for a connection. A connection too slow to take it is dropped from
    /// the hub; its device reconnects and catches up.
    fn send(&self, conn: u64, frame: Outgoing) {
        let mut peers = lock(&self.peers);
        let full = match peers.get(&conn) {
            Some(peer) => peer.outbox.try_send(frame).is_err(),
            None => false,
        };
        if full {
            peers.remove(&conn);
        }
    }
}
