//! Calibration, for a mentor across their mentees: how the mentor's ratings compare with
//! each mentee's ratings of themselves, over time. A mentor rating is paired with the same
//! mentee's nearest self-rating within six weeks; the pair's difference is the mean, over
//! the competencies both rated, of mentor minus self. Consistently positive is lenient,
//! negative harsh; a change between the earlier and the later pairs is a drift.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::people::assessments::{self, Assessment, Assessor};

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

/// The calibration over the mentor's own mentees (not "me", not plans shared with them).
pub fn load(conn: &Connection) -> Result<Calibration> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name FROM mentees WHERE shared_by IS NULL AND is_self = 0 ORDER BY id",
    )?;
    let mentees: Vec<(i64, String)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut pairs = Vec::new();
    let count = mentees.len();
    for (id, name) in mentees {
        pairs.extend(pairs_of(&assessments::list(conn, id)?, id, &name));
    }
    pairs.sort_by(|a, b| a.mentor_on.cmp(&b.mentor_on));
    Ok(Calibration {
        mentees: count,
        ..summarise(pairs)
    })
}

/// Each mentor assessment with the nearest self-assessment near enough to compare.
fn pairs_of(all: &[Assessment], mentee_id: i64, name: &str) -> Vec<CalibrationPair> {
    let dated = |who: Assessor| -> Vec<(NaiveDate, &Assessment)> {
        all.iter()
            .filter(|a| a.assessor == who)
            .filter_map(|a| {
                Some((
                    NaiveDate::parse_from_str(&a.assessed_on, "%Y-%m-%d").ok()?,
                    a,
                ))
            })
            .collect()
    };
    let selves = dated(Assessor::Myself);
    dated(Assessor::Mentor)
        .into_iter()
        .filter_map(|(on, mentor)| {
            let (self_on, own) = selves
                .iter()
                .filter(|(d, _)| (*d - on).num_days().abs() <= PAIR_WITHIN_DAYS)
                .min_by_key(|(d, _)| (*d - on).num_days().abs())?;
            let differences: Vec<f64> = mentor
                .ratings
                .iter()
                .filter_map(|m| {
                    let s = own
                        .ratings
                        .iter()
                        .find(|s| s.competency_key == m.competency_key)?;
                    Some((m.level - s.level) as f64)
                })
                .collect();
            (!differences.is_empty()).then(|| CalibrationPair {
                mentee_id,
                mentee_name: name.to_owned(),
                mentor_on: mentor.assessed_on.clone(),
                self_on: self_on.format("%Y-%m-%d").to_string(),
                difference: mean(&differences),
            })
        })
        .collect()
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
