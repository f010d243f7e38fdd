//! The reminder schedule: a daily summary at the chosen time, nothing in quiet hours,
//! snoozed items quiet until their snooze ends, local time across daylight-saving changes
//! and zones, and one summary after a machine slept through the day's; plus what is due.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;

use crate::common::{goal, with_plan};
use waymark_core::goals;
use waymark_core::mentees::{self, RhythmInput};
use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::people::cadence::Cadence;
use waymark_core::reminders::{self, Due, DueKind, Opens, Schedule, State, decide};
use waymark_core::sessions::{self, SessionInput};

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

fn schedule() -> Schedule {
    Schedule {
        milestones: true,
        sessions: true,
        summary_at: time(9, 0),
        quiet_from: time(20, 0),
        quiet_until: time(8, 0),
    }
}

/// The instant the clock on the wall in `zone` shows `y-m-d h:min`.
fn at(zone: Tz, (y, mo, d): (i32, u32, u32), (h, min): (u32, u32)) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, mo, d, h, min, 0)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn milestone(id: i64, kind: DueKind) -> Due {
    Due {
        key: format!("milestone:{id}"),
        kind,
        mentee: "Amara".into(),
        title: format!("Milestone {id}"),
        opens: Opens::Milestone {
            mentee_id: 1,
            plan_id: 1,
            milestone_id: id,
        },
    }
}

fn one_to_one(mentee_id: i64) -> Due {
    Due {
        key: format!("session:{mentee_id}"),
        kind: DueKind::Session,
        mentee: "Sam".into(),
        title: String::new(),
        opens: Opens::Mentee { mentee_id },
    }
}

#[test]
fn the_summary_comes_once_a_day_at_its_time_and_opens_its_one_item() {
    let due = [milestone(7, DueKind::MilestoneToday)];
    let early = decide(
        at(Berlin, (2026, 12, 2), (8, 59)),
        &Berlin,
        &schedule(),
        &State::default(),
        &due,
    );
    assert!(early.notices.is_empty(), "not before its time");
    assert_eq!(early.next_run, at(Berlin, (2026, 12, 2), (9, 0)));

    let on_time = decide(
        at(Berlin, (2026, 12, 2), (9, 0)),
        &Berlin,
        &schedule(),
        &early.state,
        &due,
    );
    let [notice] = on_time.notices.as_slice() else {
        panic!("one notice: {:?}", on_time.notices)
    };
    assert_eq!(notice.title, "Milestone due today");
    assert_eq!(
        notice.body,
        "Amara: \u{201c}Milestone 7\u{201d} is due today"
    );
    assert_eq!(notice.opens, due[0].opens, "clicking opens the milestone");
    assert_eq!(on_time.next_run, at(Berlin, (2026, 12, 3), (9, 0)));

    let later = decide(
        at(Berlin, (2026, 12, 2), (15, 0)),
        &Berlin,
        &schedule(),
        &on_time.state,
        &due,
    );
    assert!(later.notices.is_empty(), "once a day");
}

#[test]
fn many_items_make_one_summary_that_opens_the_dashboard() {
    let due: Vec<Due> = (1..=6)
        .map(|i| milestone(i, DueKind::MilestoneOverdue))
        .chain([one_to_one(3)])
        .collect();
    let d = decide(
        at(Berlin, (2026, 12, 2), (9, 30)),
        &Berlin,
        &schedule(),
        &State::default(),
        &due,
    );
    let [notice] = d.notices.as_slice() else {
        panic!("one summary, not a flood: {:?}", d.notices)
    };
    assert_eq!(notice.title, "7 things need you today");
    assert_eq!(notice.opens, Opens::Today);
    assert_eq!(notice.keys.len(), 7);
    assert!(notice.body.ends_with("and 3 more"), "{}", notice.body);
}

#[test]
fn each_kind_can_be_turned_off() {
    let due = [milestone(1, DueKind::MilestoneOverdue), one_to_one(2)];
    let only_sessions = Schedule {
        milestones: false,
        ..schedule()
    };
    let d = decide(
        at(Berlin, (2026, 12, 2), (9, 30)),
        &Berlin,
        &only_sessions,
        &State::default(),
        &due,
    );
    assert_eq!(d.notices.len(), 1);
    assert_eq!(d.notices[0].title, "1:1 with Sam is due");
    let neither = Schedule {
        milestones: false,
        sessions: false,
        ..schedule()
    };
    let d = decide(
        at(Berlin, (2026, 12, 2), (9, 30)),
        &Berlin,
        &neither,
        &State::default(),
        &due,
    );
    assert!(d.notices.is_empty());
}

#[test]
fn quiet_hours_hold_the_summary_until_they_end_even_across_midnight() {
    let due = [milestone(1, DueKind::MilestoneToday)];
    // A summary set inside the quiet hours waits for them to end.
    let early_summary = Schedule {
        summary_at: time(6, 30),
        ..schedule()
    };
    let d = decide(
        at(Berlin, (2026, 12, 2), (6, 45)),
        &Berlin,
        &early_summary,
        &State::default(),
        &due,
    );
    assert!(d.notices.is_empty(), "quiet until 08:00");
    assert_eq!(d.next_run, at(Berlin, (2026, 12, 2), (8, 0)));
    assert_eq!(d.state.summary_on, None, "still owed");
    let d = decide(d.next_run, &Berlin, &early_summary, &d.state, &due);
    assert_eq!(d.notices.len(), 1, "raised as the quiet hours end");

    // Quiet hours within one day.
    let lunch = Schedule {
        quiet_from: time(9, 0),
        quiet_until: time(13, 0),
        ..schedule()
    };
    let d = decide(
        at(Berlin, (2026, 12, 2), (12, 59)),
        &Berlin,
        &lunch,
        &State::default(),
        &due,
    );
    assert!(d.notices.is_empty());
    assert_eq!(d.next_run, at(Berlin, (2026, 12, 2), (13, 0)));

    // The same time twice means no quiet hours at all.
    let never_quiet = Schedule {
        quiet_from: time(0, 0),
        quiet_until: time(0, 0),
        summary_at: time(0, 0),
        ..schedule()
    };
    let d = decide(
        at(Berlin, (2026, 12, 2), (23, 30)),
        &Berlin,
        &never_quiet,
        &State::default(),
        &due,
    );
    assert_eq!(d.notices.len(), 1);
}

#[test]
fn a_snoozed_item_is_left_out_of_the_summary_and_raised_again_when_the_snooze_ends() {
    let due = [
        milestone(1, DueKind::MilestoneToday),
        milestone(2, DueKind::MilestoneOverdue),
    ];
    let mut state = State::default();
    let snooze_end = at(Berlin, (2026, 12, 2), (10, 30));
    state.snoozed.insert("milestone:2".into(), snooze_end);
    let d = decide(
        at(Berlin, (2026, 12, 2), (9, 30)),
        &Berlin,
        &schedule(),
        &state,
        &due,
    );
    assert_eq!(d.notices.len(), 1);
    assert_eq!(d.notices[0].keys, ["milestone:1"], "the snoozed one waits");
    assert_eq!(d.next_run, snooze_end, "looks again when the snooze ends");

    let d = decide(snooze_end, &Berlin, &schedule(), &d.state, &due);
    assert_eq!(d.notices.len(), 1);
    assert_eq!(d.notices[0].keys, ["milestone:2"], "raised again alone");
    assert!(d.state.snoozed.is_empty(), "the snooze is over");

    let d = decide(
        at(Berlin, (2026, 12, 2), (11, 0)),
        &Berlin,
        &schedule(),
        &d.state,
        &due,
    );
    assert!(d.notices.is_empty(), "and not again that day");
}

#[test]
fn a_snooze_that_ends_in_quiet_hours_waits_for_them_to_end() {
    let due = [milestone(1, DueKind::MilestoneOverdue)];
    let mut state = State {
        summary_on: Some(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
        ..State::default()
    };
    state
        .snoozed
        .insert("milestone:1".into(), at(Berlin, (2026, 12, 2), (20, 30)));
    let d = decide(
        at(Berlin, (2026, 12, 2), (21, 0)),
        &Berlin,
        &schedule(),
        &state,
        &due,
    );
    assert!(d.notices.is_empty());
    let morning = at(Berlin, (2026, 12, 3), (8, 0));
    assert_eq!(d.state.snoozed.get("milestone:1"), Some(&morning));
    assert_eq!(d.next_run, morning);
}

#[test]
fn the_summary_keeps_its_wall_clock_time_across_daylight_saving_changes() {
    let due = [milestone(1, DueKind::MilestoneToday)];
    // Berlin moves its clocks forward on 29 March 2026 and back on 25 October.
    for (day, next) in [
        ((2026, 3, 28), (2026, 3, 29)),
        ((2026, 10, 24), (2026, 10, 25)),
    ] {
        let d = decide(
            at(Berlin, day, (9, 0)),
            &Berlin,
            &schedule(),
            &State::default(),
            &due,
        );
        assert_eq!(d.notices.len(), 1);
        assert_eq!(
            d.next_run,
            at(Berlin, next, (9, 0)),
            "09:00 local, not 24 h"
        );
        let hours = (d.next_run - at(Berlin, day, (9, 0))).num_hours();
        assert_ne!(hours, 24, "the day of the change is 23 or 25 hours long");
    }

    // A summary at 02:30 on the night the clocks skip from 02:00 to 03:00 comes at 03:00.
    let at_half_two = Schedule {
        summary_at: time(2, 30),
        quiet_from: time(0, 0),
        quiet_until: time(0, 0),
        ..schedule()
    };
    let d = decide(
        at(Berlin, (2026, 3, 29), (1, 59)),
        &Berlin,
        &at_half_two,
        &State::default(),
        &due,
    );
    assert!(d.notices.is_empty());
    assert_eq!(d.next_run, at(Berlin, (2026, 3, 29), (3, 0)));
    // And on the night 02:30 happens twice, the first of them.
    let d = decide(
        at(Berlin, (2026, 10, 25), (1, 0)),
        &Berlin,
        &at_half_two,
        &State::default(),
        &due,
    );
    assert_eq!(
        d.next_run,
        Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap(),
        "02:30 summer time is 00:30 UTC"
    );
}

#[test]
fn the_day_is_the_local_day_of_the_zone() {
    let due = [milestone(1, DueKind::MilestoneToday)];
    // 03:00 UTC on 3 December is still the evening of 2 December in New York.
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 3, 0, 0).unwrap();
    let state = State {
        summary_on: Some(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
        ..State::default()
    };
    let d = decide(now, &New_York, &schedule(), &state, &due);
    assert!(
        d.notices.is_empty(),
        "New York's 2 December had its summary"
    );
    assert_eq!(
        d.next_run,
        at(New_York, (2026, 12, 3), (8, 0)),
        "22:00 is quiet"
    );
    let d = decide(d.next_run, &New_York, &schedule(), &d.state, &due);
    assert!(d.notices.is_empty());
    assert_eq!(d.next_run, at(New_York, (2026, 12, 3), (9, 0)));
    let d = decide(now, &Berlin, &schedule(), &state, &due);
    assert!(d.notices.is_empty(), "Berlin: quiet at 04:00");
    assert_eq!(d.next_run, at(Berlin, (2026, 12, 3), (8, 0)));
}

#[test]
fn a_machine_that_slept_through_days_raises_one_summary_when_it_wakes() {
    let due = [milestone(1, DueKind::MilestoneOverdue)];
    let state = State {
        summary_on: Some(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
        ..State::default()
    };
    let woke = at(Berlin, (2026, 12, 2), (14, 12));
    let d = decide(woke, &Berlin, &schedule(), &state, &due);
    assert_eq!(d.notices.len(), 1, "one summary, not one per missed day");
    assert_eq!(
        d.state.summary_on,
        Some(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
    );
    let again = decide(woke, &Berlin, &schedule(), &d.state, &due);
    assert!(again.notices.is_empty());
}

/// The schedule looks every minute; what is due is read only at the minutes where it
/// matters, and at every other minute the decision is the same without it.
#[test]
fn what_is_due_is_read_only_when_the_decision_needs_it() {
    let due = vec![
        milestone(1, DueKind::MilestoneOverdue),
        milestone(2, DueKind::MilestoneToday),
        one_to_one(3),
    ];
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
    let states = [
        State::default(),
        State {
            summary_on: day(28),
            ..State::default()
        },
        State {
            summary_on: day(29),
            snoozed: [
                ("milestone:1".to_owned(), at(Berlin, (2026, 3, 29), (2, 30))),
                ("session:3".to_owned(), at(Berlin, (2026, 3, 29), (21, 0))),
            ]
            .into(),
        },
    ];
    let (mut reads, mut looks) = (0, 0);
    // Every ten minutes over the night the clocks go forward, and the day after.
    let start = at(Berlin, (2026, 3, 28), (18, 0));
    for step in 0..(2 * 24 * 6) {
        let now = start + chrono::Duration::minutes(10 * step);
        for state in &states {
            looks += 1;
            if reminders::reads_due(now, &Berlin, &schedule(), state) {
                reads += 1;
            } else {
                assert_eq!(
                    decide(now, &Berlin, &schedule(), state, &due),
                    decide(now, &Berlin, &schedule(), state, &[]),
                    "at {now} with {state:?}"
                );
            }
        }
    }
    // Both kinds of minute came up, so the comparison above was made.
    assert!(
        reads > 0 && reads < looks,
        "read at {reads} of {looks} looks"
    );
}

#[test]
fn the_state_and_snoozes_are_kept_in_the_data_file() {
    let (mut f, _) = with_plan().unwrap();
    let mut state = State {
        summary_on: Some(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
        ..State::default()
    };
    let until = Utc.with_ymd_and_hms(2026, 12, 2, 11, 0, 0).unwrap();
    state.snoozed.insert("milestone:4".into(), until);
    reminders::save_state(&mut f.conn, &state).unwrap();
    assert_eq!(reminders::state(&f.conn).unwrap(), state);
    let later = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
    reminders::snooze(
        &mut f.conn,
        &["milestone:4".into(), "session:1".into()],
        later,
    )
    .unwrap();
    let read = reminders::state(&f.conn).unwrap();
    assert_eq!(read.snoozed.get("milestone:4"), Some(&later));
    assert_eq!(read.snoozed.get("session:1"), Some(&later));
}

#[test]
fn due_lists_milestones_due_and_overdue_and_1to1s_due_by_cadence() {
    let (mut f, plan_id) = with_plan().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("Vision", &["technical_vision"])).unwrap();
    let mut add = |title: &str, due_on: &str| {
        milestones::create(
            &mut f.conn,
            g.id,
            &MilestoneInput::planned(title, Some(due_on.into())),
        )
        .unwrap()
    };
    let today_one = add("Today", "2026-12-02");
    let overdue = add("Late", "2026-11-20");
    add("Later", "2026-12-09");
    let due = reminders::due(&f.conn, today).unwrap();
    let kinds: Vec<(&str, DueKind)> = due.iter().map(|d| (d.key.as_str(), d.kind)).collect();
    assert_eq!(
        kinds,
        [
            (
                format!("milestone:{}", overdue.id).as_str(),
                DueKind::MilestoneOverdue
            ),
            (
                format!("milestone:{}", today_one.id).as_str(),
                DueKind::MilestoneToday
            ),
        ]
    );

    // Weekly, last seen nine days ago: a 1:1 is due. Seen yesterday: not yet.
    mentees::set_rhythm(
        &f.conn,
        f.mentee_id,
        &RhythmInput {
            cadence: Cadence::Weekly,
            talking_points: String::new(),
        },
    )
    .unwrap();
    let held = |on: &str| SessionInput {
        held_on: on.into(),
        ..Default::default()
    };
    sessions::create(&mut f.conn, f.mentee_id, &held("2026-11-23")).unwrap();
    let due = reminders::due(&f.conn, today).unwrap();
    assert!(
        due.iter()
            .any(|d| d.key == format!("session:{}", f.mentee_id))
    );
    sessions::create(&mut f.conn, f.mentee_id, &held("2026-12-01")).unwrap();
    let due = reminders::due(&f.conn, today).unwrap();
    assert!(!due.iter().any(|d| d.kind == DueKind::Session));

    // An archived mentee is reminded of nothing.
    mentees::set_archived(&f.conn, f.mentee_id, true).unwrap();
    assert!(reminders::due(&f.conn, today).unwrap().is_empty());
}
