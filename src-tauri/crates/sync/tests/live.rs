//! Two data files syncing live through a real `waymark-server` on loopback: a mentor
//! shares a plan with a mentee's account, and each sees the other's changes. Every wait
//! is bounded.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use waymark_core::goals::{self, GoalInput};
use waymark_core::live::{self, Arrived, LiveShareRequest, SyncPhase, SyncStatus};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::plans::{self, PlanInput, PlanStatus};
use waymark_core::{Result as CoreResult, db};
use waymark_server::hub::Hub;
use waymark_server::store::{Invite, Sqlite, Store};
use waymark_server::{routes, time::now, tokens};
use waymark_sync::{DataFile, Events, Options, Syncer};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

const PATIENCE: Duration = Duration::from_secs(20);

/// A data file in memory, shared by the test and its sync loop.
#[derive(Debug, Clone)]
struct File(Arc<Mutex<Connection>>);

impl DataFile for File {
    fn with(&self, work: &mut dyn FnMut(&mut Connection) -> CoreResult<()>) -> CoreResult<()> {
        let mut conn = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut conn)
    }
}

impl File {
    fn new() -> Result<Self> {
        Ok(Self(Arc::new(Mutex::new(db::open_in_memory()?))))
    }

    fn run<T>(&self, work: impl FnOnce(&mut Connection) -> CoreResult<T>) -> Result<T> {
        let mut conn = self.0.lock().map_err(|_| "poisoned")?;
        Ok(work(&mut conn)?)
    }

    fn query(&self, sql: &str) -> Result<Vec<String>> {
        self.run(|conn| {
            let mut statement = conn.prepare(sql)?;
            let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

#[derive(Debug, Default)]
struct Heard {
    statuses: Mutex<Vec<SyncStatus>>,
    received: Mutex<Vec<Option<String>>>,
}

impl Events for Heard {
    fn status(&self, status: &SyncStatus) {
        self.statuses
            .lock()
            .map(|mut s| s.push(status.clone()))
            .ok();
    }
    fn arrived(&self, arrived: &Arrived) {
        self.received
            .lock()
            .map(|mut r| r.push(arrived.new_plan.clone()))
            .ok();
    }
}

struct Server {
    addr: SocketAddr,
    store: Sqlite,
    _dir: tempfile::TempDir,
}

async fn server() -> Result<Server> {
    let dir = tempfile::tempdir()?;
    let store = Sqlite::open(&dir.path().join("server.sqlite3"))?;
    let app = routes::router(Arc::new(Hub::new(store.clone())));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum_serve(listener, app).await });
    Ok(Server {
        addr,
        store,
        _dir: dir,
    })
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    let _ = axum::serve(listener, app).await;
}

impl Server {
    fn url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Pairs `file` as a device of account `name`, as Settings → Sync does.
    async fn pair(&self, file: &File, name: &str, device: &str) -> Result<()> {
        let account = self.store.ensure_account(name, now()).await?;
        let code = tokens::new_code()?;
        self.store
            .add_invite(&Invite {
                account: account.id,
                code_hash: tokens::hash(&tokens::normalise_code(&code)),
                expires_at: now() + 600,
            })
            .await?;
        let paired = waymark_sync::pair(&self.url(), &code, device).await?;
        let url = self.url();
        file.run(|conn| live::save_pairing(conn, &url, &paired))?;
        Ok(())
    }
}

fn fast() -> Options {
    Options {
        tick: Duration::from_millis(50),
        quiet: Duration::from_secs(30),
        max_backoff: Duration::from_millis(500),
    }
}

fn start(file: &File, heard: &Arc<Heard>) -> Syncer {
    Syncer::start(
        &tokio::runtime::Handle::current(),
        Arc::new(file.clone()),
        Arc::clone(heard) as Arc<dyn Events>,
        fast(),
    )
}

/// Polls `check` until it holds; fails after [`PATIENCE`].
async fn eventually(what: &str, check: impl Fn() -> Result<bool>) -> Result<()> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !check()? {
        if tokio::time::Instant::now() > deadline {
            return Err(format!("never happened: {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// A mentor's file with one plan of one goal and two milestones; returns the plan and
/// milestone ids.
fn a_mentors_plan(file: &File) -> Result<(i64, Vec<i64>)> {
    file.run(|conn| {
        let mentee = mentees::create(
            conn,
            &MenteeInput {
                name: "Amara Okonkwo".into(),
                ..Default::default()
            },
        )?;
        let leader_type: i64 =
            conn.query_row("SELECT min(id) FROM leader_types", [], |r| r.get(0))?;
        let plan = plans::create(
            conn,
            mentee.id,
            &PlanInput {
                title: "Toward cloud leadership".into(),
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
                title: "Lead the platform roadmap".into(),
                description: String::new(),
                competency_keys: vec!["technical_vision".into()],
                theme_keys: Vec::new(),
            },
        )?;
        let mut ids = Vec::new();
        for title in ["Draft the roadmap", "Review it with staff engineers"] {
            ids.push(
                milestones::create(
                    conn,
                    goal.id,
                    &MilestoneInput::planned(title, Some("2026-06-01".into())),
                )?
                .id,
            );
        }
        Ok((plan.id, ids))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_and_a_mentee_see_each_others_changes_live() -> Result<()> {
    let server = server().await?;
    let (mentor, mentee) = (File::new()?, File::new()?);
    server.pair(&mentor, "maria", "Maria's laptop").await?;
    server.pair(&mentee, "amara", "Amara's laptop").await?;
    let (plan_id, milestone_ids) = a_mentors_plan(&mentor)?;
    mentor.run(|conn| {
        live::share_live(
            conn,
            &LiveShareRequest {
                plan_id,
                account: "amara".into(),
                mentee_edits_plan: false,
            },
        )
    })?;
    let plan_uid = mentor
        .query(&format!("SELECT uid FROM plans WHERE id = {plan_id}"))?
        .concat();

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
    assert_eq!(
        mentee_heard
            .received
            .lock()
            .map_err(|_| "poisoned")?
            .first()
            .cloned()
            .flatten()
            .as_deref(),
        Some("Toward cloud leadership")
    );

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
    let server = server().await?;
    let (mentor, mentee) = (File::new()?, File::new()?);
    server.pair(&mentor, "maria", "laptop").await?;
    server.pair(&mentee, "amara", "laptop").await?;
    let (plan_id, milestone_ids) = a_mentors_plan(&mentor)?;
    mentor.run(|conn| {
        live::share_live(
            conn,
            &LiveShareRequest {
                plan_id,
                account: "amara".into(),
                mentee_edits_plan: false,
            },
        )
    })?;
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
    let server = server().await?;
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
