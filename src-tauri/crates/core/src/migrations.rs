//! Schema migrations: numbered SQL files in the repository's `migrations/` folder,
//! embedded at compile time, each applied in its own transaction and recorded in
//! `PRAGMA user_version`.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Every migration in order; the schema version is the number applied.
/// Append only: a shipped migration is never edited or removed.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_schema.sql",
        include_str!("../../../../migrations/0001_schema.sql"),
    ),
    (
        "0002_catalogue.sql",
        include_str!("../../../../migrations/0002_catalogue.sql"),
    ),
    (
        "0003_assessments_and_plans.sql",
        include_str!("../../../../migrations/0003_assessments_and_plans.sql"),
    ),
    (
        "0004_goal_templates.sql",
        include_str!("../../../../migrations/0004_goal_templates.sql"),
    ),
    (
        "0005_sessions.sql",
        include_str!("../../../../migrations/0005_sessions.sql"),
    ),
    (
        "0006_search.sql",
        include_str!("../../../../migrations/0006_search.sql"),
    ),
    (
        "0007_indexes_at_scale.sql",
        include_str!("../../../../migrations/0007_indexes_at_scale.sql"),
    ),
];

/// The newest schema this build understands.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses a database from a newer Waymark before anything is written to it.
pub fn check_version(conn: &Connection) -> Result<i64> {
    let found = schema_version(conn)?;
    let supported = latest_version();
    if found > supported {
        return Err(Error::DbNewerThanApp { found, supported });
    }
    Ok(found)
}

/// Brings the schema up to date; returns the versions applied, oldest first.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    let current = check_version(conn)?;
    let mut applied = Vec::new();
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        applied.push(version);
    }
    Ok(applied)
}
