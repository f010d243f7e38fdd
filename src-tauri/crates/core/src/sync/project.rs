//! From the documents to the tables: makes a shared plan's rows say what its merged
//! documents say. The documents have passed `shape::check` first, so every value here
//! meets the commands' rules; what remains are the rules across rows, restored the same
//! way on every copy.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::engine::{Contents, Record, Scalar, records};
use super::shape::{self, PLAN_KEY, flag, int, text, words};
use crate::catalogue::profile::{self, CompetencyTarget, Profile, SpectrumTarget};
use crate::error::{Error, Result};
use crate::store::db::NOW;

/// What the tables now hold for the plan, and what was set right on the way.
#[derive(Debug, Default)]
pub(crate) struct Projected {
    pub plan_id: i64,
    /// Another plan of the mentee was active: the one activated last stays active.
    pub deactivated: Option<String>,
}

/// Writes `plan` and `progress` into the tables. `sender` names who shared the plan when
/// it arrives here for the first time, on the mentee's side.
pub(crate) fn project(
    conn: &Connection,
    plan: &Contents,
    progress: &Contents,
    sender: &str,
) -> Result<Projected> {
    let head = records(plan, "plan").get(PLAN_KEY).ok_or_else(missing)?;
    let mut projected = Projected {
        plan_id: plan_row(conn, head, sender)?,
        deactivated: None,
    };
    let plan_id = projected.plan_id;
    projected.deactivated = keep_one_active(conn, plan_id, head)?;

    let targets = Profile {
        competencies: records(plan, "targets")
            .iter()
            .map(|(key, r)| CompetencyTarget {
                competency_key: key.clone(),
                level: int(r, "level").unwrap_or(1),
            })
            .collect(),
        spectrums: records(plan, "spectrum_targets")
            .iter()
            .map(|(key, r)| SpectrumTarget {
                spectrum_key: key.clone(),
                position: int(r, "position").unwrap_or(1),
            })
            .collect(),
    };
    profile::write(conn, profile::PLAN, plan_id, &targets)?;

    let mut goal_ids = BTreeMap::new();
    for (uid, r) in records(plan, "goals") {
        let id = child_row(conn, "goals", plan_id, uid)?;
        run(
            conn,
            &format!(
                "UPDATE goals SET plan_id = ?2, title = ?3, description = ?4, position = ?5,
                        deleted_at = CASE WHEN ?6 THEN coalesce(deleted_at, {NOW}) END,
                        updated_at = {NOW}
                  WHERE id = ?1
                    AND (plan_id IS NOT ?2 OR title IS NOT ?3 OR description IS NOT ?4
                         OR position IS NOT ?5 OR (deleted_at IS NOT NULL) IS NOT ?6)"
            ),
            params![
                id,
                plan_id,
                text(r, "title"),
                text(r, "description"),
                int(r, "position"),
                flag(r, "deleted")
            ],
        )?;
        replace_keys(
            conn,
            "goal_competencies",
            "competency_key",
            id,
            &words(r, "competencies"),
        )?;
        replace_keys(conn, "goal_themes", "theme_key", id, &words(r, "themes"))?;
        goal_ids.insert(uid.as_str(), id);
    }

    let states = records(progress, "milestones");
    let mut milestone_ids = BTreeMap::new();
    for (uid, r) in records(plan, "milestones") {
        let goal_id = *text(r, "goal")
            .and_then(|g| goal_ids.get(g))
            .ok_or_else(missing)?;
        let id = child_row(conn, "milestones", goal_id, uid)?;
        let progress = states.get(uid).cloned().unwrap_or_default();
        let (status, completed_on) = text(&progress, "state")
            .and_then(shape::parse_state)
            .unwrap_or(("planned", None));
        let due_on = text(r, "due_on").filter(|d| !d.is_empty());
        run(
            conn,
            &format!(
                "UPDATE milestones SET goal_id = ?2, title = ?3, due_on = ?4, position = ?5,
                        deleted_at = CASE WHEN ?6 THEN coalesce(deleted_at, {NOW}) END,
                        status = ?7, completed_on = ?8, evidence = ?9, updated_at = {NOW}
                  WHERE id = ?1
                    AND (goal_id IS NOT ?2 OR title IS NOT ?3 OR due_on IS NOT ?4
                         OR position IS NOT ?5 OR (deleted_at IS NOT NULL) IS NOT ?6
                         OR status IS NOT ?7 OR completed_on IS NOT ?8 OR evidence IS NOT ?9)"
            ),
            params![
                id,
                goal_id,
                text(r, "title"),
                due_on,
                int(r, "position"),
                flag(r, "deleted"),
                status,
                completed_on,
                text(&progress, "evidence").unwrap_or_default()
            ],
        )?;
        milestone_ids.insert(uid.as_str(), id);
    }
    let mut links: BTreeMap<i64, Vec<(String, String)>> =
        milestone_ids.values().map(|id| (*id, Vec::new())).collect();
    for (key, r) in records(progress, "links") {
        if let Some((milestone, url)) = key.split_once(' ')
            && let Some(id) = milestone_ids.get(milestone)
            && let Some(wanted) = links.get_mut(id)
        {
            wanted.push((
                url.to_owned(),
                text(r, "label").unwrap_or_default().to_owned(),
            ));
        }
    }
    for (id, wanted) in links {
        write_links(conn, id, wanted)?;
    }

    let mentee_id: i64 = conn.query_row(
        "SELECT mentee_id FROM plans WHERE id = ?1",
        [plan_id],
        |r| r.get(0),
    )?;
    for (uid, r) in records(progress, "assessments") {
        assessment(conn, mentee_id, uid, r)?;
    }
    for (uid, r) in records(progress, "topics") {
        let id = child_row(conn, "plan_topics", plan_id, uid)?;
        run(
            conn,
            &format!(
                "UPDATE plan_topics SET text = ?2, added_by = ?3, added_on = ?4, done = ?5,
                        deleted_at = CASE WHEN ?6 THEN coalesce(deleted_at, {NOW}) END
                  WHERE id = ?1"
            ),
            params![
                id,
                text(r, "text"),
                text(r, "added_by"),
                text(r, "added_on"),
                flag(r, "done"),
                flag(r, "deleted")
            ],
        )?;
    }
    for (uid, r) in records(progress, "comments") {
        let id = child_row(conn, "plan_comments", plan_id, uid)?;
        run(
            conn,
            &format!(
                "UPDATE plan_comments SET author = ?2, text = ?3, written_at = ?4,
                        deleted_at = CASE WHEN ?5 THEN coalesce(deleted_at, {NOW}) END
                  WHERE id = ?1"
            ),
            params![
                id,
                text(r, "author"),
                text(r, "text"),
                text(r, "written_at"),
                flag(r, "deleted")
            ],
        )?;
    }
    for (uid, r) in records(progress, "sessions") {
        session(conn, mentee_id, uid, r)?;
    }
    for (uid, r) in records(progress, "evidence") {
        evidence(conn, mentee_id, Some(plan_id), uid, r)?;
    }
    Ok(projected)
}

/// Writes evidence `uid` of the mentee, on plan `plan_id` or on none. Evidence of another
/// person is refused: a document cannot move entries between people.
pub(crate) fn evidence(
    conn: &Connection,
    mentee_id: i64,
    plan_id: Option<i64>,
    uid: &str,
    r: &Record,
) -> Result<()> {
    let found: Option<(i64, i64)> = conn
        .prepare_cached("SELECT id, mentee_id FROM evidence WHERE uid = ?1")?
        .query_row([uid], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let id = match found {
        Some((id, owner)) if owner == mentee_id => id,
        Some(_) => {
            return Err(Error::SyncRefused(
                "it claims someone else's evidence".into(),
            ));
        }
        None => {
            run(
                conn,
                "INSERT INTO evidence (uid, mentee_id, observed_on, title, added_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    uid,
                    mentee_id,
                    text(r, "observed_on"),
                    text(r, "title"),
                    text(r, "added_by")
                ],
            )?;
            conn.last_insert_rowid()
        }
    };
    // A milestone of the same plan that is here; one still on its way is left out.
    let milestone_id: Option<i64> = match (text(r, "milestone").filter(|m| !m.is_empty()), plan_id)
    {
        (Some(milestone), Some(plan_id)) => conn
            .prepare_cached(
                "SELECT m.id FROM milestones m JOIN goals g ON g.id = m.goal_id
                  WHERE m.uid = ?1 AND g.plan_id = ?2",
            )?
            .query_row(params![milestone, plan_id], |row| row.get(0))
            .optional()?,
        _ => None,
    };
    run(
        conn,
        &format!(
            "UPDATE evidence SET plan_id = ?2, milestone_id = ?3, observed_on = ?4, title = ?5,
                    link = ?6, note = ?7, added_by = ?8,
                    deleted_at = CASE WHEN ?9 THEN coalesce(deleted_at, {NOW}) END
              WHERE id = ?1
                AND (plan_id, milestone_id, observed_on, title, link, note, added_by,
                     deleted_at IS NOT NULL)
                    IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            id,
            plan_id,
            milestone_id,
            text(r, "observed_on"),
            text(r, "title"),
            text(r, "link").unwrap_or_default(),
            text(r, "note").unwrap_or_default(),
            text(r, "added_by"),
            flag(r, "deleted")
        ],
    )?;
    let wanted = words(r, "competencies");
    let current: Vec<String> = conn
        .prepare_cached(
            "SELECT competency_key FROM evidence_competencies WHERE evidence_id = ?1
              ORDER BY competency_key",
        )?
        .query_map([id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if current != wanted {
        run(
            conn,
            "DELETE FROM evidence_competencies WHERE evidence_id = ?1",
            [id],
        )?;
        for key in wanted {
            run(
                conn,
                "INSERT INTO evidence_competencies (evidence_id, competency_key) VALUES (?1, ?2)",
                params![id, key],
            )?;
        }
    }
    Ok(())
}

fn missing() -> Error {
    Error::SharedFileRefused("a record it refers to is missing".into())
}

/// The plan's row, made on the mentee's side the first time it arrives, with the person it
/// is about (listed under "Shared with me") and its leader type.
fn plan_row(conn: &Connection, head: &Record, sender: &str) -> Result<i64> {
    let uid = text(head, "uid").unwrap_or_default();
    let leader_type_id = leader_type(conn, head)?;
    let existing: Option<i64> = conn
        .query_row("SELECT id FROM plans WHERE uid = ?1", [uid], |r| r.get(0))
        .optional()?;
    let id = match existing {
        Some(id) => id,
        None => {
            let mentee_id = received_person(conn, head, sender)?;
            run(
                conn,
                "INSERT INTO plans (mentee_id, uid, title, leader_type_id, role_track_key, starts_on, target_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    mentee_id, uid, text(head, "title"), leader_type_id, text(head, "role_track"),
                    text(head, "starts_on"), text(head, "target_on")
                ],
            )?;
            conn.last_insert_rowid()
        }
    };
    run(
        conn,
        &format!(
            "UPDATE plans SET title = ?2, leader_type_id = ?3, role_track_key = ?4, starts_on = ?5,
                    target_on = ?6, updated_at = {NOW},
                    deleted_at = CASE WHEN ?7 THEN coalesce(deleted_at, {NOW}) END
              WHERE id = ?1"
        ),
        params![
            id,
            text(head, "title"),
            leader_type_id,
            text(head, "role_track"),
            text(head, "starts_on"),
            text(head, "target_on"),
            flag(head, "deleted")
        ],
    )?;
    Ok(id)
}

fn received_person(conn: &Connection, head: &Record, sender: &str) -> Result<i64> {
    let uid = text(head, "mentee_uid").unwrap_or_default();
    let found: Option<i64> = conn
        .query_row("SELECT id FROM mentees WHERE uid = ?1", [uid], |r| r.get(0))
        .optional()?;
    match found {
        Some(id) => Ok(id),
        None => {
            run(
                conn,
                "INSERT INTO mentees (name, uid, shared_by) VALUES (?1, ?2, ?3)",
                params![text(head, "mentee_name"), uid, sender],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// The leader type the plan names: one of this file's by name, or a new one of that name
/// and family when this Waymark has none (a mentor's own type).
fn leader_type(conn: &Connection, head: &Record) -> Result<i64> {
    let name = text(head, "leader_type").unwrap_or_default();
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM leader_types WHERE lower(name) = lower(?1)",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    run(
        conn,
        "INSERT INTO leader_types (family_key, name, description) VALUES (?1, ?2, ?3)",
        params![
            text(head, "leader_family"),
            name,
            "Came with a shared plan."
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Applies the plan's status under the rule of one active plan per mentee. A plan whose
/// document says active keeps `activated_at` (it wants to be active); of the mentee's plans
/// that want to be, the one activated last is active (ties go to the greater global id)
/// and the others are drafts until it stops. The outcome depends only on what the
/// documents say, never on the order files arrive in, so every copy keeps the same plan.
/// Returns the title of a plan this merge made a draft.
fn keep_one_active(conn: &Connection, plan_id: i64, head: &Record) -> Result<Option<String>> {
    let status = text(head, "status").unwrap_or("draft");
    let wants = (status == "active").then(|| text(head, "activated_at").unwrap_or_default());
    run(
                conn,
        "UPDATE plans SET status = CASE WHEN ?2 = 'active' THEN 'draft' ELSE ?2 END, activated_at = ?3
          WHERE id = ?1",
        params![plan_id, status, wants],
    )?;
    let mentee_id: i64 = conn.query_row(
        "SELECT mentee_id FROM plans WHERE id = ?1",
        [plan_id],
        |r| r.get(0),
    )?;
    let mut statement = conn.prepare(
        "SELECT id, title, status FROM plans
          WHERE mentee_id = ?1 AND activated_at IS NOT NULL AND deleted_at IS NULL
          ORDER BY activated_at DESC, coalesce(uid, '') DESC",
    )?;
    let wanting: Vec<(i64, String, String)> = statement
        .query_map([mentee_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let Some(((winner, _, _), losers)) = wanting.split_first() else {
        return Ok(None);
    };
    let mut deactivated = None;
    for (id, title, was) in losers {
        run(
            conn,
            "UPDATE plans SET status = 'draft' WHERE id = ?1",
            [id],
        )?;
        if was == "active" {
            deactivated = Some(title.clone());
        }
    }
    run(
        conn,
        "UPDATE plans SET status = 'active' WHERE id = ?1",
        [winner],
    )?;
    Ok(deactivated)
}

/// The row of child `uid` under `parent`, made if this copy has none. A global id that
/// belongs to another plan's row is refused: a file cannot move rows between plans.
fn child_row(conn: &Connection, table: &str, parent: i64, uid: &str) -> Result<i64> {
    let plan_of = match table {
        "milestones" => "(SELECT plan_id FROM goals WHERE id = goal_id)",
        _ => "plan_id",
    };
    let plan_of_parent = match table {
        "milestones" => "(SELECT plan_id FROM goals WHERE id = ?1)",
        _ => "?1",
    };
    let found: Option<(i64, bool)> = conn
        .prepare_cached(&format!(
            "SELECT id, {plan_of} = {plan_of_parent} FROM {table} WHERE uid = ?2"
        ))?
        .query_row(params![parent, uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((id, true)) => Ok(id),
        Some((_, false)) => Err(Error::SharedFileRefused(
            "it claims an item of another plan as its own".into(),
        )),
        None => {
            let columns = match table {
                "goals" => "(uid, plan_id, title, position) VALUES (?1, ?2, '…', 0)",
                "milestones" => "(uid, goal_id, title, position) VALUES (?1, ?2, '…', 0)",
                "plan_comments" => {
                    "(uid, plan_id, author, text, written_at) VALUES (?1, ?2, '…', '…', '')"
                }
                _ => {
                    "(uid, plan_id, text, added_by, added_on) VALUES (?1, ?2, '…', 'mentor', date('now'))"
                }
            };
            run(
                conn,
                &format!("INSERT INTO {table} {columns}"),
                params![uid, parent],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn replace_keys(
    conn: &Connection,
    table: &str,
    column: &str,
    goal_id: i64,
    keys: &[String],
) -> Result<()> {
    let mut current: Vec<String> = conn
        .prepare_cached(&format!("SELECT {column} FROM {table} WHERE goal_id = ?1"))?
        .query_map([goal_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut wanted = keys.to_vec();
    current.sort();
    wanted.sort();
    if current == wanted {
        return Ok(());
    }
    run(
        conn,
        &format!("DELETE FROM {table} WHERE goal_id = ?1"),
        [goal_id],
    )?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {table} (goal_id, {column}) VALUES (?1, ?2)"
    ))?;
    for key in keys {
        insert.execute(params![goal_id, key])?;
    }
    Ok(())
}

/// Makes a milestone's links `wanted` (address, label), touching them only when they differ.
fn write_links(
    conn: &Connection,
    milestone_id: i64,
    mut wanted: Vec<(String, String)>,
) -> Result<()> {
    let mut current: Vec<(String, String)> = conn
        .prepare_cached("SELECT url, label FROM milestone_links WHERE milestone_id = ?1")?
        .query_map([milestone_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    current.sort();
    wanted.sort();
    if current == wanted {
        return Ok(());
    }
    run(
        conn,
        "DELETE FROM milestone_links WHERE milestone_id = ?1",
        [milestone_id],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO milestone_links (milestone_id, url, label) VALUES (?1, ?2, ?3)",
    )?;
    for (url, label) in wanted {
        insert.execute(params![milestone_id, url, label])?;
    }
    Ok(())
}

/// The row of a mentee's own record (an assessment, a 1:1) with global id `uid`, made if
/// this copy has none; one that belongs to another person is refused.
pub(crate) fn person_row(
    conn: &Connection,
    table: &str,
    mentee_id: i64,
    uid: &str,
) -> Result<Option<i64>> {
    let found: Option<(i64, i64)> = conn
        .prepare_cached(&format!("SELECT id, mentee_id FROM {table} WHERE uid = ?1"))?
        .query_row([uid], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match found {
        Some((id, owner)) if owner == mentee_id => Ok(Some(id)),
        Some(_) => Err(Error::SharedFileRefused(
            "it claims another person's records".into(),
        )),
        None => Ok(None),
    }
}

/// The row of mentee `mentee_id`'s 1:1 with global id `uid`, made if this copy has none.
pub(crate) fn session_row(conn: &Connection, mentee_id: i64, uid: &str, r: &Record) -> Result<i64> {
    match person_row(conn, "sessions", mentee_id, uid)? {
        Some(id) => Ok(id),
        None => {
            run(
                conn,
                "INSERT INTO sessions (mentee_id, uid, held_on) VALUES (?1, ?2, ?3)",
                params![mentee_id, uid, text(r, "held_on")],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn session(conn: &Connection, mentee_id: i64, uid: &str, r: &Record) -> Result<()> {
    let id = session_row(conn, mentee_id, uid, r)?;
    run(
        conn,
        &format!(
            "UPDATE sessions SET held_on = ?2, shared_notes = ?3,
                    deleted_at = CASE WHEN ?4 THEN coalesce(deleted_at, {NOW}) END
              WHERE id = ?1"
        ),
        params![
            id,
            text(r, "held_on"),
            text(r, "shared_notes"),
            flag(r, "deleted")
        ],
    )?;
    Ok(())
}

pub(crate) fn assessment(conn: &Connection, mentee_id: i64, uid: &str, r: &Record) -> Result<()> {
    let assessor = text(r, "assessor").unwrap_or("self");
    let id = match person_row(conn, "assessments", mentee_id, uid)? {
        Some(id) => id,
        None => {
            run(
                conn,
                "INSERT INTO assessments (mentee_id, uid, assessed_on, assessor) VALUES (?1, ?2, ?3, ?4)",
                params![mentee_id, uid, text(r, "assessed_on"), assessor],
            )?;
            conn.last_insert_rowid()
        }
    };
    run(
        conn,
        "UPDATE assessments SET assessed_on = ?2, notes = ?3, assessor = ?4 WHERE id = ?1",
        params![
            id,
            text(r, "assessed_on"),
            text(r, "notes").unwrap_or_default(),
            assessor
        ],
    )?;
    run(
        conn,
        "DELETE FROM assessment_ratings WHERE assessment_id = ?1",
        [id],
    )?;
    run(
        conn,
        "DELETE FROM assessment_spectrums WHERE assessment_id = ?1",
        [id],
    )?;
    for (field, value) in r {
        let Scalar::Int(level) = value else { continue };
        if let Some(key) = field.strip_prefix("rating.") {
            let comment = text(r, &format!("comment.{key}")).unwrap_or_default();
            run(
                conn,
                "INSERT INTO assessment_ratings (assessment_id, competency_key, level, comment) VALUES (?1, ?2, ?3, ?4)",
                params![id, key, level, comment],
            )?;
        } else if let Some(key) = field.strip_prefix("spectrum.") {
            run(
                conn,
                "INSERT INTO assessment_spectrums (assessment_id, spectrum_key, position) VALUES (?1, ?2, ?3)",
                params![id, key, level],
            )?;
        }
    }
    Ok(())
}

/// Runs a statement through the connection's statement cache: a merge runs the same few
/// statements once for every record.
pub(crate) fn run(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
    Ok(conn.prepare_cached(sql)?.execute(params)?)
}
