//! Copies of the data file in a `backups` folder beside it, made with SQLite's online
//! backup API so each copy is consistent even while the app is writing: on request, once
//! a day at start-up, before a migration, and before a restore. Restoring checks the copy
//! first and keeps the current data as one more backup.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::{migrations, settings};

const MANUAL: &str = "manual";
const DAILY: &str = "daily";
const BEFORE_RESTORE: &str = "before-restore";
const UNUSABLE: &str = "unusable";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    pub bytes: u64,
    /// Why it was made: `manual`, `daily`, `before-restore` or `schema-vN`.
    pub kind: String,
    /// When, as local ISO date and time (`2026-11-26T04:45:00`).
    pub taken_at: String,
}

/// What a backup holds, checked before anything is restored from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupContents {
    pub schema_version: i64,
    pub mentees: i64,
    pub plans: i64,
    pub sessions: i64,
}

pub fn folder(data_file: &Path) -> PathBuf {
    data_file
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Copies the open database to `backups/<stem>-<label>-<YYYYMMDDTHHMMSSmmm>.sqlite3`.
pub fn copy(conn: &Connection, data_file: &Path, label: &str) -> Result<PathBuf> {
    let target = stamped_path(data_file, label);
    // Written under a name the list ignores and renamed once whole, so a copy cut short
    // (the app closed during the daily copy) never passes for a backup.
    let partial = target.with_file_name(format!(
        ".{}.partial",
        target.file_name().unwrap_or_default().to_string_lossy()
    ));
    {
        let mut copy = Connection::open(&partial)?;
        rusqlite::backup::Backup::new(conn, &mut copy)?.run_to_completion(
            256,
            Duration::ZERO,
            None,
        )?;
    }
    std::fs::rename(&partial, &target).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Error::Io(format!(
            "could not finish the backup {}: {e}",
            target.display()
        ))
    })?;
    Ok(target)
}

/// `backups/<stem>-<label>-<YYYYMMDDTHHMMSSmmm>.sqlite3`, creating the folder.
fn stamped_path(data_file: &Path, label: &str) -> PathBuf {
    let dir = folder(data_file);
    // A folder that cannot be made shows up as the copy's own error, with its path.
    let _ = std::fs::create_dir_all(&dir);
    let stem = data_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S%3f");
    dir.join(format!("{stem}-{label}-{stamp}.sqlite3"))
}

/// A backup on request; the newest of them are kept, as many as Settings says.
pub fn back_up_now(conn: &Connection, data_file: &Path) -> Result<BackupFile> {
    let path = copy(conn, data_file, MANUAL)?;
    rotate(conn, data_file, MANUAL)?;
    describe(&path)
}

/// The first start of each day makes a backup; later starts that day do nothing.
pub fn daily(conn: &Connection, data_file: &Path, today: NaiveDate) -> Result<Option<BackupFile>> {
    let stamp = today.format("%Y%m%d").to_string();
    let done_today = list(data_file)?
        .iter()
        .any(|b| b.kind == DAILY && stamp_of(&b.file_name).starts_with(&stamp));
    if done_today {
        return Ok(None);
    }
    let path = copy(conn, data_file, DAILY)?;
    rotate(conn, data_file, DAILY)?;
    describe(&path).map(Some)
}

/// Removes the oldest backups of `kind` beyond the number Settings keeps.
fn rotate(conn: &Connection, data_file: &Path, kind: &str) -> Result<()> {
    let keep = usize::try_from(settings::get(conn)?.backups_kept).unwrap_or(1);
    let of_kind = list(data_file)?.into_iter().filter(|b| b.kind == kind);
    for old in of_kind.skip(keep) {
        let _ = std::fs::remove_file(&old.path);
    }
    Ok(())
}

/// Opens a backup read-only and checks it can be restored: SQLite, intact, and not from
/// a newer Waymark. Nothing is written to it.
pub fn inspect(path: &Path) -> Result<BackupContents> {
    let unreadable = |e: rusqlite::Error| Error::DbUnreadable(format!("{}: {e}", path.display()));
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(unreadable)?;
    let schema_version = migrations::check_version(&conn).map_err(|e| match e {
        Error::Database(e) => unreadable(e),
        other => other,
    })?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(unreadable)?;
    if integrity != "ok" {
        return Err(Error::DbUnreadable(format!(
            "{} is damaged ({integrity}); choose another backup.",
            path.display()
        )));
    }
    let count = |table: &str| -> Result<i64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|_| {
                Error::DbUnreadable(format!("{} is not a Waymark data file.", path.display()))
            })
    };
    Ok(BackupContents {
        schema_version,
        mentees: count("mentees")?,
        plans: count("plans WHERE deleted_at IS NULL")?,
        sessions: count("sessions WHERE deleted_at IS NULL")?,
    })
}

/// Replaces the open database's contents with a backup from its `backups` folder. The
/// backup is checked first; the current data is copied aside (`before-restore`), then the
/// backup is copied in through SQLite's backup API and brought up to this version's schema.
/// Returns the copy of what was there before.
pub fn restore(conn: &mut Connection, data_file: &Path, backup: &Path) -> Result<BackupFile> {
    let inside = |p: &Path| p.canonicalize().ok();
    let folder = inside(&folder(data_file));
    if folder.is_none() || inside(backup).and_then(|b| b.parent().map(Path::to_path_buf)) != folder
    {
        return Err(Error::NotFound { what: "Backup" });
    }
    inspect(backup)?;
    let safety = copy(conn, data_file, BEFORE_RESTORE)?;
    let source = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    rusqlite::backup::Backup::new(&source, conn)?.run_to_completion(256, Duration::ZERO, None)?;
    migrations::migrate(conn)?;
    rotate(conn, data_file, BEFORE_RESTORE)?;
    describe(&safety)
}

/// Backups beside `data_file`, newest first (by the timestamp that ends each name).
pub fn list(data_file: &Path) -> Result<Vec<BackupFile>> {
    let Ok(entries) = std::fs::read_dir(folder(data_file)) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
        .filter_map(|p| describe(&p).ok())
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(stamp_of(&f.file_name).to_owned()));
    Ok(files)
}

/// For a data file that cannot be opened at all (damaged, or not SQLite): checks the
/// backup, moves the unusable file (and any journal beside it) into the backups folder,
/// where it is kept, and puts a copy of the backup in its place. Returns the file set aside.
pub fn replace_unusable(data_file: &Path, backup: &Path) -> Result<BackupFile> {
    ensure_listed(data_file, backup)?;
    // Only a file that is truly unusable is replaced: never a newer Waymark's, a locked
    // or read-only one (those have other remedies), nor one that opens after all.
    match crate::db::open(data_file) {
        Err(Error::DbDamaged(_) | Error::DbUnreadable(_)) => {}
        Err(other) => return Err(other),
        Ok(_) => {
            return Err(Error::conflict(
                None,
                "The data file opens normally; restore backups from Settings.",
            ));
        }
    }
    inspect(backup)?;
    let bytes = std::fs::read(backup)
        .map_err(|e| Error::Io(format!("could not read {}: {e}", backup.display())))?;
    let aside = stamped_path(data_file, UNUSABLE);
    let moved = |from: &Path, to: &Path| {
        std::fs::rename(from, to)
            .map_err(|e| Error::Io(format!("could not move {} aside: {e}", from.display())))
    };
    moved(data_file, &aside)?;
    // A journal left by the unusable file must not be replayed into the restored one.
    for suffix in ["-wal", "-shm", "-journal"] {
        let journal = PathBuf::from(format!("{}{suffix}", data_file.display()));
        if journal.exists() {
            moved(
                &journal,
                &PathBuf::from(format!("{}{suffix}", aside.display())),
            )?;
        }
    }
    crate::files::write_atomic(data_file, &bytes)?;
    describe(&aside)
}

/// Only the backups listed beside the data file can be restored.
fn ensure_listed(data_file: &Path, backup: &Path) -> Result<()> {
    let inside = |p: &Path| p.canonicalize().ok();
    let folder = inside(&folder(data_file));
    if folder.is_none() || inside(backup).and_then(|b| b.parent().map(Path::to_path_buf)) != folder
    {
        return Err(Error::NotFound { what: "Backup" });
    }
    Ok(())
}

/// The `YYYYMMDDTHHMMSSmmm` that ends each backup's name.
fn stamp_of(file_name: &str) -> &str {
    file_name
        .trim_end_matches(".sqlite3")
        .rsplit('-')
        .next()
        .unwrap_or_default()
}

fn describe(path: &Path) -> Result<BackupFile> {
    let bytes = std::fs::metadata(path)
        .map_err(|e| Error::Io(format!("could not read {}: {e}", path.display())))?
        .len();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = stamp_of(&file_name);
    let taken_at =
        chrono::NaiveDateTime::parse_from_str(stamp.get(..15).unwrap_or_default(), "%Y%m%dT%H%M%S")
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
            .unwrap_or_default();
    // `<stem>-<kind>-<stamp>.sqlite3`, where the stem may itself contain dashes.
    let kind = [MANUAL, DAILY, BEFORE_RESTORE, UNUSABLE]
        .into_iter()
        .find(|k| file_name.ends_with(&format!("-{k}-{stamp}.sqlite3")))
        .map(str::to_owned)
        .or_else(|| {
            file_name
                .trim_end_matches(&format!("-{stamp}.sqlite3"))
                .rsplit('-')
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_default();
    Ok(BackupFile {
        path: path.display().to_string(),
        file_name,
        bytes,
        kind,
        taken_at,
    })
}
