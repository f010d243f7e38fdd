//! The readiness forecast (a date with its range and reasons, or what is missing) and the
//! mentor's calibration against their mentees' self-ratings.

use chrono::NaiveDate;
use proptest::prelude::*;
use rusqlite::{Connection, params};

use crate::common::{COMPETENCIES, assessment, goal, with_plan};
use waymark_core::assessments::{self, Assessor};
use waymark_core::calibration::{self, Calibration, CalibrationPair};
use waymark_core::forecast::{self, Outlook};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::{db, demo, goals, plans};

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

/// Calibration as the window-function statement of 81685f1 read it, kept as the answer
/// every faster reading must give, to the last bit of every difference.
fn calibration_by_reference(conn: &Connection) -> rusqlite::Result<Calibration> {
    let mentees: i64 = conn.query_row(
        "SELECT count(*) FROM mentees WHERE shared_by IS NULL AND is_self = 0",
        [],
        |r| r.get(0),
    )?;
    let mut statement = conn.prepare(
        "WITH paired AS (
                 SELECT m.id AS mentor_id, s.id AS self_id,
                        row_number() OVER (
                            PARTITION BY m.id
                            ORDER BY abs(julianday(s.assessed_on) - julianday(m.assessed_on)),
                                     s.assessed_on DESC, s.id DESC) AS nearness
                   FROM assessments m
                   JOIN mentees me ON me.id = m.mentee_id
                   JOIN assessments s ON s.mentee_id = m.mentee_id AND s.assessor = 'self'
                  WHERE m.assessor = 'mentor' AND me.shared_by IS NULL AND me.is_self = 0
                    AND abs(julianday(s.assessed_on) - julianday(m.assessed_on)) <= 42)
             SELECT me.id, me.name, m.assessed_on, s.assessed_on, avg(rm.level - rs.level)
               FROM paired p
               JOIN assessments m ON m.id = p.mentor_id
               JOIN assessments s ON s.id = p.self_id
               JOIN mentees me ON me.id = m.mentee_id
               JOIN assessment_ratings rm ON rm.assessment_id = m.id
               JOIN assessment_ratings rs ON rs.assessment_id = s.id
                    AND rs.competency_key = rm.competency_key
              WHERE p.nearness = 1
              GROUP BY m.id
              ORDER BY m.assessed_on, m.id",
    )?;
    let pairs = statement
        .query_map([], |r| {
            Ok(CalibrationPair {
                mentee_id: r.get(0)?,
                mentee_name: r.get(1)?,
                mentor_on: r.get(2)?,
                self_on: r.get(3)?,
                difference: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Calibration {
        mentees: mentees as usize,
        ..calibration::summarise(pairs)
    })
}

/// A mentee as raw rows, so "me" and a mentee shared by another mentor can be made too.
fn person(
    conn: &Connection,
    name: &str,
    is_self: bool,
    shared_by: Option<&str>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO mentees (name, is_self, shared_by) VALUES (?1, ?2, ?3)",
        params![name, is_self, shared_by],
    )?;
    Ok(conn.last_insert_rowid())
}

/// An assessment rating the competencies `levels` names (by their place in the catalogue).
fn rated(
    conn: &Connection,
    mentee: i64,
    on: &str,
    assessor: &str,
    levels: &[(usize, i64)],
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO assessments (mentee_id, assessed_on, assessor) VALUES (?1, ?2, ?3)",
        params![mentee, on, assessor],
    )?;
    let assessment = conn.last_insert_rowid();
    for (competency, level) in levels {
        conn.execute(
            "INSERT INTO assessment_ratings (assessment_id, competency_key, level)
             VALUES (?1, ?2, ?3)",
            params![assessment, COMPETENCIES[*competency], level],
        )?;
    }
    Ok(())
}

fn all(level: i64) -> Vec<(usize, i64)> {
    (0..COMPETENCIES.len()).map(|c| (c, level)).collect()
}

#[test]
fn calibration_on_the_showcase_is_the_reference_answer() {
    let mut conn = db::open_in_memory().unwrap();
    demo::populate(&mut conn).unwrap();
    let c = calibration::load(&conn).unwrap();
    assert!(c.pairs.len() >= 2, "the showcase pairs ratings: {c:?}");
    assert_eq!(c, calibration_by_reference(&conn).unwrap());
}

#[test]
fn calibration_pairs_the_nearest_self_rating_and_breaks_ties_the_same_way() {
    let conn = db::open_in_memory().unwrap();
    let ana = person(&conn, "Ana", false, None).unwrap();
    let ben = person(&conn, "Ben", false, None).unwrap();
    let cai = person(&conn, "Cai", false, None).unwrap();
    let me = person(&conn, "Me", true, None).unwrap();
    let shared = person(&conn, "Shared", false, Some("Another mentor")).unwrap();
    // Exactly six weeks apart pairs; one day more does not.
    rated(&conn, ana, "2026-03-01", "mentor", &all(4)).unwrap();
    rated(&conn, ana, "2026-04-12", "self", &all(3)).unwrap();
    rated(&conn, ana, "2026-06-01", "mentor", &all(4)).unwrap();
    rated(&conn, ana, "2026-07-14", "self", &all(1)).unwrap();
    // As near before as after: the later wins; two on one day: the newer wins.
    rated(&conn, ben, "2026-05-10", "mentor", &all(3)).unwrap();
    rated(&conn, ben, "2026-05-01", "self", &all(1)).unwrap();
    rated(&conn, ben, "2026-05-19", "self", &all(5)).unwrap();
    rated(&conn, ben, "2026-05-19", "self", &all(2)).unwrap();
    // Several on the mentor's own day, a mentor rating without any self-rating near, and
    // one whose nearest self-rating shares no competency (it pairs with nothing, not with
    // the next nearest).
    rated(
        &conn,
        cai,
        "2026-02-28",
        "mentor",
        &[(0, 5), (1, 4), (2, 1)],
    )
    .unwrap();
    rated(&conn, cai, "2026-02-28", "self", &[(1, 2), (2, 2), (3, 2)]).unwrap();
    rated(&conn, cai, "2026-02-28", "mentor", &all(2)).unwrap();
    rated(&conn, cai, "2025-01-01", "mentor", &all(2)).unwrap();
    rated(&conn, cai, "2026-09-01", "mentor", &[(0, 3)]).unwrap();
    rated(&conn, cai, "2026-09-02", "self", &[(1, 3)]).unwrap();
    rated(&conn, cai, "2026-09-20", "self", &[(0, 1)]).unwrap();
    // At the ends of the calendar SQLite's date arithmetic gives out; julianday does not.
    rated(&conn, cai, "9999-12-20", "mentor", &all(3)).unwrap();
    rated(&conn, cai, "9999-12-31", "self", &all(1)).unwrap();
    rated(&conn, cai, "0000-01-20", "mentor", &all(1)).unwrap();
    rated(&conn, cai, "0000-01-02", "self", &all(3)).unwrap();
    // Neither "me" nor a shared mentee is calibrated against.
    for someone in [me, shared] {
        rated(&conn, someone, "2026-05-10", "mentor", &all(5)).unwrap();
        rated(&conn, someone, "2026-05-10", "self", &all(1)).unwrap();
    }

    let c = calibration::load(&conn).unwrap();
    let seen: Vec<(&str, &str, &str, f64)> = c
        .pairs
        .iter()
        .map(|p| {
            (
                p.mentee_name.as_str(),
                p.mentor_on.as_str(),
                p.self_on.as_str(),
                p.difference,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Cai", "0000-01-20", "0000-01-02", -2.0),
            ("Cai", "2026-02-28", "2026-02-28", 0.5),
            ("Cai", "2026-02-28", "2026-02-28", 0.0),
            ("Ana", "2026-03-01", "2026-04-12", 1.0),
            ("Ben", "2026-05-10", "2026-05-19", 1.0),
            ("Cai", "9999-12-20", "9999-12-31", 2.0),
        ]
    );
    assert_eq!(c.mentees, 3);
    assert_eq!(c, calibration_by_reference(&conn).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Assessments crowded into a few months (across a leap day), by whoever, rating
    /// whichever competencies: ties, same days and edges of the six weeks come often.
    #[test]
    fn calibration_is_the_reference_answer_on_any_assessments(
        assessments in prop::collection::vec(
            (0usize..5, 0i64..150, any::<bool>(), prop::collection::vec((0usize..9, 1i64..=5), 0..4)),
            0..40,
        )
    ) {
        let conn = db::open_in_memory().unwrap();
        let people = [
            person(&conn, "Ana", false, None).unwrap(),
            person(&conn, "Ben", false, None).unwrap(),
            person(&conn, "Cai", false, None).unwrap(),
            person(&conn, "Me", true, None).unwrap(),
            person(&conn, "Shared", false, Some("Another mentor")).unwrap(),
        ];
        let first = day("2028-01-15");
        for (who, after, by_mentor, levels) in assessments {
            let mut levels = levels;
            levels.sort_by_key(|(competency, _)| *competency);
            levels.dedup_by_key(|(competency, _)| *competency);
            let on = (first + chrono::Duration::days(after)).format("%Y-%m-%d").to_string();
            let assessor = if by_mentor { "mentor" } else { "self" };
            rated(&conn, people[who], &on, assessor, &levels).unwrap();
        }
        prop_assert_eq!(calibration::load(&conn).unwrap(), calibration_by_reference(&conn).unwrap());
    }
}
