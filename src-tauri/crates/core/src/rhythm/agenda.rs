//! The next 1:1 of a mentee: when it is due by their cadence, and the agenda it starts
//! with. What an earlier 1:1 left open comes back here until it is ticked off: action
//! items not yet done, topics not yet talked about; then the mentee's recurring talking
//! points and the milestones falling due before the 1:1 after it.

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::dates;
use crate::error::Result;
use crate::people::cadence::{self, Cadence};
use crate::people::mentees;
use crate::plan::sessions::{self, AgendaEntryInput, AgendaKind};

/// How far ahead milestones are looked for when the mentee has no cadence.
const HORIZON_WITHOUT_CADENCE: u64 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    pub kind: AgendaKind,
    pub text: String,
    /// The action item, topic or milestone it stands for.
    pub ref_id: Option<i64>,
    /// The day that places it: the 1:1 an action item came from, the day a topic was
    /// added, or a milestone's due date.
    pub date: Option<String>,
    /// A topic the mentee added through a shared plan.
    pub added_by_mentee: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NextSession {
    pub mentee_id: i64,
    pub cadence: Cadence,
    /// When the last 1:1 was held, if ever.
    pub last_held_on: Option<String>,
    /// When the next one is due by the cadence; none without a cadence.
    pub due_on: Option<String>,
    /// Days past the due date; zero when not yet due.
    pub overdue_days: i64,
    pub agenda: Vec<AgendaItem>,
}

impl AgendaItem {
    /// What a 1:1 started from this agenda records.
    pub fn entry(&self) -> AgendaEntryInput {
        AgendaEntryInput {
            kind: self.kind,
            text: self.text.clone(),
            ref_id: self.ref_id,
        }
    }
}

/// The mentee's next 1:1, as it stands `today`.
pub fn next(conn: &Connection, mentee_id: i64, today: NaiveDate) -> Result<NextSession> {
    let mentee = mentees::get(conn, mentee_id)?;
    let last = sessions::last(conn, mentee_id)?;
    let last_held_on = last
        .as_ref()
        .and_then(|l| NaiveDate::parse_from_str(&l.held_on, "%Y-%m-%d").ok());
    let due_on = match last_held_on {
        Some(held_on) => mentee.cadence.after(held_on),
        None if mentee.cadence != Cadence::None => Some(today),
        None => None,
    };
    let overdue_days = due_on.map_or(0, |d| (today - d).num_days().max(0));
    // Milestones are looked for up to the 1:1 after this one.
    let meeting = due_on.map_or(today, |d| d.max(today));
    let horizon = mentee
        .cadence
        .after(meeting)
        .or_else(|| meeting.checked_add_days(Days::new(HORIZON_WITHOUT_CADENCE)))
        .unwrap_or(meeting);

    let mut agenda = open_action_items(conn, mentee_id)?;
    agenda.extend(open_topics(conn, mentee_id)?);
    agenda.extend(
        cadence::talking_points(&mentee.talking_points)
            .unwrap_or_default()
            .into_iter()
            .map(|text| AgendaItem {
                kind: AgendaKind::TalkingPoint,
                text,
                ref_id: None,
                date: None,
                added_by_mentee: false,
            }),
    );
    agenda.extend(milestones_due(conn, mentee_id, horizon)?);
    Ok(NextSession {
        mentee_id,
        cadence: mentee.cadence,
        last_held_on: last.map(|l| l.held_on),
        due_on: due_on.map(dates::iso),
        overdue_days,
        agenda,
    })
}

fn open_action_items(conn: &Connection, mentee_id: i64) -> Result<Vec<AgendaItem>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id, a.text, s.held_on FROM action_items a
           JOIN sessions s ON s.id = a.session_id
          WHERE s.mentee_id = ?1 AND s.deleted_at IS NULL AND a.done = 0
            AND a.milestone_id IS NULL
          ORDER BY s.held_on, s.id, a.position, a.id",
    )?;
    let items = statement.query_map([mentee_id], |r| {
        Ok(AgendaItem {
            kind: AgendaKind::ActionItem,
            ref_id: Some(r.get(0)?),
            text: r.get(1)?,
            date: r.get(2)?,
            added_by_mentee: false,
        })
    })?;
    Ok(items.collect::<rusqlite::Result<_>>()?)
}

fn open_topics(conn: &Connection, mentee_id: i64) -> Result<Vec<AgendaItem>> {
    let mut statement = conn.prepare_cached(
        "SELECT t.id, t.text, t.added_by, t.added_on FROM plan_topics t
           JOIN plans p ON p.id = t.plan_id
          WHERE p.mentee_id = ?1 AND p.deleted_at IS NULL AND p.status IN ('draft', 'active')
            AND t.deleted_at IS NULL AND t.done = 0
          ORDER BY t.added_on, t.id",
    )?;
    let topics = statement.query_map([mentee_id], |r| {
        Ok(AgendaItem {
            kind: AgendaKind::Topic,
            ref_id: Some(r.get(0)?),
            text: r.get(1)?,
            added_by_mentee: r.get::<_, String>(2)? == "mentee",
            date: r.get(3)?,
        })
    })?;
    Ok(topics.collect::<rusqlite::Result<_>>()?)
}

/// Open milestones due by `horizon`, overdue ones included.
fn milestones_due(
    conn: &Connection,
    mentee_id: i64,
    horizon: NaiveDate,
) -> Result<Vec<AgendaItem>> {
    let mut statement = conn.prepare_cached(
        "SELECT m.id, m.title, m.due_on FROM milestones m
           JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id
          WHERE p.mentee_id = ?1 AND p.deleted_at IS NULL AND p.status IN ('draft', 'active')
            AND g.deleted_at IS NULL AND m.deleted_at IS NULL
            AND m.status IN ('planned', 'in_progress') AND m.due_on <= ?2
          ORDER BY m.due_on, m.id",
    )?;
    let milestones = statement.query_map(params![mentee_id, dates::iso(horizon)], |r| {
        Ok(AgendaItem {
            kind: AgendaKind::Milestone,
            ref_id: Some(r.get(0)?),
            text: r.get(1)?,
            date: r.get(2)?,
            added_by_mentee: false,
        })
    })?;
    Ok(milestones.collect::<rusqlite::Result<_>>()?)
}
