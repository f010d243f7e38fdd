//! One-to-one sessions: when they were held, notes in Markdown, the goals discussed, action
//! items that can be turned into milestones in one step, and the agenda the 1:1 was held
//! to, ticked off as it goes. Deleting is soft.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::error::{Error, Result};
use crate::people::mentees;
use crate::plan::goals;
use crate::plan::milestones::{self, Milestone, MilestoneInput};
use crate::plan::soft_delete;
use crate::store::db::NOW;
use crate::validate;

const NOTES_MAX: usize = 50_000;
const ITEM_MAX: usize = 500;
const AGENDA_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionItem {
    pub id: i64,
    pub text: String,
    pub done: bool,
    /// The milestone this item became, if it did.
    pub milestone_id: Option<i64>,
}

/// What an agenda entry is: each kind comes from its own place and ticks its own thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    /// An open action item of an earlier 1:1; ticking it marks the item done.
    ActionItem,
    /// A topic either side added to a plan; ticking it marks the topic talked about.
    Topic,
    /// One of the mentee's recurring talking points.
    TalkingPoint,
    /// A milestone falling due before the next 1:1.
    Milestone,
}

impl AgendaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgendaKind::ActionItem => "action_item",
            AgendaKind::Topic => "topic",
            AgendaKind::TalkingPoint => "talking_point",
            AgendaKind::Milestone => "milestone",
        }
    }

    pub fn parse(value: &str) -> Option<AgendaKind> {
        [
            AgendaKind::ActionItem,
            AgendaKind::Topic,
            AgendaKind::TalkingPoint,
            AgendaKind::Milestone,
        ]
        .into_iter()
        .find(|k| k.as_str() == value)
    }
}

/// One entry of the agenda a 1:1 was held to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaEntry {
    pub position: i64,
    pub kind: AgendaKind,
    pub text: String,
    pub ticked: bool,
}

/// An entry of the agenda a new 1:1 starts with; `ref_id` is the action item, topic or
/// milestone it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaEntryInput {
    pub kind: AgendaKind,
    pub text: String,
    pub ref_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: i64,
    pub mentee_id: i64,
    pub held_on: String,
    /// Markdown, as typed; the UI renders it sanitised. Private to whoever wrote it.
    pub notes: String,
    /// Notes that travel with the mentee's shared plans, for both sides to read.
    pub shared_notes: String,
    pub goal_ids: Vec<i64>,
    pub action_items: Vec<ActionItem>,
    /// The agenda it was held to, in order; empty for a 1:1 logged without one.
    pub agenda: Vec<AgendaEntry>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInput {
    pub held_on: String,
    pub notes: String,
    #[serde(default)]
    pub shared_notes: String,
    pub goal_ids: Vec<i64>,
    /// New action items to add (existing ones are edited one by one).
    pub new_action_items: Vec<String>,
    /// The agenda a new 1:1 is held to; ignored when editing one.
    #[serde(default)]
    pub agenda: Vec<AgendaEntryInput>,
}

/// When the mentee was last seen, for overviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LastSession {
    pub session_id: i64,
    pub held_on: String,
    pub days_ago: i64,
}

pub fn get(conn: &Connection, id: i64) -> Result<Session> {
    let mut s = conn
        .query_row(
            "SELECT s.id, s.mentee_id, s.held_on, s.notes, s.shared_notes FROM sessions s
               JOIN mentees m ON m.id = s.mentee_id
              WHERE s.id = ?1 AND s.deleted_at IS NULL",
            [id],
            |r| {
                Ok(Session {
                    id: r.get(0)?,
                    mentee_id: r.get(1)?,
                    held_on: r.get(2)?,
                    notes: r.get(3)?,
                    shared_notes: r.get(4)?,
                    goal_ids: Vec::new(),
                    action_items: Vec::new(),
                    agenda: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Session" })?;
    let mut stmt = conn.prepare_cached(
        "SELECT sg.goal_id FROM session_goals sg JOIN goals g ON g.id = sg.goal_id
          WHERE sg.session_id = ?1 AND g.deleted_at IS NULL ORDER BY g.position, g.id",
    )?;
    s.goal_ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, done, milestone_id FROM action_items WHERE session_id = ?1 ORDER BY position, id",
    )?;
    s.action_items = stmt
        .query_map([id], |r| {
            Ok(ActionItem {
                id: r.get(0)?,
                text: r.get(1)?,
                done: r.get(2)?,
                milestone_id: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT position, kind, text, ticked FROM session_agenda WHERE session_id = ?1 ORDER BY position",
    )?;
    s.agenda = stmt
        .query_map([id], |r| {
            Ok(AgendaEntry {
                position: r.get(0)?,
                kind: AgendaKind::parse(&r.get::<_, String>(1)?)
                    .unwrap_or(AgendaKind::TalkingPoint),
                text: r.get(2)?,
                ticked: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(s)
}

/// The mentee's sessions, newest first.
pub fn list(conn: &Connection, mentee_id: i64) -> Result<Vec<Session>> {
    mentees::get(conn, mentee_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM sessions WHERE mentee_id = ?1 AND deleted_at IS NULL ORDER BY held_on DESC, id DESC",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([mentee_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

pub fn last(conn: &Connection, mentee_id: i64) -> Result<Option<LastSession>> {
    let row: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, held_on FROM sessions WHERE mentee_id = ?1 AND deleted_at IS NULL
              ORDER BY held_on DESC, id DESC LIMIT 1",
            [mentee_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map(|(session_id, held_on)| {
        let days_ago = chrono::NaiveDate::parse_from_str(&held_on, "%Y-%m-%d")
            .map(|d| (dates::today() - d).num_days())
            .unwrap_or_default();
        LastSession {
            session_id,
            held_on,
            days_ago,
        }
    }))
}

pub fn create(conn: &mut Connection, mentee_id: i64, input: &SessionInput) -> Result<Session> {
    let tx = conn.transaction()?;
    let id = insert(&tx, mentee_id, input)?;
    tx.commit()?;
    get(conn, id)
}

/// Adds a session inside a caller's transaction.
pub(crate) fn insert(tx: &Connection, mentee_id: i64, input: &SessionInput) -> Result<i64> {
    mentees::get(tx, mentee_id)?;
    let clean = validated(tx, mentee_id, input)?;
    tx.execute(
        "INSERT INTO sessions (mentee_id, held_on, notes, shared_notes) VALUES (?1, ?2, ?3, ?4)",
        params![mentee_id, clean.held_on, clean.notes, clean.shared_notes],
    )?;
    let id = tx.last_insert_rowid();
    write_goals(tx, id, &clean.goal_ids)?;
    add_items(tx, id, &clean.new_action_items)?;
    write_agenda(tx, mentee_id, id, &input.agenda)?;
    Ok(id)
}

pub fn update(conn: &mut Connection, id: i64, input: &SessionInput) -> Result<Session> {
    let tx = conn.transaction()?;
    let existing = get(&tx, id)?;
    let clean = validated(&tx, existing.mentee_id, input)?;
    tx.execute(
        &format!(
            "UPDATE sessions SET held_on = ?2, notes = ?3, shared_notes = ?4,
                updated_at = {NOW} WHERE id = ?1"
        ),
        params![id, clean.held_on, clean.notes, clean.shared_notes],
    )?;
    write_goals(&tx, id, &clean.goal_ids)?;
    add_items(&tx, id, &clean.new_action_items)?;
    tx.commit()?;
    get(conn, id)
}

pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    soft_delete::delete(conn, soft_delete::SESSIONS, id)
}

pub fn restore(conn: &mut Connection, id: i64) -> Result<Session> {
    soft_delete::restore(conn, soft_delete::SESSIONS, id, |_| Ok(()))?;
    get(conn, id)
}

pub fn set_action_item_done(conn: &mut Connection, item_id: i64, done: bool) -> Result<Session> {
    let session_id = session_of_item(conn, item_id)?;
    conn.execute(
        "UPDATE action_items SET done = ?2 WHERE id = ?1",
        params![item_id, done],
    )?;
    get(conn, session_id)
}

/// Turns an action item into a milestone of `goal_id` (a goal of the same mentee), and
/// marks the item as carried over, in one transaction.
pub fn action_item_to_milestone(
    conn: &mut Connection,
    item_id: i64,
    goal_id: i64,
    due_on: Option<String>,
) -> Result<Milestone> {
    let tx = conn.transaction()?;
    let session = get(&tx, session_of_item(&tx, item_id)?)?;
    let item = session
        .action_items
        .iter()
        .find(|i| i.id == item_id)
        .ok_or(Error::NotFound {
            what: "Action item",
        })?;
    if item.milestone_id.is_some() {
        return Err(Error::conflict(
            None,
            "This action item is already a milestone.",
        ));
    }
    ensure_goals_of(&tx, session.mentee_id, &[goal_id], "goalId")?;
    let milestone_id = milestones::insert(
        &tx,
        goal_id,
        &MilestoneInput::planned(item.text.clone(), due_on),
    )?;
    tx.execute(
        "UPDATE action_items SET milestone_id = ?2 WHERE id = ?1",
        params![item_id, milestone_id],
    )?;
    tx.commit()?;
    milestones::get(conn, milestone_id)
}

/// Ticks an entry of a 1:1's agenda, or clears it, together with the action item or topic
/// it stands for, in one transaction. What stays unticked stays open for the next 1:1.
pub fn tick_agenda(
    conn: &mut Connection,
    session_id: i64,
    position: i64,
    ticked: bool,
) -> Result<Session> {
    let tx = conn.transaction()?;
    get(&tx, session_id)?;
    let entry: Option<(String, Option<i64>)> = tx
        .query_row(
            "SELECT kind, ref_id FROM session_agenda WHERE session_id = ?1 AND position = ?2",
            params![session_id, position],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (kind, ref_id) = entry.ok_or(Error::NotFound {
        what: "Agenda entry",
    })?;
    tx.execute(
        "UPDATE session_agenda SET ticked = ?3 WHERE session_id = ?1 AND position = ?2",
        params![session_id, position, ticked],
    )?;
    let source = match AgendaKind::parse(&kind) {
        Some(AgendaKind::ActionItem) => Some("UPDATE action_items SET done = ?2 WHERE id = ?1"),
        Some(AgendaKind::Topic) => {
            Some("UPDATE plan_topics SET done = ?2 WHERE id = ?1 AND deleted_at IS NULL")
        }
        _ => None,
    };
    if let (Some(sql), Some(ref_id)) = (source, ref_id) {
        tx.execute(sql, params![ref_id, ticked])?;
    }
    tx.commit()?;
    get(conn, session_id)
}

/// Writes a new 1:1's agenda. Each entry that stands for something must stand for an
/// action item, topic or milestone of this mentee.
fn write_agenda(
    tx: &Connection,
    mentee_id: i64,
    session_id: i64,
    agenda: &[AgendaEntryInput],
) -> Result<()> {
    if agenda.len() > AGENDA_MAX {
        return Err(Error::invalid(
            "agenda",
            format!("An agenda holds at most {AGENDA_MAX} entries."),
        ));
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO session_agenda (session_id, position, kind, text, ref_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, entry) in agenda.iter().enumerate() {
        let text = agenda_text(&entry.text)?;
        if let Some(ref_id) = entry.ref_id {
            ensure_agenda_ref(tx, mentee_id, entry.kind, ref_id)?;
        }
        insert.execute(params![
            session_id,
            position as i64,
            entry.kind.as_str(),
            text,
            entry.ref_id
        ])?;
    }
    Ok(())
}

fn ensure_agenda_ref(
    conn: &Connection,
    mentee_id: i64,
    kind: AgendaKind,
    ref_id: i64,
) -> Result<()> {
    let sql = match kind {
        AgendaKind::ActionItem => {
            "SELECT 1 FROM action_items a JOIN sessions s ON s.id = a.session_id
              WHERE a.id = ?1 AND s.mentee_id = ?2"
        }
        AgendaKind::Topic => {
            "SELECT 1 FROM plan_topics t JOIN plans p ON p.id = t.plan_id
              WHERE t.id = ?1 AND p.mentee_id = ?2"
        }
        AgendaKind::Milestone => {
            "SELECT 1 FROM milestones m JOIN goals g ON g.id = m.goal_id
               JOIN plans p ON p.id = g.plan_id WHERE m.id = ?1 AND p.mentee_id = ?2"
        }
        AgendaKind::TalkingPoint => {
            return Err(Error::invalid(
                "agenda",
                "A talking point stands for nothing else.",
            ));
        }
    };
    if conn
        .prepare_cached(sql)?
        .exists(params![ref_id, mentee_id])?
    {
        Ok(())
    } else {
        Err(Error::invalid(
            "agenda",
            format!("Agenda entry {ref_id} is not this mentee's."),
        ))
    }
}

fn session_of_item(conn: &Connection, item_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT a.session_id FROM action_items a JOIN sessions s ON s.id = a.session_id
          WHERE a.id = ?1 AND s.deleted_at IS NULL",
        [item_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "Action item",
    })
}

fn validated(conn: &Connection, mentee_id: i64, input: &SessionInput) -> Result<SessionInput> {
    let held_on = held_on(&input.held_on)?;
    let notes = notes(&input.notes)?;
    let shared_notes = shared_notes(&input.shared_notes)?;
    ensure_goals_of(conn, mentee_id, &input.goal_ids, "goalIds")?;
    let new_action_items = input
        .new_action_items
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| action_item(t))
        .collect::<Result<_>>()?;
    Ok(SessionInput {
        held_on: dates::iso(held_on),
        notes,
        shared_notes,
        goal_ids: input.goal_ids.clone(),
        new_action_items,
        agenda: Vec::new(),
    })
}

// One rule per stored field, applied by the commands above and to rows an archive brings.

fn held_on(value: &str) -> Result<chrono::NaiveDate> {
    validate::optional_date("heldOn", "Date", Some(value))?
        .ok_or_else(|| Error::invalid("heldOn", "Give the date of the session."))
}

fn notes(value: &str) -> Result<String> {
    validate::optional_text("notes", "Notes", value, NOTES_MAX)
}

fn shared_notes(value: &str) -> Result<String> {
    validate::optional_text("sharedNotes", "Shared notes", value, NOTES_MAX)
}

fn action_item(value: &str) -> Result<String> {
    validate::required_text("newActionItems", "An action item", value, ITEM_MAX)
}

fn agenda_text(value: &str) -> Result<String> {
    validate::required_text("agenda", "An agenda entry", value, ITEM_MAX)
}

/// The rule the commands apply to a `sessions` column, for a stored text value.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "held_on" => held_on(value).map(drop),
        "notes" => notes(value).map(drop),
        "shared_notes" => shared_notes(value).map(drop),
        _ => Ok(()),
    }
}

/// The rule the commands apply to a `session_agenda` column, for a stored text value.
pub(crate) fn check_stored_agenda(column: &str, value: &str) -> Result<()> {
    match column {
        "text" => agenda_text(value).map(drop),
        "kind" => AgendaKind::parse(value).map(drop).ok_or_else(|| {
            Error::invalid("agenda", format!("\"{value}\" is not an agenda entry."))
        }),
        _ => Ok(()),
    }
}

/// The rule the commands apply to an `action_items` column, for a stored text value.
pub(crate) fn check_stored_action_item(column: &str, value: &str) -> Result<()> {
    match column {
        "text" => action_item(value).map(drop),
        _ => Ok(()),
    }
}

/// Each goal must be a live goal of one of this mentee's plans, listed once.
fn ensure_goals_of(
    conn: &Connection,
    mentee_id: i64,
    goal_ids: &[i64],
    field: &'static str,
) -> Result<()> {
    let mut seen = BTreeSet::new();
    for &goal_id in goal_ids {
        if !seen.insert(goal_id) {
            return Err(Error::invalid(
                field,
                format!("Goal {goal_id} is listed twice."),
            ));
        }
        // Only a missing goal is "not this mentee's"; any other failure is passed on as it is.
        let owner = match goals::owner(conn, goal_id) {
            Ok(owner) => Some(owner.mentee_id),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        if owner != Some(mentee_id) {
            return Err(Error::invalid(
                field,
                format!("Goal {goal_id} is not one of this mentee's goals."),
            ));
        }
    }
    Ok(())
}

fn write_goals(conn: &Connection, session_id: i64, goal_ids: &[i64]) -> Result<()> {
    conn.execute(
        "DELETE FROM session_goals WHERE session_id = ?1",
        [session_id],
    )?;
    let mut insert =
        conn.prepare_cached("INSERT INTO session_goals (session_id, goal_id) VALUES (?1, ?2)")?;
    for goal_id in goal_ids {
        insert.execute(params![session_id, goal_id])?;
    }
    Ok(())
}

fn add_items(conn: &Connection, session_id: i64, items: &[String]) -> Result<()> {
    let start: i64 = conn.query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM action_items WHERE session_id = ?1",
        [session_id],
        |r| r.get(0),
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO action_items (session_id, text, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, text) in items.iter().enumerate() {
        insert.execute(params![session_id, text, start + i as i64])?;
    }
    Ok(())
}
