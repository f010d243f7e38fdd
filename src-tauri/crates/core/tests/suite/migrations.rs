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

/// Opening a current file compares it with `migrations/schema.json` rather than building
/// the schema; run `make schema` (UPDATE_SCHEMA=1) after adding a migration.
#[test]
fn the_committed_schema_is_what_the_migrations_make() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../migrations/schema.json"
    );
    let built = migrations::latest_schema_built().unwrap();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &built).unwrap();
    }
    assert!(
        std::fs::read_to_string(path).ok().as_deref() == Some(built.as_str()),
        "migrations/schema.json is not what the migrations make; run `make schema` and commit it"
    );
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

fn as_first_two_migrations_left_it(path: &std::path::Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    for (i, (_, sql)) in migrations::MIGRATIONS.iter().take(2).enumerate() {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(conn)
}

/// Opening an older file reports each step, the copy first, so a window can show how far
/// the upgrade has come; a current file has nothing to report.
#[test]
fn an_upgrade_reports_its_progress_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.sqlite3");
    drop(as_first_two_migrations_left_it(&path).unwrap());
    assert!(db::needs_upgrade(&path));
    let mut seen = Vec::new();
    drop(
        db::open_reporting(&path, db::Upgrade::OnOpen, &mut |p| {
            seen.push((p.done, p.steps))
        })
        .unwrap(),
    );
    let steps = migrations::latest_version() as u32 - 1;
    let expected: Vec<(u32, u32)> = (0..=steps).map(|done| (done, steps)).collect();
    assert_eq!(seen, expected);
    assert!(!db::needs_upgrade(&path));
    seen.clear();
    drop(
        db::open_reporting(&path, db::Upgrade::OnOpen, &mut |p| {
            seen.push((p.done, p.steps))
        })
        .unwrap(),
    );
    assert!(seen.is_empty(), "{seen:?}");
    assert!(!db::needs_upgrade(&dir.path().join("none.sqlite3")));
}

#[test]
fn an_older_file_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.sqlite3");
    {
        // A file as the first two migrations left it, with a mentee in it.
        let conn = as_first_two_migrations_left_it(&path).unwrap();
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

/// Rows a person would have had at each schema version, written with the SQL of that
/// version, newest tables last.
const DATA_BY_VERSION: [(i64, &str); 6] = [
    (1, "INSERT INTO mentees (name, current_role) VALUES ('Ada Lovelace', 'Staff Engineer');"),
    (
        3,
        "INSERT INTO assessments (mentee_id, assessed_on, assessor) VALUES (1, '2026-01-05', 'mentor');
         INSERT INTO plans (mentee_id, title, leader_type_id, role_track_key, starts_on, target_on, status)
              VALUES (1, 'Lead the platform', 1, 'tech_lead', '2026-01-05', '2026-12-18', 'active');
         INSERT INTO goals (plan_id, title, position) VALUES (1, 'Write the vision', 0);
         INSERT INTO goal_competencies (goal_id, competency_key) VALUES (1, 'technical_vision');
         INSERT INTO milestones (goal_id, title, due_on, position) VALUES (1, 'First draft', '2026-03-01', 0);",
    ),
    (5, "INSERT INTO sessions (mentee_id, held_on, notes) VALUES (1, '2026-02-02', 'Talked about **delegation**.');"),
    (
        8,
        "INSERT INTO plan_shares (plan_id, role, peer_name, shared_at)
              VALUES (1, 'mentor', 'Ada Lovelace', '2026-02-03T09:00:00Z');
         INSERT INTO plan_documents (plan_id, kind, bytes) VALUES (1, 'plan', x'00');",
    ),
    (
        9,
        "INSERT INTO sync_server (id, url, account, device, token, paired_at)
              VALUES (1, 'ws://127.0.0.1:7311', 'ada', 'Laptop', 'tttttttttttttttt', '2026-02-04T09:00:00Z');",
    ),
    // Paired, with an edit not yet written into the documents.
    (17, "INSERT INTO sync_changed (mentee_id) VALUES (1);"),
];

#[test]
fn a_file_from_every_earlier_version_upgrades_with_its_data_and_a_backup_beside_it() {
    for version in 1..migrations::latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("waymark.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", true).unwrap();
            for (i, (_, sql)) in migrations::MIGRATIONS
                .iter()
                .take(version as usize)
                .enumerate()
            {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", i as i64 + 1)
                    .unwrap();
            }
            for (since, sql) in DATA_BY_VERSION {
                if since <= version {
                    conn.execute_batch(sql).unwrap();
                }
            }
        }

        let conn = db::open(&path).unwrap();
        assert_eq!(
            migrations::schema_version(&conn).unwrap(),
            migrations::latest_version(),
            "from v{version}"
        );
        let name: String = conn
            .query_row("SELECT name FROM mentees", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "Ada Lovelace", "from v{version}");
        if version >= 3 {
            let view = waymark_core::plan_view::load(&conn, 1).unwrap();
            assert_eq!(
                view.goals[0].milestones[0].title, "First draft",
                "from v{version}"
            );
        }
        if version >= 5 {
            assert_eq!(
                waymark_core::sessions::list(&conn, 1).unwrap().len(),
                1,
                "from v{version}"
            );
        }
        if version >= 8 {
            // A shared plan's documents survive their table's move from the share to the plan.
            let kept: i64 = conn
                .query_row(
                    "SELECT count(*) FROM plan_documents WHERE plan_id = 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(kept, 1, "from v{version}");
        }
        if version >= 9 {
            // A paired file writes its records into their documents after the upgrade: all
            // of them when live sync first kept track, then what the last version had
            // marked, per plan since plans are marked on their own.
            let marked: (String, String) = conn
                .query_row(
                    "SELECT (SELECT group_concat(mentee_id) FROM sync_changed),
                            (SELECT group_concat(plan_id) FROM sync_changed_plans)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(marked, ("1".into(), "1".into()), "from v{version}");
        }
        // Everything written before the upgrade is found by search, which came later.
        assert_eq!(
            waymark_core::search::search(&conn, "ada")
                .unwrap()
                .mentees
                .len(),
            1,
            "from v{version}"
        );

        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1, "from v{version}");
        assert!(
            backups[0]
                .to_string_lossy()
                .contains(&format!("schema-v{version}"))
        );
        let copy = Connection::open(&backups[0]).unwrap();
        assert_eq!(
            migrations::schema_version(&copy).unwrap(),
            version,
            "the copy is the file as it was"
        );
        let copied: i64 = copy
            .query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
            .unwrap();
        assert_eq!(copied, 1);
    }
}
