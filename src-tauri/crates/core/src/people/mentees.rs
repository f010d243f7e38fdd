//! Mentees: the people being mentored, or the person planning their own growth.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue;
use crate::error::{Error, Result};
use crate::people::cadence::{self, Cadence};
use crate::store::db::NOW;
use crate::validate;

const NAME_MAX: usize = 120;
const ROLE_MAX: usize = 80;
const NOTES_MAX: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Mentee {
    pub id: i64,
    pub name: String,
    pub current_role: String,
    pub current_leader_type_id: Option<i64>,
    pub target_leader_type_id: Option<i64>,
    pub role_track_key: Option<String>,
    /// ISO date (`YYYY-MM-DD`).
    pub start_date: Option<String>,
    pub notes: String,
    pub is_self: bool,
    /// How often 1:1s are due.
    pub cadence: Cadence,
    /// Raised at every 1:1, one per line.
    pub talking_points: String,
    /// When the mentee was archived (UTC, ISO 8601); none while active.
    pub archived_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the mentee form sends, for creating and for editing.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MenteeInput {
    pub name: String,
    pub current_role: String,
    pub current_leader_type_id: Option<i64>,
    pub target_leader_type_id: Option<i64>,
    pub role_track_key: Option<String>,
    pub start_date: Option<String>,
    pub notes: String,
    pub is_self: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveFilter {
    #[default]
    Active,
    Archived,
    All,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MenteeQuery {
    /// Matched, case-insensitively, against name, current role and target type.
    pub search: String,
    pub archive: ArchiveFilter,
    /// Rows to skip, for the next page of a long list.
    pub offset: u32,
    /// At most this many rows; all of them when none.
    pub limit: Option<u32>,
}

/// A page of the mentee list and how many mentees match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MenteePage {
    pub rows: Vec<MenteeSummary>,
    pub total: i64,
}

/// One row of the mentee list, with the names the list shows already resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MenteeSummary {
    pub id: i64,
    pub name: String,
    pub current_role: String,
    pub target_leader_type: Option<String>,
    pub target_family: Option<String>,
    pub role_track: Option<String>,
    pub start_date: Option<String>,
    pub is_self: bool,
    pub archived: bool,
}

const SELECT_MENTEE: &str =
    "SELECT id, name, current_role, current_leader_type_id, target_leader_type_id,
        role_track_key, start_date, notes, is_self, archived_at, created_at, updated_at,
        cadence, talking_points
   FROM mentees";

fn mentee_from_row(r: &Row<'_>) -> rusqlite::Result<Mentee> {
    Ok(Mentee {
        id: r.get(0)?,
        name: r.get(1)?,
        current_role: r.get(2)?,
        current_leader_type_id: r.get(3)?,
        target_leader_type_id: r.get(4)?,
        role_track_key: r.get(5)?,
        start_date: r.get(6)?,
        notes: r.get(7)?,
        is_self: r.get(8)?,
        archived_at: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        cadence: Cadence::parse(&r.get::<_, String>(12)?).unwrap_or_default(),
        talking_points: r.get(13)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Mentee> {
    conn.query_row(
        &format!("{SELECT_MENTEE} WHERE id = ?1"),
        [id],
        mentee_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Mentee" })
}

/// The WHERE that picks the mentees matching `query` (search text and archive state) from
/// `mentees m`; `?1` is the search pattern. It reads only columns of the `mentees_listed`
/// index, and matches the target type by the few catalogue rows whose name fits, so a
/// search as typed never looks a mentee up in the table.
fn matching(query: &MenteeQuery) -> String {
    let archive = match query.archive {
        ArchiveFilter::Active => "m.archived_at IS NULL",
        ArchiveFilter::Archived => "m.archived_at IS NOT NULL",
        ArchiveFilter::All => "1",
    };
    format!(
        "WHERE {archive} AND m.shared_by IS NULL
            AND (?1 = '' OR casefold(m.name) LIKE ?1 ESCAPE '\\'
                 OR casefold(m.current_role) LIKE ?1 ESCAPE '\\'
                 OR m.target_leader_type_id IN
                    (SELECT id FROM leader_types WHERE casefold(name) LIKE ?1 ESCAPE '\\'))"
    )
}

/// The mentees `query` asks for, yourself first and then by name.
pub fn list(conn: &Connection, query: &MenteeQuery) -> Result<Vec<MenteeSummary>> {
    let sql = format!(
        "SELECT m.id, m.name, m.current_role, t.name, f.name, r.name, m.start_date, m.is_self,
                m.archived_at IS NOT NULL
           FROM mentees m
           LEFT JOIN leader_types t ON t.id = m.target_leader_type_id
           LEFT JOIN leader_families f ON f.key = t.family_key
           LEFT JOIN role_tracks r ON r.key = m.role_track_key
          {}
          ORDER BY m.is_self DESC, m.name COLLATE NOCASE, m.id
          LIMIT ?2 OFFSET ?3",
        matching(query)
    );
    let limit = query.limit.map_or(-1, i64::from);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![like_pattern(&query.search), limit, query.offset],
        |r| {
            Ok(MenteeSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                current_role: r.get(2)?,
                target_leader_type: r.get(3)?,
                target_family: r.get(4)?,
                role_track: r.get(5)?,
                start_date: r.get(6)?,
                is_self: r.get(7)?,
                archived: r.get(8)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One page of the list with the count of every match, for a list that loads as it scrolls.
pub fn page(conn: &Connection, query: &MenteeQuery) -> Result<MenteePage> {
    let total = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM mentees m {}",
            matching(query)
        ))?
        .query_row([like_pattern(&query.search)], |r| r.get(0))?;
    Ok(MenteePage {
        rows: list(conn, query)?,
        total,
    })
}

/// `%text%`, case-folded, with LIKE's wildcards escaped; empty for "match everything".
fn like_pattern(search: &str) -> String {
    let text = search.trim().to_lowercase();
    if text.is_empty() {
        return String::new();
    }
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

pub fn create(conn: &mut Connection, input: &MenteeInput) -> Result<Mentee> {
    let tx = conn.transaction()?;
    let id = insert(&tx, input)?;
    tx.commit()?;
    get(conn, id)
}

/// Adds a mentee inside a caller's transaction.
pub(crate) fn insert(conn: &Connection, input: &MenteeInput) -> Result<i64> {
    let clean = validated(conn, input, None)?;
    conn.execute(
        "INSERT INTO mentees (name, current_role, current_leader_type_id, target_leader_type_id,
                              role_track_key, start_date, notes, is_self)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            clean.name,
            clean.current_role,
            clean.current_leader_type_id,
            clean.target_leader_type_id,
            clean.role_track_key,
            clean.start_date,
            clean.notes,
            clean.is_self
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &mut Connection, id: i64, input: &MenteeInput) -> Result<Mentee> {
    let tx = conn.transaction()?;
    get(&tx, id)?;
    let clean = validated(&tx, input, Some(id))?;
    tx.execute(
        &format!(
            "UPDATE mentees SET name = ?2, current_role = ?3, current_leader_type_id = ?4,
                target_leader_type_id = ?5, role_track_key = ?6, start_date = ?7, notes = ?8,
                is_self = ?9, updated_at = {NOW}
          WHERE id = ?1"
        ),
        params![
            id,
            clean.name,
            clean.current_role,
            clean.current_leader_type_id,
            clean.target_leader_type_id,
            clean.role_track_key,
            clean.start_date,
            clean.notes,
            clean.is_self
        ],
    )?;
    tx.commit()?;
    get(conn, id)
}

/// What the "1:1 rhythm" form sends.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RhythmInput {
    pub cadence: Cadence,
    /// One talking point per line; blank lines are dropped.
    pub talking_points: String,
}

/// Sets how often the mentee's 1:1s are due and what is raised at every one.
pub fn set_rhythm(conn: &Connection, id: i64, input: &RhythmInput) -> Result<Mentee> {
    let points = cadence::talking_points(&input.talking_points)?;
    let changed = conn.execute(
        &format!(
            "UPDATE mentees SET cadence = ?2, talking_points = ?3, updated_at = {NOW}
              WHERE id = ?1"
        ),
        params![id, input.cadence.as_str(), points.join("\n")],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "Mentee" });
    }
    get(conn, id)
}

/// Archives (hides from the everyday list, keeps everything) or restores a mentee.
pub fn set_archived(conn: &Connection, id: i64, archived: bool) -> Result<Mentee> {
    let changed = conn.execute(
        &format!(
            "UPDATE mentees
            SET archived_at = CASE WHEN ?2 THEN coalesce(archived_at, {NOW}) END,
                updated_at = {NOW}
          WHERE id = ?1"
        ),
        params![id, archived],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "Mentee" });
    }
    get(conn, id)
}

pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    let changed = conn.execute("DELETE FROM mentees WHERE id = ?1", [id])?;
    if changed == 0 {
        return Err(Error::NotFound { what: "Mentee" });
    }
    Ok(())
}

fn validated(conn: &Connection, input: &MenteeInput, existing: Option<i64>) -> Result<MenteeInput> {
    let name = name(&input.name)?;
    let current_role = current_role(&input.current_role)?;
    if let Some(id) = input.current_leader_type_id {
        catalogue::ensure_leader_type(conn, "currentLeaderTypeId", id)?;
    }
    if let Some(id) = input.target_leader_type_id {
        catalogue::ensure_leader_type(conn, "targetLeaderTypeId", id)?;
    }
    let role_track_key = match input.role_track_key.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(key) => Some(ensure_role_track(conn, key)?),
    };
    let start_date = start_date(input.start_date.as_deref())?.map(crate::dates::iso);
    let notes = notes(&input.notes)?;
    if input.is_self {
        let other: Option<String> = conn
            .query_row(
                "SELECT name FROM mentees WHERE is_self = 1 AND id IS NOT ?1",
                [existing],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Err(Error::conflict(
                Some("isSelf"),
                format!("{other} is already marked as you; only one mentee can be."),
            ));
        }
    }
    Ok(MenteeInput {
        name,
        current_role,
        current_leader_type_id: input.current_leader_type_id,
        target_leader_type_id: input.target_leader_type_id,
        role_track_key,
        start_date,
        notes,
        is_self: input.is_self,
    })
}

// One rule per stored field, applied by the commands above and to rows an archive brings.

fn name(value: &str) -> Result<String> {
    validate::required_text("name", "Name", value, NAME_MAX)
}

fn current_role(value: &str) -> Result<String> {
    validate::optional_text("currentRole", "Current role", value, ROLE_MAX)
}

fn start_date(value: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    validate::optional_date("startDate", "Start date", value)
}

fn notes(value: &str) -> Result<String> {
    validate::optional_text("notes", "Notes", value, NOTES_MAX)
}

/// The rule the commands apply to a `mentees` column, for a stored text value. Leader
/// types, role tracks and "this is me" are held to the schema's references and indexes.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "name" => name(value).map(drop),
        "current_role" => current_role(value).map(drop),
        "start_date" => start_date(Some(value)).map(drop),
        "notes" => notes(value).map(drop),
        _ => cadence::check_stored(column, value),
    }
}

fn ensure_role_track(conn: &Connection, key: &str) -> Result<String> {
    conn.query_row("SELECT key FROM role_tracks WHERE key = ?1", [key], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::invalid(
                "roleTrackKey",
                format!("\"{key}\" is not a role track; choose Tech Lead, Technical Leader or Engineering Manager."),
            )
        })
}
