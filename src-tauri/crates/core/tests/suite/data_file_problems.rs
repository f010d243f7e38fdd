//! Files Waymark cannot use are explained, never crashed on and never written to: not
//! SQLite, cut short, read-only, locked by another program, newer than this build.

use std::path::Path;

use rusqlite::Connection;
use waymark_core::{Error, db};

use crate::common::demo_file;
use crate::common::write_protected::WriteProtected;

/// The error opening `path`; none when it opened, which every test here treats as a failure.
fn open_error(path: &Path) -> Option<Error> {
    db::open(path).err()
}

#[test]
fn a_file_that_is_not_sqlite_is_explained_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(&path, "Dear diary, today I mentored.".repeat(200)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = open_error(&path).unwrap();
    assert_eq!(e.code(), "db_unreadable");
    assert!(e.to_string().contains("not a Waymark data file"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_cut_short_is_reported_damaged_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    let whole = std::fs::read(&path).unwrap();
    std::fs::write(&path, &whole[..whole.len() / 3]).unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = open_error(&path).unwrap();
    assert_eq!(e.code(), "db_damaged", "{e}");
    assert!(e.to_string().contains("Restore a backup"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_read_only_file_is_refused_rather_than_losing_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let Some(_protected) = WriteProtected::new(&path) else {
        eprintln!("this machine cannot write-protect a file; nothing to check");
        return;
    };
    let e = open_error(&path).unwrap();
    assert_eq!(e.code(), "db_read_only", "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_locked_by_another_program_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    let holder = Connection::open(&path).unwrap();
    holder
        .pragma_update(None, "locking_mode", "EXCLUSIVE")
        .unwrap();
    holder
        .execute_batch("BEGIN EXCLUSIVE; UPDATE settings SET value = value;")
        .unwrap();
    let e = open_error(&path).unwrap();
    assert_eq!(e.code(), "db_locked", "{e}");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    db::open(&path).expect("opens once the other program lets go");
}

#[test]
fn a_file_from_a_newer_waymark_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        open_error(&path).unwrap(),
        Error::DbNewerThanApp { found: 99, .. }
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
