// Demo data: the hand-written showcase, the generator for measuring at scale, their file.
//! Demo databases, written to a file of their own through every layer below.

use std::path::Path;

use crate::error::{Error, Result};
use crate::store::{db, files};

#[cfg(feature = "at-scale")]
mod at_scale;
mod showcase;
mod summary;

pub use showcase::{keys_match_catalogue, populate};
pub use summary::DemoSummary;

/// How much demo data to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoSize {
    /// The hand-written showcase: a few people with stories worth reading.
    Showcase,
    /// This many generated mentees with full plans and histories, for measuring at scale
    /// (with the `at-scale` feature, which the app leaves out).
    #[cfg(feature = "at-scale")]
    Mentees(usize),
}

/// Writes a fresh demo database to `path`, replacing any file there. It is built beside
/// the target under a new, randomly named private file and renamed over it, so a failure
/// never leaves half a file and nothing already at a guessable name is followed or reused.
pub fn write_file(path: &Path, size: DemoSize) -> Result<DemoSummary> {
    let failed = |e: std::io::Error| Error::Io(format!("could not write {}: {e}", path.display()));
    // Closed at once, so SQLite holds the only handle (closing another one would drop
    // SQLite's locks); removed when dropped, on any failure below.
    let staging = files::temp_file_beside(path)
        .map_err(failed)?
        .into_temp_path();
    let summary = {
        let mut conn = db::open(&staging)?;
        // Only the finished file is renamed into place, so a crash midway costs nothing:
        // the staging file skips the write-ahead log and the syncs, and caches generously.
        conn.pragma_update(None, "journal_mode", "MEMORY")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "cache_size", -262_144)?;
        let summary = match size {
            DemoSize::Showcase => showcase::populate(&mut conn)?,
            #[cfg(feature = "at-scale")]
            DemoSize::Mentees(n) => at_scale::populate(&mut conn, n)?,
        };
        // Fold the write-ahead log back in so the single file is complete.
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        summary
    };
    // The file this replaces may have journals beside it (the app or a script stopped
    // while it was open), which SQLite would replay into the new one. They go first, so
    // that a stop in between leaves at worst the old file without them.
    for journal in files::journals_of(path) {
        match std::fs::remove_file(&journal) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(e)),
            _ => {}
        }
    }
    // Written without syncs, so its contents reach the disk here, before it replaces
    // the old file.
    std::fs::File::open(&staging)
        .and_then(|written| written.sync_all())
        .map_err(failed)?;
    files::put_in_place(staging, path).map_err(failed)?;
    Ok(summary)
}
