//! Everything the plan screen shows, gathered in one read so the UI draws it at once.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::balance::{self, BalanceWarning};
use crate::error::Result;
use crate::gaps::{self, GapAnalysis};
use crate::goals::{self, Goal};
use crate::plans::{self, Plan};
use crate::progress::{self, PlanProgress};

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub plan: Plan,
    pub goals: Vec<Goal>,
    pub gaps: GapAnalysis,
    pub warnings: Vec<BalanceWarning>,
    pub progress: PlanProgress,
}

pub fn load(conn: &Connection, plan_id: i64) -> Result<PlanView> {
    Ok(PlanView {
        plan: plans::get(conn, plan_id)?,
        goals: goals::for_plan(conn, plan_id)?,
        gaps: gaps::for_plan(conn, plan_id)?,
        warnings: balance::check_plan(conn, plan_id)?,
        progress: progress::for_plan(conn, plan_id)?,
    })
}
