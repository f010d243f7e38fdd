use crate::common;

use std::collections::BTreeSet;

use common::{COMPETENCIES, goal, with_plan};
use waymark_core::balance::{self, Rule};
use waymark_core::{db, goals};

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

fn fired(rules: &[Rule], covered: &[&str]) -> Vec<String> {
    balance::evaluate(rules, &set(covered))
        .into_iter()
        .map(|w| w.anti_pattern_key)
        .collect()
}

/// For each rule: goals that trip it, and the smallest addition that clears it.
const CASES: [(&str, &[&str], &[&str]); 9] = [
    (
        "project_manager",
        &["project_oversight", "performance_monitoring"],
        &["technical_vision"],
    ),
    (
        "business_analyst",
        &["technical_communication"],
        &["technical_expertise"],
    ),
    (
        "technical_contributor",
        &["problem_solving"],
        &["team_management"],
    ),
    (
        "non_technical_leader",
        &["team_management"],
        &["technical_expertise"],
    ),
    (
        "technical_expert",
        &["technical_expertise"],
        &["technical_mentorship"],
    ),
    (
        "technical_coordinator",
        &["task_delegation"],
        &["technical_vision"],
    ),
    (
        "technical_administrator",
        &["performance_monitoring"],
        &["technical_mentorship"],
    ),
    (
        "technical_support_lead",
        &["problem_solving"],
        &["technical_vision"],
    ),
    (
        "technical_resource",
        &["technical_expertise", "problem_solving"],
        &["technical_communication"],
    ),
];

#[test]
fn there_is_one_rule_per_anti_pattern_each_with_words_for_people() {
    let conn = db::open_in_memory().unwrap();
    let rules = balance::rules(&conn).unwrap();
    let keys: Vec<&str> = rules.iter().map(|r| r.anti_pattern_key.as_str()).collect();
    assert_eq!(keys, CASES.map(|(k, _, _)| k));
    for r in &rules {
        assert!(
            !r.signals.is_empty() && !r.missing.is_empty(),
            "{}",
            r.anti_pattern_key
        );
        assert!(
            r.warning.len() > 40 && r.advice.starts_with("Add a goal"),
            "{}",
            r.anti_pattern_key
        );
    }
}

#[test]
fn every_rule_fires_on_its_look_alike_plan() {
    let conn = db::open_in_memory().unwrap();
    let rules = balance::rules(&conn).unwrap();
    for (key, trips, _) in CASES {
        assert!(
            fired(&rules, trips).contains(&key.to_owned()),
            "{key} should fire on {trips:?}"
        );
    }
}

#[test]
fn every_rule_is_cleared_by_adding_what_it_asks_for() {
    let conn = db::open_in_memory().unwrap();
    let rules = balance::rules(&conn).unwrap();
    for (key, trips, fix) in CASES {
        let covered: Vec<&str> = trips.iter().chain(fix).copied().collect();
        assert!(
            !fired(&rules, &covered).contains(&key.to_owned()),
            "{key} should clear with {fix:?}"
        );
        let warning = balance::evaluate(&rules, &set(trips))
            .into_iter()
            .find(|w| w.anti_pattern_key == key)
            .unwrap();
        assert!(
            fix.iter()
                .all(|f| warning.missing_keys.contains(&(*f).to_owned())),
            "{key} should suggest {fix:?}"
        );
    }
}

#[test]
fn a_plan_with_no_goals_or_with_both_halves_passes() {
    let conn = db::open_in_memory().unwrap();
    let rules = balance::rules(&conn).unwrap();
    assert!(fired(&rules, &[]).is_empty());
    assert!(fired(&rules, &COMPETENCIES).is_empty());
    let balanced = [
        "technical_expertise",
        "technical_vision",
        "team_management",
        "technical_mentorship",
    ];
    assert!(
        fired(&rules, &balanced).is_empty(),
        "{:?}",
        fired(&rules, &balanced)
    );
}

#[test]
fn a_real_plan_drifts_into_project_management_and_back() {
    let (mut f, plan_id) = with_plan().unwrap();
    goals::create(
        &mut f.conn,
        plan_id,
        &goal("Run the quarterly delivery review", &["project_oversight"]),
    )
    .unwrap();
    goals::create(
        &mut f.conn,
        plan_id,
        &goal("Own the team's KPI dashboard", &["performance_monitoring"]),
    )
    .unwrap();
    let warnings = balance::check_plan(&f.conn, plan_id).unwrap();
    let keys: Vec<&str> = warnings
        .iter()
        .map(|w| w.anti_pattern_key.as_str())
        .collect();
    assert!(keys.contains(&"project_manager"), "{keys:?}");
    let vision = goals::create(
        &mut f.conn,
        plan_id,
        &goal(
            "Write the platform's technical vision",
            &["technical_vision", "technical_mentorship"],
        ),
    )
    .unwrap();
    assert!(balance::check_plan(&f.conn, plan_id).unwrap().is_empty());
    // Deleting the goal that balanced the plan brings the warning back.
    goals::delete(&mut f.conn, vision.id).unwrap();
    assert!(!balance::check_plan(&f.conn, plan_id).unwrap().is_empty());
}

#[test]
fn remedies_prefer_templates_that_leave_no_new_drift() {
    let (mut f, plan_id) = with_plan().unwrap();
    goals::create(
        &mut f.conn,
        plan_id,
        &goal("Run the quarterly delivery review", &["project_oversight"]),
    )
    .unwrap();
    let rules = balance::rules(&f.conn).unwrap();
    let covered = goals::covered_competencies(&f.conn, plan_id).unwrap();
    let warning = balance::evaluate(&rules, &covered)
        .into_iter()
        .find(|w| w.anti_pattern_key == "project_manager")
        .unwrap();
    let candidates =
        waymark_core::templates::covering(&f.conn, &warning.missing_keys, usize::MAX).unwrap();
    let best = balance::best_remedies(&rules, &covered, candidates, 3);
    assert_eq!(best.len(), 3);
    for t in &best {
        let mut after = covered.clone();
        after.extend(t.competency_keys.iter().cloned());
        assert!(
            balance::evaluate(&rules, &after).is_empty(),
            "{} leaves a warning",
            t.title
        );
    }
}
