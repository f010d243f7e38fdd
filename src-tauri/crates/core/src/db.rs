//! Opening the data file: the single place that sets connection pragmas and runs
//! migrations, so every connection in the app behaves the same.

use std::path::Path;
use std::time::Duration;

pub use rusqlite::Connection;
use rusqlite::OpenFlags;
use rusqlite::functions::FunctionFlags;

use crate::error::{Error, Result};
use crate::migrations;

/// Opens (creating if needed) the database at `path` and migrates it.
/// A file from a newer Waymark is refused untouched.
pub fn open(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    check_length(path)?;
    let conn = Connection::open_with_flags(path, flags).map_err(classify)?;
    if conn.is_readonly(rusqlite::MAIN_DB).map_err(classify)? {
        return Err(Error::DbReadOnly);
    }
    prepare(conn, Some(path)).map_err(|e| match e {
        Error::Database(e) => classify(e),
        other => other,
    })
}

/// A file cut short (a copy that stopped half-way, a full disk) is shorter than the size
/// its own header records. SQLite would only notice when it reads a missing page, long
/// after start-up; the header check costs one read. A write-ahead log beside the file is
/// left to SQLite: a checkpoint interrupted by a crash can leave the file shorter than its
/// header says until the log is replayed, which is recovery, not damage.
fn check_length(path: &Path) -> Result<()> {
    use std::io::Read;
    let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Ok(());
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(()); // a new file, or one SQLite will explain better
    };
    let mut header = [0u8; 100];
    if file.read_exact(&mut header).is_err() || !header.starts_with(b"SQLite format 3\0") {
        return Ok(());
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The recorded size is only meaningful while it matches the change counter.
    let valid = header[24..28] == header[92..96];
    let length = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
    if valid && pages > 0 && length < pages * page_size {
        return Err(Error::DbDamaged(format!(
            "it is {length} bytes long but records {} bytes",
            pages * page_size
        )));
    }
    Ok(())
}

/// Turns SQLite's failures at open into the reasons a person can act on.
fn classify(e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::DbLocked,
        Some(ErrorCode::ReadOnly) => Error::DbReadOnly,
        Some(ErrorCode::DatabaseCorrupt) => Error::DbDamaged(e.to_string()),
        Some(ErrorCode::NotADatabase) => {
            Error::DbUnreadable("it is not a Waymark data file (not an SQLite database)".to_owned())
        }
        _ => Error::DbUnreadable(e.to_string()),
    }
}

/// A private in-memory database, fully migrated: for tests and previews.
pub fn open_in_memory() -> Result<Connection> {
    prepare(Connection::open_in_memory()?, None)
}

/// `file` is where the database lives on disk; a file about to be migrated is backed up first.
fn prepare(mut conn: Connection, file: Option<&Path>) -> Result<Connection> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // Reading the version first also proves the file is SQLite, before any pragma writes.
    let version = migrations::check_version(&conn)?;
    if let Some(file) = file
        && version > 0
        && version < migrations::latest_version()
    {
        // A consistent copy of the file as it was, before a migration touches it.
        crate::backups::copy(&conn, file, &format!("schema-v{version}"))?;
    }
    register_functions(&conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL makes each commit survive a power cut too; notes nobody can retype are worth
    // the small cost per commit.
    conn.pragma_update(None, "synchronous", "FULL")?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

/// SQLite's own `lower()` and `LIKE` fold ASCII only; `casefold()` folds every script,
/// so a search for "сок" finds "Соколов" and "ørsted" finds "Ørsted".
fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "casefold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|s| s.to_lowercase())),
    )?;
    Ok(())
}

/// What the UI learns at start-up about the data file it is working on.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DataFileStatus {
    pub path: String,
    /// Why the file could not be opened; none when all is well.
    pub error: Option<crate::ErrorPayload>,
    /// True while the app shows the demo database instead of the person's own.
    pub demo: bool,
}
