//! Writing files so that a crash or a full disk never leaves a half-written one: write to a
//! temporary file beside the target, flush it to disk, then rename it into place.

use std::fs::Permissions;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What Waymark's own files are: readable and writable by the person only.
pub const PRIVATE_FILE: u32 = 0o600;
/// What the folders Waymark makes are: the person's only.
pub const PRIVATE_FOLDER: u32 = 0o700;

/// Writes `bytes` to `path` whole or not at all. The temporary file has a random name and
/// is created new (never a file or link someone left at a name we would have guessed),
/// private until it is complete. A file replaced keeps its mode, which the person chose;
/// a new one is private.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed = |e: std::io::Error| Error::Io(format!("could not write {}: {e}", path.display()));
    let mode = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.file_type().is_file())
        .map_or(PRIVATE_FILE, |m| m.permissions().mode() & 0o7777);
    (|| {
        // Dropped on any failure below, which removes it.
        let mut temp = temp_file_beside(path)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        temp.as_file()
            .set_permissions(Permissions::from_mode(mode))?;
        put_in_place(temp.into_temp_path(), path)
    })()
    .map_err(failed)
}

/// Puts `temp`, complete and on disk, in place of `path`, then makes the folder's record
/// of the rename last: a crash or a power cut at any point leaves the old file or the
/// new one, whole. A rename replaces a link at `path` rather than writing through it.
pub fn put_in_place(temp: tempfile::TempPath, path: &Path) -> std::io::Result<()> {
    temp.persist(path).map_err(|e| e.error)?;
    std::fs::File::open(folder_of(path))?.sync_all()
}

/// A new private file beside `path`, for [`put_in_place`] to put there once complete.
pub fn temp_file_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    temp_file(folder_of(path), &name)
}

/// The folder `path` is in; the current one for a bare name.
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// The journals SQLite may keep beside the data file at `path` (its write-ahead log, the
/// log's index, a rollback journal). Each belongs to that file alone, yet SQLite replays
/// one it finds into whatever file has the name when it opens: a file put in another's
/// place must not find them.
pub fn journals_of(path: &Path) -> [PathBuf; 3] {
    ["-wal", "-shm", "-journal"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// A new private file in `dir` named `.<name>.<random>.partial`, which no list of
/// Waymark's reads as a finished file.
pub fn temp_file(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .permissions(Permissions::from_mode(PRIVATE_FILE))
        .tempfile_in(dir)
}

/// Creates `dir` and any missing parents, private to the person. A folder that is already
/// there keeps its mode.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_FOLDER)
        .create(dir)
}
