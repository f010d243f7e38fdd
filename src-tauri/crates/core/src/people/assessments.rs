//! Assessments: a dated rating of every competency (1 to 5, with an optional comment)
//! and a position on every spectrum, by the mentee themself or by their mentor.
//! History is kept; the most recent is "current".

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue;
use crate::dates;
use crate::error::{Error, Result};
use crate::people::mentees;
use crate::validate;

const NOTES_MAX: usize = 20_000;
const COMMENT_MAX: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Assessor {
    #[serde(rename = "self")]
    Myself,
    Mentor,
}

impl Assessor {
    fn as_str(self) -> &'static str {
        match self {
            Self::Myself => "self",
            Self::Mentor => "mentor",
        }
    }

    fn parse(text: &str) -> Self {
        if text == "self" {
            Self::Myself
        } else {
            Self::Mentor
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    pub competency_key: String,
    pub level: i64,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpectrumPosition {
    pub spectrum_key: String,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub id: i64,
    pub mentee_id: i64,
    pub assessed_on: String,
    pub assessor: Assessor,
    pub notes: String,
    /// One per competency, in catalogue order.
    pub ratings: Vec<Rating>,
    /// One per spectrum, in catalogue order.
    pub spectrums: Vec<SpectrumPosition>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentInput {
    pub assessed_on: String,
    pub assessor: Assessor,
    pub notes: String,
    pub ratings: Vec<Rating>,
    pub spectrums: Vec<SpectrumPosition>,
}

/// The latest assessment overall, and the latest by each assessor for side-by-side views.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CurrentAssessments {
    pub current: Option<Assessment>,
    pub latest_self: Option<Assessment>,
    pub latest_mentor: Option<Assessment>,
}

pub fn create(
    conn: &mut Connection,
    mentee_id: i64,
    input: &AssessmentInput,
) -> Result<Assessment> {
    let tx = conn.transaction()?;
    let id = insert(&tx, mentee_id, input)?;
    tx.commit()?;
    get(conn, id)
}

/// Adds an assessment inside a caller's transaction.
pub(crate) fn insert(tx: &Connection, mentee_id: i64, input: &AssessmentInput) -> Result<i64> {
    mentees::get(tx, mentee_id)?;
    let clean = validated(tx, input)?;
    ensure_yours(tx, mentee_id, clean.assessor.as_str())?;
    tx.execute(
        "INSERT INTO assessments (mentee_id, assessed_on, assessor, notes) VALUES (?1, ?2, ?3, ?4)",
        params![
            mentee_id,
            clean.assessed_on,
            clean.assessor.as_str(),
            clean.notes
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_details(tx, id, &clean)?;
    Ok(id)
}

/// Corrects an assessment: everything it holds is replaced, checked as [`create`] checks it.
pub fn update(conn: &mut Connection, id: i64, input: &AssessmentInput) -> Result<Assessment> {
    let tx = conn.transaction()?;
    let existing = get(&tx, id)?;
    let clean = validated(&tx, input)?;
    ensure_yours(&tx, existing.mentee_id, existing.assessor.as_str())?;
    ensure_yours(&tx, existing.mentee_id, clean.assessor.as_str())?;
    tx.execute(
        "UPDATE assessments SET assessed_on = ?2, assessor = ?3, notes = ?4 WHERE id = ?1",
        params![id, clean.assessed_on, clean.assessor.as_str(), clean.notes],
    )?;
    tx.execute(
        "DELETE FROM assessment_ratings WHERE assessment_id = ?1",
        [id],
    )?;
    tx.execute(
        "DELETE FROM assessment_spectrums WHERE assessment_id = ?1",
        [id],
    )?;
    write_details(&tx, id, &clean)?;
    tx.commit()?;
    get(conn, id)
}

/// On the mentee's side of a shared plan, the mentor's assessments came with it and stay
/// theirs; only the mentee's own can be written here.
fn ensure_yours(conn: &Connection, mentee_id: i64, assessor: &str) -> Result<()> {
    if assessor != Assessor::Mentor.as_str() {
        return Ok(());
    }
    let shared_by: Option<String> = conn.query_row(
        "SELECT shared_by FROM mentees WHERE id = ?1",
        [mentee_id],
        |r| r.get(0),
    )?;
    match shared_by {
        None => Ok(()),
        Some(mentor) => Err(Error::ReadOnly(format!(
            "Assessments by {mentor} came with the plan {mentor} shared, so only {mentor} can change them. Add your own self-assessment instead."
        ))),
    }
}

fn write_details(tx: &Connection, id: i64, clean: &AssessmentInput) -> Result<()> {
    let mut rating = tx.prepare_cached(
        "INSERT INTO assessment_ratings (assessment_id, competency_key, level, comment) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in &clean.ratings {
        rating.execute(params![id, r.competency_key, r.level, r.comment])?;
    }
    let mut spectrum = tx.prepare_cached(
        "INSERT INTO assessment_spectrums (assessment_id, spectrum_key, position) VALUES (?1, ?2, ?3)",
    )?;
    for s in &clean.spectrums {
        spectrum.execute(params![id, s.spectrum_key, s.position])?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: i64) -> Result<Assessment> {
    let head = conn
        .query_row(
            "SELECT id, mentee_id, assessed_on, assessor, notes FROM assessments WHERE id = ?1",
            [id],
            |r| {
                Ok(Assessment {
                    id: r.get(0)?,
                    mentee_id: r.get(1)?,
                    assessed_on: r.get(2)?,
                    assessor: Assessor::parse(&r.get::<_, String>(3)?),
                    notes: r.get(4)?,
                    ratings: Vec::new(),
                    spectrums: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Assessment" })?;
    with_details(conn, head)
}

fn with_details(conn: &Connection, mut a: Assessment) -> Result<Assessment> {
    let mut ratings = conn.prepare_cached(
        "SELECT r.competency_key, r.level, r.comment FROM assessment_ratings r
           JOIN competencies c ON c.key = r.competency_key
          WHERE r.assessment_id = ?1 ORDER BY c.position",
    )?;
    a.ratings = ratings
        .query_map([a.id], |r| {
            Ok(Rating {
                competency_key: r.get(0)?,
                level: r.get(1)?,
                comment: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut spectrums = conn.prepare_cached(
        "SELECT a.spectrum_key, a.position FROM assessment_spectrums a
           JOIN spectrums s ON s.key = a.spectrum_key
          WHERE a.assessment_id = ?1 ORDER BY s.position",
    )?;
    a.spectrums = spectrums
        .query_map([a.id], |r| {
            Ok(SpectrumPosition {
                spectrum_key: r.get(0)?,
                position: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(a)
}

/// A mentee's assessments, newest first.
pub fn list(conn: &Connection, mentee_id: i64) -> Result<Vec<Assessment>> {
    mentees::get(conn, mentee_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM assessments WHERE mentee_id = ?1 ORDER BY assessed_on DESC, id DESC",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([mentee_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

pub fn current(conn: &Connection, mentee_id: i64) -> Result<CurrentAssessments> {
    let latest = |assessor: Option<&str>| -> Result<Option<Assessment>> {
        let id: Option<i64> = conn
            .query_row(
                "SELECT id FROM assessments WHERE mentee_id = ?1 AND (?2 IS NULL OR assessor = ?2)
                  ORDER BY assessed_on DESC, id DESC LIMIT 1",
                params![mentee_id, assessor],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| get(conn, id)).transpose()
    };
    Ok(CurrentAssessments {
        current: latest(None)?,
        latest_self: latest(Some("self"))?,
        latest_mentor: latest(Some("mentor"))?,
    })
}

pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    let existing = get(conn, id)?;
    ensure_yours(conn, existing.mentee_id, existing.assessor.as_str())?;
    match conn.execute("DELETE FROM assessments WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound { what: "Assessment" }),
        _ => Ok(()),
    }
}

/// The leadership-skill spectrum read off the ratings: the mean of the people-facing
/// competencies, rounded to the nearest position.
pub fn derived_leadership_skill(ratings: &[Rating]) -> Option<i64> {
    const PEOPLE: [&str; 4] = [
        "team_management",
        "technical_communication",
        "technical_mentorship",
        "task_delegation",
    ];
    let levels: Vec<i64> = ratings
        .iter()
        .filter(|r| PEOPLE.contains(&r.competency_key.as_str()))
        .map(|r| r.level)
        .collect();
    if levels.is_empty() {
        return None;
    }
    let sum: i64 = levels.iter().sum();
    let n = levels.len() as i64;
    Some((2 * sum + n) / (2 * n))
}

fn validated(conn: &Connection, input: &AssessmentInput) -> Result<AssessmentInput> {
    let date = assessed_on(&input.assessed_on)?;
    let notes = notes(&input.notes)?;
    let competency_keys = catalogue::keys(conn, "SELECT key FROM competencies ORDER BY position")?;
    let spectrum_keys = catalogue::keys(conn, "SELECT key FROM spectrums ORDER BY position")?;
    let levels = catalogue::complete(
        "ratings",
        "competency",
        &competency_keys,
        input
            .ratings
            .iter()
            .map(|r| (r.competency_key.as_str(), r.level)),
    )?;
    let positions = catalogue::complete(
        "spectrums",
        "spectrum",
        &spectrum_keys,
        input
            .spectrums
            .iter()
            .map(|s| (s.spectrum_key.as_str(), s.position)),
    )?;
    let mut ratings = Vec::with_capacity(levels.len());
    for (key, level) in competency_keys.iter().zip(levels) {
        let comment = input
            .ratings
            .iter()
            .find(|r| &r.competency_key == key)
            .map_or("", |r| r.comment.as_str());
        ratings.push(Rating {
            competency_key: key.clone(),
            level,
            comment: rating_comment(comment)?,
        });
    }
    Ok(AssessmentInput {
        assessed_on: dates::iso(date),
        assessor: input.assessor,
        notes,
        ratings,
        spectrums: spectrum_keys
            .into_iter()
            .zip(positions)
            .map(|(spectrum_key, position)| SpectrumPosition {
                spectrum_key,
                position,
            })
            .collect(),
    })
}

// One rule per stored field, applied by the commands above and to rows an archive brings.

/// A date no later than tomorrow (a person ahead of UTC may already be there).
fn assessed_on(value: &str) -> Result<chrono::NaiveDate> {
    let date = validate::optional_date("assessedOn", "Assessment date", Some(value))?
        .ok_or_else(|| Error::invalid("assessedOn", "Give the date of the assessment."))?;
    if date > dates::today().succ_opt().unwrap_or(date) {
        return Err(Error::invalid(
            "assessedOn",
            "An assessment cannot be dated in the future.",
        ));
    }
    Ok(date)
}

fn notes(value: &str) -> Result<String> {
    validate::optional_text("notes", "Notes", value, NOTES_MAX)
}

fn rating_comment(value: &str) -> Result<String> {
    validate::optional_text("ratings", "A rating's comment", value, COMMENT_MAX)
}

/// The rule the commands apply to an `assessments` column, for a stored text value.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "assessed_on" => assessed_on(value).map(drop),
        "notes" => notes(value).map(drop),
        _ => Ok(()),
    }
}

/// The rule the commands apply to an `assessment_ratings` column, for a stored text value.
pub(crate) fn check_stored_rating(column: &str, value: &str) -> Result<()> {
    match column {
        "comment" => rating_comment(value).map(drop),
        _ => Ok(()),
    }
}
