//! Every command the app's UI can call, timed on the showcase demo and on a generated
//! database of 10,000 mentees, side by side in one run:
//! `cargo bench -p waymark-bench --bench commands_at_scale` (part of `make bench`).
//!
//! Each command of `src-tauri/src/commands.rs` has a row (a few have one per kind of call
//! the UI makes); `tests/commands_listed.rs` fails when one is missing. A row runs the very
//! core functions its command runs, with the arguments the UI sends, and turns the answer
//! into JSON as the IPC does. Reads look at a mentee in the middle of the list ("A") and
//! at their active plan, goal and milestone in the middle (in the showcase, where plans
//! differ, at the largest plan); writes change the next mentee ("B"), so what the writes
//! add never changes what a read reads. Both run on a copy of each database. A write is repeatable: what it needs (a row to delete, a deleted row to
//! restore) is made before it and what it made is removed after it, both untimed, and the
//! timed call is the command's own transaction. A row is repeated until a round has taken
//! about 200 ms (at most 20 times for a write, 5 for whole-file work), and the median of
//! five rounds (three for whole-file work) is printed; work over 5 s is timed once. What is
//! done once to a row (a plan's first share) is timed on several rows, unwatched, and the
//! median printed: SQLite's statement tracing, which lists the statements, slows a call.
//!
//! A command that waits for the person in a system dialog is timed for the work it does
//! before and after the dialog; one with no work of its own (a browser, the file manager,
//! the system's login items) says why it has no number. For every row over a frame at
//! 10,000 mentees the statements of one call are printed, slowest first, with the triggers
//! they fired and their query plans. The tables are written between markers in
//! BENCHMARKS.md, unless `WAYMARK_BENCH_ONLY` names the few commands to time.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Days, Utc};
use rusqlite::Connection;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use serde::Serialize;
use waymark_core::assessments::{self, AssessmentInput, Assessor, Rating, SpectrumPosition};
use waymark_core::catalogue::{self, Catalogue, LeaderTypeInput};
use waymark_core::db::{self, DataFileStatus, Upgrade};
use waymark_core::demo::{self, DemoSize};
use waymark_core::evidence::{self, EvidenceInput};
use waymark_core::exports::{self, CalendarFileStatus, ExportFormat, Exported, SavedFile, Scope};
use waymark_core::goals::{self, GoalInput};
use waymark_core::live::{self, LiveShareRequest, Session, SyncPhase, SyncStatus};
use waymark_core::mentees::{self, ArchiveFilter, MenteeInput, MenteeQuery, RhythmInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::people::cadence::Cadence;
use waymark_core::plan::{comments, topics};
use waymark_core::plans::{self, PlanInput, PlanStatus};
use waymark_core::sessions::{self, SessionInput};
use waymark_core::settings::{self, ReminderSettings};
use waymark_core::sync::conflicts;
use waymark_core::sync::overview;
use waymark_core::sync::share::{self, Incoming, Keep, Merged, ShareRequest};
use waymark_core::{
    agenda, archive, backups, calibration, checkpoints, dashboard, dates, files, forecast,
    plan_view, progress, search, templates,
};
use waymark_report::PrintOptions;
use waymark_wire::{DocKind, SyncFrame};

use waymark_bench::{markers, median, query_plan, shape, squeeze, write_section};

type BenchResult<T> = waymark_bench::Result<T>;
type CoreResult<T> = waymark_core::Result<T>;

const SECTION: &str = "commands-at-scale";
/// One frame at 60 Hz: what a screen's read or a click's write should stay within.
const FRAME: f64 = 0.016;
/// How long one round of repeats should take, so short calls are not lost in the noise.
const ROUND_TARGET: f64 = 0.2;
/// Work that takes longer than this is timed once.
const ONCE_ABOVE: f64 = 5.0;
/// How many of a slow command's statements are shown.
const SLOWEST_SHOWN: usize = 5;
const LOCALE: &str = "en-US";
const PASSPHRASE: &str = "correct horse battery staple";
const MENTOR: &str = "Maria Lindqvist";

/// A command's row: what the UI calls, what the call does, and how it is timed.
#[derive(Debug)]
pub struct Entry {
    pub command: &'static str,
    pub what: &'static str,
    pub how: How,
}

/// Times one call of a command on a database, or says why it has no number there.
pub type Measure = fn(&mut Db) -> BenchResult<Outcome>;

#[derive(Debug)]
pub enum How {
    /// A screen's read or a click's write: within a frame.
    Frame(Measure),
    /// Work on the whole data file, or writing one, which shows its progress.
    WholeFile(Measure),
    /// Work the app does by itself while holding the data file, so a click waits for it.
    Background(Measure),
    /// Work the app does by itself on a read-only connection of its own, beside the one
    /// every command uses, so no click waits for it.
    Beside(Measure),
    /// No work of Waymark's own to time, for this reason.
    NoNumber(&'static str),
}

#[derive(Debug)]
pub enum Outcome {
    Took(Timing),
    /// Not timed on this database, for this reason.
    NoNumber(String),
}

#[derive(Debug)]
pub struct Timing {
    /// Median seconds per call.
    seconds: f64,
    /// The statements of one call, in the order they finished, with the triggers they fired.
    statements: Vec<Statement>,
    triggers: BTreeSet<String>,
}

#[derive(Debug)]
struct Statement {
    sql: String,
    took: Duration,
}

/// How often a call may be repeated: writes leave rows behind, whole-file work takes
/// seconds and is stopped later.
#[derive(Debug, Clone, Copy)]
enum Pace {
    Read,
    Write,
    WholeFile,
    /// Done once to each row, so the setup hands each call a row of its own: the first
    /// call is watched for its statements, and the median of the `n` calls after it,
    /// unwatched, is the time.
    Once(usize),
}

impl Pace {
    fn max_repeats(self) -> usize {
        match self {
            Pace::Read => 2_000,
            Pace::Write => 20,
            Pace::WholeFile => 5,
            Pace::Once(_) => 1,
        }
    }

    fn rounds(self) -> usize {
        match self {
            Pace::WholeFile => 3,
            Pace::Once(_) => 1,
            _ => 5,
        }
    }

    /// The limit the app's store runs such work under.
    fn limit(self) -> Duration {
        match self {
            Pace::WholeFile => db::BULK_LIMIT,
            _ => db::ACTION_LIMIT,
        }
    }
}

/// A mentee with an active plan, and the goal and milestone in the middle of it.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    mentee: i64,
    plan: i64,
    goal: i64,
    goals: usize,
    milestone: i64,
    milestones: usize,
}

/// A plan shared with the mentee's own Waymark (kept in memory), and the file they sent
/// back, waiting to be merged.
#[derive(Debug)]
struct Exchange {
    mentee: Connection,
    /// The plan and a milestone of it, on the mentee's side.
    plan: i64,
    milestone: i64,
    file: PathBuf,
    sealed: Vec<u8>,
    incoming: Incoming,
    sent: u64,
}

/// One database as the benchmark uses it: a copy in a folder of its own, where backups
/// and exports go too.
#[derive(Debug)]
pub struct Db {
    folder: PathBuf,
    path: PathBuf,
    scratch: PathBuf,
    conn: Connection,
    /// Whom the reads look at, whom the writes change, and whose plan is shared.
    a: Subject,
    b: Subject,
    c: Subject,
    catalogue: Catalogue,
    /// Built-in goal templates, for plans and goals made the way a person makes them.
    templates: Vec<i64>,
    /// Names and dates never repeat, so rows made one after another never clash.
    made: u64,
    today_session: Option<i64>,
    exchange: Option<Exchange>,
    backup: Option<PathBuf>,
    archive: Option<PathBuf>,
    sync: Option<SyncRounds>,
    other_device: Option<Rc<RefCell<OtherDevice>>>,
}

/// Another of the person's devices: a copy of the data file taken once every record was
/// written into its documents, talking to this one directly, as through the server.
#[derive(Debug)]
struct OtherDevice {
    conn: Connection,
    session: Session,
    /// What this device answered last, still to reach the other.
    answers: Vec<SyncFrame>,
}

/// The sync loop's rounds after pairing, each holding the data file, until every record
/// was written into its documents and every document offered.
#[derive(Debug)]
struct SyncRounds {
    first: f64,
    rest: Vec<f64>,
    /// The connection's session after them, for the rounds that follow edits and the
    /// connections after.
    session: Rc<RefCell<Session>>,
}

fn main() -> BenchResult<()> {
    waymark_bench::refuse_arguments()?;
    let _folder = waymark_bench::BenchFolder::take()?;
    let waymark_bench::AtScale {
        path: large,
        mentees,
        summary,
        generated_in: generated,
        tidied,
    } = waymark_bench::generate_at_scale()?;
    let dir = waymark_bench::workspace_root().join("target/bench");
    let showcase = dir.join("showcase.sqlite3");
    let shown = demo::write_file(&showcase, DemoSize::Showcase)?;
    let size_mb = std::fs::metadata(&large)?.len() / 1_000_000;

    // `WAYMARK_BENCH_ONLY=get_dashboard,search_everything` times just those commands and
    // leaves BENCHMARKS.md as it is, for measuring one change.
    let only: Option<Vec<String>> = std::env::var("WAYMARK_BENCH_ONLY")
        .ok()
        .map(|names| names.split(',').map(|n| n.trim().to_owned()).collect());
    let entries: Vec<Entry> = entries()
        .into_iter()
        .filter(|e| {
            only.as_ref()
                .is_none_or(|names| names.iter().any(|n| n == e.command))
        })
        .collect();
    let measuring = Instant::now();
    let mut columns = Vec::new();
    let mut details = String::new();
    for (label, file) in [
        ("showcase".to_owned(), &showcase),
        (mentees.to_string(), &large),
    ] {
        let mut db = Db::copy_of(file, &dir.join(format!("commands-{label}")))?;
        let mut outcomes = Vec::with_capacity(entries.len());
        for entry in &entries {
            let outcome = match entry.how {
                How::Frame(measure)
                | How::WholeFile(measure)
                | How::Background(measure)
                | How::Beside(measure) => measure(&mut db)
                    .unwrap_or_else(|e| Outcome::NoNumber(format!("**failed**: {e}"))),
                How::NoNumber(why) => Outcome::NoNumber(why.to_owned()),
            };
            eprintln!(
                "{label:>9}  {:<26} {:>12}  {}",
                entry.command,
                cell(&outcome),
                entry.what
            );
            if let Outcome::NoNumber(why) = &outcome
                && why.starts_with("**failed**")
            {
                eprintln!("{:>9}  {why}", "");
            }
            outcomes.push(outcome);
        }
        if label != "showcase" {
            details = slow_details(&db.conn, &entries, &outcomes)?;
        }
        columns.push(outcomes);
        db.remove()?;
    }
    let [small, big] = columns.as_slice() else {
        return Err("two databases were measured".into());
    };

    let mut table = String::new();
    let (mut timed, mut within) = (0, 0);
    let mut over: Vec<&str> = Vec::new();
    for ((entry, small), big) in entries.iter().zip(small).zip(big) {
        let verdict = verdict(entry, big);
        if let (How::Frame(_) | How::Background(_), Outcome::Took(t)) = (&entry.how, big) {
            timed += 1;
            match t.seconds <= FRAME {
                true => within += 1,
                false if !over.contains(&entry.command) => over.push(entry.command),
                false => {}
            }
        }
        writeln!(
            table,
            "| `{}` | {} | {} | {} | {verdict} |",
            entry.command,
            entry.what,
            cell(small),
            cell(big)
        )?;
    }
    let commands: BTreeSet<&str> = entries.iter().map(|e| e.command).collect();
    let (start, end) = markers(SECTION);
    let section = format!(
        "{start}\nMeasured {} on the showcase demo ({} mentees, {} milestones) and on a \
         generated database of {} mentees, {} plans, {} goals, {} milestones and {} 1:1s \
         ({size_mb} MB; generated in {:.1} s, {tidied}): {} commands in {} rows, measured in {:.0} s.\n\n\
         | command | what it does | showcase demo | {} mentees | within 16 ms? |\n\
         |---|---|---:|---:|---|\n{table}\n\
         **{within} of the {timed} reads and clicks timed stay within a frame at {} mentees.** \
         Over a frame: {}.\n\n\
         <details><summary>The statements of each read or click over a frame, slowest first</summary>\n\n\
         SQLite times each statement to the millisecond, and a statement a trigger runs \
         counts in the one that fired it too. Statements that differ only in their numbers \
         are counted together (×), shown by the first of them.\n\
         {details}\n</details>\n{end}",
        chrono::Local::now().format("%Y-%m-%d"),
        shown.mentees,
        shown.milestones,
        thousands(summary.mentees),
        thousands(summary.plans),
        thousands(summary.goals),
        thousands(summary.milestones),
        thousands(summary.sessions),
        generated.as_secs_f64(),
        commands.len(),
        entries.len(),
        measuring.elapsed().as_secs_f64(),
        thousands(mentees),
        thousands(mentees),
        if over.is_empty() {
            "none".to_owned()
        } else {
            over.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        },
    );
    println!("{section}");
    if only.is_none() {
        write_section(SECTION, &section)?;
    }
    Ok(())
}

/// Every command the UI can call, in the order of the app's handler list.
pub fn entries() -> Vec<Entry> {
    vec![
        frame(
            "data_file_status",
            "which data file is open, and why not",
            |db| {
                let path = db.path.display().to_string();
                db.read(move |_| Ok(status_of(&path)))
            },
        ),
        frame(
            "get_catalogue",
            "the catalogue every form picks from",
            |db| db.read(catalogue::load),
        ),
        frame(
            "create_leader_type",
            "adds a leader type of one's own",
            |db| {
                let input = db.leader_type_input()?;
                let mut n = 0;
                db.write(
                    move |_| {
                        n += 1;
                        Ok(LeaderTypeInput {
                            name: format!("Platform leader {n}"),
                            ..input.clone()
                        })
                    },
                    |c, input| catalogue::create_leader_type(c, &input),
                    |c, made| Ok(catalogue::delete_leader_type(c, made.id)?),
                )
            },
        ),
        frame(
            "update_leader_type",
            "edits a leader type of one's own",
            |db| {
                let input = db.leader_type_input()?;
                let id = catalogue::create_leader_type(&mut db.conn, &input)?.id;
                let mut n = 0;
                let outcome = db.write(
                    move |_| {
                        n += 1;
                        Ok(LeaderTypeInput {
                            description: format!("Leads the platform teams (edit {n})."),
                            ..input.clone()
                        })
                    },
                    move |c, input| catalogue::update_leader_type(c, id, &input),
                    drop_it,
                )?;
                catalogue::delete_leader_type(&mut db.conn, id)?;
                Ok(outcome)
            },
        ),
        frame(
            "delete_leader_type",
            "deletes a leader type no mentee uses",
            |db| {
                let input = db.leader_type_input()?;
                db.write(
                    move |c| Ok(catalogue::create_leader_type(c, &input)?.id),
                    catalogue::delete_leader_type,
                    drop_it,
                )
            },
        ),
        frame("list_mentees", "the mentee list: first page of 100", |db| {
            db.read(|c| mentees::page(c, &page("", ArchiveFilter::Active, Some(100))))
        }),
        frame(
            "list_mentees",
            "the mentee list searched as typed: \"chen\"",
            |db| db.read(|c| mentees::page(c, &page("chen", ArchiveFilter::Active, Some(100)))),
        ),
        frame(
            "list_mentees",
            "how many mentees there are, archived too (the list's empty state)",
            |db| db.read(|c| mentees::page(c, &page("", ArchiveFilter::All, Some(0)))),
        ),
        frame(
            "list_mentees",
            "the evidence dialog's mentee picker: its first 20",
            |db| db.read(|c| mentees::page(c, &page("", ArchiveFilter::Active, Some(20)))),
        ),
        frame(
            "list_mentees",
            "the evidence dialog's mentee picker searched as typed: \"chen\", 20 at most",
            |db| db.read(|c| mentees::page(c, &page("chen", ArchiveFilter::Active, Some(20)))),
        ),
        frame("get_mentee", "one mentee's details", |db| {
            let a = db.a;
            db.read(move |c| mentees::get(c, a.mentee))
        }),
        frame("create_mentee", "adds a mentee from the form", |db| {
            let input = db.mentee_input()?;
            let mut n = 0;
            db.write(
                move |_| {
                    n += 1;
                    Ok(MenteeInput {
                        name: format!("Noor Haddad {n}"),
                        ..input.clone()
                    })
                },
                |c, input| mentees::create(c, &input),
                |c, made| Ok(mentees::delete(c, made.id)?),
            )
        }),
        frame(
            "update_mentee",
            "saves the mentee form (notes edited)",
            |db| {
                let b = db.b;
                let input = db.mentee_input()?;
                let mut n = 0;
                db.write(
                    move |_| {
                        n += 1;
                        Ok(MenteeInput {
                            notes: format!("Wants to lead the platform group; edit {n}."),
                            ..input.clone()
                        })
                    },
                    move |c, input| mentees::update(c, b.mentee, &input),
                    drop_it,
                )
            },
        ),
        frame(
            "set_mentee_archived",
            "archives a mentee, or brings them back",
            |db| {
                let b = db.b;
                let outcome = db.write(
                    alternate(),
                    move |c, archived| mentees::set_archived(c, b.mentee, archived),
                    drop_it,
                )?;
                mentees::set_archived(&db.conn, b.mentee, false)?;
                Ok(outcome)
            },
        ),
        frame(
            "delete_mentee",
            "deletes a mentee with a plan of 10 goals from templates, 20 1:1s and 2 assessments",
            |db| {
                let maker = db.maker()?;
                db.write(move |c| maker.mentee(c), mentees::delete, drop_it)
            },
        ),
        frame("list_assessments", "a mentee's assessments", |db| {
            let a = db.a;
            db.read(move |c| assessments::list(c, a.mentee))
        }),
        frame(
            "current_assessments",
            "a mentee's latest assessments, self and mentor",
            |db| {
                let a = db.a;
                db.read(move |c| assessments::current(c, a.mentee))
            },
        ),
        frame(
            "create_assessment",
            "saves a new assessment: every competency and spectrum",
            |db| {
                let b = db.b;
                let input = db.assessment_input(Assessor::Mentor);
                db.write(
                    no_setup,
                    move |c, ()| assessments::create(c, b.mentee, &input),
                    |c, made| Ok(assessments::delete(c, made.id)?),
                )
            },
        ),
        frame("update_assessment", "corrects an assessment", |db| {
            let b = db.b;
            let input = db.assessment_input(Assessor::Mentor);
            let id = assessments::create(&mut db.conn, b.mentee, &input)?.id;
            let mut n = 0;
            let outcome = db.write(
                move |_| {
                    n += 1;
                    Ok(AssessmentInput {
                        notes: format!("Calibrated with the team lead (edit {n})."),
                        ..input.clone()
                    })
                },
                move |c, input| assessments::update(c, id, &input),
                drop_it,
            )?;
            assessments::delete(&mut db.conn, id)?;
            Ok(outcome)
        }),
        frame("delete_assessment", "deletes an assessment", |db| {
            let b = db.b;
            let input = db.assessment_input(Assessor::Mentor);
            db.write(
                move |c| Ok(assessments::create(c, b.mentee, &input)?.id),
                assessments::delete,
                drop_it,
            )
        }),
        frame("list_plans", "a mentee's plans", |db| {
            let a = db.a;
            db.read(move |c| plans::list(c, a.mentee))
        }),
        frame("create_plan", "adds a draft plan", |db| {
            let b = db.b;
            let input = db.plan_input(PlanStatus::Draft)?;
            db.write(
                no_setup,
                move |c, ()| plans::create(c, b.mentee, &input),
                |c, made| Ok(plans::delete(c, made.id)?),
            )
        }),
        frame("update_plan", "saves the plan form (title edited)", |db| {
            let b = db.b;
            let input = db.plan_input(PlanStatus::Active)?;
            let mut n = 0;
            db.write(
                move |_| {
                    n += 1;
                    Ok(PlanInput {
                        title: format!("Toward platform leadership ({n})"),
                        ..input.clone()
                    })
                },
                move |c, input| plans::update(c, b.plan, &input),
                drop_it,
            )
        }),
        frame(
            "set_plan_status",
            "marks a plan completed, or active again",
            |db| {
                let b = db.b;
                let outcome = db.write(
                    alternate(),
                    move |c, done| {
                        let status = match done {
                            true => PlanStatus::Completed,
                            false => PlanStatus::Active,
                        };
                        plans::set_status(c, b.plan, status)
                    },
                    drop_it,
                )?;
                plans::set_status(&mut db.conn, b.plan, PlanStatus::Active)?;
                Ok(outcome)
            },
        ),
        frame(
            "delete_plan",
            "deletes a plan with its goals and milestones (undoable)",
            |db| {
                let b = db.b;
                db.write(
                    no_setup,
                    move |c, ()| plans::delete(c, b.plan),
                    move |c, ()| {
                        plans::restore(c, b.plan)?;
                        Ok(())
                    },
                )
            },
        ),
        frame("restore_plan", "undoes deleting a plan", |db| {
            let b = db.b;
            db.write(
                move |c| Ok(plans::delete(c, b.plan)?),
                move |c, ()| plans::restore(c, b.plan),
                drop_it,
            )
        }),
        frame(
            "plan_view",
            "the plan screen: goals, milestones, gaps, balance, suggestions",
            |db| {
                let a = db.a;
                db.read(move |c| plan_view::load(c, a.plan))
            },
        ),
        frame("create_goal", "adds a goal to a plan", |db| {
            let b = db.b;
            let input = db.goal_input();
            db.write(
                no_setup,
                move |c, ()| goals::create(c, b.plan, &input),
                |c, made| Ok(goals::delete(c, made.id)?),
            )
        }),
        frame(
            "update_goal",
            "saves the goal form (description edited)",
            |db| {
                let b = db.b;
                let goal = goals::get(&db.conn, b.goal)?;
                let mut n = 0;
                db.write(
                    move |_| {
                        n += 1;
                        Ok(GoalInput {
                            title: goal.title.clone(),
                            description: format!("{} (edit {n})", goal.description),
                            competency_keys: goal.competency_keys.clone(),
                            theme_keys: goal.theme_keys.clone(),
                        })
                    },
                    move |c, input| goals::update(c, b.goal, &input),
                    drop_it,
                )
            },
        ),
        frame(
            "move_goal",
            "drags a goal to another place in the plan",
            |db| {
                let b = db.b;
                let far = b.goals.saturating_sub(2);
                db.write(
                    alternate(),
                    move |c, up| goals::move_to(c, b.goal, if up { 1 } else { far }),
                    drop_it,
                )
            },
        ),
        frame(
            "delete_goal",
            "deletes a goal with its milestones (undoable)",
            |db| {
                let b = db.b;
                db.write(
                    no_setup,
                    move |c, ()| goals::delete(c, b.goal),
                    move |c, ()| {
                        goals::restore(c, b.goal)?;
                        Ok(())
                    },
                )
            },
        ),
        frame("restore_goal", "undoes deleting a goal", |db| {
            let b = db.b;
            db.write(
                move |c| Ok(goals::delete(c, b.goal)?),
                move |c, ()| goals::restore(c, b.goal),
                drop_it,
            )
        }),
        frame("create_milestone", "adds a milestone to a goal", |db| {
            let b = db.b;
            let input = MilestoneInput::planned("Run the first design review", Some(in_days(21)));
            db.write(
                no_setup,
                move |c, ()| milestones::create(c, b.goal, &input),
                |c, made| Ok(milestones::delete(c, made.id)?),
            )
        }),
        frame(
            "update_milestone",
            "saves the milestone form (evidence edited)",
            |db| {
                let b = db.b;
                let m = milestones::get(&db.conn, b.milestone)?;
                let mut n = 0;
                db.write(
                    move |_| {
                        n += 1;
                        Ok(MilestoneInput {
                            title: m.title.clone(),
                            due_on: m.due_on.clone(),
                            status: MilestoneStatus::InProgress,
                            completed_on: None,
                            evidence: format!(
                                "Draft shared with the team; notes in the wiki ({n})."
                            ),
                            links: m.links.clone(),
                        })
                    },
                    move |c, input| milestones::update(c, b.milestone, &input),
                    drop_it,
                )
            },
        ),
        frame(
            "set_milestone_status",
            "ticks a milestone done, or back to in progress",
            |db| {
                let b = db.b;
                db.write(
                    alternate(),
                    move |c, done| {
                        let status = match done {
                            true => MilestoneStatus::Done,
                            false => MilestoneStatus::InProgress,
                        };
                        milestones::set_status(c, b.milestone, status)
                    },
                    drop_it,
                )
            },
        ),
        frame(
            "move_milestone",
            "drags a milestone to another place in its goal",
            |db| {
                let b = db.b;
                let far = b.milestones.saturating_sub(2);
                db.write(
                    alternate(),
                    move |c, up| milestones::move_to(c, b.milestone, if up { 1 } else { far }),
                    drop_it,
                )
            },
        ),
        frame("delete_milestone", "deletes a milestone (undoable)", |db| {
            let b = db.b;
            db.write(
                no_setup,
                move |c, ()| milestones::delete(c, b.milestone),
                move |c, ()| {
                    milestones::restore(c, b.milestone)?;
                    Ok(())
                },
            )
        }),
        frame("restore_milestone", "undoes deleting a milestone", |db| {
            let b = db.b;
            db.write(
                move |c| Ok(milestones::delete(c, b.milestone)?),
                move |c, ()| milestones::restore(c, b.milestone),
                drop_it,
            )
        }),
        frame("list_templates", "the goal templates", |db| {
            db.read(templates::list)
        }),
        frame(
            "apply_template",
            "adds a goal with its milestones from a template",
            |db| {
                let b = db.b;
                let template = db.template(0)?;
                db.write(
                    no_setup,
                    move |c, ()| templates::apply(c, b.plan, template),
                    |c, made| Ok(goals::delete(c, made.id)?),
                )
            },
        ),
        frame(
            "save_goal_as_template",
            "saves a goal with its milestones as a template",
            |db| {
                let b = db.b;
                db.write(
                    no_setup,
                    move |c, ()| templates::save_goal(c, b.goal),
                    |c, made| Ok(templates::delete(c, made.id)?),
                )
            },
        ),
        frame("delete_template", "deletes a template of one's own", |db| {
            let b = db.b;
            db.write(
                move |c| Ok(templates::save_goal(c, b.goal)?.id),
                templates::delete,
                drop_it,
            )
        }),
        frame("list_sessions", "a mentee's 1:1s with their notes", |db| {
            let a = db.a;
            db.read(move |c| sessions::list(c, a.mentee))
        }),
        frame("last_session", "when a mentee was last seen", |db| {
            let a = db.a;
            db.read(move |c| sessions::last(c, a.mentee))
        }),
        frame(
            "create_session",
            "logs a 1:1 held to its agenda, with action items",
            |db| {
                let b = db.b;
                let input = db.session_input()?;
                db.write(
                    no_setup,
                    move |c, ()| sessions::create(c, b.mentee, &input),
                    |c, made| Ok(sessions::delete(c, made.id)?),
                )
            },
        ),
        frame("update_session", "saves a 1:1's notes", |db| {
            let id = db.today_session()?;
            let input = db.session_input()?;
            let mut n = 0;
            db.write(
                move |_| {
                    n += 1;
                    Ok(SessionInput {
                        notes: format!("## Wins\n- Roadmap draft agreed\n\n## Next\nEdit {n}."),
                        agenda: Vec::new(),
                        new_action_items: Vec::new(),
                        ..input.clone()
                    })
                },
                move |c, input| sessions::update(c, id, &input),
                drop_it,
            )
        }),
        frame("delete_session", "deletes a 1:1 (undoable)", |db| {
            let id = db.today_session()?;
            db.write(
                no_setup,
                move |c, ()| sessions::delete(c, id),
                move |c, ()| {
                    sessions::restore(c, id)?;
                    Ok(())
                },
            )
        }),
        frame("restore_session", "undoes deleting a 1:1", |db| {
            let id = db.today_session()?;
            db.write(
                move |c| Ok(sessions::delete(c, id)?),
                move |c, ()| sessions::restore(c, id),
                drop_it,
            )
        }),
        frame(
            "set_action_item_done",
            "ticks an action item of a 1:1",
            |db| {
                let id = db.today_session()?;
                let item = sessions::get(&db.conn, id)?
                    .action_items
                    .first()
                    .map(|i| i.id)
                    .ok_or("today's 1:1 has no action item")?;
                db.write(
                    alternate(),
                    move |c, done| sessions::set_action_item_done(c, item, done),
                    drop_it,
                )
            },
        ),
        frame(
            "action_item_to_milestone",
            "turns an action item into a milestone",
            |db| {
                let b = db.b;
                let input = SessionInput {
                    new_action_items: vec!["Book the architecture review".into()],
                    agenda: Vec::new(),
                    ..db.session_input()?
                };
                db.write(
                    move |c| {
                        let session = sessions::create(c, b.mentee, &input)?;
                        let item = session.action_items.first().ok_or("no action item")?;
                        Ok((session.id, item.id))
                    },
                    move |c, (session, item)| {
                        let made =
                            sessions::action_item_to_milestone(c, item, b.goal, Some(in_days(14)))?;
                        Ok((session, made))
                    },
                    |c, (session, made)| {
                        milestones::delete(c, made.id)?;
                        Ok(sessions::delete(c, session)?)
                    },
                )
            },
        ),
        frame("get_settings", "the settings", |db| db.read(settings::get)),
        frame("update_settings", "saves the settings", |db| {
            let current = settings::get(&db.conn)?;
            db.write(
                alternate(),
                move |c, long| {
                    let mentor_name = match long {
                        true => format!("{MENTOR}-Berg"),
                        false => MENTOR.to_owned(),
                    };
                    settings::update(
                        c,
                        &settings::Settings {
                            mentor_name,
                            ..current.clone()
                        },
                    )
                },
                drop_it,
            )
        }),
        frame(
            "get_dashboard",
            "the dashboard, first screen (20 rows a list)",
            |db| db.read(|c| dashboard::load(c, &Default::default())),
        ),
        whole(
            "explore_demo",
            "writes the showcase demo to a new file and opens it",
            |db| {
                let path = db.scratch.join("waymark-demo.sqlite3");
                db.whole_file(
                    no_setup,
                    move |_, ()| {
                        demo::write_file(&path, DemoSize::Showcase)?;
                        drop(db::open(&path)?);
                        Ok(DataFileStatus {
                            demo: true,
                            ..status_of(&path.display().to_string())
                        })
                    },
                    drop_it,
                )
            },
        ),
        frame(
            "leave_demo",
            "opens one's own data file again (the day's first backup, if due, runs on a thread of its own)",
            |db| {
                let path = db.path.clone();
                db.write(
                    no_setup,
                    move |_, ()| {
                        drop(db::open(&path)?);
                        Ok(status_of(&path.display().to_string()))
                    },
                    drop_it,
                )
            },
        ),
        frame("search_everything", "search: \"stakeholder\"", |db| {
            db.read(|c| search::search(c, "stakeholder"))
        }),
        frame(
            "search_everything",
            "search as typed, its first letter: \"s\"",
            |db| db.read(|c| search::search(c, "s")),
        ),
        frame(
            "search_everything",
            "search as typed, a common word's start: \"tea\"",
            |db| db.read(|c| search::search(c, "tea")),
        ),
        frame(
            "search_everything",
            "search as typed, the second word's first letter: \"stakeholder r\"",
            |db| db.read(|c| search::search(c, "stakeholder r")),
        ),
        frame(
            "search_everything",
            "search: two common words, \"stakeholder review\"",
            |db| db.read(|c| search::search(c, "stakeholder review")),
        ),
        frame(
            "search_everything",
            "search: five common words no entry holds together, \"review notes with the team\"",
            |db| db.read(|c| search::search(c, "review notes with the team")),
        ),
        frame(
            "progress_history",
            "a mentee's progress over 12 months",
            |db| {
                let a = db.a;
                db.read(move |c| progress::history(c, a.mentee))
            },
        ),
        frame(
            "export_milestones",
            "one plan's milestones as CSV, written after the save dialog",
            |db| {
                let a = db.a;
                let out = db.scratch.join("milestones.csv");
                db.write(
                    no_setup,
                    move |c, ()| export_milestones(c, Some(a.plan), ExportFormat::Csv, &out),
                    drop_it,
                )
            },
        ),
        whole(
            "export_milestones",
            "every active plan's milestones and 1:1s as a calendar, written after the save dialog",
            |db| {
                let out = db.scratch.join("milestones.ics");
                db.whole_file(
                    no_setup,
                    move |c, ()| export_milestones(c, None, ExportFormat::Ics, &out),
                    drop_it,
                )
            },
        ),
        whole(
            "export_plan_pdf",
            "one plan's report typeset to PDF (typeset ahead already, as the plan screen does) and written after the save dialog",
            |db| {
                let a = db.a;
                let scratch = db.scratch.clone();
                db.whole_file(
                    no_setup,
                    move |c, ()| {
                        let options = print_options();
                        let report = waymark_report::plan_content(c, a.plan, &options)?;
                        let name = waymark_report::plan_file_name(c, a.plan)?;
                        let pdf = waymark_report::render_plan(&report, options.today)?;
                        saved(&scratch.join(name), &pdf)
                    },
                    drop_it,
                )
            },
        ),
        whole(
            "prepare_plan_pdf",
            "after an edit, the plan on screen typeset ahead of its export and the PDF dropped (the UI does not wait for it)",
            |db| {
                let b = db.b;
                db.whole_file(
                    alternate_milestone(b.milestone),
                    move |c, ()| {
                        let options = print_options();
                        let report = waymark_report::plan_content(c, b.plan, &options)?;
                        waymark_report::plan_file_name(c, b.plan)?;
                        waymark_report::render_plan(&report, options.today)?;
                        Ok(())
                    },
                    drop_it,
                )
            },
        ),
        whole(
            "export_overview_pdf",
            "the overview of every mentee typeset to PDF, written after the save dialog",
            |db| {
                let out = db.scratch.join("overview.pdf");
                db.whole_file(
                    no_setup,
                    move |c, ()| {
                        let options = print_options();
                        let overview = waymark_report::overview_content(c, &options)?;
                        let pdf = waymark_report::render_overview(&overview, options.today)?;
                        saved(&out, &pdf)
                    },
                    drop_it,
                )
            },
        ),
        none(
            "show_in_folder",
            "shows an exported file in its folder",
            "no number: the system's file manager opens it",
        ),
        whole(
            "export_archive",
            "everything as the JSON archive, written after the save dialog",
            |db| {
                let out = db.scratch.join("archive.json");
                db.archive = Some(out.clone());
                db.whole_file(
                    no_setup,
                    move |c, ()| saved(&out, archive::export(c)?.as_bytes()),
                    drop_it,
                )
            },
        ),
        whole(
            "import_archive",
            "this database's archive into a new, empty data file, after the open dialog",
            |db| {
                let archive = db.archive()?;
                let bytes = std::fs::metadata(&archive)?.len();
                if bytes > archive::SIZE_LIMIT {
                    return Ok(Outcome::NoNumber(format!(
                        "no number: its archive of {} MB is over the {} MB an import takes, \
                         refused from its size at once",
                        bytes / 1_000_000,
                        archive::SIZE_LIMIT / 1_000_000
                    )));
                }
                let fresh = db.scratch.join("imported.sqlite3");
                let target: RefCell<Option<Connection>> = RefCell::new(None);
                db.whole_file(
                    |_| {
                        remove_data_file(&fresh)?;
                        *target.borrow_mut() = Some(db::open(&fresh)?);
                        Ok(())
                    },
                    |_, ()| match target.borrow_mut().as_mut() {
                        Some(conn) => archive::import_file(conn, &archive),
                        None => Err(waymark_core::Error::DbNotOpen),
                    },
                    |_, _| {
                        drop(target.borrow_mut().take());
                        remove_data_file(&fresh)
                    },
                )
            },
        ),
        whole(
            "back_up_now",
            "a consistent copy of the data file into backups/",
            |db| {
                let path = db.path.clone();
                let last: RefCell<Option<PathBuf>> = RefCell::new(None);
                let outcome = db.whole_file(
                    no_setup,
                    |c, ()| backups::back_up_now(c, &path),
                    |_, made| {
                        *last.borrow_mut() = Some(PathBuf::from(made.path));
                        Ok(())
                    },
                )?;
                db.backup = last.into_inner();
                Ok(outcome)
            },
        ),
        whole(
            "restore_backup",
            "checks a backup, copies the data file aside, then copies the backup in",
            |db| {
                let backup = db.backup()?;
                let path = db.path.clone();
                db.whole_file(
                    no_setup,
                    move |c, ()| backups::restore(c, &path, &backup),
                    |_, aside| Ok(std::fs::remove_file(aside.path)?),
                )
            },
        ),
        frame(
            "retry_data_file",
            "opens the data file again after what kept it closed was put right",
            |db| {
                let path = db.path.clone();
                db.write(
                    no_setup,
                    move |_, ()| {
                        drop(db::open(&path)?);
                        Ok(status_of(&path.display().to_string()))
                    },
                    drop_it,
                )
            },
        ),
        none(
            "upgrade_data_file",
            "upgrades a chosen file from an older Waymark",
            "no number: needs a file from an older Waymark, which neither demo is \
             (it is copied to backups/, then migrated: whole-file work)",
        ),
        whole(
            "choose_data_file",
            "after the open dialog: the chosen file checked whole, then opened",
            |db| {
                let path = db.path.clone();
                db.whole_file(
                    no_setup,
                    move |_, ()| {
                        drop(db::open_with(&path, Upgrade::AskFirst)?);
                        Ok(status_of(&path.display().to_string()))
                    },
                    drop_it,
                )
            },
        ),
        frame("list_backups", "the backups beside the data file", |db| {
            let path = db.path.clone();
            db.read(move |_| backups::list(&path))
        }),
        none(
            "first_screen_shown",
            "the UI's first screen has painted",
            "no number: no data work (one line to stderr)",
        ),
        none(
            "open_link",
            "opens a web or mail address",
            "no number: the system's browser or mail program opens it",
        ),
        frame("share_preview", "what sharing a plan will include", |db| {
            let a = db.a;
            db.read(move |c| overview::preview(c, a.plan))
        }),
        frame(
            "share_plan",
            "shares a plan for the first time, into a file (the preview before the save dialog, the file after; the median of first shares of several plans)",
            |db| {
                // The subject's plan first, as the rows after this one expect it shared.
                let mut plans = VecDeque::from([db.c.plan]);
                plans.extend(never_shared(&db.conn, db.c.plan, &[db.a.plan, db.b.plan])?);
                let runs = plans.len() - 1;
                let out = db.scratch.join("shared.waymark");
                timed(
                    &mut db.conn,
                    Pace::Once(runs),
                    move |_| {
                        plans
                            .pop_front()
                            .ok_or_else(|| "no plan left to share".into())
                    },
                    move |conn, plan| share_plan(conn, plan, &out),
                    drop_it,
                )
            },
        ),
        frame(
            "share_plan",
            "shares it again after a milestone changed",
            |db| {
                let c = db.c;
                let out = db.scratch.join("shared.waymark");
                db.write(
                    alternate_milestone(c.milestone),
                    move |conn, ()| share_plan(conn, c.plan, &out),
                    drop_it,
                )
            },
        ),
        frame(
            "open_shared_plan",
            "after the open dialog: a plan file sent back, read, checked and merged as a dry run",
            |db| {
                let file = db.exchange()?.file.clone();
                db.write(
                    no_setup,
                    move |c, ()| share::merge(c, &share::open_file(&file)?, &[], true),
                    drop_it,
                )
            },
        ),
        frame(
            "waiting_shared_plan",
            "what merging the waiting file would do (a dry run)",
            |db| {
                db.exchange()?;
                let Db { conn, exchange, .. } = db;
                let incoming = &exchange.as_ref().ok_or("no exchange")?.incoming;
                timed(
                    conn,
                    Pace::Write,
                    no_setup,
                    |c, ()| share::merge(c, incoming, &[], true),
                    drop_it,
                )
            },
        ),
        whole(
            "merge_shared_plan",
            "merges the file a mentee sent back, after copying the data file to backups/ for Undo",
            |db| {
                let path = db.path.clone();
                db.exchange()?;
                let Db { conn, exchange, .. } = db;
                let exchange = exchange.as_mut().ok_or("no exchange")?;
                timed(
                    conn,
                    Pace::WholeFile,
                    |_| exchange.send_back(None),
                    |c, incoming| {
                        let backup = backups::back_up_now(c, &path)?;
                        let report = share::merge(c, &incoming, &[], false)?;
                        Ok(Merged { report, backup })
                    },
                    |_, merged| Ok(std::fs::remove_file(merged.backup.path)?),
                )
            },
        ),
        none(
            "forget_shared_plan",
            "drops the waiting file unmerged",
            "no number: no data work (the file read is forgotten)",
        ),
        frame(
            "unlock_shared_plan",
            "opens a file sealed with a passphrase, then a dry-run merge",
            |db| {
                let sealed = db.exchange()?.sealed.clone();
                db.write(
                    no_setup,
                    move |c, ()| {
                        share::merge(c, &share::open_sealed(&sealed, PASSPHRASE)?, &[], true)
                    },
                    drop_it,
                )
            },
        ),
        frame("shared_with_me", "the plans others shared with me", |db| {
            db.read(overview::shared_with_me)
        }),
        frame("share_status", "how a plan is shared", |db| {
            let a = db.a;
            db.read(move |c| overview::status(c, a.plan))
        }),
        frame("list_topics", "a plan's topics for the next 1:1", |db| {
            let a = db.a;
            db.read(move |c| topics::list(c, a.plan))
        }),
        frame("add_topic", "adds a topic for the next 1:1", |db| {
            let b = db.b;
            db.write(
                no_setup,
                move |c, ()| topics::add(c, b.plan, "How to say no to the roadmap asks"),
                |c, made| Ok(topics::delete(c, made.id)?),
            )
        }),
        frame("set_topic_done", "ticks a topic as talked about", |db| {
            let b = db.b;
            let id = topics::add(&mut db.conn, b.plan, "Hiring for the platform team")?.id;
            let outcome = db.write(
                alternate(),
                move |c, done| topics::set_done(c, id, done),
                drop_it,
            )?;
            topics::delete(&mut db.conn, id)?;
            Ok(outcome)
        }),
        frame("delete_topic", "deletes a topic (undoable)", |db| {
            let b = db.b;
            db.write(
                move |c| Ok(topics::add(c, b.plan, "Conference talk proposal")?.id),
                topics::delete,
                drop_it,
            )
        }),
        frame("restore_topic", "undoes deleting a topic", |db| {
            let b = db.b;
            db.write(
                move |c| {
                    let id = topics::add(c, b.plan, "Conference talk proposal")?.id;
                    topics::delete(c, id)?;
                    Ok(id)
                },
                topics::restore,
                |c, made| Ok(topics::delete(c, made.id)?),
            )
        }),
        frame("list_comments", "a plan's comments", |db| {
            let a = db.a;
            db.read(move |c| comments::list(c, a.plan))
        }),
        frame("add_comment", "comments on a plan", |db| {
            let b = db.b;
            db.write(
                no_setup,
                move |c, ()| comments::add(c, b.plan, "Great progress on the roadmap this month."),
                |c, made| Ok(comments::delete(c, made.id)?),
            )
        }),
        frame(
            "delete_comment",
            "deletes one's own comment (undoable)",
            |db| {
                let b = db.b;
                db.write(
                    move |c| Ok(comments::add(c, b.plan, "Let's revisit the timeline.")?.id),
                    comments::delete,
                    drop_it,
                )
            },
        ),
        frame("restore_comment", "undoes deleting a comment", |db| {
            let b = db.b;
            db.write(
                move |c| {
                    let id = comments::add(c, b.plan, "Let's revisit the timeline.")?.id;
                    comments::delete(c, id)?;
                    Ok(id)
                },
                comments::restore,
                |c, made| Ok(comments::delete(c, made.id)?),
            )
        }),
        frame(
            "sync_pair",
            "pairs with a sync server: the input checked and the pairing kept (the server's answer over the network not included)",
            |db| {
                db.write(
                    no_setup,
                    |c, ()| {
                        let (url, code, device) =
                            live::pairing_input("sync.example.org", "7F3K-9QX2", "Laptop")?;
                        live::save_pairing(c, &url, &paired(&code, &device))
                    },
                    drop_it,
                )
            },
        ),
        background(
            "sync_pair",
            "then, holding the data file, the sync loop's first round: the person's own document made with their leader types, templates and settings (their mentees' records follow, a few a round)",
            |db| Ok(took(db.sync_rounds()?.first)),
        ),
        background(
            "sync_pair",
            "then each round after it, writing a few mentees' records into the person's document, their plans' and their own until all are (the median round; the slowest is in the text)",
            |db| Ok(took(median(db.sync_rounds()?.rest.clone()))),
        ),
        background(
            "sync_pair",
            "then, once every record is in, the round after each edit: the edited plan's documents written and offered",
            |db| {
                let milestone = db.a.milestone;
                db.round_after_edit(milestone)
            },
        ),
        background(
            "sync_pair",
            "then the round after an edit of mentee B, whose plans the rows above created and deleted a hundred times: the edited plan's documents alone (changes are marked per plan)",
            |db| {
                let milestone = db.b.milestone;
                db.round_after_edit(milestone)
            },
        ),
        background(
            "sync_pair",
            "then the round after a mentee's own fields change (notes here): their record in the person's document, the one document that carries them",
            |db| {
                let session = Rc::clone(&db.sync_rounds()?.session);
                let b = db.b;
                let input = db.mentee_input()?;
                let mut n = 0;
                db.write(
                    move |c| {
                        n += 1;
                        let notes = format!("Leads the platform guild; edit {n}.");
                        mentees::update(
                            c,
                            b.mentee,
                            &MenteeInput {
                                notes,
                                ..input.clone()
                            },
                        )?;
                        Ok(())
                    },
                    move |c, ()| Ok(session.borrow_mut().outgoing(c)?.frames.len()),
                    drop_it,
                )
            },
        ),
        background(
            "sync_pair",
            "then at each connection to the server, a round offering the documents this device syncs, a few hundred a round (the person's document stays loaded from the connection before)",
            |db| {
                let session = Rc::clone(&db.sync_rounds()?.session);
                db.write(
                    no_setup,
                    move |c, ()| {
                        let mut session = session.borrow_mut();
                        session.reconnect();
                        Ok(session.outgoing(c)?.frames.len())
                    },
                    drop_it,
                )
            },
        ),
        background(
            "sync_pair",
            "the first connection after Waymark starts, holding the data file to read the person's document as saved (loading it holds nothing: the next row)",
            |db| {
                db.write(
                    no_setup,
                    |c, ()| Ok(Session::new().saved_person(c)?.is_some()),
                    drop_it,
                )
            },
        ),
        beside(
            "sync_pair",
            "then, holding nothing, the person's document loaded from what was read, and written whole again when changes were saved after it",
            |db| {
                let mut edited = notes_edited(db)?;
                db.write(
                    move |c| {
                        edited(c)?;
                        Ok(Session::new().saved_person(c)?)
                    },
                    |_, saved| {
                        let mut session = Session::new();
                        match saved {
                            Some(saved) => Ok(session.warm(saved)?.is_some()),
                            None => Ok(false),
                        }
                    },
                    drop_it,
                )
            },
        ),
        background(
            "sync_pair",
            "then, holding the data file, that whole kept in place of the changes saved after it",
            |db| {
                let mut edited = notes_edited(db)?;
                db.write(
                    move |c| {
                        edited(c)?;
                        let mut fresh = Session::new();
                        let saved = fresh.saved_person(c)?.ok_or("no person document")?;
                        Ok(fresh.warm(saved)?.ok_or("nothing saved after the whole")?)
                    },
                    |c, folded| live::store_folded(c, &folded),
                    drop_it,
                )
            },
        ),
        background(
            "sync_pair",
            "then the connection's first round, the document loaded",
            |db| {
                db.write(
                    |c| {
                        let mut session = Session::new();
                        if let Some(saved) = session.saved_person(c)? {
                            session.warm(saved)?;
                        }
                        Ok(session)
                    },
                    |c, mut session| Ok(session.outgoing(c)?.frames.len()),
                    drop_it,
                )
            },
        ),
        background(
            "sync_pair",
            "then a mentee's notes changed on another of the person's devices arrive: the change taken into the person's document, checked, and written into the mentee's row",
            |db| {
                let session = Rc::clone(&db.sync_rounds()?.session);
                let own = Rc::clone(&session);
                let other = db.other_device()?;
                let answered = Rc::clone(&other);
                let b = db.b;
                let input = db.mentee_input()?;
                let mut n = 0;
                db.write(
                    move |c| {
                        let mut other = other.borrow_mut();
                        settle_person(c, &mut own.borrow_mut(), &mut other)?;
                        n += 1;
                        let notes = format!("Leads the platform guild; edited elsewhere {n}.");
                        let edited = MenteeInput {
                            notes,
                            ..input.clone()
                        };
                        mentees::update(&mut other.conn, b.mentee, &edited)?;
                        let OtherDevice { conn, session, .. } = &mut *other;
                        Ok(person_frames(session.outgoing(conn)?.frames))
                    },
                    move |c, frames| {
                        let mut own = session.borrow_mut();
                        let mut answers = Vec::new();
                        for frame in &frames {
                            answers.extend(own.incoming(c, frame)?.replies);
                        }
                        let count = answers.len();
                        answered.borrow_mut().answers = person_frames(answers);
                        Ok(count)
                    },
                    drop_it,
                )
            },
        ),
        frame(
            "sync_status",
            "where live sync stands (read from the data file until the sync loop reports)",
            |db| {
                pair(&mut db.conn)?;
                db.read(|c| SyncStatus::read(c, SyncPhase::Connecting, None))
            },
        ),
        frame("sync_set_paused", "pauses live sync, or resumes it", |db| {
            pair(&mut db.conn)?;
            let outcome = db.write(
                alternate(),
                |c, paused| live::set_paused(c, paused),
                drop_it,
            )?;
            live::set_paused(&db.conn, false)?;
            Ok(outcome)
        }),
        frame(
            "sync_forget",
            "forgets the sync server; plans shared live go back to files",
            |db| {
                pair(&mut db.conn)?;
                db.write(no_setup, |c, ()| live::forget_pairing(c), |c, ()| pair(c))
            },
        ),
        frame(
            "sync_conflicts",
            "fields changed on two devices at once",
            |db| db.read(conflicts::list),
        ),
        frame(
            "sync_choose",
            "keeps the other device's value of a mentee's notes that both devices changed at once",
            |db| {
                let session = Rc::clone(&db.sync_rounds()?.session);
                let other = db.other_device()?;
                let b = db.b;
                let input = db.mentee_input()?;
                let mut n = 0;
                db.write(
                    move |c| {
                        let mut other = other.borrow_mut();
                        let mut own = session.borrow_mut();
                        settle_person(c, &mut own, &mut other)?;
                        n += 1;
                        for (conn, notes) in [
                            (&mut *c, format!("Wants to lead the data platform ({n}).")),
                            (
                                &mut other.conn,
                                format!("Moving to the security guild ({n})."),
                            ),
                        ] {
                            let edited = MenteeInput {
                                notes,
                                ..input.clone()
                            };
                            mentees::update(conn, b.mentee, &edited)?;
                        }
                        settle_person(c, &mut own, &mut other)?;
                        let listed = conflicts::list(c)?;
                        Ok(listed.first().ok_or("no conflict to choose from")?.id)
                    },
                    |c, id| conflicts::choose(c, id, Keep::Theirs),
                    drop_it,
                )
            },
        ),
        frame(
            "share_live",
            "shares a plan live (the sync loop sends the grant)",
            |db| {
                pair(&mut db.conn)?;
                let c = db.c;
                db.write(
                    move |conn| Ok(live::stop_live(conn, c.plan)?),
                    move |conn, ()| {
                        live::share_live(conn, &live_request(c.plan))?;
                        overview::status(conn, c.plan)
                    },
                    drop_it,
                )
            },
        ),
        frame("stop_live", "stops sharing a plan live", |db| {
            pair(&mut db.conn)?;
            let c = db.c;
            db.write(
                move |conn| Ok(live::share_live(conn, &live_request(c.plan))?),
                move |conn, ()| {
                    live::stop_live(conn, c.plan)?;
                    overview::status(conn, c.plan)
                },
                drop_it,
            )
        }),
        frame(
            "set_mentee_rhythm",
            "sets how often 1:1s are due and the talking points",
            |db| {
                let b = db.b;
                db.write(
                    alternate(),
                    move |c, weekly| {
                        let rhythm = RhythmInput {
                            cadence: if weekly {
                                Cadence::Weekly
                            } else {
                                Cadence::Fortnightly
                            },
                            talking_points: "How is the team?\nWhat is blocking you?".into(),
                        };
                        mentees::set_rhythm(c, b.mentee, &rhythm)
                    },
                    drop_it,
                )
            },
        ),
        frame("next_session", "a mentee's next 1:1 and its agenda", |db| {
            let a = db.a;
            db.read(move |c| agenda::next(c, a.mentee, dates::today()))
        }),
        frame("tick_agenda", "ticks an entry of a 1:1's agenda", |db| {
            let id = db.today_session()?;
            db.write(
                alternate(),
                move |c, ticked| sessions::tick_agenda(c, id, 0, ticked),
                drop_it,
            )
        }),
        frame("list_evidence", "a mentee's evidence", |db| {
            let a = db.a;
            db.read(move |c| evidence::list(c, a.mentee))
        }),
        frame(
            "evidence_for_assessment",
            "the evidence since the last assessment, for the assessment form",
            |db| {
                let a = db.a;
                db.read(move |c| evidence::since_last_assessment(c, a.mentee, None, None))
            },
        ),
        frame(
            "create_evidence",
            "logs evidence against a milestone",
            |db| {
                let b = db.b;
                let input = db.evidence_input();
                db.write(
                    no_setup,
                    move |c, ()| evidence::create(c, b.mentee, &input),
                    |c, made| Ok(evidence::delete(c, made.id)?),
                )
            },
        ),
        frame("update_evidence", "saves the evidence form", |db| {
            let b = db.b;
            let input = db.evidence_input();
            let id = evidence::create(&mut db.conn, b.mentee, &input)?.id;
            let mut n = 0;
            let outcome = db.write(
                move |_| {
                    n += 1;
                    Ok(EvidenceInput {
                        note: format!("The team adopted it the week after (edit {n})."),
                        ..input.clone()
                    })
                },
                move |c, input| evidence::update(c, id, &input),
                drop_it,
            )?;
            evidence::delete(&mut db.conn, id)?;
            Ok(outcome)
        }),
        frame("delete_evidence", "deletes evidence (undoable)", |db| {
            let b = db.b;
            let input = db.evidence_input();
            db.write(
                move |c| Ok(evidence::create(c, b.mentee, &input)?.id),
                evidence::delete,
                drop_it,
            )
        }),
        frame("restore_evidence", "undoes deleting evidence", |db| {
            let b = db.b;
            let input = db.evidence_input();
            db.write(
                move |c| {
                    let id = evidence::create(c, b.mentee, &input)?.id;
                    evidence::delete(c, id)?;
                    Ok(id)
                },
                evidence::restore,
                |c, made| Ok(evidence::delete(c, made.id)?),
            )
        }),
        frame("get_reminder_settings", "when reminders may come", |db| {
            db.read(settings::reminders)
        }),
        frame(
            "update_reminder_settings",
            "saves when reminders may come",
            |db| {
                db.write(
                    alternate(),
                    |c, late| {
                        let reminders = ReminderSettings {
                            summary_at: if late { "09:30" } else { "09:00" }.into(),
                            ..ReminderSettings::default()
                        };
                        settings::update_reminders(c, &reminders)
                    },
                    drop_it,
                )
            },
        ),
        none(
            "start_at_login",
            "whether Waymark starts at login",
            "no number: asks the system's login items",
        ),
        none(
            "set_start_at_login",
            "starts Waymark at login, or not",
            "no number: changes the system's login items",
        ),
        frame(
            "plan_forecast",
            "when each gap of a plan is likely to close",
            |db| {
                let a = db.a;
                db.read(move |c| forecast::for_plan(c, a.plan))
            },
        ),
        frame(
            "get_calibration",
            "mentor's ratings against the mentees' own, across every mentee",
            |db| db.read(calibration::load),
        ),
        frame(
            "calendar_file_status",
            "the calendar file kept up to date, if any",
            |db| db.read(calendar_status),
        ),
        frame(
            "keep_calendar_file",
            "after the save dialog: the calendar file kept in the settings",
            |db| {
                let out = db.scratch.join("Waymark.ics");
                db.write(
                    no_setup,
                    move |c, ()| {
                        settings::set_calendar_file(c, Some(&out))?;
                        calendar_status(c)
                    },
                    |c, _| Ok(settings::set_calendar_file(c, None)?),
                )
            },
        ),
        background(
            "keep_calendar_file",
            "then, 2 s after each change, holding the data file: the look at its change count and the chosen file, and a reader opened on the data as it is",
            |db| {
                let path = db.path.clone();
                db.read(move |c| {
                    settings::calendar_file(c)?;
                    let reader = db::open_reader(&path)?;
                    reader.execute_batch("BEGIN")?;
                    reader.query_row("PRAGMA schema_version", [], |_| Ok(()))?;
                    Ok(true)
                })
            },
        ),
        beside(
            "keep_calendar_file",
            "then, on that reader: every active plan's milestones and 1:1s read for the calendar (the file is written after)",
            |db| {
                let path = db.path.clone();
                db.whole_file(
                    no_setup,
                    move |_, ()| {
                        let reader = db::open_reader(&path)?;
                        let (rows, schedules) =
                            exports::calendar_of(&reader, Scope::AllActivePlans, Utc::now())?;
                        Ok((rows.len(), schedules.len()))
                    },
                    drop_it,
                )
            },
        ),
        frame(
            "stop_calendar_file",
            "stops keeping the calendar file",
            |db| {
                let out = db.scratch.join("Waymark.ics");
                db.write(
                    move |c| Ok(settings::set_calendar_file(c, Some(&out))?),
                    |c, ()| {
                        settings::set_calendar_file(c, None)?;
                        calendar_status(c)
                    },
                    drop_it,
                )
            },
        ),
    ]
}

fn frame(command: &'static str, what: &'static str, measure: Measure) -> Entry {
    Entry {
        command,
        what,
        how: How::Frame(measure),
    }
}

fn whole(command: &'static str, what: &'static str, measure: Measure) -> Entry {
    Entry {
        command,
        what,
        how: How::WholeFile(measure),
    }
}

fn background(command: &'static str, what: &'static str, measure: Measure) -> Entry {
    Entry {
        command,
        what,
        how: How::Background(measure),
    }
}

fn beside(command: &'static str, what: &'static str, measure: Measure) -> Entry {
    Entry {
        command,
        what,
        how: How::Beside(measure),
    }
}

fn none(command: &'static str, what: &'static str, why: &'static str) -> Entry {
    Entry {
        command,
        what,
        how: How::NoNumber(why),
    }
}

/// The median seconds of one call: `setup` makes what it needs and `undo` removes what it
/// made, both untimed; the call runs under the limit the app's store sets and its answer
/// becomes JSON, as the IPC sends it. The statements of the last call before the rounds
/// (the first, for work timed once or done once to each row) are kept.
fn timed<S, T: Serialize>(
    conn: &mut Connection,
    pace: Pace,
    mut setup: impl FnMut(&mut Connection) -> BenchResult<S>,
    mut call: impl FnMut(&mut Connection, S) -> CoreResult<T>,
    mut undo: impl FnMut(&mut Connection, T) -> BenchResult<()>,
) -> BenchResult<Outcome> {
    let mut once = |conn: &mut Connection, watch: bool| -> BenchResult<(f64, Option<Watched>)> {
        let state = setup(conn)?;
        let watching = if watch { Some(watch_on(conn)?) } else { None };
        let started = Instant::now();
        let answer = db::within(pace.limit(), || call(conn, state));
        let answer = match answer {
            Ok(answer) => serde_json::to_vec(&answer)
                .map(|json| {
                    black_box(json);
                    answer
                })
                .map_err(|e| -> Box<dyn std::error::Error + Send + Sync> { e.into() }),
            Err(e) => Err(e.into()),
        };
        let took = started.elapsed().as_secs_f64();
        let watched = match watching {
            Some(sink) => Some(watch_off(conn, &sink)?),
            None => None,
        };
        undo(conn, answer?)?;
        Ok((took, watched))
    };
    if let Pace::Once(runs) = pace {
        let (_, watched) = once(conn, true)?;
        let times = (0..runs.max(1))
            .map(|_| once(conn, false).map(|(took, _)| took))
            .collect::<BenchResult<Vec<f64>>>()?;
        let (statements, triggers) = watched.unwrap_or_default();
        return Ok(Outcome::Took(Timing {
            seconds: median(times),
            statements,
            triggers,
        }));
    }
    let (first, watched) = once(conn, true)?;
    if first > ONCE_ABOVE {
        let (statements, triggers) = watched.unwrap_or_default();
        return Ok(Outcome::Took(Timing {
            seconds: first,
            statements,
            triggers,
        }));
    }
    let (second, watched) = once(conn, true)?;
    let (statements, triggers) = watched.unwrap_or_default();
    let repeats = ((ROUND_TARGET / second.max(1e-6)) as usize).clamp(1, pace.max_repeats());
    let mut rounds = Vec::with_capacity(pace.rounds());
    for _ in 0..pace.rounds() {
        let mut total = 0.0;
        for _ in 0..repeats {
            total += once(conn, false)?.0;
        }
        rounds.push(total / repeats as f64);
    }
    Ok(Outcome::Took(Timing {
        seconds: median(rounds),
        statements,
        triggers,
    }))
}

type Sink = Arc<Mutex<Watched>>;
/// The statements of a call with their times, and the triggers they fired.
type Watched = (Vec<Statement>, BTreeSet<String>);

fn watch_on(conn: &mut Connection) -> BenchResult<Sink> {
    let sink: Sink = Arc::default();
    let into = Arc::clone(&sink);
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT | TraceEventCodes::SQLITE_TRACE_PROFILE,
        Some(move |event: TraceEvent<'_>| {
            let Ok(mut watched) = into.lock() else {
                return;
            };
            match event {
                // SQLite marks the start of each trigger it runs with a comment line.
                TraceEvent::Stmt(_, sql) => {
                    if let Some(name) = sql.strip_prefix("-- TRIGGER ") {
                        watched.1.insert(name.trim().to_owned());
                    }
                }
                TraceEvent::Profile(stmt, took) => {
                    let sql = stmt
                        .expanded_sql()
                        .unwrap_or_else(|| stmt.sql().into_owned());
                    watched.0.push(Statement { sql, took });
                }
                _ => {}
            }
        }),
    )?;
    Ok(sink)
}

fn watch_off(conn: &mut Connection, sink: &Sink) -> BenchResult<Watched> {
    conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)?;
    let mut watched = sink.lock().map_err(|_| "trace lock poisoned")?;
    Ok(std::mem::take(&mut *watched))
}

/// A time measured by the row itself, with no statements listed.
fn took(seconds: f64) -> Outcome {
    Outcome::Took(Timing {
        seconds,
        statements: Vec::new(),
        triggers: BTreeSet::new(),
    })
}

fn no_setup(_: &mut Connection) -> BenchResult<()> {
    Ok(())
}

fn drop_it<T>(_: &mut Connection, _: T) -> BenchResult<()> {
    Ok(())
}

/// A setup that answers true and false in turn, for a switch flipped back and forth.
fn alternate() -> impl FnMut(&mut Connection) -> BenchResult<bool> {
    let mut on = false;
    move |_| {
        on = !on;
        Ok(on)
    }
}

impl Db {
    /// A copy of `source` in `folder` (emptied first), opened as the app opens it.
    fn copy_of(source: &Path, folder: &Path) -> BenchResult<Db> {
        if folder.exists() {
            std::fs::remove_dir_all(folder)?;
        }
        let scratch = folder.join("exports");
        std::fs::create_dir_all(&scratch)?;
        let path = folder.join("waymark.sqlite3");
        std::fs::copy(source, &path)?;
        // On disk before it is opened, as the person's file is: otherwise the first
        // checkpoint's fsync writes the whole copy, inside whichever row it lands in.
        std::fs::File::open(&path)?.sync_all()?;
        let mut conn = db::open(&path)?;
        checkpoints::move_off_writer(&mut conn, &path)?;
        let a = subject(&conn, &[])?;
        let b = subject(&conn, &[a.mentee])?;
        let c = subject(&conn, &[a.mentee, b.mentee])?;
        let catalogue = catalogue::load(&conn)?;
        let templates = templates::list(&conn)?
            .into_iter()
            .filter(|t| t.built_in && !t.milestones.is_empty())
            .map(|t| t.id)
            .collect();
        Ok(Db {
            folder: folder.to_owned(),
            path,
            scratch,
            conn,
            a,
            b,
            c,
            catalogue,
            templates,
            made: 0,
            today_session: None,
            exchange: None,
            backup: None,
            archive: None,
            sync: None,
            other_device: None,
        })
    }

    /// Closes the database and removes its folder, backups and exports with it.
    fn remove(self) -> BenchResult<()> {
        let folder = self.folder.clone();
        drop(self);
        std::fs::remove_dir_all(folder)?;
        Ok(())
    }

    fn read<T: Serialize>(
        &mut self,
        mut read: impl FnMut(&Connection) -> CoreResult<T>,
    ) -> BenchResult<Outcome> {
        timed(
            &mut self.conn,
            Pace::Read,
            no_setup,
            |c, ()| read(&*c),
            drop_it,
        )
    }

    fn write<S, T: Serialize>(
        &mut self,
        setup: impl FnMut(&mut Connection) -> BenchResult<S>,
        call: impl FnMut(&mut Connection, S) -> CoreResult<T>,
        undo: impl FnMut(&mut Connection, T) -> BenchResult<()>,
    ) -> BenchResult<Outcome> {
        timed(&mut self.conn, Pace::Write, setup, call, undo)
    }

    fn whole_file<S, T: Serialize>(
        &mut self,
        setup: impl FnMut(&mut Connection) -> BenchResult<S>,
        call: impl FnMut(&mut Connection, S) -> CoreResult<T>,
        undo: impl FnMut(&mut Connection, T) -> BenchResult<()>,
    ) -> BenchResult<Outcome> {
        timed(&mut self.conn, Pace::WholeFile, setup, call, undo)
    }

    /// Pairs the file, if it is not, and runs the sync loop's rounds until all is offered:
    /// once, by the first row that asks.
    fn sync_rounds(&mut self) -> BenchResult<&mut SyncRounds> {
        if self.sync.is_none() {
            pair(&mut self.conn)?;
            let mut session = Session::new();
            let mut times = Vec::new();
            for _ in 0..1_000_000 {
                let started = Instant::now();
                let round = session.outgoing(&mut self.conn)?;
                times.push(started.elapsed().as_secs_f64());
                if !round.more {
                    break;
                }
            }
            let rest = times.split_off(1.min(times.len()));
            let slowest = rest.iter().copied().fold(0.0, f64::max);
            eprintln!(
                "{:>9}  sync rounds after pairing: {} in all, the slowest after the first {}",
                "",
                rest.len() + 1,
                duration(slowest)
            );
            self.sync = Some(SyncRounds {
                first: times.first().copied().unwrap_or_default(),
                rest,
                session: Rc::new(RefCell::new(session)),
            });
        }
        self.sync.as_mut().ok_or_else(|| "no sync rounds".into())
    }

    /// The sync round after `milestone`'s title changes, its title edited back and forth
    /// between calls; the rounds after pairing are run first.
    fn round_after_edit(&mut self, milestone: i64) -> BenchResult<Outcome> {
        let session = Rc::clone(&self.sync_rounds()?.session);
        let mut on = false;
        self.write(
            move |c| {
                on = !on;
                let title = if on {
                    "Ship the roadmap"
                } else {
                    "Draft the roadmap"
                };
                milestones::update(c, milestone, &MilestoneInput::planned(title, None))?;
                Ok(())
            },
            move |c, ()| Ok(session.borrow_mut().outgoing(c)?.frames.len()),
            drop_it,
        )
    }

    /// Another of the person's devices, made once from this file after the sync rounds.
    fn other_device(&mut self) -> BenchResult<Rc<RefCell<OtherDevice>>> {
        if self.other_device.is_none() {
            self.sync_rounds()?;
            let path = self.folder.join("other-device.sqlite3");
            // Everything in the main file first, so that copying it copies all.
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            std::fs::copy(&self.path, &path)?;
            self.other_device = Some(Rc::new(RefCell::new(OtherDevice {
                conn: db::open(&path)?,
                session: Session::new(),
                answers: Vec::new(),
            })));
        }
        Ok(Rc::clone(
            self.other_device.as_ref().ok_or("no other device")?,
        ))
    }

    fn template(&self, index: usize) -> BenchResult<i64> {
        Ok(*self
            .templates
            .get(index)
            .ok_or("no built-in goal template")?)
    }

    /// What the leader-type form sends: a built-in type's profile under a name of one's own.
    fn leader_type_input(&self) -> BenchResult<LeaderTypeInput> {
        let model = self
            .catalogue
            .leader_types
            .iter()
            .find(|t| t.built_in)
            .ok_or("no built-in leader type")?;
        Ok(LeaderTypeInput {
            family_key: model.family_key.clone(),
            name: "Platform leader".into(),
            description: "Leads the platform teams.".into(),
            profile: model.profile.clone(),
        })
    }

    /// What the mentee form sends, with mentee B's choices.
    fn mentee_input(&self) -> BenchResult<MenteeInput> {
        let b = mentees::get(&self.conn, self.b.mentee)?;
        Ok(MenteeInput {
            name: b.name,
            current_role: b.current_role,
            current_leader_type_id: b.current_leader_type_id,
            target_leader_type_id: b.target_leader_type_id,
            role_track_key: b.role_track_key,
            start_date: b.start_date,
            notes: "Wants to lead the platform group.".into(),
            is_self: false,
        })
    }

    /// What the plan form sends, with mentee B's plan's choices.
    fn plan_input(&self, status: PlanStatus) -> BenchResult<PlanInput> {
        let p = plans::get(&self.conn, self.b.plan)?;
        Ok(PlanInput {
            title: "Toward platform leadership".into(),
            leader_type_id: p.leader_type_id,
            role_track_key: p.role_track_key,
            starts_on: p.starts_on,
            target_on: p.target_on,
            status,
            targets: None,
        })
    }

    fn goal_input(&self) -> GoalInput {
        let keys = |list: Vec<String>, n| list.into_iter().take(n).collect();
        GoalInput {
            title: "Run the quarterly planning".into(),
            description: "Owns the planning for the platform group, end to end.".into(),
            competency_keys: keys(
                self.catalogue
                    .competencies
                    .iter()
                    .map(|c| c.key.clone())
                    .collect(),
                2,
            ),
            theme_keys: keys(
                self.catalogue
                    .themes
                    .iter()
                    .map(|t| t.key.clone())
                    .collect(),
                1,
            ),
        }
    }

    /// What the assessment form sends: a level for every competency (two with a
    /// comment) and a position on every spectrum.
    fn assessment_input(&self, assessor: Assessor) -> AssessmentInput {
        AssessmentInput {
            assessed_on: dates::iso(dates::today()),
            assessor,
            notes: "Strong quarter; delegation is the next step.".into(),
            ratings: self
                .catalogue
                .competencies
                .iter()
                .enumerate()
                .map(|(i, c)| Rating {
                    competency_key: c.key.clone(),
                    level: 2 + (i as i64 % 3),
                    comment: match i {
                        0 => "Led the roadmap review.".into(),
                        1 => "Still carries too much alone.".into(),
                        _ => String::new(),
                    },
                })
                .collect(),
            spectrums: self
                .catalogue
                .spectrums
                .iter()
                .map(|s| SpectrumPosition {
                    spectrum_key: s.key.clone(),
                    position: 3,
                })
                .collect(),
        }
    }

    /// What the 1:1 form sends for mentee B: held today, to the agenda Waymark offered.
    fn session_input(&self) -> BenchResult<SessionInput> {
        let b = self.b;
        let next = agenda::next(&self.conn, b.mentee, dates::today())?;
        Ok(SessionInput {
            held_on: dates::iso(dates::today()),
            notes: "## Progress\n- Roadmap draft shared\n- Talked through a **hard** conversation"
                .into(),
            shared_notes: "Agreed to pair on the next review.".into(),
            goal_ids: vec![b.goal],
            new_action_items: vec!["Send the roadmap to the staff engineers".into()],
            agenda: next.agenda.iter().map(|item| item.entry()).collect(),
        })
    }

    fn evidence_input(&self) -> EvidenceInput {
        let b = self.b;
        EvidenceInput {
            plan_id: Some(b.plan),
            milestone_id: Some(b.milestone),
            observed_on: dates::iso(dates::today()),
            title: "Ran the architecture review".into(),
            link: "https://wiki.example.org/platform/review".into(),
            note: "The team adopted the proposal.".into(),
            competency_keys: Vec::new(),
        }
    }

    /// Makes mentees the way a person does, through the commands' own functions.
    fn maker(&mut self) -> BenchResult<Maker> {
        self.made += 1_000;
        Ok(Maker {
            mentee: self.mentee_input()?,
            plan: self.plan_input(PlanStatus::Active)?,
            templates: self.templates.iter().copied().cycle().take(10).collect(),
            assessments: [
                self.assessment_input(Assessor::Mentor),
                self.assessment_input(Assessor::Myself),
            ],
            made: RefCell::new(self.made),
        })
    }

    /// Mentee B's 1:1 held today to the agenda Waymark offered, with two action items,
    /// made once for the commands that change a 1:1.
    fn today_session(&mut self) -> BenchResult<i64> {
        if let Some(id) = self.today_session {
            return Ok(id);
        }
        let b = self.b;
        let rhythm = RhythmInput {
            cadence: Cadence::Fortnightly,
            talking_points: "How is the team?\nWhat is blocking you?".into(),
        };
        mentees::set_rhythm(&self.conn, b.mentee, &rhythm)?;
        let input = SessionInput {
            new_action_items: vec![
                "Book the architecture review".into(),
                "Share the draft roadmap".into(),
            ],
            ..self.session_input()?
        };
        if input.agenda.is_empty() {
            return Err("mentee B's next 1:1 has no agenda".into());
        }
        let id = sessions::create(&mut self.conn, b.mentee, &input)?.id;
        self.today_session = Some(id);
        Ok(id)
    }

    /// Mentee C's plan shared with their own Waymark, which sent it back with a milestone
    /// ticked: the file, the same sealed with a passphrase, and the file read and checked.
    fn exchange(&mut self) -> BenchResult<&mut Exchange> {
        if self.exchange.is_none() {
            let c = self.c;
            let bytes = share::share(&mut self.conn, &share_request(c.plan, Some(MENTOR)))?;
            let mut mentee = db::open_in_memory()?;
            let plan = share::merge(&mut mentee, &share::open_bytes(&bytes)?, &[], false)?.plan_id;
            let goals = goals::for_plan(&mentee, plan)?;
            let goal = goals.get(goals.len() / 2).ok_or("no goal arrived")?;
            let milestone = goal
                .milestones
                .get(goal.milestones.len() / 2)
                .ok_or("no milestone arrived")?
                .id;
            let mut exchange = Exchange {
                mentee,
                plan,
                milestone,
                file: self.scratch.join("sent back.waymark"),
                sealed: Vec::new(),
                incoming: share::open_bytes(&bytes)?,
                sent: 0,
            };
            exchange.sealed = exchange.send_back_bytes(Some(PASSPHRASE))?;
            let back = exchange.send_back_bytes(None)?;
            files::write_atomic(&exchange.file, &back)?;
            exchange.incoming = share::open_bytes(&back)?;
            self.exchange = Some(exchange);
        }
        Ok(self.exchange.as_mut().ok_or("no exchange")?)
    }

    /// This database's archive, exported once.
    fn archive(&mut self) -> BenchResult<PathBuf> {
        if let Some(path) = &self.archive {
            return Ok(path.clone());
        }
        let path = self.scratch.join("archive.json");
        files::write_atomic(&path, archive::export(&self.conn)?.as_bytes())?;
        self.archive = Some(path.clone());
        Ok(path)
    }

    /// A backup of this database, made once.
    fn backup(&mut self) -> BenchResult<PathBuf> {
        if let Some(path) = &self.backup {
            return Ok(path.clone());
        }
        let made = PathBuf::from(backups::back_up_now(&self.conn, &self.path)?.path);
        self.backup = Some(made.clone());
        Ok(made)
    }
}

impl Exchange {
    /// The mentee ticks their milestone done (or back) and sends the plan back.
    fn send_back_bytes(&mut self, passphrase: Option<&str>) -> BenchResult<Vec<u8>> {
        self.sent += 1;
        let status = match self.sent % 2 {
            0 => MilestoneStatus::InProgress,
            _ => MilestoneStatus::Done,
        };
        milestones::set_status(&mut self.mentee, self.milestone, status)?;
        let request = ShareRequest {
            passphrase: passphrase.map(str::to_owned),
            ..share_request(self.plan, None)
        };
        Ok(share::share(&mut self.mentee, &request)?)
    }

    /// The file the mentee sent back, read and checked, waiting to be merged.
    fn send_back(&mut self, passphrase: Option<&str>) -> BenchResult<Incoming> {
        let bytes = self.send_back_bytes(passphrase)?;
        Ok(share::open_bytes(&bytes)?)
    }
}

/// Makes a mentee like the generated ones, through the commands' own functions.
#[derive(Debug)]
struct Maker {
    mentee: MenteeInput,
    plan: PlanInput,
    templates: Vec<i64>,
    assessments: [AssessmentInput; 2],
    made: RefCell<u64>,
}

impl Maker {
    fn next(&self) -> u64 {
        let mut made = self.made.borrow_mut();
        *made += 1;
        *made
    }

    fn plan_for(&self, conn: &mut Connection, mentee: i64, status: PlanStatus) -> BenchResult<i64> {
        let input = PlanInput {
            title: format!("Toward platform leadership {}", self.next()),
            status,
            ..self.plan.clone()
        };
        let plan = plans::create(conn, mentee, &input)?.id;
        for template in &self.templates {
            templates::apply(conn, plan, *template)?;
        }
        Ok(plan)
    }

    /// A mentee with an active plan of 10 goals, 20 1:1s a fortnight apart with an action
    /// item each, and two assessments.
    fn mentee(&self, conn: &mut Connection) -> BenchResult<i64> {
        let input = MenteeInput {
            name: format!("Noor Haddad {}", self.next()),
            ..self.mentee.clone()
        };
        let mentee = mentees::create(conn, &input)?.id;
        let plan = self.plan_for(conn, mentee, PlanStatus::Active)?;
        let goal = goals::for_plan(conn, plan)?
            .first()
            .map(|g| g.id)
            .ok_or("the plan has no goal")?;
        for k in 0..20 {
            let held_on = dates::today()
                .checked_sub_days(Days::new(14 * k + 1))
                .ok_or("no such day")?;
            let session = SessionInput {
                held_on: dates::iso(held_on),
                notes: "Reviewed the roadmap. *Blocked* on a decision from the architecture forum."
                    .into(),
                shared_notes: String::new(),
                goal_ids: vec![goal],
                new_action_items: vec!["Follow up on what we agreed".into()],
                agenda: Vec::new(),
            };
            sessions::create(conn, mentee, &session)?;
        }
        for assessment in &self.assessments {
            assessments::create(conn, mentee, assessment)?;
        }
        Ok(mentee)
    }
}

/// The mentee with the largest active plan, from the middle of the list on (then from its
/// start), other than those `taken`; with the goal and milestone in the middle of the plan.
/// At scale every plan is as large, so it is the mentee in the middle; in the showcase
/// it is the one whose plan has the most in it.
fn subject(conn: &Connection, taken: &[i64]) -> BenchResult<Subject> {
    let mut stmt = conn.prepare(
        "SELECT m.id, p.id FROM plans p JOIN mentees m ON m.id = p.mentee_id
          WHERE p.status = 'active' AND p.deleted_at IS NULL AND m.archived_at IS NULL
            AND m.id NOT IN (SELECT value FROM json_each(?1))
          ORDER BY (SELECT count(*) FROM goals g JOIN milestones ms ON ms.goal_id = g.id
                     WHERE g.plan_id = p.id AND g.deleted_at IS NULL AND ms.deleted_at IS NULL
                   ) DESC,
                   m.id < (SELECT max(id) / 2 FROM mentees), m.id",
    )?;
    let candidates: Vec<(i64, i64)> = stmt
        .query_map([serde_json::to_string(taken)?], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (mentee, plan) in candidates {
        let goals = goals::for_plan(conn, plan)?;
        if goals.len() < 2 {
            continue;
        }
        let Some(goal) = goals.get(goals.len() / 2) else {
            continue;
        };
        let Some(milestone) = goal.milestones.get(goal.milestones.len() / 2) else {
            continue;
        };
        return Ok(Subject {
            mentee,
            plan,
            goal: goal.id,
            goals: goals.len(),
            milestone: milestone.id,
            milestones: goal.milestones.len(),
        });
    }
    Err("no mentee has an active plan of two goals with milestones".into())
}

fn page(search: &str, archive: ArchiveFilter, limit: Option<u32>) -> MenteeQuery {
    MenteeQuery {
        search: search.into(),
        archive,
        offset: 0,
        limit,
    }
}

fn status_of(path: &str) -> DataFileStatus {
    DataFileStatus {
        path: path.to_owned(),
        error: None,
        demo: false,
        upgrading: None,
    }
}

fn in_days(days: u64) -> String {
    let today = dates::today();
    dates::iso(today.checked_add_days(Days::new(days)).unwrap_or(today))
}

fn print_options() -> PrintOptions {
    PrintOptions {
        locale: LOCALE.into(),
        today: dates::today(),
    }
}

fn saved(path: &Path, bytes: &[u8]) -> CoreResult<SavedFile> {
    files::write_atomic(path, bytes)?;
    Ok(SavedFile {
        path: path.display().to_string(),
    })
}

/// What `export_milestones` does around its save dialog: the rows read, the file written.
fn export_milestones(
    conn: &Connection,
    plan: Option<i64>,
    format: ExportFormat,
    out: &Path,
) -> CoreResult<Exported> {
    let scope = plan.map_or(Scope::AllActivePlans, Scope::Plan);
    if let Some(id) = plan {
        plans::get(conn, id)?;
    }
    let (text, milestones) = exports::export(conn, scope, format, Utc::now())?;
    files::write_atomic(out, text.as_bytes())?;
    Ok(Exported {
        path: out.display().to_string(),
        milestones,
    })
}

/// Up to four plans near `near` never shared, for first shares: not `near` itself, nor
/// the plans in `kept`, which other rows expect as they are.
fn never_shared(conn: &Connection, near: i64, kept: &[i64]) -> BenchResult<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM plans p
          WHERE deleted_at IS NULL AND id <> ?1 AND id NOT IN (SELECT value FROM json_each(?2))
            AND NOT EXISTS (SELECT 1 FROM plan_shares s WHERE s.plan_id = p.id)
            AND NOT EXISTS (SELECT 1 FROM plan_documents d WHERE d.plan_id = p.id)
          ORDER BY abs(id - ?1) LIMIT 4",
    )?;
    let plans = stmt
        .query_map(rusqlite::params![near, serde_json::to_string(kept)?], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    match plans.is_empty() {
        true => Err("no plan left that was never shared".into()),
        false => Ok(plans),
    }
}

/// What `share_plan` does around its save dialog: the preview, then the file.
fn share_plan(conn: &mut Connection, plan: i64, out: &Path) -> CoreResult<SavedFile> {
    overview::preview(conn, plan)?;
    share::share_to_file(conn, &share_request(plan, Some(MENTOR)), out)?;
    Ok(SavedFile {
        path: out.display().to_string(),
    })
}

/// A setup that ticks a milestone done and back in turn, so there is a change to share.
fn alternate_milestone(id: i64) -> impl FnMut(&mut Connection) -> BenchResult<()> {
    let mut done = false;
    move |conn| {
        done = !done;
        let status = match done {
            true => MilestoneStatus::Done,
            false => MilestoneStatus::InProgress,
        };
        milestones::set_status(conn, id, status)?;
        Ok(())
    }
}

fn share_request(plan_id: i64, from_name: Option<&str>) -> ShareRequest {
    ShareRequest {
        plan_id,
        from_name: from_name.map(str::to_owned),
        mentee_edits_plan: false,
        include_assessments: false,
        passphrase: None,
    }
}

fn live_request(plan_id: i64) -> LiveShareRequest {
    LiveShareRequest {
        plan_id,
        account: "noor".into(),
        mentee_edits_plan: false,
    }
}

fn paired(code: &str, device: &str) -> waymark_wire::Paired {
    waymark_wire::Paired {
        account: "maria".into(),
        device: device.into(),
        token: format!("device-token-{code}-4c1e9a27b3d05f86"),
    }
}

/// A setup that changes mentee B's notes, differently each time, and runs the sync
/// round after it: a change is then saved after the person's whole document.
fn notes_edited(
    db: &mut Db,
) -> BenchResult<impl FnMut(&mut Connection) -> BenchResult<()> + use<>> {
    let session = Rc::clone(&db.sync_rounds()?.session);
    let b = db.b;
    let input = db.mentee_input()?;
    let mut n = 0;
    Ok(move |c: &mut Connection| -> BenchResult<()> {
        n += 1;
        let edited = MenteeInput {
            notes: format!("Leads the platform guild; edit {n} before a start."),
            ..input.clone()
        };
        mentees::update(c, b.mentee, &edited)?;
        while session.borrow_mut().outgoing(c)?.more {}
        Ok(())
    })
}

/// The sync messages about the person's own document, of all a round sends.
fn person_frames(frames: Vec<SyncFrame>) -> Vec<SyncFrame> {
    frames
        .into_iter()
        .filter(|f| f.doc.kind == DocKind::Person)
        .collect()
}

/// Passes the person's document's messages between this device and `other` until
/// neither has more to say, as the server would.
fn settle_person(
    conn: &mut Connection,
    own: &mut Session,
    other: &mut OtherDevice,
) -> BenchResult<()> {
    let mut to_other = std::mem::take(&mut other.answers);
    to_other.extend(person_frames(own.outgoing(conn)?.frames));
    for _ in 0..50 {
        let mut to_own = person_frames(other.session.outgoing(&mut other.conn)?.frames);
        for frame in to_other.drain(..) {
            let received = other.session.incoming(&mut other.conn, &frame)?;
            to_own.extend(person_frames(received.replies));
        }
        if to_own.is_empty() {
            return Ok(());
        }
        for frame in to_own {
            to_other.extend(person_frames(own.incoming(conn, &frame)?.replies));
        }
    }
    Err("the person's document never settled between the two devices".into())
}

/// This device paired with a sync server, as after `sync_pair`.
fn pair(conn: &mut Connection) -> BenchResult<()> {
    if live::pairing(conn)?.is_none() {
        live::save_pairing(conn, "wss://sync.example.org", &paired("7F3K", "Laptop"))?;
    }
    Ok(())
}

/// What `calendar_file_status` reads from the data file.
fn calendar_status(conn: &Connection) -> CoreResult<CalendarFileStatus> {
    Ok(CalendarFileStatus {
        path: settings::calendar_file(conn)?.map(|p| p.display().to_string()),
        ..CalendarFileStatus::default()
    })
}

/// Removes a data file and the journal files SQLite keeps beside it.
fn remove_data_file(path: &Path) -> BenchResult<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(file)?;
        }
    }
    Ok(())
}

fn cell(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Took(t) => duration(t.seconds),
        Outcome::NoNumber(_) => "—".into(),
    }
}

fn duration(seconds: f64) -> String {
    match seconds {
        s if s >= 1.0 => format!("{s:.2} s"),
        s if s >= 0.01 => format!("{:.1} ms", s * 1e3),
        s => format!("{:.2} ms", s * 1e3),
    }
}

fn verdict(entry: &Entry, big: &Outcome) -> String {
    let seconds = match (&entry.how, big) {
        (How::NoNumber(why), _) => return (*why).to_owned(),
        (_, Outcome::NoNumber(why)) => return why.clone(),
        (_, Outcome::Took(t)) => t.seconds,
    };
    let within = seconds <= FRAME;
    match (&entry.how, within) {
        (_, true) => "yes".into(),
        (How::WholeFile(_), false) => "whole file: shows its progress".into(),
        (How::Background(_), false) => "**no**: a click waits meanwhile".into(),
        (How::Beside(_), false) => "no click waits: it runs beside the app's connection".into(),
        _ => "**no**".into(),
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// For each read or click over a frame: its statements grouped by shape, slowest first,
/// with their query plans and the triggers the call fired.
fn slow_details(conn: &Connection, entries: &[Entry], outcomes: &[Outcome]) -> BenchResult<String> {
    let mut out = String::new();
    for (entry, outcome) in entries.iter().zip(outcomes) {
        let (How::Frame(_) | How::Background(_), Outcome::Took(t)) = (&entry.how, outcome) else {
            continue;
        };
        if t.seconds <= FRAME || t.statements.is_empty() {
            continue;
        }
        let mut shapes: BTreeMap<String, (String, usize, Duration)> = BTreeMap::new();
        for s in &t.statements {
            let slot = shapes
                .entry(shape(&s.sql))
                .or_insert_with(|| (s.sql.clone(), 0, Duration::ZERO));
            slot.1 += 1;
            slot.2 += s.took;
        }
        let mut slowest: Vec<_> = shapes.into_values().collect();
        slowest.sort_by_key(|(_, _, took)| std::cmp::Reverse(*took));
        let total: Duration = t.statements.iter().map(|s| s.took).sum();
        writeln!(
            out,
            "\n#### `{}`: {}\n\n{} a call; {} statements, {} ms by SQLite's clock{}.\n\n```text",
            entry.command,
            entry.what,
            duration(t.seconds),
            t.statements.len(),
            total.as_millis(),
            match t.triggers.is_empty() {
                true => String::new(),
                false => format!(
                    ", firing {}",
                    t.triggers.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            }
        )?;
        for (sql, count, took) in slowest.iter().take(SLOWEST_SHOWN) {
            let times = match count {
                1 => String::new(),
                n => format!(" ({n}×)"),
            };
            writeln!(
                out,
                "{:>6} ms{times}  {}",
                took.as_millis(),
                clip(&squeeze(sql))
            )?;
            if let Ok(plan) = query_plan(conn, sql)
                && !plan.is_empty()
            {
                writeln!(out, "{plan}")?;
            }
        }
        writeln!(out, "```")?;
    }
    Ok(out)
}

/// A statement cut to a readable length.
fn clip(sql: &str) -> String {
    const MAX: usize = 400;
    match sql.char_indices().nth(MAX) {
        Some((at, _)) => format!("{} …", &sql[..at]),
        None => sql.to_owned(),
    }
}
