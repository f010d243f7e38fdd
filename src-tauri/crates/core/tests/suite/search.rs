use crate::common;

use common::{goal, with_plan};
use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::search::{self, fts_query};
use waymark_core::sessions::{self, SessionInput};
use waymark_core::{db, demo, goals, mentees, plans};

#[test]
fn typed_text_becomes_a_safe_prefix_query() {
    assert_eq!(fts_query("  "), None);
    assert_eq!(fts_query("arch rev").as_deref(), Some("\"arch\"* \"rev\"*"));
    assert_eq!(
        fts_query("\"NEAR( OR *").as_deref(),
        Some("\"NEAR(\"* \"OR\"* \"*\"*")
    );
}

#[test]
fn one_search_finds_mentees_goals_milestones_and_notes_grouped() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(
        &mut f.conn,
        plan_id,
        &goal("Architecture review of payments", &["technical_vision"]),
    )
    .unwrap();
    milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned("Book the architecture forum", None),
    )
    .unwrap();
    sessions::create(
        &mut f.conn,
        f.mentee_id,
        &SessionInput {
            held_on: "2026-03-01".into(),
            notes: "We discussed the **architecture** forum.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let found = search::search(&f.conn, "archi").unwrap();
    assert_eq!(found.goals.len(), 1);
    assert_eq!(found.milestones.len(), 1);
    assert_eq!(found.sessions.len(), 1);
    assert_eq!(found.goals[0].mentee_name, "Amara Okonkwo");
    assert!(
        found.sessions[0].snippet.contains('\u{2}'),
        "matches are marked"
    );
    assert_eq!(search::search(&f.conn, "amara").unwrap().mentees.len(), 1);
    for odd in ["\"NEAR( OR *", "*", "-", "a:b", "()", "ß", "李"] {
        assert!(
            search::search(&f.conn, odd).is_ok(),
            "{odd:?} must not be a query error"
        );
    }
}

#[test]
fn accents_do_not_matter_and_deleted_things_disappear_until_restored() {
    let (mut f, plan_id) = with_plan().unwrap();
    mentees::create(
        &mut f.conn,
        &mentees::MenteeInput {
            name: "Zoë Ørsted".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(search::search(&f.conn, "zoe").unwrap().mentees.len(), 1);

    let g = goals::create(
        &mut f.conn,
        plan_id,
        &goal("Observability roadmap", &["technical_vision"]),
    )
    .unwrap();
    goals::delete(&mut f.conn, g.id).unwrap();
    assert!(search::search(&f.conn, "observability").unwrap().is_empty());
    goals::restore(&mut f.conn, g.id).unwrap();
    assert_eq!(
        search::search(&f.conn, "observability")
            .unwrap()
            .goals
            .len(),
        1
    );
    plans::delete(&mut f.conn, plan_id).unwrap();
    assert!(
        search::search(&f.conn, "observability")
            .unwrap()
            .goals
            .is_empty(),
        "a deleted plan hides its goals"
    );
}

#[test]
fn the_demo_is_searchable() {
    let mut conn = db::open_in_memory().unwrap();
    demo::populate(&mut conn).unwrap();
    let found = search::search(&conn, "vision").unwrap();
    assert!(!found.goals.is_empty());
}

#[test]
fn the_terms_counted_as_entries_change_are_the_index_s_own() {
    let mut conn = db::open_in_memory().unwrap();
    demo::populate(&mut conn).unwrap();
    let (indexed, counted) = common::counted_terms(&conn).unwrap();
    assert!(indexed.len() > 100, "{}", indexed.len());
    assert_eq!(counted, indexed);

    let mentee = mentees::create(
        &mut conn,
        &mentees::MenteeInput {
            name: "Zoë Quillfeather".into(),
            notes: "Quillfeather leads the quillfeather guild".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let plan = plans::create(
        &mut conn,
        mentee.id,
        &common::plan_input("Quillfeather plan", plans::PlanStatus::Active),
    )
    .unwrap();
    let g = goals::create(
        &mut conn,
        plan.id,
        &goal("Quillfeather roadmap", &["technical_vision"]),
    )
    .unwrap();
    let m = milestones::create(
        &mut conn,
        g.id,
        &MilestoneInput::planned("Quillfeather review", None),
    )
    .unwrap();
    let s = sessions::create(
        &mut conn,
        mentee.id,
        &SessionInput {
            held_on: "2026-03-01".into(),
            notes: "Talked about the quillfeather review".into(),
            ..Default::default()
        },
    )
    .unwrap();
    milestones::update(
        &mut conn,
        m.id,
        &MilestoneInput::planned("Roadmap review, second round", None),
    )
    .unwrap();
    goals::delete(&mut conn, g.id).unwrap();
    sessions::delete(&mut conn, s.id).unwrap();
    let (indexed, counted) = common::counted_terms(&conn).unwrap();
    assert_eq!(counted, indexed);
    assert!(
        counted
            .iter()
            .any(|(term, n)| term == "quillfeather" && *n == 1)
    );

    goals::restore(&mut conn, g.id).unwrap();
    sessions::restore(&mut conn, s.id).unwrap();
    let (indexed, counted) = common::counted_terms(&conn).unwrap();
    assert_eq!(counted, indexed);
    assert!(
        counted
            .iter()
            .any(|(term, n)| term == "quillfeather" && *n == 3)
    );

    mentees::delete(&mut conn, mentee.id).unwrap();
    let (indexed, counted) = common::counted_terms(&conn).unwrap();
    assert_eq!(counted, indexed);
    assert!(!counted.iter().any(|(term, _)| term == "quillfeather"));
}

#[test]
fn a_word_in_hundreds_of_entries_finds_the_newest_of_each_kind() {
    let (mut f, plan_id) = with_plan().unwrap();
    mentees::create(
        &mut f.conn,
        &mentees::MenteeInput {
            name: "Zephyr Okafor".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut goal_ids = Vec::new();
    for title in ["Zephyr rollout", "Zephyr review"] {
        goal_ids.push(
            goals::create(&mut f.conn, plan_id, &goal(title, &["technical_vision"]))
                .unwrap()
                .id,
        );
    }
    log(&mut f, "2026-03-01", "Talked through the zephyr rollout.").unwrap();
    let holder = goals::create(
        &mut f.conn,
        plan_id,
        &goal("Quarterly checkpoints", &["project_oversight"]),
    )
    .unwrap();
    // More milestones than a search copies in one pass, all newer than the rest.
    let milestone_ids: Vec<i64> = (0..250)
        .map(|n| {
            milestones::create(
                &mut f.conn,
                holder.id,
                &MilestoneInput::planned(format!("Zephyr checkpoint {n}"), None),
            )
            .unwrap()
            .id
        })
        .collect();

    let found = search::search(&f.conn, "zephyr").unwrap();
    let ids = |hits: &[search::Hit]| hits.iter().map(|h| h.id).collect::<Vec<_>>();
    let newest: Vec<i64> = milestone_ids.iter().rev().take(20).copied().collect();
    assert_eq!(ids(&found.milestones), newest);
    goal_ids.sort_unstable();
    let mut goals_found = ids(&found.goals);
    goals_found.sort_unstable();
    assert_eq!(goals_found, goal_ids, "older kinds are read on their own");
    assert_eq!(found.mentees.len(), 1);
    assert_eq!(found.sessions.len(), 1);
}

#[test]
fn a_note_nested_thousands_deep_gives_a_short_result() {
    let mut f = common::with_mentee().unwrap();
    let notes = format!("Opening words {}deepest thought", "> ".repeat(24_000));
    waymark_core::sessions::create(
        &mut f.conn,
        f.mentee_id,
        &waymark_core::sessions::SessionInput {
            held_on: "2026-11-02".into(),
            notes,
            ..Default::default()
        },
    )
    .unwrap();
    let found = search::search(&f.conn, "deepest").unwrap();
    let snippet = &found.sessions[0].snippet;
    assert!(snippet.chars().count() < 200, "{snippet}");
    assert!(snippet.contains("> > > > > > > > … "), "{snippet}");
    assert!(snippet.contains("\u{2}deepest\u{3}"), "{snippet}");
}

fn log(f: &mut common::Fixture, held_on: &str, notes: &str) -> waymark_core::Result<()> {
    let input = SessionInput {
        held_on: held_on.into(),
        notes: notes.into(),
        ..Default::default()
    };
    sessions::create(&mut f.conn, f.mentee_id, &input).map(drop)
}

fn session_dates(f: &common::Fixture, text: &str) -> waymark_core::Result<Vec<String>> {
    let found = search::search(&f.conn, text)?;
    Ok(found.sessions.into_iter().map(|h| h.title).collect())
}

#[test]
fn one_to_ones_come_by_relevance_then_newest_first() {
    let (mut f, _) = with_plan().unwrap();
    // Logged out of order, each notes of a different length, so FTS5's rank alone
    // would order them by length.
    for (on, notes) in [
        ("2026-09-08", "Hiring: the loop."),
        (
            "2026-11-17",
            "We talked about hiring for a long while, then the roadmap and the offsite.",
        ),
        ("2026-10-06", "Hiring again, briefly."),
        (
            "2026-09-22",
            "A short word on hiring and the interview panel, then on the budget.",
        ),
        ("2026-11-03", "Hiring."),
    ] {
        log(&mut f, on, notes).unwrap();
    }
    assert_eq!(
        session_dates(&f, "hiring").unwrap(),
        [
            "2026-11-17",
            "2026-11-03",
            "2026-10-06",
            "2026-09-22",
            "2026-09-08"
        ]
    );
    // The words together as typed lead, however old; then the rest, newest first.
    log(
        &mut f,
        "2026-01-12",
        "Set up the interview loop with the panel.",
    )
    .unwrap();
    log(
        &mut f,
        "2026-12-01",
        "The loop is long; one interview too many.",
    )
    .unwrap();
    assert_eq!(
        session_dates(&f, "interview loop").unwrap(),
        ["2026-01-12", "2026-12-01"]
    );
    // A date typed is a match in the title, ahead of notes that only mention it.
    log(
        &mut f,
        "2026-12-08",
        "Moved from 2026-01-12 because of the offsite.",
    )
    .unwrap();
    assert_eq!(session_dates(&f, "2026-01-12").unwrap()[0], "2026-01-12");
}

#[test]
fn snippets_read_as_plain_text_without_markdown_markers() {
    let (mut f, _) = with_plan().unwrap();
    let note = "## Hiring plan\n- **Agreed** on the `interview` loop\n\
                1. Read [the _hiring_ guide](https://example.org/guide)\n\
                ~~Skip~~ the snake_case_name check";
    assert_eq!(
        search::plain_text(note),
        "Hiring plan Agreed on the interview loop Read the hiring guide Skip the snake_case_name check"
    );
    log(&mut f, "2026-03-01", note).unwrap();
    for text in ["hiring", "agreed", "guide", "check"] {
        let snippet = &search::search(&f.conn, text).unwrap().sessions[0].snippet;
        assert!(
            !snippet.contains(['#', '*', '`', '[', ']', '~']),
            "{snippet:?}"
        );
        assert!(!snippet.contains("example.org"), "{snippet:?}");
        assert!(snippet.contains('\u{2}'), "{snippet:?}");
    }
    assert!(
        search::search(&f.conn, "check").unwrap().sessions[0]
            .snippet
            .contains("snake_case_name")
    );

    // A marker cut in half by the excerpt goes too; words with # or - inside stay.
    assert_eq!(search::plain_text("…**bold wo"), "…bold wo");
    assert_eq!(
        search::plain_text("#hashtag and -5 degrees"),
        "#hashtag and -5 degrees"
    );
    assert_eq!(
        search::plain_text("> > ## Quoted heading"),
        "> > Quoted heading"
    );
}

#[test]
fn tidying_the_index_merges_its_segments_and_finds_the_same() {
    let mut conn = db::open_in_memory().unwrap();
    // Each mentee added in a transaction of its own leaves a segment of the index behind.
    for n in 0..40 {
        let input = mentees::MenteeInput {
            name: format!("Stakeholder {n}"),
            notes: format!("Reviewed the roadmap, round {n}."),
            ..Default::default()
        };
        mentees::create(&mut conn, &input).unwrap();
    }
    let segments = |conn: &db::Connection| -> i64 {
        conn.query_row(
            "SELECT count(DISTINCT segid) FROM search_index_idx",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(segments(&conn) > 1, "the writes left several segments");
    let before = search::search(&conn, "stake rev").unwrap();
    let mut steps = 0;
    while search::tidy_index_step(&conn).unwrap() {
        steps += 1;
        assert!(steps < 1_000, "tidying ends");
    }
    assert_eq!(segments(&conn), 1);
    assert_eq!(search::search(&conn, "stake rev").unwrap(), before);
    assert!(
        !search::tidy_index_step(&conn).unwrap(),
        "nothing is left to do"
    );
}
