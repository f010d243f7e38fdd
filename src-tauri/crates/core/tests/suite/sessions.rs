use crate::common;

use common::{goal, plan_input, with_plan};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::plans::{self, PlanStatus};
use waymark_core::sessions::{self, SessionInput};
use waymark_core::{dates, goals};

fn input(on: &str, goal_ids: Vec<i64>, items: &[&str]) -> SessionInput {
    SessionInput {
        held_on: on.into(),
        notes: "## Wins\n- shipped the **migration**".into(),
        goal_ids,
        new_action_items: items.iter().map(|s| (*s).to_owned()).collect(),
        ..Default::default()
    }
}

#[test]
fn a_session_keeps_notes_goals_and_action_items_and_the_latest_is_last() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("Vision", &["technical_vision"])).unwrap();
    let older =
        sessions::create(&mut f.conn, f.mentee_id, &input("2026-02-01", vec![], &[])).unwrap();
    let s = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &input("2026-03-01", vec![g.id], &["Draft the vision", "  "]),
    )
    .unwrap();
    assert_eq!(s.goal_ids, [g.id]);
    assert_eq!(s.action_items.len(), 1, "blank items are skipped");
    assert!(
        s.notes.contains("**migration**"),
        "notes are stored as typed"
    );
    let listed: Vec<i64> = sessions::list(&f.conn, f.mentee_id)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, [s.id, older.id]);
    let last = sessions::last(&f.conn, f.mentee_id).unwrap().unwrap();
    assert_eq!(last.session_id, s.id);
    let expected =
        (dates::today() - chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()).num_days();
    assert_eq!(last.days_ago, expected);
}

#[test]
fn an_action_item_becomes_a_milestone_in_one_step_and_only_once() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("Vision", &["technical_vision"])).unwrap();
    let s = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &input("2026-03-01", vec![g.id], &["Draft the vision"]),
    )
    .unwrap();
    let item = &s.action_items[0];
    let m =
        sessions::action_item_to_milestone(&mut f.conn, item.id, g.id, Some("2026-04-01".into()))
            .unwrap();
    assert_eq!(m.title, "Draft the vision");
    assert_eq!(m.due_on.as_deref(), Some("2026-04-01"));
    assert_eq!(goals::get(&f.conn, g.id).unwrap().milestones.len(), 1);
    let again = sessions::action_item_to_milestone(&mut f.conn, item.id, g.id, None).unwrap_err();
    assert_eq!(again.code(), "conflict");
    assert_eq!(
        sessions::get(&f.conn, s.id).unwrap().action_items[0].milestone_id,
        Some(m.id)
    );
    let done = sessions::set_action_item_done(&mut f.conn, item.id, true).unwrap();
    assert!(done.action_items[0].done);
}

#[test]
fn goals_of_another_mentee_are_refused() {
    let (mut f, plan_id) = with_plan().unwrap();
    let mine = goals::create(&mut f.conn, plan_id, &goal("Mine", &["technical_vision"])).unwrap();
    let other = mentees::create(
        &mut f.conn,
        &MenteeInput {
            name: "Other".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let other_plan = plans::create(
        &mut f.conn,
        other.id,
        &plan_input("Theirs", PlanStatus::Active),
    )
    .unwrap();
    let theirs = goals::create(
        &mut f.conn,
        other_plan.id,
        &goal("Theirs", &["technical_vision"]),
    )
    .unwrap();

    let err = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &input("2026-03-01", vec![theirs.id], &[]),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("goalIds"));
    let err = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &input("2026-03-01", vec![mine.id, mine.id], &[]),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("goalIds"));
    let s = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &input("2026-03-01", vec![mine.id], &["Do it"]),
    )
    .unwrap();
    let err =
        sessions::action_item_to_milestone(&mut f.conn, s.action_items[0].id, theirs.id, None)
            .unwrap_err();
    assert_eq!(err.field(), Some("goalId"));
    assert!(
        goals::get(&f.conn, theirs.id)
            .unwrap()
            .milestones
            .is_empty()
    );
}

#[test]
fn bad_dates_and_huge_notes_are_refused_and_deletes_can_be_undone() {
    let (mut f, _) = with_plan().unwrap();
    for (bad, field) in [
        (input("someday", vec![], &[]), "heldOn"),
        (
            SessionInput {
                notes: "x".repeat(50_001),
                ..input("2026-03-01", vec![], &[])
            },
            "notes",
        ),
        (
            input("2026-03-01", vec![], &[&"y".repeat(501)]),
            "newActionItems",
        ),
    ] {
        assert_eq!(
            sessions::create(&mut f.conn, f.mentee_id, &bad)
                .unwrap_err()
                .field(),
            Some(field)
        );
    }
    assert!(sessions::list(&f.conn, f.mentee_id).unwrap().is_empty());

    let s = sessions::create(&mut f.conn, f.mentee_id, &input("2026-03-01", vec![], &[])).unwrap();
    sessions::delete(&mut f.conn, s.id).unwrap();
    assert!(sessions::last(&f.conn, f.mentee_id).unwrap().is_none());
    sessions::restore(&mut f.conn, s.id).unwrap();
    assert_eq!(sessions::list(&f.conn, f.mentee_id).unwrap().len(), 1);
}
