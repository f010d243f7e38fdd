//! Preferences stored with the data: thresholds the dashboard uses.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// A mentee without a 1:1 for longer than this is flagged on the dashboard.
    pub not_seen_days: i64,
}

const NOT_SEEN_DEFAULT: i64 = 21;

pub fn get(conn: &Connection) -> Result<Settings> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'not_seen_days'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Settings {
        not_seen_days: stored
            .and_then(|v| v.parse().ok())
            .unwrap_or(NOT_SEEN_DEFAULT),
    })
}

pub fn update(conn: &mut Connection, settings: &Settings) -> Result<Settings> {
    if !(1..=365).contains(&settings.not_seen_days) {
        return Err(Error::invalid(
            "notSeenDays",
            "Choose between 1 and 365 days.",
        ));
    }
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('not_seen_days', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![settings.not_seen_days.to_string()],
    )?;
    get(conn)
}
