//! Sync under faults: the real server binary killed during a push and asked for what an
//! account may not see, and a network that loses, repeats and reorders frames.

mod support;

use std::sync::Arc;
use std::time::Duration;

use automerge::Automerge;
use std::sync::atomic::Ordering;

use support::app::{self, File, Heard, Shared, a_plan_shared_live, eventually, start, start_with};
use support::binary::{ServerProcess, sqlite_in};
use support::postgres::Result;
use support::proxy::Faults;
use waymark_core::live::{Session, SyncPhase};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_server::store::{Sqlite, Store};
use waymark_sync::Options;

/// The heads of a plan's two documents as a data file keeps them.
fn local_heads(file: &File, uid: &str) -> Result<Vec<Vec<automerge::ChangeHash>>> {
    file.run(|conn| {
        let mut statement = conn.prepare(
            "SELECT d.bytes FROM plan_documents d JOIN plans p ON p.id = d.plan_id
              WHERE p.uid = ?1 ORDER BY d.kind",
        )?;
        let rows = statement.query_map([uid], |r| r.get::<_, Vec<u8>>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?
    .iter()
    .map(|bytes| Ok(sorted(Automerge::load(bytes)?.get_heads())))
    .collect()
}

/// The same, as the server keeps them.
async fn server_heads(
    database: &std::path::Path,
    uid: &str,
) -> Result<Vec<Vec<automerge::ChangeHash>>> {
    let store = Sqlite::open(database)?;
    let mut heads = Vec::new();
    for kind in ["plan", "progress"] {
        let chunks = store.chunks(&format!("{kind}/{uid}").parse()?).await?;
        heads.push(sorted(
            Automerge::load(&chunks.chunks.concat())?.get_heads(),
        ));
    }
    Ok(heads)
}

fn sorted(mut heads: Vec<automerge::ChangeHash>) -> Vec<automerge::ChangeHash> {
    heads.sort();
    heads
}

const MILESTONES: &str =
    "SELECT m.uid || ' ' || m.title || ' ' || m.status FROM milestones m ORDER BY m.uid";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_during_a_push_of_a_thousand_changes_loses_nothing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let database = sqlite_in(dir.path());
    let mut server = ServerProcess::start(&database.display().to_string(), 0)?;
    let Shared {
        mentor,
        mentee,
        milestones: milestone_ids,
        uid,
        ..
    } = a_plan_shared_live(
        &server.url(),
        &server.invite("maria")?,
        &server.invite("amara")?,
    )
    .await?;

    for (round, kill_after) in [Duration::ZERO, Duration::from_millis(40)]
        .into_iter()
        .enumerate()
    {
        // Offline, the mentor makes a thousand changes, each its own.
        for i in 1..=1000 {
            let title = format!("Step {round}-{i}");
            mentor.run(|conn| {
                milestones::update(
                    conn,
                    milestone_ids[i % 2],
                    &MilestoneInput::planned(&title, None),
                )?;
                Session::new().outgoing(conn).map(drop)
            })?;
        }
        let (a, b) = (Arc::new(Heard::default()), Arc::new(Heard::default()));
        let mentor_sync = start(&mentor, &a);
        let heard = server.log().matches("saved changes").count();
        let started = tokio::time::Instant::now();
        while server.log().matches("connected account=maria").count() <= round
            && started.elapsed() < app::PATIENCE
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        tokio::time::sleep(kill_after).await;
        server.kill_and_restart()?;
        let mentee_sync = start(&mentee, &b);
        let last = format!("Step {round}-1000");
        eventually("the mentee has the thousandth change", || {
            Ok(mentee
                .query("SELECT title FROM milestones")?
                .contains(&last))
        })
        .await?;
        eventually("both data files agree", || {
            Ok(mentor.query(MILESTONES)? == mentee.query(MILESTONES)?)
        })
        .await?;
        eventually("the mentor has nothing waiting", || {
            Ok(a.statuses
                .lock()
                .map_err(|_| "poisoned")?
                .last()
                .is_some_and(|s| s.phase == SyncPhase::Synced && s.waiting == 0))
        })
        .await?;
        eventually("every copy of the documents is the same", || {
            let here = local_heads(&mentor, &uid)?;
            Ok(here == local_heads(&mentee, &uid)?)
        })
        .await?;
        drop((mentor_sync, mentee_sync));
        assert_eq!(
            local_heads(&mentor, &uid)?,
            server_heads(&database, &uid).await?
        );
        assert!(server.log().matches("saved changes").count() > heard);
    }
    // The log says who synced what, never what they wrote.
    let log = server.log();
    assert!(log.contains("account=maria") && log.contains("account=amara"));
    assert!(
        !log.contains("Step ") && !log.contains("Draft the roadmap"),
        "note text in the log"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_asking_for_another_accounts_plan_is_refused_and_logged() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let database = sqlite_in(dir.path());
    let server = ServerProcess::start(&database.display().to_string(), 0)?;
    let Shared {
        mentor,
        mentee,
        uid,
        ..
    } = a_plan_shared_live(
        &server.url(),
        &server.invite("maria")?,
        &server.invite("amara")?,
    )
    .await?;
    let (a, b) = (Arc::new(Heard::default()), Arc::new(Heard::default()));
    let _mentor_sync = start(&mentor, &a);
    let _mentee_sync = start(&mentee, &b);
    eventually("the plan reaches its mentee", || {
        Ok(mentee.query("SELECT title FROM milestones")?.len() == 2)
    })
    .await?;

    // Another mentee's device, with a token of its own, asks for that plan by its id.
    let code = server.invite("ben")?;
    let paired = waymark_sync::pair(&server.url(), &code, "ben's laptop").await?;
    let mut ben = support::device::connect(server.addr, &paired.token).await?;
    let doc = format!("plan/{uid}").parse()?;
    ben.offer(doc).await?;
    ben.until(|d| !d.refusals().is_empty()).await?;
    assert_eq!(
        ben.get(doc, "kind"),
        None,
        "nothing of the plan reached ben"
    );
    eventually("the server logged the refusal", || {
        Ok(server
            .log()
            .lines()
            .any(|l| l.contains("refused") && l.contains("account=ben") && l.contains(&uid)))
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_lost_repeated_and_reordered_on_the_way_still_converge() -> Result<()> {
    let server = support::server::start().await?;
    let faults = Faults {
        drop: 10,
        duplicate: 10,
        reorder: 10,
    };
    let (proxy, tally) = support::proxy::start(server.addr, faults, 0x5eed).await?;
    let url = format!("ws://{proxy}");
    let (maria, amara) = (server.invite("maria").await?, server.invite("amara").await?);
    let Shared {
        mentor,
        mentee,
        milestones: milestone_ids,
        ..
    } = a_plan_shared_live(&url, &maria, &amara).await?;
    // A lost frame leaves both sides waiting: half a second of silence starts over.
    let options = Options {
        quiet: Duration::from_millis(500),
        ..app::fast()
    };
    let (a, b) = (Arc::new(Heard::default()), Arc::new(Heard::default()));
    let _mentor_sync = start_with(&mentor, &a, options.clone());
    let _mentee_sync = start_with(&mentee, &b, options);
    eventually("the plan reaches its mentee", || {
        Ok(mentee.query("SELECT title FROM milestones")?.len() == 2)
    })
    .await?;

    // Both edit at once, many times: the mentor the plan, the mentee its progress.
    let on_mentee: Vec<i64> = mentee
        .query("SELECT CAST(id AS TEXT) FROM milestones ORDER BY title")?
        .iter()
        .map(|id| id.parse())
        .collect::<std::result::Result<_, _>>()?;
    for i in 0..30 {
        let title = format!("Draft {i}");
        mentor.run(|conn| {
            milestones::update(
                conn,
                milestone_ids[1],
                &MilestoneInput::planned(&title, None),
            )
        })?;
        let status = match i % 2 {
            0 => MilestoneStatus::InProgress,
            _ => MilestoneStatus::Planned,
        };
        mentee.run(|conn| milestones::set_status(conn, on_mentee[0], status))?;
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    mentee.run(|conn| milestones::set_status(conn, on_mentee[0], MilestoneStatus::Done))?;
    eventually("both copies agree on every edit", || {
        let rows = mentor.query(MILESTONES)?;
        Ok(rows == mentee.query(MILESTONES)?
            && rows.iter().any(|r| r.ends_with("Draft 29 planned"))
            && rows.iter().any(|r| r.ends_with(" done")))
    })
    .await
    .inspect_err(|_| {
        eprintln!("mentor: {:?}", mentor.query(MILESTONES));
        eprintln!("mentee: {:?}", mentee.query(MILESTONES));
    })?;
    assert!(
        tally.dropped.load(Ordering::Relaxed) > 0,
        "no frame was lost on the way"
    );
    assert!(
        tally.duplicated.load(Ordering::Relaxed) > 0 && tally.reordered.load(Ordering::Relaxed) > 0
    );
    Ok(())
}
