//! Manual order of goals within a plan and milestones within a goal: a dense `position`
//! per sibling, rewritten in one transaction when something moves.

use rusqlite::{Connection, params};

use crate::error::Result;

/// A table whose rows are ordered among siblings sharing `parent`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Siblings {
    pub table: &'static str,
    pub parent: &'static str,
}

pub(crate) const GOALS: Siblings = Siblings {
    table: "goals",
    parent: "plan_id",
};

pub(crate) const MILESTONES: Siblings = Siblings {
    table: "milestones",
    parent: "goal_id",
};

/// The position after the last live sibling.
pub(crate) fn next_position(conn: &Connection, s: Siblings, parent_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT coalesce(max(position) + 1, 0) FROM {} WHERE {} = ?1 AND deleted_at IS NULL",
            s.table, s.parent
        ),
        [parent_id],
        |r| r.get(0),
    )?)
}

/// Moves row `id` to `index` (0-based, clamped) among its live siblings and renumbers them.
pub(crate) fn move_to(
    conn: &Connection,
    s: Siblings,
    parent_id: i64,
    id: i64,
    index: usize,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM {} WHERE {} = ?1 AND deleted_at IS NULL ORDER BY position, id",
        s.table, s.parent
    ))?;
    let mut ids: Vec<i64> = stmt
        .query_map([parent_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.retain(|&other| other != id);
    ids.insert(index.min(ids.len()), id);
    let mut update = conn.prepare(&format!(
        "UPDATE {} SET position = ?2 WHERE id = ?1",
        s.table
    ))?;
    for (position, row) in ids.iter().enumerate() {
        update.execute(params![row, position as i64])?;
    }
    Ok(())
}
