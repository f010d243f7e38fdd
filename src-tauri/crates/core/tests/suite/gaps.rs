use crate::common;

use common::{assessment, with_plan};
use waymark_core::assessments::{self, Assessor};
use waymark_core::gaps;

#[test]
fn gaps_are_ranked_largest_first_with_catalogue_order_breaking_ties() {
    let (mut f, plan_id) = with_plan().unwrap();
    // Cloud Leader targets: 5,5,3,4,3,3,4,3,4
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-02-01", Assessor::Mentor, [4, 2, 3, 1, 3, 4, 4, 1, 4]),
    )
    .unwrap();
    let analysis = gaps::for_plan(&f.conn, plan_id).unwrap();
    let ranked: Vec<(&str, i64)> = analysis
        .competencies
        .iter()
        .map(|g| (g.competency_key.as_str(), g.gap))
        .collect();
    assert_eq!(
        ranked,
        [
            ("technical_vision", 3),
            ("technical_communication", 3),
            ("task_delegation", 2),
            ("technical_expertise", 1),
            ("team_management", 0),
            ("technical_mentorship", 0),
            ("project_oversight", 0),
            ("problem_solving", 0),
            ("performance_monitoring", 0),
        ]
    );
    let oversight = analysis
        .competencies
        .iter()
        .find(|g| g.competency_key == "project_oversight")
        .unwrap();
    assert_eq!(
        (oversight.current, oversight.target),
        (Some(4), 3),
        "exceeding a target is no gap"
    );
    assert_eq!(analysis.assessed_on.as_deref(), Some("2026-02-01"));
}

#[test]
fn self_and_mentor_levels_sit_side_by_side_and_spectrum_shifts_are_signed() {
    let (mut f, plan_id) = with_plan().unwrap();
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-02-01", Assessor::Mentor, [3; 9]),
    )
    .unwrap();
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-02-03", Assessor::Myself, [4; 9]),
    )
    .unwrap();
    let analysis = gaps::for_plan(&f.conn, plan_id).unwrap();
    let vision = analysis
        .competencies
        .iter()
        .find(|g| g.competency_key == "technical_vision")
        .unwrap();
    assert_eq!(
        (vision.current, vision.self_level, vision.mentor_level),
        (Some(4), Some(4), Some(3))
    );
    // Every spectrum was assessed at 2; Cloud Leader aims for focus 5 (Architecture).
    let focus = analysis
        .spectrums
        .iter()
        .find(|s| s.spectrum_key == "focus")
        .unwrap();
    assert_eq!((focus.current, focus.target, focus.shift), (Some(2), 5, 3));
}

#[test]
fn before_any_assessment_gaps_count_from_level_one() {
    let (f, plan_id) = with_plan().unwrap();
    let analysis = gaps::for_plan(&f.conn, plan_id).unwrap();
    assert_eq!(analysis.assessed_on, None);
    assert!(
        analysis
            .competencies
            .iter()
            .all(|g| g.current.is_none() && g.gap == g.target - 1)
    );
    assert_eq!(
        analysis.competencies[0].competency_key,
        "technical_expertise"
    );
    assert!(
        analysis
            .spectrums
            .iter()
            .all(|s| s.shift == 0 && s.current.is_none())
    );
}
