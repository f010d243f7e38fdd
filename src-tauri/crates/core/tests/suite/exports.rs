use crate::common;

use common::{goal, with_plan};
use waymark_core::exports::{self, Scope};
use waymark_core::milestones::{self, MilestoneInput};
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
    let text = exports::csv(&exports::rows(&f.conn, Scope::Plan(plan_id)).unwrap());
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
    let text = exports::ics(
        &exports::rows(&f.conn, Scope::Plan(plan_id)).unwrap(),
        "20261126T120000Z",
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
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101"));
    assert!(unfolded.contains("technical vision\\; gather comments\\, objections"));
    assert!(unfolded.contains("李小龍 included"));
    assert!(unfolded.contains("DESCRIPTION:Goal: Vision\\nPlan:"));
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
    files::write_atomic(&path, exports::csv(&rows).as_bytes()).unwrap();
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
