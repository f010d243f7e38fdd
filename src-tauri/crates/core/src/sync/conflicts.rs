//! Fields changed on two devices at once while syncing live. Automerge keeps both values
//! and every copy shows the same one; the person is shown both with a choice, and the
//! value they choose is written again, which ends the conflict on every device (and tells
//! their other devices to stop asking). Until then the other value is never lost.
use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use ts_rs::TS;
use waymark_wire::{DocId, DocKind};

use super::conflict_record::decode;
use super::engine::{Contents, Document, Record, Scalar};
use super::share::{Docs, Keep};
use super::{owned, person, project, summary};
use crate::error::{Error, Result};

/// A field two devices changed at once, as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveConflict {
    pub id: i64,
    /// "Title of milestone “Draft the roadmap”".
    pub what: String,
    /// The value this device had.
    pub yours: String,
    /// The value the other device wrote.
    pub theirs: String,
    /// The value every device shows until the person chooses.
    pub kept: Keep,
    /// The plan it is in, if it is in one.
    pub plan_id: Option<i64>,
    /// When it came in (RFC 3339, UTC).
    pub noticed_at: String,
}

/// The conflicts waiting for the person, newest first.
pub fn list(conn: &Connection) -> Result<Vec<LiveConflict>> {
    let mut statement = conn.prepare(
        "SELECT c.id, c.what, c.yours, c.theirs, c.kept, p.id, c.noticed_at
           FROM sync_conflicts c
           LEFT JOIN plans p ON c.doc IN ('plan/' || p.uid, 'progress/' || p.uid)
          ORDER BY c.noticed_at DESC, c.id DESC",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(LiveConflict {
            id: r.get(0)?,
            what: r.get(1)?,
            yours: summary::shown(&decode(&r.get::<_, String>(2)?)),
            theirs: summary::shown(&decode(&r.get::<_, String>(3)?)),
            kept: match r.get::<_, String>(4)?.as_str() {
                "yours" => Keep::Yours,
                _ => Keep::Theirs,
            },
            plan_id: r.get(5)?,
            noticed_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The person's choice for conflict `id`: the value kept stays, or the other one replaces
/// it on every device. Either way the conflict is settled and leaves the list.
pub fn choose(conn: &mut Connection, id: i64, keep: Keep) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let account: String = tx
        .query_row("SELECT account FROM sync_server", [], |r| r.get(0))
        .optional()?
        .ok_or(Error::SyncNotSetUp)?;
    let found: Option<(String, String, String, String, String, String)> = tx
        .query_row(
            "SELECT doc, container, key, field, yours, theirs FROM sync_conflicts
              WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .optional()?;
    let (doc, container, key, field, yours, theirs) =
        found.ok_or(Error::NotFound { what: "Conflict" })?;
    tx.execute("DELETE FROM sync_conflicts WHERE id = ?1", [id])?;
    let chosen = match keep {
        Keep::Yours => yours,
        Keep::Theirs => theirs,
    };
    // Written again even when it is the value shown: the new write tells the person's
    // other devices that the choice was made, and they stop asking.
    let doc: DocId = doc
        .parse()
        .map_err(|_| Error::SyncRefused("it names no document".into()))?;
    let value = decode(&chosen);
    let field = Field {
        container: &container,
        key: &key,
        field: &field,
        value: &value,
        stored: &chosen,
    };
    match doc.kind {
        DocKind::Plan | DocKind::Progress => in_plan(&tx, &doc, &field)?,
        DocKind::Person if doc == DocId::person_of(&account) => in_person(&tx, &doc, &field)?,
        // Another account's, from a pairing before: nothing of it syncs here any more.
        DocKind::Person => {}
        DocKind::Mentee => in_own(&tx, &doc, &field, &account)?,
    }
    Ok(tx.commit()?)
}

/// One field of a document, and the value it is to have.
struct Field<'a> {
    container: &'a str,
    key: &'a str,
    field: &'a str,
    value: &'a Scalar,
    /// The value as `sync_conflicts` holds it.
    stored: &'a str,
}

fn in_plan(tx: &Transaction<'_>, doc: &DocId, field: &Field<'_>) -> Result<()> {
    let plan_id: i64 = tx
        .query_row(
            "SELECT id FROM plans WHERE uid = ?1",
            [doc.id.hyphenated().to_string()],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Plan" })?;
    let mut docs = Docs::of_plan(tx, plan_id)?;
    let target = match doc.kind {
        DocKind::Plan => &mut docs.plan,
        _ => &mut docs.progress,
    };
    target.settle(field.container, field.key, field.field, field.value)?;
    target.commit();
    let (plan, progress) = docs.checked(tx)?;
    project::project(tx, &plan, &progress, "")?;
    docs.save(tx, plan_id)
}

/// A choice in a mentee's own document, written into it and the rows at once; the mark
/// has the next sync round offer it, as the rows may not have changed.
fn in_own(tx: &Transaction<'_>, doc: &DocId, field: &Field<'_>, account: &str) -> Result<()> {
    let (Some(subject), Some(mut document)) = (
        owned::subject(tx, doc, account)?,
        owned::load_and_mend(tx, doc)?,
    ) else {
        return Err(Error::NotFound { what: "Record" });
    };
    owned::write_rows(tx, subject, &mut document)?;
    let (before, _) = document.read()?;
    document.settle(field.container, field.key, field.field, field.value)?;
    document.commit();
    owned::project(tx, subject, &before, &document.read()?.0)?;
    if let owned::Subject::Mentee(id) = subject {
        tx.execute(
            "INSERT INTO sync_changed (mentee_id) VALUES (?1) ON CONFLICT DO NOTHING",
            [id],
        )?;
    }
    owned::save(tx, doc, &mut document)
}

/// A choice in the person's own document: written into the rows now, and into the
/// document by the next sync round ([`settle_choices`]), which then offers it. At 10,000
/// mentees loading that document takes longer than a click may. A record deleted since
/// leaves nothing to choose for.
fn in_person(tx: &Transaction<'_>, doc: &DocId, field: &Field<'_>) -> Result<()> {
    let Some(container) = person::container(field.container) else {
        return Ok(());
    };
    let Some(record) = person::record_of(tx, container, field.key)? else {
        return Ok(());
    };
    let mut chosen = record.clone();
    chosen.insert(field.field.to_owned(), field.value.clone());
    let one = |record: Record| {
        Contents::from([(container, BTreeMap::from([(field.key.to_owned(), record)]))])
    };
    owned::project(tx, owned::Subject::Person, &one(record), &one(chosen))?;
    tx.execute(
        "INSERT OR REPLACE INTO sync_choices (doc, container, key, field, value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            doc.to_string(),
            container,
            field.key,
            field.field,
            field.stored
        ],
    )?;
    // The rows may not have changed (the value kept was this device's): the mark has the
    // round write the document all the same.
    match container {
        "mentees" => tx.execute(
            "INSERT OR IGNORE INTO sync_person_mentees (uid) VALUES (?1)",
            [field.key],
        )?,
        _ => tx.execute("UPDATE sync_server SET person_changed = 1", [])?,
    };
    Ok(())
}

/// Writes the values the person chose in conflicts of their own document into `document`
/// again, which ends each conflict on every device. A record or field gone since is
/// skipped, as is what names no container of the document (the data file may be hostile).
pub(crate) fn settle_choices(
    conn: &Connection,
    doc: &DocId,
    document: &mut Document,
) -> Result<()> {
    let key = doc.to_string();
    let chosen: Vec<(String, String, String, String)> = conn
        .prepare_cached("SELECT container, key, field, value FROM sync_choices WHERE doc = ?1")?
        .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if chosen.is_empty() {
        return Ok(());
    }
    for (container, record, field, value) in &chosen {
        if let Some(container) = person::container(container) {
            document.settle(container, record, field, &decode(value))?;
        }
    }
    document.commit();
    conn.execute("DELETE FROM sync_choices WHERE doc = ?1", [key])?;
    Ok(())
}
