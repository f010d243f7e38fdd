use crate::common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{goal, with_plan};
use icalendar::{Calendar, Component, DatePerhapsTime};
use waymark_core::exports::{self, Scope};
use waymark_core::mentees::{MenteeInput, RhythmInput};
use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::people::cadence::Cadence;
use waymark_core::sessions::{self, SessionInput};
use waymark_core::{db, demo, files, goals, mentees};

/// A small RFC 4180 reader: enough to prove what we write reads back.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR must be followed by LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_quotes_what_needs_quoting_and_reads_back_exactly() {
    let (mut f, plan_id) = with_plan().unwrap();
    mentees::update(
        &mut f.conn,
        f.mentee_id,
        &mentees::MenteeInput {
            name: "O'Brien, \"Dee\"".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let g = goals::create(
        &mut f.conn,
        plan_id,
        &goal(
            "Vision, v2",
            &["technical_vision", "technical_communication"],
        ),
    )
    .unwrap();
    milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput {
            evidence: "line one\nline \"two\"".into(),
            ..MilestoneInput::planned("=HYPERLINK(\"x\")", Some("2026-05-01".into()))
        },
    )
    .unwrap();
    let text = exports::csv(&exports::rows(&f.conn, Scope::Plan(plan_id)).unwrap()).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], "Mentee");
    assert_eq!(rows[1][0], "O'Brien, \"Dee\"");
    assert_eq!(rows[1][2], "Vision, v2");
    assert_eq!(rows[1][3], "Technical Vision; Technical Communication");
    assert_eq!(rows[1][4], "'=HYPERLINK(\"x\")", "formulas are neutralised");
    assert_eq!(rows[1][6], "2026-05-01");
    assert_eq!(rows[1][8], "line one\nline \"two\"");
    assert!(rows.iter().all(|r| r.len() == 9));
}

#[test]
fn ics_has_one_folded_escaped_all_day_event_per_dated_milestone() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("Vision", &["technical_vision"])).unwrap();
    let long = "Present the two-year technical vision; gather comments, objections and support from every team lead — 李小龍 included";
    milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned(long, Some("2026-12-31".into())),
    )
    .unwrap();
    milestones::create(&mut f.conn, g.id, &MilestoneInput::planned("Undated", None)).unwrap();
    let stamp = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    let text = exports::ics(
        &exports::rows(&f.conn, Scope::Plan(plan_id)).unwrap(),
        &[],
        stamp,
    );
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "lines fold at 75 octets"
    );
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    let unfolded = text.replace("\r\n ", "");
    assert_eq!(
        unfolded.matches("BEGIN:VEVENT").count(),
        1,
        "undated milestones are left out"
    );
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20261231\r\n"));
    assert!(
        unfolded.contains("DTEND;VALUE=DATE:20270101\r\n"),
        "the end is exclusive"
    );
    assert!(unfolded.contains("DTSTAMP:20261126T120000Z\r\n"));
    assert!(unfolded.contains("technical vision\\; gather comments\\, objections"));
    assert!(unfolded.contains("李小龍 included"));
    assert!(unfolded.contains("DESCRIPTION:Goal: Vision\\nPlan:"));

    // And it reads back as what was written.
    let calendar: Calendar = text.parse().unwrap();
    let event = calendar.events().next().unwrap();
    assert_eq!(
        event.get_summary(),
        Some(format!("Amara Okonkwo: {long}").as_str())
    );
    assert_eq!(
        event.get_start(),
        Some(DatePerhapsTime::Date(
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        ))
    );
}

#[test]
fn the_calendar_holds_each_mentees_1to1_schedule_by_cadence() {
    let (mut f, plan_id) = with_plan().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let weekly = |cadence| RhythmInput {
        cadence,
        talking_points: String::new(),
    };
    mentees::set_rhythm(&f.conn, f.mentee_id, &weekly(Cadence::Fortnightly)).unwrap();
    sessions::create(
        &mut f.conn,
        f.mentee_id,
        &SessionInput {
            held_on: "2026-11-25".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let sam = mentees::create(
        &mut f.conn,
        &MenteeInput {
            name: "Sam, \"the\" lead".into(),
            ..Default::default()
        },
    )
    .unwrap();
    mentees::set_rhythm(&f.conn, sam.id, &weekly(Cadence::Monthly)).unwrap();
    let quiet = mentees::create(
        &mut f.conn,
        &MenteeInput {
            name: "No rhythm".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(quiet.cadence, Cadence::None);

    let all = exports::schedules(&f.conn, Scope::AllActivePlans, today).unwrap();
    let listed: Vec<(&str, Cadence, String)> = all
        .iter()
        .map(|s| (s.mentee.as_str(), s.cadence, s.next_on.to_string()))
        .collect();
    assert_eq!(
        listed,
        [
            (
                "Amara Okonkwo",
                Cadence::Fortnightly,
                "2026-12-09".to_owned()
            ),
            (
                "Sam, \"the\" lead",
                Cadence::Monthly,
                "2026-12-02".to_owned()
            ),
        ],
        "never met: due today; no cadence: no series"
    );
    let one = exports::schedules(&f.conn, Scope::Plan(plan_id), today).unwrap();
    assert_eq!(
        one.len(),
        1,
        "a plan's calendar holds its mentee's 1:1s only"
    );

    let stamp = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
    let text = exports::ics(&[], &all, stamp);
    let calendar: Calendar = text.parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].get_summary(), Some("1:1 with Amara Okonkwo"));
    assert_eq!(
        events[0].property_value("RRULE"),
        Some("FREQ=WEEKLY;INTERVAL=2")
    );
    assert_eq!(events[1].get_summary(), Some("1:1 with Sam, \"the\" lead"));
    assert_eq!(events[1].property_value("RRULE"), Some("FREQ=MONTHLY"));
    assert!(
        text.contains("SUMMARY:1:1 with Sam\\, \"the\" lead"),
        "escaped: {text}"
    );
}

#[test]
fn all_active_plans_cover_the_demo_and_files_are_written_whole() {
    let mut conn = db::open_in_memory().unwrap();
    demo::populate(&mut conn).unwrap();
    let rows = exports::rows(&conn, Scope::AllActivePlans).unwrap();
    assert!(rows.len() >= 60);
    assert_eq!(
        exports::rows(&conn, Scope::Plan(9999)).unwrap_err().code(),
        "not_found"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("milestones.csv");
    std::fs::write(&path, "old").unwrap();
    files::write_atomic(&path, exports::csv(&rows).unwrap().as_bytes()).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("Mentee,Plan")
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left"
    );
    let err = files::write_atomic(&dir.path().join("missing/x.csv"), b"x").unwrap_err();
    assert_eq!(err.code(), "io");
}
