//! The rhythm of 1:1s: when the next one is due, the agenda it starts with, what a 1:1
//! ticks off and what carries forward; and the evidence log with what an assessment sees.

use chrono::NaiveDate;

use crate::common::{assessment, goal, with_plan};
use waymark_core::assessments::{self, Assessor};
use waymark_core::mentees::{self, RhythmInput};
use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::people::cadence::Cadence;
use waymark_core::sessions::{self, AgendaKind, SessionInput};
use waymark_core::{agenda, evidence, goals, topics};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

fn rhythm(cadence: Cadence, points: &str) -> RhythmInput {
    RhythmInput {
        cadence,
        talking_points: points.into(),
    }
}

#[test]
fn the_next_1to1_falls_due_by_cadence() {
    let (mut f, _) = with_plan().unwrap();
    let next = agenda::next(&f.conn, f.mentee_id, day("2026-12-02")).unwrap();
    assert_eq!((next.cadence, next.due_on), (Cadence::None, None));

    mentees::set_rhythm(&f.conn, f.mentee_id, &rhythm(Cadence::Fortnightly, "")).unwrap();
    let next = agenda::next(&f.conn, f.mentee_id, day("2026-12-02")).unwrap();
    assert_eq!(
        next.due_on.as_deref(),
        Some("2026-12-02"),
        "never met: due now"
    );

    let held = SessionInput {
        held_on: "2026-11-10".into(),
        ..Default::default()
    };
    sessions::create(&mut f.conn, f.mentee_id, &held).unwrap();
    let next = agenda::next(&f.conn, f.mentee_id, day("2026-12-02")).unwrap();
    assert_eq!(next.last_held_on.as_deref(), Some("2026-11-10"));
    assert_eq!(next.due_on.as_deref(), Some("2026-11-24"));
    assert_eq!(next.overdue_days, 8);

    // Monthly from the 31st falls on the last day of a shorter month.
    assert_eq!(
        Cadence::Monthly.after(day("2026-01-31")),
        Some(day("2026-02-28"))
    );
    assert_eq!(
        Cadence::Weekly.after(day("2026-12-28")),
        Some(day("2027-01-04"))
    );
}

#[test]
fn talking_points_are_checked_line_by_line() {
    let (f, _) = with_plan().unwrap();
    let saved = mentees::set_rhythm(
        &f.conn,
        f.mentee_id,
        &rhythm(Cadence::Weekly, "  Wins this week \n\n Blockers\n"),
    )
    .unwrap();
    assert_eq!(saved.talking_points, "Wins this week\nBlockers");
    let too_long = format!("ok\n{}", "x".repeat(201));
    let err =
        mentees::set_rhythm(&f.conn, f.mentee_id, &rhythm(Cadence::Weekly, &too_long)).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let kept = mentees::get(&f.conn, f.mentee_id).unwrap();
    assert_eq!(
        kept.talking_points, "Wins this week\nBlockers",
        "left as it was"
    );
    let many = (0..21)
        .map(|i| format!("Point {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(mentees::set_rhythm(&f.conn, f.mentee_id, &rhythm(Cadence::Weekly, &many)).is_err());
}

#[test]
fn an_open_action_item_carries_forward_until_a_1to1_ticks_it_off() {
    let (mut f, plan_id) = with_plan().unwrap();
    mentees::set_rhythm(
        &f.conn,
        f.mentee_id,
        &rhythm(Cadence::Weekly, "Wins\nBlockers"),
    )
    .unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("Vision", &["technical_vision"])).unwrap();
    let soon = milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned("Draft the vision", Some("2026-12-06".into())),
    )
    .unwrap();
    milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned("Far away", Some("2027-03-01".into())),
    )
    .unwrap();
    let topic = topics::add(&mut f.conn, plan_id, "Promotion timeline").unwrap();
    let first = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &SessionInput {
            held_on: "2026-11-25".into(),
            new_action_items: vec!["Book the architecture forum".into(), "Read the RFC".into()],
            ..Default::default()
        },
    )
    .unwrap();
    sessions::set_action_item_done(&mut f.conn, first.action_items[1].id, true).unwrap();

    let next = agenda::next(&f.conn, f.mentee_id, day("2026-12-02")).unwrap();
    assert_eq!(next.due_on.as_deref(), Some("2026-12-02"));
    let listed: Vec<(AgendaKind, &str)> = next
        .agenda
        .iter()
        .map(|i| (i.kind, i.text.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (AgendaKind::ActionItem, "Book the architecture forum"),
            (AgendaKind::Topic, "Promotion timeline"),
            (AgendaKind::TalkingPoint, "Wins"),
            (AgendaKind::TalkingPoint, "Blockers"),
            (AgendaKind::Milestone, "Draft the vision"),
        ],
        "done items and far milestones stay off"
    );
    assert_eq!(next.agenda[0].date.as_deref(), Some("2026-11-25"));
    assert_eq!(next.agenda[4].ref_id, Some(soon.id));

    // The 1:1 starts from the agenda; only the topic is talked about.
    let held = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &SessionInput {
            held_on: "2026-12-02".into(),
            agenda: next.agenda.iter().map(|i| i.entry()).collect(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(held.agenda.len(), 5);
    let topic_position = held.agenda[1].position;
    let held = sessions::tick_agenda(&mut f.conn, held.id, topic_position, true).unwrap();
    assert!(held.agenda[1].ticked);
    assert!(
        topics::get(&f.conn, topic.id).unwrap().done,
        "the topic itself"
    );

    let after = agenda::next(&f.conn, f.mentee_id, day("2026-12-02")).unwrap();
    assert_eq!(after.due_on.as_deref(), Some("2026-12-09"));
    assert_eq!(
        after.agenda[0].text, "Book the architecture forum",
        "carried forward"
    );
    assert!(after.agenda.iter().all(|i| i.kind != AgendaKind::Topic));

    // Ticking the carried item at the next 1:1 closes it where it came from.
    let third = sessions::create(
        &mut f.conn,
        f.mentee_id,
        &SessionInput {
            held_on: "2026-12-09".into(),
            agenda: after.agenda.iter().map(|i| i.entry()).collect(),
            ..Default::default()
        },
    )
    .unwrap();
    sessions::tick_agenda(&mut f.conn, third.id, 0, true).unwrap();
    let first = sessions::get(&f.conn, first.id).unwrap();
    assert!(first.action_items[0].done);
    let last = agenda::next(&f.conn, f.mentee_id, day("2026-12-09")).unwrap();
    assert!(last.agenda.iter().all(|i| i.kind != AgendaKind::ActionItem));

    // Unticking puts it back.
    sessions::tick_agenda(&mut f.conn, third.id, 0, false).unwrap();
    let again = agenda::next(&f.conn, f.mentee_id, day("2026-12-09")).unwrap();
    assert_eq!(again.agenda[0].kind, AgendaKind::ActionItem);
}

#[test]
fn an_agenda_may_only_name_this_mentees_items() {
    let (mut f, plan_id) = with_plan().unwrap();
    let other = mentees::create(
        &mut f.conn,
        &mentees::MenteeInput {
            name: "Sam".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let topic = topics::add(&mut f.conn, plan_id, "Promotion").unwrap();
    let err = sessions::create(
        &mut f.conn,
        other.id,
        &SessionInput {
            held_on: "2026-12-02".into(),
            agenda: vec![sessions::AgendaEntryInput {
                kind: AgendaKind::Topic,
                text: "Promotion".into(),
                ref_id: Some(topic.id),
            }],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(
        sessions::list(&f.conn, other.id).unwrap().is_empty(),
        "nothing written"
    );
    let err = sessions::tick_agenda(&mut f.conn, 999, 0, true).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn evidence_is_logged_with_competencies_and_a_milestone_brings_its_plan() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(
        &mut f.conn,
        plan_id,
        &goal(
            "Lead incidents",
            &["problem_solving", "technical_communication"],
        ),
    )
    .unwrap();
    let m = milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned("Run a review", None),
    )
    .unwrap();
    let logged = evidence::create(
        &mut f.conn,
        f.mentee_id,
        &evidence::EvidenceInput {
            milestone_id: Some(m.id),
            observed_on: "2026-11-30".into(),
            title: "Led the incident review".into(),
            link: "https://wiki.example.org/review".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(logged.plan_id, Some(plan_id));
    assert_eq!(logged.milestone_title.as_deref(), Some("Run a review"));
    assert_eq!(logged.added_by, "mentor");
    assert_eq!(
        logged.competency_keys,
        ["technical_communication", "problem_solving"],
        "the milestone's goal's competencies, in the catalogue's order"
    );

    let mut bad = |input: evidence::EvidenceInput| {
        evidence::create(&mut f.conn, f.mentee_id, &input).unwrap_err()
    };
    let err = bad(evidence::EvidenceInput {
        observed_on: "2026-11-30".into(),
        title: "No competency".into(),
        ..Default::default()
    });
    assert_eq!(err.field(), Some("competencyKeys"));
    let err = bad(evidence::EvidenceInput {
        observed_on: "2026-11-30".into(),
        title: "A bad link".into(),
        link: "javascript:alert(1)".into(),
        competency_keys: vec!["task_delegation".into()],
        ..Default::default()
    });
    assert_eq!(err.field(), Some("link"));
    assert_eq!(evidence::list(&f.conn, f.mentee_id).unwrap().len(), 1);

    evidence::delete(&mut f.conn, logged.id).unwrap();
    assert!(evidence::list(&f.conn, f.mentee_id).unwrap().is_empty());
    evidence::restore(&mut f.conn, logged.id).unwrap();
    assert_eq!(evidence::for_plan(&f.conn, plan_id).unwrap().len(), 1);
}

#[test]
fn an_assessment_sees_the_evidence_since_the_previous_one() {
    let (mut f, _) = with_plan().unwrap();
    let log = |f: &mut crate::common::Fixture, on: &str, title: &str| {
        evidence::create(
            &mut f.conn,
            f.mentee_id,
            &evidence::EvidenceInput {
                observed_on: on.into(),
                title: title.into(),
                competency_keys: vec!["task_delegation".into()],
                ..Default::default()
            },
        )
        .unwrap()
    };
    log(&mut f, "2026-09-01", "Before");
    let earlier = assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-10-01", Assessor::Mentor, [2; 9]),
    )
    .unwrap();
    log(&mut f, "2026-10-15", "Between");
    log(&mut f, "2026-11-20", "After");
    let titles = |list: Vec<evidence::Evidence>| -> Vec<String> {
        list.into_iter().map(|e| e.title).collect()
    };
    let new_one =
        evidence::since_last_assessment(&f.conn, f.mentee_id, None, Some("2026-12-01")).unwrap();
    assert_eq!(titles(new_one), ["After", "Between"]);
    let later = assessments::create(
        &mut f.conn,
        f.mentee_id,
        &assessment("2026-11-01", Assessor::Mentor, [3; 9]),
    )
    .unwrap();
    let editing_later =
        evidence::since_last_assessment(&f.conn, f.mentee_id, Some(later.id), Some("2026-11-01"))
            .unwrap();
    assert_eq!(titles(editing_later), ["Between"]);
    let editing_earlier =
        evidence::since_last_assessment(&f.conn, f.mentee_id, Some(earlier.id), Some("2026-10-01"))
            .unwrap();
    assert_eq!(titles(editing_earlier), ["Before"]);
}
