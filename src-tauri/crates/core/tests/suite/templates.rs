use crate::common;

use chrono::NaiveDate;
use common::{COMPETENCIES, assessment, goal, with_plan};
use waymark_core::assessments::{self, Assessor};
use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::{dates, db, goals, templates};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

#[test]
fn every_competency_has_at_least_three_general_templates_and_every_family_its_own() {
    let conn = db::open_in_memory().unwrap();
    let all = templates::list(&conn).unwrap();
    for key in COMPETENCIES {
        let general = all
            .iter()
            .filter(|t| t.family_key.is_none() && t.competency_keys.iter().any(|k| k == key))
            .count();
        assert!(general >= 3, "{key} has {general} templates");
    }
    for family in ["engineering", "domain", "project", "platform", "specialty"] {
        assert!(
            all.iter()
                .filter(|t| t.family_key.as_deref() == Some(family))
                .count()
                >= 2,
            "{family}"
        );
    }
    for t in &all {
        assert!(
            t.built_in && !t.milestones.is_empty() && !t.description.is_empty(),
            "{}",
            t.title
        );
        assert!(
            t.milestones
                .windows(2)
                .all(|w| w[0].offset_days <= w[1].offset_days),
            "{}",
            t.title
        );
    }
}

#[test]
fn milestones_count_from_the_plan_start_or_today_whichever_is_later() {
    assert_eq!(
        templates::anchor(day("2026-01-05"), day("2025-12-01")),
        day("2026-01-05")
    );
    assert_eq!(
        templates::anchor(day("2026-01-05"), day("2026-03-10")),
        day("2026-03-10")
    );
}

#[test]
fn applying_a_template_adds_the_goal_and_its_dated_milestones_in_one_step() {
    let (mut f, plan_id) = with_plan().unwrap();
    let template = templates::get(&f.conn, 4).unwrap();
    let goal = templates::apply(&mut f.conn, plan_id, template.id).unwrap();
    assert_eq!(goal.title, template.title);
    assert_eq!(goal.competency_keys, template.competency_keys);
    assert_eq!(goal.milestones.len(), template.milestones.len());
    // The fixture plan starts on 2026-01-05, so offsets count from today or that day.
    let from = templates::anchor(day("2026-01-05"), dates::today());
    for (m, t) in goal.milestones.iter().zip(&template.milestones) {
        let due = day(m.due_on.as_deref().unwrap());
        assert_eq!((due - from).num_days(), t.offset_days, "{}", m.title);
    }
}

#[test]
fn suggestions_follow_the_largest_gaps_prefer_the_family_and_skip_what_is_used() {
    let (mut f, plan_id) = with_plan().unwrap();
    // Cloud Leader (platform family) targets 5 on expertise and vision; rate those lowest.
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-02-01", Assessor::Mentor, [1, 2, 3, 4, 3, 3, 4, 3, 4]),
    )
    .unwrap();
    let suggestions = templates::suggest(&f.conn, plan_id, 2, 2).unwrap();
    let first = &suggestions[0];
    assert_eq!(first.competency_key, "technical_expertise");
    assert_eq!(first.gap, 4);
    assert_eq!(
        first.template.family_key.as_deref(),
        Some("platform"),
        "tailored first"
    );
    assert!(suggestions.iter().all(|s| {
        s.template
            .family_key
            .as_deref()
            .is_none_or(|f| f == "platform")
    }));
    assert!(
        suggestions
            .iter()
            .any(|s| s.competency_key == "technical_vision")
    );

    templates::apply(&mut f.conn, plan_id, first.template.id).unwrap();
    let again = templates::suggest(&f.conn, plan_id, 2, 2).unwrap();
    assert!(again.iter().all(|s| s.template.id != first.template.id));
}

#[test]
fn a_goal_of_ones_own_becomes_a_template_with_offsets_from_the_plan_start() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(
        &mut f.conn,
        plan_id,
        &goal("Lead the on-call rotation redesign", &["task_delegation"]),
    )
    .unwrap();
    milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned("Survey the team", Some("2026-01-19".into())),
    )
    .unwrap();
    milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned("Pilot it", None),
    )
    .unwrap();
    let t = templates::save_goal(&mut f.conn, g.id).unwrap();
    assert!(!t.built_in);
    assert_eq!(t.competency_keys, ["task_delegation"]);
    let offsets: Vec<i64> = t.milestones.iter().map(|m| m.offset_days).collect();
    assert_eq!(offsets, [14, 60]);
    templates::delete(&mut f.conn, t.id).unwrap();
    assert_eq!(
        templates::delete(&mut f.conn, 1).unwrap_err().code(),
        "conflict"
    );
}

#[test]
fn templates_covering_a_warnings_missing_competencies_are_offered() {
    let conn = db::open_in_memory().unwrap();
    let offered = templates::covering(&conn, &["technical_vision".into()], 3).unwrap();
    assert_eq!(offered.len(), 3);
    assert!(
        offered
            .iter()
            .all(|t| t.competency_keys.contains(&"technical_vision".to_owned()))
    );
}
