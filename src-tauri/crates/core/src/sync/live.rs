//! Live sync through a `waymark-server`, as the data file sees it: this device's pairing,
//! which documents it syncs, and each sync message in or out as one transaction that keeps
//! the rows and the documents together. The network lives in the `waymark-sync` crate;
//! nothing here waits on it.
//!
//! A plan shared live syncs its two documents, `plan/<uid>` and `progress/<uid>`. On the
//! mentor's side they are made here and granted to the mentee's account; on the mentee's
//! side they arrive from the server, are held in memory until both halves are in (the
//! server keeps them meanwhile), and are then checked and written into the tables.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use waymark_wire::{Access, DocId, DocKind, DocumentEntry, FromDevice, SyncFrame};

use super::documents::{self, Kept, Share};
use super::engine::{self, Document, SyncState, Touched};
use super::identity;
use super::owned;
use super::package::Side;
use super::shape::{self, PLAN, PROGRESS};
use super::share::Docs;
use super::{conflict_record, conflicts, person, project, reconcile, summary};
use crate::error::{Error, Result};
use crate::store::db::NOW;
use crate::store::settings;
use crate::validate;

/// This device's pairing with a sync server, as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Pairing {
    pub url: String,
    pub account: String,
    pub device: String,
    pub paused: bool,
    /// When the server last answered (RFC 3339, UTC).
    pub synced_at: Option<String>,
}

/// What connecting takes; the token never leaves the Rust side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub url: String,
    pub token: String,
}

/// Sharing a plan live with its mentee's account on the same server.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveShareRequest {
    pub plan_id: i64,
    /// The mentee's account name on the server.
    pub account: String,
    pub mentee_edits_plan: bool,
}

pub fn pairing(conn: &Connection) -> Result<Option<Pairing>> {
    Ok(conn
        .query_row(
            "SELECT url, account, device, paused, synced_at FROM sync_server",
            [],
            |r| {
                Ok(Pairing {
                    url: r.get(0)?,
                    account: r.get(1)?,
                    device: r.get(2)?,
                    paused: r.get(3)?,
                    synced_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// The server's address and this device's token, unless sync is paused or not set up.
pub fn credentials(conn: &Connection) -> Result<Option<Credentials>> {
    Ok(conn
        .query_row(
            "SELECT url, token FROM sync_server WHERE NOT paused",
            [],
            |r| {
                Ok(Credentials {
                    url: r.get(0)?,
                    token: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// A server address as the person typed it, in the one form kept: `ws://` or `wss://`,
/// no path. `https://` becomes `wss://`; a bare host name means TLS.
pub fn server_url(typed: &str) -> Result<String> {
    let typed = typed.trim();
    // Trailing slashes go after the scheme is split off, so `https://` alone stays empty.
    let url = match typed.split_once("://") {
        Some(("https" | "wss", rest)) => format!("wss://{}", rest.trim_end_matches('/')),
        Some(("http" | "ws", rest)) => format!("ws://{}", rest.trim_end_matches('/')),
        Some(_) => {
            return Err(Error::invalid(
                "url",
                "A server address starts with https:// (or http:// on this computer).",
            ));
        }
        None => format!("wss://{}", typed.trim_end_matches('/')),
    };
    let parsed = url::Url::parse(&url)
        .map_err(|_| Error::invalid("url", "That is not a server address Waymark can use."))?;
    if parsed.host_str().is_none_or(str::is_empty)
        || parsed.path() != "/"
        || parsed.query().is_some()
    {
        return Err(Error::invalid(
            "url",
            "Give the server's address only, such as https://sync.example.org.",
        ));
    }
    Ok(url)
}

/// What the person typed to pair this device, checked before anything goes to the server:
/// the server's address in its one form, the code and this device's name, trimmed.
pub fn pairing_input(url: &str, code: &str, device: &str) -> Result<(String, String, String)> {
    Ok((
        server_url(url)?,
        validate::required_text("code", "The pairing code", code, 40)?,
        validate::required_text("device", "This device's name", device, 80)?,
    ))
}

/// Keeps this device's pairing: the server said yes to a code. Every record is then
/// written into its documents by the rounds that follow, the person's own first.
pub fn save_pairing(
    conn: &mut Connection,
    url: &str,
    paired: &waymark_wire::Paired,
) -> Result<Pairing> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        &format!(
            "INSERT OR REPLACE INTO sync_server (id, url, account, device, token, paired_at)
             VALUES (1, ?1, ?2, ?3, ?4, {NOW})"
        ),
        params![url, paired.account, paired.device, paired.token],
    )?;
    tx.execute_batch(
        "INSERT OR IGNORE INTO sync_changed (mentee_id) SELECT id FROM mentees;
         INSERT OR IGNORE INTO sync_changed_plans (plan_id) SELECT id FROM plans;",
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO sync_person_mentees (uid)
         SELECT uid FROM mentees WHERE shared_by IS NULL AND uid IS NOT NULL",
        [],
    )?;
    let pairing = pairing(&tx)?.ok_or(Error::SyncNotSetUp)?;
    tx.commit()?;
    Ok(pairing)
}

/// Forgets the server: plans shared live go back to sharing by file.
pub fn forget_pairing(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "DELETE FROM sync_server; DELETE FROM sync_heads; DELETE FROM sync_outbox;
         DELETE FROM sync_changed; DELETE FROM sync_changed_plans;
         DELETE FROM sync_person_mentees; DELETE FROM sync_waiting;
         DELETE FROM sync_choices;
         UPDATE plan_shares SET live_account = NULL;",
    )?;
    Ok(tx.commit()?)
}

pub fn set_paused(conn: &Connection, paused: bool) -> Result<Pairing> {
    conn.execute("UPDATE sync_server SET paused = ?1", [paused])?;
    pairing(conn)?.ok_or(Error::SyncNotSetUp)
}

/// Shares plan `plan_id` live with the mentee's account: its documents are made (or
/// brought up to date) here, and the grant waits for the next connection.
pub fn share_live(conn: &mut Connection, request: &LiveShareRequest) -> Result<()> {
    let account = account_name(&request.account)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(paired) = pairing(&tx)? else {
        return Err(Error::SyncNotSetUp);
    };
    crate::plan::plans::ensure_live(&tx, request.plan_id)?;
    // Comments and topics carry their author's name: the mentor's own, or failing that
    // their account's, so the mentee never sees them as their own.
    if identity::name(&tx)?.is_none() {
        let name = settings::my_name(&tx)?.unwrap_or(paired.account);
        identity::ensure(&tx, Some(&name))?;
    }
    let mut share = match documents::share(&tx, request.plan_id)? {
        Some(share) if share.side == Side::Mentee => {
            return Err(Error::ReadOnly(format!(
                "This plan was shared with you; only {} can share it.",
                share.peer_name
            )));
        }
        Some(share) => share,
        None => documents::new_mentor_share(&tx, request.plan_id, false, false)?,
    };
    share.mentee_edits_plan = request.mentee_edits_plan;
    documents::save_share(&tx, &share)?;
    let mut docs = Docs::current(&tx, &share)?;
    docs.save(&tx, share.plan_id)?;
    let previous = live_account(&tx, share.plan_id)?;
    tx.execute(
        "UPDATE plan_shares SET live_account = ?2 WHERE plan_id = ?1",
        params![share.plan_id, account],
    )?;
    let uid = plan_uid(&tx, share.plan_id)?;
    if let Some(previous) = previous.filter(|p| *p != account) {
        queue_both(&tx, uid, &previous, None)?;
    }
    let plan_access = match request.mentee_edits_plan {
        true => Access::Write,
        false => Access::Read,
    };
    queue(
        &tx,
        DocId::new(DocKind::Plan, uid),
        &account,
        Some(plan_access),
    )?;
    queue(
        &tx,
        DocId::new(DocKind::Progress, uid),
        &account,
        Some(Access::Write),
    )?;
    Ok(tx.commit()?)
}

/// Stops syncing plan `plan_id` live with its mentee: they keep what they have and
/// receive nothing new.
pub fn stop_live(conn: &mut Connection, plan_id: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let share = documents::share(&tx, plan_id)?.ok_or(Error::NotFound {
        what: "Shared plan",
    })?;
    match share.side {
        Side::Mentor => {
            if let Some(account) = live_account(&tx, plan_id)? {
                queue_both(&tx, plan_uid(&tx, plan_id)?, &account, None)?;
            }
        }
        Side::Mentee => unsynced(&tx, plan_id)?,
    }
    tx.execute(
        "UPDATE plan_shares SET live_account = NULL WHERE plan_id = ?1",
        [plan_id],
    )?;
    Ok(tx.commit()?)
}

/// The account a plan syncs live with, if it does.
pub fn live_account(conn: &Connection, plan_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT live_account FROM plan_shares WHERE plan_id = ?1",
            [plan_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// The grants and withdrawals waiting for the server, oldest first.
fn outbox(conn: &Connection) -> Result<Vec<FromDevice>> {
    let mut statement = conn.prepare("SELECT doc, account, access FROM sync_outbox")?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut messages = Vec::new();
    for row in rows {
        let (doc, with, access) = row?;
        let Ok(doc) = doc.parse() else { continue };
        messages.push(match access.as_deref().and_then(Access::parse) {
            Some(access) => FromDevice::Share { doc, with, access },
            None => FromDevice::Unshare { doc, with },
        });
    }
    Ok(messages)
}

/// The server turned down a grant of `doc` (no such account, most likely): the plan stops
/// syncing live and the grant is dropped. Returns the plan's title, for saying so.
pub fn outbox_refused(conn: &mut Connection, doc: &DocId) -> Result<Option<String>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "DELETE FROM sync_outbox WHERE doc = ?1 AND access IS NOT NULL",
        [doc.to_string()],
    )?;
    let uid = doc.id.hyphenated().to_string();
    tx.execute(
        "UPDATE plan_shares SET live_account = NULL
          WHERE plan_id = (SELECT id FROM plans WHERE uid = ?1) AND role = 'mentor'",
        [&uid],
    )?;
    let title: Option<String> = tx
        .query_row("SELECT title FROM plans WHERE uid = ?1", [&uid], |r| {
            r.get(0)
        })
        .optional()?;
    tx.commit()?;
    Ok(title)
}

/// Where this device stands with the server during one connection. Dropped when the
/// connection ends: the next one starts afresh, as Automerge's sync protocol expects.
#[derive(Debug, Default)]
pub struct Session {
    states: HashMap<DocId, SyncState>,
    /// Plans whose documents are still arriving: shared with this device, or the
    /// person's own from another of their devices.
    arriving: HashMap<Uuid, Docs>,
    /// The person's own documents made on another of their devices, still arriving (or
    /// waiting for the mentee they are about).
    held: HashMap<DocId, Document>,
    /// What came in while sending: documents that had arrived and waited for another.
    settled: Vec<Arrived>,
    /// What the server lists for this account.
    listed: HashMap<DocId, DocumentEntry>,
    /// Documents whose changes were refused: not synced again until the next connection.
    refused: HashSet<DocId>,
    /// Per document, what the server last confirmed and how many messages have come since
    /// without anything moving: see [`Session::stuck`].
    progress: HashMap<DocId, (Vec<u8>, u32)>,
    /// Grants (the access) and withdrawals (none) sent in this connection and not yet
    /// confirmed, per document and account, oldest first: the server confirms in order.
    granting: HashMap<(DocId, String), VecDeque<Option<Access>>>,
    /// Documents offered in this connection: the server has heard where each stands.
    offered: HashSet<DocId>,
    /// How far offering each document once in this connection has got.
    offering: Offering,
    /// Documents to offer again from the start, after the server lost track of them.
    again: Vec<DocId>,
    /// The person's own document as last saved, kept between rounds and connections: at
    /// 10,000 mentees, loading it takes longer than a round may.
    person: Option<Document>,
    /// The documents of the plans written last, kept likewise.
    kept: Kept,
}

/// How long one sync round may hold the data file: clicks wait for it. A round with more
/// to do goes on in the next, which comes at once.
const ROUND_BUDGET: Duration = Duration::from_millis(14);

/// Mentees' records written into the person's document in one piece of a round.
const PERSON_RECORDS: usize = 64;

/// A round's time: work goes on while one more piece, as long as the longest so far,
/// still fits in [`ROUND_BUDGET`].
struct Budget {
    started: Instant,
    longest: Duration,
    limit: Duration,
}

impl Budget {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            longest: Duration::ZERO,
            limit: ROUND_BUDGET,
        }
    }

    /// For what must be done whole before going on: a message from the server is taken
    /// in against the records as they stand.
    fn unlimited() -> Self {
        Self {
            limit: Duration::from_secs(24 * 60 * 60),
            ..Self::new()
        }
    }

    fn fits(&self) -> bool {
        self.started.elapsed() + self.longest < self.limit
    }

    fn spent(&mut self, piece: Duration) {
        self.longest = self.longest.max(piece);
    }

    /// Runs one piece of work and notes how long it took.
    fn spend<T>(&mut self, piece: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let done = piece();
        self.spent(started.elapsed());
        done
    }
}

/// What one round has for the server.
#[derive(Debug, Default)]
pub struct Round {
    pub frames: Vec<SyncFrame>,
    /// Whether work was left for the next round.
    pub more: bool,
}

/// What a round works with: whose documents, and where its messages go (none while
/// offline, when edits are only written into the documents).
struct Work<'a> {
    account: &'a str,
    frames: Option<&'a mut Vec<SyncFrame>>,
}

/// The last document offered once in this connection, in the order they go: the person's
/// own, their mentees' by row id, then the plans this device syncs by row id. Each round
/// asks for the next from there, so a connection never lists 30,000 of them at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Offering {
    #[default]
    Nothing,
    Person,
    Mentee(i64),
    Plan(i64),
    All,
}

/// A document this device syncs, to offer once per connection.
#[derive(Debug)]
enum Unoffered {
    Own(DocId),
    Plan(i64, Uuid),
}

impl Offering {
    /// The document after this one, and where that leaves the offering.
    fn next(self, conn: &Connection, account: &str) -> Result<Option<(Offering, Unoffered)>> {
        if self == Offering::Nothing {
            let person = DocId::person_of(account);
            return Ok(Some((Offering::Person, Unoffered::Own(person))));
        }
        if let Offering::Person | Offering::Mentee(_) = self {
            let after = match self {
                Offering::Mentee(id) => id,
                _ => 0,
            };
            let mentee: Option<(i64, String)> = conn
                .prepare_cached(
                    "SELECT id, uid FROM mentees
                      WHERE shared_by IS NULL AND uid IS NOT NULL AND id > ?1
                      ORDER BY id LIMIT 1",
                )?
                .query_row([after], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            return match mentee {
                Some((id, uid)) => match Uuid::try_parse(&uid) {
                    Ok(uid) => Ok(Some((
                        Offering::Mentee(id),
                        Unoffered::Own(DocId::new(DocKind::Mentee, uid)),
                    ))),
                    Err(_) => Offering::Mentee(id).next(conn, account),
                },
                None => Offering::Plan(0).next(conn, account),
            };
        }
        let Offering::Plan(after) = self else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT p.id, p.uid FROM plans p
               JOIN mentees m ON m.id = p.mentee_id
               LEFT JOIN plan_shares s ON s.plan_id = p.id
              WHERE p.uid IS NOT NULL AND {SYNCED} AND p.id > ?1
              ORDER BY p.id LIMIT 1"
        );
        Ok(plans_by_uid(conn, &sql, [after])?
            .first()
            .map(|&(id, uid)| (Offering::Plan(id), Unoffered::Plan(id, uid))))
    }
}

/// Messages about one document with nothing learnt or confirmed, past which the exchange
/// is taken to be going round in circles. A change takes three or four messages.
const FRUITLESS_MESSAGES: u32 = 16;

/// The person's own document as saved, still to be loaded: see [`Session::saved_person`].
#[derive(Debug)]
pub struct SavedPerson {
    doc: DocId,
    bytes: Vec<u8>,
    /// Whether changes were saved after the whole.
    since: bool,
}

/// The person's own document written whole again beside the data file: see
/// [`Session::warm`].
#[derive(Debug)]
pub struct FoldedPerson {
    doc: DocId,
    bytes: Vec<u8>,
    heads: Vec<automerge::ChangeHash>,
}

/// Keeps `folded` in place of the person's whole document and the changes saved after it,
/// unless a round saved the document since. At 10,000 mentees writing it whole takes
/// longer than a round may hold the data file, so rounds leave that to this.
pub fn store_folded(conn: &mut Connection, folded: &FoldedPerson) -> Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored = owned::store_folded(&tx, &folded.doc, &folded.bytes, &folded.heads)?;
    tx.commit()?;
    Ok(stored)
}

/// What taking in one message did.
#[derive(Debug, Default)]
pub struct Received {
    /// Messages to send back.
    pub replies: Vec<SyncFrame>,
    /// What changed in the tables, for the app to show.
    pub arrived: Option<Arrived>,
}

/// Changes that came through the server and are now in the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Arrived {
    /// The plan that changed; none when it was the person's own records (mentees, 1:1s…).
    pub plan_id: Option<i64>,
    /// The plan's title, when it arrived here for the first time.
    pub new_plan: Option<String>,
    /// Rules of the tables restored after the merge ("…was made a draft").
    pub notices: Vec<String>,
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts afresh for a new connection (or for none, offline), as Automerge's sync
    /// protocol expects, keeping only the documents saved in the data file in memory.
    pub fn reconnect(&mut self) {
        *self = Self {
            person: self.person.take(),
            kept: std::mem::take(&mut self.kept),
            ..Self::default()
        };
    }

    /// Whether an exchange goes round in circles: messages keep coming and nothing is learnt
    /// or confirmed. A message lost on the way does this: each side remembers sending
    /// what the other never received, and does not send it again in this connection.
    /// Connecting again starts both sides afresh.
    pub fn stuck(&self) -> bool {
        self.progress
            .values()
            .any(|(_, fruitless)| *fruitless > FRUITLESS_MESSAGES)
    }

    /// The grants and withdrawals waiting for the server, oldest first, kept as sent.
    pub fn grants(&mut self, conn: &Connection) -> Result<Vec<FromDevice>> {
        let messages = outbox(conn)?;
        for message in &messages {
            let (doc, with, access) = match message {
                FromDevice::Share { doc, with, access } => (doc, with, Some(*access)),
                FromDevice::Unshare { doc, with } => (doc, with, None),
            };
            self.granting
                .entry((*doc, with.clone()))
                .or_default()
                .push_back(access);
        }
        Ok(messages)
    }

    /// The server did the oldest grant or withdrawal sent for `doc` and `with`. It leaves
    /// the outbox only if the outbox still asks for that: a withdrawal queued while a grant
    /// was on its way replaced it there, and is sent next.
    pub fn granted(&mut self, conn: &Connection, doc: &DocId, with: &str) -> Result<()> {
        let Some(access) = self
            .granting
            .get_mut(&(*doc, with.to_owned()))
            .and_then(VecDeque::pop_front)
        else {
            return Ok(());
        };
        conn.execute(
            "DELETE FROM sync_outbox WHERE doc = ?1 AND account = ?2 AND access IS ?3",
            params![doc.to_string(), with, access.map(Access::as_str)],
        )?;
        Ok(())
    }

    /// Starts over with `doc` at the next offer: the server refused it or lost track.
    pub fn start_over(&mut self, doc: &DocId) {
        self.states.remove(doc);
        if self.offered.remove(doc) {
            self.again.push(*doc);
        }
    }

    /// Takes the server's list of documents this account may sync. Plans shared with this
    /// device that are no longer listed were withdrawn: they stay here, unsynced.
    pub fn listed(&mut self, conn: &mut Connection, entries: Vec<DocumentEntry>) -> Result<()> {
        let before = std::mem::take(&mut self.listed);
        self.listed = entries.into_iter().map(|e| (e.doc, e)).collect();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (plan_id, uid) in shared_with_me_live(&tx)? {
            match self.listed.get(&DocId::new(DocKind::Plan, uid)) {
                None => {
                    tx.execute(
                        "UPDATE plan_shares SET live_account = NULL WHERE plan_id = ?1",
                        [plan_id],
                    )?;
                    unsynced(&tx, plan_id)?;
                }
                Some(entry) => {
                    tx.execute(
                        "UPDATE plan_shares SET mentee_edits_plan = ?2
                          WHERE plan_id = ?1 AND mentee_edits_plan IS NOT ?2",
                        params![plan_id, entry.access.writes()],
                    )?;
                }
            }
        }
        self.arriving
            .retain(|uid, _| self.listed.contains_key(&DocId::new(DocKind::Plan, *uid)));
        // Only plans new to the list can be new to this device.
        for entry in self.listed.values() {
            if entry.doc.kind == DocKind::Plan
                && !before.contains_key(&entry.doc)
                && !self.arriving.contains_key(&entry.doc.id)
                && !known_plan(&tx, entry.doc.id)?
            {
                self.arriving.insert(entry.doc.id, Docs::blank());
            }
        }
        Ok(tx.commit()?)
    }

    /// One round of messages for the server. What changed in the rows since the last round
    /// is written into its documents first (everything, after pairing), then each document
    /// this device syncs is offered once per connection, and documents arriving are asked
    /// for. A round stops after [`ROUND_BUDGET`] and says so: the person's clicks wait for
    /// it, so a first round at thousands of mentees goes in many short ones. Documents that
    /// had arrived and waited for another are written into the rows now;
    /// [`Session::settled`] says what they were.
    pub fn outgoing(&mut self, conn: &mut Connection) -> Result<Round> {
        let mut budget = Budget::new();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut round = Round::default();
        // A device never paired keeps no documents of its own: nothing of it syncs.
        let Some(paired) = pairing(&tx)? else {
            return Ok(round);
        };
        self.settle_arriving(&tx, &mut round.frames)?;
        let mut work = Work {
            account: &paired.account,
            frames: Some(&mut round.frames),
        };
        round.more = !self.write_changes(&tx, &mut work, &mut budget)?
            || !self.offer_all(&tx, &mut work, &mut budget)?;
        tx.commit()?;
        Ok(round)
    }

    /// Writes what changed in the rows into the documents while `budget` holds, one
    /// document or plan at a time; says whether everything was written. The person's own
    /// goes first, then plans, then mentees' own: a plan written gives its goals and
    /// milestones the global ids the mentee's 1:1s refer to them by, and pairing marks
    /// every plan, so by the time no plan is marked every one of theirs has them.
    fn write_changes(
        &mut self,
        tx: &Transaction<'_>,
        work: &mut Work<'_>,
        budget: &mut Budget,
    ) -> Result<bool> {
        if !self.write_person(tx, work, budget)? {
            return Ok(false);
        }
        let mut next_plan = tx.prepare_cached("SELECT plan_id FROM sync_changed_plans LIMIT 1")?;
        let mut plan_done =
            tx.prepare_cached("DELETE FROM sync_changed_plans WHERE plan_id = ?1")?;
        let mut next_mentee = tx.prepare_cached("SELECT mentee_id FROM sync_changed LIMIT 1")?;
        let mut mentee_done = tx.prepare_cached("DELETE FROM sync_changed WHERE mentee_id = ?1")?;
        while budget.fits() {
            if let Some(plan_id) = next_plan.query_row([], |r| r.get(0)).optional()? {
                budget.spend(|| self.write_plan(tx, plan_id, work))?;
                plan_done.execute([plan_id])?;
            } else if let Some(mentee_id) = next_mentee.query_row([], |r| r.get(0)).optional()? {
                budget.spend(|| self.write_mentee(tx, mentee_id, work))?;
                mentee_done.execute([mentee_id])?;
            } else {
                return Ok(true);
            }
        }
        Ok(!next_plan.exists([])? && !next_mentee.exists([])?)
    }

    /// Writes the person's own records that changed into their document, within `budget`,
    /// and offers it. Says whether every one was written; it waits for the document when
    /// the server has one this device has not received yet.
    fn write_person(
        &mut self,
        tx: &Transaction<'_>,
        work: &mut Work<'_>,
        budget: &mut Budget,
    ) -> Result<bool> {
        budget.spend(|| give_mentee_ids(tx))?;
        let catalogue: bool =
            tx.query_row("SELECT person_changed FROM sync_server", [], |r| r.get(0))?;
        if !catalogue && !person_marked(tx)? {
            return Ok(true);
        }
        let doc = DocId::person_of(work.account);
        let mut made = false;
        let mut document = match budget.spend(|| self.take_person(tx, &doc))? {
            Some(document) => document,
            None => {
                made = true;
                // Made here with all but the mentees' records, taken in from another of
                // the person's devices, or still on its way from the server.
                budget.spend(|| self.offer_own(tx, doc, true, work))?;
                tx.execute("UPDATE sync_server SET person_changed = 0", [])?;
                match self.person.take() {
                    Some(document) => document,
                    None => return Ok(true),
                }
            }
        };
        let all = person_into(tx, &doc, &mut document, budget, !made)?;
        budget.spend(|| -> Result<()> {
            owned::save(tx, &doc, &mut document)?;
            count_waiting(tx, &doc, &mut document)?;
            if let Some(frames) = work.frames.as_deref_mut() {
                self.offer_one(doc, &mut document, frames);
            }
            Ok(())
        })?;
        self.person = Some(document);
        Ok(all)
    }

    /// The person's own document as the data file holds it, when this session keeps no
    /// copy yet: read while holding the file, for [`Session::warm`] to load without it.
    pub fn saved_person(&self, conn: &Connection) -> Result<Option<SavedPerson>> {
        if self.person.is_some() {
            return Ok(None);
        }
        let Some(paired) = pairing(conn)? else {
            return Ok(None);
        };
        let doc = DocId::person_of(&paired.account);
        let Some((bytes, since)) = owned::saved_bytes(conn, &doc)? else {
            return Ok(None);
        };
        Ok(Some(SavedPerson { doc, bytes, since }))
    }

    /// Loads the person's document [`Session::saved_person`] read, holding nothing: at
    /// 10,000 mentees loading takes ~50 ms, which no click should wait for. The next round
    /// keeps it if it is still the one saved, and loads it again if not. When changes
    /// were saved after the whole, also gives the whole written again, for
    /// [`store_folded`] to keep in their place.
    pub fn warm(&mut self, saved: SavedPerson) -> Result<Option<FoldedPerson>> {
        if self.person.is_some() {
            return Ok(None);
        }
        let mut document =
            Document::load_to_edit(person::PERSON, &saved.bytes, saved.doc.to_string())?;
        let folded = saved.since.then(|| FoldedPerson {
            doc: saved.doc,
            bytes: document.save(),
            heads: document.saved_heads().to_vec(),
        });
        self.person = Some(document);
        Ok(folded)
    }

    /// The person's own document: the one kept in memory while it is the one saved.
    fn take_person(&mut self, tx: &Transaction<'_>, doc: &DocId) -> Result<Option<Document>> {
        if let Some(mut kept) = self.person.take()
            && owned::is_current(tx, doc, &mut kept)?
        {
            return Ok(Some(kept));
        }
        owned::load_and_mend(tx, doc)
    }

    /// Writes plan `plan_id`'s rows into its documents and offers them. A plan shared with
    /// this person that stopped syncing (deleted) has nothing waiting; one deleted here
    /// meanwhile has nothing left to write.
    fn write_plan(
        &mut self,
        tx: &Transaction<'_>,
        plan_id: i64,
        work: &mut Work<'_>,
    ) -> Result<()> {
        let whose: Option<(i64, bool)> = tx
            .prepare_cached(
                "SELECT p.mentee_id, m.shared_by IS NULL
                   FROM plans p JOIN mentees m ON m.id = p.mentee_id WHERE p.id = ?1",
            )?
            .query_row([plan_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((mentee_id, own)) = whose else {
            return Ok(());
        };
        if own {
            reconcile::give_ids(tx, "mentees", "id = ?1", [mentee_id])?;
            reconcile::give_ids(tx, "plans", "id = ?1", [plan_id])?;
        }
        let uid = match synced(tx, plan_id)? {
            true => plan_uid(tx, plan_id).ok(),
            false => None,
        };
        let Some(uid) = uid else {
            return match own {
                true => Ok(()),
                false => unsynced(tx, plan_id),
            };
        };
        let mut docs = Docs::of_kept_plan(tx, plan_id, &mut self.kept)?;
        docs.save(tx, plan_id)?;
        count_plan_waiting(tx, plan_id, uid, &mut docs)?;
        if let Some(frames) = work.frames.as_deref_mut() {
            self.offer(uid, &mut docs, false, frames);
        }
        docs.keep(tx, plan_id, &mut self.kept)
    }

    /// Writes mentee `mentee_id`'s own document, if theirs is the person's, and offers
    /// it; marks their plans, whose progress carries the 1:1s and assessments it shares.
    /// The ids those carry are given here, so that writing the plans marks nothing again.
    /// A deleted plan is left as it was deleted (one restored is marked then), and a
    /// mentee deleted meanwhile has nothing left to write.
    fn write_mentee(
        &mut self,
        tx: &Transaction<'_>,
        mentee_id: i64,
        work: &mut Work<'_>,
    ) -> Result<()> {
        let own: Option<bool> = tx
            .query_row(
                "SELECT shared_by IS NULL FROM mentees WHERE id = ?1",
                [mentee_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(own) = own else {
            return Ok(());
        };
        reconcile::assign_mentee_ids(tx, mentee_id)?;
        tx.prepare_cached(
            "INSERT INTO sync_changed_plans (plan_id)
             SELECT id FROM plans WHERE mentee_id = ?1 AND deleted_at IS NULL
             ON CONFLICT DO NOTHING",
        )?
        .execute([mentee_id])?;
        if own {
            let uid: String =
                tx.query_row("SELECT uid FROM mentees WHERE id = ?1", [mentee_id], |r| {
                    r.get(0)
                })?;
            if let Ok(uid) = Uuid::try_parse(&uid) {
                self.offer_own(tx, DocId::new(DocKind::Mentee, uid), true, work)?;
            }
        }
        Ok(())
    }

    /// Offers each document this device syncs that was not offered yet in this
    /// connection, while `within` holds; says whether every one has been.
    fn offer_all(
        &mut self,
        tx: &Transaction<'_>,
        work: &mut Work<'_>,
        budget: &mut Budget,
    ) -> Result<bool> {
        if work.frames.is_none() {
            return Ok(true);
        }
        for doc in std::mem::take(&mut self.again) {
            let next = match doc.kind {
                DocKind::Person | DocKind::Mentee => Unoffered::Own(doc),
                DocKind::Plan | DocKind::Progress => {
                    let plan_id: Option<i64> = tx
                        .query_row(
                            "SELECT id FROM plans WHERE uid = ?1",
                            [doc.id.hyphenated().to_string()],
                            |r| r.get(0),
                        )
                        .optional()?;
                    match plan_id {
                        Some(plan_id) => Unoffered::Plan(plan_id, doc.id),
                        None => continue,
                    }
                }
            };
            self.offer_unoffered(tx, next, work)?;
        }
        while budget.fits() {
            let Some((offering, next)) = self.offering.next(tx, work.account)? else {
                self.offering = Offering::All;
                return Ok(true);
            };
            self.offering = offering;
            let started = Instant::now();
            self.offer_unoffered(tx, next, work)?;
            budget.spent(started.elapsed());
        }
        Ok(self.offering == Offering::All)
    }

    /// Offers one document of this device's, unless offered already in this connection.
    fn offer_unoffered(
        &mut self,
        tx: &Transaction<'_>,
        next: Unoffered,
        work: &mut Work<'_>,
    ) -> Result<()> {
        match next {
            Unoffered::Own(doc) if !self.offered.contains(&doc) => {
                self.offer_own(tx, doc, false, work)?;
            }
            Unoffered::Plan(plan_id, uid)
                if !self.offered.contains(&DocId::new(DocKind::Plan, uid))
                    || !self.offered.contains(&DocId::new(DocKind::Progress, uid)) =>
            {
                let mut docs = match Docs::saved(tx, plan_id)? {
                    Some(docs) => docs,
                    None => {
                        let mut docs = Docs::of_plan(tx, plan_id)?;
                        docs.save(tx, plan_id)?;
                        count_plan_waiting(tx, plan_id, uid, &mut docs)?;
                        docs
                    }
                };
                if let Some(frames) = work.frames.as_deref_mut() {
                    self.offer(uid, &mut docs, false, frames);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Plans listed for this account that this device does not have yet: written into the
    /// rows once both their documents are in, asked for until then.
    fn settle_arriving(&mut self, tx: &Transaction<'_>, frames: &mut Vec<SyncFrame>) -> Result<()> {
        let arriving: Vec<Uuid> = self.arriving.keys().copied().collect();
        for uid in arriving {
            let Some(mut docs) = self.arriving.remove(&uid) else {
                continue;
            };
            if known_plan(tx, uid)? {
                continue;
            }
            if !docs.plan.is_blank()
                && !docs.progress.is_blank()
                && !self.refused.contains(&DocId::new(DocKind::Plan, uid))
            {
                let mut received = Received::default();
                let arrived = alone(tx, || self.arrive(tx, &mut docs, uid, &mut received));
                let Ok(arrived) = arrived else {
                    self.refused.insert(DocId::new(DocKind::Plan, uid));
                    continue;
                };
                if let Some(plan_id) = arrived {
                    self.keep(tx, &mut docs, uid, plan_id)?;
                    self.settled.extend(received.arrived);
                    self.offer(uid, &mut docs, false, frames);
                    continue;
                }
            }
            self.offer(uid, &mut docs, true, frames);
            self.arriving.insert(uid, docs);
        }
        Ok(())
    }

    /// Writes edits into the documents while offline, for at most one round's time; says
    /// whether any are left. Nothing is offered: a new connection offers everything.
    pub fn record_edits(&mut self, conn: &mut Connection) -> Result<bool> {
        let mut budget = Budget::new();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(paired) = pairing(&tx)? else {
            return Ok(false);
        };
        let mut work = Work {
            account: &paired.account,
            frames: None,
        };
        let done = self.write_changes(&tx, &mut work, &mut budget)?;
        tx.commit()?;
        Ok(!done)
    }

    /// What came in and waited, written into the rows by the last [`Session::outgoing`].
    pub fn settled(&mut self) -> Vec<Arrived> {
        std::mem::take(&mut self.settled)
    }

    /// Offers one of the person's own documents, brought up to date first when its rows
    /// `changed`: made here when the server has none, asked for when it has one this
    /// device lacks, taken in once it is here and what it is about is too.
    fn offer_own(
        &mut self,
        tx: &Transaction<'_>,
        doc: DocId,
        changed: bool,
        work: &mut Work<'_>,
    ) -> Result<()> {
        // A document refused in this connection still takes in what its rows say, so the
        // edit is not lost when its mark is gone; it is offered again at the next one.
        if self.refused.contains(&doc) && !changed {
            return Ok(());
        }
        let Some(subject) = owned::subject(tx, &doc, work.account)? else {
            return Ok(());
        };
        let saved = match subject {
            owned::Subject::Person => self.take_person(tx, &doc)?,
            owned::Subject::Mentee(_) => owned::load_and_mend(tx, &doc)?,
        };
        let mut document = match saved {
            Some(mut document) => {
                if changed {
                    owned::write_rows(tx, subject, &mut document)?;
                    owned::save(tx, &doc, &mut document)?;
                    count_waiting(tx, &doc, &mut document)?;
                }
                document
            }
            None => match self.held.remove(&doc) {
                Some(mut document) => {
                    if !document.is_blank() {
                        if alone(tx, || owned::adopt(tx, subject, &doc, &mut document)).is_err() {
                            self.refused.insert(doc);
                            return Ok(());
                        }
                        count_waiting(tx, &doc, &mut document)?;
                        self.settled.push(Arrived::records());
                    }
                    document
                }
                None if self.listed.contains_key(&doc) => Document::blank(owned::kind(&doc)),
                None => {
                    let mut document = owned::create(tx, subject, &doc)?;
                    count_waiting(tx, &doc, &mut document)?;
                    document
                }
            },
        };
        if let Some(frames) = work.frames.as_deref_mut() {
            self.offer_one(doc, &mut document, frames);
        }
        if document.is_blank() {
            if work.frames.is_some() {
                self.held.insert(doc, document);
            }
        } else if subject == owned::Subject::Person {
            self.person = Some(document);
        }
        Ok(())
    }

    /// Takes in one message from the server, in one transaction: what this device's rows
    /// say is written into the documents, the message applied, every record checked, and
    /// the result written back into the rows. A refused message leaves everything here as
    /// it was, and its document is not synced again during this connection.
    pub fn incoming(&mut self, conn: &mut Connection, frame: &SyncFrame) -> Result<Received> {
        if self.refused.contains(&frame.doc) {
            return Ok(Received::default());
        }
        let result = self.take_in(conn, frame);
        if result.is_err() {
            self.refused.insert(frame.doc);
            self.states.remove(&frame.doc);
            self.arriving.remove(&frame.doc.id);
        }
        result.map_err(as_sync_refusal)
    }

    fn take_in(&mut self, conn: &mut Connection, frame: &SyncFrame) -> Result<Received> {
        let kind = match frame.doc.kind {
            DocKind::Plan => PLAN,
            DocKind::Progress => PROGRESS,
            DocKind::Person | DocKind::Mentee => return self.take_in_own(conn, frame),
        };
        let uid = frame.doc.id;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let plan_id: Option<i64> = tx
            .query_row(
                "SELECT id FROM plans WHERE uid = ?1",
                [uid.hyphenated().to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let mut received = Received::default();
        let carries_changes = Document::carries_changes(&frame.message);
        let mut docs = match plan_id {
            Some(plan_id) => {
                if !synced(&tx, plan_id)? {
                    // Stopped syncing live since the server sent it: nothing to take in.
                    return Ok(received);
                }
                // Changes merge with what the rows say now; a message that only confirms
                // (most of them, as the server acknowledges each change) needs the saved
                // documents alone, and the rows' next changes go in the next round.
                match carries_changes {
                    true => Docs::of_plan(&tx, plan_id)?,
                    false => match Docs::saved(&tx, plan_id)? {
                        Some(docs) => docs,
                        None => Docs::of_plan(&tx, plan_id)?,
                    },
                }
            }
            None => {
                if !self.listed.contains_key(&DocId::new(DocKind::Plan, uid)) {
                    return Err(Error::SyncRefused(
                        "it is for a plan this device does not have".into(),
                    ));
                }
                self.arriving.remove(&uid).unwrap_or_else(Docs::blank)
            }
        };
        // Only a copy that writes the document can have a value of its own in conflict.
        let noticing = match plan_id {
            Some(plan_id) => {
                carries_changes && (kind.name == "progress" || writes_plan(&tx, plan_id)?)
            }
            None => false,
        };
        let doc = match kind.name {
            "plan" => &mut docs.plan,
            _ => &mut docs.progress,
        };
        let before = match noticing {
            true => Some(doc.read()?.0),
            false => None,
        };
        let (changed, _) = self.apply(doc, frame, false)?;
        if let Some(before) = before.filter(|_| changed) {
            let doc = match kind.name {
                "plan" => &docs.plan,
                _ => &docs.progress,
            };
            let titles = || Ok(summary::titles(&docs.plan.read()?.0));
            conflict_record::notice(&tx, &frame.doc, doc, &before, &doc.read()?, titles)?;
        }
        let complete = !docs.plan.is_blank() && !docs.progress.is_blank();
        let plan_id = match (plan_id, complete) {
            (Some(plan_id), _) if changed => {
                Some(self.project(&tx, &mut docs, plan_id, &mut received)?)
            }
            (Some(plan_id), _) => Some(plan_id),
            (None, true) => self.arrive(&tx, &mut docs, uid, &mut received)?,
            (None, false) => None,
        };
        if let Some(plan_id) = plan_id {
            self.keep(&tx, &mut docs, uid, plan_id)?;
        }
        tx.execute(&format!("UPDATE sync_server SET synced_at = {NOW}"), [])?;
        self.offer(uid, &mut docs, plan_id.is_none(), &mut received.replies);
        if plan_id.is_none() {
            self.arriving.insert(uid, docs);
        }
        tx.commit()?;
        Ok(received)
    }

    /// Takes in a message about one of the person's own documents: as for a plan, what the
    /// rows say goes in first, then the message, then the result into the rows. One made
    /// on another device waits in memory until it is whole and what it is about is here.
    fn take_in_own(&mut self, conn: &mut Connection, frame: &SyncFrame) -> Result<Received> {
        let doc = frame.doc;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let account = pairing(&tx)?.ok_or(Error::SyncNotSetUp)?.account;
        let subject = owned::subject(&tx, &doc, &account)?;
        if doc.kind == DocKind::Person && subject.is_none() {
            return Err(owned::not_ours());
        }
        let mut received = Received::default();
        // Held here: where it stood before the message, when the message brings changes
        // (as for a plan, only changes need what the rows say now).
        let saved = match subject {
            Some(owned::Subject::Person) => self.take_person(&tx, &doc)?,
            _ => owned::load_and_mend(&tx, &doc)?,
        };
        let (mut document, here) = match (saved, subject) {
            (Some(mut document), Some(subject)) => {
                let before = match Document::carries_changes(&frame.message) {
                    true => {
                        match subject {
                            // Every mentee here takes part, however new: the merge
                            // keeps one of the person's mentees as themselves.
                            owned::Subject::Person => {
                                reconcile::give_ids(&tx, "mentees", "shared_by IS NULL", [])?;
                                person_into(
                                    &tx,
                                    &doc,
                                    &mut document,
                                    &mut Budget::unlimited(),
                                    true,
                                )?;
                            }
                            // The mentee's 1:1s name goals and milestones by global id: any
                            // made since their plan was last written get theirs first, or
                            // the message would be taken in without those links.
                            owned::Subject::Mentee(mentee_id) => {
                                for plan_id in own_plans(&tx, mentee_id)? {
                                    reconcile::assign_ids(&tx, plan_id)?;
                                }
                                owned::write_rows(&tx, subject, &mut document)?;
                            }
                        }
                        Some(document.heads())
                    }
                    false => None,
                };
                (document, Some(before))
            }
            // Its mentee was deleted here: nothing to take in.
            (Some(_), None) => return Ok(received),
            (None, _) => (
                self.held
                    .remove(&doc)
                    .unwrap_or_else(|| Document::blank(owned::kind(&doc))),
                None,
            ),
        };
        // At 10,000 mentees the person's document is read, checked and written into the
        // rows only where the message touched it; a mentee's is read whole.
        let noting = subject == Some(owned::Subject::Person);
        let (changed, touched) = self.apply(&mut document, frame, noting)?;
        let kept = match (here, subject) {
            (Some(before), Some(subject)) => {
                if let Some(heads) = before.filter(|_| changed) {
                    let (before, after) = match &touched {
                        Some(touched) => (
                            document.read_records(touched, Some(&heads))?.0,
                            document.read_records(touched, None)?,
                        ),
                        None => (document.read_at(&heads)?.0, document.read()?),
                    };
                    let titles = || Ok(summary::titles(&after.0));
                    conflict_record::notice(&tx, &doc, &document, &before, &after, titles)?;
                    owned::project(&tx, subject, &before, &after.0)?;
                    received.arrived = Some(Arrived::records());
                }
                owned::save(&tx, &doc, &mut document)?;
                true
            }
            (None, Some(subject)) if !document.is_blank() => {
                owned::adopt(&tx, subject, &doc, &mut document)?;
                received.arrived = Some(Arrived::records());
                true
            }
            _ => false,
        };
        if kept {
            self.confirm(&tx, &[doc])?;
            count_waiting(&tx, &doc, &mut document)?;
        }
        tx.execute(&format!("UPDATE sync_server SET synced_at = {NOW}"), [])?;
        self.offer_one(doc, &mut document, &mut received.replies);
        if !kept {
            self.held.insert(doc, document);
        } else if doc.kind == DocKind::Person {
            self.person = Some(document);
        }
        tx.commit()?;
        Ok(received)
    }

    /// Applies one sync message to `doc`; says whether it brought anything new and, when
    /// `noting`, which records it touched (see [`Document::receive_noting`]). Keeps count
    /// for [`Session::stuck`].
    fn apply(
        &mut self,
        doc: &mut Document,
        frame: &SyncFrame,
        noting: bool,
    ) -> Result<(bool, Option<Touched>)> {
        let before = doc.heads();
        let state = self.states.entry(frame.doc).or_default();
        let touched = match noting {
            true => doc.receive_noting(state, &frame.message)?,
            false => doc
                .receive_sync_message(state, &frame.message)
                .map(|()| None)?,
        };
        let changed = doc.heads() != before;
        let confirmed = engine::encode_heads(state.shared_heads());
        let (last, fruitless) = self.progress.entry(frame.doc).or_default();
        match changed || *last != confirmed {
            true => (*last, *fruitless) = (confirmed, 0),
            false => *fruitless += 1,
        }
        Ok((changed, touched))
    }

    /// Saves a plan's documents and what the server has confirmed of both (the first of a
    /// plan arriving here was confirmed while it was held).
    fn keep(&self, tx: &Transaction<'_>, docs: &mut Docs, uid: Uuid, plan_id: i64) -> Result<()> {
        docs.save(tx, plan_id)?;
        self.confirm(
            tx,
            &[DocKind::Plan, DocKind::Progress].map(|kind| DocId::new(kind, uid)),
        )?;
        count_plan_waiting(tx, plan_id, uid, docs)
    }

    /// Notes what the server has confirmed of `docs`, for the count of changes waiting
    /// (which the caller then counts again).
    fn confirm(&self, tx: &Transaction<'_>, docs: &[DocId]) -> Result<()> {
        for (doc, state) in docs
            .iter()
            .filter_map(|doc| Some((doc, self.states.get(doc)?)))
        {
            tx.execute(
                "INSERT OR REPLACE INTO sync_heads (doc, heads) VALUES (?1, ?2)",
                params![doc.to_string(), engine::encode_heads(state.shared_heads())],
            )?;
        }
        Ok(())
    }

    /// Checks a live plan's merged documents and writes them into its rows.
    fn project(
        &self,
        tx: &Transaction<'_>,
        docs: &mut Docs,
        plan_id: i64,
        received: &mut Received,
    ) -> Result<i64> {
        // The person's own plans have no share; the sender's name is only needed for a
        // plan arriving from someone else.
        let sender = documents::share(tx, plan_id)?
            .map(|share| share.peer_name)
            .unwrap_or_default();
        let (plan, progress) = docs.checked(tx)?;
        let projected = project::project(tx, &plan, &progress, &sender)?;
        received.arrived = Some(Arrived {
            plan_id: Some(projected.plan_id),
            new_plan: None,
            notices: projected.deactivated.map(made_draft).into_iter().collect(),
        });
        Ok(projected.plan_id)
    }

    /// A plan new to this device, both its documents in: checked, written into the
    /// tables, and from now on synced like any other. One shared with this person arrives
    /// at once; one of their own, from another device, once the mentee it is for is here
    /// (none until then).
    fn arrive(
        &self,
        tx: &Transaction<'_>,
        docs: &mut Docs,
        uid: Uuid,
        received: &mut Received,
    ) -> Result<Option<i64>> {
        let entry = self
            .listed
            .get(&DocId::new(DocKind::Plan, uid))
            .ok_or_else(|| Error::SyncRefused("the server no longer lists it".into()))?;
        let (plan, progress) = docs.checked(tx)?;
        let head = docs_head(&plan);
        let mentee_uid = shape::text(&head, "mentee_uid").unwrap_or_default();
        let title = shape::text(&head, "title").unwrap_or_default().to_owned();
        if entry.access == Access::Owner {
            let mentee_here = tx
                .prepare_cached("SELECT 1 FROM mentees WHERE uid = ?1 AND shared_by IS NULL")?
                .exists([mentee_uid])?;
            if !mentee_here {
                return Ok(None);
            }
            let projected = project::project(tx, &plan, &progress, &entry.owner)?;
            owned::follow_references(tx, mentee_uid)?;
            received.arrived = Some(Arrived {
                plan_id: Some(projected.plan_id),
                new_plan: Some(title),
                notices: projected.deactivated.map(made_draft).into_iter().collect(),
            });
            return Ok(Some(projected.plan_id));
        }
        // The person the plan is about is the one it arrived to.
        if identity::name(tx)?.is_none() {
            identity::ensure(tx, shape::text(&head, "mentee_name"))?;
        }
        let projected = project::project(tx, &plan, &progress, &entry.owner)?;
        documents::save_share(
            tx,
            &Share {
                plan_id: projected.plan_id,
                side: Side::Mentee,
                peer_name: entry.owner.clone(),
                peer_key: None,
                mentee_edits_plan: entry.access.writes(),
                include_assessments: false,
            },
        )?;
        tx.execute(
            "UPDATE plan_shares SET live_account = ?2 WHERE plan_id = ?1",
            params![projected.plan_id, entry.owner],
        )?;
        received.arrived = Some(Arrived {
            plan_id: Some(projected.plan_id),
            new_plan: Some(title),
            notices: projected.deactivated.map(made_draft).into_iter().collect(),
        });
        Ok(Some(projected.plan_id))
    }

    /// Adds what the server lacks of plan `uid`'s documents to `frames`. A plan of this
    /// device's offers both (the first offer creates them on the server); a plan on its
    /// way here asks for each document once it is granted, as asking early is refused.
    fn offer(&mut self, uid: Uuid, docs: &mut Docs, arriving: bool, frames: &mut Vec<SyncFrame>) {
        for (kind, doc) in [
            (DocKind::Plan, &mut docs.plan),
            (DocKind::Progress, &mut docs.progress),
        ] {
            let id = DocId::new(kind, uid);
            if !arriving || self.listed.contains_key(&id) {
                self.offer_one(id, doc, frames);
            }
        }
    }

    /// Adds what the server lacks of document `id` to `frames`.
    fn offer_one(&mut self, id: DocId, doc: &mut Document, frames: &mut Vec<SyncFrame>) {
        if self.refused.contains(&id) {
            return;
        }
        self.offered.insert(id);
        if let Some(message) = doc.sync_message(self.states.entry(id).or_default()) {
            frames.push(SyncFrame { doc: id, message });
        }
    }
}

impl Arrived {
    /// Changes to the person's own records, from another of their devices.
    fn records() -> Self {
        Self {
            plan_id: None,
            new_plan: None,
            notices: Vec::new(),
        }
    }
}

/// How many changes made here the server has not confirmed yet, as kept per document.
pub fn waiting(conn: &Connection) -> Result<u64> {
    let sum: i64 = conn.query_row(
        "SELECT coalesce(sum(changes), 0) FROM sync_waiting",
        [],
        |r| r.get(0),
    )?;
    Ok(sum.unsigned_abs())
}

/// Counts again the changes of `doc` the server has not confirmed.
fn count_waiting(conn: &Connection, id: &DocId, doc: &mut Document) -> Result<()> {
    set_waiting(conn, id, doc.changes_since(&confirmed(conn, id)?))
}

/// Counts again the changes of plan `plan_id`'s documents the server has not confirmed:
/// the plan document's only on a copy that writes it.
fn count_plan_waiting(conn: &Connection, plan_id: i64, uid: Uuid, docs: &mut Docs) -> Result<()> {
    let plan = DocId::new(DocKind::Plan, uid);
    match writes_plan(conn, plan_id)? {
        true => count_waiting(conn, &plan, &mut docs.plan)?,
        false => set_waiting(conn, &plan, 0)?,
    }
    count_waiting(
        conn,
        &DocId::new(DocKind::Progress, uid),
        &mut docs.progress,
    )
}

fn set_waiting(conn: &Connection, id: &DocId, changes: usize) -> Result<()> {
    match changes {
        0 => conn
            .prepare_cached("DELETE FROM sync_waiting WHERE doc = ?1")?
            .execute([id.to_string()])?,
        n => conn
            .prepare_cached("INSERT OR REPLACE INTO sync_waiting (doc, changes) VALUES (?1, ?2)")?
            .execute(params![
                id.to_string(),
                i64::try_from(n).unwrap_or(i64::MAX)
            ])?,
    };
    Ok(())
}

/// Plan `plan_id`, shared with this person, stopped syncing: nothing of it waits.
fn unsynced(conn: &Connection, plan_id: i64) -> Result<()> {
    // One without a global id never synced.
    let Ok(uid) = plan_uid(conn, plan_id) else {
        return Ok(());
    };
    for kind in [DocKind::Plan, DocKind::Progress] {
        set_waiting(conn, &DocId::new(kind, uid), 0)?;
    }
    Ok(())
}

/// The heads the server last confirmed it holds of `doc`.
fn confirmed(conn: &Connection, doc: &DocId) -> Result<Vec<automerge::ChangeHash>> {
    let heads: Vec<u8> = conn
        .query_row(
            "SELECT heads FROM sync_heads WHERE doc = ?1",
            [doc.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    Ok(engine::decode_heads(&heads))
}

/// Runs `step` so that what it wrote is undone if it fails, and the rest of the
/// transaction goes on: one document refused while sending stops only itself.
fn alone<T>(tx: &Transaction<'_>, step: impl FnOnce() -> Result<T>) -> Result<T> {
    tx.execute_batch("SAVEPOINT alone")?;
    let result = step();
    match result {
        Ok(_) => tx.execute_batch("RELEASE alone")?,
        Err(_) => tx.execute_batch("ROLLBACK TO alone; RELEASE alone")?,
    }
    result
}

/// Which plans sync, and this device's side of each: the person's own (deleted ones too,
/// so that the deletion reaches their other devices), and those shared with them live.
const SYNCED: &str =
    "(m.shared_by IS NULL OR (s.live_account IS NOT NULL AND p.deleted_at IS NULL))";

/// The plans of mentee `mentee_id`, by row id.
fn own_plans(conn: &Connection, mentee_id: i64) -> Result<Vec<i64>> {
    let mut statement = conn.prepare_cached("SELECT id FROM plans WHERE mentee_id = ?1")?;
    let ids = statement.query_map([mentee_id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Gives the next few of the person's own mentees still without a global id theirs,
/// which marks their records for the person document (see `mentees_without_uid`).
fn give_mentee_ids(conn: &Connection) -> Result<()> {
    reconcile::give_ids(
        conn,
        "mentees",
        &format!(
            "shared_by IS NULL AND id IN (SELECT id FROM mentees
                WHERE uid IS NULL AND shared_by IS NULL LIMIT {PERSON_RECORDS})"
        ),
        [],
    )
}

fn person_marked(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_person_mentees")?
        .exists([])?)
}

/// Writes what changed of the person's records into `document` while `budget` fits: the
/// values the person chose in conflicts, the leader types, goal templates and settings
/// whole when any changed, then the marked mentees' records a few at a time. With
/// `must_move`, at least one piece is written however long the round took before (loading
/// the document, say), so the rounds always move on. Says whether every one was written.
fn person_into(
    tx: &Transaction<'_>,
    doc: &DocId,
    document: &mut Document,
    budget: &mut Budget,
    mut must_move: bool,
) -> Result<bool> {
    budget.spend(|| conflicts::settle_choices(tx, doc, document))?;
    let (catalogue, unchecked): (bool, bool) = tx.query_row(
        "SELECT person_changed, person_unchecked FROM sync_server",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if unchecked {
        budget.spend(|| mark_gone_mentees(tx, document))?;
    }
    if catalogue {
        budget.spend(|| document.write_part(&person::catalogue_contents(tx)?))?;
        tx.execute("UPDATE sync_server SET person_changed = 0", [])?;
    }
    let mut marked = tx.prepare_cached(&format!(
        "SELECT uid FROM sync_person_mentees LIMIT {PERSON_RECORDS}"
    ))?;
    let mut done = tx.prepare_cached("DELETE FROM sync_person_mentees WHERE uid = ?1")?;
    loop {
        if !must_move && !budget.fits() {
            return Ok(!marked.exists([])?);
        }
        must_move = false;
        let uids: Vec<String> = marked
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if uids.is_empty() {
            return Ok(true);
        }
        budget.spend(|| -> Result<()> {
            let records = person::mentee_records_of(tx, &uids)?;
            document.write_records("mentees", &records)
        })?;
        for uid in &uids {
            done.execute([uid])?;
        }
    }
}

/// Marks the records of `document` whose mentee is no longer the person's own here, so
/// they are removed: deleted (or shared with them) while no mark could be made.
fn mark_gone_mentees(tx: &Transaction<'_>, document: &Document) -> Result<()> {
    let held = document.record_keys("mentees")?;
    // A document just made holds none yet: nothing to look up.
    if !held.is_empty() {
        let own: HashSet<String> = tx
            .prepare("SELECT uid FROM mentees WHERE shared_by IS NULL AND uid IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut mark =
            tx.prepare_cached("INSERT OR IGNORE INTO sync_person_mentees (uid) VALUES (?1)")?;
        for uid in held.iter().filter(|uid| !own.contains(*uid)) {
            mark.execute([uid])?;
        }
    }
    tx.execute("UPDATE sync_server SET person_unchecked = 0", [])?;
    Ok(())
}

/// Plans shared with this person that sync live: their ids and global ids.
fn shared_with_me_live(conn: &Connection) -> Result<Vec<(i64, Uuid)>> {
    plans_by_uid(
        conn,
        "SELECT p.id, p.uid FROM plans p JOIN plan_shares s ON s.plan_id = p.id
          WHERE s.role = 'mentee' AND s.live_account IS NOT NULL AND p.uid IS NOT NULL",
        [],
    )
}

/// The plans `sql` selects, as their ids and global ids (an id that is not one is left out).
fn plans_by_uid(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(i64, Uuid)>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params, |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))?;
    let mut plans = Vec::new();
    for row in rows {
        let (id, uid) = row?;
        if let Ok(uid) = Uuid::try_parse(&uid) {
            plans.push((id, uid));
        }
    }
    Ok(plans)
}

/// Whether this device writes plan `plan_id`'s plan document, not only its progress.
fn writes_plan(conn: &Connection, plan_id: i64) -> Result<bool> {
    Ok(documents::share(conn, plan_id)?
        .is_none_or(|s| s.side == Side::Mentor || s.mentee_edits_plan))
}

/// Whether plan `plan_id` syncs.
fn synced(conn: &Connection, plan_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT 1 FROM plans p JOIN mentees m ON m.id = p.mentee_id
               LEFT JOIN plan_shares s ON s.plan_id = p.id
              WHERE p.id = ?1 AND {SYNCED}"
        ))?
        .exists([plan_id])?)
}

fn known_plan(conn: &Connection, uid: Uuid) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM plans WHERE uid = ?1",
            [uid.hyphenated().to_string()],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn plan_uid(conn: &Connection, plan_id: i64) -> Result<Uuid> {
    let uid: Option<String> =
        conn.query_row("SELECT uid FROM plans WHERE id = ?1", [plan_id], |r| {
            r.get(0)
        })?;
    uid.and_then(|u| Uuid::try_parse(&u).ok())
        .ok_or(Error::NotFound {
            what: "Shared plan",
        })
}

fn queue(conn: &Connection, doc: DocId, account: &str, access: Option<Access>) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO sync_outbox (doc, account, access) VALUES (?1, ?2, ?3)",
        params![doc.to_string(), account, access.map(Access::as_str)],
    )?;
    Ok(())
}

fn queue_both(conn: &Connection, uid: Uuid, account: &str, access: Option<Access>) -> Result<()> {
    queue(conn, DocId::new(DocKind::Plan, uid), account, access)?;
    queue(conn, DocId::new(DocKind::Progress, uid), account, access)
}

fn account_name(typed: &str) -> Result<String> {
    validate::required_text("account", "Their account name", typed, 80)
}

fn docs_head(plan: &engine::Contents) -> engine::Record {
    engine::records(plan, "plan")
        .get(shape::PLAN_KEY)
        .cloned()
        .unwrap_or_default()
}

fn made_draft(title: String) -> String {
    format!(
        "“{title}” was made a draft: only one plan can be active, and the other was activated later."
    )
}

/// The engine's refusals speak of files; through the server the same checks say so.
fn as_sync_refusal(e: Error) -> Error {
    match e {
        Error::SharedFileRefused(why) => Error::SyncRefused(why),
        Error::SharedFileNewer => Error::SyncRefused(
            "it was written by a newer version of Waymark; update Waymark to take it in".into(),
        ),
        e => e,
    }
}

/// Where live sync stands, always shown in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub phase: SyncPhase,
    /// Changes made here that the server has not confirmed.
    pub waiting: u32,
    /// Mentees whose records are still to be written into their documents: every one
    /// just after pairing, which takes a while at thousands of mentees.
    pub preparing: u32,
    /// Plans whose rows are still to be written into their documents.
    pub preparing_plans: u32,
    /// What went wrong last, in plain words; cleared when syncing works again.
    pub problem: Option<String>,
    /// Fields changed on two devices at once, waiting for the person to choose.
    pub conflicts: u32,
    pub pairing: Option<Pairing>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SyncPhase {
    /// No server paired.
    NotSetUp,
    Paused,
    Connecting,
    /// Connected, changes on their way.
    Syncing,
    /// Connected, and the server has everything made here.
    Synced,
    /// The server cannot be reached; changes wait here.
    Offline,
}

impl SyncStatus {
    /// The status as the data file says, in `phase` when sync is set up and running.
    pub fn read(conn: &Connection, phase: SyncPhase, problem: Option<String>) -> Result<Self> {
        let pairing = pairing(conn)?;
        let count = |table: &str| -> Result<u32> {
            let sql = format!("SELECT count(*) FROM {table}");
            Ok(conn.query_row(&sql, [], |r| r.get(0))?)
        };
        let (waiting, preparing, preparing_plans) = match &pairing {
            Some(_) => (
                u32::try_from(waiting(conn)?).unwrap_or(u32::MAX),
                count("sync_changed")?,
                count("sync_changed_plans")?,
            ),
            None => (0, 0, 0),
        };
        let busy = waiting > 0 || preparing > 0 || preparing_plans > 0;
        let phase = match &pairing {
            None => SyncPhase::NotSetUp,
            Some(p) if p.paused => SyncPhase::Paused,
            Some(_) if phase == SyncPhase::Synced && busy => SyncPhase::Syncing,
            Some(_) => phase,
        };
        let conflicts: u32 =
            conn.query_row("SELECT count(*) FROM sync_conflicts", [], |r| r.get(0))?;
        Ok(Self {
            phase,
            waiting,
            preparing,
            preparing_plans,
            problem,
            conflicts,
            pairing,
        })
    }
}
