//! The start screen: what needs attention across every active mentee and plan.

use std::collections::BTreeSet;

use chrono::Days;
use rusqlite::{Connection, Params, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::error::Result;
use crate::plan::balance::{self, BalanceWarning};
use crate::plan::progress::{self, PlanProgress};
use crate::store::settings;

/// How far ahead "upcoming" looks.
pub const UPCOMING_DAYS: u64 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueMilestone {
    pub milestone_id: i64,
    pub title: String,
    pub due_on: String,
    pub goal_title: String,
    pub plan_id: i64,
    pub mentee_id: i64,
    pub mentee_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivePlan {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub plan_id: i64,
    pub plan_title: String,
    pub target_on: String,
    pub progress: PlanProgress,
    pub warnings: Vec<BalanceWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotSeen {
    pub mentee_id: i64,
    pub mentee_name: String,
    /// None when there has never been a 1:1.
    pub last_held_on: Option<String>,
    pub days_ago: Option<i64>,
}

/// One list on the screen: the rows asked for and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Section<T> {
    pub rows: Vec<T>,
    pub total: i64,
    /// The list has more than `total` rows; counting stopped there ("1,000+").
    pub at_least: bool,
}

impl<T> Section<T> {
    /// The rows shown, with the list's length counted by `from` (a query's FROM and WHERE
    /// clauses) up to [`COUNT_UP_TO`].
    fn counted(conn: &Connection, rows: Vec<T>, from: &str, values: impl Params) -> Result<Self> {
        let counted = count_up_to(conn, from, values)?;
        Ok(Self {
            rows,
            total: counted.min(COUNT_UP_TO),
            at_least: counted > COUNT_UP_TO,
        })
    }
}

/// Counts the rows of `from` (a query's FROM and WHERE clauses), stopping one past
/// [`COUNT_UP_TO`].
fn count_up_to(conn: &Connection, from: &str, values: impl Params) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 {from} LIMIT {})",
            COUNT_UP_TO + 1
        ))?
        .query_row(values, |r| r.get(0))?)
}

/// How many rows of each list the screen shows; "Show more" asks again with more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DashboardLimits {
    pub overdue: u32,
    pub upcoming: u32,
    pub plans: u32,
    pub drifting: u32,
    pub not_seen: u32,
}

/// What each list shows before "Show more".
pub const FIRST_ROWS: u32 = 20;
/// A ceiling on any one list, so no request can ask for an unbounded answer.
const MAX_ROWS: u32 = 5_000;
/// Lists are counted up to here ("1,000+"): past it the exact number tells a person
/// nothing more, and counting tens of thousands of rows would hold up the screen.
const COUNT_UP_TO: i64 = 1_000;

impl Default for DashboardLimits {
    fn default() -> Self {
        Self {
            overdue: FIRST_ROWS,
            upcoming: FIRST_ROWS,
            plans: FIRST_ROWS,
            drifting: FIRST_ROWS,
            not_seen: FIRST_ROWS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub today: String,
    pub overdue: Section<DueMilestone>,
    pub upcoming: Section<DueMilestone>,
    pub plans: Section<ActivePlan>,
    /// Active plans with at least one balance warning.
    pub drifting: Section<ActivePlan>,
    pub not_seen: Section<NotSeen>,
    pub not_seen_days: i64,
    /// Mentees that are not archived, counted up to [`COUNT_UP_TO`] and one more, so the
    /// screen can tell "all clear" from "empty".
    pub mentee_count: i64,
}

/// Open milestones of active plans of current mentees. The filter on the milestone
/// repeats the partial index's condition word for word; without statistics SQLite's
/// planner prefers walking every plan, so the index is named (a missing index would be
/// an error, not a slow screen). Goal, plan and mentee are read from the narrow indexes
/// of migration 15, which stay in the page cache where their tables do not.
const OPEN_MILESTONES: &str = "FROM milestones ms INDEXED BY milestones_open_by_due
   JOIN goals g INDEXED BY goals_live_by_id ON g.id = ms.goal_id AND g.deleted_at IS NULL
   JOIN plans p INDEXED BY plans_active_by_id
     ON p.id = g.plan_id AND p.deleted_at IS NULL AND p.status = 'active'
   JOIN mentees m INDEXED BY mentees_current_by_id
     ON m.id = p.mentee_id AND m.archived_at IS NULL
  WHERE ms.deleted_at IS NULL AND ms.status IN ('planned', 'in_progress')";

pub fn load(conn: &Connection, limits: &DashboardLimits) -> Result<Dashboard> {
    let today = dates::today();
    // The day after the last one "upcoming" covers.
    let horizon = today
        .checked_add_days(Days::new(UPCOMING_DAYS + 1))
        .unwrap_or(today);
    let not_seen_days = settings::get(conn)?.not_seen_days;
    let (today, horizon) = (dates::iso(today), dates::iso(horizon));
    let overdue = due_between(conn, "", &today, limits.overdue)?;
    let upcoming = due_between(conn, &today, &horizon, limits.upcoming)?;
    let (plans, drifting) = active_plans(conn, limits)?;
    let not_seen = not_seen(conn, &today, not_seen_days, limits.not_seen)?;
    let mentee_count = count_up_to(
        conn,
        "FROM mentees m INDEXED BY mentees_current_by_id
          WHERE m.archived_at IS NULL AND m.shared_by IS NULL",
        [],
    )?;
    Ok(Dashboard {
        today,
        overdue,
        upcoming,
        plans,
        drifting,
        not_seen,
        not_seen_days,
        mentee_count,
    })
}

fn rows(limit: u32) -> i64 {
    i64::from(limit.min(MAX_ROWS))
}

/// Open milestones due on or after `from` and before `until` (ISO dates), soonest first.
/// The page is chosen from the narrow indexes alone, since every milestone due on its last
/// day is sorted by name to choose it (some 800 today at 10,000 mentees); only the rows
/// shown are read for their titles.
fn due_between(
    conn: &Connection,
    from: &str,
    until: &str,
    limit: u32,
) -> Result<Section<DueMilestone>> {
    let range = "AND ms.due_on >= ?1 AND ms.due_on < ?2";
    let mut stmt = conn.prepare_cached(&format!(
        "WITH page AS MATERIALIZED (
           SELECT ms.id, ms.due_on, ms.goal_id, p.id AS plan_id, m.id AS mentee_id, m.name
           {OPEN_MILESTONES} {range}
            ORDER BY ms.due_on, m.name COLLATE NOCASE, ms.id LIMIT ?3)
         SELECT page.id, ms.title, page.due_on, g.title, page.plan_id, page.mentee_id, page.name
           FROM page JOIN milestones ms ON ms.id = page.id JOIN goals g ON g.id = page.goal_id
          ORDER BY page.due_on, page.name COLLATE NOCASE, page.id"
    ))?;
    let rows = stmt
        .query_map(params![from, until, rows(limit)], |r| {
            Ok(DueMilestone {
                milestone_id: r.get(0)?,
                title: r.get(1)?,
                due_on: r.get(2)?,
                goal_title: r.get(3)?,
                plan_id: r.get(4)?,
                mentee_id: r.get(5)?,
                mentee_name: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Section::counted(
        conn,
        rows,
        &format!("{OPEN_MILESTONES} {range}"),
        params![from, until],
    )
}

/// Active plans of current mentees, in the mentee list's order, which the index of that
/// order gives without sorting, so a page reads only its own rows.
const ACTIVE_PLANS: &str = "FROM mentees m INDEXED BY mentees_in_list_order
   JOIN plans p ON p.mentee_id = m.id AND p.status = 'active' AND p.deleted_at IS NULL
   JOIN plan_coverage c ON c.plan_id = p.id
  WHERE m.archived_at IS NULL";

/// Plans in the mentee list's order.
const IN_LIST_ORDER: &str = "ORDER BY m.is_self DESC, m.name COLLATE NOCASE, m.id, p.id";

/// Active plans (as `p`) of current mentees, read from the narrow indexes of migration 15.
const LIVE_PLANS: &str = "JOIN mentees m INDEXED BY mentees_current_by_id
     ON m.id = p.mentee_id AND m.archived_at IS NULL
  WHERE p.status = 'active' AND p.deleted_at IS NULL";

/// The page of active plans, and the page of those drifting into a look-alike role.
/// Whether a plan drifts is kept current by the triggers of migration 12; the warnings
/// themselves are worked out only for the rows shown.
fn active_plans(
    conn: &Connection,
    limits: &DashboardLimits,
) -> Result<(Section<ActivePlan>, Section<ActivePlan>)> {
    let rules = balance::rules(conn)?;
    let plans = plan_rows(
        conn,
        &rules,
        &format!(
            "SELECT m.id, m.name, p.id, p.title, p.target_on, c.competencies {ACTIVE_PLANS}
             {IN_LIST_ORDER} LIMIT ?1"
        ),
        limits.plans,
    )?;
    // The drifting page is sorted from the drifting plans (some 700 at 10,000 mentees)
    // rather than found by walking the mentee list, which reads every mentee when few
    // plans drift.
    let drifting_plans = format!(
        "FROM plan_coverage c INDEXED BY plan_coverage_drifting
         CROSS JOIN plans p INDEXED BY plans_active_by_id ON p.id = c.plan_id
         {LIVE_PLANS} AND c.drifting"
    );
    let drifting = plan_rows(
        conn,
        &rules,
        &format!(
            "WITH page AS MATERIALIZED (
               SELECT m.id, m.is_self, m.name, p.id AS plan_id {drifting_plans}
               {IN_LIST_ORDER} LIMIT ?1)
             SELECT page.id, page.name, p.id, p.title, p.target_on, c.competencies
               FROM page JOIN plans p ON p.id = page.plan_id
               JOIN plan_coverage c ON c.plan_id = p.id
              ORDER BY page.is_self DESC, page.name COLLATE NOCASE, page.id, p.id"
        ),
        limits.drifting,
    )?;
    Ok((
        Section::counted(
            conn,
            plans,
            &format!("FROM plans p INDEXED BY plans_active_by_id {LIVE_PLANS}"),
            [],
        )?,
        Section::counted(conn, drifting, &drifting_plans, [])?,
    ))
}

/// The plans `query` selects (mentee id and name, plan id, title and target, covered
/// competencies; at most `?1` rows), with their progress and warnings.
fn plan_rows(
    conn: &Connection,
    rules: &[balance::Rule],
    query: &str,
    limit: u32,
) -> Result<Vec<ActivePlan>> {
    let mut stmt = conn.prepare_cached(query)?;
    let plans = stmt
        .query_map([rows(limit)], |r| {
            let covered: String = r.get(5)?;
            Ok(ActivePlan {
                mentee_id: r.get(0)?,
                mentee_name: r.get(1)?,
                plan_id: r.get(2)?,
                plan_title: r.get(3)?,
                target_on: r.get(4)?,
                progress: PlanProgress::default(),
                warnings: balance::evaluate(rules, &competencies(&covered)),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    plans
        .into_iter()
        .map(|plan| {
            Ok(ActivePlan {
                progress: progress::for_plan(conn, plan.plan_id)?,
                ..plan
            })
        })
        .collect()
}

fn competencies(stored: &str) -> BTreeSet<String> {
    stored
        .split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Mentees without a 1:1 for more than `days`, never-seen first, then longest ago.
/// People planning their own growth do not hold 1:1s with themselves.
///
/// The list is read in the order of the index by day, so a page stops after its rows and
/// only mentees last seen on the same day are sorted by name; each mentee is checked in
/// the narrow index of migration 15. The `+` keeps SQLite from splitting the condition
/// into two lookups of the index by day, which loses its order and sorts every mentee
/// not seen lately (some 4,000 of 10,000, 8 ms).
fn not_seen(conn: &Connection, today: &str, days: i64, limit: u32) -> Result<Section<NotSeen>> {
    const NOT_SEEN: &str = "FROM mentee_last_session l INDEXED BY mentee_last_session_by_day
      CROSS JOIN mentees m INDEXED BY mentees_current_by_id ON m.id = l.mentee_id
      WHERE (+l.held_on IS NULL OR +l.held_on < date(?1, '-' || ?2 || ' days'))
        AND m.archived_at IS NULL AND m.is_self = 0 AND m.shared_by IS NULL";
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.id, m.name, l.held_on, CAST(julianday(?1) - julianday(l.held_on) AS INTEGER)
         {NOT_SEEN} ORDER BY l.held_on, m.name COLLATE NOCASE, m.id LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(params![today, days, rows(limit)], |r| {
            Ok(NotSeen {
                mentee_id: r.get(0)?,
                mentee_name: r.get(1)?,
                last_held_on: r.get(2)?,
                days_ago: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Section::counted(conn, rows, NOT_SEEN, params![today, days])
}
