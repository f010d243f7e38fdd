use rusqlite::Connection;
use waymark_core::{Error, db, migrations};

#[test]
fn a_new_file_is_migrated_to_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.sqlite3");
    let conn = db::open(&path).unwrap();
    assert_eq!(
        migrations::schema_version(&conn).unwrap(),
        migrations::latest_version()
    );
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: bool = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert!(fk);
}

#[test]
fn reopening_applies_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    drop(db::open(&path).unwrap());
    let mut conn = db::open(&path).unwrap();
    assert!(migrations::migrate(&mut conn).unwrap().is_empty());
}

#[test]
fn every_file_in_the_migrations_folder_is_registered_in_order() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../migrations");
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let registered: Vec<&str> = migrations::MIGRATIONS.iter().map(|(n, _)| *n).collect();
    assert_eq!(files, registered);
    for (i, name) in registered.iter().enumerate() {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)),
            "{name} is out of sequence"
        );
    }
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match db::open(&path) {
        Err(Error::DbNewerThanApp { found, supported }) => {
            assert_eq!(found, 999);
            assert_eq!(supported, migrations::latest_version());
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("newer.sqlite3-wal").exists());
}

#[test]
fn a_file_that_is_not_sqlite_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    let junk = b"these are my notes, not a database, and they must survive ".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    let err = db::open(&path).unwrap_err();
    assert_eq!(err.code(), "db_unreadable");
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[test]
fn a_failing_migration_leaves_the_previous_version() {
    let mut conn = Connection::open_in_memory().unwrap();
    // A table the first migration wants to create is already there, so it fails midway.
    conn.execute_batch("CREATE TABLE mentees (x);").unwrap();
    assert!(migrations::migrate(&mut conn).is_err());
    assert_eq!(migrations::schema_version(&conn).unwrap(), 0);
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'competencies'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        tables, 0,
        "the failed migration's earlier statements rolled back"
    );
}

#[test]
fn an_older_file_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.sqlite3");
    {
        // A file as the first two migrations left it, with a mentee in it.
        let conn = Connection::open(&path).unwrap();
        for (i, (_, sql)) in migrations::MIGRATIONS.iter().take(2).enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1)
                .unwrap();
        }
        conn.execute("INSERT INTO mentees (name) VALUES ('Ada')", [])
            .unwrap();
    }
    let conn = db::open(&path).unwrap();
    assert_eq!(
        migrations::schema_version(&conn).unwrap(),
        migrations::latest_version()
    );
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1);
    assert!(
        backups[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains("schema-v2")
    );
    let copy = Connection::open(&backups[0]).unwrap();
    assert_eq!(
        migrations::schema_version(&copy).unwrap(),
        2,
        "the copy is the file as it was"
    );
    let name: String = copy
        .query_row("SELECT name FROM mentees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Ada");
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    // An up-to-date file is not copied again.
    drop(conn);
    drop(db::open(&path).unwrap());
    assert_eq!(
        std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count(),
        1
    );
}
