//! Preferences stored with the data: the dashboard's reminder threshold, the name exports
//! print as the mentor, how many backups are kept, and when desktop reminders may come.
//!
//! A stored value may come from an archive or from a file someone else edited, so each
//! setting has one rule, applied when Settings saves it and when an archive brings it in,
//! and a value out of range is brought back into range when it is read.

use std::ops::RangeInclusive;

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
    /// How many backups of each kind (daily, manual) are kept.
    pub backups_kept: i64,
}

/// When this device raises desktop reminders, and of what. Times are local, `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSettings {
    /// Milestones due today or overdue.
    pub milestones: bool,
    /// 1:1s due by each mentee's cadence.
    pub sessions: bool,
    /// When the day's summary is raised.
    pub summary_at: String,
    /// No reminder is raised from `quiet_from` until `quiet_until`; the same time twice
    /// means no quiet hours.
    pub quiet_from: String,
    pub quiet_until: String,
}

const REMINDER_MILESTONES: &str = "reminders_milestones";
const REMINDER_SESSIONS: &str = "reminders_sessions";
const SUMMARY_AT: &str = "reminders_summary_at";
const QUIET_FROM: &str = "reminders_quiet_from";
const QUIET_UNTIL: &str = "reminders_quiet_until";
/// The day this device last raised its summary: state, not a preference.
const SUMMARY_ON: &str = "reminders_summary_on";
/// The calendar file this device keeps up to date. Never carried by an archive or a
/// document, and unknown to [`check_stored`]: only the person, through the save dialog on
/// this device, may name a file Waymark writes to.
const CALENDAR_FILE: &str = "calendar_file";

const NOT_SEEN_DAYS: &str = "not_seen_days";
const MENTOR_NAME: &str = "mentor_name";
const BACKUPS_KEPT: &str = "backups_kept";

const NOT_SEEN_DEFAULT: i64 = 21;
const NOT_SEEN_RANGE: RangeInclusive<i64> = 1..=365;
const MENTOR_NAME_MAX: usize = 120;
const BACKUPS_KEPT_DEFAULT: i64 = 10;
/// Never 0: a backup that rotation deleted as soon as it was written would be no backup.
const BACKUPS_KEPT_RANGE: RangeInclusive<i64> = 1..=100;

/// The name this person goes by with others: the one they share plans under, else their
/// name from Settings; none when neither is set.
pub fn my_name(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row(
        "SELECT coalesce((SELECT name FROM identity),
                nullif(trim((SELECT value FROM settings WHERE key = 'mentor_name')), ''))",
        [],
        |r| r.get(0),
    )?)
}

pub fn get(conn: &Connection) -> Result<Settings> {
    let number = |key, default, range: RangeInclusive<i64>| -> Result<i64> {
        Ok(stored(conn, key)?
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map_or(default, |v| v.clamp(*range.start(), *range.end())))
    };
    Ok(Settings {
        not_seen_days: number(NOT_SEEN_DAYS, NOT_SEEN_DEFAULT, NOT_SEEN_RANGE)?,
        mentor_name: stored(conn, MENTOR_NAME)?
            .and_then(|v| mentor_name(&v).ok())
            .unwrap_or_default(),
        backups_kept: number(BACKUPS_KEPT, BACKUPS_KEPT_DEFAULT, BACKUPS_KEPT_RANGE)?,
    })
}

pub fn update(conn: &mut Connection, settings: &Settings) -> Result<Settings> {
    let not_seen_days = not_seen_days(settings.not_seen_days)?;
    let backups_kept = backups_kept(settings.backups_kept)?;
    let mentor_name = mentor_name(&settings.mentor_name)?;
    let tx = conn.transaction()?;
    store(&tx, NOT_SEEN_DAYS, &not_seen_days.to_string())?;
    store(&tx, MENTOR_NAME, &mentor_name)?;
    store(&tx, BACKUPS_KEPT, &backups_kept.to_string())?;
    tx.commit()?;
    get(conn)
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            milestones: true,
            sessions: true,
            summary_at: "09:00".into(),
            quiet_from: "20:00".into(),
            quiet_until: "08:00".into(),
        }
    }
}

pub fn reminders(conn: &Connection) -> Result<ReminderSettings> {
    let default = ReminderSettings::default();
    let switch = |key, default: bool| -> Result<bool> {
        Ok(stored(conn, key)?.map_or(default, |v| v != "0"))
    };
    let time = |key, default: String| -> Result<String> {
        Ok(stored(conn, key)?
            .and_then(|v| clock_time("time", &v).ok())
            .unwrap_or(default))
    };
    Ok(ReminderSettings {
        milestones: switch(REMINDER_MILESTONES, default.milestones)?,
        sessions: switch(REMINDER_SESSIONS, default.sessions)?,
        summary_at: time(SUMMARY_AT, default.summary_at)?,
        quiet_from: time(QUIET_FROM, default.quiet_from)?,
        quiet_until: time(QUIET_UNTIL, default.quiet_until)?,
    })
}

pub fn update_reminders(conn: &mut Connection, r: &ReminderSettings) -> Result<ReminderSettings> {
    let summary_at = clock_time("summaryAt", &r.summary_at)?;
    let quiet_from = clock_time("quietFrom", &r.quiet_from)?;
    let quiet_until = clock_time("quietUntil", &r.quiet_until)?;
    let tx = conn.transaction()?;
    store(
        &tx,
        REMINDER_MILESTONES,
        if r.milestones { "1" } else { "0" },
    )?;
    store(&tx, REMINDER_SESSIONS, if r.sessions { "1" } else { "0" })?;
    store(&tx, SUMMARY_AT, &summary_at)?;
    store(&tx, QUIET_FROM, &quiet_from)?;
    store(&tx, QUIET_UNTIL, &quiet_until)?;
    tx.commit()?;
    reminders(conn)
}

/// The day this device last raised its reminder summary.
pub fn summary_raised_on(conn: &Connection) -> Result<Option<chrono::NaiveDate>> {
    Ok(stored(conn, SUMMARY_ON)?
        .and_then(|v| chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()))
}

pub fn set_summary_raised_on(conn: &Connection, day: chrono::NaiveDate) -> Result<()> {
    store(conn, SUMMARY_ON, &crate::dates::iso(day))
}

/// The calendar file this device keeps up to date, if any.
pub fn calendar_file(conn: &Connection) -> Result<Option<std::path::PathBuf>> {
    Ok(stored(conn, CALENDAR_FILE)?
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from))
}

/// Sets or clears the calendar file; `path` comes from the save dialog alone.
pub fn set_calendar_file(conn: &Connection, path: Option<&std::path::Path>) -> Result<()> {
    match path {
        Some(path) => {
            let text = path.to_str().ok_or_else(|| {
                Error::invalid("path", "That file's name cannot be kept; choose another.")
            })?;
            store(conn, CALENDAR_FILE, text)
        }
        None => {
            conn.execute("DELETE FROM settings WHERE key = ?1", [CALENDAR_FILE])?;
            Ok(())
        }
    }
}

/// Settings an archive leaves out: what names a file on this device.
pub(crate) const NOT_ARCHIVED: &str = "key != 'calendar_file'";

/// A local time of day as `HH:MM`.
fn clock_time(field: &'static str, value: &str) -> Result<String> {
    chrono::NaiveTime::parse_from_str(value.trim(), "%H:%M")
        .map(|t| t.format("%H:%M").to_string())
        .map_err(|_| {
            Error::invalid(
                field,
                format!("\"{value}\" is not a time of day such as 09:00."),
            )
        })
}

/// Whether `value` is what a new data file starts with for setting `key`.
pub(crate) fn is_default(key: &str, value: &str) -> bool {
    key == NOT_SEEN_DAYS && value.trim() == NOT_SEEN_DEFAULT.to_string()
}

/// A stored setting as an archive holds it (`key`, `value` as text), checked by the rule
/// [`update`] applies. An unknown key is refused: nothing reads it, so it can only be a
/// mistake or a plant.
pub(crate) fn check_stored(key: &str, value: &str) -> Result<()> {
    let number = |field: &'static str| {
        value
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::invalid(field, format!("\"{value}\" is not a whole number.")))
    };
    match key {
        NOT_SEEN_DAYS => not_seen_days(number("notSeenDays")?).map(drop),
        BACKUPS_KEPT => backups_kept(number("backupsKept")?).map(drop),
        MENTOR_NAME => mentor_name(value).map(drop),
        REMINDER_MILESTONES | REMINDER_SESSIONS if value == "0" || value == "1" => Ok(()),
        SUMMARY_AT | QUIET_FROM | QUIET_UNTIL => clock_time("time", value).map(drop),
        SUMMARY_ON => crate::validate::optional_date("date", "Date", Some(value)).map(drop),
        other => Err(Error::invalid(
            "key",
            format!("\"{other}\" is not a setting of this Waymark."),
        )),
    }
}

fn not_seen_days(days: i64) -> Result<i64> {
    if NOT_SEEN_RANGE.contains(&days) {
        Ok(days)
    } else {
        Err(Error::invalid(
            "notSeenDays",
            "Choose between 1 and 365 days.",
        ))
    }
}

fn backups_kept(kept: i64) -> Result<i64> {
    if BACKUPS_KEPT_RANGE.contains(&kept) {
        Ok(kept)
    } else {
        Err(Error::invalid(
            "backupsKept",
            "Keep between 1 and 100 backups.",
        ))
    }
}

fn mentor_name(name: &str) -> Result<String> {
    validate::optional_text("mentorName", "Your name", name, MENTOR_NAME_MAX)
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
