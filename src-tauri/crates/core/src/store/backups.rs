//! Copies of the data file in a `backups` folder beside it, made with SQLite's online
//! backup API so each copy is consistent even while the app is writing: on request, once
//! a day at start-up, before a migration, and before a restore. Restoring checks the copy
//! first and keeps the current data as one more backup.
//!
//! The folder is private, every copy is created new under a random name and renamed into
//! place whole, and a backup is only ever read through one handle on a regular file.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::snapshot::{copy, stem};
use crate::{store::files, store::migrations, store::settings};

/// Where a data file's backups live; see [`crate::store::snapshot`].
pub use crate::store::snapshot::folder;

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

/// A backup on request; the newest of them are kept, as many as Settings says.
pub fn back_up_now(conn: &Connection, data_file: &Path) -> Result<BackupFile> {
    let path = copy(conn, data_file, MANUAL)?;
    rotate(conn, data_file, MANUAL, &path)?;
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
    rotate(conn, data_file, DAILY, &path)?;
    describe(&path).map(Some)
}

/// Removes the oldest backups of `kind` (daily or manual) beyond the number Settings
/// keeps. The copy just written always stays, whatever the settings or the clock say.
fn rotate(conn: &Connection, data_file: &Path, kind: &str, just_written: &Path) -> Result<()> {
    // At least 1 (see `settings::get`), and the copy just written is that one.
    let keep = usize::try_from(settings::get(conn)?.backups_kept).unwrap_or(1);
    let older = list(data_file)?
        .into_iter()
        .filter(|b| b.kind == kind && Path::new(&b.path) != just_written);
    for old in older.skip(keep.saturating_sub(1)) {
        let _ = std::fs::remove_file(&old.path);
    }
    Ok(())
}

/// Reads a backup and checks it can be restored: SQLite, intact, made by Waymark, and not
/// from a newer Waymark. Nothing is written to it.
pub fn inspect(path: &Path) -> Result<BackupContents> {
    let (file, length) = open_backup(path)?;
    let copy = in_memory(path, file, length)?;
    check(path, &copy)
}

/// Opens a backup for reading only if it is a regular file: a symbolic link (which could
/// point anywhere) is refused, and so is a file swapped in between the look and the open.
fn open_backup(path: &Path) -> Result<(File, u64)> {
    let not_found = || Error::NotFound { what: "Backup" };
    let seen = std::fs::symlink_metadata(path).map_err(|_| not_found())?;
    if !seen.file_type().is_file() {
        return Err(not_found());
    }
    let file =
        File::open(path).map_err(|e| Error::DbUnreadable(format!("{}: {e}", path.display())))?;
    let opened = file
        .metadata()
        .map_err(|e| Error::DbUnreadable(format!("{}: {e}", path.display())))?;
    if (opened.dev(), opened.ino()) != (seen.dev(), seen.ino()) {
        return Err(not_found());
    }
    Ok((file, opened.len()))
}

/// The backup's bytes as a private in-memory database: every check and the restore itself
/// read this one copy, so what is restored is exactly what was checked.
fn in_memory(path: &Path, mut reader: impl Read, length: u64) -> Result<Connection> {
    let unreadable = |detail: String| Error::DbUnreadable(format!("{}: {detail}", path.display()));
    let length = usize::try_from(length)
        .ok()
        .filter(|n| *n >= HEADER)
        .ok_or_else(|| unreadable("it is not a Waymark data file".to_owned()))?;
    let mut header = [0u8; HEADER];
    reader
        .read_exact(&mut header)
        .map_err(|e| unreadable(e.to_string()))?;
    without_wal(&mut header);
    let mut conn = Connection::open_in_memory()?;
    conn.deserialize_read_exact(
        rusqlite::MAIN_DB,
        header.as_slice().chain(reader),
        length,
        true,
    )
    .map_err(|e| unreadable(e.to_string()))?;
    Ok(conn)
}

/// The length of an SQLite file's header.
const HEADER: usize = 100;

/// An in-memory database has no write-ahead log, so a copy of a file in WAL mode is marked
/// as using a rollback journal (header bytes 18 and 19). Nothing else changes, and opening
/// the file turns WAL back on.
fn without_wal(header: &mut [u8]) {
    if let Some(versions @ [2, 2]) = header.get_mut(18..20) {
        versions.copy_from_slice(&[1, 1]);
    }
}

/// Checks an in-memory copy of the backup at `path` before anything is restored from it.
/// The schema is compared first, so nothing a program planted in the file (a trigger, a
/// view) runs during the checks or comes back with the restore.
fn check(path: &Path, conn: &Connection) -> Result<BackupContents> {
    let unreadable = |e: rusqlite::Error| Error::DbUnreadable(format!("{}: {e}", path.display()));
    let as_unreadable = |e: Error| match e {
        Error::Database(e) => unreadable(e),
        other => other,
    };
    let schema_version = migrations::check_version(conn).map_err(as_unreadable)?;
    if schema_version == 0 {
        return Err(Error::DbUnreadable(format!(
            "{} is not a Waymark data file.",
            path.display()
        )));
    }
    migrations::verify_schema(conn, schema_version).map_err(as_unreadable)?;
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
/// backup is read once into memory and checked there; the current data is copied aside
/// (`before-restore`), then the checked copy is copied in through SQLite's backup API and
/// brought up to this version's schema. Returns the copy of what was there before, which
/// rotation never removes: it holds what the restore replaced, which no other backup has.
pub fn restore(conn: &mut Connection, data_file: &Path, backup: &Path) -> Result<BackupFile> {
    ensure_listed(data_file, backup)?;
    let (file, length) = open_backup(backup)?;
    let source = in_memory(backup, file, length)?;
    check(backup, &source)?;
    let safety = copy(conn, data_file, BEFORE_RESTORE)?;
    rusqlite::backup::Backup::new(&source, conn)?.run_to_completion(256, Duration::ZERO, None)?;
    migrations::migrate(conn)?;
    describe(&safety)
}

/// This data file's backups, newest first (by the timestamp that ends each name). Only
/// regular files named for this data file count: another data file's backups in the same
/// folder, and links, are not listed (and so never restored or rotated).
pub fn list(data_file: &Path) -> Result<Vec<BackupFile>> {
    let Ok(entries) = std::fs::read_dir(folder(data_file)) else {
        return Ok(Vec::new());
    };
    let stem = stem(data_file);
    let mut files: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        // `DirEntry::file_type` does not follow links.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| parse_name(&stem, n).is_some())
        })
        .filter_map(|p| describe(&p).ok())
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(stamp_of(&f.file_name).to_owned()));
    Ok(files)
}

/// For a data file that cannot be opened at all (damaged, or not SQLite): checks the
/// backup, moves the unusable file (and any journal beside it) into the backups folder,
/// where it is kept, and puts the checked bytes of the backup in its place. Returns the
/// file set aside.
pub fn replace_unusable(data_file: &Path, backup: &Path) -> Result<BackupFile> {
    ensure_listed(data_file, backup)?;
    // Only a file that is truly unusable is replaced: never a newer Waymark's, a locked
    // or read-only one (those have other remedies), nor one that opens after all.
    match crate::store::db::open(data_file) {
        Err(Error::DbDamaged(_) | Error::DbUnreadable(_) | Error::DbAltered(_)) => {}
        Err(other) => return Err(other),
        Ok(_) => {
            return Err(Error::conflict(
                None,
                "The data file opens normally; restore backups from Settings.",
            ));
        }
    }
    let (file, length) = open_backup(backup)?;
    let mut bytes = Vec::new();
    file.take(length)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::DbUnreadable(format!("{}: {e}", backup.display())))?;
    // What is checked and what is written are the same bytes.
    without_wal(&mut bytes);
    check(backup, &in_memory(backup, bytes.as_slice(), length)?)?;
    let dir = folder(data_file);
    files::create_private_dir(&dir)
        .map_err(|e| Error::Io(format!("could not create {}: {e}", dir.display())))?;
    let aside = dir.join(format!(
        "{}-{UNUSABLE}-{}.sqlite3",
        stem(data_file),
        chrono::Local::now().format("%Y%m%dT%H%M%S%3f")
    ));
    let moved = |from: &Path, to: &Path| {
        std::fs::rename(from, to)
            .map_err(|e| Error::Io(format!("could not move {} aside: {e}", from.display())))
    };
    moved(data_file, &aside)?;
    // A journal left by the unusable file must not be replayed into the restored one.
    for (journal, kept) in files::journals_of(data_file)
        .into_iter()
        .zip(files::journals_of(&aside))
    {
        if journal.symlink_metadata().is_ok() {
            moved(&journal, &kept)?;
        }
    }
    files::write_atomic(data_file, &bytes)?;
    describe(&aside)
}

/// Only the backups listed beside the data file can be restored.
fn ensure_listed(data_file: &Path, backup: &Path) -> Result<()> {
    let listed = list(data_file)?;
    if listed.iter().any(|b| Path::new(&b.path) == backup) {
        Ok(())
    } else {
        Err(Error::NotFound { what: "Backup" })
    }
}

/// `(kind, stamp)` when `file_name` is `<stem>-<kind>-<YYYYMMDDTHHMMSSmmm>.sqlite3` for
/// exactly this `stem` and a kind Waymark writes. Stems may contain dashes, and no kind
/// ends in another kind, so `waymark-demo-manual-…` is never taken for `waymark`'s.
fn parse_name<'a>(stem: &str, file_name: &'a str) -> Option<(&'a str, &'a str)> {
    let rest = file_name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".sqlite3")?;
    let (kind, stamp) = rest.rsplit_once('-')?;
    let stamp_ok = stamp.len() == 18
        && stamp
            .char_indices()
            .all(|(i, c)| if i == 8 { c == 'T' } else { c.is_ascii_digit() });
    let known = [MANUAL, DAILY, BEFORE_RESTORE, UNUSABLE].contains(&kind)
        || kind
            .strip_prefix("schema-v")
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
    (stamp_ok && known).then_some((kind, stamp))
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
    let bytes = std::fs::symlink_metadata(path)
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
    // Everything between the stem and the stamp; the stem itself may contain dashes.
    let kind = [MANUAL, DAILY, BEFORE_RESTORE, UNUSABLE]
        .into_iter()
        .find(|k| file_name.ends_with(&format!("-{k}-{stamp}.sqlite3")))
        .map(str::to_owned)
        .or_else(|| {
            file_name
                .trim_end_matches(&format!("-{stamp}.sqlite3"))
                .rsplit_once("-schema-")
                .map(|(_, v)| format!("schema-{v}"))
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
