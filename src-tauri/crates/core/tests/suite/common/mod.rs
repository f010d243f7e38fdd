//! Fixtures shared by the core tests: a fresh database with a mentee and a plan.

use rusqlite::Connection;
use waymark_core::assessments::{AssessmentInput, Assessor, Rating, SpectrumPosition};
use waymark_core::catalogue::built_in::CLOUD_LEADER;
use waymark_core::goals::GoalInput;
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::plans::{self, PlanInput, PlanStatus};
use waymark_core::{Result, db};

pub mod write_protected;

pub use waymark_core::catalogue::{COMPETENCY_KEYS as COMPETENCIES, SPECTRUM_KEYS as SPECTRUMS};

pub struct Fixture {
    pub conn: Connection,
    pub mentee_id: i64,
}

pub fn with_mentee() -> Result<Fixture> {
    let mut conn = db::open_in_memory()?;
    let mentee = mentees::create(
        &mut conn,
        &MenteeInput {
            name: "Amara Okonkwo".into(),
            ..Default::default()
        },
    )?;
    Ok(Fixture {
        conn,
        mentee_id: mentee.id,
    })
}

pub fn plan_input(title: &str, status: PlanStatus) -> PlanInput {
    PlanInput {
        title: title.into(),
        leader_type_id: CLOUD_LEADER,
        role_track_key: "technical_leader".into(),
        starts_on: "2026-01-05".into(),
        target_on: "2026-12-18".into(),
        status,
        targets: None,
    }
}

/// A fixture with one active plan for the Cloud Leader type; returns the plan id.
pub fn with_plan() -> Result<(Fixture, i64)> {
    let mut f = with_mentee()?;
    let plan = plans::create(
        &mut f.conn,
        f.mentee_id,
        &plan_input("Toward cloud leadership", PlanStatus::Active),
    )?;
    Ok((f, plan.id))
}

pub fn goal(title: &str, competencies: &[&str]) -> GoalInput {
    GoalInput {
        title: title.into(),
        description: String::new(),
        competency_keys: competencies.iter().map(|k| (*k).to_owned()).collect(),
        theme_keys: Vec::new(),
    }
}

/// An assessment rating every competency `levels[i]` and every spectrum 2.
pub fn assessment(on: &str, assessor: Assessor, levels: [i64; 9]) -> AssessmentInput {
    AssessmentInput {
        assessed_on: on.into(),
        assessor,
        notes: String::new(),
        ratings: COMPETENCIES
            .iter()
            .zip(levels)
            .map(|(k, level)| Rating {
                competency_key: (*k).into(),
                level,
                comment: String::new(),
            })
            .collect(),
        spectrums: SPECTRUMS
            .iter()
            .map(|k| SpectrumPosition {
                spectrum_key: (*k).into(),
                position: 2,
            })
            .collect(),
    }
}

/// The names of the entries in `dir`, sorted; none when it cannot be read.
pub fn file_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The showcase demo written to `w.sqlite3` in `dir`, as a data file to open or spoil.
pub fn demo_file(dir: &std::path::Path) -> Result<std::path::PathBuf> {
    let path = dir.join("w.sqlite3");
    waymark_core::demo::write_file(&path, waymark_core::demo::DemoSize::Showcase)?;
    Ok(path)
}

/// Terms with the number of entries holding each, in term order.
pub type TermCounts = Vec<(String, i64)>;

/// Each term the index holds with the number of entries holding it, as FTS5 counts them
/// from the index itself, and as the triggers counted them in `search_terms`.
pub fn counted_terms(conn: &Connection) -> rusqlite::Result<(TermCounts, TermCounts)> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.indexed USING fts5vocab(main, search_index, 'row')",
    )?;
    let read = |sql: &str| -> rusqlite::Result<TermCounts> {
        conn.prepare(sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    };
    Ok((
        read("SELECT term, doc FROM temp.indexed ORDER BY term")?,
        read("SELECT term, entries FROM search_terms ORDER BY term")?,
    ))
}
