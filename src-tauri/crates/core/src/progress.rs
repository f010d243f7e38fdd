//! How far a plan has come: the share of its live milestones that are done, with
//! dropped milestones left out of the count.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanProgress {
    pub done: i64,
    pub open: i64,
    pub dropped: i64,
    /// Done out of done + open, rounded down; none while the plan has nothing to do.
    pub percent: Option<i64>,
}

impl PlanProgress {
    pub fn new(done: i64, open: i64, dropped: i64) -> Self {
        let counted = done + open;
        Self {
            done,
            open,
            dropped,
            percent: (counted > 0).then(|| done * 100 / counted),
        }
    }
}

pub fn for_plan(conn: &Connection, plan_id: i64) -> Result<PlanProgress> {
    let (done, open, dropped) = conn.query_row(
        "SELECT count(*) FILTER (WHERE m.status = 'done'),
                count(*) FILTER (WHERE m.status IN ('planned', 'in_progress')),
                count(*) FILTER (WHERE m.status = 'dropped')
           FROM milestones m JOIN goals g ON g.id = m.goal_id AND g.deleted_at IS NULL
          WHERE g.plan_id = ?1 AND m.deleted_at IS NULL",
        [plan_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(PlanProgress::new(done, open, dropped))
}
