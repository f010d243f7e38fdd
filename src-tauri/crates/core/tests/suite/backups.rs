use crate::common;

use common::file_names;
use rusqlite::Connection;
use waymark_core::backups;
use waymark_core::settings;
use waymark_core::{Error, migrations};

/// Backups of each kind kept unless Settings says otherwise.
const KEEP_MANUAL: usize = 10;
use waymark_core::db;
use waymark_core::mentees::{self, MenteeInput};

#[test]
fn back_up_now_copies_a_consistent_file_and_keeps_the_newest_ten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Zoë's data.sqlite3");
    let mut conn = db::open(&path).unwrap();
    mentees::create(
        &mut conn,
        &MenteeInput {
            name: "Ada".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(backups::list(&path).unwrap().is_empty());

    let first = backups::back_up_now(&conn, &path).unwrap();
    assert!(first.file_name.starts_with("Zoë's data-manual-"));
    assert!(first.bytes > 0);
    let copy = Connection::open(&first.path).unwrap();
    let name: String = copy
        .query_row("SELECT name FROM mentees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Ada");
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    // Older backups, as earlier days would have left them.
    for i in 0..(KEEP_MANUAL + 2) {
        let p = backups::folder(&path)
            .join(format!("Zoë's data-manual-20260101T0000{i:02}000.sqlite3"));
        std::fs::copy(&first.path, &p).unwrap();
    }
    backups::back_up_now(&conn, &path).unwrap();
    let manual = backups::list(&path).unwrap();
    assert_eq!(manual.len(), KEEP_MANUAL);
    assert!(
        !manual[0].file_name.contains("20260101"),
        "the newest is today's"
    );
    assert!(
        manual
            .iter()
            .all(|b| !b.file_name.contains("20260101T000000")),
        "the oldest went first"
    );
}

fn with_mentee(path: &std::path::Path, name: &str) -> waymark_core::Result<Connection> {
    let mut conn = db::open(path)?;
    let input = MenteeInput {
        name: name.into(),
        ..Default::default()
    };
    mentees::create(&mut conn, &input)?;
    Ok(conn)
}

#[test]
fn the_first_start_of_a_day_backs_up_and_rotation_keeps_the_configured_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let mut conn = with_mentee(&path, "Ada").unwrap();
    let mut s = settings::get(&conn).unwrap();
    s.backups_kept = 3;
    settings::update(&mut conn, &s).unwrap();

    let today = chrono::Local::now().date_naive();
    let made = backups::daily(&conn, &path, today).unwrap().unwrap();
    assert_eq!(made.kind, "daily");
    assert!(
        made.taken_at
            .starts_with(&today.format("%Y-%m-%d").to_string()),
        "{made:?}"
    );
    assert_eq!(
        backups::daily(&conn, &path, today).unwrap(),
        None,
        "once a day"
    );

    // Earlier days' copies, then a new day: only the newest three stay.
    for d in 1..=5 {
        let old = backups::folder(&path).join(format!("w-daily-202611{d:02}T080000000.sqlite3"));
        std::fs::copy(&made.path, old).unwrap();
    }
    let tomorrow = today.succ_opt().unwrap();
    backups::daily(&conn, &path, tomorrow).unwrap();
    let daily: Vec<_> = backups::list(&path)
        .unwrap()
        .into_iter()
        .filter(|b| b.kind == "daily")
        .collect();
    assert_eq!(daily.len(), 3, "{daily:?}");
    assert!(daily.iter().all(|b| !b.file_name.contains("20261101")));
    // Manual copies are counted apart.
    backups::back_up_now(&conn, &path).unwrap();
    assert_eq!(
        backups::list(&path)
            .unwrap()
            .iter()
            .filter(|b| b.kind == "manual")
            .count(),
        1
    );
}

#[test]
fn restore_brings_back_the_backup_and_keeps_the_current_data_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let mut conn = with_mentee(&path, "Ada").unwrap();
    let backup = backups::back_up_now(&conn, &path).unwrap();
    mentees::create(
        &mut conn,
        &MenteeInput {
            name: "Grace".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let contents = backups::inspect(std::path::Path::new(&backup.path)).unwrap();
    assert_eq!(
        (contents.mentees, contents.schema_version),
        (1, migrations::latest_version())
    );
    let safety = backups::restore(&mut conn, &path, std::path::Path::new(&backup.path)).unwrap();
    assert_eq!(safety.kind, "before-restore");
    let names: Vec<String> = conn
        .prepare("SELECT name FROM mentees")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["Ada"]);
    // Search and the rest of the schema work on the restored data.
    assert_eq!(
        waymark_core::search::search(&conn, "ada")
            .unwrap()
            .mentees
            .len(),
        1
    );
    // What was there before the restore is itself restorable.
    let kept = backups::inspect(std::path::Path::new(&safety.path)).unwrap();
    assert_eq!(kept.mentees, 2);
    // And the file on disk holds the restored data for the next start.
    drop(conn);
    let reopened = db::open(&path).unwrap();
    let count: i64 = reopened
        .query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
}

#[test]
fn damaged_foreign_and_outside_files_are_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let mut conn = with_mentee(&path, "Ada").unwrap();
    let good = backups::back_up_now(&conn, &path).unwrap();
    let folder = backups::folder(&path);
    let bytes = std::fs::read(&good.path).unwrap();

    let not_sqlite = folder.join("w-manual-20260101T000000000.sqlite3");
    std::fs::write(&not_sqlite, b"these are not the droids you are looking for").unwrap();
    let truncated = folder.join("w-manual-20260102T000000000.sqlite3");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let newer = folder.join("w-manual-20260103T000000000.sqlite3");
    std::fs::write(&newer, &bytes).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let outside = dir.path().join("elsewhere.sqlite3");
    std::fs::write(&outside, &bytes).unwrap();

    for (file, code) in [
        (&not_sqlite, "db_unreadable"),
        (&truncated, "db_unreadable"),
        (&newer, "db_newer_than_app"),
        (&outside, "not_found"),
    ] {
        let before = backups::list(&path).unwrap().len();
        let err = backups::restore(&mut conn, &path, file).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        assert_eq!(
            backups::list(&path).unwrap().len(),
            before,
            "no safety copy for a refused restore"
        );
        let count: i64 = conn
            .query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }
    assert!(matches!(
        backups::inspect(&newer),
        Err(Error::DbNewerThanApp { found: 999, .. })
    ));
}

#[test]
fn an_unusable_data_file_is_set_aside_and_replaced_by_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let conn = with_mentee(&path, "Ada").unwrap();
    let backup = backups::back_up_now(&conn, &path).unwrap();
    drop(conn);
    let whole = std::fs::read(&path).unwrap();
    let damaged = &whole[..whole.len() / 2];
    std::fs::write(&path, damaged).unwrap();
    std::fs::write(dir.path().join("w.sqlite3-wal"), b"a stale journal").unwrap();

    let aside = backups::replace_unusable(&path, std::path::Path::new(&backup.path)).unwrap();
    assert_eq!(aside.kind, "unusable");
    assert_eq!(
        std::fs::read(&aside.path).unwrap(),
        damaged,
        "the damaged file is kept as it was"
    );
    assert!(
        !dir.path().join("w.sqlite3-wal").exists(),
        "its journal went with it"
    );
    let conn = db::open(&path).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM mentees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Ada");

    // A file that opens, or one from a newer Waymark, is never replaced.
    let err = backups::replace_unusable(&path, std::path::Path::new(&backup.path)).unwrap_err();
    assert_eq!(err.code(), "conflict");
    drop(conn);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let newer = std::fs::read(&path).unwrap();
    let err = backups::replace_unusable(&path, std::path::Path::new(&backup.path)).unwrap_err();
    assert_eq!(err.code(), "db_newer_than_app");
    assert_eq!(std::fs::read(&path).unwrap(), newer);
}

#[test]
fn a_copy_is_renamed_into_place_whole_and_a_cut_short_one_is_never_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let conn = db::open(&path).unwrap();
    // What a copy interrupted by closing the app leaves behind.
    let folder = backups::folder(&path);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join(".w-daily-20261126T080000000.sqlite3.partial"),
        b"SQLite format 3\0",
    )
    .unwrap();
    assert!(backups::list(&path).unwrap().is_empty());

    // Written a moment ago, it may be another copy still in progress: left alone.
    let made = backups::back_up_now(&conn, &path).unwrap();
    let names = file_names(&folder);
    assert_eq!(
        names,
        [
            ".w-daily-20261126T080000000.sqlite3.partial".to_owned(),
            made.file_name
        ]
    );
}

#[test]
fn copies_abandoned_mid_way_are_removed_by_the_next_and_nothing_else_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let conn = db::open(&path).unwrap();
    let folder = backups::folder(&path);
    std::fs::create_dir_all(&folder).unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let stale = |name: &str| {
        let file = std::fs::File::create(folder.join(name)).unwrap();
        file.set_modified(hour_ago).unwrap();
    };
    // Two copies killed mid-way on earlier mornings, another data file's, and a file the
    // person put there themselves.
    stale(".w-daily-20261126T080000000.sqlite3.abc123.partial");
    stale(".w-manual-20261127T090000000.sqlite3.def456.partial");
    stale(".other-daily-20261126T080000000.sqlite3.ghi789.partial");
    stale("notes.txt");
    // A link named like a partial copy is not followed, nor removed.
    std::os::unix::fs::symlink(&path, folder.join(".w-daily-x.sqlite3.jkl.partial")).unwrap();

    let made = backups::back_up_now(&conn, &path).unwrap();
    let mut expected = vec![
        ".other-daily-20261126T080000000.sqlite3.ghi789.partial".to_owned(),
        ".w-daily-x.sqlite3.jkl.partial".to_owned(),
        made.file_name,
        "notes.txt".to_owned(),
    ];
    expected.sort();
    assert_eq!(file_names(&folder), expected);
    assert!(path.exists());
}

/// Stores `value` as the number of backups kept, as another program or an old file could.
fn backups_kept_stored_as(conn: &Connection, value: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('backups_kept', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [value],
    )
}

#[test]
fn a_stored_setting_of_zero_still_keeps_the_backup_just_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let conn = with_mentee(&path, "Ada").unwrap();
    for stored in ["0", "-1", "x"] {
        backups_kept_stored_as(&conn, stored).unwrap();
        let made = backups::back_up_now(&conn, &path).unwrap();
        assert!(std::path::Path::new(&made.path).exists(), "{stored}");
        let today = chrono::Local::now().date_naive();
        if let Some(daily) = backups::daily(&conn, &path, today).unwrap() {
            assert!(std::path::Path::new(&daily.path).exists(), "{stored}");
        }
        assert!(
            backups::list(&path)
                .unwrap()
                .iter()
                .any(|b| b.path == made.path),
            "{stored}"
        );
    }
}

#[test]
fn restore_never_deletes_a_copy_taken_before_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let mut conn = with_mentee(&path, "Ada").unwrap();
    let backup = backups::back_up_now(&conn, &path).unwrap();
    let backup = std::path::Path::new(&backup.path).to_owned();

    backups_kept_stored_as(&conn, "0").unwrap();
    let first = backups::restore(&mut conn, &path, &backup).unwrap();
    assert!(std::path::Path::new(&first.path).exists());
    // Later restores keep every earlier before-restore copy too, whatever the setting.
    backups_kept_stored_as(&conn, "1").unwrap();
    let second = backups::restore(&mut conn, &path, &backup).unwrap();
    let kept: Vec<String> = backups::list(&path)
        .unwrap()
        .into_iter()
        .filter(|b| b.kind == "before-restore")
        .map(|b| b.path)
        .collect();
    assert!(kept.contains(&first.path), "{kept:?}");
    assert!(kept.contains(&second.path), "{kept:?}");
}

#[test]
fn a_link_inside_backups_is_neither_listed_nor_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let mut conn = with_mentee(&path, "Ada").unwrap();
    let real = backups::back_up_now(&conn, &path).unwrap();
    // A link with a backup's name, to a file in the same folder that is not one.
    let folder = backups::folder(&path);
    let hidden = folder.join("elsewhere.db");
    std::fs::copy(&real.path, &hidden).unwrap();
    let link = folder.join("w-manual-20260101T000000000.sqlite3");
    std::os::unix::fs::symlink(&hidden, &link).unwrap();

    let listed: Vec<String> = backups::list(&path)
        .unwrap()
        .into_iter()
        .map(|b| b.file_name)
        .collect();
    assert_eq!(listed, [real.file_name]);
    let err = backups::restore(&mut conn, &path, &link).unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    let err = backups::inspect(&link).unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    assert_eq!(
        backups::list(&path).unwrap().len(),
        1,
        "no before-restore copy for a refused restore"
    );
}

#[test]
fn data_files_sharing_a_backups_folder_list_and_rotate_only_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("waymark.sqlite3");
    let demo = dir.path().join("waymark-demo.sqlite3");
    let mine_conn = with_mentee(&mine, "Ada").unwrap();
    let demo_conn = with_mentee(&demo, "Demo").unwrap();
    backups_kept_stored_as(&mine_conn, "1").unwrap();
    backups_kept_stored_as(&demo_conn, "1").unwrap();

    let my_backup = backups::back_up_now(&mine_conn, &mine).unwrap();
    let demo_backup = backups::back_up_now(&demo_conn, &demo).unwrap();
    let today = chrono::Local::now().date_naive();
    let my_daily = backups::daily(&mine_conn, &mine, today).unwrap().unwrap();
    let demo_daily = backups::daily(&demo_conn, &demo, today).unwrap();
    assert!(
        demo_daily.is_some(),
        "the other file's daily copy is not this one's"
    );

    for b in [&my_backup, &demo_backup, &my_daily] {
        assert!(std::path::Path::new(&b.path).exists(), "{b:?}");
    }
    let names = |p: &std::path::Path| -> Vec<String> {
        backups::list(p)
            .unwrap()
            .into_iter()
            .map(|b| b.file_name)
            .collect()
    };
    assert!(
        names(&mine)
            .iter()
            .all(|n| n.starts_with("waymark-manual-") || n.starts_with("waymark-daily-")),
        "{:?}",
        names(&mine)
    );
    assert!(
        names(&demo).iter().all(|n| n.starts_with("waymark-demo-")),
        "{:?}",
        names(&demo)
    );
    // The other file's backup cannot be restored into this one.
    let mut mine_conn = mine_conn;
    let err = backups::restore(
        &mut mine_conn,
        &mine,
        std::path::Path::new(&demo_backup.path),
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn a_backup_with_a_planted_trigger_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let mut conn = with_mentee(&path, "Ada").unwrap();
    let backup = backups::back_up_now(&conn, &path).unwrap();
    Connection::open(&backup.path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE loot (notes TEXT);
             CREATE TRIGGER steal AFTER INSERT ON sessions BEGIN
               INSERT INTO loot VALUES (NEW.notes);
             END;",
        )
        .unwrap();
    let err = backups::restore(&mut conn, &path, std::path::Path::new(&backup.path)).unwrap_err();
    assert_eq!(err.code(), "db_altered", "{err}");
    let planted: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('loot', 'steal')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(planted, 0);
}

/// A swap of the backup after it was checked, while the copy of the current data is being
/// written, cannot bring in the file swapped in: what is restored is what was checked.
#[test]
fn a_backup_swapped_after_its_check_changes_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let mut conn = with_mentee(&path, "Ada").unwrap();
    let backup = backups::back_up_now(&conn, &path).unwrap();
    let backup = std::path::Path::new(&backup.path).to_owned();
    // Enough current data that the before-restore copy takes a while.
    conn.execute("UPDATE mentees SET notes = ?1", ["n".repeat(19_000)])
        .unwrap();
    for i in 0..300 {
        mentees::create(
            &mut conn,
            &MenteeInput {
                name: format!("Person {i}"),
                notes: "n".repeat(19_000),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let mallory_file = dir.path().join("mallory.sqlite3");
    drop(with_mentee(&mallory_file, "Mallory").unwrap());
    let swap_in = backups::folder(&path).join("swap-in");
    std::fs::copy(&mallory_file, &swap_in).unwrap();

    let done = AtomicBool::new(false);
    let swapped = std::thread::scope(|s| {
        let watcher = s.spawn(|| {
            // Swap as soon as the before-restore copy starts, i.e. after the check.
            while !done.load(Ordering::SeqCst) {
                let copying = std::fs::read_dir(backups::folder(&path))
                    .unwrap()
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".partial"));
                if copying {
                    std::fs::rename(&swap_in, &backup).unwrap();
                    return true;
                }
            }
            false
        });
        let restored = backups::restore(&mut conn, &path, &backup);
        done.store(true, Ordering::SeqCst);
        restored.unwrap();
        watcher.join().unwrap()
    });
    let names: Vec<String> = conn
        .prepare("SELECT name FROM mentees")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["Ada"], "swapped during the restore: {swapped}");
}
