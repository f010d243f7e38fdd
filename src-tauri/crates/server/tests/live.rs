//! Two data files syncing live through a real `waymark-server` on loopback: a mentor
//! shares a plan with a mentee's account, and each sees the other's changes. Every wait
//! is bounded.

mod support;

use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;
use support::app::{File, Heard, Shared, a_mentors_plan, a_plan_shared_live, eventually, start};
use support::postgres::Result;
use support::server;
use waymark_core::Result as CoreResult;
use waymark_core::live::{self, LiveShareRequest, SyncPhase};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_and_a_mentee_see_each_others_changes_live() -> Result<()> {
    let server = server::start().await?;
    let (maria, amara) = (server.invite("maria").await?, server.invite("amara").await?);
    let Shared {
        mentor,
        mentee,
        plan_id,
        milestones: milestone_ids,
        uid: plan_uid,
    } = a_plan_shared_live(&server.url(), &maria, &amara).await?;

    let (mentor_heard, mentee_heard) = (Arc::new(Heard::default()), Arc::new(Heard::default()));
    let _mentor_sync = start(&mentor, &mentor_heard);
    let _mentee_sync = start(&mentee, &mentee_heard);

    let titles =
        "SELECT m.title FROM milestones m JOIN goals g ON g.id = m.goal_id ORDER BY m.title";
    eventually("the plan reaches the mentee", || {
        Ok(mentee.query(titles)?.len() == 2)
    })
    .await?;
    assert_eq!(
        mentee.query(&format!("SELECT title FROM plans WHERE uid = '{plan_uid}'"))?,
        ["Toward cloud leadership"]
    );
    assert_eq!(mentee.query("SELECT shared_by FROM mentees")?, ["maria"]);
    // The app hears of the plan by its title (beside any changes to the mentee's own
    // records, which name no plan), just after the rows are written.
    let heard = || -> Result<Vec<String>> {
        Ok(mentee_heard
            .received
            .lock()
            .map_err(|_| "poisoned")?
            .iter()
            .flatten()
            .cloned()
            .collect())
    };
    eventually("the app hears of the plan", || Ok(!heard()?.is_empty())).await?;
    assert_eq!(heard()?, ["Toward cloud leadership"]);

    // The mentee completes a milestone: the mentor sees it.
    let on_mentee: i64 = mentee.run(|conn| {
        Ok(conn.query_row(
            "SELECT id FROM milestones WHERE title = 'Draft the roadmap'",
            [],
            |r| r.get(0),
        )?)
    })?;
    mentee.run(|conn| milestones::set_status(conn, on_mentee, MilestoneStatus::Done))?;
    eventually("the mentor sees the milestone done", || {
        Ok(mentor.query(&format!(
            "SELECT status FROM milestones WHERE id = {}",
            milestone_ids[0]
        ))? == ["done"])
    })
    .await?;

    // The mentor adds a milestone: the mentee sees it.
    let goal_id: i64 = mentor.run(|conn| {
        Ok(conn.query_row(
            "SELECT goal_id FROM milestones WHERE id = ?1",
            [milestone_ids[0]],
            |r| r.get(0),
        )?)
    })?;
    mentor.run(|conn| {
        milestones::create(conn, goal_id, &MilestoneInput::planned("Present it", None))
    })?;
    eventually("the mentee sees the new milestone", || {
        Ok(mentee.query(titles)?.len() == 3)
    })
    .await?;

    // Both settle on the same rows, and report that they are in sync.
    let progress =
        "SELECT m.uid || ' ' || m.title || ' ' || m.status FROM milestones m ORDER BY m.uid";
    eventually("both copies agree", || {
        Ok(mentor.query(progress)? == mentee.query(progress)?)
    })
    .await?;
    // A topic from the mentee, a comment from the mentor: both sides settle afterwards.
    let mentee_plan: i64 =
        mentee.run(|conn| Ok(conn.query_row("SELECT id FROM plans", [], |r| r.get(0))?))?;
    mentee.run(|conn| waymark_core::topics::add(conn, mentee_plan, "How do I say no?"))?;
    mentor.run(|conn| waymark_core::comments::add(conn, plan_id, "Start with the roadmap."))?;
    eventually("the topic reaches the mentor", || {
        Ok(mentor.query("SELECT text FROM plan_topics")? == ["How do I say no?"])
    })
    .await?;
    eventually("the comment reaches the mentee", || {
        Ok(mentee.query("SELECT text FROM plan_comments")? == ["Start with the roadmap."])
    })
    .await?;
    eventually("the mentee reports synced", || {
        Ok(mentee_heard
            .statuses
            .lock()
            .map_err(|_| "poisoned")?
            .last()
            .is_some_and(|s| s.phase == SyncPhase::Synced && s.waiting == 0))
    })
    .await
    .inspect_err(|_| {
        eprintln!(
            "{:?}",
            mentee_heard.statuses.lock().map(|s| s
                .iter()
                .rev()
                .take(4)
                .map(|s| (s.phase, s.waiting))
                .collect::<Vec<_>>())
        )
    })?;
    eventually("the mentor reports synced", || {
        Ok(mentor_heard
            .statuses
            .lock()
            .map_err(|_| "poisoned")?
            .last()
            .is_some_and(|s| s.phase == SyncPhase::Synced && s.waiting == 0))
    })
    .await?;

    // The mentee may not change the plan itself: the plan stays the mentor's.
    let refused = mentee.run(|conn| {
        milestones::create(
            conn,
            goal_id_on(conn)?,
            &MilestoneInput::planned("Sneaked in", None),
        )
    });
    assert!(
        refused.is_err(),
        "the mentee's copy is read-only for the plan itself"
    );
    Ok(())
}

fn goal_id_on(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row("SELECT id FROM goals", [], |r| r.get(0))?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_a_live_share_leaves_the_mentee_their_copy_and_sends_nothing_new() -> Result<()> {
    let server = server::start().await?;
    let (maria, amara) = (server.invite("maria").await?, server.invite("amara").await?);
    let Shared {
        mentor,
        mentee,
        plan_id,
        milestones: milestone_ids,
        ..
    } = a_plan_shared_live(&server.url(), &maria, &amara).await?;
    let (a, b) = (Arc::new(Heard::default()), Arc::new(Heard::default()));
    let mentor_sync = start(&mentor, &a);
    let _mentee_sync = start(&mentee, &b);
    eventually("the plan reaches the mentee", || {
        Ok(mentee.query("SELECT title FROM milestones")?.len() == 2)
    })
    .await?;

    mentor.run(|conn| live::stop_live(conn, plan_id))?;
    mentor_sync.nudge();
    eventually("the server withdrew the plan", || {
        Ok(mentee.query("SELECT coalesce(live_account, '-') FROM plan_shares")? == ["-"])
    })
    .await?;
    mentor.run(|conn| {
        milestones::update(
            conn,
            milestone_ids[1],
            &MilestoneInput::planned("Renamed after the share ended", None),
        )
    })?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        mentee.query("SELECT title FROM milestones ORDER BY title")?,
        ["Draft the roadmap", "Review it with staff engineers"]
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_with_an_account_the_server_does_not_have_says_so() -> Result<()> {
    let server = server::start().await?;
    let mentor = File::new()?;
    server.pair(&mentor, "maria", "laptop").await?;
    let (plan_id, _) = a_mentors_plan(&mentor)?;
    mentor.run(|conn| {
        live::share_live(
            conn,
            &LiveShareRequest {
                plan_id,
                account: "nobody".into(),
                mentee_edits_plan: false,
            },
        )
    })?;
    let heard = Arc::new(Heard::default());
    let _sync = start(&mentor, &heard);
    eventually("the person is told", || {
        Ok(heard
            .statuses
            .lock()
            .map_err(|_| "poisoned")?
            .iter()
            .any(|s| {
                s.problem
                    .as_deref()
                    .is_some_and(|p| p.contains("Toward cloud leadership") && p.contains("nobody"))
            }))
    })
    .await?;
    assert_eq!(
        mentor.query("SELECT coalesce(live_account, '-') FROM plan_shares")?,
        ["-"]
    );
    Ok(())
}
