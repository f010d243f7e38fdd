//! The start screen: what needs attention across every active mentee and plan.

use chrono::Days;
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::balance::{self, BalanceWarning};
use crate::dates;
use crate::error::Result;
use crate::goals;
use crate::progress::{self, PlanProgress};
use crate::settings;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub today: String,
    pub overdue: Vec<DueMilestone>,
    pub upcoming: Vec<DueMilestone>,
    pub plans: Vec<ActivePlan>,
    pub not_seen: Vec<NotSeen>,
    pub not_seen_days: i64,
    /// Mentees that are not archived, so the screen can tell "all clear" from "empty".
    pub mentee_count: i64,
}

pub fn load(conn: &Connection) -> Result<Dashboard> {
    let today = dates::today();
    let horizon = today
        .checked_add_days(Days::new(UPCOMING_DAYS))
        .unwrap_or(today);
    let not_seen_days = settings::get(conn)?.not_seen_days;
    let (today, horizon) = (dates::iso(today), dates::iso(horizon));
    // Everything open and due by the horizon, split into overdue and upcoming.
    let mut stmt = conn.prepare_cached(
        "SELECT ms.id, ms.title, ms.due_on, g.title, p.id, m.id, m.name
           FROM milestones ms
           JOIN goals g ON g.id = ms.goal_id AND g.deleted_at IS NULL
           JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL AND p.status = 'active'
           JOIN mentees m ON m.id = p.mentee_id AND m.archived_at IS NULL
          WHERE ms.deleted_at IS NULL AND ms.status IN ('planned', 'in_progress')
            AND ms.due_on <= ?1
          ORDER BY ms.due_on, m.name COLLATE NOCASE, ms.id",
    )?;
    let due: Vec<DueMilestone> = stmt
        .query_map([&horizon], |r| {
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
    let (overdue, upcoming) = due.into_iter().partition(|m| m.due_on < today);

    let rules = balance::rules(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, p.id, p.title, p.target_on FROM plans p
           JOIN mentees m ON m.id = p.mentee_id AND m.archived_at IS NULL
          WHERE p.status = 'active' AND p.deleted_at IS NULL
          ORDER BY m.is_self DESC, m.name COLLATE NOCASE",
    )?;
    let heads: Vec<(i64, String, i64, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let plans = heads
        .into_iter()
        .map(|(mentee_id, mentee_name, plan_id, plan_title, target_on)| {
            Ok(ActivePlan {
                mentee_id,
                mentee_name,
                plan_id,
                plan_title,
                target_on,
                progress: progress::for_plan(conn, plan_id)?,
                warnings: balance::evaluate(&rules, &goals::covered_competencies(conn, plan_id)?),
            })
        })
        .collect::<Result<_>>()?;

    // People planning their own growth do not hold 1:1s with themselves.
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, max(s.held_on),
                CAST(julianday(?1) - julianday(max(s.held_on)) AS INTEGER)
           FROM mentees m
           LEFT JOIN sessions s ON s.mentee_id = m.id AND s.deleted_at IS NULL
          WHERE m.archived_at IS NULL AND m.is_self = 0
          GROUP BY m.id
         HAVING max(s.held_on) IS NULL OR julianday(?1) - julianday(max(s.held_on)) > ?2
          ORDER BY max(s.held_on) IS NOT NULL, max(s.held_on), m.name COLLATE NOCASE",
    )?;
    let not_seen = stmt
        .query_map(params![today, not_seen_days], |r| {
            Ok(NotSeen {
                mentee_id: r.get(0)?,
                mentee_name: r.get(1)?,
                last_held_on: r.get(2)?,
                days_ago: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mentee_count = conn.query_row(
        "SELECT count(*) FROM mentees WHERE archived_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(Dashboard {
        today,
        overdue,
        upcoming,
        plans,
        not_seen,
        not_seen_days,
        mentee_count,
    })
}
