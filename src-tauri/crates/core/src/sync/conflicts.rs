//! Fields changed on two devices at once while syncing live. Automerge keeps both values
//! and every copy shows the same one; the person is shown both with a choice, and the
//! value they choose is written again, which ends the conflict on every device (and tells
//! their other devices to stop asking). Until then the other value is never lost.
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use ts_rs::TS;
use waymark_wire::{DocId, DocKind};

use super::conflict_record::decode;
use super::engine::Scalar;
use super::share::{Docs, Keep};
use super::{owned, project, summary};
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
    };
    match doc.kind {
        DocKind::Plan | DocKind::Progress => in_plan(&tx, &doc, &field)?,
        DocKind::Person | DocKind::Mentee => in_own(&tx, &doc, &field, &account)?,
    }
    Ok(tx.commit()?)
}

/// One field of a document, and the value it is to have.
struct Field<'a> {
    container: &'a str,
    key: &'a str,
    field: &'a str,
    value: &'a Scalar,
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
    owned::save(tx, doc, &mut document)
}
