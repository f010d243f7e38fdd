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

    let board = dashboard::load(&conn).unwrap();
    assert!(!board.overdue.is_empty() && !board.upcoming.is_empty() && !board.not_seen.is_empty());
    assert!(
        board
            .plans
            .iter()
            .any(|p| p.progress.percent.is_some_and(|pct| pct > 0 && pct < 100))
    );
}
