//! The evidence log: dated entries of what a mentee did ("led the incident review"), each
//! linked to the competencies it shows and optionally to a plan and one of its
//! milestones, so that a review or a promotion packet need not rely on memory.
//! Deleting is soft.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::error::{Error, Result};
use crate::people::mentees;
use crate::plan::goals;
use crate::plan::soft_delete;
use crate::validate;

const TITLE_MAX: usize = 200;
const NOTE_MAX: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub id: i64,
    pub mentee_id: i64,
    pub plan_id: Option<i64>,
    pub milestone_id: Option<i64>,
    /// The milestone's title, for showing the entry without looking it up.
    pub milestone_title: Option<String>,
    pub observed_on: String,
    pub title: String,
    /// An `https:`, `http:` or `mailto:` address, or empty.
    pub link: String,
    pub note: String,
    /// `mentor` or `mentee`.
    pub added_by: String,
    /// In the catalogue's order.
    pub competency_keys: Vec<String>,
}

/// What the evidence form sends, for adding and for editing.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceInput {
    pub plan_id: Option<i64>,
    pub milestone_id: Option<i64>,
    pub observed_on: String,
    pub title: String,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub note: String,
    /// At least one, unless a milestone is given: then its goal's competencies are used.
    pub competency_keys: Vec<String>,
}

const SELECT: &str = "SELECT e.id, e.mentee_id, e.plan_id, e.milestone_id, m.title,
        e.observed_on, e.title, e.link, e.note, e.added_by,
        (SELECT group_concat(key, ' ') FROM (SELECT ec.competency_key AS key
           FROM evidence_competencies ec JOIN competencies c ON c.key = ec.competency_key
          WHERE ec.evidence_id = e.id ORDER BY c.position))
   FROM evidence e LEFT JOIN milestones m ON m.id = e.milestone_id AND m.deleted_at IS NULL";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(0)?,
        mentee_id: r.get(1)?,
        plan_id: r.get(2)?,
        milestone_id: r.get(3)?,
        milestone_title: r.get(4)?,
        observed_on: r.get(5)?,
        title: r.get(6)?,
        link: r.get(7)?,
        note: r.get(8)?,
        added_by: r.get(9)?,
        competency_keys: r
            .get::<_, Option<String>>(10)?
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Evidence> {
    conn.query_row(
        &format!("{SELECT} WHERE e.id = ?1 AND e.deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Evidence" })
}

/// The mentee's evidence, newest first.
pub fn list(conn: &Connection, mentee_id: i64) -> Result<Vec<Evidence>> {
    mentees::get(conn, mentee_id)?;
    query(
        conn,
        "e.mentee_id = ?1 AND e.deleted_at IS NULL",
        [mentee_id],
    )
}

/// What a plan's export shows: the evidence on the plan and the mentee's evidence on no
/// plan, oldest first, as a record reads.
pub fn for_plan(conn: &Connection, plan_id: i64) -> Result<Vec<Evidence>> {
    let mut all = query(
        conn,
        "e.deleted_at IS NULL AND (e.plan_id = ?1 OR (e.plan_id IS NULL
            AND e.mentee_id = (SELECT mentee_id FROM plans WHERE id = ?1)))",
        [plan_id],
    )?;
    all.reverse();
    Ok(all)
}

/// The evidence an assessment is made with: what was observed after the mentee's
/// previous assessment, up to `assessed_on` (today for a new one). `assessment_id` is the
/// assessment being edited, so that it does not count as its own previous one.
pub fn since_last_assessment(
    conn: &Connection,
    mentee_id: i64,
    assessment_id: Option<i64>,
    assessed_on: Option<&str>,
) -> Result<Vec<Evidence>> {
    mentees::get(conn, mentee_id)?;
    let until = assessed_on.map_or_else(|| dates::iso(dates::today()), str::to_owned);
    let previous: Option<String> = conn
        .query_row(
            "SELECT max(assessed_on) FROM assessments
              WHERE mentee_id = ?1 AND id IS NOT ?2 AND assessed_on < ?3",
            params![mentee_id, assessment_id, until],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    query(
        conn,
        "e.mentee_id = ?1 AND e.deleted_at IS NULL AND e.observed_on > ?2 AND e.observed_on <= ?3",
        params![mentee_id, previous.unwrap_or_default(), until],
    )
}

fn query(conn: &Connection, filter: &str, args: impl rusqlite::Params) -> Result<Vec<Evidence>> {
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT} WHERE {filter} ORDER BY e.observed_on DESC, e.id DESC"
    ))?;
    let rows = statement.query_map(args, from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Logs evidence for a mentee. It counts as the mentee's own when it is on a plan shared
/// with this Waymark.
pub fn create(conn: &mut Connection, mentee_id: i64, input: &EvidenceInput) -> Result<Evidence> {
    let tx = conn.transaction()?;
    let id = insert(&tx, mentee_id, input)?;
    tx.commit()?;
    get(conn, id)
}

/// Logs evidence inside a caller's transaction.
pub(crate) fn insert(tx: &Connection, mentee_id: i64, input: &EvidenceInput) -> Result<i64> {
    mentees::get(tx, mentee_id)?;
    let clean = validated(tx, mentee_id, input)?;
    tx.execute(
        "INSERT INTO evidence (mentee_id, plan_id, milestone_id, observed_on, title, link, note,
                               added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                 CASE WHEN EXISTS (SELECT 1 FROM plan_shares WHERE plan_id = ?2 AND role = 'mentee')
                      THEN 'mentee' ELSE 'mentor' END)",
        params![
            mentee_id,
            clean.plan_id,
            clean.milestone_id,
            clean.observed_on,
            clean.title,
            clean.link,
            clean.note
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_competencies(tx, id, &clean.competency_keys)?;
    Ok(id)
}

pub fn update(conn: &mut Connection, id: i64, input: &EvidenceInput) -> Result<Evidence> {
    let tx = conn.transaction()?;
    let existing = get(&tx, id)?;
    let clean = validated(&tx, existing.mentee_id, input)?;
    tx.execute(
        "UPDATE evidence SET plan_id = ?2, milestone_id = ?3, observed_on = ?4, title = ?5,
                link = ?6, note = ?7
          WHERE id = ?1",
        params![
            id,
            clean.plan_id,
            clean.milestone_id,
            clean.observed_on,
            clean.title,
            clean.link,
            clean.note
        ],
    )?;
    write_competencies(&tx, id, &clean.competency_keys)?;
    tx.commit()?;
    get(conn, id)
}

pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    soft_delete::delete(conn, soft_delete::EVIDENCE, id)
}

pub fn restore(conn: &mut Connection, id: i64) -> Result<Evidence> {
    soft_delete::restore(conn, soft_delete::EVIDENCE, id, |_| Ok(()))?;
    get(conn, id)
}

fn validated(conn: &Connection, mentee_id: i64, input: &EvidenceInput) -> Result<EvidenceInput> {
    let observed_on = observed_on(&input.observed_on)?;
    let title = title(&input.title)?;
    let link = link(&input.link)?;
    let note = note(&input.note)?;
    let (plan_id, milestone_id) = place(conn, mentee_id, input.plan_id, input.milestone_id)?;
    let mut competency_keys = goals::known_keys(
        conn,
        "competencyKeys",
        "competencies",
        "competency",
        &input.competency_keys,
    )?;
    if let (true, Some(milestone_id)) = (competency_keys.is_empty(), milestone_id) {
        competency_keys = milestone_competencies(conn, milestone_id)?;
    }
    if competency_keys.is_empty() {
        return Err(Error::invalid(
            "competencyKeys",
            "Choose at least one competency this evidence shows.",
        ));
    }
    Ok(EvidenceInput {
        plan_id,
        milestone_id,
        observed_on,
        title,
        link,
        note,
        competency_keys,
    })
}

/// The plan and milestone an entry is on: both of this mentee's, the milestone of that
/// plan; a milestone alone brings its plan.
fn place(
    conn: &Connection,
    mentee_id: i64,
    plan_id: Option<i64>,
    milestone_id: Option<i64>,
) -> Result<(Option<i64>, Option<i64>)> {
    let plan_of_milestone = match milestone_id {
        None => None,
        Some(id) => Some(
            conn.query_row(
                "SELECT g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id
                   JOIN plans p ON p.id = g.plan_id
                  WHERE m.id = ?1 AND p.mentee_id = ?2 AND m.deleted_at IS NULL
                    AND g.deleted_at IS NULL AND p.deleted_at IS NULL",
                params![id, mentee_id],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .ok_or_else(|| {
                Error::invalid("milestoneId", "That milestone is not one of this mentee's.")
            })?,
        ),
    };
    let plan_id = match (plan_id, plan_of_milestone) {
        (Some(plan), Some(of_milestone)) if plan != of_milestone => {
            return Err(Error::invalid(
                "milestoneId",
                "That milestone belongs to another plan.",
            ));
        }
        (plan, of_milestone) => plan.or(of_milestone),
    };
    if let Some(plan_id) = plan_id {
        let mentees_plan = conn
            .prepare_cached(
                "SELECT 1 FROM plans WHERE id = ?1 AND mentee_id = ?2 AND deleted_at IS NULL",
            )?
            .exists(params![plan_id, mentee_id])?;
        if !mentees_plan {
            return Err(Error::invalid(
                "planId",
                "That plan is not one of this mentee's.",
            ));
        }
    }
    Ok((plan_id, milestone_id))
}

fn milestone_competencies(conn: &Connection, milestone_id: i64) -> Result<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT gc.competency_key FROM milestones m
           JOIN goal_competencies gc ON gc.goal_id = m.goal_id
           JOIN competencies c ON c.key = gc.competency_key
          WHERE m.id = ?1 ORDER BY c.position",
    )?;
    let keys = statement.query_map([milestone_id], |r| r.get(0))?;
    Ok(keys.collect::<rusqlite::Result<_>>()?)
}

fn write_competencies(conn: &Connection, id: i64, keys: &[String]) -> Result<()> {
    conn.execute(
        "DELETE FROM evidence_competencies WHERE evidence_id = ?1",
        [id],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO evidence_competencies (evidence_id, competency_key) VALUES (?1, ?2)",
    )?;
    for key in keys {
        insert.execute(params![id, key])?;
    }
    Ok(())
}

// One rule per stored field, applied by the commands above and to rows an archive brings.

fn observed_on(value: &str) -> Result<String> {
    validate::optional_date("observedOn", "Date", Some(value))?
        .map(dates::iso)
        .ok_or_else(|| Error::invalid("observedOn", "Give the day this happened."))
}

fn title(value: &str) -> Result<String> {
    validate::required_text("title", "What happened", value, TITLE_MAX)
}

fn link(value: &str) -> Result<String> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        validate::link_url("link", value)
    }
}

fn note(value: &str) -> Result<String> {
    validate::optional_text("note", "Note", value, NOTE_MAX)
}

/// The rule the commands apply to an `evidence` column, for a stored text value.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "observed_on" => observed_on(value).map(drop),
        "title" => title(value).map(drop),
        "link" => link(value).map(drop),
        "note" => note(value).map(drop),
        _ => Ok(()),
    }
}
