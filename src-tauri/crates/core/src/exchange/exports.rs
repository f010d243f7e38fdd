//! Milestones as CSV (RFC 4180) and as an iCalendar file of due dates (RFC 5545), for
//! spreadsheets and calendar apps.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

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

/// RFC 4180: CRLF line ends, every field quoted when it holds a quote, comma or line
/// break. Cells that a spreadsheet would run as a formula get a leading apostrophe.
pub fn csv(rows: &[Row]) -> String {
    let mut out =
        String::from("Mentee,Plan,Goal,Competencies,Milestone,Status,Due,Completed,Evidence\r\n");
    for r in rows {
        let fields = [
            r.mentee.as_str(),
            &r.plan,
            &r.goal,
            &r.competencies,
            &r.milestone,
            &r.status,
            r.due_on.as_deref().unwrap_or(""),
            r.completed_on.as_deref().unwrap_or(""),
            &r.evidence,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains(['"', ',', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// RFC 5545: one all-day event per milestone with a due date. `stamp` is the creation time
/// in UTC (`YYYYMMDDTHHMMSSZ`); lines are folded at 75 octets.
pub fn ics(rows: &[Row], stamp: &str) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Waymark//Development plans//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
    ];
    for r in rows {
        let Some(due) = r.due_on.as_deref() else {
            continue;
        };
        let start = due.replace('-', "");
        let end = chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.succ_opt())
            .map(|d| d.format("%Y%m%d").to_string())
            .unwrap_or_else(|| start.clone());
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:milestone-{}@waymark.local", r.milestone_id),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{start}"),
            format!("DTEND;VALUE=DATE:{end}"),
            format!(
                "SUMMARY:{}",
                ics_text(&format!("{}: {}", r.mentee, r.milestone))
            ),
            format!(
                "DESCRIPTION:{}",
                ics_text(&format!(
                    "Goal: {}\nPlan: {}\nStatus: {}",
                    r.goal, r.plan, r.status
                ))
            ),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l)).collect::<String>()
}

/// The current UTC time as an iCalendar `DTSTAMP`.
pub fn stamp_now() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string()
}

fn ics_text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Splits a content line into chunks of at most 75 octets, never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}
