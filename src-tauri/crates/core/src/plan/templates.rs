//! The goal template library: ready-made goals, each linked to competencies and carrying
//! milestones dated relative to the day it is added to a plan. Built-in templates cover
//! every competency and every leader-type family; people save their own goals as templates.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use crate::dates;
use crate::error::{Error, Result};
use crate::plan::gaps::{self, GapAnalysis};
use crate::plan::goals::{self, Goal, GoalInput};
use crate::plan::milestones::{self, MilestoneInput};
use crate::plan::plans::{self, Plan};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateMilestone {
    pub title: String,
    /// Days after the goal is added.
    pub offset_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalTemplate {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// Tailored to one leader-type family; none for templates that suit everyone.
    pub family_key: Option<String>,
    pub built_in: bool,
    pub competency_keys: Vec<String>,
    pub theme_keys: Vec<String>,
    pub milestones: Vec<TemplateMilestone>,
}

/// A template offered for one of a plan's gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub competency_key: String,
    pub gap: i64,
    pub template: GoalTemplate,
}

pub fn get(conn: &Connection, id: i64) -> Result<GoalTemplate> {
    let mut t = conn
        .query_row(
            "SELECT id, title, description, family_key, built_in FROM goal_templates WHERE id = ?1",
            [id],
            |r| {
                Ok(GoalTemplate {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    description: r.get(2)?,
                    family_key: r.get(3)?,
                    built_in: r.get(4)?,
                    competency_keys: Vec::new(),
                    theme_keys: Vec::new(),
                    milestones: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: "Goal template",
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT tc.competency_key FROM goal_template_competencies tc
           JOIN competencies c ON c.key = tc.competency_key
          WHERE tc.template_id = ?1 ORDER BY c.position",
    )?;
    t.competency_keys = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT tt.theme_key FROM goal_template_themes tt JOIN themes t ON t.key = tt.theme_key
          WHERE tt.template_id = ?1 ORDER BY t.position",
    )?;
    t.theme_keys = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT title, offset_days FROM goal_template_milestones WHERE template_id = ?1 ORDER BY position",
    )?;
    t.milestones = stmt
        .query_map([id], |r| {
            Ok(TemplateMilestone {
                title: r.get(0)?,
                offset_days: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(t)
}

/// Every template: built-in first, then people's own, each by title.
pub fn list(conn: &Connection) -> Result<Vec<GoalTemplate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM goal_templates ORDER BY built_in DESC, family_key IS NOT NULL, id",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

/// Templates for the plan's largest gaps (up to `per_gap` each for the `gaps` largest),
/// family-tailored ones first, skipping templates the plan already uses.
pub fn suggest(
    conn: &Connection,
    plan_id: i64,
    gaps_wanted: usize,
    per_gap: usize,
) -> Result<Vec<Suggestion>> {
    let plan = plans::get(conn, plan_id)?;
    let analysis = gaps::of_plan(conn, &plan)?;
    suggest_for(conn, &plan, &analysis, gaps_wanted, per_gap)
}

/// As [`suggest`], for a plan and gap analysis the caller already has.
pub fn suggest_for(
    conn: &Connection,
    plan: &Plan,
    analysis: &GapAnalysis,
    gaps_wanted: usize,
    per_gap: usize,
) -> Result<Vec<Suggestion>> {
    let plan_id = plan.id;
    let family: String = conn.query_row(
        "SELECT family_key FROM leader_types WHERE id = ?1",
        [plan.leader_type_id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT t.id FROM goal_templates t
           JOIN goal_template_competencies tc ON tc.template_id = t.id AND tc.competency_key = ?1
          WHERE (t.family_key IS NULL OR t.family_key = ?2)
            AND t.id NOT IN (SELECT template_id FROM goals
                              WHERE plan_id = ?3 AND deleted_at IS NULL AND template_id IS NOT NULL)
          ORDER BY t.family_key IS NULL, t.built_in, t.id",
    )?;
    let mut offered = BTreeSet::new();
    let mut out = Vec::new();
    for gap in analysis
        .competencies
        .iter()
        .filter(|g| g.gap > 0)
        .take(gaps_wanted)
    {
        let ids: Vec<i64> = stmt
            .query_map(params![gap.competency_key, family, plan_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids
            .into_iter()
            .filter(|id| offered.insert(*id))
            .take(per_gap)
        {
            out.push(Suggestion {
                competency_key: gap.competency_key.clone(),
                gap: gap.gap,
                template: get(conn, id)?,
            });
        }
    }
    Ok(out)
}

/// Templates that cover any of `competency_keys` (for a balance warning's advice).
pub fn covering(
    conn: &Connection,
    competency_keys: &[String],
    limit: usize,
) -> Result<Vec<GoalTemplate>> {
    let mut ids = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT template_id FROM goal_template_competencies WHERE competency_key = ?1 ORDER BY template_id",
    )?;
    for key in competency_keys {
        for id in stmt.query_map([key], |r| r.get::<_, i64>(0))? {
            let id = id?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids.into_iter()
        .take(limit)
        .map(|id| get(conn, id))
        .collect()
}

/// The day from which a template's offsets count: the plan's start, or today when the
/// plan is already under way, so nothing is overdue the moment it is added.
pub fn anchor(plan_start: NaiveDate, today: NaiveDate) -> NaiveDate {
    plan_start.max(today)
}

/// Adds the template to the plan as a goal with its milestones, in one transaction.
pub fn apply(conn: &mut Connection, plan_id: i64, template_id: i64) -> Result<Goal> {
    let tx = conn.transaction()?;
    let plan = plans::get(&tx, plan_id)?;
    let template = get(&tx, template_id)?;
    let start = NaiveDate::parse_from_str(&plan.starts_on, "%Y-%m-%d")
        .map_err(|_| Error::invalid("startsOn", "The plan's start date is not a date."))?;
    let from = anchor(start, dates::today());
    let goal_id = goals::insert(
        &tx,
        plan_id,
        &GoalInput {
            title: template.title.clone(),
            description: template.description.clone(),
            competency_keys: template.competency_keys.clone(),
            theme_keys: template.theme_keys.clone(),
        },
    )?;
    tx.execute(
        "UPDATE goals SET template_id = ?2 WHERE id = ?1",
        params![goal_id, template_id],
    )?;
    for m in &template.milestones {
        let due = from
            .checked_add_days(Days::new(m.offset_days.unsigned_abs()))
            .map(dates::iso);
        milestones::insert(&tx, goal_id, &MilestoneInput::planned(m.title.clone(), due))?;
    }
    tx.commit()?;
    goals::get(conn, goal_id)
}

/// Saves a goal of one's own as a reusable template; milestone dates become offsets from
/// the plan's start (undated milestones follow a month apart).
pub fn save_goal(conn: &mut Connection, goal_id: i64) -> Result<GoalTemplate> {
    let tx = conn.transaction()?;
    let goal = goals::get(&tx, goal_id)?;
    let plan = plans::get(&tx, goal.plan_id)?;
    let start = NaiveDate::parse_from_str(&plan.starts_on, "%Y-%m-%d").ok();
    tx.execute(
        "INSERT INTO goal_templates (title, description, built_in) VALUES (?1, ?2, 0)",
        params![goal.title, goal.description],
    )?;
    let id = tx.last_insert_rowid();
    for key in &goal.competency_keys {
        tx.execute(
            "INSERT INTO goal_template_competencies (template_id, competency_key) VALUES (?1, ?2)",
            params![id, key],
        )?;
    }
    for key in &goal.theme_keys {
        tx.execute(
            "INSERT INTO goal_template_themes (template_id, theme_key) VALUES (?1, ?2)",
            params![id, key],
        )?;
    }
    for (position, m) in goal.milestones.iter().enumerate() {
        let fallback = 30 * (position as i64 + 1);
        let offset = match (
            start,
            m.due_on
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        ) {
            (Some(start), Some(due)) => (due - start).num_days().clamp(0, 3650),
            _ => fallback,
        };
        tx.execute(
            "INSERT INTO goal_template_milestones (template_id, position, title, offset_days) VALUES (?1, ?2, ?3, ?4)",
            params![id, position as i64, m.title, offset],
        )?;
    }
    tx.commit()?;
    get(conn, id)
}

/// Removes a template of one's own; built-in ones stay.
pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    let template = get(conn, id)?;
    if template.built_in {
        return Err(Error::conflict(
            None,
            "Built-in templates cannot be deleted.",
        ));
    }
    conn.execute("DELETE FROM goal_templates WHERE id = ?1", [id])?;
    Ok(())
}

/// The rule a `goal_templates` column is held to: a saved template is a goal's title and
/// description, so the goals' rules.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    goals::check_stored(column, value)
}

/// The rule a `goal_template_milestones` column is held to: its title is a milestone's.
pub(crate) fn check_stored_milestone(column: &str, value: &str) -> Result<()> {
    match column {
        "title" => milestones::title(value).map(drop),
        _ => Ok(()),
    }
}
