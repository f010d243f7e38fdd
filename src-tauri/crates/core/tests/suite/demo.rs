use crate::common;

use waymark_core::mentees::{self, ArchiveFilter, MenteeQuery};
use waymark_core::{balance, dashboard, db, demo, goals, plans};

#[test]
fn the_demo_has_people_at_every_stage_a_big_plan_and_a_drifting_one() {
    let mut conn = db::open_in_memory().unwrap();
    assert!(demo::keys_match_catalogue(&conn).unwrap());
    let summary = demo::populate(&mut conn).unwrap();
    assert_eq!(summary.mentees, 7);
    assert!(summary.milestones >= 60 && summary.sessions >= 8);

    let all = mentees::list(
        &conn,
        &MenteeQuery {
            search: String::new(),
            archive: ArchiveFilter::All,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(all.iter().filter(|m| m.archived).count(), 1);
    assert!(all.iter().any(|m| m.is_self));

    let mut biggest = (0, 0);
    let mut drifting = Vec::new();
    for m in &all {
        for p in plans::list(&conn, m.id).unwrap() {
            let g = goals::for_plan(&conn, p.id).unwrap();
            let milestones: usize = g.iter().map(|g| g.milestones.len()).sum();
            biggest = biggest.max((g.len(), milestones));
            if !balance::check_plan(&conn, p.id).unwrap().is_empty() {
                drifting.push(p.title.clone());
            }
        }
    }
    assert_eq!(biggest, (12, 60));
    assert_eq!(drifting, ["Run delivery better"]);

    let board = dashboard::load(&conn, &Default::default()).unwrap();
    assert!(
        !board.overdue.rows.is_empty()
            && !board.upcoming.rows.is_empty()
            && !board.not_seen.rows.is_empty()
    );
    assert!(
        board
            .plans
            .rows
            .iter()
            .any(|p| p.progress.percent.is_some_and(|pct| pct > 0 && pct < 100))
    );
}

#[test]
fn a_generated_demo_has_full_plans_dated_histories_and_a_working_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scale.sqlite3");
    let summary = demo::write_file(&path, demo::DemoSize::Mentees(25)).unwrap();
    assert_eq!(
        (summary.mentees, summary.plans, summary.goals),
        (25, 25, 250)
    );
    assert_eq!((summary.milestones, summary.sessions), (2500, 500));

    let mut conn = db::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Statuses follow the dates: nothing done in the future, open work overdue somewhere.
    let (done_later, overdue, completed_open): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM milestones WHERE completed_on > date('now', 'localtime')),
                    (SELECT count(*) FROM milestones WHERE status IN ('planned', 'in_progress')
                        AND due_on < date('now', 'localtime')),
                    (SELECT count(*) FROM milestones ms JOIN goals g ON g.id = ms.goal_id
                       JOIN plans p ON p.id = g.plan_id
                      WHERE p.status = 'completed' AND ms.status IN ('planned', 'in_progress'))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((done_later, completed_open), (0, 0));
    assert!(overdue > 0);

    // Every row was indexed for search, and the triggers are back for what comes next.
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, 25 + 250 + 2500 + 500);
    let (in_index, counted) = common::counted_terms(&conn).unwrap();
    assert_eq!(counted, in_index);
    let new = mentees::create(
        &mut conn,
        &mentees::MenteeInput {
            name: "Xanthippe Quarrington".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let hits = waymark_core::search::search(&conn, "Xanthippe").unwrap();
    assert_eq!(
        hits.mentees.iter().map(|h| h.id).collect::<Vec<_>>(),
        [new.id]
    );

    // Words match what people wrote, never the kind of entry itself.
    let found = waymark_core::search::search(&conn, "milestone goal session").unwrap();
    assert!(found.is_empty(), "{found:?}");

    // The same size always writes the same people.
    let again = dir.path().join("again.sqlite3");
    demo::write_file(&again, demo::DemoSize::Mentees(25)).unwrap();
    let names = |p: &std::path::Path| -> Vec<String> {
        let c = db::open(p).unwrap();
        let mut stmt = c.prepare("SELECT name FROM mentees ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(names(&path)[..25], names(&again)[..]);
}

#[test]
fn a_demo_file_that_cannot_be_put_in_place_is_an_io_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A folder with something in it stands where the file should go.
    let target = dir.path().join("demo.sqlite3");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "mine").unwrap();
    let err = demo::write_file(&target, demo::DemoSize::Showcase).unwrap_err();
    assert_eq!(err.code(), "io", "{err}");
    assert_eq!(
        std::fs::read_to_string(target.join("keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        crate::common::file_names(dir.path()),
        ["demo.sqlite3"],
        "the staging file is removed"
    );
}

/// The app stopped while the demo was open leaves the demo's write-ahead log beside it;
/// SQLite replays a log it finds into whatever file has the name, so a fresh demo written
/// in its place must not open as the old one.
#[test]
fn a_new_demo_is_not_mixed_with_the_log_the_old_one_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite3");
    let log = dir.path().join("demo.sqlite3-wal");
    demo::write_file(&path, demo::DemoSize::Showcase).unwrap();
    let conn = db::open(&path).unwrap();
    conn.execute("UPDATE mentees SET name = 'Left in the log'", [])
        .unwrap();
    let left = std::fs::read(&log).unwrap();
    drop(conn);
    std::fs::write(&log, left).unwrap();

    demo::write_file(&path, demo::DemoSize::Showcase).unwrap();
    let conn = db::open(&path).unwrap();
    let stale: i64 = conn
        .query_row(
            "SELECT count(*) FROM mentees WHERE name = 'Left in the log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "the old demo's log was replayed into the new one");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn the_showcase_reports_what_it_wrote() {
    let mut conn = db::open_in_memory().unwrap();
    let s = demo::populate(&mut conn).unwrap();
    assert_eq!(
        (s.mentees, s.plans, s.goals, s.milestones, s.sessions),
        (7, 7, 20, 68, 11)
    );
}
