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
