//! Deleting that can be undone: a row is hidden by stamping `deleted_at` and comes back
//! by clearing it. Each kind of row keeps only its own rules for coming back.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::plan::ordering::{self, Siblings};
use crate::store::db::NOW;

/// A table whose rows are deleted softly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SoftDeleted {
    pub table: &'static str,
    /// What a missing live row is called, and a missing deleted one.
    pub what: &'static str,
    pub deleted_what: &'static str,
    /// Rows in a manual order return at the end of their siblings.
    pub order: Option<Siblings>,
}

pub(crate) const PLANS: SoftDeleted = SoftDeleted {
    table: "plans",
    what: "Plan",
    deleted_what: "Deleted plan",
    order: None,
};

pub(crate) const GOALS: SoftDeleted = SoftDeleted {
    table: "goals",
    what: "Goal",
    deleted_what: "Deleted goal",
    order: Some(ordering::GOALS),
};

pub(crate) const MILESTONES: SoftDeleted = SoftDeleted {
    table: "milestones",
    what: "Milestone",
    deleted_what: "Deleted milestone",
    order: Some(ordering::MILESTONES),
};

pub(crate) const SESSIONS: SoftDeleted = SoftDeleted {
    table: "sessions",
    what: "Session",
    deleted_what: "Deleted session",
    order: None,
};

pub(crate) const TOPICS: SoftDeleted = SoftDeleted {
    table: "plan_topics",
    what: "Topic",
    deleted_what: "Deleted topic",
    order: None,
};

pub(crate) const EVIDENCE: SoftDeleted = SoftDeleted {
    table: "evidence",
    what: "Evidence",
    deleted_what: "Deleted evidence",
    order: None,
};

pub(crate) const COMMENTS: SoftDeleted = SoftDeleted {
    table: "plan_comments",
    what: "Comment",
    deleted_what: "Deleted comment",
    order: None,
};

/// Hides live row `id`.
pub(crate) fn delete(conn: &Connection, t: SoftDeleted, id: i64) -> Result<()> {
    let changed = conn.execute(
        &format!(
            "UPDATE {} SET deleted_at = {NOW} WHERE id = ?1 AND deleted_at IS NULL",
            t.table
        ),
        [id],
    )?;
    match changed {
        0 => Err(Error::NotFound { what: t.what }),
        _ => Ok(()),
    }
}

/// Brings deleted row `id` back in one transaction, once `allowed` (run inside it) agrees.
pub(crate) fn restore(
    conn: &mut Connection,
    t: SoftDeleted,
    id: i64,
    allowed: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    let tx = conn.transaction()?;
    // The parent of an ordered row; NULL for the others.
    let parent: Option<i64> = tx
        .query_row(
            &format!(
                "SELECT {} FROM {} WHERE id = ?1 AND deleted_at IS NOT NULL",
                t.order.map_or("NULL", |s| s.parent),
                t.table
            ),
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: t.deleted_what,
        })?;
    allowed(&tx)?;
    match (t.order, parent) {
        (Some(siblings), Some(parent)) => {
            let position = ordering::next_position(&tx, siblings, parent)?;
            tx.execute(
                &format!(
                    "UPDATE {} SET deleted_at = NULL, position = ?2 WHERE id = ?1",
                    t.table
                ),
                params![id, position],
            )?;
        }
        _ => {
            tx.execute(
                &format!("UPDATE {} SET deleted_at = NULL WHERE id = ?1", t.table),
                [id],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}
