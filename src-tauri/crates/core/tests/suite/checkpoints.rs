//! The write-ahead log is copied back into the data file by a thread of its own, beside
//! the app's connection: what is written reaches the file itself, the log stays bounded
//! under writes that never pause, and nothing is left open once the app's connection closes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use waymark_core::{checkpoints, db};

/// About a page of data a row, so that rows count pages.
const ROW: &str = "INSERT INTO scratch (filler) VALUES (zeroblob(4000))";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn writer(path: &Path) -> Result<Connection> {
    let mut conn = db::open(path)?;
    checkpoints::move_off_writer(&mut conn, path)?;
    conn.execute_batch("CREATE TABLE scratch (filler BLOB)")?;
    Ok(conn)
}

/// Commits `commits` transactions of `rows` rows each, one after another.
fn write(conn: &mut Connection, commits: usize, rows: usize) -> Result<()> {
    for _ in 0..commits {
        let tx = conn.transaction()?;
        for _ in 0..rows {
            tx.execute(ROW, [])?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// The rows of `scratch` in the data file itself, leaving its log aside: a copy of the
/// file alone, read (none while the table is only in the log).
fn rows_in_file_alone(path: &Path, folder: &Path) -> Result<i64> {
    let copy = folder.join("file-alone.sqlite3");
    std::fs::copy(path, &copy)?;
    let conn = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let rows = conn
        .query_row("SELECT count(*) FROM scratch", [], |r| r.get(0))
        .unwrap_or(0);
    drop(conn);
    std::fs::remove_file(&copy)?;
    Ok(rows)
}

fn log_of(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", path.display()))
}

#[test]
fn what_is_written_reaches_the_data_file_without_the_writer_copying_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.sqlite3");
    let mut conn = writer(&path).unwrap();
    // Past the thread's threshold, short of the writer's own. The thread copies the rows
    // in the log when it passed 1,000 pages (each commit also logs the table's inner pages
    // again: some 800 rows); those after wait until the log has grown by 1,000 more.
    write(&mut conn, 15, 100).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut copied = 0;
    while copied < 700 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        copied = rows_in_file_alone(&path, dir.path()).unwrap();
    }
    assert!(
        copied >= 700,
        "only {copied} rows reached the data file itself"
    );
}

#[test]
fn the_log_stays_bounded_under_writes_that_never_pause_and_goes_with_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.sqlite3");
    let mut conn = writer(&path).unwrap();
    let mut largest = 0;
    for _ in 0..40 {
        write(&mut conn, 1, 250).unwrap();
        largest = largest.max(std::fs::metadata(log_of(&path)).unwrap().len());
    }
    // 10,000 pages written; past 4,000 the writer copies what is left itself, which it
    // cannot while the thread is copying, so the log may pass that by a few commits.
    let page = 4096 + 24;
    assert!(largest <= 6_000 * page, "the log grew to {largest} bytes");
    assert_eq!(
        conn.query_row("SELECT count(*) FROM scratch", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        10_000
    );
    // The thread's connection closes with the writer's: the last to close removes the log.
    drop(conn);
    assert!(!log_of(&path).exists(), "a connection was left open");
}
