//! Crash safety: a writer is killed with SIGKILL at random moments; after every kill the
//! database passes `PRAGMA integrity_check` and holds every write the writer reported as
//! committed. `WAYMARK_CRASH_KILLS` sets the number of kills (25 by default; `make
//! crash-test` runs 500).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use waymark_core::db;

/// A small deterministic generator, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn killed_writers_never_corrupt_the_file_or_lose_a_committed_write() {
    let kills: usize = std::env::var("WAYMARK_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite3");
    let mut rng = Lcg(0x5eed);
    let mut committed: Vec<i64> = Vec::new();
    for round in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(id) = line.trim().parse::<i64>() {
                    let _ = tx.send(id);
                }
            }
        });
        // Let it open the file and write a little, then kill it mid-stride.
        std::thread::sleep(Duration::from_millis(30 + rng.next() % 250));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        committed.extend(rx.try_iter());

        let conn = db::open(&path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}: integrity");
        let mut missing = Vec::new();
        for id in &committed {
            let ratings: i64 = conn
                .query_row(
                    "SELECT count(*) FROM assessment_ratings r JOIN assessments a ON a.id = r.assessment_id
                      WHERE a.mentee_id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            if ratings != 9 {
                missing.push(*id);
            }
        }
        assert!(
            missing.is_empty(),
            "round {round}: committed writes lost: {missing:?}"
        );
    }
    println!(
        "{kills} kills survived; {} committed writes all present",
        committed.len()
    );
    assert!(!committed.is_empty(), "the writer never got to write");
}

/// The mentor's data file, the file sent back, and the shared plan's id.
type Returned = (std::path::PathBuf, std::path::PathBuf, i64);

/// A mentor's data file with a plan of `n` milestones shared with its mentee, and the file
/// the mentee sends back with every milestone done and evidenced.
fn shared_and_returned(
    dir: &std::path::Path,
    n: usize,
) -> Result<Returned, Box<dyn std::error::Error>> {
    use waymark_core::catalogue::built_in::CLOUD_LEADER;
    use waymark_core::goals::{self, GoalInput};
    use waymark_core::mentees::{self, MenteeInput};
    use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
    use waymark_core::plans::{self, PlanInput, PlanStatus};
    use waymark_core::sync::share::{self, ShareRequest};

    let data = dir.join("mentor.sqlite3");
    let mut conn = db::open(&data)?;
    let mentee = mentees::create(
        &mut conn,
        &MenteeInput {
            name: "Amara Okonkwo".into(),
            ..Default::default()
        },
    )?;
    let plan = plans::create(
        &mut conn,
        mentee.id,
        &PlanInput {
            title: "Toward cloud leadership".into(),
            leader_type_id: CLOUD_LEADER,
            role_track_key: "technical_leader".into(),
            starts_on: "2026-01-05".into(),
            target_on: "2026-12-18".into(),
            status: PlanStatus::Active,
            targets: None,
        },
    )?;
    let goal = goals::create(
        &mut conn,
        plan.id,
        &GoalInput {
            title: "Lead the platform roadmap".into(),
            competency_keys: vec!["technical_vision".into()],
            ..Default::default()
        },
    )?;
    for i in 0..n {
        milestones::create(
            &mut conn,
            goal.id,
            &MilestoneInput::planned(format!("Step {i}"), None),
        )?;
    }
    let request = |plan_id| ShareRequest {
        plan_id,
        from_name: Some("Maria Lindqvist".into()),
        mentee_edits_plan: false,
        passphrase: None,
        include_assessments: false,
    };
    let first = share::share(&mut conn, &request(plan.id))?;
    let mut mentee = db::open_in_memory()?;
    let received = share::merge(&mut mentee, &share::open_bytes(&first)?, &[], false)?;
    let ids: Vec<i64> = mentee
        .prepare("SELECT id FROM milestones")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        let mut m = milestones::get(&mentee, id)?;
        m.evidence = format!("Evidence for {}", m.title);
        let input = MilestoneInput {
            title: m.title,
            due_on: m.due_on,
            status: MilestoneStatus::Done,
            completed_on: None,
            evidence: m.evidence,
            links: m.links,
        };
        milestones::update(&mut mentee, id, &input)?;
    }
    let back = share::share(&mut mentee, &request(received.plan_id))?;
    let file = dir.join("back.waymark");
    std::fs::write(&file, back)?;
    Ok((data, file, plan.id))
}

#[test]
fn a_merge_killed_midway_leaves_the_old_plan_or_the_merged_one() {
    let kills: usize = std::env::var("WAYMARK_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let dir = tempfile::tempdir().unwrap();
    const MILESTONES: i64 = 300;
    let (pristine, file, plan_id) = shared_and_returned(dir.path(), MILESTONES as usize).unwrap();
    let data = dir.path().join("merging.sqlite3");
    let done = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM milestones WHERE status = 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };

    // How long a merge takes here, so the kills land before, during and after it.
    std::fs::copy(&pristine, &data).unwrap();
    let started = std::time::Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_merge-writer"))
        .arg(&data)
        .arg(&file)
        .status()
        .unwrap();
    assert!(status.success());
    let span = started.elapsed().as_millis() as u64;

    let mut rng = Lcg(0x3e7e);
    let (mut old, mut merged) = (0, 0);
    for round in 0..kills {
        std::fs::copy(&pristine, &data).unwrap();
        let _ = std::fs::remove_file(data.with_extension("sqlite3-wal"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_merge-writer"))
            .arg(&data)
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.next() % (span + span / 2 + 1)));
        child.kill().unwrap();
        child.wait().unwrap();

        let mut conn = db::open(&data).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}: integrity");
        match done(&conn) {
            0 => old += 1,
            MILESTONES => merged += 1,
            n => panic!("round {round}: {n} of {MILESTONES} milestones merged: a mixture"),
        }
        assert!(
            waymark_core::sync::share::documents_agree(&mut conn, plan_id).unwrap(),
            "round {round}: the documents and the tables disagree"
        );
    }
    println!(
        "{kills} kills during a merge of {span} ms: {old} left the old plan, {merged} the merged one"
    );
}
