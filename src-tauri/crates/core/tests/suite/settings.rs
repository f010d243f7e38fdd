//! Settings stored in the data file may come from an archive or another program: each is
//! read back within its range, whatever was stored.

use waymark_core::{db, settings};

#[test]
fn values_out_of_range_read_back_in_range() {
    let mut conn = db::open_in_memory().unwrap();
    for (stored, kept, days) in [
        ("0", 1, 1),
        ("-1", 1, 1),
        ("x", 10, 21),
        ("100000", 100, 365),
        (" 7 ", 7, 7),
    ] {
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('backups_kept', ?1), ('not_seen_days', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [stored],
        )
        .unwrap();
        let s = settings::get(&conn).unwrap();
        assert_eq!(
            (s.backups_kept, s.not_seen_days),
            (kept, days),
            "{stored:?}"
        );
    }
    // A name no form would accept reads as none.
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('mentor_name', 'Ana\u{202E}')",
        [],
    )
    .unwrap();
    assert_eq!(settings::get(&conn).unwrap().mentor_name, "");
    // Saving still applies the same ranges.
    let mut s = settings::get(&conn).unwrap();
    s.backups_kept = 0;
    let err = settings::update(&mut conn, &s).unwrap_err();
    assert_eq!(err.field(), Some("backupsKept"));
}
