//! Sharing a plan as a file and taking in what comes back. The mentor shares; the mentee
//! opens the file (the plan appears under "Shared with me"), works on it and sends it
//! back; the mentor opens the returned file and merges it. Every step is one transaction:
//! the rows are written into the documents, the other side's changes merged in, and the
//! merged documents written back into the rows, so the two never disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::documents::{self, Kept, Share};
use super::engine::{self, Conflict, Contents, Document, Kind, Record};
use super::identity;
use super::package::{self, Header, Package, Side};
use super::shape::{self, Catalogue, PLAN, PLAN_KEY, PROGRESS};
use super::summary::{self, Before};
use super::{project, reconcile, sealed};
use crate::error::{Error, Result};
use crate::store::backups::BackupFile;
use crate::store::files;

/// What the person asked for when sharing a plan.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareRequest {
    pub plan_id: i64,
    /// The sender's name as the other side will see it; needed the first time only.
    pub from_name: Option<String>,
    /// Whether the mentee may change goals and milestones too (mentor's side only).
    pub mentee_edits_plan: bool,
    /// Whether the mentor's own assessments of the mentee go too (mentor's side only).
    #[serde(default)]
    pub include_assessments: bool,
    /// Seals the file with this passphrase, for files sent where others could read them.
    #[serde(default)]
    #[ts(optional)]
    pub passphrase: Option<String>,
}

/// A shared plan file read and checked, waiting to be merged.
#[derive(Debug)]
pub struct Incoming(Package);

impl Incoming {
    pub fn plan_title(&self) -> &str {
        &self.0.header.plan_title
    }
}

/// What merging a file did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeReport {
    pub plan_id: i64,
    pub plan_title: String,
    pub from_name: String,
    /// True when the file brought a plan this Waymark did not have (the mentee's side).
    pub new_plan: bool,
    /// One sentence: "Ana completed 3 milestones and added evidence to 2."
    pub summary: String,
    /// The same, one change per line, for a list.
    pub changes: Vec<String>,
    pub conflicts: Vec<ConflictView>,
    /// Set right after the merge, so the rules of the tables hold ("…was made a draft").
    pub notices: Vec<String>,
}

/// A merge done, and the copy of the data file from just before it, for Undo.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Merged {
    pub report: MergeReport,
    pub backup: BackupFile,
}

/// A field both sides changed since they last exchanged the plan.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    pub id: String,
    pub what: String,
    pub yours: String,
    pub theirs: String,
    /// Which value the merge keeps unless the person chooses.
    pub kept: Keep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Keep {
    Yours,
    Theirs,
}

/// The person's choice for one conflict, by its `id`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub keep: Keep,
}

/// Writes plan `plan_id`'s shared documents to `out`: on the mentor's side this shares it
/// (again); on the mentee's side it sends it back.
pub fn share_to_file(conn: &mut Connection, request: &ShareRequest, out: &Path) -> Result<()> {
    let bytes = share(conn, request)?;
    files::write_atomic(out, &bytes)
}

/// The bytes of the file that shares plan `plan_id`, its documents brought up to date in
/// the same transaction.
pub fn share(conn: &mut Connection, request: &ShareRequest) -> Result<Vec<u8>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    crate::plan::plans::ensure_live(&tx, request.plan_id)?;
    let me = identity::ensure(&tx, request.from_name.as_deref())?;
    let existing = documents::share(&tx, request.plan_id)?;
    let share = match existing {
        Some(mut share) => {
            if share.side == Side::Mentor {
                share.mentee_edits_plan = request.mentee_edits_plan;
                share.include_assessments = request.include_assessments;
            }
            share
        }
        None => documents::new_mentor_share(
            &tx,
            request.plan_id,
            request.mentee_edits_plan,
            request.include_assessments,
        )?,
    };
    // First, so the rows the share now carries get their global ids.
    documents::save_share(&tx, &share)?;
    let mut docs = Docs::current(&tx, &share)?;
    docs.save(&tx, share.plan_id)?;
    let head = docs.plan_contents()?;
    let field = |f: &str| shape::text(&head, f).unwrap_or_default().to_owned();
    let header = Header {
        sender_name: me.name.clone(),
        sender_key: package::encode_key(&me.public_key()),
        side: share.side,
        plan: field("uid"),
        plan_title: field("title"),
        mentee_name: field("mentee_name"),
        mentee_edits_plan: share.mentee_edits_plan,
    };
    let mut bytes = package::write(&header, &docs.plan.save(), &docs.progress.save(), &me)?;
    if let Some(passphrase) = request.passphrase.as_deref().filter(|p| !p.is_empty()) {
        bytes = sealed::seal(&bytes, passphrase)?;
    }
    tx.commit()?;
    Ok(bytes)
}

/// Reads and checks a shared plan file: its size, its format, and its sender's signature.
pub fn open_file(path: &Path) -> Result<Incoming> {
    open_bytes(&read_file(path)?)
}

/// A shared plan file's bytes, refused from its size when no shared plan is that large.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::Io(format!("{}: {e}", path.display())))?
        .len();
    if size > package::SIZE_LIMIT {
        return Err(refused("it is larger than any plan Waymark writes"));
    }
    std::fs::read(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))
}

/// Checks a shared plan file's bytes; a sealed file needs [`open_sealed`].
pub fn open_bytes(bytes: &[u8]) -> Result<Incoming> {
    match sealed::is_sealed(bytes) {
        true => Err(Error::PassphraseNeeded),
        false => package::read(bytes).map(Incoming),
    }
}

/// Opens a file sealed with a passphrase, then checks it as any other.
pub fn open_sealed(bytes: &[u8], passphrase: &str) -> Result<Incoming> {
    package::read(&sealed::open(bytes, passphrase)?).map(Incoming)
}

/// Whether plan `plan_id`'s saved documents say what its rows say; a plan never shared
/// agrees trivially. Nothing is written.
pub fn documents_agree(conn: &mut Connection, plan_id: i64) -> Result<bool> {
    let tx = conn.transaction()?;
    let Some(share) = documents::share(&tx, plan_id)? else {
        return Ok(true);
    };
    let stored = [
        documents::load(&tx, plan_id, PLAN)?.map(|mut d| d.heads()),
        documents::load(&tx, plan_id, PROGRESS)?.map(|mut d| d.heads()),
    ];
    let mut current = Docs::current(&tx, &share)?;
    Ok(stored == [Some(current.plan.heads()), Some(current.progress.heads())])
}

/// Merges a shared plan file in one transaction, settling each conflict as `choices` say
/// (the merge's own pick otherwise). With `dry_run` nothing is kept: the report says what
/// merging would do. Merging a file again, or an older one, changes nothing.
pub fn merge(
    conn: &mut Connection,
    incoming: &Incoming,
    choices: &[Choice],
    dry_run: bool,
) -> Result<MergeReport> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let report = merge_in(&tx, &incoming.0, choices)?;
    if !dry_run {
        tx.commit()?;
    }
    Ok(report)
}

fn merge_in(tx: &Transaction<'_>, package: &Package, choices: &[Choice]) -> Result<MergeReport> {
    let header = &package.header;
    let plan_id: Option<i64> = tx
        .query_row("SELECT id FROM plans WHERE uid = ?1", [&header.plan], |r| {
            r.get(0)
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    let share = match plan_id {
        Some(id) => documents::share(tx, id)?,
        None => None,
    };
    let me = identity::ensure(
        tx,
        identity::name(tx)?
            .is_none()
            .then_some(header.mentee_name.as_str()),
    )?;
    if package.sender_key == me.public_key() {
        return Err(refused(
            "it was sent from this Waymark; open a file the other side sent back",
        ));
    }
    let stored = share.clone();
    let mut share = check_sender(share, plan_id, package)?;

    let mut theirs = Docs {
        plan: Document::load(PLAN, &package.plan)?,
        progress: Document::load(PROGRESS, &package.progress)?,
    };
    let (mut docs, before) = match share.plan_id {
        0 => (theirs.fork(), Before::default()),
        _ => {
            let docs = Docs::current(tx, &share)?;
            let before = docs.before()?;
            (docs, before)
        }
    };
    if share.side == Side::Mentor && !share.mentee_edits_plan && share.plan_id != 0 {
        let mut trial = docs.plan.fork();
        let heads = trial.heads();
        trial.merge(&mut theirs.plan)?;
        if trial.heads() != heads {
            return Err(refused(&format!(
                "it changes the plan itself (goals, milestones or targets), which {} may not change",
                share.peer_name
            )));
        }
    }
    let heads_before = (docs.plan.heads(), docs.progress.heads());
    docs.plan.merge(&mut theirs.plan)?;
    docs.progress.merge(&mut theirs.progress)?;

    let conflicts = docs.settle(&before, choices)?;
    // A file with nothing new (the same one again, or an older one) writes nothing here,
    // not even the time of the exchange.
    let nothing_new = stored.is_some_and(|s| {
        s.peer_key == share.peer_key && s.mentee_edits_plan == share.mentee_edits_plan
    }) && (docs.plan.heads(), docs.progress.heads()) == heads_before;
    let (plan, _) = docs.plan.read()?;
    let (progress, _) = docs.progress.read()?;
    if share.side == Side::Mentor
        && mentor_assessments(&progress) != mentor_assessments(&before.progress)
    {
        return Err(refused(&format!(
            "it changes your own assessments, which {} may not change",
            share.peer_name
        )));
    }
    shape::check(&plan, &progress, &catalogue(tx)?)?;
    let projected = if nothing_new {
        project::Projected {
            plan_id: share.plan_id,
            deactivated: None,
        }
    } else {
        let projected = project::project(tx, &plan, &progress, &header.sender_name)?;
        share.plan_id = projected.plan_id;
        documents::save_share(tx, &share)?;
        docs.save(tx, share.plan_id)?;
        projected
    };

    let mut changes = summary::changes(&before, &plan, &progress);
    if !conflicts.is_empty() {
        changes.push(summary::also_changed(conflicts.len()));
    }
    Ok(MergeReport {
        plan_id: share.plan_id,
        plan_title: header.plan_title.clone(),
        from_name: header.sender_name.clone(),
        new_plan: before.plan.is_empty(),
        summary: summary::sentence(&header.sender_name, &changes),
        changes,
        conflicts,
        notices: projected
            .deactivated
            .map(|title| format!("“{title}” was made a draft: only one plan can be active, and the other was activated later."))
            .into_iter()
            .collect(),
    })
}

/// The mentor's own assessments in a progress document.
fn mentor_assessments(progress: &Contents) -> Vec<(&String, &Record)> {
    progress
        .get("assessments")
        .into_iter()
        .flatten()
        .filter(|(_, r)| shape::text(r, "assessor") == Some("mentor"))
        .collect()
}

/// Who may send this file here: on a plan shared from here, the person it was shared with
/// (their key learnt from the first file they send); a new plan only from its mentor.
fn check_sender(share: Option<Share>, plan_id: Option<i64>, package: &Package) -> Result<Share> {
    let header = &package.header;
    let key = package.sender_key.to_vec();
    match (share, plan_id) {
        (Some(mut share), _) => {
            let expected_side = match share.side {
                Side::Mentor => Side::Mentee,
                Side::Mentee => Side::Mentor,
            };
            if header.side != expected_side || share.peer_key.as_ref().is_some_and(|k| *k != key) {
                return Err(Error::SharedFileWrongSender {
                    expected: share.peer_name,
                });
            }
            share.peer_key = Some(key);
            if share.side == Side::Mentee {
                share.mentee_edits_plan = header.mentee_edits_plan;
            }
            Ok(share)
        }
        (None, Some(_)) => Err(refused("it is for a plan here that was never shared")),
        (None, None) if header.side == Side::Mentee => Err(refused(
            "it sends back a plan that was not shared from this Waymark",
        )),
        (None, None) => Ok(Share {
            plan_id: 0,
            side: Side::Mentee,
            peer_name: header.sender_name.clone(),
            peer_key: Some(key),
            mentee_edits_plan: header.mentee_edits_plan,
            include_assessments: false,
        }),
    }
}

/// Checks a stored document as if it had arrived in a file (an archive brings them).
pub(crate) fn check_stored_document(kind: Option<&str>, bytes: &[u8]) -> Result<()> {
    let kind = match kind {
        Some("plan") => PLAN,
        Some("progress") => PROGRESS,
        _ => return Err(refused("it is not a document Waymark keeps")),
    };
    Document::load(kind, bytes).map(drop)
}

fn refused(why: &str) -> Error {
    Error::SharedFileRefused(why.to_owned())
}

pub(crate) fn catalogue(conn: &Connection) -> Result<Catalogue> {
    let keys = |sql: &str| -> Result<_> {
        let mut statement = conn.prepare(sql)?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(Catalogue {
        competencies: keys("SELECT key FROM competencies")?,
        spectrums: keys("SELECT key FROM spectrums")?,
        themes: keys("SELECT key FROM themes")?,
        role_tracks: keys("SELECT key FROM role_tracks")?,
        families: keys("SELECT key FROM leader_families")?,
    })
}

/// A plan's two documents.
#[derive(Debug)]
pub(crate) struct Docs {
    pub plan: Document,
    pub progress: Document,
}

impl Docs {
    /// The plan's documents with what its rows say now written in: a plan shared for the
    /// first time gets new documents. The mentee's copy writes the plan itself only when
    /// the mentor allows it.
    pub(crate) fn current(tx: &Connection, share: &Share) -> Result<Self> {
        Self::current_from(tx, share, &mut |kind| {
            documents::load(tx, share.plan_id, kind)
        })
    }

    /// As [`Docs::current`], the saved documents as `load` gives them.
    fn current_from(
        tx: &Connection,
        share: &Share,
        load: &mut dyn FnMut(Kind) -> Result<Option<Document>>,
    ) -> Result<Self> {
        reconcile::assign_ids(tx, share.plan_id)?;
        let saved = load(PLAN)?;
        let plan = if share.side == Side::Mentor || share.mentee_edits_plan {
            let contents = reconcile::plan_contents(tx, share.plan_id)?;
            Document::saved_or_made(saved, PLAN, &contents)?
        } else {
            saved.map_or_else(|| Document::new(PLAN), Ok)?
        };
        let saved = load(PROGRESS)?;
        let carried = match &saved {
            Some(progress) => {
                let (held, _) = progress.read()?;
                ["sessions", "assessments"]
                    .into_iter()
                    .flat_map(|name| engine::records(&held, name).keys().cloned())
                    .collect()
            }
            None => BTreeSet::new(),
        };
        let contents = reconcile::progress_contents(tx, share.plan_id, &carried)?;
        let progress = Document::saved_or_made(saved, PROGRESS, &contents)?;
        Ok(Docs { plan, progress })
    }

    /// Plan `plan_id`'s documents as last saved, when it has both.
    pub(crate) fn saved(tx: &Connection, plan_id: i64) -> Result<Option<Self>> {
        let plan = documents::load(tx, plan_id, PLAN)?;
        let progress = documents::load(tx, plan_id, PROGRESS)?;
        Ok(plan
            .zip(progress)
            .map(|(plan, progress)| Docs { plan, progress }))
    }

    /// Plan `plan_id`'s documents with its rows written in; the person's own plan that
    /// was never shared is theirs to write, as a mentor's.
    pub(crate) fn of_plan(tx: &Connection, plan_id: i64) -> Result<Self> {
        Self::of_plan_from(tx, plan_id, &mut |kind| documents::load(tx, plan_id, kind))
    }

    /// As [`Docs::of_plan`], starting from the documents `kept` holds when they are still
    /// the ones saved; [`Docs::keep`] gives them back.
    pub(crate) fn of_kept_plan(tx: &Connection, plan_id: i64, kept: &mut Kept) -> Result<Self> {
        Self::of_plan_from(tx, plan_id, &mut |kind| kept.load(tx, plan_id, kind))
    }

    /// Keeps both documents, saved, in `kept` for the next [`Docs::of_kept_plan`].
    pub(crate) fn keep(self, tx: &Connection, plan_id: i64, kept: &mut Kept) -> Result<()> {
        kept.keep(tx, plan_id, PLAN, self.plan)?;
        kept.keep(tx, plan_id, PROGRESS, self.progress)
    }

    fn of_plan_from(
        tx: &Connection,
        plan_id: i64,
        load: &mut dyn FnMut(Kind) -> Result<Option<Document>>,
    ) -> Result<Self> {
        let share = match documents::share(tx, plan_id)? {
            Some(share) => share,
            None => Share {
                plan_id,
                side: Side::Mentor,
                peer_name: String::new(),
                peer_key: None,
                mentee_edits_plan: false,
                include_assessments: false,
            },
        };
        Self::current_from(tx, &share, load)
    }

    /// What both documents hold, every record checked with the commands' own rules:
    /// `(plan, progress)`, ready to be written into the rows.
    pub(crate) fn checked(&self, tx: &Connection) -> Result<(Contents, Contents)> {
        let (plan, _) = self.plan.read()?;
        let (progress, _) = self.progress.read()?;
        shape::check(&plan, &progress, &catalogue(tx)?)?;
        Ok((plan, progress))
    }

    /// A plan arriving from another device: nothing in it until its first sync.
    pub(crate) fn blank() -> Docs {
        Docs {
            plan: Document::blank(PLAN),
            progress: Document::blank(PROGRESS),
        }
    }

    fn fork(&mut self) -> Docs {
        Docs {
            plan: self.plan.fork(),
            progress: self.progress.fork(),
        }
    }

    fn before(&self) -> Result<Before> {
        Ok(Before {
            plan: self.plan.read()?.0,
            progress: self.progress.read()?.0,
        })
    }

    fn plan_contents(&self) -> Result<super::engine::Record> {
        let (contents, _) = self.plan.read()?;
        contents
            .get("plan")
            .and_then(|records| records.get(PLAN_KEY))
            .cloned()
            .ok_or_else(|| refused("the plan's own record is missing"))
    }

    /// Settles every field both sides changed: with the person's choice where they made
    /// one, with the merge's own pick otherwise, so no conflict is shown twice. Returns
    /// those whose values differ, for the person to see.
    fn settle(&mut self, before: &Before, choices: &[Choice]) -> Result<Vec<ConflictView>> {
        let chosen: BTreeMap<&str, Keep> =
            choices.iter().map(|c| (c.id.as_str(), c.keep)).collect();
        let titles = summary::titles(&self.plan.read()?.0);
        let mut views = Vec::new();
        for (doc, mine) in [
            (&mut self.plan, &before.plan),
            (&mut self.progress, &before.progress),
        ] {
            let (contents, conflicts) = doc.read()?;
            for conflict in conflicts {
                let winner = contents
                    .get(conflict.container)
                    .and_then(|r| r.get(&conflict.key))
                    .and_then(|r| r.get(&conflict.field))
                    .cloned();
                let yours = mine
                    .get(conflict.container)
                    .and_then(|r| r.get(&conflict.key))
                    .and_then(|r| r.get(&conflict.field))
                    .cloned();
                let theirs = conflict
                    .values
                    .iter()
                    .find(|v| Some(*v) != yours.as_ref())
                    .cloned();
                let (Some(yours), Some(theirs)) = (yours, theirs) else {
                    if let Some(value) = winner {
                        doc.settle(conflict.container, &conflict.key, &conflict.field, &value)?;
                    }
                    continue;
                };
                let id = conflict_id(&conflict);
                let kept = match chosen.get(id.as_str()) {
                    Some(keep) => *keep,
                    None if winner.as_ref() == Some(&yours) => Keep::Yours,
                    None => Keep::Theirs,
                };
                let value = match kept {
                    Keep::Yours => &yours,
                    Keep::Theirs => &theirs,
                };
                doc.settle(conflict.container, &conflict.key, &conflict.field, value)?;
                views.push(ConflictView {
                    what: summary::describe(&conflict, &titles),
                    yours: summary::shown(&yours),
                    theirs: summary::shown(&theirs),
                    id,
                    kept,
                });
            }
            doc.commit();
        }
        Ok(views)
    }

    pub(crate) fn save(&mut self, tx: &Connection, plan_id: i64) -> Result<()> {
        documents::save(tx, plan_id, PLAN, &mut self.plan)?;
        documents::save(tx, plan_id, PROGRESS, &mut self.progress)
    }
}

fn conflict_id(conflict: &Conflict) -> String {
    format!("{}/{}/{}", conflict.container, conflict.key, conflict.field)
}
