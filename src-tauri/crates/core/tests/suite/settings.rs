//! Settings stored in the data file may come from an archive or another program: each is
//! read back within its range, whatever was stored.

use waymark_core::{archive, db, settings};

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

#[test]
fn reminder_times_are_checked_and_kept() {
    let mut conn = db::open_in_memory().unwrap();
    let defaults = settings::reminders(&conn).unwrap();
    assert_eq!(defaults, settings::ReminderSettings::default());
    assert!(
        defaults.milestones && defaults.sessions,
        "on until turned off"
    );
    let chosen = settings::ReminderSettings {
        milestones: false,
        summary_at: " 7:05 ".into(),
        ..defaults.clone()
    };
    let saved = settings::update_reminders(&mut conn, &chosen).unwrap();
    assert_eq!(
        (saved.milestones, saved.summary_at.as_str()),
        (false, "07:05")
    );
    let bad = settings::ReminderSettings {
        quiet_from: "25:00".into(),
        ..defaults
    };
    let err = settings::update_reminders(&mut conn, &bad).unwrap_err();
    assert_eq!(err.field(), Some("quietFrom"));
    assert_eq!(settings::reminders(&conn).unwrap(), saved, "left as it was");
}

#[test]
fn the_kept_calendar_file_never_leaves_this_device_or_arrives_from_elsewhere() {
    let conn = db::open_in_memory().unwrap();
    let path = std::path::Path::new("/home/someone/Calendars/Waymark.ics");
    settings::set_calendar_file(&conn, Some(path)).unwrap();
    assert_eq!(
        settings::calendar_file(&conn).unwrap().as_deref(),
        Some(path)
    );
    let archive = archive::export(&conn).unwrap();
    assert!(
        !archive.contains("calendar_file"),
        "an archive does not carry it"
    );

    // An archive naming a file to write to is refused whole.
    let mut value: serde_json::Value = serde_json::from_str(&archive).unwrap();
    value["tables"]["settings"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"key": "calendar_file", "value": "/etc/passwd"}));
    let mut other = db::open_in_memory().unwrap();
    let bytes = serde_json::to_vec(&value).unwrap();
    let err = archive::import_reader(&mut other, bytes.as_slice()).unwrap_err();
    assert_eq!(err.code(), "import_rejected");
    assert!(err.to_string().contains("calendar_file"), "{err}");
    assert_eq!(settings::calendar_file(&other).unwrap(), None);

    settings::set_calendar_file(&conn, None).unwrap();
    assert_eq!(settings::calendar_file(&conn).unwrap(), None);
}
