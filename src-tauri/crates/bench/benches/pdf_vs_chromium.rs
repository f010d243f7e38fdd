//! Our PDF export against headless Chromium printing the same content, side by side in
//! one run: `cargo bench -p waymark-bench --bench pdf_vs_chromium` (part of `make bench`,
//! which first builds the command line, `cargo build --profile bench -p waymark-cli`).
//!
//! Both sides start from the demo's largest plan (12 goals, 60 milestones). Ours is the
//! whole export as the app runs it: read the plan from SQLite, typeset, write PDF bytes.
//! Chromium gets an HTML page of the same content (cover, competencies, spectrums,
//! balance, goals with milestones, 1:1s) and prints it with `--print-to-pdf`, the way an
//! app built on a browser engine would. Prints a Markdown table for BENCHMARKS.md.
//!
//! Ours is measured four ways: again and again in one process (Typst remembers the
//! document it set last, so this is the same plan exported twice); in one process with
//! every title changed between exports (most of the text set again); the first
//! export in a fresh process (this binary started again for each run, as
//! `pdf_vs_chromium --first-export DB PLAN`); and the command line exporting the plan
//! from a fresh process, process start, opening the data file and writing the file
//! included, as a script would run it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use waymark_core::demo::{self, DemoSize};
use waymark_core::{dates, db, plans};
use waymark_report::content::{self, PlanReport};
use waymark_report::locale::DateStyle;
use waymark_report::{PrintOptions, plan_pdf, render_plan};

const OUR_RUNS: usize = 30;
const PROCESS_RUNS: usize = 10;
const CHROMIUM_RUNS: usize = 10;
const SECTION: &str = "pdf-vs-chromium";
const FIRST_EXPORT: &str = "--first-export";
const FIRST_EXPORT_PREPARED: &str = "--first-export-prepared";

fn main() -> waymark_bench::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, db, plan] = args.as_slice()
        && (flag == FIRST_EXPORT || flag == FIRST_EXPORT_PREPARED)
    {
        return first_export(Path::new(db), plan.parse()?, flag == FIRST_EXPORT_PREPARED);
    }
    waymark_bench::refuse_arguments()?;

    let work = tempfile::tempdir()?;
    let db_path = work.path().join("waymark.sqlite3");
    demo::write_file(&db_path, DemoSize::Showcase)?;
    let conn = db::open(&db_path)?;
    let plan_id: i64 = conn.query_row(
        "SELECT g.plan_id FROM goals g GROUP BY g.plan_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let options = options();

    // The first export in a fresh process, then the same plan again and again.
    let first_in_child = |flag: &str| -> waymark_bench::Result<Duration> {
        let out = Command::new(std::env::current_exe()?)
            .arg(flag)
            .arg(&db_path)
            .arg(plan_id.to_string())
            .output()?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
        }
        Ok(Duration::from_nanos(
            String::from_utf8(out.stdout)?.trim().parse()?,
        ))
    };
    let cold = in_fresh_processes(|| first_in_child(FIRST_EXPORT))?;
    // As in the app: the plan's screen typesets it in the background when it shows, so
    // the person's first export finds it laid out.
    let prepared = in_fresh_processes(|| first_in_child(FIRST_EXPORT_PREPARED))?;
    let first = plan_pdf(&conn, plan_id, &options)?;
    std::fs::write(work.path().join("ours.pdf"), &first)?;
    let ours = timed(OUR_RUNS, || {
        let started = Instant::now();
        plan_pdf(&conn, plan_id, &options)?;
        Ok(started.elapsed())
    })?;

    // Every title changed before each export: most of what Typst remembers from the last
    // document no longer fits, as when the next export is another plan.
    let style = DateStyle::for_locale(&options.locale);
    let mut run = 0;
    let changed = timed(OUR_RUNS, || {
        run += 1;
        let started = Instant::now();
        let mut report = content::plan_report(&conn, plan_id, &style, options.today)?;
        retitle(&mut report, run);
        render_plan(&report, options.today)?;
        Ok(started.elapsed())
    })?;

    // The command line in a fresh process for each export, the way a script runs it.
    let cli = cli_binary()?;
    let cli_pdf = work.path().join("cli.pdf");
    let cli_runs = in_fresh_processes(|| {
        run_cli(
            Command::new(&cli)
                .args(["export", "pdf", "--locale", "en-GB", "--plan"])
                .arg(plan_id.to_string())
                .arg("--db")
                .arg(&db_path)
                .arg("--out")
                .arg(&cli_pdf),
        )
    })?;

    // Every active plan in one run of the command line, typeset side by side: the time a
    // plan, process start included.
    let active = plans::active_ids(&conn)?.len();
    let batch_dir = work.path().join("batch");
    let batch_runs = in_fresh_processes(|| {
        std::fs::remove_dir_all(&batch_dir).or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(e),
        })?;
        let elapsed = run_cli(
            Command::new(&cli)
                .args(["export", "pdf", "--locale", "en-GB", "--all-active", "--db"])
                .arg(&db_path)
                .arg("--out-dir")
                .arg(&batch_dir),
        )?;
        Ok(elapsed / u32::try_from(active.max(1))?)
    })?;

    // Chromium: the same content as an HTML page, printed by a fresh headless browser.
    let report = content::plan_report(&conn, plan_id, &style, options.today)?;
    let html_path = work.path().join("plan.html");
    std::fs::write(&html_path, html(&report))?;
    let chromium = find_chromium().ok_or("chromium is not installed (make bench installs it)")?;
    let pdf_path = work.path().join("chromium.pdf");
    let theirs = timed(CHROMIUM_RUNS, || {
        let started = Instant::now();
        print_with_chromium(&chromium, &html_path, &pdf_path)?;
        Ok(started.elapsed())
    })?;
    let their_pages = pages(&pdf_path)?;
    let our_pages = pages(&work.path().join("ours.pdf"))?;
    let cli_pages = pages(&cli_pdf)?;

    let times = |runs: &[Duration]| {
        format!(
            "{} | {} | {} | {}",
            runs.len(),
            ms(median(runs)),
            ms(runs[0]),
            ms(runs[runs.len() - 1])
        )
    };
    let ratio = |ours: &[Duration]| median(&theirs).as_secs_f64() / median(ours).as_secs_f64();
    let (open, close) = waymark_bench::markers(SECTION);
    let section = format!(
        "{open}\nMeasured {}:\n\n\
         | | runs | median | fastest | slowest | pages | Chromium takes |\n\
         |---|---:|---:|---:|---:|---:|---:|\n\
         | Waymark, the same plan again in one process | {} | {our_pages} | {:.0}× as long |\n\
         | Waymark, every title changed between exports in one process | {} | {our_pages} | {:.0}× as long |\n\
         | Waymark, first export in a fresh process | {} | {our_pages} | {:.0}× as long |\n\
         | Waymark in the app, first export in a fresh process, the plan typeset as its screen showed | {} | {our_pages} | {:.0}× as long |\n\
         | `waymark export pdf` in a fresh process, start to exit | {} | {cli_pages} | {:.0}× as long |\n\
         | `waymark export pdf --all-active` in a fresh process, start to exit, a plan ({active} plans) | {} | | {:.0}× as long |\n\
         | Headless Chromium `--print-to-pdf`, start to exit | {} | {their_pages} | |\n{close}",
        chrono::Local::now().format("%Y-%m-%d"),
        times(&ours),
        ratio(&ours),
        times(&changed),
        ratio(&changed),
        times(&cold),
        ratio(&cold),
        times(&prepared),
        ratio(&prepared),
        times(&cli_runs),
        ratio(&cli_runs),
        times(&batch_runs),
        ratio(&batch_runs),
        times(&theirs),
    );
    println!("{section}");
    waymark_bench::write_section(SECTION, &section)
}

fn options() -> PrintOptions {
    PrintOptions {
        locale: "en-GB".into(),
        today: dates::today(),
    }
}

/// The child's side of the fresh-process rows: one export, timed from the call to the
/// bytes, printed in nanoseconds; when `prepared`, after typesetting the plan once
/// untimed, as the app's `prepare_plan_pdf` does when the plan's screen shows.
fn first_export(db_path: &Path, plan_id: i64, prepared: bool) -> waymark_bench::Result<()> {
    let conn = db::open(db_path)?;
    let options = options();
    if prepared {
        plan_pdf(&conn, plan_id, &options)?;
    }
    let started = Instant::now();
    let pdf = plan_pdf(&conn, plan_id, &options)?;
    let elapsed = started.elapsed();
    if pdf.is_empty() {
        return Err("empty PDF".into());
    }
    println!("{}", elapsed.as_nanos());
    Ok(())
}

/// Every goal, milestone, evidence and action title made different for run `run`.
fn retitle(report: &mut PlanReport, run: usize) {
    for goal in &mut report.goals {
        goal.title = format!("{} {run}", goal.title);
        for milestone in &mut goal.milestones {
            milestone.title = format!("{run} {}", milestone.title);
            if !milestone.evidence.is_empty() {
                milestone.evidence = format!("{} ({run})", milestone.evidence);
            }
        }
    }
    for entry in &mut report.evidence {
        entry.title = format!("{} {run}", entry.title);
    }
    for session in &mut report.sessions {
        for action in &mut session.actions {
            action.text = format!("{} {run}", action.text);
        }
    }
}

/// `PROCESS_RUNS` runs of `f`, one fresh process each, sorted.
/// The command line from start to exit, as a script runs it; an error when it fails.
fn run_cli(command: &mut Command) -> waymark_bench::Result<Duration> {
    let started = Instant::now();
    let status = command.stdout(std::process::Stdio::null()).status()?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("{command:?} failed: {status}").into());
    }
    Ok(elapsed)
}

fn in_fresh_processes(
    mut f: impl FnMut() -> waymark_bench::Result<Duration>,
) -> waymark_bench::Result<Vec<Duration>> {
    timed(PROCESS_RUNS, &mut f)
}

/// The command line built with the bench profile, refused when a file it is built from
/// (as listed in the dependency file cargo writes beside it) changed since: it would
/// measure old code.
fn cli_binary() -> waymark_bench::Result<PathBuf> {
    let binary = waymark_bench::workspace_root().join("target/release/waymark");
    let build = "build it with `cargo build --profile bench -p waymark-cli` (make bench does)";
    let built = std::fs::metadata(&binary)
        .and_then(|m| m.modified())
        .map_err(|_| format!("{} is missing: {build}", binary.display()))?;
    let deps = std::fs::read_to_string(binary.with_extension("d"))?;
    let sources = deps.split_once(": ").map_or("", |(_, files)| files);
    for source in sources.split_whitespace().map(Path::new) {
        if std::fs::metadata(source).and_then(|m| m.modified())? > built {
            return Err(format!(
                "{} is older than {}: {build}",
                binary.display(),
                source.display()
            )
            .into());
        }
    }
    Ok(binary)
}

/// Runs `f` `runs` times, each returning how long its measured part took, sorted.
fn timed(
    runs: usize,
    mut f: impl FnMut() -> waymark_bench::Result<Duration>,
) -> waymark_bench::Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(f()?);
    }
    times.sort();
    Ok(times)
}

fn median(sorted: &[Duration]) -> Duration {
    sorted[sorted.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn find_chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_owned)
}

fn print_with_chromium(chromium: &str, html: &Path, pdf: &Path) -> waymark_bench::Result<()> {
    let profile = tempfile::tempdir()?;
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    if !status.success() || !pdf.exists() {
        return Err(format!("chromium failed: {status}").into());
    }
    Ok(())
}

fn pages(pdf: &Path) -> waymark_bench::Result<String> {
    let info = String::from_utf8(Command::new("pdfinfo").arg(pdf).output()?.stdout)?;
    Ok(info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap_or("?")
        .trim()
        .to_owned())
}

/// The plan report as one HTML page with print CSS, built from the same content.
fn html(r: &PlanReport) -> String {
    let mut h = String::from(
        "<!doctype html><html><head><meta charset=utf-8><style>
        @page { size: A4; margin: 22mm 18mm 20mm; }
        body { font: 9pt 'DejaVu Sans', sans-serif; color: #1c2430; }
        h1 { font-size: 24pt; margin: 0; } h2 { font-size: 13pt; border-bottom: 1px solid #1f6f78; }
        h3 { font-size: 11pt; break-after: avoid; } .muted { color: #566173; }
        table { width: 100%; border-collapse: collapse; } td, th { text-align: left; padding: 3px; }
        .facts { background: #f3f5f7; padding: 12px; border-radius: 6px; }
        .chip { background: #e0f0ef; color: #1f6f78; border-radius: 6px; padding: 1px 4px; font-size: 7pt; }
        .bar { background: #f3f5f7; height: 6px; border-radius: 3px; } .fill { background: #1f6f78; height: 6px; border-radius: 3px; }
        .warn { background: #fdf3dc; padding: 10px; border-radius: 5px; }
        </style></head><body>",
    );
    let _ = write!(
        h,
        "<p class=muted>DEVELOPMENT PLAN</p><h1>{}</h1><p class=muted>{}<br>{}</p>",
        esc(&r.mentee),
        esc(&r.plan),
        esc(&r.mentee_role)
    );
    let _ = write!(
        h,
        "<table class=facts><tr><td>Target leader type</td><td>{} <span class=chip>{}</span></td><td>Role track</td><td>{}</td></tr>\
         <tr><td>Horizon</td><td>{} – {} ({} months)</td><td>Mentor</td><td>{}</td></tr>\
         <tr><td>Plan status</td><td>{}</td><td>Printed</td><td>{}</td></tr></table><p class=muted>{}</p>",
        esc(&r.leader_type),
        esc(&r.family),
        esc(&r.role_track),
        esc(&r.starts),
        esc(&r.target),
        r.horizon_months,
        esc(&r.printed.mentor),
        esc(&r.status),
        esc(&r.printed.on_long),
        esc(&r.leader_type_description)
    );
    let percent = r.progress.percent.unwrap_or(0);
    let _ = write!(
        h,
        "<p><b>{percent}% done</b></p><div class=bar><div class=fill style='width:{percent}%'></div></div>"
    );
    h.push_str("<h2>Where things stand</h2>");
    h.push_str(&radar_svg(r));
    h.push_str("<table><tr><th>Competency</th><th>Current</th><th>Target</th><th>Gap</th></tr>");
    for c in &r.competencies {
        let current = c.current.map_or("–".into(), |v| v.to_string());
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{current}</td><td>{}</td><td>+{}</td></tr>",
            esc(&c.name),
            c.target,
            c.gap
        );
    }
    h.push_str("</table><h3>Spectrums</h3><table>");
    for s in &r.spectrums {
        let current = s.current.map_or("–".into(), |v| v.to_string());
        let _ = write!(
            h,
            "<tr><td><b>{}</b></td><td>{}</td><td>current {current}, target {}</td><td>{}</td></tr>",
            esc(&s.name),
            esc(&s.low),
            s.target,
            esc(&s.high)
        );
    }
    h.push_str("</table><h2>Balance check</h2>");
    for w in &r.warnings {
        let _ = write!(
            h,
            "<div class=warn><b>Drifting toward: {}</b><br>{}<br>{}</div>",
            esc(&w.name),
            esc(&w.warning),
            esc(&w.advice)
        );
    }
    h.push_str("<h2>Goals and milestones</h2>");
    for (i, g) in r.goals.iter().enumerate() {
        let _ = write!(h, "<h3>{}. {}</h3><p>", i + 1, esc(&g.title));
        for c in g.competencies.iter().chain(&g.themes) {
            let _ = write!(h, "<span class=chip>{}</span> ", esc(c));
        }
        h.push_str(
            "</p><table><tr><th>Milestone</th><th>Status</th><th>Due</th><th>Completed</th></tr>",
        );
        for m in &g.milestones {
            let _ = write!(
                h,
                "<tr><td>{}<br><span class=muted>{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&m.title),
                esc(&m.evidence),
                m.status_label,
                m.due.as_deref().map_or("—".into(), esc),
                m.completed.as_deref().map_or("—".into(), esc)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("<h2>Recent 1:1s</h2>");
    for s in &r.sessions {
        let _ = write!(h, "<h3>{}</h3>", esc(&s.held_on));
        for b in &s.notes {
            let text: String = b.spans.iter().map(|x| esc(&x.text)).collect();
            let _ = write!(h, "<p>{text}</p>");
        }
        for a in &s.actions {
            let _ = write!(
                h,
                "<p>{} {}</p>",
                if a.done { "☑" } else { "☐" },
                esc(&a.text)
            );
        }
    }
    h.push_str("</body></html>");
    h
}

/// The same radar the PDF draws: level rings, axes, target and current polygons, labels.
fn radar_svg(r: &PlanReport) -> String {
    let n = r.competencies.len() as f64;
    let point = |i: usize, level: f64| {
        let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n;
        (
            160.0 + 90.0 * level / 5.0 * angle.cos(),
            125.0 + 90.0 * level / 5.0 * angle.sin(),
        )
    };
    let polygon = |levels: Vec<f64>| {
        levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (x, y) = point(i, *l);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut svg = String::from("<svg width=320 height=250 viewBox='0 0 320 250'>");
    for level in 1..=5 {
        let _ = write!(
            svg,
            "<polygon points='{}' fill=none stroke='#dfe3e8'/>",
            polygon(vec![f64::from(level); r.competencies.len()])
        );
    }
    let current = r
        .competencies
        .iter()
        .map(|c| c.current.unwrap_or(0) as f64)
        .collect();
    let target = r.competencies.iter().map(|c| c.target as f64).collect();
    let _ = write!(
        svg,
        "<polygon points='{}' fill='rgba(31,111,120,.22)' stroke='#1f6f78'/>",
        polygon(current)
    );
    let _ = write!(
        svg,
        "<polygon points='{}' fill=none stroke='#566173' stroke-dasharray='4 3'/>",
        polygon(target)
    );
    for (i, c) in r.competencies.iter().enumerate() {
        let (x, y) = point(i, 6.2);
        let _ = write!(
            svg,
            "<text x='{x:.1}' y='{y:.1}' font-size=7 text-anchor=middle fill='#566173'>{}</text>",
            esc(&c.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
