//! The reports as a reader gets them: PDFs checked with poppler's `pdftotext` and
//! `pdftoppm`, for hostile text, every script a name may be written in, and locale dates.

use std::process::Command;

use chrono::NaiveDate;
use waymark_core::catalogue;
use waymark_core::db::{self, Connection};
use waymark_core::evidence::{self, EvidenceInput};
use waymark_core::goals::{self, GoalInput};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::plans::{self, PlanInput, PlanStatus};
use waymark_core::sessions::{self, SessionInput};
use waymark_core::settings;
use waymark_core::{Error, demo};
use waymark_report::{PrintOptions, overview_pdf, plan_file_name, plan_pdf};

const HOSTILE_NAME: &str = "#read(\"../../private.txt\")";
const HOSTILE_GOAL: &str = "]* _ $ #set page(fill: red) <script>alert(1)</script>";

fn options(locale: &str) -> PrintOptions {
    PrintOptions {
        locale: locale.to_owned(),
        today: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default(),
    }
}

/// A mentee called `name` with an active plan of one goal and two milestones.
fn plan_for(
    conn: &mut Connection,
    name: &str,
    goal: &str,
    milestone: &str,
) -> waymark_core::Result<i64> {
    let leader_type = catalogue::leader_types(conn)?[0].id;
    let mentee = mentees::create(
        conn,
        &MenteeInput {
            name: name.into(),
            current_role: "Senior Engineer".into(),
            ..MenteeInput::default()
        },
    )?;
    let plan = plans::create(
        conn,
        mentee.id,
        &PlanInput {
            title: "Lead the platform team".into(),
            leader_type_id: leader_type,
            role_track_key: "technical_leader".into(),
            starts_on: "2026-01-05".into(),
            target_on: "2026-12-18".into(),
            status: PlanStatus::Active,
            targets: None,
        },
    )?;
    let goal = goals::create(
        conn,
        plan.id,
        &GoalInput {
            title: goal.into(),
            description: "Write **the** plan; <b>not</b> bold".into(),
            competency_keys: vec!["technical_vision".into()],
            theme_keys: Vec::new(),
        },
    )?;
    milestones::create(
        conn,
        goal.id,
        &MilestoneInput::planned(milestone, Some("2026-03-09".into())),
    )?;
    let mut done = MilestoneInput::planned("Present the roadmap", Some("2026-02-02".into()));
    done.status = MilestoneStatus::Done;
    done.completed_on = Some("2026-02-04".into());
    done.evidence = "Slides shared with the team".into();
    milestones::create(conn, goal.id, &done)?;
    sessions::create(
        conn,
        mentee.id,
        &SessionInput {
            held_on: "2026-11-20".into(),
            notes: "Talked about *delegation*.".into(),
            goal_ids: vec![goal.id],
            new_action_items: vec!["Pair on the next design review".into()],
            ..Default::default()
        },
    )?;
    evidence::create(
        conn,
        mentee.id,
        &EvidenceInput {
            plan_id: Some(plan.id),
            observed_on: "2026-11-12".into(),
            title: "Led the incident review".into(),
            note: "Calm, clear timeline".into(),
            link: "https://wiki.example.org/incident-42".into(),
            competency_keys: vec!["problem_solving".into(), "technical_communication".into()],
            ..Default::default()
        },
    )?;
    Ok(plan.id)
}

type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

fn text_of(pdf: &[u8]) -> Outcome<String> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf)?;
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()?;
    if !out.status.success() {
        return Err(format!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// pdftotext lays text out in columns; compare with runs of spaces collapsed.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn hostile_text_prints_literally() {
    let mut conn = db::open_in_memory().unwrap();
    let id = plan_for(
        &mut conn,
        HOSTILE_NAME,
        HOSTILE_GOAL,
        "Ship ${x} and `#eval(\"1\")`",
    )
    .unwrap();
    let text = squeezed(&text_of(&plan_pdf(&conn, id, &options("en-US")).unwrap()).unwrap());
    for literal in [
        HOSTILE_NAME,
        HOSTILE_GOAL,
        "Ship ${x} and `#eval(\"1\")`",
        "Write the plan; <b>not</b> bold",
    ] {
        assert!(text.contains(literal), "{literal:?} missing from:\n{text}");
    }
}

#[test]
fn the_report_holds_the_plan_with_dates_in_the_readers_locale() {
    let mut conn = db::open_in_memory().unwrap();
    let mut stored = settings::get(&conn).unwrap();
    stored.mentor_name = "Mira Castellanos".into();
    settings::update(&mut conn, &stored).unwrap();
    let id = plan_for(
        &mut conn,
        "Ana Pereira",
        "Write a two-year vision",
        "Circulate a draft",
    )
    .unwrap();

    let us = squeezed(&text_of(&plan_pdf(&conn, id, &options("en-US")).unwrap()).unwrap());
    for expected in [
        "Ana Pereira",
        "Lead the platform team",
        "Mira Castellanos",
        "Technical Leader",
        "January 5, 2026 – December 18, 2026",
        "Write a two-year vision",
        "Circulate a draft",
        "03/09/2026",
        "Present the roadmap",
        "02/04/2026",
        "Evidence: Slides shared with the team",
        "Pair on the next design review",
        "Where things stand",
        "Balance check",
        "Recent 1:1s",
        "Evidence of growth",
        "11/12/2026 Led the incident review",
        "Calm, clear timeline",
        "https://wiki.example.org/incident-42",
        "Printed 11/26/2026",
        "1 of",
    ] {
        assert!(us.contains(expected), "{expected:?} missing from:\n{us}");
    }

    let de = squeezed(&text_of(&plan_pdf(&conn, id, &options("de-DE")).unwrap()).unwrap());
    assert!(de.contains("5. Januar 2026 – 18. Dezember 2026"), "{de}");
    assert!(de.contains("09.03.2026"), "{de}");
}

#[test]
fn names_in_every_script_print() {
    let mut conn = db::open_in_memory().unwrap();
    let names = [
        "Zoë Ångström-Łukasz",
        "Дмитрий Соколов",
        "Σοφία Παπαδοπούλου",
        "王芳",
        "فاطمة",
    ];
    let ids: Vec<i64> = names
        .iter()
        .map(|n| plan_for(&mut conn, n, "Goal", "Milestone").unwrap())
        .collect();
    for (name, id) in names.iter().zip(&ids) {
        let text = text_of(&plan_pdf(&conn, *id, &options("en-GB")).unwrap()).unwrap();
        // Arabic is stored right to left; poppler may give it back in visual order.
        let reversed: String = name.chars().rev().collect();
        assert!(
            text.contains(name) || text.contains(&reversed),
            "{name} missing from:\n{text}"
        );
    }
    let overview = text_of(&overview_pdf(&conn, &options("en-GB")).unwrap()).unwrap();
    for name in &names[..4] {
        assert!(
            overview.contains(name),
            "{name} missing from the overview:\n{overview}"
        );
    }
}

#[test]
fn pages_render_as_images() {
    let mut conn = db::open_in_memory().unwrap();
    demo::populate(&mut conn).unwrap();
    let biggest: i64 = conn
        .query_row(
            "SELECT p.id FROM plans p JOIN goals g ON g.plan_id = p.id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    std::fs::write(&pdf, plan_pdf(&conn, biggest, &options("en-GB")).unwrap()).unwrap();
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        pages >= 3,
        "the 12-goal plan should run to several pages:\n{info}"
    );

    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "40"])
        .arg(&pdf)
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let rendered = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("png".as_ref()))
        .count();
    assert_eq!(rendered, pages);
    // The first page is a real A4 image with ink on it, not a blank one.
    let first = dir.path().join(format!(
        "page-{:0width$}.png",
        1,
        width = pages.to_string().len()
    ));
    let bytes = std::fs::read(first).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert!(height > width, "A4 portrait expected, got {width}x{height}");
    assert!(
        bytes.len() > 10_000,
        "page 1 looks empty ({} bytes)",
        bytes.len()
    );
}

#[test]
fn the_overview_lists_every_mentee_with_their_plan() {
    let mut conn = db::open_in_memory().unwrap();
    let summary = demo::populate(&mut conn).unwrap();
    let text = squeezed(&text_of(&overview_pdf(&conn, &options("en-GB")).unwrap()).unwrap());
    let names: Vec<String> = conn
        .prepare("SELECT name FROM mentees WHERE archived_at IS NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!names.is_empty(), "{summary:?}");
    for name in &names {
        assert!(text.contains(name.as_str()), "{name} missing from:\n{text}");
    }
    for heading in [
        "All mentees",
        "active plans",
        "overdue milestones",
        "Next milestone",
        "Drift",
    ] {
        assert!(text.contains(heading), "{heading} missing from:\n{text}");
    }
    assert!(
        text.contains("Project Manager"),
        "Dmitry's plan drifts toward project management:\n{text}"
    );
}

#[test]
fn the_same_content_gives_the_same_file() {
    let mut conn = db::open_in_memory().unwrap();
    let id = plan_for(&mut conn, "Ana Pereira", "Goal", "Milestone").unwrap();
    assert_eq!(
        plan_pdf(&conn, id, &options("en-GB")).unwrap(),
        plan_pdf(&conn, id, &options("en-GB")).unwrap()
    );
}

/// The command line typesets every active plan side by side, each as it is gathered: each
/// comes out as it does alone, under its own tag.
#[test]
fn plans_typeset_side_by_side_come_out_as_alone() {
    let mut conn = db::open_in_memory().unwrap();
    demo::populate(&mut conn).unwrap();
    let options = options("en-GB");
    let ids = plans::active_ids(&conn).unwrap();
    assert!(ids.len() > 2);
    let gathered = ids
        .iter()
        .map(|&id| Ok((id, waymark_report::plan_content(&conn, id, &options)?)));
    let together = std::sync::Mutex::new(Vec::new());
    waymark_report::render_plans(gathered, options.today, |id, pdf| {
        together.lock().unwrap().push((id, pdf.unwrap()));
    })
    .unwrap();
    let mut together = together.into_inner().unwrap();
    together.sort_by_key(|(id, _)| *id);
    assert_eq!(together.len(), ids.len());
    for (id, pdf) in together {
        assert_eq!(pdf, plan_pdf(&conn, id, &options).unwrap());
    }
}

/// A plan that cannot be gathered stops the batch with its error; the plans drawn before
/// it are still typeset, and none after it is drawn.
#[test]
fn a_plan_that_cannot_be_gathered_stops_the_batch() {
    let mut conn = db::open_in_memory().unwrap();
    demo::populate(&mut conn).unwrap();
    let options = options("en-GB");
    let first = plans::active_ids(&conn).unwrap()[0];
    let drawn = std::cell::Cell::new(0);
    let gathered = [first, 999, first].into_iter().map(|id| {
        drawn.set(drawn.get() + 1);
        Ok((id, waymark_report::plan_content(&conn, id, &options)?))
    });
    let typeset = std::sync::Mutex::new(Vec::new());
    let answer = waymark_report::render_plans(gathered, options.today, |id, pdf| {
        typeset.lock().unwrap().push((id, pdf.is_ok()));
    });
    assert!(matches!(answer, Err(Error::NotFound { .. })), "{answer:?}");
    assert_eq!(drawn.get(), 2);
    assert_eq!(typeset.into_inner().unwrap(), [(first, true)]);
}

#[test]
fn unknown_plans_are_not_found() {
    let conn = db::open_in_memory().unwrap();
    assert!(matches!(
        plan_pdf(&conn, 999, &options("en-GB")),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        plan_file_name(&conn, 999),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn suggested_file_names_name_the_mentee_and_the_plan() {
    let mut conn = db::open_in_memory().unwrap();
    let id = plan_for(&mut conn, "Zoë / Ørsted", "Goal", "Milestone").unwrap();
    assert_eq!(
        plan_file_name(&conn, id).unwrap(),
        "Zoë Ørsted - Lead the platform team.pdf"
    );
}

#[test]
fn a_goal_heading_never_ends_a_page_without_its_milestones() {
    // Goals of varied length, so that across the document headings fall at every height
    // of the page, including the very bottom.
    let mut conn = db::open_in_memory().unwrap();
    let plan_id = plan_for(&mut conn, "Ana Pereira", "Goal 0", "Milestone 0.1").unwrap();
    for g in 1..=30 {
        let sentences = "Grow the habit one conversation at a time. ".repeat((g * 7) % 11);
        let goal = goals::create(
            &mut conn,
            plan_id,
            &GoalInput {
                title: format!("Goal {g}"),
                description: sentences,
                competency_keys: vec!["team_management".into()],
                theme_keys: Vec::new(),
            },
        )
        .unwrap();
        for m in 1..=(1 + g % 4) {
            milestones::create(
                &mut conn,
                goal.id,
                &MilestoneInput::planned(format!("Milestone {g}.{m}"), None),
            )
            .unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    std::fs::write(&pdf, plan_pdf(&conn, plan_id, &options("en-GB")).unwrap()).unwrap();
    let page = |n: usize| {
        let out = Command::new("pdftotext")
            .args(["-f", &n.to_string(), "-l", &n.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let pages: Vec<Vec<String>> = (1..=30)
        .map(page)
        .take_while(|t| !t.trim().is_empty())
        .map(|t| t.lines().map(|l| l.trim().to_owned()).collect())
        .collect();
    assert!(pages.len() >= 4, "{} pages", pages.len());
    for g in 1..=30 {
        let (title, first) = (format!("Goal {g}"), format!("Milestone {g}.1"));
        let home = pages
            .iter()
            .position(|p| p.iter().any(|l| l.ends_with(&title)))
            .unwrap();
        assert!(
            pages[home].contains(&first),
            "“{title}” is on page {} without its first milestone",
            home + 1
        );
    }
}

/// Adds `count` planned milestones to the plan's first goal in one statement, as a file
/// from elsewhere could hold them.
fn flood(conn: &Connection, plan_id: i64, count: i64) -> waymark_core::Result<()> {
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
         INSERT INTO milestones (goal_id, title, due_on, position)
         SELECT (SELECT min(id) FROM goals WHERE plan_id = ?1), 'Step ' || i, '2026-06-01', 100 + i
           FROM n",
        [plan_id, count],
    )?;
    Ok(())
}

#[test]
fn a_plan_of_a_hundred_thousand_milestones_prints_a_bounded_report() {
    let mut conn = db::open_in_memory().unwrap();
    let id = plan_for(&mut conn, "Ada", "Scale up", "First step").unwrap();
    flood(&conn, id, 100_000).unwrap();
    let started = std::time::Instant::now();
    let pdf = plan_pdf(&conn, id, &options("en-US")).unwrap();
    let took = started.elapsed();
    let text = squeezed(&text_of(&pdf).unwrap());
    assert!(
        text.contains("This report prints the first 1000 milestones of the plan; 99002 more"),
        "the report says what it leaves out:\n{}",
        &text[text.len().saturating_sub(600)..]
    );
    assert!(text.contains("Export the milestones as CSV"));
    eprintln!(
        "100,000 milestones: report in {took:?}, {} bytes",
        pdf.len()
    );
}
