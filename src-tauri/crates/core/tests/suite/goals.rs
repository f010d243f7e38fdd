use crate::common;

use common::{goal, with_plan};
use waymark_core::goals::{self, GoalInput};
use waymark_core::milestones::{self, EvidenceLink, MilestoneInput, MilestoneStatus};
use waymark_core::plans;
use waymark_core::progress::{self, PlanProgress};

fn titles(goals: &[goals::Goal]) -> Vec<&str> {
    goals.iter().map(|g| g.title.as_str()).collect()
}

/// Turns a valid input into one that must be refused.
type Spoil = fn(&mut MilestoneInput);

#[test]
fn a_goal_links_competencies_and_themes_in_catalogue_order() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(
        &mut f.conn,
        plan_id,
        &GoalInput {
            theme_keys: vec!["roadmap".into(), "vision".into()],
            ..goal(
                "Publish a two-year platform roadmap",
                &["technical_communication", "technical_vision"],
            )
        },
    )
    .unwrap();
    assert_eq!(
        g.competency_keys,
        ["technical_vision", "technical_communication"]
    );
    assert_eq!(g.theme_keys, ["vision", "roadmap"]);
    assert_eq!(goals::get(&f.conn, g.id).unwrap(), g);
}

#[test]
fn goals_need_a_competency_and_known_unique_keys() {
    let (mut f, plan_id) = with_plan().unwrap();
    let cases = [
        (goal("No link", &[]), "competencyKeys"),
        (goal("Unknown", &["charisma"]), "competencyKeys"),
        (
            goal("Twice", &["technical_vision", "technical_vision"]),
            "competencyKeys",
        ),
        (
            GoalInput {
                theme_keys: vec!["astrology".into()],
                ..goal("Theme", &["technical_vision"])
            },
            "themeKeys",
        ),
        (goal("  ", &["technical_vision"]), "title"),
    ];
    for (input, field) in cases {
        assert_eq!(
            goals::create(&mut f.conn, plan_id, &input)
                .unwrap_err()
                .field(),
            Some(field)
        );
    }
    assert!(goals::for_plan(&f.conn, plan_id).unwrap().is_empty());
    assert_eq!(
        goals::create(&mut f.conn, 404, &goal("x", &["technical_vision"]))
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn goals_and_milestones_reorder_and_deletes_can_be_undone() {
    let (mut f, plan_id) = with_plan().unwrap();
    let a = goals::create(&mut f.conn, plan_id, &goal("A", &["technical_vision"])).unwrap();
    let b = goals::create(&mut f.conn, plan_id, &goal("B", &["team_management"])).unwrap();
    let c = goals::create(&mut f.conn, plan_id, &goal("C", &["technical_expertise"])).unwrap();
    assert_eq!(
        titles(&goals::move_to(&mut f.conn, c.id, 0).unwrap()),
        ["C", "A", "B"]
    );
    assert_eq!(
        titles(&goals::move_to(&mut f.conn, c.id, 99).unwrap()),
        ["A", "B", "C"]
    );

    goals::delete(&mut f.conn, b.id).unwrap();
    assert_eq!(
        titles(&goals::for_plan(&f.conn, plan_id).unwrap()),
        ["A", "C"]
    );
    assert_eq!(goals::get(&f.conn, b.id).unwrap_err().code(), "not_found");
    goals::restore(&mut f.conn, b.id).unwrap();
    assert_eq!(
        titles(&goals::for_plan(&f.conn, plan_id).unwrap()),
        ["A", "C", "B"]
    );

    let m1 = milestones::create(
        &mut f.conn,
        a.id,
        &MilestoneInput::planned("Draft", Some("2026-03-01".into())),
    )
    .unwrap();
    let m2 =
        milestones::create(&mut f.conn, a.id, &MilestoneInput::planned("Review", None)).unwrap();
    let order: Vec<i64> = milestones::move_to(&mut f.conn, m2.id, 0)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(order, [m2.id, m1.id]);
    milestones::delete(&mut f.conn, m1.id).unwrap();
    assert_eq!(goals::get(&f.conn, a.id).unwrap().milestones.len(), 1);
    milestones::restore(&mut f.conn, m1.id).unwrap();
    assert_eq!(goals::get(&f.conn, a.id).unwrap().milestones.len(), 2);
    assert_eq!(
        milestones::restore(&mut f.conn, m1.id).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn marking_a_milestone_done_records_the_day_and_reopening_clears_it() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("A", &["technical_vision"])).unwrap();
    let m = milestones::create(&mut f.conn, g.id, &MilestoneInput::planned("Draft", None)).unwrap();
    let done = milestones::set_status(&mut f.conn, m.id, MilestoneStatus::Done).unwrap();
    assert_eq!(
        done.completed_on,
        Some(waymark_core::dates::iso(waymark_core::dates::today()))
    );
    let reopened = milestones::set_status(&mut f.conn, m.id, MilestoneStatus::InProgress).unwrap();
    assert_eq!(reopened.completed_on, None);
}

#[test]
fn milestone_input_is_checked_field_by_field() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("A", &["technical_vision"])).unwrap();
    let full = MilestoneInput {
        title: "Present the roadmap".into(),
        due_on: Some("2026-05-01".into()),
        status: MilestoneStatus::Done,
        completed_on: Some("2026-04-28".into()),
        evidence: "Slides and recording".into(),
        links: vec![EvidenceLink {
            url: "https://example.org/deck".into(),
            label: "Deck".into(),
        }],
    };
    let m = milestones::create(&mut f.conn, g.id, &full).unwrap();
    assert_eq!(m.links.len(), 1);
    assert_eq!(m.completed_on.as_deref(), Some("2026-04-28"));

    let cases: Vec<(Spoil, &str)> = vec![
        (|i| i.title = "".into(), "title"),
        (|i| i.due_on = Some("2026-13-01".into()), "dueOn"),
        (
            |i| i.completed_on = Some("2999-01-01".into()),
            "completedOn",
        ),
        (|i| i.status = MilestoneStatus::Planned, "completedOn"),
        (|i| i.links[0].url = "javascript:alert(1)".into(), "links"),
        (
            |i| {
                i.links = vec![
                    EvidenceLink {
                        url: "https://a.b".into(),
                        label: String::new()
                    };
                    21
                ]
            },
            "links",
        ),
    ];
    for (spoil, field) in cases {
        let mut input = full.clone();
        spoil(&mut input);
        assert_eq!(
            milestones::update(&mut f.conn, m.id, &input)
                .unwrap_err()
                .field(),
            Some(field)
        );
    }
    assert_eq!(
        milestones::get(&f.conn, m.id).unwrap(),
        m,
        "failed edits changed nothing"
    );
}

#[test]
fn progress_counts_done_out_of_open_and_done_ignoring_dropped() {
    assert_eq!(PlanProgress::new(0, 0, 0).percent, None);
    assert_eq!(PlanProgress::new(1, 2, 5).percent, Some(33));
    assert_eq!(PlanProgress::new(4, 0, 1).percent, Some(100));

    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("A", &["technical_vision"])).unwrap();
    let ids: Vec<i64> = (0..4)
        .map(|i| {
            milestones::create(
                &mut f.conn,
                g.id,
                &MilestoneInput::planned(format!("M{i}"), None),
            )
            .unwrap()
            .id
        })
        .collect();
    milestones::set_status(&mut f.conn, ids[0], MilestoneStatus::Done).unwrap();
    milestones::set_status(&mut f.conn, ids[1], MilestoneStatus::Dropped).unwrap();
    assert_eq!(
        progress::for_plan(&f.conn, plan_id).unwrap(),
        PlanProgress::new(1, 2, 1)
    );
    goals::delete(&mut f.conn, g.id).unwrap();
    assert_eq!(progress::for_plan(&f.conn, plan_id).unwrap().percent, None);
    // A deleted plan hides its goals too.
    goals::restore(&mut f.conn, g.id).unwrap();
    plans::delete(&mut f.conn, plan_id).unwrap();
    assert_eq!(goals::get(&f.conn, g.id).unwrap_err().code(), "not_found");
}

#[test]
fn history_lists_assessments_oldest_first_and_counts_completions_per_month() {
    use waymark_core::assessments::{self, Assessor};
    let months =
        progress::last_twelve_months(chrono::NaiveDate::from_ymd_opt(2026, 2, 14).unwrap());
    assert_eq!(months.first().map(String::as_str), Some("2025-03"));
    assert_eq!(months.last().map(String::as_str), Some("2026-02"));
    assert_eq!(months.len(), 12);

    let (mut f, plan_id) = with_plan().unwrap();
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &common::assessment("2026-03-01", Assessor::Mentor, [3; 9]),
    )
    .unwrap();
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &common::assessment("2026-01-01", Assessor::Myself, [2; 9]),
    )
    .unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("A", &["technical_vision"])).unwrap();
    let today = waymark_core::dates::iso(waymark_core::dates::today());
    for i in 0..3 {
        let mut m = MilestoneInput::planned(format!("M{i}"), None);
        m.status = MilestoneStatus::Done;
        m.completed_on = Some(today.clone());
        milestones::create(&mut f.conn, g.id, &m).unwrap();
    }
    let h = progress::history(&f.conn, f.mentee_id).unwrap();
    let dates: Vec<&str> = h
        .assessments
        .iter()
        .map(|a| a.assessed_on.as_str())
        .collect();
    assert_eq!(dates, ["2026-01-01", "2026-03-01"]);
    assert_eq!(h.assessments[0].levels, [2; 9]);
    assert_eq!(h.completed_per_month.last().map(|m| m.done), Some(3));
    assert_eq!(h.completed_per_month.iter().map(|m| m.done).sum::<i64>(), 3);
}

#[test]
fn a_plans_goals_read_together_equal_the_goals_read_one_by_one() {
    let mut conn = waymark_core::db::open_in_memory().unwrap();
    waymark_core::demo::populate(&mut conn).unwrap();
    let plan_ids: Vec<i64> = conn
        .prepare("SELECT id FROM plans ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // A deleted goal and milestone to leave out, and links to carry.
    let big = plan_ids
        .iter()
        .copied()
        .max_by_key(|&id| goals::for_plan(&conn, id).map_or(0, |g| g.len()))
        .unwrap();
    let before = goals::for_plan(&conn, big).unwrap();
    goals::delete(&mut conn, before[1].id).unwrap();
    milestones::delete(&mut conn, before[0].milestones[0].id).unwrap();
    let linked = &before[2].milestones[1];
    milestones::update(
        &mut conn,
        linked.id,
        &MilestoneInput {
            title: linked.title.clone(),
            due_on: linked.due_on.clone(),
            status: linked.status,
            completed_on: linked.completed_on.clone(),
            evidence: linked.evidence.clone(),
            links: vec![
                EvidenceLink {
                    url: "https://example.com/design".into(),
                    label: "Design".into(),
                },
                EvidenceLink {
                    url: "mailto:team@example.com".into(),
                    label: String::new(),
                },
            ],
        },
    )
    .unwrap();

    for plan_id in plan_ids {
        let ids: Vec<i64> = conn
            .prepare(
                "SELECT id FROM goals WHERE plan_id = ?1 AND deleted_at IS NULL
                  ORDER BY position, id",
            )
            .unwrap()
            .query_map([plan_id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let one_by_one: Vec<goals::Goal> = ids
            .iter()
            .map(|&id| goals::get(&conn, id).unwrap())
            .collect();
        assert_eq!(goals::for_plan(&conn, plan_id).unwrap(), one_by_one);
    }
    let after = goals::for_plan(&conn, big).unwrap();
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(after[1].milestones[1].links.len(), 2);
}
