//! The versioned JSON archive: a full round trip, and an import that checks everything
//! before it writes anything.

use proptest::prelude::*;
use rusqlite::Connection;
use serde_json::Value;
use waymark_core::catalogue::{self, LeaderTypeInput};
use waymark_core::{Error, archive, db, demo, templates};

/// The demo's people and plans, a leader type and a template of the person's own, a
/// goal deleted but still undoable, and a changed setting.
fn full_database() -> waymark_core::Result<Connection> {
    let mut conn = db::open_in_memory()?;
    demo::populate(&mut conn)?;
    let base = catalogue::leader_types(&conn)?.remove(0);
    catalogue::create_leader_type(
        &mut conn,
        &LeaderTypeInput {
            family_key: base.family_key,
            name: "Platform Steward".into(),
            description: "Keeps the platform healthy and the people on it growing.".into(),
            profile: base.profile,
        },
    )?;
    let goal: i64 = conn.query_row("SELECT min(id) FROM goals", [], |r| r.get(0))?;
    templates::save_goal(&mut conn, goal)?;
    waymark_core::goals::delete(&mut conn, goal)?;
    conn.execute(
        "UPDATE settings SET value = '30' WHERE key = 'not_seen_days'",
        [],
    )?;
    Ok(conn)
}

fn mentees(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
        .unwrap_or(-1)
}

#[test]
fn export_import_export_gives_the_same_file() {
    let source = full_database().unwrap();
    let first = archive::export(&source).unwrap();
    let mut fresh = db::open_in_memory().unwrap();
    let summary = archive::import(&mut fresh, &first).unwrap();
    assert_eq!(summary.mentees, 7);
    assert_eq!(archive::export(&fresh).unwrap(), first);
    // The imported data works like any other: search, plans, templates, settings.
    assert_eq!(
        waymark_core::search::search(&fresh, "amara")
            .unwrap()
            .mentees
            .len(),
        1
    );
    assert_eq!(
        waymark_core::settings::get(&fresh).unwrap().not_seen_days,
        30
    );
    assert!(
        catalogue::leader_types(&fresh)
            .unwrap()
            .iter()
            .any(|t| t.name == "Platform Steward")
    );
    // New rows continue after the imported ids rather than colliding with them.
    let before: i64 = fresh
        .query_row("SELECT max(id) FROM mentees", [], |r| r.get(0))
        .unwrap();
    let added = waymark_core::mentees::create(
        &mut fresh,
        &waymark_core::mentees::MenteeInput {
            name: "New Person".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(added.id > before);
}

#[test]
fn every_problem_is_reported_with_its_path_and_nothing_is_written() {
    let source = full_database().unwrap();
    let mut archive: Value = serde_json::from_str(&archive::export(&source).unwrap()).unwrap();
    let tables = archive["tables"].as_object_mut().unwrap();
    tables["mentees"][0]["name"] = Value::from("");
    tables["mentees"][1]["name"] = Value::from(42);
    tables["mentees"][2]["colour"] = Value::from("teal");
    tables["mentees"][3]["notes"] = Value::from("Ana\u{202E}txt.exe");
    tables["plans"][0]["target_on"] = Value::from("2026-02-30");
    tables["plans"][1]["title"] = Value::from("x".repeat(1_000_000));
    tables["goals"][0]["plan_id"] = Value::from(9_999);
    tables["milestones"][0]["status"] = Value::from("finished");
    tables["leader_types"][0]["built_in"] = Value::from(1);
    tables.remove("action_items");
    tables.insert("spreadsheets".into(), Value::Array(Vec::new()));
    let mut fresh = db::open_in_memory().unwrap();
    let Err(Error::ImportRejected(problems)) = archive::import(&mut fresh, &archive.to_string())
    else {
        panic!("the archive should be rejected");
    };
    let all = problems.join("\n");
    for expected in [
        "tables.mentees[0]: breaks the rule",
        "tables.mentees[1].name: should be text, not a number",
        "tables.mentees[2].colour: not a field of mentees",
        "tables.mentees[3].notes: contains an invisible control character (U+202E)",
        "tables.plans[0]: breaks the rule",
        "tables.plans[1]: breaks the rule",
        "tables.goals[0]: refers to something that is neither in the file nor built in",
        "tables.milestones[0]: breaks the rule",
        "tables.leader_types[0].built_in: only your own entries",
        "tables.action_items: missing",
        "tables.spreadsheets: not part of a Waymark archive",
    ] {
        assert!(all.contains(expected), "{expected:?} missing from:\n{all}");
    }
    assert_eq!(mentees(&fresh), 0, "nothing was written");
    assert_eq!(
        waymark_core::settings::get(&fresh).unwrap().not_seen_days,
        21,
        "settings untouched"
    );
}

#[test]
fn a_1_1_cannot_discuss_another_mentees_goal() {
    let source = full_database().unwrap();
    let mut archive: Value = serde_json::from_str(&archive::export(&source).unwrap()).unwrap();
    let tables = archive["tables"].as_object_mut().unwrap();
    let session = tables["sessions"][0].clone();
    let plans_of_others: Vec<Value> = tables["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["mentee_id"] != session["mentee_id"])
        .map(|p| p["id"].clone())
        .collect();
    let goal = tables["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| plans_of_others.contains(&g["plan_id"]))
        .unwrap()["id"]
        .clone();
    let links = tables["session_goals"].as_array_mut().unwrap();
    links.push(serde_json::json!({ "session_id": session["id"], "goal_id": goal }));
    let index = links.len() - 1;

    let mut fresh = db::open_in_memory().unwrap();
    let err = archive::import(&mut fresh, &archive.to_string()).unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "tables.session_goals[{index}]: links a 1:1 to a goal of another mentee's plan"
        )),
        "{err}"
    );
    assert_eq!(mentees(&fresh), 0);
}

#[test]
fn files_that_are_not_archives_of_this_version_are_refused() {
    let mut fresh = db::open_in_memory().unwrap();
    let current = waymark_core::migrations::latest_version();
    for (text, expected) in [
        ("{ not json", "line 1, column 3"),
        (r#"{"format": "something-else"}"#, "not a Waymark archive"),
        (
            r#"{"format": "waymark-archive", "formatVersion": 7}"#,
            "formatVersion: 7",
        ),
        (
            &format!(
                r#"{{"format": "waymark-archive", "formatVersion": 1, "schemaVersion": {}}}"#,
                current + 1
            ),
            "newer Waymark",
        ),
        (
            &format!(
                r#"{{"format": "waymark-archive", "formatVersion": 1, "schemaVersion": {current}}}"#
            ),
            "tables: missing",
        ),
    ] {
        let err = archive::import(&mut fresh, text).unwrap_err();
        assert_eq!(err.code(), "import_rejected");
        assert!(
            err.to_string().contains(expected),
            "{expected:?} not in {err}"
        );
    }
    assert_eq!(mentees(&fresh), 0);
}

#[test]
fn import_never_mixes_into_existing_data() {
    let source = full_database().unwrap();
    let text = archive::export(&source).unwrap();
    let mut target = full_database().unwrap();
    let err = archive::import(&mut target, &text).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(mentees(&target), 7);
}

/// Any one field of a valid archive replaced by an arbitrary value: the import either
/// succeeds or writes nothing, and never panics.
fn mutated(
    archive: &Value,
    table: usize,
    row: usize,
    field: usize,
    value: Value,
) -> Option<String> {
    let mut archive = archive.clone();
    let tables = archive["tables"].as_object_mut()?;
    let rows = tables
        .values_mut()
        .filter_map(Value::as_array_mut)
        .filter(|r| !r.is_empty())
        .nth(table)?;
    let len = rows.len();
    let fields = rows[row % len].as_object_mut()?;
    let key = fields.keys().nth(field % fields.len())?.clone();
    fields.insert(key, value);
    Some(archive.to_string())
}

fn any_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::from),
        Just(serde_json::json!([1, "two"])),
        Just(serde_json::json!({"nested": true})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_archive_is_imported_whole_or_not_at_all(
        table in 0usize..20, row in 0usize..100, field in 0usize..12, value in any_json()
    ) {
        thread_local! {
            static VALID: Value = serde_json::from_str(&archive::export(&full_database().unwrap()).unwrap()).unwrap();
        }
        let Some(text) = VALID.with(|v| mutated(v, table, row, field, value)) else { return Ok(()); };
        let mut fresh = db::open_in_memory().unwrap();
        match archive::import(&mut fresh, &text) {
            Ok(summary) => prop_assert_eq!(summary.mentees, mentees(&fresh)),
            Err(e) => {
                prop_assert_eq!(e.code(), "import_rejected");
                prop_assert_eq!(mentees(&fresh), 0);
            }
        }
    }

    #[test]
    fn arbitrary_text_is_never_imported_and_never_panics(text in ".{0,200}") {
        let mut fresh = db::open_in_memory().unwrap();
        prop_assert!(archive::import(&mut fresh, &text).is_err());
        prop_assert_eq!(mentees(&fresh), 0);
    }
}
