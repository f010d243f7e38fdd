use rusqlite::Connection;
use waymark_core::catalogue::built_in::{CLOUD_LEADER, SOFTWARE_LEADER};
use waymark_core::db;
use waymark_core::mentees::{self, ArchiveFilter, MenteeInput, MenteeQuery};

fn input(name: &str) -> MenteeInput {
    MenteeInput {
        name: name.into(),
        current_role: "Senior Engineer".into(),
        current_leader_type_id: None,
        target_leader_type_id: Some(SOFTWARE_LEADER),
        role_track_key: Some("tech_lead".into()),
        start_date: Some("2026-09-01".into()),
        notes: "Wants to lead the payments rewrite.".into(),
        is_self: false,
    }
}

fn names(conn: &Connection, search: &str, archive: ArchiveFilter) -> Vec<String> {
    let query = MenteeQuery {
        search: search.into(),
        archive,
        ..Default::default()
    };
    mentees::list(conn, &query)
        .map(|rows| rows.into_iter().map(|m| m.name).collect())
        .unwrap_or_else(|e| vec![format!("error: {e}")])
}

fn row_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
}

#[test]
fn create_then_read_back_every_field() {
    let mut conn = db::open_in_memory().unwrap();
    let m = mentees::create(&mut conn, &input("  Zoë Ørsted  ")).unwrap();
    assert_eq!(m.name, "Zoë Ørsted");
    assert_eq!(m.current_role, "Senior Engineer");
    assert_eq!(m.target_leader_type_id, Some(1));
    assert_eq!(m.role_track_key.as_deref(), Some("tech_lead"));
    assert_eq!(m.start_date.as_deref(), Some("2026-09-01"));
    assert!(m.archived_at.is_none());
    assert_eq!(mentees::get(&conn, m.id).unwrap(), m);
}

#[test]
fn the_list_resolves_names_and_puts_me_first() {
    let mut conn = db::open_in_memory().unwrap();
    mentees::create(&mut conn, &input("Bruno")).unwrap();
    mentees::create(
        &mut conn,
        &MenteeInput {
            is_self: true,
            ..input("Yuki")
        },
    )
    .unwrap();
    mentees::create(&mut conn, &input("amara")).unwrap();
    let list = mentees::list(&conn, &MenteeQuery::default()).unwrap();
    let order: Vec<&str> = list.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(order, ["Yuki", "amara", "Bruno"]);
    assert_eq!(
        list[1].target_leader_type.as_deref(),
        Some("Software Leader")
    );
    assert_eq!(list[1].target_family.as_deref(), Some("Engineering"));
    assert_eq!(list[1].role_track.as_deref(), Some("Tech Lead"));
}

#[test]
fn search_matches_name_role_and_target_type_and_treats_wildcards_literally() {
    let mut conn = db::open_in_memory().unwrap();
    mentees::create(&mut conn, &input("Chidi Okafor")).unwrap();
    mentees::create(
        &mut conn,
        &MenteeInput {
            current_role: "IC".into(),
            target_leader_type_id: Some(CLOUD_LEADER),
            ..input("100% Sam")
        },
    )
    .unwrap();
    assert_eq!(
        names(&conn, "chidi", ArchiveFilter::Active),
        ["Chidi Okafor"]
    );
    assert_eq!(names(&conn, "cloud", ArchiveFilter::Active), ["100% Sam"]);
    assert_eq!(names(&conn, "%", ArchiveFilter::Active), ["100% Sam"]);
    assert_eq!(
        names(&conn, "senior", ArchiveFilter::Active),
        ["Chidi Okafor"]
    );
    assert!(names(&conn, "_", ArchiveFilter::Active).is_empty());
}

#[test]
fn search_folds_case_in_every_script() {
    let mut conn = db::open_in_memory().unwrap();
    for name in ["Дмитрий Соколов", "Zoë Ørsted", "Ἀριστοτέλης"] {
        mentees::create(&mut conn, &input(name)).unwrap();
    }
    assert_eq!(
        names(&conn, "сок", ArchiveFilter::Active),
        ["Дмитрий Соколов"]
    );
    assert_eq!(
        names(&conn, "ØRSTED", ArchiveFilter::Active),
        ["Zoë Ørsted"]
    );
    assert_eq!(
        names(&conn, "ἀριστο", ArchiveFilter::Active),
        ["Ἀριστοτέλης"]
    );
}

#[test]
fn archive_and_restore_move_a_mentee_between_lists() {
    let mut conn = db::open_in_memory().unwrap();
    let m = mentees::create(&mut conn, &input("Dana")).unwrap();
    let archived = mentees::set_archived(&conn, m.id, true).unwrap();
    assert!(archived.archived_at.is_some());
    assert!(names(&conn, "", ArchiveFilter::Active).is_empty());
    assert_eq!(names(&conn, "", ArchiveFilter::Archived), ["Dana"]);
    assert_eq!(names(&conn, "", ArchiveFilter::All), ["Dana"]);
    let restored = mentees::set_archived(&conn, m.id, false).unwrap();
    assert!(restored.archived_at.is_none());
    assert_eq!(names(&conn, "", ArchiveFilter::Active), ["Dana"]);
}

#[test]
fn edit_changes_fields_and_delete_removes_the_mentee() {
    let mut conn = db::open_in_memory().unwrap();
    let m = mentees::create(&mut conn, &input("Eli")).unwrap();
    let edited = mentees::update(
        &mut conn,
        m.id,
        &MenteeInput {
            current_role: "Tech Lead".into(),
            target_leader_type_id: None,
            start_date: None,
            ..input("Eli Cohen")
        },
    )
    .unwrap();
    assert_eq!(edited.name, "Eli Cohen");
    assert_eq!(edited.current_role, "Tech Lead");
    assert_eq!(edited.target_leader_type_id, None);
    assert_eq!(edited.start_date, None);
    mentees::delete(&mut conn, m.id).unwrap();
    assert_eq!(mentees::get(&conn, m.id).unwrap_err().code(), "not_found");
    assert_eq!(
        mentees::delete(&mut conn, m.id).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let mut conn = db::open_in_memory().unwrap();
    let existing = mentees::create(&mut conn, &input("Keep me")).unwrap();
    let cases: Vec<(MenteeInput, &str)> = vec![
        (input(""), "name"),
        (input(" \t "), "name"),
        (input(&"n".repeat(121)), "name"),
        (
            MenteeInput {
                current_role: "r".repeat(81),
                ..input("A")
            },
            "currentRole",
        ),
        (
            MenteeInput {
                target_leader_type_id: Some(999),
                ..input("A")
            },
            "targetLeaderTypeId",
        ),
        (
            MenteeInput {
                current_leader_type_id: Some(-1),
                ..input("A")
            },
            "currentLeaderTypeId",
        ),
        (
            MenteeInput {
                role_track_key: Some("astronaut".into()),
                ..input("A")
            },
            "roleTrackKey",
        ),
        (
            MenteeInput {
                start_date: Some("2026-02-31".into()),
                ..input("A")
            },
            "startDate",
        ),
        (
            MenteeInput {
                start_date: Some("next monday".into()),
                ..input("A")
            },
            "startDate",
        ),
        (
            MenteeInput {
                notes: "x".repeat(20_001),
                ..input("A")
            },
            "notes",
        ),
    ];
    for (bad, field) in cases {
        let err = mentees::create(&mut conn, &bad).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{field}");
        assert_eq!(err.field(), Some(field));
        let err = mentees::update(&mut conn, existing.id, &bad).unwrap_err();
        assert_eq!(err.field(), Some(field));
    }
    assert_eq!(row_count(&conn).unwrap(), 1);
    assert_eq!(mentees::get(&conn, existing.id).unwrap(), existing);
}

#[test]
fn only_one_mentee_can_be_me() {
    let mut conn = db::open_in_memory().unwrap();
    let me = mentees::create(
        &mut conn,
        &MenteeInput {
            is_self: true,
            ..input("Me")
        },
    )
    .unwrap();
    let err = mentees::create(
        &mut conn,
        &MenteeInput {
            is_self: true,
            ..input("Also me")
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(err.field(), Some("isSelf"));
    // Saving "me" again is not a clash with itself.
    mentees::update(
        &mut conn,
        me.id,
        &MenteeInput {
            is_self: true,
            ..input("Me, renamed")
        },
    )
    .unwrap();
    assert_eq!(row_count(&conn).unwrap(), 1);
}

#[test]
fn unknown_ids_are_not_found() {
    let mut conn = db::open_in_memory().unwrap();
    assert_eq!(
        mentees::update(&mut conn, 42, &input("Ghost"))
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        mentees::set_archived(&conn, 42, true).unwrap_err().code(),
        "not_found"
    );
}
