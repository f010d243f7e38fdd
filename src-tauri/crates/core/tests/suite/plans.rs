use crate::common;

use common::{plan_input, with_mentee};
use waymark_core::catalogue::{self, Profile};
use waymark_core::plans::{self, PlanStatus};

/// Turns a valid input into one that must be refused.
type Spoil = fn(&mut plans::PlanInput);

#[test]
fn a_new_plan_starts_from_the_leader_types_default_profile() {
    let mut f = with_mentee().unwrap();
    let plan = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Cloud", PlanStatus::Draft),
    )
    .unwrap();
    let cloud = catalogue::leader_type(&f.conn, 13).unwrap();
    assert_eq!(plan.targets, cloud.profile);
    assert_eq!(plan.status, PlanStatus::Draft);
    assert_eq!(plans::get(&f.conn, plan.id).unwrap(), plan);
}

#[test]
fn targets_can_be_edited_and_are_kept_when_not_sent() {
    let mut f = with_mentee().unwrap();
    let plan = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Cloud", PlanStatus::Draft),
    )
    .unwrap();
    let mut targets: Profile = plan.targets.clone();
    targets.competencies[2].level = 5;
    let mut input = plan_input("Cloud, people first", PlanStatus::Draft);
    input.targets = Some(targets.clone());
    let edited = plans::update(&mut f.conn, plan.id, &input).unwrap();
    assert_eq!(edited.targets, targets);
    let renamed = plans::update(
        &mut f.conn,
        plan.id,
        &plan_input("Renamed", PlanStatus::Draft),
    )
    .unwrap();
    assert_eq!(renamed.title, "Renamed");
    assert_eq!(renamed.targets, targets);
}

#[test]
fn only_one_plan_can_be_active_at_a_time() {
    let mut f = with_mentee().unwrap();
    let first = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("First", PlanStatus::Active),
    )
    .unwrap();
    let err = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Second", PlanStatus::Active),
    )
    .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(err.field(), Some("status"));
    let second = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Second", PlanStatus::Draft),
    )
    .unwrap();
    assert_eq!(
        plans::set_status(&mut f.conn, second.id, PlanStatus::Active)
            .unwrap_err()
            .code(),
        "conflict"
    );
    plans::set_status(&mut f.conn, first.id, PlanStatus::Completed).unwrap();
    plans::set_status(&mut f.conn, second.id, PlanStatus::Active).unwrap();
    assert_eq!(
        plans::active(&f.conn, f.mentee_id).unwrap().map(|p| p.id),
        Some(second.id)
    );
    let listed: Vec<i64> = plans::list(&f.conn, f.mentee_id)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(listed[0], second.id, "the active plan is listed first");
}

#[test]
fn a_deleted_plan_can_be_restored_unless_another_became_active() {
    let mut f = with_mentee().unwrap();
    let plan = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Cloud", PlanStatus::Active),
    )
    .unwrap();
    plans::delete(&mut f.conn, plan.id).unwrap();
    assert_eq!(
        plans::get(&f.conn, plan.id).unwrap_err().code(),
        "not_found"
    );
    assert!(plans::list(&f.conn, f.mentee_id).unwrap().is_empty());
    assert_eq!(plans::restore(&mut f.conn, plan.id).unwrap().id, plan.id);

    plans::delete(&mut f.conn, plan.id).unwrap();
    plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Newer", PlanStatus::Active),
    )
    .unwrap();
    assert_eq!(
        plans::restore(&mut f.conn, plan.id).unwrap_err().code(),
        "conflict"
    );
}

#[test]
fn bad_plans_name_the_field_and_write_nothing() {
    let mut f = with_mentee().unwrap();
    let cases: Vec<(Spoil, &str)> = vec![
        (|i| i.title = " ".into(), "title"),
        (|i| i.leader_type_id = 77, "leaderTypeId"),
        (|i| i.role_track_key = "pilot".into(), "roleTrackKey"),
        (|i| i.starts_on = "soon".into(), "startsOn"),
        (|i| i.target_on = "2025-12-31".into(), "targetOn"),
        (
            |i| i.targets = Some(Profile::default()),
            "profile.competencies",
        ),
    ];
    for (spoil, field) in cases {
        let mut input = plan_input("Cloud", PlanStatus::Draft);
        spoil(&mut input);
        let err = plans::create(&mut f.conn, f.mentee_id, &input).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert!(plans::list(&f.conn, f.mentee_id).unwrap().is_empty());
}
