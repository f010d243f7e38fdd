//! Goals of a plan, each linked to one or more competencies and any number of themes,
//! holding its milestones. Deleting is soft so that it can be undone.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::plan::milestones::{self, Milestone};
use crate::plan::ordering;
use crate::plan::plans::{self, Part};
use crate::plan::soft_delete;
use crate::store::db::NOW;
use crate::validate;

const TITLE_MAX: usize = 160;
const DESCRIPTION_MAX: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    pub id: i64,
    pub plan_id: i64,
    pub title: String,
    pub description: String,
    pub position: i64,
    /// In catalogue order.
    pub competency_keys: Vec<String>,
    pub theme_keys: Vec<String>,
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalInput {
    pub title: String,
    pub description: String,
    pub competency_keys: Vec<String>,
    pub theme_keys: Vec<String>,
}

const SELECT: &str = "SELECT g.id, g.plan_id, g.title, g.description, g.position FROM goals g";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        position: r.get(4)?,
        competency_keys: Vec::new(),
        theme_keys: Vec::new(),
        milestones: Vec::new(),
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Goal> {
    let goal = conn
        .query_row(
            &format!(
                "{SELECT} JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
                  WHERE g.id = ?1 AND g.deleted_at IS NULL"
            ),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Goal" })?;
    with_links(conn, goal)
}

/// Whose a live goal of a live plan is, read without loading the goal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner {
    pub plan_id: i64,
    pub mentee_id: i64,
}

pub(crate) fn owner(conn: &Connection, id: i64) -> Result<Owner> {
    conn.query_row(
        "SELECT g.plan_id, p.mentee_id FROM goals g
           JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
          WHERE g.id = ?1 AND g.deleted_at IS NULL",
        [id],
        |r| {
            Ok(Owner {
                plan_id: r.get(0)?,
                mentee_id: r.get(1)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Goal" })
}

fn with_links(conn: &Connection, mut goal: Goal) -> Result<Goal> {
    let mut stmt = conn.prepare_cached(
        "SELECT gc.competency_key FROM goal_competencies gc
           JOIN competencies c ON c.key = gc.competency_key
          WHERE gc.goal_id = ?1 ORDER BY c.position",
    )?;
    goal.competency_keys = stmt
        .query_map([goal.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT gt.theme_key FROM goal_themes gt JOIN themes t ON t.key = gt.theme_key
          WHERE gt.goal_id = ?1 ORDER BY t.position",
    )?;
    goal.theme_keys = stmt
        .query_map([goal.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    goal.milestones = milestones::for_goal(conn, goal.id)?;
    Ok(goal)
}

/// The plan's goals in their manual order, each with its milestones. Read in four
/// queries (goals, their competencies and themes, milestones, links) for any plan size.
pub fn for_plan(conn: &Connection, plan_id: i64) -> Result<Vec<Goal>> {
    plans::ensure_live(conn, plan_id)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE g.plan_id = ?1 AND g.deleted_at IS NULL ORDER BY g.position, g.id"
    ))?;
    let mut goals: Vec<Goal> = stmt
        .query_map([plan_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut keys: HashMap<(i64, Link), Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT gc.goal_id, 0 AS kind, gc.competency_key, c.position FROM goal_competencies gc
           JOIN competencies c ON c.key = gc.competency_key
           JOIN goals g ON g.id = gc.goal_id AND g.deleted_at IS NULL
          WHERE g.plan_id = ?1
         UNION ALL
         SELECT gt.goal_id, 1, gt.theme_key, t.position FROM goal_themes gt
           JOIN themes t ON t.key = gt.theme_key
           JOIN goals g ON g.id = gt.goal_id AND g.deleted_at IS NULL
          WHERE g.plan_id = ?1
          ORDER BY kind, 4",
    )?;
    let mut rows = stmt.query([plan_id])?;
    while let Some(r) = rows.next()? {
        let link = match r.get::<_, i64>(1)? {
            0 => Link::Competency,
            _ => Link::Theme,
        };
        keys.entry((r.get(0)?, link)).or_default().push(r.get(2)?);
    }
    let mut milestones = milestones::by_goal_of_plan(conn, plan_id)?;
    for goal in &mut goals {
        goal.competency_keys = keys
            .remove(&(goal.id, Link::Competency))
            .unwrap_or_default();
        goal.theme_keys = keys.remove(&(goal.id, Link::Theme)).unwrap_or_default();
        goal.milestones = milestones.remove(&goal.id).unwrap_or_default();
    }
    Ok(goals)
}

/// What a goal links to, as read in one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Link {
    Competency,
    Theme,
}

/// Every competency the plan's live goals link to.
pub fn covered_competencies(conn: &Connection, plan_id: i64) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT gc.competency_key FROM goal_competencies gc
           JOIN goals g ON g.id = gc.goal_id AND g.deleted_at IS NULL
          WHERE g.plan_id = ?1",
    )?;
    Ok(stmt
        .query_map([plan_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub fn create(conn: &mut Connection, plan_id: i64, input: &GoalInput) -> Result<Goal> {
    let tx = conn.transaction()?;
    let id = insert(&tx, plan_id, input)?;
    tx.commit()?;
    get(conn, id)
}

/// Adds a goal inside a caller's transaction (templates add goals with milestones).
pub(crate) fn insert(conn: &Connection, plan_id: i64, input: &GoalInput) -> Result<i64> {
    plans::ensure_live(conn, plan_id)?;
    plans::ensure_editable(conn, Part::Plan(plan_id))?;
    let clean = validated(conn, input)?;
    let position = ordering::next_position(conn, ordering::GOALS, plan_id)?;
    conn.execute(
        "INSERT INTO goals (plan_id, title, description, position) VALUES (?1, ?2, ?3, ?4)",
        params![plan_id, clean.title, clean.description, position],
    )?;
    let id = conn.last_insert_rowid();
    write_links(conn, id, &clean)?;
    Ok(id)
}

pub fn update(conn: &mut Connection, id: i64, input: &GoalInput) -> Result<Goal> {
    let tx = conn.transaction()?;
    owner(&tx, id)?;
    plans::ensure_editable(&tx, Part::Goal(id))?;
    let clean = validated(&tx, input)?;
    tx.execute(
        &format!(
            "UPDATE goals SET title = ?2, description = ?3,
                updated_at = {NOW} WHERE id = ?1"
        ),
        params![id, clean.title, clean.description],
    )?;
    write_links(&tx, id, &clean)?;
    tx.commit()?;
    get(conn, id)
}

/// Moves the goal to `index` in its plan's order.
pub fn move_to(conn: &mut Connection, id: i64, index: usize) -> Result<Vec<Goal>> {
    let tx = conn.transaction()?;
    let plan_id = owner(&tx, id)?.plan_id;
    plans::ensure_editable(&tx, Part::Goal(id))?;
    ordering::move_to(&tx, ordering::GOALS, plan_id, id, index)?;
    tx.commit()?;
    for_plan(conn, plan_id)
}

/// Hides the goal and its milestones until restored.
pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    plans::ensure_editable(conn, Part::Goal(id))?;
    soft_delete::delete(conn, soft_delete::GOALS, id)
}

/// Undoes [`delete`]; the goal returns at the end of its plan.
pub fn restore(conn: &mut Connection, id: i64) -> Result<Goal> {
    soft_delete::restore(conn, soft_delete::GOALS, id, |tx| {
        plans::ensure_editable(tx, Part::Goal(id))
    })?;
    get(conn, id)
}

fn validated(conn: &Connection, input: &GoalInput) -> Result<GoalInput> {
    let title = title(&input.title)?;
    let description = description(&input.description)?;
    if input.competency_keys.is_empty() {
        return Err(Error::invalid("competencyKeys", NO_COMPETENCY));
    }
    let competency_keys = known_keys(
        conn,
        "competencyKeys",
        "competencies",
        "competency",
        &input.competency_keys,
    )?;
    let theme_keys = known_keys(conn, "themeKeys", "themes", "theme", &input.theme_keys)?;
    Ok(GoalInput {
        title,
        description,
        competency_keys,
        theme_keys,
    })
}

/// Why a goal without competencies is refused, wherever it comes from.
pub(crate) const NO_COMPETENCY: &str = "Link the goal to at least one competency.";

// One rule per stored field, applied by the commands above and to rows an archive brings.

fn title(value: &str) -> Result<String> {
    validate::required_text("title", "Title", value, TITLE_MAX)
}

fn description(value: &str) -> Result<String> {
    validate::optional_text("description", "Description", value, DESCRIPTION_MAX)
}

/// The rule the commands apply to a `goals` column, for a stored text value. Saved goal
/// templates are goals' titles and descriptions, so they are held to the same rules.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "title" => title(value).map(drop),
        "description" => description(value).map(drop),
        _ => Ok(()),
    }
}

/// Each key must exist in `table` and appear once.
pub(crate) fn known_keys(
    conn: &Connection,
    field: &'static str,
    table: &str,
    noun: &str,
    keys: &[String],
) -> Result<Vec<String>> {
    let mut seen = BTreeSet::new();
    for key in keys {
        let known: Option<i64> = conn
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE key = ?1"),
                [key],
                |r| r.get(0),
            )
            .optional()?;
        if known.is_none() {
            return Err(Error::invalid(
                field,
                format!("\"{key}\" is not a known {noun}."),
            ));
        }
        if !seen.insert(key.as_str()) {
            return Err(Error::invalid(
                field,
                format!("The {noun} \"{key}\" is listed twice."),
            ));
        }
    }
    Ok(keys.to_vec())
}

fn write_links(conn: &Connection, goal_id: i64, input: &GoalInput) -> Result<()> {
    conn.execute(
        "DELETE FROM goal_competencies WHERE goal_id = ?1",
        [goal_id],
    )?;
    conn.execute("DELETE FROM goal_themes WHERE goal_id = ?1", [goal_id])?;
    let mut competency = conn.prepare_cached(
        "INSERT INTO goal_competencies (goal_id, competency_key) VALUES (?1, ?2)",
    )?;
    for key in &input.competency_keys {
        competency.execute(params![goal_id, key])?;
    }
    let mut theme =
        conn.prepare_cached("INSERT INTO goal_themes (goal_id, theme_key) VALUES (?1, ?2)")?;
    for key in &input.theme_keys {
        theme.execute(params![goal_id, key])?;
    }
    Ok(())
}
