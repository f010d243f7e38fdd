//! Our PDF export against headless Chromium printing the same content, side by side in
//! one run: `cargo bench -p waymark-bench --bench pdf_vs_chromium` (part of `make bench`).
//!
//! Both sides start from the demo's largest plan (12 goals, 60 milestones). Ours is the
//! whole export as the app runs it: read the plan from SQLite, typeset, write PDF bytes.
//! Chromium gets an HTML page of the same content (cover, competencies, spectrums,
//! balance, goals with milestones, 1:1s) and prints it with `--print-to-pdf`, the way an
//! app built on a browser engine would. Prints a Markdown table for BENCHMARKS.md.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use waymark_core::{dates, db, demo};
use waymark_report::content::{self, PlanReport};
use waymark_report::locale::DateStyle;
use waymark_report::{PrintOptions, plan_pdf};

const OUR_RUNS: usize = 30;
const CHROMIUM_RUNS: usize = 10;
const SECTION: &str = "pdf-vs-chromium";

fn main() -> waymark_bench::Result<()> {
    let mut conn = db::open_in_memory()?;
    demo::populate(&mut conn)?;
    let plan_id: i64 = conn.query_row(
        "SELECT g.plan_id FROM goals g GROUP BY g.plan_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let options = PrintOptions {
        locale: "en-GB".into(),
        today: dates::today(),
    };
    let work = tempfile::tempdir()?;

    // Ours: the first export pays for parsing the embedded fonts once per process.
    let started = Instant::now();
    let first = plan_pdf(&conn, plan_id, &options)?;
    let ours_cold = started.elapsed();
    let ours = timed(OUR_RUNS, || {
        Ok(plan_pdf(&conn, plan_id, &options).map(drop)?)
    })?;
    std::fs::write(work.path().join("ours.pdf"), &first)?;

    // Chromium: the same content as an HTML page, printed by a fresh headless browser.
    let report = content::plan_report(
        &conn,
        plan_id,
        &DateStyle::for_locale("en-GB"),
        options.today,
    )?;
    let html_path = work.path().join("plan.html");
    std::fs::write(&html_path, html(&report))?;
    let chromium = find_chromium().ok_or("chromium is not installed (make bench installs it)")?;
    let pdf_path = work.path().join("chromium.pdf");
    let theirs = timed(CHROMIUM_RUNS, || {
        print_with_chromium(&chromium, &html_path, &pdf_path)
    })?;
    let their_pages = pages(&pdf_path)?;
    let our_pages = pages(&work.path().join("ours.pdf"))?;

    let ratio = median(&theirs).as_secs_f64() / median(&ours).as_secs_f64();
    let (open, close) = waymark_bench::markers(SECTION);
    let section = format!(
        "{open}\nMeasured {}:\n\n\
         | | runs | median | fastest | slowest | pages |\n\
         |---|---:|---:|---:|---:|---:|\n\
         | Waymark (Typst, in-process) | {OUR_RUNS} | {} | {} | {} | {our_pages} |\n\
         | Waymark, first export in the process | 1 | {} | | | |\n\
         | Headless Chromium `--print-to-pdf` | {CHROMIUM_RUNS} | {} | {} | {} | {their_pages} |\n\n\
         **Median ratio: Waymark is {ratio:.0}× faster** than headless Chromium on the same content.\n{close}",
        chrono::Local::now().format("%Y-%m-%d"),
        ms(median(&ours)),
        ms(ours[0]),
        ms(ours[OUR_RUNS - 1]),
        ms(ours_cold),
        ms(median(&theirs)),
        ms(theirs[0]),
        ms(theirs[CHROMIUM_RUNS - 1]),
    );
    println!("{section}");
    waymark_bench::write_section(SECTION, &section)
}

/// Runs `f` `runs` times and returns the durations, sorted.
fn timed(
    runs: usize,
    mut f: impl FnMut() -> waymark_bench::Result<()>,
) -> waymark_bench::Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f()?;
        times.push(started.elapsed());
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
