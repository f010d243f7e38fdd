//! Calibration, for a mentor across their mentees: how the mentor's ratings compare with
//! each mentee's ratings of themselves, over time. A mentor rating is paired with the same
//! mentee's nearest self-rating within six weeks; the pair's difference is the mean, over
//! the competencies both rated, of mentor minus self. Consistently positive is lenient,
//! negative harsh; a change between the earlier and the later pairs is a drift.

use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;

/// A self-rating further than this from the mentor's says little about the same moment.
const PAIR_WITHIN_DAYS: i64 = 42;
/// Differences smaller than this, in levels, are noise.
const NOTABLE: f64 = 0.5;
const PAIRS_NEEDED: usize = 2;
const PAIRS_FOR_DRIFT: usize = 4;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalibrationPair {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_on: String,
    pub self_on: String,
    /// Mentor minus self, in levels, averaged over the competencies both rated.
    pub difference: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Calibration {
    /// How many people the mentor mentors (themselves and shared plans aside): with none,
    /// there is nothing to calibrate against.
    pub mentees: usize,
    /// Oldest first.
    pub pairs: Vec<CalibrationPair>,
    /// The mean difference over every pair; none with too few pairs.
    pub average: Option<f64>,
    /// The later half's mean minus the earlier half's; none with too few pairs.
    pub drift: Option<f64>,
    /// What it means, in plain words.
    pub summary: String,
}

/// The calibration over the mentor's own mentees (not "me", not plans shared with them),
/// read in one statement whatever their number: each mentor assessment with the same
/// mentee's nearest self-assessment (the newer of two as near), and the mean difference
/// over the competencies both rated.
pub fn load(conn: &Connection) -> Result<Calibration> {
    // Every mentee row is read for `shared_by` anyway: one pass over the table costs less
    // than visiting them in the order of an index on `is_self`.
    let mentees: usize = conn.query_row(
        "SELECT count(*) FROM mentees NOT INDEXED WHERE shared_by IS NULL AND is_self = 0",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize;
    // Each mentor assessment seeks only its mentee's assessments dated within six weeks
    // (by `assessments_by_mentee`), so the ranking sorts those few candidates alone. The
    // dates bound the seek and julianday decides; where `date()` gives out at the ends of
    // the calendar, the bound is left open. `s.id <> m.id` is settled in the index, sparing
    // a table read for the mentor assessment itself. CROSS JOIN keeps the mentees table
    // inner, looked up for the paired ones only, never walked whole.
    let mut statement = conn.prepare_cached(
        "WITH candidate AS (
             SELECT m.id AS mentor_id, m.mentee_id, m.assessed_on AS mentor_on,
                    s.id AS self_id, s.assessed_on AS self_on,
                    row_number() OVER (
                        PARTITION BY m.id
                        ORDER BY abs(julianday(s.assessed_on) - julianday(m.assessed_on)),
                                 s.assessed_on DESC, s.id DESC) AS nearness
               FROM assessments m
               JOIN assessments s ON s.mentee_id = m.mentee_id AND s.id <> m.id
                    AND s.assessed_on BETWEEN coalesce(date(m.assessed_on, ?2), '')
                                          AND coalesce(date(m.assessed_on, ?3), '9999-12-31')
              WHERE m.assessor = 'mentor' AND s.assessor = 'self'
                AND abs(julianday(s.assessed_on) - julianday(m.assessed_on)) <= ?1)
         SELECT me.id, me.name, c.mentor_on, c.self_on, avg(rm.level - rs.level)
           FROM candidate c
          CROSS JOIN mentees me ON me.id = c.mentee_id
           JOIN assessment_ratings rm ON rm.assessment_id = c.mentor_id
           JOIN assessment_ratings rs ON rs.assessment_id = c.self_id
                AND rs.competency_key = rm.competency_key
          WHERE c.nearness = 1 AND me.shared_by IS NULL AND me.is_self = 0
          GROUP BY c.mentor_id
          ORDER BY c.mentor_on, c.mentor_id",
    )?;
    let earliest = format!("-{PAIR_WITHIN_DAYS} days");
    let latest = format!("+{PAIR_WITHIN_DAYS} days");
    let pairs = statement
        .query_map(params![PAIR_WITHIN_DAYS, earliest, latest], |r| {
            Ok(CalibrationPair {
                mentee_id: r.get(0)?,
                mentee_name: r.get(1)?,
                mentor_on: r.get(2)?,
                self_on: r.get(3)?,
                difference: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Calibration {
        mentees,
        ..summarise(pairs)
    })
}

/// The average and drift of `pairs` (oldest first), and what they mean; `mentees` is the
/// caller's to fill in.
pub fn summarise(pairs: Vec<CalibrationPair>) -> Calibration {
    if pairs.len() < PAIRS_NEEDED {
        return Calibration {
            mentees: 0,
            pairs,
            average: None,
            drift: None,
            summary: "Calibration needs your rating and a mentee's own rating of the same \
                      time, within six weeks of each other, at least twice."
                .into(),
        };
    }
    let differences: Vec<f64> = pairs.iter().map(|p| p.difference).collect();
    let average = mean(&differences);
    let drift = (pairs.len() >= PAIRS_FOR_DRIFT).then(|| {
        let half = differences.len() / 2;
        mean(&differences[differences.len() - half..]) - mean(&differences[..half])
    });
    let mut summary = if average >= NOTABLE {
        format!(
            "You rate {:.1} levels higher than your mentees rate themselves, on average: \
             lenient.",
            average
        )
    } else if average <= -NOTABLE {
        format!(
            "You rate {:.1} levels lower than your mentees rate themselves, on average: harsh.",
            -average
        )
    } else {
        "Your ratings and your mentees' own ratings agree, on average.".to_owned()
    };
    match drift {
        Some(d) if d >= NOTABLE => summary.push_str(&format!(
            " Lately you rate {d:.1} levels more generously than you did: a lenient drift."
        )),
        Some(d) if d <= -NOTABLE => summary.push_str(&format!(
            " Lately you rate {:.1} levels more strictly than you did: a harsh drift.",
            -d
        )),
        Some(_) => summary.push_str(" That has held steady over time."),
        None => {}
    }
    Calibration {
        mentees: 0,
        pairs,
        average: Some(average),
        drift,
        summary,
    }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}
