//! What the side-by-side benchmarks share: the median, the repository's root, writing
//! their section of BENCHMARKS.md between its markers so a run leaves the file current,
//! and showing the statements a read or a command ran with their query plans.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use waymark_core::demo::{self, DemoSize, DemoSummary};
use waymark_core::search;

pub type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

/// The repository's root, where BENCHMARKS.md and `target/` are.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

/// `target/bench` taken for one run until this is dropped: the at-scale benchmarks write
/// the same files there (the generated data file, copies of it), and two runs at once
/// damage each other's.
#[derive(Debug)]
pub struct BenchFolder {
    /// Locked while open; the system lets the lock go when the file closes.
    _lock: std::fs::File,
}

impl BenchFolder {
    pub fn take() -> Result<BenchFolder> {
        let dir = workspace_root().join("target/bench");
        std::fs::create_dir_all(&dir)?;
        let lock = std::fs::File::create(dir.join(".lock"))?;
        match lock.try_lock() {
            Ok(()) => Ok(BenchFolder { _lock: lock }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err("another benchmark is using target/bench: run them one at a time".into())
            }
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }
}

/// The generated data file the at-scale benchmarks read: `WAYMARK_BENCH_MENTEES` mentees
/// (10,000 unless set), written afresh in `target/bench`.
#[derive(Debug)]
pub struct AtScale {
    pub path: PathBuf,
    pub mentees: usize,
    pub summary: DemoSummary,
    /// How long generating it took, which the tables report.
    pub generated_in: Duration,
    /// Its search index then tidied as the app does while nobody clicks.
    pub tidied: Tidied,
}

/// The steps that tidied a file's search index (`search::tidy_index_step`), each of
/// which holds the data file.
#[derive(Debug)]
pub struct Tidied {
    pub steps: usize,
    pub median_step: Duration,
    pub slowest_step: Duration,
}

impl std::fmt::Display for Tidied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "then its search index tidied as the app does while nobody clicks, in {} steps \
             of {:.1} ms (the median; the slowest {:.1} ms)",
            self.steps,
            self.median_step.as_secs_f64() * 1e3,
            self.slowest_step.as_secs_f64() * 1e3
        )
    }
}

/// Tidies the search index of the file at `path` to its end, a step at a time.
fn tidy(path: &Path) -> Result<Tidied> {
    let conn = waymark_core::db::open(path)?;
    let mut steps = Vec::new();
    loop {
        let started = Instant::now();
        let more = search::tidy_index_step(&conn)?;
        steps.push(started.elapsed().as_secs_f64());
        if !more {
            break;
        }
    }
    let slowest = steps.iter().copied().fold(0.0, f64::max);
    Ok(Tidied {
        steps: steps.len(),
        median_step: Duration::from_secs_f64(median(steps)),
        slowest_step: Duration::from_secs_f64(slowest),
    })
}

pub fn generate_at_scale() -> Result<AtScale> {
    let mentees: usize = std::env::var("WAYMARK_BENCH_MENTEES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let dir = workspace_root().join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("demo-{mentees}.sqlite3"));
    let started = Instant::now();
    let summary = demo::write_file(&path, DemoSize::Mentees(mentees))?;
    let generated_in = started.elapsed();
    let tidied = tidy(&path)?;
    Ok(AtScale {
        path,
        mentees,
        summary,
        generated_in,
        tidied,
    })
}

/// Stops a benchmark given arguments it does not take, before it measures for minutes and
/// rewrites BENCHMARKS.md as if nothing had been asked. `cargo bench` passes `--bench`.
pub fn refuse_arguments() -> Result<()> {
    let unknown: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match unknown.is_empty() {
        true => Ok(()),
        false => Err(format!(
            "this benchmark takes no arguments, and was given `{}`; to time a few commands \
             only, run commands_at_scale with WAYMARK_BENCH_ONLY=name,name",
            unknown.join(" ")
        )
        .into()),
    }
}

pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Replaces what lies between `<!-- {name}:start -->` and `<!-- {name}:end -->` in
/// BENCHMARKS.md with `section` (which carries the markers itself).
pub fn write_section(name: &str, section: &str) -> Result<()> {
    let (start_mark, end_mark) = markers(name);
    let file = workspace_root().join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&file)?;
    let (Some(start), Some(end)) = (text.find(&start_mark), text.find(&end_mark)) else {
        return Err(format!("BENCHMARKS.md has no {name} markers").into());
    };
    let updated = format!(
        "{}{section}{}",
        &text[..start],
        &text[end + end_mark.len()..]
    );
    waymark_core::files::write_atomic(&file, updated.as_bytes())?;
    Ok(())
}

/// The markers around a benchmark's section of BENCHMARKS.md.
pub fn markers(name: &str) -> (String, String) {
    (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    )
}

/// A statement with its literals blanked, so repeats with other values count once.
pub fn shape(sql: &str) -> String {
    sql.split(|c: char| c.is_ascii_digit()).collect()
}

/// A statement on one line.
pub fn squeeze(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `EXPLAIN QUERY PLAN` as the indented tree the shell prints.
pub fn query_plan(conn: &Connection, sql: &str) -> Result<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .map_err(|e| format!("{e}: {sql}"))?;
    let rows: Vec<(i64, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut depth = std::collections::HashMap::new();
    let mut out = String::new();
    for (id, parent, detail) in rows {
        let level = depth.get(&parent).map_or(0, |d| d + 1);
        depth.insert(id, level);
        writeln!(out, "  {}└─ {detail}", "   ".repeat(level))?;
    }
    Ok(out.trim_end().to_owned())
}
