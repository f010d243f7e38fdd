//! The start screen: what needs attention across every active mentee and plan.

use std::collections::{BTreeSet, HashMap};

use chrono::Days;
use rusqlite::{Connection, params};
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
    fn counted(rows: Vec<T>, total: i64) -> Self {
        Self {
            rows,
            total,
            at_least: false,
        }
    }
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
/// Milestone lists are counted up to here: past it the exact number tells a person nothing
/// more, and counting tens of thousands of overdue milestones would hold up the screen.
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
    /// Mentees that are not archived, so the screen can tell "all clear" from "empty".
    pub mentee_count: i64,
}

/// Open milestones of active plans of current mentees. The filter on the milestone
/// repeats the partial index's condition word for word; without statistics SQLite's
/// planner prefers walking every plan, so the index is named (a missing index would be
/// an error, not a slow screen).
const OPEN_MILESTONES: &str = "FROM milestones ms INDEXED BY milestones_open_by_due
   JOIN goals g ON g.id = ms.goal_id AND g.deleted_at IS NULL
   JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL AND p.status = 'active'
   JOIN mentees m ON m.id = p.mentee_id AND m.archived_at IS NULL
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
    let mentee_count = conn.query_row(
        "SELECT count(*) FROM mentees WHERE archived_at IS NULL AND shared_by IS NULL",
        [],
        |r| r.get(0),
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
fn due_between(
    conn: &Connection,
    from: &str,
    until: &str,
    limit: u32,
) -> Result<Section<DueMilestone>> {
    let range = "AND ms.due_on >= ?1 AND ms.due_on < ?2";
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT ms.id, ms.title, ms.due_on, g.title, p.id, m.id, m.name {OPEN_MILESTONES} {range}
          ORDER BY ms.due_on, m.name COLLATE NOCASE, ms.id LIMIT ?3"
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
    let counted: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 {OPEN_MILESTONES} {range} LIMIT ?3)"
        ))?
        .query_row(params![from, until, COUNT_UP_TO + 1], |r| r.get(0))?;
    Ok(Section {
        rows,
        total: counted.min(COUNT_UP_TO),
        at_least: counted > COUNT_UP_TO,
    })
}

/// The page of active plans, and those drifting into a look-alike role. Drift is
/// judged for every active plan from one grouped read of the competencies they cover.
fn active_plans(
    conn: &Connection,
    limits: &DashboardLimits,
) -> Result<(Section<ActivePlan>, Section<ActivePlan>)> {
    let rules = balance::rules(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, group_concat(DISTINCT gc.competency_key) FROM plans p
           JOIN mentees m ON m.id = p.mentee_id AND m.archived_at IS NULL
           JOIN goals g ON g.plan_id = p.id AND g.deleted_at IS NULL
           JOIN goal_competencies gc ON gc.goal_id = g.id
          WHERE p.status = 'active' AND p.deleted_at IS NULL
          GROUP BY p.id",
    )?;
    let covered: HashMap<i64, BTreeSet<String>> = stmt
        .query_map([], |r| {
            let keys: String = r.get(1)?;
            Ok((r.get(0)?, keys.split(',').map(str::to_owned).collect()))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let none = BTreeSet::new();

    // Every active plan with its warnings; progress is counted only for the rows shown.
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, p.id, p.title, p.target_on FROM plans p
           JOIN mentees m ON m.id = p.mentee_id AND m.archived_at IS NULL
          WHERE p.status = 'active' AND p.deleted_at IS NULL
          ORDER BY m.is_self DESC, m.name COLLATE NOCASE, p.id",
    )?;
    let plans: Vec<ActivePlan> = stmt
        .query_map([], |r| {
            let plan_id = r.get(2)?;
            Ok(ActivePlan {
                mentee_id: r.get(0)?,
                mentee_name: r.get(1)?,
                plan_id,
                plan_title: r.get(3)?,
                target_on: r.get(4)?,
                progress: PlanProgress::default(),
                warnings: balance::evaluate(&rules, covered.get(&plan_id).unwrap_or(&none)),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let page = |list: Vec<&ActivePlan>, limit: u32| -> Result<Section<ActivePlan>> {
        let total = list.len() as i64;
        let shown = list
            .into_iter()
            .take(rows(limit) as usize)
            .map(|p| {
                Ok(ActivePlan {
                    progress: progress::for_plan(conn, p.plan_id)?,
                    ..p.clone()
                })
            })
            .collect::<Result<_>>()?;
        Ok(Section::counted(shown, total))
    };
    let drifting = plans.iter().filter(|p| !p.warnings.is_empty()).collect();
    Ok((
        page(plans.iter().collect(), limits.plans)?,
        page(drifting, limits.drifting)?,
    ))
}

/// Mentees without a 1:1 for more than `days`, never-seen first, then longest ago.
/// People planning their own growth do not hold 1:1s with themselves.
fn not_seen(conn: &Connection, today: &str, days: i64, limit: u32) -> Result<Section<NotSeen>> {
    // The latest 1:1 is one step down the (mentee, deleted, held_on) index per mentee.
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, last, CAST(julianday(?1) - julianday(last) AS INTEGER),
                count(*) OVER ()
           FROM (SELECT m.id, m.name,
                        (SELECT max(s.held_on) FROM sessions s
                          WHERE s.mentee_id = m.id AND s.deleted_at IS NULL) AS last
                   FROM mentees m
                  WHERE m.archived_at IS NULL AND m.is_self = 0 AND m.shared_by IS NULL)
          WHERE last IS NULL OR julianday(?1) - julianday(last) > ?2
          ORDER BY last IS NOT NULL, last, name COLLATE NOCASE, id
          LIMIT ?3",
    )?;
    let mut total = 0;
    let rows = stmt
        .query_map(params![today, days, rows(limit)], |r| {
            total = r.get(4)?;
            Ok(NotSeen {
                mentee_id: r.get(0)?,
                mentee_name: r.get(1)?,
                last_held_on: r.get(2)?,
                days_ago: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Section::counted(rows, total))
}
