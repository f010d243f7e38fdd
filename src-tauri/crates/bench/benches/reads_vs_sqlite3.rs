//! The heavy reads on a 10,000-mentee database against the `sqlite3` shell running the
//! very same statements on the same file, side by side in one run:
//! `cargo bench -p waymark-bench --bench reads_vs_sqlite3` (part of `make bench`).
//!
//! Each read is first run once with SQLite's statement trace on, which records every
//! statement it executes with its parameters filled in. **Waymark** is the command path as
//! the app runs it: the core function plus turning its answer into JSON. **sqlite3** runs
//! the recorded statements, output discarded, in a fresh shell process; the time of a shell
//! that opens the file and reads the schema but runs nothing is taken off, so only the
//! queries count. Both sides repeat a read until it has taken a few hundred milliseconds
//! and report the time per read; the median of five such rounds is printed. The query
//! plan of every statement is printed too (`EXPLAIN QUERY PLAN`, our SQLite version).
//! The tables are written between markers in BENCHMARKS.md.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use serde::Serialize;
use waymark_core::mentees::{self, MenteeQuery};
use waymark_core::{
    agenda, calibration, dashboard, dates, db, evidence, forecast, gaps, plan_view, reminders,
    search,
};

use waymark_bench::{markers, median, query_plan, shape, squeeze, write_section};

type BenchResult<T> = waymark_bench::Result<T>;

const ROUNDS: usize = 5;
/// How long one round of repeats should take, so short reads are not lost in the noise.
const ROUND_TARGET: Duration = Duration::from_millis(300);
const SECTION: &str = "reads-vs-sqlite3";

/// A read as the app runs it, ending in the JSON the UI receives.
type ReadFn<'a> = Box<dyn Fn(&Connection) -> BenchResult<Vec<u8>> + 'a>;

struct Read<'a> {
    name: &'static str,
    run: ReadFn<'a>,
}

fn json<T: Serialize>(value: waymark_core::Result<T>) -> BenchResult<Vec<u8>> {
    Ok(serde_json::to_vec(&value?)?)
}

fn main() -> BenchResult<()> {
    waymark_bench::refuse_arguments()?;
    let _folder = waymark_bench::BenchFolder::take()?;
    let waymark_bench::AtScale {
        path,
        mentees,
        summary,
        generated_in: generated,
        tidied,
    } = waymark_bench::generate_at_scale()?;
    let mut conn = db::open(&path)?;
    // The active plan of the mentee in the middle of the list.
    let plan_id: i64 = conn.query_row(
        "SELECT p.id FROM plans p JOIN mentees m ON m.id = p.mentee_id
          WHERE p.status = 'active' AND m.id >= ?1 ORDER BY m.id LIMIT 1",
        [mentees as i64 / 2],
        |r| r.get(0),
    )?;
    let mentee_id: i64 = conn.query_row(
        "SELECT mentee_id FROM plans WHERE id = ?1",
        [plan_id],
        |r| r.get(0),
    )?;
    let page = |offset| MenteeQuery {
        offset,
        limit: Some(100),
        ..Default::default()
    };
    let reads = vec![
        Read {
            name: "Dashboard, first screen",
            run: Box::new(|c| json(dashboard::load(c, &Default::default()))),
        },
        Read {
            name: "Mentee list, first page (100)",
            run: Box::new(move |c| json(mentees::page(c, &page(0)))),
        },
        Read {
            name: "Mentee list, page 50",
            run: Box::new(move |c| json(mentees::page(c, &page(4_900)))),
        },
        Read {
            name: "Plan screen (10 goals, 100 milestones)",
            run: Box::new(move |c| json(plan_view::load(c, plan_id))),
        },
        Read {
            name: "Search \"stakeholder\"",
            run: Box::new(|c| json(search::search(c, "stakeholder"))),
        },
        Read {
            name: "Gap analysis of one plan",
            run: Box::new(move |c| json(gaps::for_plan(c, plan_id))),
        },
        Read {
            name: "Readiness forecast of one plan",
            run: Box::new(move |c| json(forecast::for_plan(c, plan_id))),
        },
        Read {
            name: "Next 1:1 and its agenda",
            run: Box::new(move |c| json(agenda::next(c, mentee_id, dates::today()))),
        },
        Read {
            name: "Evidence since the last assessment",
            run: Box::new(move |c| json(evidence::since_last_assessment(c, mentee_id, None, None))),
        },
        Read {
            name: "Calibration across every mentee",
            run: Box::new(|c| json(calibration::load(c))),
        },
        Read {
            name: "Reminders due today (at the summary time, in the background)",
            run: Box::new(|c| {
                Ok(reminders::due(c, dates::today())?
                    .len()
                    .to_le_bytes()
                    .to_vec())
            }),
        },
    ];

    let shell_idle = shell_seconds(&path, "", 1)?;
    let mut table = String::new();
    let mut plans = String::new();
    for read in &reads {
        let statements = traced(&mut conn, |c| (read.run)(c).map(drop))?;
        let ours = per_call(|| (read.run)(&conn).map(drop))?;
        let script = statements
            .iter()
            .map(|s| for_shell(s))
            .collect::<Vec<_>>()
            .join(";\n");
        let repeats = repeats_for(ours);
        let mut theirs = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let total = shell_seconds(&path, &script, repeats)?;
            theirs.push(((total - shell_idle) / repeats as f64).max(0.0));
        }
        let theirs = median(theirs);
        writeln!(
            table,
            "| {} | {} | {:.2} ms | {:.2} ms | {:.2}× |",
            read.name,
            statements.len(),
            ours * 1e3,
            theirs * 1e3,
            ours / theirs
        )?;
        writeln!(plans, "\n#### {}\n", read.name)?;
        let distinct: BTreeSet<&String> = statements.iter().collect();
        writeln!(
            plans,
            "{} statements, {} distinct:\n\n```text",
            statements.len(),
            distinct.len()
        )?;
        let mut seen = BTreeSet::new();
        for sql in &statements {
            if seen.insert(shape(sql)) {
                writeln!(plans, "{}", squeeze(sql))?;
                writeln!(plans, "{}", query_plan(&conn, sql)?)?;
            }
        }
        writeln!(plans, "```")?;
    }

    let (start, end) = markers(SECTION);
    let section = format!(
        "{start}\nMeasured {} on a generated database of {} mentees, {} plans, {} goals, \
         {} milestones and {} 1:1s ({} MB; generated in {:.1} s by `waymark demo --mentees {}`, {tidied}).\n\n\
         | read | statements | Waymark (core + JSON) | sqlite3 shell, same statements | ratio |\n\
         |---|---:|---:|---:|---:|\n{table}\n<details><summary>Statements and query plans</summary>\n{plans}\n</details>\n{end}",
        chrono::Local::now().format("%Y-%m-%d"),
        summary.mentees,
        summary.plans,
        summary.goals,
        summary.milestones,
        summary.sessions,
        std::fs::metadata(&path)?.len() / 1_000_000,
        generated.as_secs_f64(),
        mentees,
    );
    println!("{section}");
    write_section(SECTION, &section)?;
    Ok(())
}

/// Every statement `run` executes, with its parameters filled in.
fn traced(
    conn: &mut Connection,
    run: impl FnOnce(&Connection) -> BenchResult<()>,
) -> BenchResult<Vec<String>> {
    let sink = Arc::new(Mutex::new(Vec::new()));
    let into = Arc::clone(&sink);
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |event: TraceEvent<'_>| {
            // Lines starting with `--` are SQLite's own inner statements (FTS5 checking
            // its index is current), which the shell runs by itself as well.
            if let TraceEvent::Stmt(stmt, _) = event
                && let (Ok(mut list), Some(sql)) = (into.lock(), stmt.expanded_sql())
                && !sql.starts_with("--")
            {
                list.push(sql);
            }
        }),
    )?;
    let outcome = run(conn);
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        None::<fn(TraceEvent<'_>)>,
    )?;
    outcome?;
    let statements = sink.lock().map_err(|_| "trace lock poisoned")?.clone();
    Ok(statements)
}

/// The median, over five rounds, of the seconds one call takes.
fn per_call(mut call: impl FnMut() -> BenchResult<()>) -> BenchResult<f64> {
    call()?;
    let started = Instant::now();
    call()?;
    let repeats = repeats_for(started.elapsed().as_secs_f64());
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for _ in 0..repeats {
            call()?;
        }
        rounds.push(started.elapsed().as_secs_f64() / repeats as f64);
    }
    Ok(median(rounds))
}

fn repeats_for(seconds: f64) -> usize {
    ((ROUND_TARGET.as_secs_f64() / seconds.max(1e-6)) as usize).clamp(3, 2_000)
}

/// Wall-clock seconds for a fresh `sqlite3` shell to open `path`, read its schema and
/// run `script` `repeats` times with the output thrown away.
fn shell_seconds(path: &Path, script: &str, repeats: usize) -> BenchResult<f64> {
    let mut input = String::from(".output /dev/null\nSELECT count(*) FROM sqlite_schema;\n");
    if !script.is_empty() {
        for _ in 0..repeats {
            input.push_str(script);
            input.push_str(";\n");
        }
    }
    let started = Instant::now();
    let mut child = Command::new("sqlite3")
        .arg("-bail")
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("sqlite3 shell: {e} (make bench installs it)"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(input.as_bytes())?;
    let output = child.wait_with_output()?;
    let elapsed = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "sqlite3 failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(elapsed)
}

/// The shell lacks the app's `casefold()` (Unicode case folding, registered from Rust);
/// SQLite's ASCII `lower()` stands in for it.
fn for_shell(sql: &str) -> String {
    sql.replace("casefold(", "lower(")
}
