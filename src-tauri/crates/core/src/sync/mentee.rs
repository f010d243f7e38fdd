//! The `mentee/…` document: a mentor's private record of one mentee, held only by the
//! mentor's own devices and never shared. Every assessment of the mentee, and every 1:1
//! with its private notes, its shared part, the goals it was about and its action items.
//! (A plan's progress document carries the shared part of the same 1:1s to the mentee.)
//!
//! A 1:1 may name goals and milestones of a plan that has not reached this device yet:
//! such a reference is kept in the document as it is until the plan arrives, so that
//! writing this device's rows back into the document never drops it.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::engine::{Contents, Kind, Record, Scalar, records};
use super::project::{self, assessment, run, session_row};
use super::reconcile::{self, assessments, give_ids};
use super::shape::{
    Catalogue, Problems, check_assessment, check_evidence, flag, stored, text, uid, words,
};
use crate::error::{Error, Result};
use crate::plan::sessions;
use crate::store::db::NOW;

pub(crate) const MENTEE: Kind = Kind {
    name: "mentee",
    containers: &["assessments", "sessions", "evidence"],
};

/// The evidence this document carries: what is on no plan (a plan's travels with it).
const OWN_EVIDENCE: &str = "e.mentee_id = ?1 AND e.plan_id IS NULL";

/// The document's contents as mentee `mentee_id`'s rows stand; `held` is what it holds
/// now, for references this device cannot follow yet.
pub(crate) fn contents(conn: &Connection, mentee_id: i64, held: &Contents) -> Result<Contents> {
    give_ids(conn, "assessments", "mentee_id = ?1", [mentee_id])?;
    give_ids(conn, "sessions", "mentee_id = ?1", [mentee_id])?;
    give_ids(
        conn,
        "evidence",
        "mentee_id = ?1 AND plan_id IS NULL",
        [mentee_id],
    )?;
    let mut contents = Contents::new();
    contents.insert("assessments", assessments(conn, mentee_id, None)?);
    contents.insert("sessions", session_records(conn, mentee_id, held)?);
    contents.insert(
        "evidence",
        reconcile::evidence(conn, OWN_EVIDENCE, mentee_id)?,
    );
    Ok(contents)
}

fn session_records(
    conn: &Connection,
    mentee_id: i64,
    held: &Contents,
) -> Result<BTreeMap<String, Record>> {
    let mut statement = conn.prepare(
        "SELECT s.id, s.uid, s.held_on, s.notes, s.shared_notes, s.deleted_at IS NOT NULL,
                (SELECT group_concat(uid, ' ') FROM (SELECT g.uid FROM session_goals sg
                   JOIN goals g ON g.id = sg.goal_id
                  WHERE sg.session_id = s.id AND g.uid IS NOT NULL ORDER BY g.uid))
           FROM sessions s WHERE s.mentee_id = ?1",
    )?;
    let mut items = conn.prepare(
        "SELECT a.text, a.done, m.uid FROM action_items a
           LEFT JOIN milestones m ON m.id = a.milestone_id
          WHERE a.session_id = ?1 ORDER BY a.position, a.id",
    )?;
    let mut agenda = conn.prepare(
        "SELECT kind, text, ticked FROM session_agenda WHERE session_id = ?1 ORDER BY position",
    )?;
    let earlier = records(held, "sessions");
    let mut found = BTreeMap::new();
    let mut rows = statement.query([mentee_id])?;
    while let Some(r) = rows.next()? {
        let uid: String = r.get(1)?;
        let before = earlier.get(&uid);
        let mut goals: BTreeSet<String> = words_of(r.get::<_, Option<String>>(6)?);
        goals.extend(
            before
                .map(|b| words(b, "goals"))
                .unwrap_or_default()
                .into_iter()
                .filter(|g| !known(conn, "goals", g)),
        );
        let mut record = Record::from([
            ("held_on".into(), Scalar::Text(r.get(2)?)),
            ("notes".into(), Scalar::Text(r.get(3)?)),
            ("shared_notes".into(), Scalar::Text(r.get(4)?)),
            ("deleted".into(), Scalar::Flag(r.get(5)?)),
            (
                "goals".into(),
                Scalar::Text(goals.into_iter().collect::<Vec<_>>().join(" ")),
            ),
        ]);
        let mut list = items.query([r.get::<_, i64>(0)?])?;
        let mut i = 0;
        while let Some(item) = list.next()? {
            record.insert(format!("item.{i}"), Scalar::Text(item.get(0)?));
            record.insert(format!("done.{i}"), Scalar::Flag(item.get(1)?));
            let milestone = item.get::<_, Option<String>>(2)?.or_else(|| {
                before
                    .and_then(|b| text(b, &format!("milestone.{i}")))
                    .filter(|m| !known(conn, "milestones", m))
                    .map(str::to_owned)
            });
            if let Some(milestone) = milestone {
                record.insert(format!("milestone.{i}"), Scalar::Text(milestone));
            }
            i += 1;
        }
        let mut entries = agenda.query([r.get::<_, i64>(0)?])?;
        let mut i = 0;
        while let Some(entry) = entries.next()? {
            record.insert(format!("kind.{i}"), Scalar::Text(entry.get(0)?));
            record.insert(format!("agenda.{i}"), Scalar::Text(entry.get(1)?));
            record.insert(format!("ticked.{i}"), Scalar::Flag(entry.get(2)?));
            i += 1;
        }
        found.insert(uid, record);
    }
    Ok(found)
}

fn words_of(list: Option<String>) -> BTreeSet<String> {
    list.unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Whether this data file has a row of `table` with global id `uid`.
fn known(conn: &Connection, table: &str, uid: &str) -> bool {
    conn.prepare_cached(&format!("SELECT 1 FROM {table} WHERE uid = ?1"))
        .and_then(|mut s| s.exists([uid]))
        .unwrap_or(false)
}

/// A 1:1's action items: their place, text, whether done, and the milestone each became.
fn action_items(r: &Record) -> Vec<(usize, &str, bool, Option<&str>)> {
    let mut items: Vec<_> = r
        .iter()
        .filter_map(|(field, value)| {
            let i: usize = field.strip_prefix("item.")?.parse().ok()?;
            let Scalar::Text(text_value) = value else {
                return None;
            };
            Some((
                i,
                text_value.as_str(),
                flag(r, &format!("done.{i}")),
                text(r, &format!("milestone.{i}")),
            ))
        })
        .collect();
    items.sort();
    items
}

/// A 1:1's agenda: each entry's place, kind, text and whether it was ticked.
fn agenda_entries(r: &Record) -> Vec<(usize, &str, &str, bool)> {
    let mut entries: Vec<_> = r
        .iter()
        .filter_map(|(field, value)| {
            let i: usize = field.strip_prefix("agenda.")?.parse().ok()?;
            let Scalar::Text(entry) = value else {
                return None;
            };
            Some((
                i,
                text(r, &format!("kind.{i}")).unwrap_or_default(),
                entry.as_str(),
                flag(r, &format!("ticked.{i}")),
            ))
        })
        .collect();
    entries.sort();
    entries
}

/// Checks every record against the rules the commands apply.
pub(crate) fn check(contents: &Contents, catalogue: &Catalogue) -> Result<()> {
    let mut problems = Problems::default();
    let mut note = |path: String, result: Result<()>| problems.note(path, result);
    for (key, r) in records(contents, "assessments") {
        check_assessment(&mut note, key, r, catalogue);
    }
    for (key, r) in records(contents, "evidence") {
        check_evidence(&mut note, key, r, catalogue);
    }
    for (key, r) in records(contents, "sessions") {
        let at = |f: &str| format!("sessions.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        for field in ["held_on", "notes", "shared_notes"] {
            note(at(field), stored(r, field, sessions::check_stored));
        }
        for goal in words(r, "goals") {
            note(at("goals"), uid(Some(&goal)));
        }
        for (i, item, _, milestone) in action_items(r) {
            note(
                at(&format!("item.{i}")),
                sessions::check_stored_action_item("text", item),
            );
            if milestone.is_some() {
                note(at(&format!("milestone.{i}")), uid(milestone));
            }
        }
        for (i, kind, entry, _) in agenda_entries(r) {
            note(
                at(&format!("agenda.{i}")),
                sessions::check_stored_agenda("text", entry)
                    .and(sessions::check_stored_agenda("kind", kind)),
            );
        }
        for field in r.keys() {
            let (name, _) = field.split_once('.').unwrap_or((field, ""));
            if ![
                "held_on",
                "notes",
                "shared_notes",
                "deleted",
                "goals",
                "item",
                "done",
                "milestone",
                "agenda",
                "kind",
                "ticked",
            ]
            .contains(&name)
            {
                note(
                    at(field),
                    Err(Error::SyncRefused(
                        "Waymark does not know this field".into(),
                    )),
                );
            }
        }
    }
    problems.verdict()
}

/// Makes mentee `mentee_id`'s rows say what `after` says; records in `before` and no longer
/// in `after` were deleted on another of the person's devices.
pub(crate) fn project(
    conn: &Connection,
    mentee_id: i64,
    before: &Contents,
    after: &Contents,
) -> Result<()> {
    for (uid, r) in records(after, "assessments") {
        assessment(conn, mentee_id, uid, r)?;
    }
    for (uid, r) in records(after, "sessions") {
        session(conn, mentee_id, uid, r)?;
    }
    for (uid, r) in records(after, "evidence") {
        project::evidence(conn, mentee_id, None, uid, r)?;
    }
    // Evidence that left this document for a plan's is that plan's to write.
    for (container, table, rows) in [
        ("assessments", "assessments", "1"),
        ("sessions", "sessions", "1"),
        ("evidence", "evidence", "plan_id IS NULL"),
    ] {
        let now = records(after, container);
        for uid in records(before, container).keys() {
            if !now.contains_key(uid) {
                run(
                    conn,
                    &format!("DELETE FROM {table} WHERE uid = ?1 AND mentee_id = ?2 AND {rows}"),
                    params![uid, mentee_id],
                )?;
            }
        }
    }
    Ok(())
}

fn session(conn: &Connection, mentee_id: i64, uid: &str, r: &Record) -> Result<()> {
    let id = session_row(conn, mentee_id, uid, r)?;
    run(
        conn,
        &format!(
            "UPDATE sessions SET held_on = ?2, notes = ?3, shared_notes = ?4,
                    deleted_at = CASE WHEN ?5 THEN coalesce(deleted_at, {NOW}) END,
                    updated_at = {NOW}
              WHERE id = ?1
                AND (held_on, notes, shared_notes, deleted_at IS NOT NULL)
                    IS NOT (?2, ?3, ?4, ?5)"
        ),
        params![
            id,
            text(r, "held_on"),
            text(r, "notes"),
            text(r, "shared_notes"),
            flag(r, "deleted")
        ],
    )?;
    // Goals of this mentee's plans that are here; the others are kept in the document.
    let mut goal_ids = Vec::new();
    for goal in words(r, "goals") {
        let found: Option<i64> = conn
            .prepare_cached(
                "SELECT g.id FROM goals g JOIN plans p ON p.id = g.plan_id
                  WHERE g.uid = ?1 AND p.mentee_id = ?2",
            )?
            .query_row(params![goal, mentee_id], |row| row.get(0))
            .optional()?;
        goal_ids.extend(found);
    }
    run(
        conn,
        "DELETE FROM session_goals WHERE session_id = ?1",
        [id],
    )?;
    for goal_id in goal_ids {
        run(
            conn,
            "INSERT OR IGNORE INTO session_goals (session_id, goal_id) VALUES (?1, ?2)",
            params![id, goal_id],
        )?;
    }
    write_items(conn, id, mentee_id, &action_items(r))?;
    write_agenda(conn, id, &agenda_entries(r))
}

/// Makes a 1:1's agenda that of the document, entry by entry in place, so that what each
/// entry stands for on this device stays with it.
fn write_agenda(
    conn: &Connection,
    session_id: i64,
    wanted: &[(usize, &str, &str, bool)],
) -> Result<()> {
    for (position, (_, kind, entry, ticked)) in wanted.iter().enumerate() {
        run(
            conn,
            "INSERT INTO session_agenda (session_id, position, kind, text, ticked)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (session_id, position) DO UPDATE
                SET kind = excluded.kind, text = excluded.text, ticked = excluded.ticked
              WHERE (kind, text, ticked) IS NOT (excluded.kind, excluded.text, excluded.ticked)",
            params![session_id, position as i64, kind, entry, ticked],
        )?;
    }
    run(
        conn,
        "DELETE FROM session_agenda WHERE session_id = ?1 AND position >= ?2",
        params![session_id, wanted.len() as i64],
    )?;
    Ok(())
}

/// Makes a 1:1's action items those of the document, touching them only when they differ.
fn write_items(
    conn: &Connection,
    session_id: i64,
    mentee_id: i64,
    wanted: &[(usize, &str, bool, Option<&str>)],
) -> Result<()> {
    let mut wanted_rows = Vec::new();
    for (_, item, done, milestone) in wanted {
        let milestone_id: Option<i64> = match milestone {
            Some(uid) => conn
                .prepare_cached(
                    "SELECT m.id FROM milestones m JOIN goals g ON g.id = m.goal_id
                       JOIN plans p ON p.id = g.plan_id WHERE m.uid = ?1 AND p.mentee_id = ?2",
                )?
                .query_row(params![uid, mentee_id], |row| row.get(0))
                .optional()?,
            None => None,
        };
        wanted_rows.push(((*item).to_owned(), *done, milestone_id));
    }
    // In place, position by position: an item keeps its row (and what refers to it, such
    // as a later 1:1's agenda) while only its text or state changes.
    let current: Vec<(i64, String, bool, Option<i64>)> = conn
        .prepare_cached(
            "SELECT id, text, done, milestone_id FROM action_items WHERE session_id = ?1
              ORDER BY position, id",
        )?
        .query_map([session_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (position, (item, done, milestone_id)) in wanted_rows.iter().enumerate() {
        match current.get(position) {
            Some((id, t, d, m)) if (t, d, m) != (item, done, milestone_id) => {
                run(
                    conn,
                    "UPDATE action_items SET text = ?2, done = ?3, milestone_id = ?4, position = ?5
                      WHERE id = ?1",
                    params![id, item, done, milestone_id, position as i64],
                )?;
            }
            Some(_) => {}
            None => {
                run(
                    conn,
                    "INSERT INTO action_items (session_id, text, done, milestone_id, position)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![session_id, item, done, milestone_id, position as i64],
                )?;
            }
        }
    }
    for (id, ..) in current.iter().skip(wanted_rows.len()) {
        run(conn, "DELETE FROM action_items WHERE id = ?1", [id])?;
    }
    Ok(())
}
