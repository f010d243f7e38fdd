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
