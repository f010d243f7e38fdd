//! The app's side of sync in tests: data files (in memory or on disk) with their sync
//! loops, as the desktop app runs them, and the waits a test needs, each bounded.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use waymark_core::goals::{self, GoalInput};
use waymark_core::live::{self, Arrived, SyncStatus};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::plans::{self, PlanInput, PlanStatus};
use waymark_core::{Result as CoreResult, db};
use waymark_sync::{DataFile, Events, Options, Syncer};

use super::postgres::Result;

pub const PATIENCE: Duration = Duration::from_secs(30);

/// A data file in memory, shared by the test and its sync loop.
#[derive(Debug, Clone)]
pub struct File(pub Arc<Mutex<Connection>>);

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
    pub fn new() -> Result<Self> {
        Ok(Self(Arc::new(Mutex::new(db::open_in_memory()?))))
    }

    pub fn run<T>(&self, work: impl FnOnce(&mut Connection) -> CoreResult<T>) -> Result<T> {
        let mut conn = self.0.lock().map_err(|_| "poisoned")?;
        Ok(work(&mut conn)?)
    }

    /// The first column of each row, as text (numbers too).
    pub fn query(&self, sql: &str) -> Result<Vec<String>> {
        self.run(|conn| {
            let mut statement = conn.prepare(sql)?;
            let rows = statement.query_map([], |r| {
                Ok(match r.get::<_, rusqlite::types::Value>(0)? {
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Text(text) => text,
                    other => format!("{other:?}"),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

#[derive(Debug, Default)]
pub struct Heard {
    pub statuses: Mutex<Vec<SyncStatus>>,
    pub received: Mutex<Vec<Option<String>>>,
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

pub fn fast() -> Options {
    Options {
        tick: Duration::from_millis(50),
        quiet: Duration::from_secs(30),
        max_backoff: Duration::from_millis(500),
    }
}

pub fn start(file: &File, heard: &Arc<Heard>) -> Syncer {
    start_with(file, heard, fast())
}

pub fn start_with(file: &File, heard: &Arc<Heard>, options: Options) -> Syncer {
    Syncer::start(
        &tokio::runtime::Handle::current(),
        Arc::new(file.clone()),
        Arc::clone(heard) as Arc<dyn Events>,
        options,
    )
}

/// Polls `check` until it holds; fails after [`PATIENCE`].
pub async fn eventually(what: &str, check: impl Fn() -> Result<bool>) -> Result<()> {
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
pub fn a_mentors_plan(file: &File) -> Result<(i64, Vec<i64>)> {
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

/// Pairs `file` with the server at `url` using a one-time code, as Settings → Sync does.
pub async fn pair(file: &File, url: &str, code: &str, device: &str) -> Result<()> {
    let paired = waymark_sync::pair(url, code, device).await?;
    file.run(|conn| live::save_pairing(conn, url, &paired))?;
    Ok(())
}

/// A mentor (account `maria`) and a mentee (`amara`), each a data file paired with the
/// server at `url` with the codes given, and the mentor's plan shared live with the mentee.
#[derive(Debug)]
pub struct Shared {
    pub mentor: File,
    pub mentee: File,
    pub plan_id: i64,
    pub milestones: Vec<i64>,
    /// The plan's global id.
    pub uid: String,
}

pub async fn a_plan_shared_live(url: &str, maria: &str, amara: &str) -> Result<Shared> {
    let (mentor, mentee) = (File::new()?, File::new()?);
    pair(&mentor, url, maria, "Maria's laptop").await?;
    pair(&mentee, url, amara, "Amara's laptop").await?;
    let (plan_id, milestones) = a_mentors_plan(&mentor)?;
    mentor.run(|conn| {
        let request = live::LiveShareRequest {
            plan_id,
            account: "amara".into(),
            mentee_edits_plan: false,
        };
        live::share_live(conn, &request)
    })?;
    let uid = mentor
        .query(&format!("SELECT uid FROM plans WHERE id = {plan_id}"))?
        .concat();
    Ok(Shared {
        mentor,
        mentee,
        plan_id,
        milestones,
        uid,
    })
}
