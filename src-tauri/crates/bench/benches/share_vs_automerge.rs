//! Sharing and merging a plan against the Automerge engine doing only its own part on the
//! same documents, side by side in one run:
//! `cargo bench -p waymark-bench --bench share_vs_automerge` (part of `make bench`).
//!
//! **Waymark share** is the whole command: the rows written into the plan's documents (one
//! transaction), the documents saved, signed and framed. **Automerge save** is the floor
//! any exchange pays: loading and saving the same two documents. **Waymark merge** is a
//! returned file with every milestone done and evidenced, merged as the app does (checked,
//! merged, each record checked, projected into the tables; run as a dry run so every
//! round starts equal). **Automerge merge** loads both sides' documents and merges them.
//! Each is repeated for a few hundred milliseconds per round; the median of five rounds.

use std::time::{Duration, Instant};

use automerge::AutoCommit;
use rusqlite::Connection;
use waymark_core::catalogue::built_in::CLOUD_LEADER;
use waymark_core::goals::{self, GoalInput};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::sync::share::{self, ShareRequest};
use waymark_core::{db, demo};

use waymark_bench::{markers, median, write_section};

type BenchResult<T> = waymark_bench::Result<T>;

const ROUNDS: usize = 5;
const ROUND_TARGET: Duration = Duration::from_millis(300);
const SECTION: &str = "share-vs-automerge";

/// Milliseconds per run of `f`: repeated to fill a round, the median of five rounds.
fn time(mut f: impl FnMut() -> BenchResult<()>) -> BenchResult<f64> {
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let (started, mut runs) = (Instant::now(), 0u32);
        while runs == 0 || started.elapsed() < ROUND_TARGET {
            f()?;
            runs += 1;
        }
        rounds.push(started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs));
    }
    Ok(median(rounds))
}

fn request(plan_id: i64) -> ShareRequest {
    ShareRequest {
        plan_id,
        from_name: Some("Maria Lindqvist".into()),
        mentee_edits_plan: false,
        passphrase: None,
        include_assessments: false,
    }
}

fn documents(conn: &Connection, plan_id: i64) -> BenchResult<Vec<Vec<u8>>> {
    let mut statement =
        conn.prepare("SELECT bytes FROM plan_documents WHERE plan_id = ?1 ORDER BY kind")?;
    let rows = statement.query_map([plan_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

struct Row {
    plan: String,
    milestones: i64,
    file_kb: f64,
    share: f64,
    save: f64,
    merge: f64,
    engine_merge: f64,
}

fn measure(label: &str, mentor: &mut Connection, plan_id: i64) -> BenchResult<Row> {
    let first = share::share(mentor, &request(plan_id))?;
    let mut mentee = db::open_in_memory()?;
    let received = share::merge(&mut mentee, &share::open_bytes(&first)?, &[], false)?;
    let ids: Vec<i64> = mentee
        .prepare("SELECT id FROM milestones")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        let m = milestones::get(&mentee, *id)?;
        let input = MilestoneInput {
            status: MilestoneStatus::Done,
            completed_on: None,
            evidence: format!("Evidence for {}", m.title),
            ..MilestoneInput::planned(m.title, m.due_on)
        };
        milestones::update(&mut mentee, *id, &input)?;
    }
    let back = share::share(&mut mentee, &request(received.plan_id))?;
    let incoming = share::open_bytes(&back)?;
    let ours = documents(mentor, plan_id)?;
    let theirs = documents(&mentee, received.plan_id)?;

    Ok(Row {
        plan: label.to_owned(),
        milestones: ids.len() as i64,
        file_kb: first.len() as f64 / 1000.0,
        share: time(|| {
            share::share(mentor, &request(plan_id))
                .map(drop)
                .map_err(Into::into)
        })?,
        save: time(|| {
            for bytes in &ours {
                AutoCommit::load(bytes)?.save();
            }
            Ok(())
        })?,
        merge: time(|| {
            share::merge(mentor, &incoming, &[], true)
                .map(drop)
                .map_err(Into::into)
        })?,
        engine_merge: time(|| {
            for (a, b) in ours.iter().zip(&theirs) {
                let mut doc = AutoCommit::load(a)?;
                doc.merge(&mut AutoCommit::load(b)?)?;
            }
            Ok(())
        })?,
    })
}

fn main() -> BenchResult<()> {
    waymark_bench::refuse_arguments()?;
    let dir = tempfile::tempdir()?;
    let showcase = dir.path().join("showcase.sqlite3");
    demo::write_file(&showcase, demo::DemoSize::Showcase)?;
    let mut conn = db::open(&showcase)?;
    let largest: i64 = conn.query_row(
        "SELECT g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id
          GROUP BY g.plan_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let mut rows = vec![measure("the demo's largest plan", &mut conn, largest)?];

    // A plan far larger than any mentor writes: 20 goals of 50 milestones.
    let mut big = db::open_in_memory()?;
    let mentee_id = mentees::create(
        &mut big,
        &MenteeInput {
            name: "Zoë Ørsted-Villanueva".into(),
            ..Default::default()
        },
    )?
    .id;
    let plan = waymark_core::plans::create(
        &mut big,
        mentee_id,
        &waymark_core::plans::PlanInput {
            title: "A thousand steps".into(),
            leader_type_id: CLOUD_LEADER,
            role_track_key: "technical_leader".into(),
            starts_on: "2026-01-05".into(),
            target_on: "2027-12-17".into(),
            status: waymark_core::plans::PlanStatus::Active,
            targets: None,
        },
    )?;
    for g in 0..20 {
        let goal = goals::create(
            &mut big,
            plan.id,
            &GoalInput {
                title: format!("Goal {g}"),
                competency_keys: vec!["technical_vision".into()],
                ..Default::default()
            },
        )?;
        for m in 0..50 {
            milestones::create(
                &mut big,
                goal.id,
                &MilestoneInput::planned(format!("Step {g}.{m}"), None),
            )?;
        }
    }
    rows.push(measure("1,000 milestones", &mut big, plan.id)?);

    let (start, end) = markers(SECTION);
    let mut section = format!(
        "{start}\n| plan | milestones | file | Waymark share | Automerge load + save | Waymark merge | Automerge load + merge |\n|---|---:|---:|---:|---:|---:|---:|\n"
    );
    for r in &rows {
        section.push_str(&format!(
            "| {} | {} | {:.1} kB | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |\n",
            r.plan, r.milestones, r.file_kb, r.share, r.save, r.merge, r.engine_merge
        ));
    }
    section.push_str(&end);
    println!("{section}");
    write_section(SECTION, &section)
}
