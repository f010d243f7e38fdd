//! `waymark`: the same core as the desktop app, for scripts and terminals. Every command
//! names its database with `--db PATH`, prints plain errors and exits non-zero on failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Mutex, mpsc};

use clap::{Args, Parser, Subcommand};
use waymark_core::exports::{self, ExportFormat, Scope};
use waymark_core::sync::share;
use waymark_core::{Error, archive, backups, dates, db, demo, files, migrations, plans};
use waymark_report::PrintOptions;

#[derive(Debug, Parser)]
#[command(name = "waymark", version, about = "Waymark from the command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a database full of realistic demo data.
    Demo {
        /// Where to write it; an existing file is left alone unless --force is given.
        #[arg(long, alias = "db", value_name = "PATH")]
        out: PathBuf,
        /// Replace an existing file (the new one is built aside and swapped in).
        #[arg(long)]
        force: bool,
        /// Generate this many mentees, each with a plan of 10 goals and 100 milestones
        /// and 20 1:1s, instead of the hand-written showcase (for measuring at scale).
        #[arg(long, value_name = "COUNT", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        mentees: Option<u32>,
    },
    /// Show what a database holds.
    Info {
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
    },
    /// Export plans as PDF, milestones for spreadsheets or calendars, or everything as JSON.
    #[command(subcommand)]
    Export(Export),
    /// Bring a JSON archive (from `export json`) into a new or empty database.
    Import {
        /// The database to fill; created when it does not exist, refused when it holds data.
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// The archive to read.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Write a plan to a `.waymark` file for its mentee (or, for a plan shared with you,
    /// send it back to your mentor).
    Share {
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// The plan's id (see `info`).
        #[arg(long, value_name = "ID")]
        plan: i64,
        /// The file to write (replaced whole, never half-written).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Your name as the other side will see it; needed the first time you share.
        #[arg(long = "from-name", value_name = "NAME")]
        from_name: Option<String>,
        /// Let the mentee change goals and milestones too, not only their progress.
        #[arg(long)]
        mentee_edits_plan: bool,
        /// Include your own assessments of the mentee (they stay yours to change).
        #[arg(long)]
        include_assessments: bool,
        /// Seal the file with the passphrase in the WAYMARK_PASSPHRASE variable.
        #[arg(long)]
        protect: bool,
    },
    /// Merge a `.waymark` file: a plan shared with you, or one your mentee sent back.
    /// Where both sides changed one field, the merge's own pick is kept. A sealed file
    /// is opened with the passphrase in the WAYMARK_PASSPHRASE variable.
    Merge {
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// Say what merging would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum Export {
    /// Plan reports, or the mentor overview, as PDF.
    Pdf(PdfArgs),
    /// Milestones as CSV (RFC 4180).
    Csv(ExportArgs),
    /// Everything you wrote, as a versioned JSON archive.
    Json {
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// The file to write (replaced whole, never half-written).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Milestone due dates as an iCalendar file (RFC 5545).
    Ics(ExportArgs),
}

#[derive(Debug, Args)]
struct ExportArgs {
    #[arg(long, value_name = "PATH")]
    db: PathBuf,
    #[command(flatten)]
    scope: ScopeArgs,
    /// The file to write (replaced whole, never half-written).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct PdfArgs {
    #[arg(long, value_name = "PATH")]
    db: PathBuf,
    #[command(flatten)]
    target: PdfTarget,
    /// The file to write, for --plan and --overview.
    #[arg(long, value_name = "FILE", conflicts_with = "out_dir")]
    out: Option<PathBuf>,
    /// The folder to write one file per plan into, for --all-active.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// How dates are written, e.g. en-GB or de-DE; defaults to the environment's locale.
    #[arg(long, value_name = "TAG")]
    locale: Option<String>,
}

/// Exactly one of: a plan, every active plan, or the overview across mentees.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct PdfTarget {
    /// One plan, by id.
    #[arg(long, value_name = "ID")]
    plan: Option<i64>,
    /// Every active plan of every mentee who is not archived.
    #[arg(long)]
    all_active: bool,
    /// The one-page mentor overview across all mentees.
    #[arg(long)]
    overview: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo {
            out,
            force,
            mentees,
        } => make_demo(&out, force, mentees),
        Command::Info { db } => info(&db),
        Command::Export(Export::Pdf(args)) => export_pdf(&args),
        Command::Export(Export::Csv(args)) => export(&args, Format::Csv),
        Command::Export(Export::Json { db, out }) => export_json(&db, &out),
        Command::Import { db, from } => import(&db, &from),
        Command::Export(Export::Ics(args)) => export(&args, Format::Ics),
        Command::Share {
            db,
            plan,
            out,
            from_name,
            mentee_edits_plan,
            include_assessments,
            protect,
        } => share_plan(
            &db,
            plan,
            &out,
            from_name,
            Permissions {
                mentee_edits_plan,
                include_assessments,
            },
            protect,
        ),
        Command::Merge { db, from, dry_run } => merge_plan(&db, &from, dry_run),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("waymark: {e} [{}]", e.code());
            ExitCode::FAILURE
        }
    }
}

fn make_demo(out: &Path, force: bool, mentees: Option<u32>) -> Result<String, Error> {
    if out.exists() && !force {
        return Err(Error::conflict(
            None,
            format!(
                "{} already exists; pass --force to replace it",
                out.display()
            ),
        ));
    }
    let size = mentees.map_or(demo::DemoSize::Showcase, |n| {
        demo::DemoSize::Mentees(n as usize)
    });
    let summary = demo::write_file(out, size)?;
    Ok(format!(
        "Wrote {}: {} mentees, {} plans, {} goals, {} milestones, {} 1:1s.",
        out.display(),
        summary.mentees,
        summary.plans,
        summary.goals,
        summary.milestones,
        summary.sessions
    ))
}

fn info(path: &Path) -> Result<String, Error> {
    if !path.exists() {
        return Err(Error::NotFound {
            what: "Database file",
        });
    }
    let conn = db::open(path)?;
    let count = |table: &str| -> Result<i64, Error> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(format!(
        "{}\nschema version {} of {}\n{} mentees, {} plans, {} goals, {} milestones, {} 1:1s",
        path.display(),
        migrations::schema_version(&conn)?,
        migrations::latest_version(),
        count("mentees")?,
        count("plans WHERE deleted_at IS NULL")?,
        count("goals WHERE deleted_at IS NULL")?,
        count("milestones WHERE deleted_at IS NULL")?,
        count("sessions WHERE deleted_at IS NULL")?,
    ))
}

/// Exactly one of: a plan, or every active plan.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct ScopeArgs {
    /// One plan, by id.
    #[arg(long, value_name = "ID")]
    plan: Option<i64>,
    /// Every active plan of every mentee who is not archived.
    #[arg(long)]
    all_active: bool,
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Ics,
}

fn export(args: &ExportArgs, format: Format) -> Result<String, Error> {
    let conn = open_existing(&args.db)?;
    let scope = args.scope.plan.map_or(Scope::AllActivePlans, Scope::Plan);
    let format = match format {
        Format::Csv => ExportFormat::Csv,
        Format::Ics => ExportFormat::Ics,
    };
    let (text, milestones) = exports::export(&conn, scope, format, chrono::Utc::now())?;
    files::write_atomic(&args.out, text.as_bytes())?;
    Ok(format!(
        "Wrote {milestones} milestones to {}.",
        args.out.display()
    ))
}

/// How many plans `--all-active` gathers and typesets together: enough to keep every
/// core busy, few enough that their content and PDFs stay small in memory.
const PLANS_AT_ONCE: usize = 16;

fn export_pdf(args: &PdfArgs) -> Result<String, Error> {
    let conn = open_existing(&args.db)?;
    let locale = args.locale.clone().unwrap_or_else(environment_locale);
    let options = PrintOptions {
        locale,
        today: dates::today(),
    };
    if args.target.all_active {
        let dir = args.out_dir.as_deref().ok_or_else(|| {
            Error::invalid(
                "out_dir",
                "--all-active writes one file per plan: give --out-dir DIR.",
            )
        })?;
        std::fs::create_dir_all(dir).map_err(|e| Error::Io(format!("{}: {e}", dir.display())))?;
        let mut written = Vec::new();
        let mut first_failure = None;
        // A few plans at a time, so thousands are never held at once. One plan that fails
        // stops no other: the person gets every report that could be made, and the reason
        // for the first that could not.
        for ids in plans::active_ids(&conn)?.chunks(PLANS_AT_ONCE) {
            if let Err(failure) = write_plan_reports(&conn, ids, &options, dir, &mut written) {
                first_failure.get_or_insert(failure);
            }
        }
        if let Some(failure) = first_failure {
            return Err(failure);
        }
        return Ok(format!(
            "Wrote {} plan reports to {}.",
            written.len(),
            dir.display()
        ));
    }
    let out = args
        .out
        .as_deref()
        .ok_or_else(|| Error::invalid("out", "Give the file to write with --out FILE."))?;
    let (pdf, what) = match args.target.plan {
        Some(id) => (
            waymark_report::plan_pdf(&conn, id, &options)?,
            "the plan report",
        ),
        None => (
            waymark_report::overview_pdf(&conn, &options)?,
            "the mentor overview",
        ),
    };
    files::write_atomic(out, &pdf)?;
    Ok(format!("Wrote {what} to {}.", out.display()))
}

/// Writes the reports of `ids` into `dir`, each under a name not yet in `written`. Each
/// plan is gathered in turn from the one connection and typeset while the next is
/// gathered; a thread of its own writes each PDF as it comes, so waiting for the disk
/// overlaps typesetting. Every plan that can be written is; the first failure, in the
/// plans' order, is the answer.
fn write_plan_reports(
    conn: &db::Connection,
    ids: &[i64],
    options: &PrintOptions,
    dir: &Path,
    written: &mut Vec<PathBuf>,
) -> Result<(), Error> {
    let failures = Mutex::new(Vec::new());
    let fail = |nth: usize, error: Error| match failures.lock() {
        Ok(mut failures) => failures.push((nth, error)),
        Err(poisoned) => poisoned.into_inner().push((nth, error)),
    };
    std::thread::scope(|threads| {
        // The writer ends once `to_disk` is dropped with this closure; the scope waits.
        let (to_disk, typeset) = mpsc::channel::<(usize, PathBuf, Vec<u8>)>();
        threads.spawn(|| {
            for (nth, path, pdf) in typeset {
                if let Err(error) = files::write_atomic(&path, &pdf) {
                    fail(nth, error);
                }
            }
        });
        let mut gather = |nth: usize, id: i64| -> Result<_, Error> {
            let path = unused_path(dir, &waymark_report::plan_file_name(conn, id)?, written);
            written.push(path.clone());
            Ok((
                (nth, path),
                waymark_report::plan_content(conn, id, options)?,
            ))
        };
        // A plan that cannot be gathered is kept in its place among the failures.
        let plans = ids
            .iter()
            .enumerate()
            .filter_map(|(nth, &id)| gather(nth, id).map_err(|e| fail(nth, e)).ok().map(Ok));
        waymark_report::render_plans(plans, options.today, |(nth, path), pdf| match pdf {
            Ok(pdf) => drop(to_disk.send((nth, path, pdf))),
            Err(error) => fail(nth, error),
        })
    })?;
    let mut failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    failures.sort_by_key(|(nth, _)| *nth);
    match failures.into_iter().next() {
        Some((_, error)) => Err(error),
        None => Ok(()),
    }
}

fn export_json(db: &Path, out: &Path) -> Result<String, Error> {
    let conn = open_existing(db)?;
    files::write_atomic(out, archive::export(&conn)?.as_bytes())?;
    Ok(format!(
        "Wrote everything in {} to {}.",
        db.display(),
        out.display()
    ))
}

fn import(db: &Path, from: &Path) -> Result<String, Error> {
    let mut conn = db::open(db)?;
    let s = archive::import_file(&mut conn, from)?;
    Ok(format!(
        "Imported {} mentees, {} plans, {} goals, {} milestones and {} 1:1s into {}.",
        s.mentees,
        s.plans,
        s.goals,
        s.milestones,
        s.sessions,
        db.display()
    ))
}

/// What a mentor lets travel and change, beyond the plan and its progress.
#[derive(Debug, Clone, Copy)]
struct Permissions {
    mentee_edits_plan: bool,
    include_assessments: bool,
}

fn share_plan(
    db: &Path,
    plan_id: i64,
    out: &Path,
    from_name: Option<String>,
    permissions: Permissions,
    protect: bool,
) -> Result<String, Error> {
    let mut conn = db::open(db)?;
    let passphrase = match protect {
        true => Some(passphrase()?),
        false => None,
    };
    let request = share::ShareRequest {
        plan_id,
        from_name,
        mentee_edits_plan: permissions.mentee_edits_plan,
        include_assessments: permissions.include_assessments,
        passphrase,
    };
    share::share_to_file(&mut conn, &request, out)?;
    Ok(format!("Wrote {}.", out.display()))
}

fn merge_plan(db: &Path, from: &Path, dry_run: bool) -> Result<String, Error> {
    let mut conn = db::open(db)?;
    let bytes = share::read_file(from)?;
    let incoming = match share::open_bytes(&bytes) {
        Err(Error::PassphraseNeeded) => share::open_sealed(&bytes, &passphrase()?)?,
        other => other?,
    };
    if !dry_run {
        backups::back_up_now(&conn, db)?;
    }
    let report = share::merge(&mut conn, &incoming, &[], dry_run)?;
    let mut lines = vec![report.summary];
    for conflict in &report.conflicts {
        let kept = match conflict.kept {
            share::Keep::Yours => &conflict.yours,
            share::Keep::Theirs => &conflict.theirs,
        };
        lines.push(format!(
            "Both changed {}: yours “{}”, theirs “{}”; keeping “{kept}”.",
            conflict.what, conflict.yours, conflict.theirs
        ));
    }
    lines.extend(report.notices);
    lines.push(match dry_run {
        true => "Dry run: nothing was changed.".to_owned(),
        false => format!("Merged “{}” into {}.", report.plan_title, db.display()),
    });
    Ok(lines.join("\n"))
}

/// The passphrase a sealed file is written or opened with, from the environment rather
/// than the command line, where other users of the machine could read it.
fn passphrase() -> Result<String, Error> {
    std::env::var("WAYMARK_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
        .ok_or(Error::PassphraseNeeded)
}

/// `name` in `dir`, numbered when this run already wrote a file of that name (two
/// mentees may share a name and a plan title).
fn unused_path(dir: &Path, name: &str, written: &[PathBuf]) -> PathBuf {
    let stem = name.trim_end_matches(".pdf");
    (1..)
        .map(|n| match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem} ({n}).pdf")),
        })
        .find(|path| !written.contains(path))
        .unwrap_or_else(|| dir.join(name))
}

/// The locale dates are printed for, from the usual environment variables.
fn environment_locale() -> String {
    ["LC_ALL", "LC_TIME", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default()
}

/// Opens a database that must already exist; a typo never creates an empty one.
fn open_existing(path: &Path) -> Result<db::Connection, Error> {
    if !path.exists() {
        return Err(Error::NotFound {
            what: "Database file",
        });
    }
    db::open(path)
}
