//! Comments on a plan: the conversation between mentor and mentee that travels with a
//! shared plan. Each carries its author's name as they share under, so both sides see who
//! said what; a comment is deleted softly, so Undo brings it back.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::plan::{plans, soft_delete};
use crate::store::db::NOW;
use crate::store::settings;
use crate::validate;

const TEXT_MAX: usize = 2000;

/// Who "I" am on this file, for a person who has set no name yet.
const UNNAMED: &str = "Me";

fn me(conn: &Connection) -> Result<String> {
    Ok(settings::my_name(conn)?.unwrap_or_else(|| UNNAMED.to_owned()))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub id: i64,
    pub plan_id: i64,
    pub author: String,
    /// Written from this data file (by its person), not received.
    pub mine: bool,
    pub text: String,
    pub written_at: String,
}

/// `?2` is who "I" am.
const SELECT: &str = "SELECT id, plan_id, author, author = ?2, text, written_at FROM plan_comments";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        author: r.get(2)?,
        mine: r.get(3)?,
        text: r.get(4)?,
        written_at: r.get(5)?,
    })
}

/// The plan's comments, oldest first, as a conversation reads.
pub fn list(conn: &Connection, plan_id: i64) -> Result<Vec<Comment>> {
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT} WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY written_at, id"
    ))?;
    let comments = statement.query_map(params![plan_id, me(conn)?], from_row)?;
    Ok(comments.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Comment> {
    conn.query_row(
        &format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"),
        params![id, me(conn)?],
        from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Comment" })
}

pub fn add(conn: &mut Connection, plan_id: i64, text: &str) -> Result<Comment> {
    let text = comment_text(text)?;
    let tx = conn.transaction()?;
    plans::ensure_live(&tx, plan_id)?;
    tx.execute(
        &format!(
            "INSERT INTO plan_comments (plan_id, author, text, written_at)
             VALUES (?1, ?3, ?2, {NOW})"
        ),
        params![plan_id, text, me(&tx)?],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    get(conn, id)
}

/// Deletes one of your own comments; the other side's are theirs.
pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    if !get(conn, id)?.mine {
        return Err(Error::ReadOnly(
            "This comment is the other side's; only they can delete it.".into(),
        ));
    }
    soft_delete::delete(conn, soft_delete::COMMENTS, id)
}

pub fn restore(conn: &mut Connection, id: i64) -> Result<Comment> {
    soft_delete::restore(conn, soft_delete::COMMENTS, id, |_| Ok(()))?;
    get(conn, id)
}

fn comment_text(value: &str) -> Result<String> {
    validate::required_text("text", "Comment", value, TEXT_MAX)
}

/// The rule the commands apply to a `plan_comments` column, for a stored text value.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "text" => comment_text(value).map(drop),
        "author" => validate::required_text("author", "Author", value, 120).map(drop),
        _ => Ok(()),
    }
}
