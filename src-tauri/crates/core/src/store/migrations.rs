//! Schema migrations: numbered SQL files in the repository's `migrations/` folder,
//! embedded at compile time, each applied in its own transaction and recorded in
//! `PRAGMA user_version`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Every migration in order; the schema version is the number applied.
/// Append only: a shipped migration is never edited or removed.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_schema.sql",
        include_str!("../../../../../migrations/0001_schema.sql"),
    ),
    (
        "0002_catalogue.sql",
        include_str!("../../../../../migrations/0002_catalogue.sql"),
    ),
    (
        "0003_assessments_and_plans.sql",
        include_str!("../../../../../migrations/0003_assessments_and_plans.sql"),
    ),
    (
        "0004_goal_templates.sql",
        include_str!("../../../../../migrations/0004_goal_templates.sql"),
    ),
    (
        "0005_sessions.sql",
        include_str!("../../../../../migrations/0005_sessions.sql"),
    ),
    (
        "0006_search.sql",
        include_str!("../../../../../migrations/0006_search.sql"),
    ),
    (
        "0007_indexes_at_scale.sql",
        include_str!("../../../../../migrations/0007_indexes_at_scale.sql"),
    ),
    (
        "0008_sharing.sql",
        include_str!("../../../../../migrations/0008_sharing.sql"),
    ),
    (
        "0009_live_sync.sql",
        include_str!("../../../../../migrations/0009_live_sync.sql"),
    ),
    (
        "0010_person_documents.sql",
        include_str!("../../../../../migrations/0010_person_documents.sql"),
    ),
    (
        "0011_rhythm.sql",
        include_str!("../../../../../migrations/0011_rhythm.sql"),
    ),
    (
        "0012_today_at_scale.sql",
        include_str!("../../../../../migrations/0012_today_at_scale.sql"),
    ),
    (
        "0013_search_by_rowid.sql",
        include_str!("../../../../../migrations/0013_search_by_rowid.sql"),
    ),
    (
        "0014_foreign_key_indexes.sql",
        include_str!("../../../../../migrations/0014_foreign_key_indexes.sql"),
    ),
    (
        "0015_today_narrow_indexes.sql",
        include_str!("../../../../../migrations/0015_today_narrow_indexes.sql"),
    ),
    (
        "0016_search_terms.sql",
        include_str!("../../../../../migrations/0016_search_terms.sql"),
    ),
    (
        "0017_sync_changes.sql",
        include_str!("../../../../../migrations/0017_sync_changes.sql"),
    ),
    (
        "0018_person_records.sql",
        include_str!("../../../../../migrations/0018_person_records.sql"),
    ),
    (
        "0019_person_choices.sql",
        include_str!("../../../../../migrations/0019_person_choices.sql"),
    ),
    (
        "0020_mentee_list_covering.sql",
        include_str!("../../../../../migrations/0020_mentee_list_covering.sql"),
    ),
    (
        "0021_sync_changed_plans.sql",
        include_str!("../../../../../migrations/0021_sync_changed_plans.sql"),
    ),
];

/// The newest schema this build understands.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses a database from a newer Waymark, or one whose version no Waymark writes,
/// before anything is written to it.
pub fn check_version(conn: &Connection) -> Result<i64> {
    let found = schema_version(conn)?;
    let supported = latest_version();
    if found > supported {
        return Err(Error::DbNewerThanApp { found, supported });
    }
    if found < 0 {
        return Err(Error::DbAltered(format!(
            "it records schema version {found}, which no Waymark writes"
        )));
    }
    Ok(found)
}

/// One entry of `sqlite_schema`: a table, index, trigger or view with the SQL that made it.
type SchemaEntry = (String, String, String, Option<String>);

/// Refuses a file whose tables, indexes, triggers or views are not exactly what Waymark's
/// migrations make at `version`. SQLite runs a file's triggers and views as part of our own
/// statements, so anything another program planted there (a trigger that copies notes
/// away, a view that never ends) would run with the person's data; compared before any of
/// it is used, nothing in such a file runs at all.
pub fn verify_schema(conn: &Connection, version: i64) -> Result<()> {
    let found = schema_of(conn)?;
    if version == 0 && !found.is_empty() {
        return Err(Error::DbUnreadable(
            "it is an SQLite database, but not a Waymark data file".to_owned(),
        ));
    }
    let expected = expected_schema(version)?;
    let named = |set: &BTreeSet<SchemaEntry>, name: &str| set.iter().any(|e| e.1 == name);
    let mut problems: Vec<String> = found
        .difference(&expected)
        .map(|(kind, name, ..)| {
            if named(&expected, name) {
                format!("its {kind} \"{name}\" is not as Waymark made it")
            } else {
                format!("it has a {kind} \"{name}\" that Waymark does not make")
            }
        })
        .collect();
    problems.extend(
        expected
            .difference(&found)
            .filter(|(_, name, ..)| !named(&found, name))
            .map(|(kind, name, ..)| format!("its {kind} \"{name}\" is missing")),
    );
    match problems.len() {
        0 => Ok(()),
        1..=3 => Err(Error::DbAltered(problems.join("; "))),
        n => Err(Error::DbAltered(format!(
            "{}; and {} more differences",
            problems[..3].join("; "),
            n - 3
        ))),
    }
}

/// Statistics from `ANALYZE` only steer the query planner; a database tool may leave them.
fn schema_of(conn: &Connection) -> Result<BTreeSet<SchemaEntry>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema
          WHERE name NOT IN ('sqlite_stat1', 'sqlite_stat4')",
    )?;
    let entries = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(entries)
}

/// The schema the migrations make at the latest version, kept beside them so that opening
/// a current file need not build it (12 ms): `make schema` writes it, and a test holds it
/// to what the migrations make.
const LATEST_SCHEMA: &str = include_str!("../../../../../migrations/schema.json");

/// What the migrations make at the latest version, built in memory, in the form of
/// `migrations/schema.json`.
pub fn latest_schema_built() -> Result<String> {
    let mut conn = Connection::open_in_memory()?;
    migrate(&mut conn)?;
    let schema = schema_of(&conn)?;
    serde_json::to_string_pretty(&schema)
        .map(|json| json + "\n")
        .map_err(|e| Error::Io(e.to_string()))
}

/// The schema the migrations make at `version`, built once per version in memory.
fn expected_schema(version: i64) -> Result<Arc<BTreeSet<SchemaEntry>>> {
    static BUILT: Mutex<BTreeMap<i64, Arc<BTreeSet<SchemaEntry>>>> = Mutex::new(BTreeMap::new());
    if let Some(schema) = BUILT
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&version)
    {
        return Ok(Arc::clone(schema));
    }
    let schema = if version == latest_version() {
        serde_json::from_str(LATEST_SCHEMA)
            .map_err(|e| Error::Io(format!("migrations/schema.json: {e}")))?
    } else {
        let mut conn = Connection::open_in_memory()?;
        migrate_to(&mut conn, version, &mut |_| {})?;
        schema_of(&conn)?
    };
    let schema = Arc::new(schema);
    BUILT
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(version, Arc::clone(&schema));
    Ok(schema)
}

/// Brings the schema up to date; returns the versions applied, oldest first.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    migrate_to(conn, latest_version(), &mut |_| {})
}

/// `migrate`, calling `applied` with each version as it is committed.
pub fn migrate_reporting(conn: &mut Connection, applied: &mut dyn FnMut(i64)) -> Result<Vec<i64>> {
    migrate_to(conn, latest_version(), applied)
}

fn migrate_to(conn: &mut Connection, target: i64, report: &mut dyn FnMut(i64)) -> Result<Vec<i64>> {
    let current = check_version(conn)?;
    let mut applied = Vec::new();
    let pending = MIGRATIONS
        .iter()
        .enumerate()
        .take(usize::try_from(target).unwrap_or(0))
        .skip(usize::try_from(current).unwrap_or(0));
    for (index, (_name, sql)) in pending {
        let version = index as i64 + 1;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        applied.push(version);
        report(version);
    }
    Ok(applied)
}
