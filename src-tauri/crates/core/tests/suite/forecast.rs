//! The readiness forecast (a date with its range and reasons, or what is missing) and the
//! mentor's calibration against their mentees' self-ratings.

use chrono::NaiveDate;

use crate::common::{assessment, goal, with_plan};
use waymark_core::assessments::{self, Assessor};
use waymark_core::calibration;
use waymark_core::forecast::{self, Outlook};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::{goals, plans};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

fn series(points: &[(&str, i64)]) -> Vec<(NaiveDate, i64)> {
    points.iter().map(|(on, level)| (day(on), *level)).collect()
}

#[test]
fn with_too_little_data_it_says_what_is_missing_instead_of_guessing() {
    let target_on = Some(day("2027-06-30"));
    let none = forecast::forecast("delegation", 4, &[], target_on);
    assert_eq!(none.outlook, Outlook::NotEnoughData);
    assert_eq!(none.likely_on, None);
    assert!(none.reasons[0].starts_with("Not rated yet"));

    let once = forecast::forecast("delegation", 4, &series(&[("2026-09-01", 2)]), target_on);
    assert_eq!(once.outlook, Outlook::NotEnoughData);
    assert!(
        once.reasons[0].starts_with("Rated once so far"),
        "{:?}",
        once.reasons
    );

    let close = series(&[("2026-09-01", 2), ("2026-09-15", 3)]);
    let close = forecast::forecast("delegation", 4, &close, target_on);
    assert_eq!(close.outlook, Outlook::NotEnoughData);
    assert!(
        close.reasons[0].contains("only 14 days apart"),
        "{:?}",
        close.reasons
    );
}

#[test]
fn a_steady_rise_gives_a_likely_date_inside_its_range() {
    // One level every three months, four ratings on the line.
    let rising = series(&[
        ("2026-01-01", 1),
        ("2026-04-02", 2),
        ("2026-07-02", 3),
        ("2026-10-01", 4),
    ]);
    let f = forecast::forecast("vision", 5, &rising, Some(day("2027-06-30")));
    assert_eq!(f.outlook, Outlook::Closing);
    let likely = day(f.likely_on.as_deref().unwrap());
    assert!(
        likely > day("2026-12-15") && likely < day("2027-01-15"),
        "about three months after the last rating: {likely}"
    );
    let earliest = day(f.earliest_on.as_deref().unwrap());
    let latest = day(f.latest_on.as_deref().unwrap());
    assert!(
        earliest < likely && likely < latest,
        "{earliest} {likely} {latest}"
    );
    assert_eq!(f.on_track, Some(true));
    assert!((f.pace.unwrap() - 0.33).abs() < 0.02, "{:?}", f.pace);
    assert!(f.reasons[0].starts_with("Rated 1 on 1 January 2026 and 4 on 1 October 2026"));
    assert!(
        f.reasons
            .iter()
            .any(|r| r.contains("before the plan's target date"))
    );

    // The same rise against an earlier target date is off track, and says so.
    let f = forecast::forecast("vision", 5, &rising, Some(day("2026-11-30")));
    assert_eq!(f.on_track, Some(false));
    assert!(
        f.reasons
            .iter()
            .any(|r| r.contains("after the plan's target date"))
    );
}

#[test]
fn a_noisy_rise_has_a_wider_range_than_a_steady_one() {
    let steady = series(&[("2026-01-01", 1), ("2026-03-01", 2), ("2026-05-01", 3)]);
    let noisy = series(&[
        ("2026-01-01", 1),
        ("2026-02-01", 3),
        ("2026-03-01", 1),
        ("2026-04-01", 3),
        ("2026-05-01", 3),
    ]);
    let width = |f: &forecast::CompetencyForecast| match (&f.earliest_on, &f.latest_on) {
        (Some(e), Some(l)) => (day(l) - day(e)).num_days(),
        _ => i64::MAX,
    };
    let steady = forecast::forecast("vision", 5, &steady, None);
    let noisy = forecast::forecast("vision", 5, &noisy, None);
    assert_eq!(noisy.outlook, Outlook::Closing);
    assert!(width(&noisy) > width(&steady), "{noisy:?} {steady:?}");
    assert_eq!(steady.on_track, None, "no target date, no verdict");
}

#[test]
fn flat_or_falling_ratings_and_a_met_target_give_no_date() {
    let flat = series(&[("2026-01-01", 3), ("2026-06-01", 3)]);
    let f = forecast::forecast("vision", 4, &flat, None);
    assert_eq!(f.outlook, Outlook::NotClosing);
    assert_eq!(f.likely_on, None);
    assert!(f.reasons[0].contains("no rise"), "{:?}", f.reasons);

    let met = series(&[("2026-01-01", 3), ("2026-06-01", 4)]);
    let f = forecast::forecast("vision", 4, &met, None);
    assert_eq!(f.outlook, Outlook::AtTarget);
}

#[test]
fn a_plans_forecast_follows_the_mentors_ratings_and_names_the_milestones() {
    let (mut f, plan_id) = with_plan().unwrap();
    let mut levels = [2; 9];
    for on in ["2026-03-01", "2026-06-01"] {
        assessments::create(
            &mut f.conn,
            f.mentee_id,
            &assessment(on, Assessor::Mentor, levels),
        )
        .unwrap();
        levels = [3; 9];
    }
    // A generous self-rating is not mixed into the mentor's trend.
    assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-06-05", Assessor::Myself, [5; 9]),
    )
    .unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("Vision", &["technical_vision"])).unwrap();
    for title in ["Write it", "Present it"] {
        milestones::create(&mut f.conn, g.id, &MilestoneInput::planned(title, None)).unwrap();
    }
    let first = goals::get(&f.conn, g.id).unwrap().milestones[0].id;
    milestones::set_status(&mut f.conn, first, MilestoneStatus::Done).unwrap();

    let plan = plans::get(&f.conn, plan_id).unwrap();
    let result = forecast::for_plan(&f.conn, plan_id).unwrap();
    assert_eq!(result.assessor, Some(Assessor::Mentor));
    assert_eq!(result.competencies.len(), plan.targets.competencies.len());
    let vision = result
        .competencies
        .iter()
        .find(|c| c.competency_key == "technical_vision")
        .unwrap();
    assert_eq!(vision.current, Some(3));
    assert!(
        vision
            .reasons
            .iter()
            .any(|r| r == "1 of its 2 milestones are done.")
    );
    let gaps: Vec<i64> = result
        .competencies
        .iter()
        .map(|c| c.target - c.current.unwrap_or(1))
        .collect();
    assert!(
        gaps.windows(2).all(|w| w[0] >= w[1]),
        "largest gap first: {gaps:?}"
    );
}

#[test]
fn calibration_shows_a_lenient_mentor_and_a_drift_over_time() {
    let (mut f, _) = with_plan().unwrap();
    let sam = mentees::create(
        &mut f.conn,
        &MenteeInput {
            name: "Sam".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let before = calibration::load(&f.conn).unwrap();
    assert_eq!((before.mentees, before.average), (2, None));
    assert!(before.summary.starts_with("Calibration needs"));

    // The mentor rates one level above the mentee early on, and two levels above later.
    let rounds = [
        (f.mentee_id, "2026-01-10", "2026-01-05", 3, 2),
        (sam.id, "2026-02-10", "2026-03-01", 3, 2),
        (f.mentee_id, "2026-07-10", "2026-07-01", 4, 2),
        (sam.id, "2026-08-10", "2026-08-12", 4, 2),
        // A self-rating too far from any mentor rating pairs with nothing.
        (sam.id, "2026-11-01", "2026-05-01", 4, 1),
    ];
    for (mentee, mentor_on, self_on, mentor, own) in rounds {
        assessments::create(
            &mut f.conn,
            mentee,
            &assessment(mentor_on, Assessor::Mentor, [mentor; 9]),
        )
        .unwrap();
        assessments::create(
            &mut f.conn,
            mentee,
            &assessment(self_on, Assessor::Myself, [own; 9]),
        )
        .unwrap();
    }
    let c = calibration::load(&f.conn).unwrap();
    let differences: Vec<f64> = c.pairs.iter().map(|p| p.difference).collect();
    assert_eq!(differences, [1.0, 1.0, 2.0, 2.0]);
    assert_eq!(c.pairs[1].mentee_name, "Sam");
    assert_eq!(c.average, Some(1.5));
    assert_eq!(c.drift, Some(1.0));
    assert!(c.summary.contains("lenient"), "{}", c.summary);
    assert!(c.summary.contains("a lenient drift"), "{}", c.summary);
}
