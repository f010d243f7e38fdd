//! Waymark's start-up time and memory against an empty Tauri 2 app built the same way
//! (`tests/baseline-app`, same Tauri, same profile, page embedded), side by side in one
//! run: `cargo bench -p waymark-bench --bench startup_vs_empty_tauri` after
//! `cargo build --profile bench -p waymark-app -p waymark-baseline` (both in `make bench`).
//!
//! **Start to first meaningful paint**: from spawning the process to the line it writes
//! when its first screen has painted with its data (both UIs signal two animation frames
//! after rendering; for Waymark that is the Today screen with its lists filled).
//! **Memory**: the resident set of the app and every process it started (WebKit's web
//! and network processes), summed, two seconds after that paint. Each app starts once to
//! warm the page cache (and, for Waymark, to take the day's backup), then the apps take
//! turns for the measured runs; medians are reported.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use waymark_bench::Result;
use waymark_bench::workspace_root;
use waymark_bench::{markers, median, write_section};
use waymark_core::demo::{self, DemoSize};

const RUNS: usize = 10;
const SETTLE: Duration = Duration::from_secs(2);
const SECTION: &str = "startup-vs-empty-tauri";

struct Subject {
    name: &'static str,
    binary: PathBuf,
    data_file: Option<PathBuf>,
    starts: Vec<f64>,
    rss: Vec<f64>,
}

fn main() -> Result<()> {
    waymark_bench::refuse_arguments()?;
    let release = workspace_root().join("target/release");
    let work = tempfile::tempdir()?;
    let showcase = work.path().join("showcase/waymark.sqlite3");
    let large = work.path().join("large/waymark.sqlite3");
    let empty = work.path().join("empty/waymark.sqlite3");
    for file in [&showcase, &large, &empty] {
        std::fs::create_dir_all(file.parent().ok_or("no folder")?)?;
    }
    demo::write_file(&showcase, DemoSize::Showcase)?;
    demo::write_file(&large, DemoSize::Mentees(10_000))?;
    drop(waymark_core::db::open(&empty)?);
    let subject = |name, binary: &str, data_file: Option<&Path>| Subject {
        name,
        binary: release.join(binary),
        data_file: data_file.map(Path::to_path_buf),
        starts: Vec::new(),
        rss: Vec::new(),
    };
    let mut subjects = [
        subject("Empty Tauri 2 app", "waymark-baseline", None),
        subject("Waymark, demo data", "waymark-app", Some(&showcase)),
        subject("Waymark, 10,000 mentees", "waymark-app", Some(&large)),
        // The welcome screen on a data file with no one in it: what the app costs before
        // any screen full of data.
        subject("Waymark, first run (welcome)", "waymark-app", Some(&empty)),
    ];
    for s in &subjects {
        if !s.binary.exists() {
            return Err(format!("{} is missing (make bench builds it)", s.binary.display()).into());
        }
    }
    let display = std::env::var("DISPLAY")
        .ok()
        .filter(|d| !d.is_empty())
        .ok_or("no DISPLAY (make bench starts Xvfb when there is none)")?;
    let home = work.path().join("home");

    for s in &subjects {
        let run = start(s, &display, &home)?;
        if let Some(file) = &s.data_file {
            wait_for_daily_backup(file)?;
        }
        stop(run.child)?;
    }
    for _ in 0..RUNS {
        for s in &mut subjects {
            let run = start(s, &display, &home)?;
            s.starts.push(run.shown.as_secs_f64());
            std::thread::sleep(SETTLE);
            s.rss.push(resident_mib(run.child.id())?);
            stop(run.child)?;
        }
    }

    let base_start = median(subjects[0].starts.clone());
    let base_rss = median(subjects[0].rss.clone());
    let mut table = String::new();
    for s in &subjects {
        let (started, rss) = (median(s.starts.clone()), median(s.rss.clone()));
        let size = std::fs::metadata(&s.binary)?.len() as f64 / 1e6;
        table.push_str(&format!(
            "| {} | {:.0} ms | {:.2}× | {:.0} MiB | {:.2}× | {:.1} MB |\n",
            s.name,
            started * 1e3,
            started / base_start,
            rss,
            rss / base_rss,
            size
        ));
    }
    let (open, close) = markers(SECTION);
    let section = format!(
        "{open}\nMeasured {}, {RUNS} runs each (medians), both built with the bench profile, Xvfb display.\n\n\
         | app | start to first paint | ratio | memory (RSS, all processes) | ratio | binary, bench build |\n\
         |---|---:|---:|---:|---:|---:|\n{table}{close}",
        chrono::Local::now().format("%Y-%m-%d"),
    );
    println!("{section}");
    write_section(SECTION, &section)
}

struct Run {
    child: Child,
    shown: Duration,
}

/// Starts `s` in its own process group on a fresh home folder and waits for the line its
/// UI sends once the first screen has painted.
fn start(s: &Subject, display: &str, home: &Path) -> Result<Run> {
    let mut command = Command::new(&s.binary);
    command
        .env("DISPLAY", display)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        // Without a session bus each launch runs on its own (no single-instance hand-over).
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0);
    if let Some(file) = &s.data_file {
        command.env("WAYMARK_DB", file);
    }
    let started = Instant::now();
    let mut child = command.spawn()?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr)
            .lines()
            .map_while(std::io::Result::ok)
        {
            if line.contains("first screen shown") {
                let _ = tx.send(started.elapsed());
            }
        }
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(shown) => Ok(Run { child, shown }),
        Err(_) => {
            stop(child)?;
            Err(format!("{} showed no first screen within 60 s", s.name).into())
        }
    }
}

/// Ends the app and the processes it started.
fn stop(mut child: Child) -> Result<()> {
    let group = format!("-{}", child.id());
    Command::new("kill")
        .args(["-TERM", "--", &group])
        .status()?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait()?.is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status()?;
    child.wait()?;
    Ok(())
}

/// The resident memory of every process in the group `leader` leads, in MiB.
fn resident_mib(leader: u32) -> Result<f64> {
    let mut kib = 0u64;
    for entry in std::fs::read_dir("/proc")?.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The process group is the fifth field, after the parenthesised command name.
        let group = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(2))
            .and_then(|g| g.parse::<u32>().ok());
        if group != Some(leader) {
            continue;
        }
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        kib += status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
    }
    Ok(kib as f64 / 1024.0)
}

/// The first start of the day copies the data file in the background; the measured runs
/// come after it, as every later start of the day would.
fn wait_for_daily_backup(data_file: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if waymark_core::backups::list(data_file)?
            .iter()
            .any(|b| b.kind == "daily")
        {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err("the daily backup did not appear within 120 s".into())
}
