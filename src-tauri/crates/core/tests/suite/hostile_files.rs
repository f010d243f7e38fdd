//! Data files from elsewhere may have been made to hurt: a trigger that copies notes away, a
//! view that never ends, a version number no Waymark writes. Each is refused before
//! anything in it runs, with its own code, and the file is left byte for byte as it was.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use waymark_core::db::{self, Upgrade};
use waymark_core::{Error, demo, migrations, sessions};

use crate::common::demo_file;

type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

/// Changes `path` with another program's connection, as a hostile tool would.
fn tamper(path: &Path, sql: &str) -> Outcome<()> {
    Connection::open(path)?.execute_batch(sql)?;
    Ok(())
}

/// Opens `path` the way the app opens its own file; the file must come out unchanged
/// within seconds, and the refusal is returned.
fn refused(path: &Path) -> Outcome<Error> {
    let before = std::fs::read(path)?;
    let started = Instant::now();
    let Err(e) = db::open(path) else {
        return Err("a tampered file must be refused".into());
    };
    if started.elapsed() > Duration::from_secs(10) {
        return Err(format!("refused only after {:?}", started.elapsed()).into());
    }
    if std::fs::read(path)? != before {
        return Err("the refused file was changed".into());
    }
    Ok(e)
}

#[test]
fn a_planted_trigger_is_refused_before_it_can_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    tamper(
        &path,
        "CREATE TABLE stolen (notes TEXT);
         CREATE TRIGGER copy_notes AFTER INSERT ON sessions
         BEGIN INSERT INTO stolen VALUES (new.notes);
               UPDATE settings SET value = '0' WHERE key = 'backups_kept'; END;",
    )
    .unwrap();
    let e = refused(&path).unwrap();
    assert_eq!(e.code(), "db_altered");
    assert!(e.to_string().contains("changed by another program"), "{e}");
}

#[test]
fn a_trigger_planted_on_its_own_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    tamper(
        &path,
        "CREATE TRIGGER quiet AFTER INSERT ON sessions BEGIN SELECT 1; END;",
    )
    .unwrap();
    let e = refused(&path).unwrap();
    assert_eq!(e.code(), "db_altered");
    assert!(e.to_string().contains("trigger \"quiet\""), "{e}");
}

#[test]
fn a_search_trigger_rewritten_under_its_own_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    // Same name, same table, one statement more: every write would empty the backups.
    tamper(
        &path,
        "DROP TRIGGER search_entries_insert;
         CREATE TRIGGER search_entries_insert INSTEAD OF INSERT ON search_entries BEGIN
             INSERT INTO search_index (rowid, kind, ref_id, title, body)
             VALUES (NEW.entry, NEW.kind, NEW.ref_id, NEW.title, NEW.body);
             UPDATE settings SET value = '0' WHERE key = 'backups_kept';
         END;",
    )
    .unwrap();
    let e = refused(&path).unwrap();
    assert_eq!(e.code(), "db_altered");
}

/// The term counts are data: false ones change which completions a short prefix stands
/// for, never what an entry holds or whether what was written last is found.
#[test]
fn false_search_term_counts_cost_only_the_ranking_of_completions() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    let before = {
        let conn = db::open(&path).unwrap();
        waymark_core::search::search(&conn, "s").unwrap()
    };
    assert!(!before.is_empty());
    tamper(
        &path,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
         INSERT INTO search_terms (term, entries) SELECT 's' || i, 1000000 FROM n;",
    )
    .unwrap();
    let conn = db::open(&path).unwrap();
    let after = waymark_core::search::search(&conn, "s").unwrap();
    // No invented term matches anything, so the newest entries of each kind are ranked.
    assert!(!after.is_empty(), "{after:?}");
    let found = waymark_core::search::search(&conn, "stakeholder").unwrap();
    assert!(!found.is_empty());
}

#[test]
fn a_table_replaced_by_an_endless_view_is_refused_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    // The first screen reads milestones; as an endless recursive view it would never end.
    tamper(
        &path,
        "PRAGMA foreign_keys = OFF;
         DROP TABLE milestone_links; DROP TABLE milestones;
         CREATE VIEW milestones AS
           WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
           SELECT x AS id, x AS goal_id, 'x' AS title FROM n;",
    )
    .unwrap();
    let e = refused(&path).unwrap();
    assert_eq!(e.code(), "db_altered");
    assert!(e.to_string().contains("\"milestones\""), "{e}");
}

#[test]
fn an_extra_endless_view_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    tamper(
        &path,
        "CREATE VIEW forever AS
           WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n;",
    )
    .unwrap();
    assert_eq!(refused(&path).unwrap().code(), "db_altered");
}

#[test]
fn a_changed_or_missing_index_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    let index: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    tamper(&path, &format!("DROP INDEX {index};")).unwrap();
    let e = refused(&path).unwrap();
    assert_eq!(e.code(), "db_altered");
    assert!(e.to_string().contains("is missing"), "{e}");
}

#[test]
fn a_negative_version_skips_nothing_and_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    tamper(&path, "PRAGMA user_version = -1;").unwrap();
    let e = refused(&path).unwrap();
    assert_eq!(e.code(), "db_altered");
    assert!(e.to_string().contains("-1"), "{e}");
    assert!(
        !dir.path().join("backups").exists(),
        "no backup was made of it either"
    );
}

#[test]
fn another_programs_database_at_version_zero_is_not_migrated_into() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite3");
    tamper(
        &path,
        "CREATE TABLE mentees (who TEXT); INSERT INTO mentees VALUES ('x');",
    )
    .unwrap();
    let e = refused(&path).unwrap();
    assert_eq!(e.code(), "db_unreadable");
    assert!(e.to_string().contains("not a Waymark data file"), "{e}");
}

#[test]
fn a_file_waymark_made_opens_and_its_own_writes_run_only_its_triggers() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    let mut conn = db::open(&path).unwrap();
    let mentee = conn
        .query_row("SELECT min(id) FROM mentees", [], |r| r.get(0))
        .unwrap();
    sessions::create(
        &mut conn,
        mentee,
        &sessions::SessionInput {
            held_on: "2026-11-30".into(),
            notes: "A private note.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // Search's own triggers ran, so the note is found.
    assert!(
        !waymark_core::search::search(&conn, "private")
            .unwrap()
            .sessions
            .is_empty()
    );
}

#[test]
fn a_generated_file_with_its_search_triggers_rebuilt_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.sqlite3");
    demo::write_file(&path, demo::DemoSize::Mentees(3)).unwrap();
    db::open(&path).unwrap();
}

#[test]
fn a_chosen_older_file_is_upgraded_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        for (i, (_, sql)) in migrations::MIGRATIONS.iter().take(3).enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1)
                .unwrap();
        }
        conn.execute("INSERT INTO mentees (name) VALUES ('Ada')", [])
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match db::open_with(&path, Upgrade::AskFirst) {
        Err(Error::DbOlderThanApp { found, supported }) => {
            assert_eq!(found, 3);
            assert_eq!(supported, migrations::latest_version());
        }
        other => panic!("expected to be asked first, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("backups").exists());

    // Agreed: upgraded, with the copy kept.
    let conn = db::open(&path).unwrap();
    assert_eq!(
        migrations::schema_version(&conn).unwrap(),
        migrations::latest_version()
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn a_chosen_file_is_checked_whole_before_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path()).unwrap();
    // Scramble the last page, which holds rows, not the schema.
    let mut bytes = std::fs::read(&path).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let last = bytes.len() - page;
    bytes[last..last + 64].fill(0xA5);
    std::fs::write(&path, &bytes).unwrap();
    let e = db::open_with(&path, Upgrade::AskFirst).expect_err("damage found up front");
    assert!(matches!(e.code(), "db_damaged" | "db_unreadable"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_statement_past_its_deadline_is_stopped() {
    let conn = db::open_in_memory().unwrap();
    let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
                   SELECT count(*) FROM n";
    let started = Instant::now();
    let e = db::within(Duration::from_millis(200), || {
        conn.query_row(endless, [], |r| r.get::<_, i64>(0))
            .map_err(Error::from)
    })
    .unwrap_err();
    assert_eq!(e.code(), "took_too_long");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Outside the deadline the connection works as before.
    let one: i64 = conn.query_row("SELECT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(one, 1);
}

#[test]
fn the_schema_cannot_be_rewritten_through_a_connection() {
    let conn = db::open_in_memory().unwrap();
    // Defensive mode: no writable schema, so no planting through Waymark's own connection.
    let _ = conn.execute_batch("PRAGMA writable_schema = ON");
    let planted = conn.execute(
        "UPDATE sqlite_schema SET sql = 'CREATE TABLE x(y)' WHERE name = 'mentees'",
        [],
    );
    assert!(planted.is_err());
}

#[test]
fn sizes_are_bounded() {
    let conn = db::open_in_memory().unwrap();
    let huge = conn.query_row("SELECT length(zeroblob(100 * 1024 * 1024))", [], |r| {
        r.get::<_, i64>(0)
    });
    assert!(huge.is_err(), "a 100 MB value is refused");
    let attach = conn.execute_batch("ATTACH DATABASE ':memory:' AS other");
    assert!(attach.is_err(), "no other database can be attached");
}
