//! Topics either side wants to raise at the next 1:1 of a plan: the agenda a mentee can add
//! to from their own Waymark. Whoever adds one is recorded, so both sides see who asked.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use ts_rs::TS;

use crate::dates;
use crate::error::{Error, Result};
use crate::plan::{plans, soft_delete};
use crate::validate;

const TEXT_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    pub id: i64,
    pub plan_id: i64,
    pub text: String,
    /// `mentor` or `mentee`.
    pub added_by: String,
    pub added_on: String,
    pub done: bool,
}

const SELECT: &str = "SELECT id, plan_id, text, added_by, added_on, done FROM plan_topics";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Topic> {
    Ok(Topic {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        text: r.get(2)?,
        added_by: r.get(3)?,
        added_on: r.get(4)?,
        done: r.get(5)?,
    })
}

/// The plan's topics, open ones first, each group in the order they were added.
pub fn list(conn: &Connection, plan_id: i64) -> Result<Vec<Topic>> {
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT} WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY done, added_on, id"
    ))?;
    let topics = statement.query_map([plan_id], from_row)?;
    Ok(topics.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Topic> {
    conn.query_row(
        &format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Topic" })
}

/// Adds a topic, as the mentee when the plan was shared with this Waymark.
pub fn add(conn: &mut Connection, plan_id: i64, text: &str) -> Result<Topic> {
    let text = topic_text(text)?;
    let tx = conn.transaction()?;
    plans::ensure_live(&tx, plan_id)?;
    tx.execute(
        "INSERT INTO plan_topics (plan_id, text, added_by, added_on)
         VALUES (?1, ?2,
                 CASE WHEN EXISTS (SELECT 1 FROM plan_shares WHERE plan_id = ?1 AND role = 'mentee')
                      THEN 'mentee' ELSE 'mentor' END,
                 ?3)",
        params![plan_id, text, dates::iso(dates::today())],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    get(conn, id)
}

/// Marks a topic as talked about, or not.
pub fn set_done(conn: &mut Connection, id: i64, done: bool) -> Result<Topic> {
    match conn.execute(
        "UPDATE plan_topics SET done = ?2 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, done],
    )? {
        0 => Err(Error::NotFound { what: "Topic" }),
        _ => get(conn, id),
    }
}

pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    soft_delete::delete(conn, soft_delete::TOPICS, id)
}

pub fn restore(conn: &mut Connection, id: i64) -> Result<Topic> {
    soft_delete::restore(conn, soft_delete::TOPICS, id, |_| Ok(()))?;
    get(conn, id)
}

fn topic_text(value: &str) -> Result<String> {
    validate::required_text("text", "Topic", value, TEXT_MAX)
}

/// The rule the commands apply to a `plan_topics` column, for a stored text value.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "text" => topic_text(value).map(drop),
        "added_on" => validate::optional_date("addedOn", "Date", Some(value)).map(drop),
        _ => Ok(()),
    }
}
