//! Milestones: the dated, checkable steps of a goal, with evidence of progress.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::error::{Error, Result};
use crate::plan::ordering;
use crate::plan::plans::{self, Part};
use crate::plan::soft_delete;
use crate::store::db::NOW;
use crate::validate;

const TITLE_MAX: usize = 160;
const EVIDENCE_MAX: usize = 20_000;
const LABEL_MAX: usize = 200;
/// Links one milestone holds at most.
pub(crate) const LINKS_MAX: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl MilestoneStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "in_progress" => Self::InProgress,
            "done" => Self::Done,
            "dropped" => Self::Dropped,
            _ => Self::Planned,
        }
    }
}

/// A link offered as evidence: a document, a pull request, a recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceLink {
    pub url: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    pub id: i64,
    pub goal_id: i64,
    pub title: String,
    pub due_on: Option<String>,
    pub status: MilestoneStatus,
    pub completed_on: Option<String>,
    pub evidence: String,
    pub links: Vec<EvidenceLink>,
    pub position: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneInput {
    pub title: String,
    pub due_on: Option<String>,
    pub status: MilestoneStatus,
    /// Only for done milestones; defaults to today when they are marked done.
    pub completed_on: Option<String>,
    pub evidence: String,
    pub links: Vec<EvidenceLink>,
}

impl MilestoneInput {
    /// A planned milestone with just a title and a due date.
    pub fn planned(title: impl Into<String>, due_on: Option<String>) -> Self {
        Self {
            title: title.into(),
            due_on,
            status: MilestoneStatus::Planned,
            completed_on: None,
            evidence: String::new(),
            links: Vec::new(),
        }
    }
}

const SELECT: &str = "SELECT m.id, m.goal_id, m.title, m.due_on, m.status, m.completed_on,
        m.evidence, m.position
   FROM milestones m";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: r.get(0)?,
        goal_id: r.get(1)?,
        title: r.get(2)?,
        due_on: r.get(3)?,
        status: MilestoneStatus::parse(&r.get::<_, String>(4)?),
        completed_on: r.get(5)?,
        evidence: r.get(6)?,
        links: Vec::new(),
        position: r.get(7)?,
    })
}

fn with_links(conn: &Connection, mut m: Milestone) -> Result<Milestone> {
    let mut stmt = conn.prepare_cached(
        "SELECT url, label FROM milestone_links WHERE milestone_id = ?1 ORDER BY id",
    )?;
    m.links = stmt
        .query_map([m.id], |r| {
            Ok(EvidenceLink {
                url: r.get(0)?,
                label: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(m)
}

/// A live milestone of a live goal of a live plan.
pub fn get(conn: &Connection, id: i64) -> Result<Milestone> {
    let m = conn
        .query_row(
            &format!(
                "{SELECT} JOIN goals g ON g.id = m.goal_id AND g.deleted_at IS NULL
                   JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
                  WHERE m.id = ?1 AND m.deleted_at IS NULL"
            ),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Milestone" })?;
    with_links(conn, m)
}

/// The goal's live milestones in their manual order.
pub fn for_goal(conn: &Connection, goal_id: i64) -> Result<Vec<Milestone>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE m.goal_id = ?1 AND m.deleted_at IS NULL ORDER BY m.position, m.id"
    ))?;
    let rows: Vec<Milestone> = stmt
        .query_map([goal_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|m| with_links(conn, m)).collect()
}

/// The live milestones of a plan's live goals, by goal, each in its manual order: two
/// queries (milestones, then their links) however many goals the plan has.
pub(crate) fn by_goal_of_plan(
    conn: &Connection,
    plan_id: i64,
) -> Result<HashMap<i64, Vec<Milestone>>> {
    let mut links: HashMap<i64, Vec<EvidenceLink>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT l.milestone_id, l.url, l.label FROM milestone_links l
           JOIN milestones m ON m.id = l.milestone_id AND m.deleted_at IS NULL
           JOIN goals g ON g.id = m.goal_id AND g.deleted_at IS NULL
          WHERE g.plan_id = ?1 ORDER BY l.id",
    )?;
    let mut rows = stmt.query([plan_id])?;
    while let Some(r) = rows.next()? {
        links.entry(r.get(0)?).or_default().push(EvidenceLink {
            url: r.get(1)?,
            label: r.get(2)?,
        });
    }
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} JOIN goals g ON g.id = m.goal_id AND g.deleted_at IS NULL
          WHERE g.plan_id = ?1 AND m.deleted_at IS NULL ORDER BY m.position, m.id"
    ))?;
    let mut by_goal: HashMap<i64, Vec<Milestone>> = HashMap::new();
    for m in stmt.query_map([plan_id], from_row)? {
        let mut m = m?;
        m.links = links.remove(&m.id).unwrap_or_default();
        by_goal.entry(m.goal_id).or_default().push(m);
    }
    Ok(by_goal)
}

pub fn create(conn: &mut Connection, goal_id: i64, input: &MilestoneInput) -> Result<Milestone> {
    let tx = conn.transaction()?;
    let id = insert(&tx, goal_id, input)?;
    tx.commit()?;
    get(conn, id)
}

/// Adds a milestone inside a caller's transaction.
pub(crate) fn insert(conn: &Connection, goal_id: i64, input: &MilestoneInput) -> Result<i64> {
    ensure_goal(conn, goal_id)?;
    plans::ensure_editable(conn, Part::Goal(goal_id))?;
    let clean = validated(input)?;
    let position = ordering::next_position(conn, ordering::MILESTONES, goal_id)?;
    conn.execute(
        "INSERT INTO milestones (goal_id, title, due_on, status, completed_on, evidence, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            goal_id,
            clean.title,
            clean.due_on,
            clean.status.as_str(),
            clean.completed_on,
            clean.evidence,
            position
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_links(conn, id, &clean.links)?;
    Ok(id)
}

/// A live goal of a live plan, checked without loading it: goals hold their milestones,
/// so this module cannot ask `goals` without importing it back.
fn ensure_goal(conn: &Connection, goal_id: i64) -> Result<()> {
    conn.query_row(
        "SELECT 1 FROM goals g JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
          WHERE g.id = ?1 AND g.deleted_at IS NULL",
        [goal_id],
        |_| Ok(()),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Goal" })
}

pub fn update(conn: &mut Connection, id: i64, input: &MilestoneInput) -> Result<Milestone> {
    let tx = conn.transaction()?;
    let current = get(&tx, id)?;
    let clean = validated(input)?;
    // On a plan shared with this Waymark, progress and evidence are the mentee's to
    // change; the title and due date are the mentor's.
    if (&clean.title, &clean.due_on) != (&current.title, &current.due_on) {
        plans::ensure_editable(&tx, Part::Milestone(id))?;
    }
    tx.execute(
        &format!(
            "UPDATE milestones SET title = ?2, due_on = ?3, status = ?4, completed_on = ?5,
                evidence = ?6, updated_at = {NOW}
          WHERE id = ?1"
        ),
        params![
            id,
            clean.title,
            clean.due_on,
            clean.status.as_str(),
            clean.completed_on,
            clean.evidence
        ],
    )?;
    write_links(&tx, id, &clean.links)?;
    tx.commit()?;
    get(conn, id)
}

/// Changes only the status; marking done records today as the completion date.
pub fn set_status(conn: &mut Connection, id: i64, status: MilestoneStatus) -> Result<Milestone> {
    let tx = conn.transaction()?;
    let current = get(&tx, id)?;
    let completed_on = match status {
        MilestoneStatus::Done => Some(
            current
                .completed_on
                .unwrap_or_else(|| dates::iso(dates::today())),
        ),
        _ => None,
    };
    tx.execute(
        &format!(
            "UPDATE milestones SET status = ?2, completed_on = ?3,
                updated_at = {NOW} WHERE id = ?1"
        ),
        params![id, status.as_str(), completed_on],
    )?;
    tx.commit()?;
    get(conn, id)
}

/// Moves the milestone to `index` within its goal.
pub fn move_to(conn: &mut Connection, id: i64, index: usize) -> Result<Vec<Milestone>> {
    let tx = conn.transaction()?;
    let m = get(&tx, id)?;
    plans::ensure_editable(&tx, Part::Milestone(id))?;
    ordering::move_to(&tx, ordering::MILESTONES, m.goal_id, id, index)?;
    tx.commit()?;
    for_goal(conn, m.goal_id)
}

pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    plans::ensure_editable(conn, Part::Milestone(id))?;
    soft_delete::delete(conn, soft_delete::MILESTONES, id)
}

/// Undoes [`delete`]; the milestone returns at the end of its goal.
pub fn restore(conn: &mut Connection, id: i64) -> Result<Milestone> {
    soft_delete::restore(conn, soft_delete::MILESTONES, id, |tx| {
        plans::ensure_editable(tx, Part::Milestone(id))
    })?;
    get(conn, id)
}

fn validated(input: &MilestoneInput) -> Result<MilestoneInput> {
    let title = title(&input.title)?;
    let due_on = due_on(input.due_on.as_deref())?;
    let completed_on = completed_on(input.completed_on.as_deref())?;
    let completed_on = match (input.status, completed_on) {
        (MilestoneStatus::Done, date) => Some(date.unwrap_or_else(dates::today)),
        (_, Some(_)) => {
            return Err(Error::invalid(
                "completedOn",
                "Only a done milestone has a completion date.",
            ));
        }
        (_, None) => None,
    };
    let evidence = evidence(&input.evidence)?;
    if input.links.len() > LINKS_MAX {
        return Err(Error::invalid(
            "links",
            format!("A milestone holds at most {LINKS_MAX} links."),
        ));
    }
    let links = input
        .links
        .iter()
        .map(|l| {
            Ok(EvidenceLink {
                url: link_url(&l.url)?,
                label: link_label(&l.label)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MilestoneInput {
        title,
        due_on: due_on.map(dates::iso),
        status: input.status,
        completed_on: completed_on.map(dates::iso),
        evidence,
        links,
    })
}

// One rule per stored field, applied by the commands above and to rows an archive brings.

pub(crate) fn title(value: &str) -> Result<String> {
    validate::required_text("title", "Title", value, TITLE_MAX)
}

fn due_on(value: Option<&str>) -> Result<Option<NaiveDate>> {
    validate::optional_date("dueOn", "Due date", value)
}

/// A completion date, which cannot lie in the future.
fn completed_on(value: Option<&str>) -> Result<Option<NaiveDate>> {
    let date = validate::optional_date("completedOn", "Completion date", value)?;
    if date.is_some_and(|d| d > dates::today()) {
        return Err(Error::invalid(
            "completedOn",
            "A milestone cannot be completed in the future.",
        ));
    }
    Ok(date)
}

fn evidence(value: &str) -> Result<String> {
    validate::optional_text("evidence", "Evidence", value, EVIDENCE_MAX)
}

/// Only addresses the system may open safely: `https:`, `http:` or `mailto:`.
fn link_url(value: &str) -> Result<String> {
    validate::link_url("links", value)
}

fn link_label(value: &str) -> Result<String> {
    validate::optional_text("links", "A link's label", value, LABEL_MAX)
}

/// The rule the commands apply to a `milestones` column, for a stored text value.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "title" => title(value).map(drop),
        "due_on" => due_on(Some(value)).map(drop),
        "completed_on" => completed_on(Some(value)).map(drop),
        "evidence" => evidence(value).map(drop),
        _ => Ok(()),
    }
}

/// The rule the commands apply to a `milestone_links` column, for a stored text value.
pub(crate) fn check_stored_link(column: &str, value: &str) -> Result<()> {
    match column {
        "url" => link_url(value).map(drop),
        "label" => link_label(value).map(drop),
        _ => Ok(()),
    }
}

fn write_links(conn: &Connection, milestone_id: i64, links: &[EvidenceLink]) -> Result<()> {
    conn.execute(
        "DELETE FROM milestone_links WHERE milestone_id = ?1",
        [milestone_id],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO milestone_links (milestone_id, url, label) VALUES (?1, ?2, ?3)",
    )?;
    for link in links {
        insert.execute(params![milestone_id, link.url, link.label])?;
    }
    Ok(())
}
