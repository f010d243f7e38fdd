//! `waymark`: the same core as the desktop app, for scripts and terminals. Every command
//! names its database with `--db PATH`, prints plain errors and exits non-zero on failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use waymark_core::{Error, db, demo, migrations};

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
    },
    /// Show what a database holds.
    Info {
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { out, force } => make_demo(&out, force),
        Command::Info { db } => info(&db),
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

fn make_demo(out: &Path, force: bool) -> Result<String, Error> {
    if out.exists() && !force {
        return Err(Error::conflict(
            None,
            format!(
                "{} already exists; pass --force to replace it",
                out.display()
            ),
        ));
    }
    let summary = demo::write_file(out)?;
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
