//! One consistent copy of an open database into the `backups` folder beside its file,
//! made with SQLite's online backup API. Opening a file copies it before a migration,
//! and `backups` builds every other kind of backup on it, so this sits below both.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::store::files;

pub fn folder(data_file: &Path) -> PathBuf {
    data_file
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Copies the open database to `backups/<stem>-<label>-<YYYYMMDDTHHMMSSmmm>.sqlite3`.
pub fn copy(conn: &Connection, data_file: &Path, label: &str) -> Result<PathBuf> {
    let dir = folder(data_file);
    let failed = |e: std::io::Error| {
        Error::Io(format!(
            "could not write a backup into {}: {e}",
            dir.display()
        ))
    };
    files::create_private_dir(&dir).map_err(failed)?;
    remove_abandoned(&dir, data_file);
    let name = format!(
        "{}-{label}-{}.sqlite3",
        stem(data_file),
        chrono::Local::now().format("%Y%m%dT%H%M%S%3f")
    );
    let target = dir.join(&name);
    // Written under a random name the list ignores, created new (never a file or link
    // left there), and renamed once whole, so a copy cut short (the app closed during the
    // daily copy) never passes for a backup. Dropped on failure, which removes it.
    let partial = files::temp_file(&dir, &name).map_err(failed)?;
    {
        let mut copy = Connection::open_with_flags(
            partial.path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )?;
        rusqlite::backup::Backup::new(conn, &mut copy)?.run_to_completion(
            256,
            Duration::ZERO,
            None,
        )?;
    }
    // SQLite synced the copy as it committed it.
    files::put_in_place(partial.into_temp_path(), &target).map_err(|e| {
        Error::Io(format!(
            "could not finish the backup {}: {e}",
            target.display()
        ))
    })?;
    Ok(target)
}

/// How long a partial copy can go unwritten before it counts as abandoned: a copy in
/// progress writes continuously, however large the file.
const ABANDONED_AFTER: Duration = Duration::from_secs(10 * 60);

/// Removes this data file's partial copies that nothing has written for a while: what a
/// copy leaves when the app is killed, crashes or loses power mid-way. Each is as large as
/// the data file and hidden, so a large file started and closed quickly each morning would
/// otherwise fill the disk unseen. Best effort: a copy that cannot be removed now is
/// tried again at the next.
fn remove_abandoned(dir: &Path, data_file: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{}-", stem(data_file));
    let now = SystemTime::now();
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let abandoned = name.starts_with(&prefix)
            && name.ends_with(".partial")
            // `DirEntry::metadata` does not follow links.
            && entry.metadata().is_ok_and(|m| {
                m.is_file()
                    && m.modified()
                        .ok()
                        .and_then(|at| now.duration_since(at).ok())
                        .is_some_and(|idle| idle >= ABANDONED_AFTER)
            });
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The data file's name without its extension: the first part of each of its backups' names.
pub(crate) fn stem(data_file: &Path) -> String {
    data_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
