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

/// One assessment's levels, in catalogue order, for charts over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RatingsAt {
    pub assessed_on: String,
    pub assessor: String,
    pub levels: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub done: i64,
}

/// How a mentee has moved: every assessment oldest first, and milestones completed per
/// month over the last twelve months (months without any included, as zero).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressHistory {
    pub assessments: Vec<RatingsAt>,
    pub completed_per_month: Vec<MonthCount>,
}

pub fn history(conn: &Connection, mentee_id: i64) -> Result<ProgressHistory> {
    crate::people::mentees::get(conn, mentee_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.assessed_on, a.assessor FROM assessments a
          WHERE a.mentee_id = ?1 ORDER BY a.assessed_on, a.id",
    )?;
    let heads: Vec<(i64, String, String)> = stmt
        .query_map([mentee_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut levels = conn.prepare_cached(
        "SELECT r.level FROM assessment_ratings r JOIN competencies c ON c.key = r.competency_key
          WHERE r.assessment_id = ?1 ORDER BY c.position",
    )?;
    let assessments = heads
        .into_iter()
        .map(|(id, assessed_on, assessor)| {
            Ok(RatingsAt {
                assessed_on,
                assessor,
                levels: levels
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?,
            })
        })
        .collect::<Result<_>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT substr(m.completed_on, 1, 7), count(*)
           FROM milestones m
           JOIN goals g ON g.id = m.goal_id AND g.deleted_at IS NULL
           JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
          WHERE p.mentee_id = ?1 AND m.deleted_at IS NULL AND m.status = 'done'
          GROUP BY 1",
    )?;
    let counts: std::collections::BTreeMap<String, i64> = stmt
        .query_map([mentee_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ProgressHistory {
        assessments,
        completed_per_month: last_twelve_months(crate::dates::today())
            .into_iter()
            .map(|month| MonthCount {
                done: counts.get(&month).copied().unwrap_or(0),
                month,
            })
            .collect(),
    })
}

/// `YYYY-MM` for the twelve months ending with `today`'s, oldest first.
pub fn last_twelve_months(today: chrono::NaiveDate) -> Vec<String> {
    use chrono::Datelike;
    let mut year = today.year();
    let mut month = today.month() as i32;
    let mut months = Vec::with_capacity(12);
    for _ in 0..12 {
        months.push(format!("{year:04}-{month:02}"));
        month -= 1;
        if month == 0 {
            month = 12;
            year -= 1;
        }
    }
    months.reverse();
    months
}
