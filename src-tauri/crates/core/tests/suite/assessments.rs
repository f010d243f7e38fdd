use crate::common;

use common::{assessment, with_mentee};
use waymark_core::assessments::{self, Assessor, Rating};

/// Turns a valid input into one that must be refused.
type Spoil = fn(&mut waymark_core::assessments::AssessmentInput);

#[test]
fn an_assessment_keeps_every_rating_comment_and_spectrum_in_catalogue_order() {
    let mut f = with_mentee().unwrap();
    let mut input = assessment("2026-03-01", Assessor::Mentor, [4, 2, 3, 3, 2, 4, 5, 2, 3]);
    input.ratings.reverse();
    input.ratings[0].comment = "Tracks KPIs well".into();
    let a = assessments::create(&mut f.conn, f.mentee_id, &input).unwrap();
    assert_eq!(a.ratings.len(), 9);
    assert_eq!(a.ratings[0].competency_key, "technical_expertise");
    assert_eq!(a.ratings[0].level, 4);
    assert_eq!(a.ratings[8].comment, "Tracks KPIs well");
    assert_eq!(a.spectrums.len(), 7);
    assert_eq!(assessments::get(&f.conn, a.id).unwrap(), a);
}

#[test]
fn the_latest_is_current_and_self_and_mentor_are_kept_apart() {
    let mut f = with_mentee().unwrap();
    let old = assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-01-10", Assessor::Mentor, [2; 9]),
    )
    .unwrap();
    let me = assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-03-02", Assessor::Myself, [4; 9]),
    )
    .unwrap();
    let mentor = assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-02-20", Assessor::Mentor, [3; 9]),
    )
    .unwrap();
    let current = assessments::current(&f.conn, f.mentee_id).unwrap();
    assert_eq!(current.current.as_ref().map(|a| a.id), Some(me.id));
    assert_eq!(current.latest_self.map(|a| a.id), Some(me.id));
    assert_eq!(current.latest_mentor.map(|a| a.id), Some(mentor.id));
    let history: Vec<i64> = assessments::list(&f.conn, f.mentee_id)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(history, [me.id, mentor.id, old.id]);
}

#[test]
fn incomplete_or_invalid_assessments_are_refused_and_nothing_is_written() {
    let mut f = with_mentee().unwrap();
    let cases: Vec<(Spoil, &str)> = vec![
        (|i| drop(i.ratings.pop()), "ratings"),
        (|i| i.ratings[3].level = 6, "ratings"),
        (|i| i.spectrums[0].position = 0, "spectrums"),
        (|i| drop(i.spectrums.pop()), "spectrums"),
        (|i| i.assessed_on = "2026-02-30".into(), "assessedOn"),
        (|i| i.assessed_on = "".into(), "assessedOn"),
        (|i| i.assessed_on = "2999-01-01".into(), "assessedOn"),
        (|i| i.ratings[0].comment = "c".repeat(2001), "ratings"),
    ];
    for (spoil, field) in cases {
        let mut input = assessment("2026-03-01", Assessor::Myself, [3; 9]);
        spoil(&mut input);
        let err = assessments::create(&mut f.conn, f.mentee_id, &input).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert!(assessments::list(&f.conn, f.mentee_id).unwrap().is_empty());
    let ghost = assessments::create(
        &mut f.conn,
        999,
        &assessment("2026-03-01", Assessor::Myself, [3; 9]),
    );
    assert_eq!(ghost.unwrap_err().code(), "not_found");
}

#[test]
fn leadership_skill_is_derived_from_the_people_facing_ratings() {
    let rating = |key: &str, level| Rating {
        competency_key: key.into(),
        level,
        comment: String::new(),
    };
    let ratings = [
        rating("technical_expertise", 5),
        rating("team_management", 2),
        rating("technical_communication", 3),
        rating("technical_mentorship", 4),
        rating("task_delegation", 4),
    ];
    // (2 + 3 + 4 + 4) / 4 = 3.25
    assert_eq!(assessments::derived_leadership_skill(&ratings), Some(3));
    let ratings = [rating("team_management", 3), rating("task_delegation", 4)];
    // 3.5 rounds up
    assert_eq!(assessments::derived_leadership_skill(&ratings), Some(4));
    assert_eq!(
        assessments::derived_leadership_skill(&[rating("technical_expertise", 5)]),
        None
    );
}

#[test]
fn deleting_a_mentee_takes_their_assessments_with_them() {
    let mut f = with_mentee().unwrap();
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-03-01", Assessor::Myself, [3; 9]),
    )
    .unwrap();
    waymark_core::mentees::delete(&mut f.conn, f.mentee_id).unwrap();
    let left: i64 = f
        .conn
        .query_row("SELECT count(*) FROM assessment_ratings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn an_assessment_can_be_corrected_and_every_part_is_replaced() {
    let mut f = with_mentee().unwrap();
    let a = assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-03-01", Assessor::Mentor, [2; 9]),
    )
    .unwrap();
    let mut input = assessment("2026-02-27", Assessor::Myself, [4, 2, 3, 3, 2, 4, 5, 2, 3]);
    input.notes = "Rated again after the offsite.".into();
    input.ratings[1].comment = "Runs the design reviews now".into();
    input.spectrums[2].position = 5;
    let b = assessments::update(&mut f.conn, a.id, &input).unwrap();
    assert_eq!(b.id, a.id);
    assert_eq!(b.assessed_on, "2026-02-27");
    assert_eq!(b.assessor, Assessor::Myself);
    assert_eq!(b.notes, "Rated again after the offsite.");
    let levels: Vec<i64> = b.ratings.iter().map(|r| r.level).collect();
    assert_eq!(levels, [4, 2, 3, 3, 2, 4, 5, 2, 3]);
    assert_eq!(b.ratings[1].comment, "Runs the design reviews now");
    assert_eq!(b.spectrums.len(), 7);
    assert_eq!(b.spectrums[2].position, 5);
    assert_eq!(assessments::get(&f.conn, a.id).unwrap(), b);
    assert_eq!(assessments::list(&f.conn, f.mentee_id).unwrap().len(), 1);
}

#[test]
fn a_correction_is_checked_as_a_new_assessment_and_a_refused_one_changes_nothing() {
    let mut f = with_mentee().unwrap();
    let a = assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-03-01", Assessor::Mentor, [3; 9]),
    )
    .unwrap();
    let cases: Vec<(Spoil, &str)> = vec![
        (|i| drop(i.ratings.pop()), "ratings"),
        (|i| i.ratings[3].level = 0, "ratings"),
        (|i| i.spectrums[0].position = 6, "spectrums"),
        (|i| i.assessed_on = "2026-02-30".into(), "assessedOn"),
        (|i| i.notes = "n".repeat(20_001), "notes"),
    ];
    for (spoil, field) in cases {
        let mut input = assessment("2026-01-05", Assessor::Myself, [5; 9]);
        spoil(&mut input);
        let err = assessments::update(&mut f.conn, a.id, &input).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{err}");
        assert_eq!(err.field(), Some(field), "{err}");
        assert_eq!(assessments::get(&f.conn, a.id).unwrap(), a);
    }
    let ghost = assessments::update(
        &mut f.conn,
        a.id + 1,
        &assessment("2026-03-01", Assessor::Myself, [3; 9]),
    );
    assert_eq!(ghost.unwrap_err().code(), "not_found");
}
