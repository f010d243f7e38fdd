//! Gap analysis: where a mentee stands (their latest assessment) against where their plan
//! aims, per competency and per spectrum, largest gaps first.

use serde::Serialize;
use ts_rs::TS;

use rusqlite::Connection;

use crate::catalogue::Profile;
use crate::error::Result;
use crate::people::assessments::{self, Assessment};
use crate::plan::plans::{self, Plan};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyGap {
    pub competency_key: String,
    pub target: i64,
    /// From the latest assessment; none before the first one.
    pub current: Option<i64>,
    pub self_level: Option<i64>,
    pub mentor_level: Option<i64>,
    /// Target minus current: how many levels there are still to grow (0 when met or
    /// exceeded). Unassessed competencies count from level 1.
    pub gap: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpectrumGap {
    pub spectrum_key: String,
    pub target: i64,
    pub current: Option<i64>,
    /// Signed distance to travel: positive toward the high pole, negative toward the low.
    pub shift: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GapAnalysis {
    pub plan_id: i64,
    /// Date of the assessment the current levels come from.
    pub assessed_on: Option<String>,
    /// Largest gap first; ties keep catalogue order.
    pub competencies: Vec<CompetencyGap>,
    /// In catalogue order.
    pub spectrums: Vec<SpectrumGap>,
}

pub fn for_plan(conn: &Connection, plan_id: i64) -> Result<GapAnalysis> {
    of_plan(conn, &plans::get(conn, plan_id)?)
}

/// The analysis for a plan already loaded.
pub fn of_plan(conn: &Connection, plan: &Plan) -> Result<GapAnalysis> {
    let assessed = assessments::current(conn, plan.mentee_id)?;
    Ok(analyse(
        plan.id,
        &plan.targets,
        assessed.current.as_ref(),
        assessed.latest_self.as_ref(),
        assessed.latest_mentor.as_ref(),
    ))
}

/// The calculation itself, free of storage so it can be tested on its own.
pub fn analyse(
    plan_id: i64,
    targets: &Profile,
    current: Option<&Assessment>,
    latest_self: Option<&Assessment>,
    latest_mentor: Option<&Assessment>,
) -> GapAnalysis {
    let level = |a: Option<&Assessment>, key: &str| {
        a.and_then(|a| a.ratings.iter().find(|r| r.competency_key == key))
            .map(|r| r.level)
    };
    let mut competencies: Vec<CompetencyGap> = targets
        .competencies
        .iter()
        .map(|t| {
            let now = level(current, &t.competency_key);
            CompetencyGap {
                competency_key: t.competency_key.clone(),
                target: t.level,
                current: now,
                self_level: level(latest_self, &t.competency_key),
                mentor_level: level(latest_mentor, &t.competency_key),
                gap: (t.level - now.unwrap_or(1)).max(0),
            }
        })
        .collect();
    // A stable sort keeps catalogue order among equal gaps.
    competencies.sort_by_key(|g| std::cmp::Reverse(g.gap));
    let spectrums = targets
        .spectrums
        .iter()
        .map(|t| {
            let now = current
                .and_then(|a| {
                    a.spectrums
                        .iter()
                        .find(|s| s.spectrum_key == t.spectrum_key)
                })
                .map(|s| s.position);
            SpectrumGap {
                spectrum_key: t.spectrum_key.clone(),
                target: t.position,
                current: now,
                shift: now.map_or(0, |n| t.position - n),
            }
        })
        .collect();
    GapAnalysis {
        plan_id,
        assessed_on: current.map(|a| a.assessed_on.clone()),
        competencies,
        spectrums,
    }
}
