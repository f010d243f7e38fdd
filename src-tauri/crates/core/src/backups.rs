//! Copies of the data file in a `backups` folder beside it, made with SQLite's online
//! backup API so each copy is consistent even while the app is writing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

/// How many manual backups are kept; older ones are removed after a new one succeeds.
pub const KEEP_MANUAL: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    pub bytes: u64,
}

pub fn folder(data_file: &Path) -> PathBuf {
    data_file
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Copies the open database to `backups/<stem>-<label>-<YYYYMMDDTHHMMSSmmm>.sqlite3`.
pub fn copy(conn: &Connection, data_file: &Path, label: &str) -> Result<PathBuf> {
    let dir = folder(data_file);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Io(format!("could not create {}: {e}", dir.display())))?;
    let stem = data_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S%3f");
    let target = dir.join(format!("{stem}-{label}-{stamp}.sqlite3"));
    let mut copy = Connection::open(&target)?;
    rusqlite::backup::Backup::new(conn, &mut copy)?.run_to_completion(256, Duration::ZERO, None)?;
    Ok(target)
}

/// A backup on request, keeping the newest [`KEEP_MANUAL`] of them.
pub fn back_up_now(conn: &Connection, data_file: &Path) -> Result<BackupFile> {
    let path = copy(conn, data_file, "manual")?;
    let manual: Vec<BackupFile> = list(data_file)?
        .into_iter()
        .filter(|b| b.file_name.contains("-manual-"))
        .collect();
    for old in manual.iter().skip(KEEP_MANUAL) {
        let _ = std::fs::remove_file(&old.path);
    }
    describe(&path)
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
    let stamp = |f: &BackupFile| {
        f.file_name
            .trim_end_matches(".sqlite3")
            .rsplit('-')
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    files.sort_by_key(|f| std::cmp::Reverse(stamp(f)));
    Ok(files)
}

fn describe(path: &Path) -> Result<BackupFile> {
    let bytes = std::fs::metadata(path)
        .map_err(|e| Error::Io(format!("could not read {}: {e}", path.display())))?
        .len();
    Ok(BackupFile {
        path: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes,
    })
}
