use rusqlite::Connection;
use waymark_core::backups::{self, KEEP_MANUAL};
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
