//! Bad input through every write the app's commands make: each one is refused with its
//! typed error and leaves the database exactly as it was.

use crate::common;

use common::{assessment, goal, plan_input};
use rusqlite::Connection;
use waymark_core::assessments::{self, Assessor};
use waymark_core::catalogue::{self, LeaderTypeInput, Profile};
use waymark_core::milestones::{self, EvidenceLink, MilestoneInput, MilestoneStatus};
use waymark_core::plans::{self, PlanStatus};
use waymark_core::sessions::{self, SessionInput};
use waymark_core::settings::{self, Settings};
use waymark_core::{Result, db, goals, mentees, templates};

struct World {
    mentee: i64,
    assessment: i64,
    other_goal: i64,
    plan: i64,
    goal: i64,
    milestone: i64,
    item: i64,
    converted_item: i64,
}

fn world(conn: &mut Connection) -> Result<World> {
    let me = mentees::create(
        conn,
        &mentees::MenteeInput {
            name: "Ada".into(),
            is_self: true,
            ..Default::default()
        },
    )?;
    let other = mentees::create(
        conn,
        &mentees::MenteeInput {
            name: "Bo".into(),
            ..Default::default()
        },
    )?;
    let plan = plans::create(conn, me.id, &plan_input("Mine", PlanStatus::Active))?;
    let other_plan = plans::create(conn, other.id, &plan_input("Theirs", PlanStatus::Active))?;
    let other_goal = goals::create(conn, other_plan.id, &goal("Theirs", &["technical_vision"]))?;
    let goal = goals::create(conn, plan.id, &goal("Vision", &["technical_vision"]))?;
    let milestone = milestones::create(conn, goal.id, &MilestoneInput::planned("Draft", None))?;
    let session = sessions::create(
        conn,
        me.id,
        &SessionInput {
            held_on: "2026-03-01".into(),
            new_action_items: vec!["a".into(), "b".into()],
            ..Default::default()
        },
    )?;
    let assessed = assessments::create(
        conn,
        me.id,
        &assessment("2026-02-01", Assessor::Mentor, [3; 9]),
    )?;
    let converted = session.action_items[1].id;
    sessions::action_item_to_milestone(conn, converted, goal.id, None)?;
    Ok(World {
        mentee: me.id,
        assessment: assessed.id,
        other_goal: other_goal.id,
        plan: plan.id,
        goal: goal.id,
        milestone: milestone.id,
        item: session.action_items[0].id,
        converted_item: converted,
    })
}

/// Every row of every table, as text: equal digests mean nothing changed.
fn digest(conn: &Connection) -> rusqlite::Result<String> {
    let tables: Vec<String> = conn
        // Plain tables, the search index's among them; a virtual table's rows are in those.
        .prepare(
            "SELECT name FROM pragma_table_list
              WHERE schema = 'main' AND type IN ('table', 'shadow') AND name NOT LIKE 'sqlite_%'
              ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            out.push_str(&table);
            for i in 0..columns {
                out.push_str(&format!("|{:?}", row.get_ref(i)?));
            }
            out.push('\n');
        }
    }
    Ok(out)
}

type Attempt = Box<dyn Fn(&mut Connection, &World) -> Result<()>>;

fn mentee(name: &str) -> mentees::MenteeInput {
    mentees::MenteeInput {
        name: name.into(),
        ..Default::default()
    }
}

/// A valid custom leader type (Cloud Leader's profile), then spoiled by `f`.
fn leader_type(f: impl Fn(&mut LeaderTypeInput)) -> LeaderTypeInput {
    let profile = db::open_in_memory()
        .and_then(|conn| catalogue::leader_type(&conn, 13))
        .map(|t| t.profile)
        .unwrap_or_default();
    let mut input = LeaderTypeInput {
        family_key: "platform".into(),
        name: "Edge Leader".into(),
        description: String::new(),
        profile,
    };
    f(&mut input);
    input
}

fn cases() -> Vec<(&'static str, &'static str, Attempt)> {
    let mb = "x".repeat(1 << 20);
    let mb2 = mb.clone();
    let mb3 = mb.clone();
    let mb4 = mb.clone();
    vec![
        (
            "empty name",
            "invalid_input",
            Box::new(|c, _| mentees::create(c, &mentee("")).map(drop)),
        ),
        (
            "whitespace name",
            "invalid_input",
            Box::new(|c, _| mentees::create(c, &mentee(" \t\n")).map(drop)),
        ),
        (
            "1 MB name",
            "invalid_input",
            Box::new(move |c, _| mentees::create(c, &mentee(&mb)).map(drop)),
        ),
        (
            "NUL in name",
            "invalid_input",
            Box::new(|c, _| mentees::create(c, &mentee("a\0b")).map(drop)),
        ),
        (
            "bidi override in name",
            "invalid_input",
            Box::new(|c, _| mentees::create(c, &mentee("gpj.\u{202E}exe")).map(drop)),
        ),
        (
            "escape sequence in name",
            "invalid_input",
            Box::new(|c, _| mentees::create(c, &mentee("\u{1b}[31mred")).map(drop)),
        ),
        (
            "over-long role",
            "invalid_input",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        current_role: "r".repeat(81),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "1 MB notes",
            "invalid_input",
            Box::new(move |c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        notes: mb2.clone(),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "unknown target type",
            "invalid_input",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        target_leader_type_id: Some(999),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "negative leader type id",
            "invalid_input",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        current_leader_type_id: Some(-1),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "unknown role track",
            "invalid_input",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        role_track_key: Some("pilot".into()),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "30 February",
            "invalid_input",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        start_date: Some("2026-02-30".into()),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "year out of range",
            "invalid_input",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        start_date: Some("1066-10-14".into()),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "not a date",
            "invalid_input",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        start_date: Some("next week".into()),
                        ..mentee("A")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "a second me",
            "conflict",
            Box::new(|c, _| {
                mentees::create(
                    c,
                    &mentees::MenteeInput {
                        is_self: true,
                        ..mentee("Also me")
                    },
                )
                .map(drop)
            }),
        ),
        (
            "update a missing mentee",
            "not_found",
            Box::new(|c, _| mentees::update(c, 404, &mentee("A")).map(drop)),
        ),
        (
            "update a negative id",
            "not_found",
            Box::new(|c, _| mentees::update(c, -5, &mentee("A")).map(drop)),
        ),
        (
            "delete a missing mentee",
            "not_found",
            Box::new(|c, _| mentees::delete(c, 404)),
        ),
        (
            "archive a missing mentee",
            "not_found",
            Box::new(|c, _| mentees::set_archived(c, 404, true).map(drop)),
        ),
        (
            "delete a built-in type",
            "conflict",
            Box::new(|c, _| catalogue::delete_leader_type(c, 1)),
        ),
        (
            "change a built-in type",
            "conflict",
            Box::new(|c, _| catalogue::update_leader_type(c, 1, &leader_type(|_| ())).map(drop)),
        ),
        (
            "type name taken",
            "conflict",
            Box::new(|c, _| {
                catalogue::create_leader_type(c, &leader_type(|i| i.name = "CLOUD LEADER".into()))
                    .map(drop)
            }),
        ),
        (
            "unknown family",
            "invalid_input",
            Box::new(|c, _| {
                catalogue::create_leader_type(c, &leader_type(|i| i.family_key = "magic".into()))
                    .map(drop)
            }),
        ),
        (
            "profile missing a competency",
            "invalid_input",
            Box::new(|c, _| {
                catalogue::create_leader_type(
                    c,
                    &leader_type(|i| drop(i.profile.competencies.pop())),
                )
                .map(drop)
            }),
        ),
        (
            "level 0",
            "invalid_input",
            Box::new(|c, _| {
                catalogue::create_leader_type(
                    c,
                    &leader_type(|i| i.profile.competencies[0].level = 0),
                )
                .map(drop)
            }),
        ),
        (
            "level 6",
            "invalid_input",
            Box::new(|c, _| {
                catalogue::create_leader_type(
                    c,
                    &leader_type(|i| i.profile.spectrums[0].position = 6),
                )
                .map(drop)
            }),
        ),
        (
            "competency twice",
            "invalid_input",
            Box::new(|c, _| {
                catalogue::create_leader_type(
                    c,
                    &leader_type(|i| {
                        i.profile.competencies[1].competency_key = "technical_expertise".into()
                    }),
                )
                .map(drop)
            }),
        ),
        (
            "empty profile",
            "invalid_input",
            Box::new(|c, _| {
                catalogue::create_leader_type(c, &leader_type(|i| i.profile = Profile::default()))
                    .map(drop)
            }),
        ),
        (
            "assessment in the future",
            "invalid_input",
            Box::new(|c, w| {
                assessments::create(
                    c,
                    w.mentee,
                    &assessment("2999-01-01", Assessor::Myself, [3; 9]),
                )
                .map(drop)
            }),
        ),
        (
            "assessment missing a rating",
            "invalid_input",
            Box::new(|c, w| {
                let mut a = assessment("2026-01-01", Assessor::Myself, [3; 9]);
                a.ratings.pop();
                assessments::create(c, w.mentee, &a).map(drop)
            }),
        ),
        (
            "rating an unknown competency",
            "invalid_input",
            Box::new(|c, w| {
                let mut a = assessment("2026-01-01", Assessor::Myself, [3; 9]);
                a.ratings[0].competency_key = "charm".into();
                assessments::create(c, w.mentee, &a).map(drop)
            }),
        ),
        (
            "1 MB comment",
            "invalid_input",
            Box::new(move |c, w| {
                let mut a = assessment("2026-01-01", Assessor::Myself, [3; 9]);
                a.ratings[0].comment = mb3.clone();
                assessments::create(c, w.mentee, &a).map(drop)
            }),
        ),
        (
            "assessing a missing mentee",
            "not_found",
            Box::new(|c, _| {
                assessments::create(c, 404, &assessment("2026-01-01", Assessor::Myself, [3; 9]))
                    .map(drop)
            }),
        ),
        (
            "assessment corrected into the future",
            "invalid_input",
            Box::new(|c, w| {
                let a = assessment("2999-01-01", Assessor::Mentor, [4; 9]);
                assessments::update(c, w.assessment, &a).map(drop)
            }),
        ),
        (
            "assessment corrected without a rating",
            "invalid_input",
            Box::new(|c, w| {
                let mut a = assessment("2026-02-01", Assessor::Mentor, [4; 9]);
                a.ratings.pop();
                assessments::update(c, w.assessment, &a).map(drop)
            }),
        ),
        (
            "correcting a missing assessment",
            "not_found",
            Box::new(|c, _| {
                let a = assessment("2026-02-01", Assessor::Mentor, [4; 9]);
                assessments::update(c, 404, &a).map(drop)
            }),
        ),
        (
            "blank plan title",
            "invalid_input",
            Box::new(|c, w| {
                plans::create(c, w.mentee, &plan_input("  ", PlanStatus::Draft)).map(drop)
            }),
        ),
        (
            "target before start",
            "invalid_input",
            Box::new(|c, w| {
                let mut p = plan_input("P", PlanStatus::Draft);
                p.target_on = "2025-01-01".into();
                plans::create(c, w.mentee, &p).map(drop)
            }),
        ),
        (
            "a second active plan",
            "conflict",
            Box::new(|c, w| {
                plans::create(c, w.mentee, &plan_input("Two", PlanStatus::Active)).map(drop)
            }),
        ),
        (
            "plan for an unknown type",
            "invalid_input",
            Box::new(|c, w| {
                let mut p = plan_input("P", PlanStatus::Draft);
                p.leader_type_id = 0;
                plans::create(c, w.mentee, &p).map(drop)
            }),
        ),
        (
            "restore a plan never deleted",
            "not_found",
            Box::new(|c, w| plans::restore(c, w.plan).map(drop)),
        ),
        (
            "status of a missing plan",
            "not_found",
            Box::new(|c, _| plans::set_status(c, 404, PlanStatus::Completed).map(drop)),
        ),
        (
            "goal without competencies",
            "invalid_input",
            Box::new(|c, w| goals::create(c, w.plan, &goal("G", &[])).map(drop)),
        ),
        (
            "goal competency twice",
            "invalid_input",
            Box::new(|c, w| {
                goals::create(
                    c,
                    w.plan,
                    &goal("G", &["technical_vision", "technical_vision"]),
                )
                .map(drop)
            }),
        ),
        (
            "unknown theme",
            "invalid_input",
            Box::new(|c, w| {
                goals::create(
                    c,
                    w.plan,
                    &goals::GoalInput {
                        theme_keys: vec!["luck".into()],
                        ..goal("G", &["technical_vision"])
                    },
                )
                .map(drop)
            }),
        ),
        (
            "1 MB goal title",
            "invalid_input",
            Box::new(move |c, w| {
                goals::create(c, w.plan, &goal(&mb4, &["technical_vision"])).map(drop)
            }),
        ),
        (
            "goal on a missing plan",
            "not_found",
            Box::new(|c, _| goals::create(c, 404, &goal("G", &["technical_vision"])).map(drop)),
        ),
        (
            "move a missing goal",
            "not_found",
            Box::new(|c, _| goals::move_to(c, 404, 0).map(drop)),
        ),
        (
            "javascript: link",
            "invalid_input",
            Box::new(|c, w| {
                milestones::update(
                    c,
                    w.milestone,
                    &MilestoneInput {
                        links: vec![EvidenceLink {
                            url: "javascript:alert(1)".into(),
                            label: String::new(),
                        }],
                        ..MilestoneInput::planned("M", None)
                    },
                )
                .map(drop)
            }),
        ),
        (
            "21 links",
            "invalid_input",
            Box::new(|c, w| {
                milestones::update(
                    c,
                    w.milestone,
                    &MilestoneInput {
                        links: vec![
                            EvidenceLink {
                                url: "https://a.b".into(),
                                label: String::new()
                            };
                            21
                        ],
                        ..MilestoneInput::planned("M", None)
                    },
                )
                .map(drop)
            }),
        ),
        (
            "completed in the future",
            "invalid_input",
            Box::new(|c, w| {
                milestones::update(
                    c,
                    w.milestone,
                    &MilestoneInput {
                        status: MilestoneStatus::Done,
                        completed_on: Some("2999-01-01".into()),
                        ..MilestoneInput::planned("M", None)
                    },
                )
                .map(drop)
            }),
        ),
        (
            "completed but planned",
            "invalid_input",
            Box::new(|c, w| {
                milestones::update(
                    c,
                    w.milestone,
                    &MilestoneInput {
                        completed_on: Some("2026-01-01".into()),
                        ..MilestoneInput::planned("M", None)
                    },
                )
                .map(drop)
            }),
        ),
        (
            "day-first due date",
            "invalid_input",
            Box::new(|c, w| {
                milestones::create(
                    c,
                    w.goal,
                    &MilestoneInput::planned("M", Some("31/12/2026".into())),
                )
                .map(drop)
            }),
        ),
        (
            "milestone on a missing goal",
            "not_found",
            Box::new(|c, _| {
                milestones::create(c, 404, &MilestoneInput::planned("M", None)).map(drop)
            }),
        ),
        (
            "another mentee's goal in a 1:1",
            "invalid_input",
            Box::new(|c, w| {
                sessions::create(
                    c,
                    w.mentee,
                    &SessionInput {
                        held_on: "2026-03-02".into(),
                        goal_ids: vec![w.other_goal],
                        ..Default::default()
                    },
                )
                .map(drop)
            }),
        ),
        (
            "a goal twice in a 1:1",
            "invalid_input",
            Box::new(|c, w| {
                sessions::create(
                    c,
                    w.mentee,
                    &SessionInput {
                        held_on: "2026-03-02".into(),
                        goal_ids: vec![w.goal, w.goal],
                        ..Default::default()
                    },
                )
                .map(drop)
            }),
        ),
        (
            "over-long 1:1 notes",
            "invalid_input",
            Box::new(|c, w| {
                sessions::create(
                    c,
                    w.mentee,
                    &SessionInput {
                        held_on: "2026-03-02".into(),
                        notes: "n".repeat(50_001),
                        ..Default::default()
                    },
                )
                .map(drop)
            }),
        ),
        (
            "over-long action item",
            "invalid_input",
            Box::new(|c, w| {
                sessions::create(
                    c,
                    w.mentee,
                    &SessionInput {
                        held_on: "2026-03-02".into(),
                        new_action_items: vec!["i".repeat(501)],
                        ..Default::default()
                    },
                )
                .map(drop)
            }),
        ),
        (
            "action item onto another mentee's goal",
            "invalid_input",
            Box::new(|c, w| {
                sessions::action_item_to_milestone(c, w.item, w.other_goal, None).map(drop)
            }),
        ),
        (
            "an action item converted twice",
            "conflict",
            Box::new(|c, w| {
                sessions::action_item_to_milestone(c, w.converted_item, w.goal, None).map(drop)
            }),
        ),
        (
            "a missing template",
            "not_found",
            Box::new(|c, w| templates::apply(c, w.plan, 404).map(drop)),
        ),
        (
            "delete a built-in template",
            "conflict",
            Box::new(|c, _| templates::delete(c, 1)),
        ),
        (
            "zero days threshold",
            "invalid_input",
            Box::new(|c, _| {
                settings::update(
                    c,
                    &Settings {
                        not_seen_days: 0,
                        mentor_name: String::new(),
                        backups_kept: 10,
                    },
                )
                .map(drop)
            }),
        ),
        (
            "a year and a day threshold",
            "invalid_input",
            Box::new(|c, _| {
                settings::update(
                    c,
                    &Settings {
                        not_seen_days: 366,
                        mentor_name: String::new(),
                        backups_kept: 10,
                    },
                )
                .map(drop)
            }),
        ),
        (
            "no backups kept",
            "invalid_input",
            Box::new(|c, _| {
                let settings = Settings {
                    not_seen_days: 21,
                    mentor_name: String::new(),
                    backups_kept: 0,
                };
                settings::update(c, &settings).map(drop)
            }),
        ),
        (
            "mentor name with a bidi override",
            "invalid_input",
            Box::new(|c, _| {
                let name = "Ana\u{202E}txt.exe".to_owned();
                settings::update(
                    c,
                    &Settings {
                        not_seen_days: 21,
                        mentor_name: name,
                        backups_kept: 10,
                    },
                )
                .map(drop)
            }),
        ),
    ]
}

#[test]
fn every_bad_input_gets_its_typed_error_and_changes_nothing() {
    let mut conn = db::open_in_memory().unwrap();
    let w = world(&mut conn).unwrap();
    let before = digest(&conn).unwrap();
    let all = cases();
    assert!(all.len() >= 50, "{} cases", all.len());
    for (label, code, attempt) in all {
        let err = attempt(&mut conn, &w).expect_err(label);
        assert_eq!(err.code(), code, "{label}: {err}");
        assert!(!err.to_string().is_empty(), "{label} explains itself");
        assert!(
            digest(&conn).unwrap() == before,
            "{label} changed the database"
        );
    }
}
