//! Development plans: a target leader type and role track, a horizon, a status, and the
//! target level per competency and position per spectrum (prefilled from the leader
//! type's default profile). A mentee has any number of plans, at most one active.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::profile;
use crate::catalogue::{self, Profile};
use crate::dates;
use crate::error::{Error, Result};
use crate::people::mentees;
use crate::plan::soft_delete;
use crate::store::db::NOW;
use crate::validate;

const TITLE_MAX: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Active,
    Completed,
    Abandoned,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Completed => "completed",
            Self::Abandoned => "abandoned",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "active" => Self::Active,
            "completed" => Self::Completed,
            "abandoned" => Self::Abandoned,
            _ => Self::Draft,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub id: i64,
    pub mentee_id: i64,
    pub title: String,
    pub leader_type_id: i64,
    pub role_track_key: String,
    pub starts_on: String,
    pub target_on: String,
    pub status: PlanStatus,
    pub targets: Profile,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanInput {
    pub title: String,
    pub leader_type_id: i64,
    pub role_track_key: String,
    pub starts_on: String,
    pub target_on: String,
    pub status: PlanStatus,
    /// None: a new plan starts from the leader type's default profile, an edited plan
    /// keeps the targets it has.
    pub targets: Option<Profile>,
}

const SELECT_PLAN: &str = "SELECT id, mentee_id, title, leader_type_id, role_track_key, starts_on,
        target_on, status, created_at, updated_at
   FROM plans";

fn plan_from_row(r: &Row<'_>) -> rusqlite::Result<Plan> {
    Ok(Plan {
        id: r.get(0)?,
        mentee_id: r.get(1)?,
        title: r.get(2)?,
        leader_type_id: r.get(3)?,
        role_track_key: r.get(4)?,
        starts_on: r.get(5)?,
        target_on: r.get(6)?,
        status: PlanStatus::parse(&r.get::<_, String>(7)?),
        targets: Profile::default(),
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Plan> {
    let plan = conn
        .query_row(
            &format!("{SELECT_PLAN} WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            plan_from_row,
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Plan" })?;
    with_targets(conn, plan)
}

/// A live plan, checked without loading it.
pub(crate) fn ensure_live(conn: &Connection, id: i64) -> Result<()> {
    conn.query_row(
        "SELECT 1 FROM plans WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |_| Ok(()),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Plan" })
}

fn with_targets(conn: &Connection, mut plan: Plan) -> Result<Plan> {
    plan.targets = profile::read(conn, profile::PLAN, plan.id)?;
    Ok(plan)
}

/// A mentee's plans: the active one first, then the newest.
pub fn list(conn: &Connection, mentee_id: i64) -> Result<Vec<Plan>> {
    mentees::get(conn, mentee_id)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_PLAN} WHERE mentee_id = ?1 AND deleted_at IS NULL
          ORDER BY status = 'active' DESC, starts_on DESC, id DESC"
    ))?;
    let plans: Vec<Plan> = stmt
        .query_map([mentee_id], plan_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    plans.into_iter().map(|p| with_targets(conn, p)).collect()
}

/// The mentee's active plan, if any.
pub fn active(conn: &Connection, mentee_id: i64) -> Result<Option<Plan>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM plans WHERE mentee_id = ?1 AND status = 'active' AND deleted_at IS NULL",
            [mentee_id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get(conn, id)).transpose()
}

/// Every active plan of a mentee who is not archived, by mentee name.
pub fn active_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id FROM plans p JOIN mentees m ON m.id = p.mentee_id
          WHERE p.status = 'active' AND p.deleted_at IS NULL AND m.archived_at IS NULL
          ORDER BY m.name COLLATE NOCASE, p.id",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub fn create(conn: &mut Connection, mentee_id: i64, input: &PlanInput) -> Result<Plan> {
    let tx = conn.transaction()?;
    let id = insert(&tx, mentee_id, input)?;
    tx.commit()?;
    get(conn, id)
}

/// Adds a plan inside a caller's transaction.
/// What a check for a plan shared with this Waymark is about.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Plan(i64),
    Goal(i64),
    Milestone(i64),
}

/// A plan shared with this Waymark is its mentor's: its details, goals, milestones and
/// targets change on their side only, unless they let the mentee change them. Progress,
/// evidence, self-assessments and topics stay the mentee's to change.
pub(crate) fn ensure_editable(conn: &Connection, part: Part) -> Result<()> {
    let (plan, id) = match part {
        Part::Plan(id) => ("?1", id),
        Part::Goal(id) => ("(SELECT plan_id FROM goals WHERE id = ?1)", id),
        Part::Milestone(id) => (
            "(SELECT g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE m.id = ?1)",
            id,
        ),
    };
    let owner: Option<String> = conn
        .query_row(
            &format!(
                "SELECT peer_name FROM plan_shares
                  WHERE plan_id = {plan} AND role = 'mentee' AND mentee_edits_plan = 0"
            ),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match owner {
        None => Ok(()),
        Some(name) => Err(Error::ReadOnly(format!(
            "{name} shared this plan with you, so only {name} can change its details, goals and milestones. You can update the progress and evidence of milestones, rate yourself and add topics for your next 1:1."
        ))),
    }
}

/// Keeps when a plan last became active (its new status is parameter `status`), so that
/// when two people activate plans of one mentee apart, every copy keeps the later one.
fn activated_at(status: &str) -> String {
    format!(
        "activated_at = CASE WHEN {status} <> 'active' THEN NULL
            WHEN status = 'active' THEN activated_at ELSE {ACTIVATED_NOW} END"
    )
}

/// To the millisecond: two people rarely activate plans within one.
const ACTIVATED_NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

pub(crate) fn insert(tx: &Connection, mentee_id: i64, input: &PlanInput) -> Result<i64> {
    mentees::get(tx, mentee_id)?;
    let clean = validated(tx, mentee_id, input, None)?;
    let targets = match &input.targets {
        Some(targets) => catalogue::validate_profile(tx, targets)?,
        None => catalogue::leader_type(tx, clean.leader_type_id)?.profile,
    };
    tx.execute(
        &format!(
            "INSERT INTO plans (mentee_id, title, leader_type_id, role_track_key, starts_on, target_on,
                    status, activated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?7 = 'active' THEN {ACTIVATED_NOW} END)"
        ),
        params![
            mentee_id,
            clean.title,
            clean.leader_type_id,
            clean.role_track_key,
            clean.starts_on,
            clean.target_on,
            clean.status.as_str()
        ],
    )?;
    let id = tx.last_insert_rowid();
    profile::write(tx, profile::PLAN, id, &targets)?;
    Ok(id)
}

pub fn update(conn: &mut Connection, id: i64, input: &PlanInput) -> Result<Plan> {
    let tx = conn.transaction()?;
    let existing = get(&tx, id)?;
    ensure_editable(&tx, Part::Plan(id))?;
    let clean = validated(&tx, existing.mentee_id, input, Some(id))?;
    tx.execute(
        &format!(
            "UPDATE plans SET title = ?2, leader_type_id = ?3, role_track_key = ?4, starts_on = ?5,
                target_on = ?6, status = ?7, updated_at = {NOW}, {}
          WHERE id = ?1",
            activated_at("?7")
        ),
        params![
            id,
            clean.title,
            clean.leader_type_id,
            clean.role_track_key,
            clean.starts_on,
            clean.target_on,
            clean.status.as_str()
        ],
    )?;
    if let Some(targets) = &input.targets {
        let targets = catalogue::validate_profile(&tx, targets)?;
        profile::write(&tx, profile::PLAN, id, &targets)?;
    }
    tx.commit()?;
    get(conn, id)
}

pub fn set_status(conn: &mut Connection, id: i64, status: PlanStatus) -> Result<Plan> {
    let tx = conn.transaction()?;
    let plan = get(&tx, id)?;
    ensure_editable(&tx, Part::Plan(id))?;
    if status == PlanStatus::Active {
        ensure_no_other_active(&tx, plan.mentee_id, Some(id))?;
    }
    tx.execute(
        &format!(
            "UPDATE plans SET status = ?2, updated_at = {NOW}, {} WHERE id = ?1",
            activated_at("?2")
        ),
        params![id, status.as_str()],
    )?;
    tx.commit()?;
    get(conn, id)
}

/// Hides the plan (and with it its goals and milestones) until it is restored or purged.
pub fn delete(conn: &mut Connection, id: i64) -> Result<()> {
    soft_delete::delete(conn, soft_delete::PLANS, id)
}

/// Undoes [`delete`]. Refused if another plan became active in the meantime.
pub fn restore(conn: &mut Connection, id: i64) -> Result<Plan> {
    soft_delete::restore(conn, soft_delete::PLANS, id, |tx| {
        let (mentee_id, status): (i64, String) = tx.query_row(
            "SELECT mentee_id, status FROM plans WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        match PlanStatus::parse(&status) {
            PlanStatus::Active => ensure_no_other_active(tx, mentee_id, Some(id)),
            _ => Ok(()),
        }
    })?;
    get(conn, id)
}

fn ensure_no_other_active(conn: &Connection, mentee_id: i64, except: Option<i64>) -> Result<()> {
    let other: Option<String> = conn
        .query_row(
            "SELECT title FROM plans WHERE mentee_id = ?1 AND status = 'active'
                AND deleted_at IS NULL AND id IS NOT ?2",
            params![mentee_id, except],
            |r| r.get(0),
        )
        .optional()?;
    match other {
        Some(title) => Err(Error::conflict(
            Some("status"),
            format!("\"{title}\" is already the active plan; complete, pause or abandon it first."),
        )),
        None => Ok(()),
    }
}

fn validated(
    conn: &Connection,
    mentee_id: i64,
    input: &PlanInput,
    existing: Option<i64>,
) -> Result<PlanInput> {
    let title = title(&input.title)?;
    catalogue::ensure_leader_type(conn, "leaderTypeId", input.leader_type_id)?;
    let track: Option<String> = conn
        .query_row(
            "SELECT key FROM role_tracks WHERE key = ?1",
            [&input.role_track_key],
            |r| r.get(0),
        )
        .optional()?;
    let role_track_key = track.ok_or_else(|| {
        Error::invalid(
            "roleTrackKey",
            format!("\"{}\" is not a role track.", input.role_track_key),
        )
    })?;
    let starts_on = starts_on(&input.starts_on)?;
    let target_on = target_on(&input.target_on)?;
    if target_on < starts_on {
        return Err(Error::invalid(
            "targetOn",
            "The target date comes before the start date.",
        ));
    }
    if input.status == PlanStatus::Active {
        ensure_no_other_active(conn, mentee_id, existing)?;
    }
    Ok(PlanInput {
        title,
        leader_type_id: input.leader_type_id,
        role_track_key,
        starts_on: dates::iso(starts_on),
        target_on: dates::iso(target_on),
        status: input.status,
        targets: None,
    })
}

// One rule per stored field, applied by the commands above and to rows an archive brings.

fn title(value: &str) -> Result<String> {
    validate::required_text("title", "Title", value, TITLE_MAX)
}

fn starts_on(value: &str) -> Result<NaiveDate> {
    validate::optional_date("startsOn", "Start date", Some(value))?
        .ok_or_else(|| Error::invalid("startsOn", "Give the date the plan starts."))
}

fn target_on(value: &str) -> Result<NaiveDate> {
    validate::optional_date("targetOn", "Target date", Some(value))?
        .ok_or_else(|| Error::invalid("targetOn", "Give the date the plan aims to be done by."))
}

/// The rule the commands apply to a `plans` column, for a stored text value. The order of
/// the dates, the one active plan and the references are the schema's own rules.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "title" => title(value).map(drop),
        "starts_on" => starts_on(value).map(drop),
        "target_on" => target_on(value).map(drop),
        _ => Ok(()),
    }
}
