//! Milestones as CSV (RFC 4180) and as an iCalendar file of due dates and 1:1 schedules
//! (RFC 5545), for spreadsheets and calendar apps.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::people::cadence::Cadence;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Ics,
}

/// Where an export went, for the confirmation the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    pub path: String,
    pub milestones: usize,
}

/// Where a report was saved, so the UI can confirm it and offer to show the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
}

/// Where the calendar file this device keeps up to date stands, for Settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarFileStatus {
    pub path: Option<String>,
    /// When it was last written (UTC, RFC 3339).
    pub written_at: Option<String>,
    /// Why the last write failed, in plain words; none after a success.
    pub problem: Option<String>,
}

/// Which milestones to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Plan(i64),
    AllActivePlans,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub milestone_id: i64,
    pub mentee: String,
    pub plan: String,
    pub goal: String,
    pub competencies: String,
    pub milestone: String,
    pub status: String,
    pub due_on: Option<String>,
    pub completed_on: Option<String>,
    pub evidence: String,
}

pub fn rows(conn: &Connection, scope: Scope) -> Result<Vec<Row>> {
    let (filter, params) = match scope {
        Scope::Plan(id) => {
            crate::plan::plans::get(conn, id)?;
            ("p.id = ?1", vec![id])
        }
        Scope::AllActivePlans => ("p.status = 'active' AND m.archived_at IS NULL", vec![]),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT ms.id, m.name, p.title, g.title,
                (SELECT group_concat(c.name, '; ' ORDER BY c.position) FROM goal_competencies gc
                   JOIN competencies c ON c.key = gc.competency_key WHERE gc.goal_id = g.id),
                ms.title, ms.status, ms.due_on, ms.completed_on, ms.evidence
           FROM milestones ms
           JOIN goals g ON g.id = ms.goal_id AND g.deleted_at IS NULL
           JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
           JOIN mentees m ON m.id = p.mentee_id
          WHERE ms.deleted_at IS NULL AND {filter}
          ORDER BY m.name COLLATE NOCASE, p.id, g.position, g.id, ms.position, ms.id"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
        Ok(Row {
            milestone_id: r.get(0)?,
            mentee: r.get(1)?,
            plan: r.get(2)?,
            goal: r.get(3)?,
            competencies: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            milestone: r.get(5)?,
            status: r.get(6)?,
            due_on: r.get(7)?,
            completed_on: r.get(8)?,
            evidence: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The milestones of `scope` as a file in `format`, and how many milestones it holds.
/// A calendar also holds the 1:1 schedule of the mentees in `scope`.
pub fn export(
    conn: &Connection,
    scope: Scope,
    format: ExportFormat,
    now: DateTime<Utc>,
) -> Result<(String, usize)> {
    match format {
        ExportFormat::Csv => {
            let rows = rows(conn, scope)?;
            Ok((csv(&rows)?, rows.len()))
        }
        ExportFormat::Ics => {
            let (rows, schedules) = calendar_of(conn, scope, now)?;
            Ok((ics(&rows, &schedules, now), rows.len()))
        }
    }
}

/// What a calendar of `scope` holds at `now`, read in one go; [`ics`] writes it, which
/// needs no data file.
pub fn calendar_of(
    conn: &Connection,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<(Vec<Row>, Vec<Schedule>)> {
    let today = now.with_timezone(&chrono::Local).date_naive();
    Ok((rows(conn, scope)?, schedules(conn, scope, today)?))
}

/// RFC 4180 through the `csv` crate: CRLF line ends, a field quoted when it needs to be.
/// Cells that a spreadsheet would run as a formula get a leading apostrophe.
pub fn csv(rows: &[Row]) -> Result<String> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = |e: csv::Error| Error::Io(format!("could not write the CSV: {e}"));
    out.write_record([
        "Mentee",
        "Plan",
        "Goal",
        "Competencies",
        "Milestone",
        "Status",
        "Due",
        "Completed",
        "Evidence",
    ])
    .map_err(failed)?;
    for r in rows {
        out.write_record(
            [
                r.mentee.as_str(),
                &r.plan,
                &r.goal,
                &r.competencies,
                &r.milestone,
                &r.status,
                r.due_on.as_deref().unwrap_or(""),
                r.completed_on.as_deref().unwrap_or(""),
                &r.evidence,
            ]
            .map(neutralised),
        )
        .map_err(failed)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| Error::Io(format!("could not write the CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Io(format!("could not write the CSV: {e}")))
}

/// A cell a spreadsheet would run as a formula, made plain text.
fn neutralised(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// A mentee's 1:1s as a calendar sees them: a series from the next due date, repeating by
/// the cadence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub mentee_id: i64,
    pub mentee: String,
    pub cadence: Cadence,
    pub next_on: NaiveDate,
}

/// The 1:1 schedule of the mentees of `scope` who have a cadence.
pub fn schedules(conn: &Connection, scope: Scope, today: NaiveDate) -> Result<Vec<Schedule>> {
    let filter = match scope {
        Scope::Plan(_) => "me.id = (SELECT mentee_id FROM plans WHERE id = ?1)",
        Scope::AllActivePlans => "?1 IS NULL",
    };
    let plan = match scope {
        Scope::Plan(id) => Some(id),
        Scope::AllActivePlans => None,
    };
    let mut statement = conn.prepare(&format!(
        "SELECT me.id, me.name, me.cadence,
                (SELECT max(held_on) FROM sessions s WHERE s.mentee_id = me.id AND s.deleted_at IS NULL)
           FROM mentees me
          WHERE me.archived_at IS NULL AND me.shared_by IS NULL AND me.cadence != 'none'
            AND {filter}
          ORDER BY me.name COLLATE NOCASE, me.id"
    ))?;
    let rows = statement.query_map([plan], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (mentee_id, mentee, cadence, last) = row?;
        let cadence = Cadence::parse(&cadence).unwrap_or_default();
        let next_on = last
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .and_then(|d| cadence.after(d))
            .map_or(today, |d| d.max(today));
        found.push(Schedule {
            mentee_id,
            mentee,
            cadence,
            next_on,
        });
    }
    Ok(found)
}

/// RFC 5545 through the `icalendar` crate: one all-day event per milestone with a due
/// date, and one repeating all-day event per mentee's 1:1 schedule. `stamp` is when the
/// file was made; lines are folded at 75 octets.
pub fn ics(rows: &[Row], schedules: &[Schedule], stamp: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Waymark//Development plans//EN"))
        .append_property(("CALSCALE", "GREGORIAN"));
    for r in rows {
        let Some(due) = r
            .due_on
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        calendar.push(
            Event::new()
                .uid(&format!("milestone-{}@waymark.local", r.milestone_id))
                .timestamp(stamp)
                .starts(due)
                .ends(due.succ_opt().unwrap_or(due))
                .summary(&format!("{}: {}", r.mentee, r.milestone))
                .description(&format!(
                    "Goal: {}\nPlan: {}\nStatus: {}",
                    r.goal, r.plan, r.status
                ))
                .done(),
        );
    }
    for s in schedules {
        let rule = match s.cadence {
            Cadence::None => continue,
            Cadence::Weekly => "FREQ=WEEKLY",
            Cadence::Fortnightly => "FREQ=WEEKLY;INTERVAL=2",
            Cadence::Monthly => "FREQ=MONTHLY",
        };
        calendar.push(
            Event::new()
                .uid(&format!("one-to-one-{}@waymark.local", s.mentee_id))
                .timestamp(stamp)
                .starts(s.next_on)
                .ends(s.next_on.succ_opt().unwrap_or(s.next_on))
                .add_property("RRULE", rule)
                .summary(&format!("1:1 with {}", s.mentee))
                .description("The next 1:1's agenda is in Waymark.")
                .done(),
        );
    }
    calendar.done().to_string()
}
