//! Opening the data file: the single place that sets connection pragmas and runs
//! migrations, so every connection in the app behaves the same.

use std::cell::Cell;
use std::path::Path;
use std::time::{Duration, Instant};

pub use rusqlite::Connection;
use rusqlite::OpenFlags;
use rusqlite::config::DbConfig;
use rusqlite::functions::FunctionFlags;
use rusqlite::limits::Limit;

use crate::error::{Error, Result};
use crate::store::migrations;

/// The current moment as Waymark stores it (UTC, to the second), for SQL written in Rust;
/// the migrations' column defaults spell out the same expression.
pub(crate) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// How an older file is brought up to this version's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upgrade {
    /// The app's own data file after an update: upgraded on open, a copy kept first.
    OnOpen,
    /// A file the person picked: checked whole first, and refused with
    /// `db_older_than_app` until they agree to upgrade it (then opened with `OnOpen`).
    AskFirst,
}

/// Opens (creating if needed) the database at `path` and migrates it, keeping a copy
/// first. A file from a newer Waymark, or one another program changed, is refused untouched.
pub fn open(path: &Path) -> Result<Connection> {
    open_with(path, Upgrade::OnOpen)
}

pub fn open_with(path: &Path, upgrade: Upgrade) -> Result<Connection> {
    open_reporting(path, upgrade, &mut |_| {})
}

/// How far opening a file from an earlier Waymark has come: keeping a copy of it as it was
/// is the first step, then each migration is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeProgress {
    pub done: u32,
    pub steps: u32,
}

/// Whether the file at `path` comes from an earlier Waymark, so opening it will upgrade it.
/// Read without writing anything; a file that cannot be read says no here and explains
/// itself when it is opened.
pub fn needs_upgrade(path: &Path) -> bool {
    let read = || -> Result<bool> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let version = migrations::schema_version(&conn)?;
        Ok(version > 0 && version < migrations::latest_version())
    };
    path.exists() && read().unwrap_or(false)
}

/// `open_with`, calling `report` as an upgrade of an older file moves on.
pub fn open_reporting(
    path: &Path,
    upgrade: Upgrade,
    report: &mut dyn FnMut(UpgradeProgress),
) -> Result<Connection> {
    // No `SQLITE_OPEN_URI`, and SQLite is built without URI names: a path is only a path.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    check_length(path)?;
    let conn = Connection::open_with_flags(path, flags).map_err(classify)?;
    if conn.is_readonly(rusqlite::MAIN_DB).map_err(classify)? {
        return Err(Error::DbReadOnly);
    }
    within(ACTION_LIMIT, || {
        prepare(conn, Some((path, upgrade)), report)
    })
    .map_err(|e| match e {
        Error::Database(e) => classify(e),
        other => other,
    })
}

/// How long one piece of work (opening a file, one command) may keep SQLite busy before
/// it is stopped. Far beyond anything Waymark's own reads and writes need at 10,000
/// mentees; it bounds what a damaged or hostile file could make a statement do.
pub const ACTION_LIMIT: Duration = Duration::from_secs(60);

/// The same for work whose size the person chose: importing an archive (up to its size
/// limit) or restoring a large backup.
pub const BULK_LIMIT: Duration = Duration::from_secs(15 * 60);

/// How long a connection waits for another's lock on the file before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Page cache per connection, in KiB (as a negative `cache_size`). SQLite's 2 MB default
/// re-reads the same pages within one screen's read on a large file: at 10,000 mentees
/// Today's lists touch ~4,000 pages of goals alone. The cache only grows as pages are read.
const CACHE_KIB: i64 = -32 * 1024;

/// How many SQLite virtual-machine steps pass between looks at the clock.
const STEPS_BETWEEN_CHECKS: std::ffi::c_int = 10_000;

thread_local! {
    /// When SQLite work on this thread is stopped; none outside `within`.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Runs `f` with every SQLite statement it runs on this thread stopped (`took_too_long`)
/// once `limit` has passed. The deadline is per thread, as SQLite calls the progress
/// handler on the thread that runs the statement.
pub fn within<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Instant>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEADLINE.set(self.0);
        }
    }
    let _restore = Restore(DEADLINE.replace(Some(Instant::now() + limit)));
    f()
}

fn past_deadline() -> bool {
    DEADLINE
        .get()
        .is_some_and(|deadline| Instant::now() > deadline)
}

/// Bounds on what any statement may build or nest, well above what Waymark writes (the
/// longest text it stores is a 50,000-character note) and far below SQLite's defaults.
const LIMITS: [(Limit, i32); 5] = [
    (Limit::SQLITE_LIMIT_LENGTH, 16 * 1024 * 1024),
    (Limit::SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024),
    (Limit::SQLITE_LIMIT_EXPR_DEPTH, 250),
    (Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 10),
    (Limit::SQLITE_LIMIT_ATTACHED, 0),
];

/// Prepared statements kept per connection.
const STATEMENTS_KEPT: usize = 64;

/// What every connection gets before it reads anything: no writes that could corrupt the
/// file on purpose, cells checked as they are read, bounded sizes, and a deadline. The
/// schema stays trusted (SQLite's default): the search triggers read an `fts5vocab` table,
/// which SQLite does not mark harmless, and a file's schema is held to Waymark's own
/// before it is used (`migrations::verify_schema`).
fn harden(conn: &mut Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    // No plan here depends on a bound value (no statistics are kept, and no `LIKE ?` reads
    // an index), and without this SQLite prepared a statement again whenever such a value
    // changed: FTS5's own, for 5% of a search's time at 10,000 mentees.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    // A search as typed runs some twenty-five statements, each kept prepared; with
    // rusqlite's 16 every search prepared most of them again (another 6%).
    conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
    conn.pragma_update(None, "cell_size_check", true)?;
    for (limit, value) in LIMITS {
        conn.set_limit(limit, value)?;
    }
    conn.progress_handler(STEPS_BETWEEN_CHECKS, Some(past_deadline))?;
    Ok(())
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

/// A read-only connection of its own on a data file the app has open, for long reads that
/// should not hold up the app's connection (the daily backup, the calendar file): in WAL
/// mode it reads beside it. Hardened like every other; the schema was checked by the app's.
pub fn open_reader(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    harden(&mut conn)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    register_functions(&conn)?;
    Ok(conn)
}

/// A connection of its own on a data file the app has open, for copying its write-ahead
/// log back into it (`checkpoints`): it reads and writes nothing else. Hardened like every
/// other, and as durable as the app's.
pub(crate) fn open_checkpointer(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    harden(&mut conn)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

/// A private in-memory database, fully migrated: for tests and previews.
pub fn open_in_memory() -> Result<Connection> {
    prepare(Connection::open_in_memory()?, None, &mut |_| {})
}

/// `file` is where the database lives on disk and how it may be upgraded; a file about to
/// be migrated is backed up first. Nothing is written before the file has passed every check.
fn prepare(
    mut conn: Connection,
    file: Option<(&Path, Upgrade)>,
    report: &mut dyn FnMut(UpgradeProgress),
) -> Result<Connection> {
    harden(&mut conn)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    // Reading the version first also proves the file is SQLite, before any pragma writes.
    let version = migrations::check_version(&conn)?;
    migrations::verify_schema(&conn, version)?;
    let older = version > 0 && version < migrations::latest_version();
    if let Some((file, upgrade)) = file {
        if upgrade == Upgrade::AskFirst {
            quick_check(&conn)?;
            if older {
                return Err(Error::DbOlderThanApp {
                    found: version,
                    supported: migrations::latest_version(),
                });
            }
        }
        if older {
            // A consistent copy of the file as it was, before a migration touches it.
            report(progress(version, 0));
            crate::store::snapshot::copy(&conn, file, &format!("schema-v{version}"))?;
            report(progress(version, 1));
        }
    }
    register_functions(&conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL makes each commit survive a power cut too; notes nobody can retype are worth
    // the small cost per commit.
    conn.pragma_update(None, "synchronous", "FULL")?;
    migrations::migrate_reporting(&mut conn, &mut |applied| {
        report(progress(version, 1 + applied - version));
    })?;
    Ok(conn)
}

/// Progress of an upgrade from `from`, `done` steps in (the copy, then each migration).
fn progress(from: i64, done: i64) -> UpgradeProgress {
    let steps = 1 + migrations::latest_version() - from;
    UpgradeProgress {
        done: u32::try_from(done).unwrap_or(0),
        steps: u32::try_from(steps).unwrap_or(0),
    }
}

/// A file from elsewhere is read whole once before it is used, so damage shows now rather
/// than halfway through someone's work.
fn quick_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA quick_check(5)")?;
    let found: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        problems => Err(Error::DbDamaged(problems.join("; "))),
    }
}

/// SQLite's own `lower()` and `LIKE` fold ASCII only; `casefold()` folds every script,
/// so a search for "сок" finds "Соколов" and "ørsted" finds "Ørsted".
fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "casefold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        // Borrowed, not copied: a search as typed folds every mentee's name and role.
        |ctx| {
            let text = ctx.get_raw(0).as_str_or_null();
            Ok(text
                .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?
                .map(str::to_lowercase))
        },
    )?;
    Ok(())
}

/// What the UI learns at start-up about the data file it is working on.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DataFileStatus {
    pub path: String,
    /// Why the file could not be opened; none when all is well.
    pub error: Option<crate::error::ErrorPayload>,
    /// True while the app shows the demo database instead of the person's own.
    pub demo: bool,
    /// How far the upgrade of a file from an earlier Waymark has come, while it runs.
    pub upgrading: Option<UpgradeProgress>,
}
