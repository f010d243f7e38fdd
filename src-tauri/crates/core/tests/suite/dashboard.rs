use crate::common;

use common::{goal, plan_input, with_plan};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::plans::{self, PlanStatus};
use waymark_core::sessions::{self, SessionInput};
use waymark_core::settings::{self, Settings};
use waymark_core::{balance, dashboard, dates, goals};

use dates::shifted as day;

#[test]
fn overdue_and_upcoming_milestones_of_active_plans_only() {
    let (mut f, plan_id) = with_plan().unwrap();
    let g = goals::create(&mut f.conn, plan_id, &goal("Vision", &["technical_vision"])).unwrap();
    for (title, offset) in [("Late", -3), ("Today", 0), ("Soon", 14), ("Later", 15)] {
        milestones::create(
            &mut f.conn,
            g.id,
            &MilestoneInput::planned(title, Some(day(offset))),
        )
        .unwrap();
    }
    let done = milestones::create(
        &mut f.conn,
        g.id,
        &MilestoneInput::planned("Done late", Some(day(-5))),
    )
    .unwrap();
    milestones::set_status(&mut f.conn, done.id, MilestoneStatus::Done).unwrap();
    // A draft plan's milestones do not call for attention.
    let draft = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Draft", PlanStatus::Draft),
    )
    .unwrap();
    let dg = goals::create(
        &mut f.conn,
        draft.id,
        &goal("Draft goal", &["technical_vision"]),
    )
    .unwrap();
    milestones::create(
        &mut f.conn,
        dg.id,
        &MilestoneInput::planned("Draft late", Some(day(-1))),
    )
    .unwrap();

    let d = dashboard::load(&f.conn, &Default::default()).unwrap();
    let titles =
        |list: &[dashboard::DueMilestone]| list.iter().map(|m| m.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&d.overdue.rows), ["Late"]);
    assert_eq!(titles(&d.upcoming.rows), ["Today", "Soon"]);
    assert_eq!(d.overdue.rows[0].mentee_name, "Amara Okonkwo");
    assert_eq!(d.plans.rows.len(), 1);
    assert_eq!(d.plans.rows[0].progress.done, 1);
}

#[test]
fn plan_warnings_and_progress_show_per_mentee_and_archived_mentees_drop_out() {
    let (mut f, plan_id) = with_plan().unwrap();
    goals::create(
        &mut f.conn,
        plan_id,
        &goal("KPIs", &["performance_monitoring"]),
    )
    .unwrap();
    let d = dashboard::load(&f.conn, &Default::default()).unwrap();
    assert!(
        d.plans.rows[0]
            .warnings
            .iter()
            .any(|w| w.anti_pattern_key == "technical_administrator")
    );
    mentees::set_archived(&f.conn, f.mentee_id, true).unwrap();
    let d = dashboard::load(&f.conn, &Default::default()).unwrap();
    assert!(d.plans.rows.is_empty() && d.not_seen.rows.is_empty());
    assert_eq!(d.mentee_count, 0);
}

#[test]
fn mentees_not_seen_for_longer_than_the_setting_are_flagged() {
    let (mut f, _) = with_plan().unwrap();
    let seen = mentees::create(
        &mut f.conn,
        &MenteeInput {
            name: "Bea".into(),
            ..Default::default()
        },
    )
    .unwrap();
    mentees::create(
        &mut f.conn,
        &MenteeInput {
            name: "Me".into(),
            is_self: true,
            ..Default::default()
        },
    )
    .unwrap();
    let session = |on: String| SessionInput {
        held_on: on,
        ..Default::default()
    };
    sessions::create(&mut f.conn, f.mentee_id, &session(day(-30))).unwrap();
    sessions::create(&mut f.conn, seen.id, &session(day(-2))).unwrap();

    let d = dashboard::load(&f.conn, &Default::default()).unwrap();
    assert_eq!(d.not_seen_days, 21);
    let names: Vec<&str> = d
        .not_seen
        .rows
        .iter()
        .map(|n| n.mentee_name.as_str())
        .collect();
    assert_eq!(names, ["Amara Okonkwo"], "me is never 'not seen'");
    assert_eq!(d.not_seen.rows[0].days_ago, Some(30));

    settings::update(
        &mut f.conn,
        &Settings {
            not_seen_days: 45,
            mentor_name: String::new(),
            backups_kept: 10,
        },
    )
    .unwrap();
    assert!(
        dashboard::load(&f.conn, &Default::default())
            .unwrap()
            .not_seen
            .rows
            .is_empty()
    );
    assert_eq!(
        settings::update(
            &mut f.conn,
            &Settings {
                not_seen_days: 0,
                mentor_name: String::new(),
                backups_kept: 10,
            }
        )
        .unwrap_err()
        .field(),
        Some("notSeenDays")
    );

    let never = mentees::create(
        &mut f.conn,
        &MenteeInput {
            name: "Cy".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let d = dashboard::load(&f.conn, &Default::default()).unwrap();
    assert_eq!(
        d.not_seen.rows[0].mentee_id, never.id,
        "never seen comes first"
    );
    assert_eq!(d.not_seen.rows[0].days_ago, None);
}

#[test]
fn each_list_shows_a_page_with_its_total_and_more_extends_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.sqlite3");
    waymark_core::demo::write_file(&path, waymark_core::demo::DemoSize::Mentees(60)).unwrap();
    let conn = waymark_core::db::open(&path).unwrap();
    let small = dashboard::DashboardLimits {
        overdue: 3,
        upcoming: 3,
        plans: 3,
        drifting: 3,
        not_seen: 3,
    };
    let first = dashboard::load(&conn, &small).unwrap();
    let all = dashboard::load(
        &conn,
        &dashboard::DashboardLimits {
            overdue: 5_000,
            upcoming: 5_000,
            plans: 5_000,
            drifting: 5_000,
            not_seen: 5_000,
        },
    )
    .unwrap();
    let ids =
        |rows: &[dashboard::DueMilestone]| rows.iter().map(|m| m.milestone_id).collect::<Vec<_>>();
    assert_eq!(first.overdue.total, all.overdue.rows.len() as i64);
    assert!(all.overdue.total > 3);
    assert_eq!(ids(&first.overdue.rows), ids(&all.overdue.rows)[..3]);
    assert_eq!(first.plans.total, all.plans.rows.len() as i64);
    assert_eq!(first.plans.rows, all.plans.rows[..3]);
    assert_eq!(first.not_seen.total, all.not_seen.rows.len() as i64);
    assert!(
        first.upcoming.rows.len() <= 3 && first.upcoming.total == all.upcoming.rows.len() as i64
    );

    // Drift is judged for every active plan, the same way the plan screen judges it.
    let drifting: Vec<i64> = all.drifting.rows.iter().map(|p| p.plan_id).collect();
    let expected: Vec<i64> = all
        .plans
        .rows
        .iter()
        .filter(|p| {
            !waymark_core::balance::check_plan(&conn, p.plan_id)
                .unwrap()
                .is_empty()
        })
        .map(|p| p.plan_id)
        .collect();
    assert_eq!(drifting, expected);
    assert_eq!(first.drifting.total, expected.len() as i64);
}

/// Drift is kept by the data file's triggers and judged again by the balance check for
/// the rows shown: the two agree for every set of competencies a plan can cover, and as
/// goals are deleted and restored.
#[test]
fn drifting_plans_are_exactly_those_the_balance_check_warns_about() {
    let (mut f, plan_id) = with_plan().unwrap();
    let keys: Vec<String> = f
        .conn
        .prepare("SELECT key FROM competencies ORDER BY key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let goal_id = goals::create(&mut f.conn, plan_id, &goal("Grow", &[&keys[0]]))
        .unwrap()
        .id;
    let drifting = |conn: &rusqlite::Connection| {
        let d = dashboard::load(conn, &Default::default()).unwrap();
        let listed = d.drifting.rows.iter().any(|p| p.plan_id == plan_id);
        assert_eq!(listed, d.drifting.total == 1);
        assert_eq!(
            d.plans.rows[0].warnings,
            balance::check_plan(conn, plan_id).unwrap()
        );
        listed
    };
    for subset in 1..(1u32 << keys.len()) {
        let chosen: Vec<&str> = (0..keys.len())
            .filter(|i| subset & (1 << i) != 0)
            .map(|i| keys[i].as_str())
            .collect();
        goals::update(&mut f.conn, goal_id, &goal("Grow", &chosen)).unwrap();
        let warned = !balance::check_plan(&f.conn, plan_id).unwrap().is_empty();
        assert_eq!(drifting(&f.conn), warned, "covering {chosen:?}");
    }
    goals::update(
        &mut f.conn,
        goal_id,
        &goal("KPIs", &["performance_monitoring"]),
    )
    .unwrap();
    assert!(drifting(&f.conn));
    goals::delete(&mut f.conn, goal_id).unwrap();
    assert!(!drifting(&f.conn), "a deleted goal covers nothing");
    goals::restore(&mut f.conn, goal_id).unwrap();
    assert!(drifting(&f.conn), "a restored goal covers again");
}

/// Each list as a plain reading of the rows gives it, in full: no index named, the last
/// 1:1 worked out from the 1:1s themselves and drift from the balance check.
struct Expected {
    overdue: Vec<i64>,
    upcoming: Vec<i64>,
    plans: Vec<i64>,
    drifting: Vec<i64>,
    not_seen: Vec<(i64, Option<String>)>,
    mentee_count: i64,
}

fn expected(conn: &rusqlite::Connection) -> waymark_core::Result<Expected> {
    let ids = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<Vec<i64>> {
        conn.prepare(sql)?
            .query_map(values, |r| r.get(0))?
            .collect()
    };
    let due = "SELECT ms.id FROM milestones ms
                 JOIN goals g ON g.id = ms.goal_id JOIN plans p ON p.id = g.plan_id
                 JOIN mentees m ON m.id = p.mentee_id
                WHERE ms.deleted_at IS NULL AND ms.status IN ('planned', 'in_progress')
                  AND g.deleted_at IS NULL AND p.deleted_at IS NULL AND p.status = 'active'
                  AND m.archived_at IS NULL AND ms.due_on >= ?1 AND ms.due_on < ?2
                ORDER BY ms.due_on, m.name COLLATE NOCASE, ms.id";
    let (today, horizon) = (day(0), day(dashboard::UPCOMING_DAYS as i64 + 1));
    let plans = ids(
        "SELECT p.id FROM plans p JOIN mentees m ON m.id = p.mentee_id
          WHERE p.status = 'active' AND p.deleted_at IS NULL AND m.archived_at IS NULL
          ORDER BY m.is_self DESC, m.name COLLATE NOCASE, m.id, p.id",
        &[],
    )?;
    let mut drifting = Vec::new();
    for &plan in &plans {
        if !balance::check_plan(conn, plan)?.is_empty() {
            drifting.push(plan);
        }
    }
    let days = settings::get(conn)?.not_seen_days;
    let not_seen = conn
        .prepare(
            "SELECT id, held_on FROM (
               SELECT m.id, m.name, (SELECT max(s.held_on) FROM sessions s
                                      WHERE s.mentee_id = m.id AND s.deleted_at IS NULL) AS held_on
                 FROM mentees m
                WHERE m.archived_at IS NULL AND m.is_self = 0 AND m.shared_by IS NULL)
              WHERE held_on IS NULL OR julianday(?1) - julianday(held_on) > ?2
              ORDER BY held_on, name COLLATE NOCASE, id",
        )?
        .query_map(rusqlite::params![today, days], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Expected {
        overdue: ids(due, &[&"", &today])?,
        upcoming: ids(due, &[&today, &horizon])?,
        plans,
        drifting,
        not_seen,
        mentee_count: conn.query_row(
            "SELECT count(*) FROM mentees WHERE archived_at IS NULL AND shared_by IS NULL",
            [],
            |r| r.get(0),
        )?,
    })
}

/// The dashboard's lists, read through the indexes that keep it within a frame, are the
/// plain reading of the rows: in full and as the first page, with their counts.
fn assert_lists_as_the_rows_give_them(
    conn: &rusqlite::Connection,
    when: &str,
) -> waymark_core::Result<()> {
    let want = expected(conn)?;
    let all = dashboard::DashboardLimits {
        overdue: 5_000,
        upcoming: 5_000,
        plans: 5_000,
        drifting: 5_000,
        not_seen: 5_000,
    };
    for (limits, shown) in [(all, 5_000), (dashboard::DashboardLimits::default(), 20)] {
        let d = dashboard::load(conn, &limits)?;
        let ms = |m: &dashboard::DueMilestone| m.milestone_id;
        let plan = |p: &dashboard::ActivePlan| p.plan_id;
        let when = format!("{when}, {shown} rows a list");
        assert_section(
            &d.overdue,
            ms,
            &want.overdue,
            shown,
            &format!("overdue {when}"),
        );
        assert_section(
            &d.upcoming,
            ms,
            &want.upcoming,
            shown,
            &format!("upcoming {when}"),
        );
        assert_section(&d.plans, plan, &want.plans, shown, &format!("plans {when}"));
        assert_section(
            &d.drifting,
            plan,
            &want.drifting,
            shown,
            &format!("drifting {when}"),
        );
        assert_section(
            &d.not_seen,
            |n| (n.mentee_id, n.last_held_on.clone()),
            &want.not_seen,
            shown,
            &format!("not seen {when}"),
        );
        assert_eq!(d.mentee_count, want.mentee_count.min(1_001), "{when}");
    }
    Ok(())
}

/// `section` shows the first `shown` of `want` (each row known by `key`) and counts them
/// all up to a thousand.
fn assert_section<T, K: PartialEq + std::fmt::Debug>(
    section: &dashboard::Section<T>,
    key: impl Fn(&T) -> K,
    want: &[K],
    shown: usize,
    what: &str,
) {
    let got: Vec<K> = section.rows.iter().map(key).collect();
    assert_eq!(got, want[..want.len().min(shown)], "{what}");
    assert_eq!(
        (section.total, section.at_least),
        (want.len().min(1_000) as i64, want.len() > 1_000),
        "{what}: total"
    );
}

/// Every way a row joins or leaves a list (names that differ only in case, a mentee never
/// seen, archived and back, a plan completed and made active again, goals, plans and 1:1s
/// deleted and restored, a mentee deleted) leaves the lists as the rows give them.
#[test]
fn the_lists_are_what_the_rows_give_through_every_change_and_its_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.sqlite3");
    waymark_core::demo::write_file(&path, waymark_core::demo::DemoSize::Mentees(150)).unwrap();
    let mut conn = waymark_core::db::open(&path).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "as generated").unwrap();
    let first_id = |conn: &rusqlite::Connection, sql: &str| -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };

    // A mentee whose name differs from another's only in case, never seen yet, with a
    // plan whose milestones are due on days others' are.
    let twin_name: String = conn
        .query_row(
            "SELECT lower(name) FROM mentees ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let twin = mentees::create(
        &mut conn,
        &MenteeInput {
            name: twin_name,
            ..Default::default()
        },
    )
    .unwrap();
    let plan = plans::create(&mut conn, twin.id, &plan_input("Twin", PlanStatus::Active)).unwrap();
    let g = goals::create(&mut conn, plan.id, &goal("Vision", &["technical_vision"])).unwrap();
    for offset in [-2, 0, 3] {
        milestones::create(
            &mut conn,
            g.id,
            &MilestoneInput::planned("Step", Some(day(offset))),
        )
        .unwrap();
    }
    assert_lists_as_the_rows_give_them(&conn, "with a twin never seen").unwrap();

    let busy = first_id(
        &conn,
        "SELECT m.id FROM mentees m JOIN plans p ON p.mentee_id = m.id AND p.status = 'active'
          WHERE m.archived_at IS NULL ORDER BY m.id LIMIT 1",
    );
    mentees::set_archived(&conn, busy, true).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after archiving").unwrap();
    mentees::set_archived(&conn, busy, false).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after unarchiving").unwrap();

    let active = first_id(
        &conn,
        "SELECT p.id FROM plans p JOIN mentees m ON m.id = p.mentee_id
          WHERE p.status = 'active' AND m.archived_at IS NULL ORDER BY p.id DESC LIMIT 1",
    );
    plans::set_status(&mut conn, active, PlanStatus::Completed).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after completing a plan").unwrap();
    plans::set_status(&mut conn, active, PlanStatus::Active).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after making it active again").unwrap();

    let goal_id = first_id(
        &conn,
        &format!("SELECT id FROM goals WHERE plan_id = {active} ORDER BY id LIMIT 1"),
    );
    goals::delete(&mut conn, goal_id).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after deleting a goal").unwrap();
    goals::restore(&mut conn, goal_id).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after restoring it").unwrap();

    plans::delete(&mut conn, active).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after deleting a plan").unwrap();
    plans::restore(&mut conn, active).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after restoring it").unwrap();

    let session = first_id(
        &conn,
        "SELECT id FROM sessions ORDER BY held_on DESC, id LIMIT 1",
    );
    sessions::delete(&mut conn, session).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after deleting a 1:1").unwrap();
    sessions::restore(&mut conn, session).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after restoring it").unwrap();

    mentees::delete(&mut conn, busy).unwrap();
    assert_lists_as_the_rows_give_them(&conn, "after deleting a mentee").unwrap();
}
