//! Everything the plan screen shows, gathered in one read so the UI draws it at once.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::plan::balance::{self, BalanceWarning};
use crate::plan::gaps::{self, GapAnalysis};
use crate::plan::goals::{self, Goal};
use crate::plan::plans::{self, Plan};
use crate::plan::progress::{self, PlanProgress};
use crate::plan::templates::{self, GoalTemplate, Suggestion};

/// How many of the largest gaps get suggestions, and how many templates each.
const SUGGESTED_GAPS: usize = 3;
const PER_GAP: usize = 2;
const PER_WARNING: usize = 3;

/// Templates that would clear one balance warning.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WarningRemedy {
    pub anti_pattern_key: String,
    pub templates: Vec<GoalTemplate>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub plan: Plan,
    pub goals: Vec<Goal>,
    pub gaps: GapAnalysis,
    pub warnings: Vec<BalanceWarning>,
    pub progress: PlanProgress,
    pub suggestions: Vec<Suggestion>,
    pub remedies: Vec<WarningRemedy>,
}

pub fn load(conn: &Connection, plan_id: i64) -> Result<PlanView> {
    let covered = goals::covered_competencies(conn, plan_id)?;
    let rules = balance::rules(conn)?;
    let warnings = balance::evaluate(&rules, &covered);
    let remedies = warnings
        .iter()
        .map(|w| {
            let candidates = templates::covering(conn, &w.missing_keys, usize::MAX)?;
            Ok(WarningRemedy {
                anti_pattern_key: w.anti_pattern_key.clone(),
                templates: balance::best_remedies(&rules, &covered, candidates, PER_WARNING),
            })
        })
        .collect::<Result<_>>()?;
    // Load the plan and its gaps once; the suggestions are drawn from the same analysis.
    let plan = plans::get(conn, plan_id)?;
    let gaps = gaps::of_plan(conn, &plan)?;
    Ok(PlanView {
        suggestions: templates::suggest_for(conn, &plan, &gaps, SUGGESTED_GAPS, PER_GAP)?,
        goals: goals::for_plan(conn, plan_id)?,
        progress: progress::for_plan(conn, plan_id)?,
        plan,
        gaps,
        warnings,
        remedies,
    })
}
