//! Preferences stored with the data: the dashboard's reminder threshold, the name exports
//! print as the mentor, and how many backups are kept.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::validate;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// A mentee without a 1:1 for longer than this is flagged on the dashboard.
    pub not_seen_days: i64,
    /// Printed as the mentor on exported plans; empty leaves the line out.
    pub mentor_name: String,
    /// How many backups of each kind (daily, manual, before a restore) are kept.
    pub backups_kept: i64,
}

const NOT_SEEN_DEFAULT: i64 = 21;
const MENTOR_NAME_MAX: usize = 120;
const BACKUPS_KEPT_DEFAULT: i64 = 10;

pub fn get(conn: &Connection) -> Result<Settings> {
    Ok(Settings {
        not_seen_days: stored(conn, "not_seen_days")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(NOT_SEEN_DEFAULT),
        mentor_name: stored(conn, "mentor_name")?.unwrap_or_default(),
        backups_kept: stored(conn, "backups_kept")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(BACKUPS_KEPT_DEFAULT),
    })
}

pub fn update(conn: &mut Connection, settings: &Settings) -> Result<Settings> {
    if !(1..=365).contains(&settings.not_seen_days) {
        return Err(Error::invalid(
            "notSeenDays",
            "Choose between 1 and 365 days.",
        ));
    }
    if !(1..=100).contains(&settings.backups_kept) {
        return Err(Error::invalid(
            "backupsKept",
            "Keep between 1 and 100 backups.",
        ));
    }
    let mentor_name = validate::optional_text(
        "mentorName",
        "Your name",
        &settings.mentor_name,
        MENTOR_NAME_MAX,
    )?;
    let tx = conn.transaction()?;
    store(&tx, "not_seen_days", &settings.not_seen_days.to_string())?;
    store(&tx, "mentor_name", &mentor_name)?;
    store(&tx, "backups_kept", &settings.backups_kept.to_string())?;
    tx.commit()?;
    get(conn)
}

fn stored(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn store(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
