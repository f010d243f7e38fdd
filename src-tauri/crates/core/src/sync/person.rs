//! The `person/…` document: what only its owner's devices hold and no plan carries. Their
//! mentees, the leader types and goal templates they made, and the settings that follow
//! the person from device to device (how many backups a device keeps is that device's).
//!
//! A record removed from the document is a mentee, type or template deleted on another
//! of the person's devices: it is deleted here too. Records this device never had in the
//! document are left alone, so pairing a second device with data of its own joins the two.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::engine::{Contents, Kind, Record, Scalar, records};
use super::project::run;
use super::reconcile::give_ids;
use super::shape::{
    Catalogue, Problems, flag, int, known, level, member, stored, text, timestamp, uid, words,
};
use crate::catalogue::{self, profile};
use crate::error::{Error, Result};
use crate::people::mentees;
use crate::plan::templates;
use crate::store::db::NOW;
use crate::store::settings;

pub(crate) const PERSON: Kind = Kind {
    name: "person",
    containers: &["mentees", "leader_types", "templates", "settings"],
};

/// The settings that follow the person.
const FOLLOWING: [&str; 2] = ["not_seen_days", "mentor_name"];

/// Whether a record field of the person document holds what a new data file starts with
/// rather than something the person chose (a setting still at its default).
pub(crate) fn untouched(container: &str, key: &str, value: &Scalar) -> bool {
    container == "settings" && matches!(value, Scalar::Text(v) if settings::is_default(key, v))
}

/// A template milestone's days after the goal starts, at most.
const OFFSET_DAYS_MAX: i64 = 3650;

/// The document's contents as the rows stand; own mentees and templates get global ids.
pub(crate) fn contents(conn: &Connection) -> Result<Contents> {
    give_ids(conn, "mentees", "shared_by IS NULL", [])?;
    let mut contents = catalogue_contents(conn)?;
    contents.insert("mentees", mentee_records(conn, "", [])?);
    Ok(contents)
}

/// The document's leader types, goal templates and settings as the rows stand: all but
/// the mentees, a few records where the mentees may be thousands.
pub(crate) fn catalogue_contents(conn: &Connection) -> Result<Contents> {
    give_ids(conn, "goal_templates", "built_in = 0", [])?;
    let mut contents = Contents::new();
    contents.insert("leader_types", leader_type_records(conn)?);
    contents.insert("templates", template_records(conn)?);
    let mut found = BTreeMap::new();
    for key in FOLLOWING {
        let value: Option<String> = conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(value) = value {
            found.insert(
                key.to_owned(),
                Record::from([("value".into(), Scalar::Text(value))]),
            );
        }
    }
    contents.insert("settings", found);
    Ok(contents)
}

/// Container `name` of the person's document, if it has one so named.
pub(crate) fn container(name: &str) -> Option<&'static str> {
    PERSON.containers.iter().copied().find(|c| *c == name)
}

/// Record `key` of `container` as the rows have it.
pub(crate) fn record_of(conn: &Connection, container: &str, key: &str) -> Result<Option<Record>> {
    Ok(match container {
        "mentees" => mentee_records_of(conn, &[key.to_owned()])?
            .remove(key)
            .flatten(),
        _ => catalogue_contents(conn)?
            .remove(container)
            .and_then(|mut records| records.remove(key)),
    })
}

/// The records of the mentees with global ids `uids`, by global id: none for one that
/// is no longer the person's own (deleted, or moved), whose record goes.
pub(crate) fn mentee_records_of(
    conn: &Connection,
    uids: &[String],
) -> Result<BTreeMap<String, Option<Record>>> {
    let mut found = BTreeMap::new();
    for uid in uids {
        let record = mentee_records(conn, "AND m.uid = ?1", [uid])?.remove(uid);
        found.insert(uid.clone(), record);
    }
    Ok(found)
}

/// The records of the person's own mentees with a global id, narrowed by `and`.
fn mentee_records(
    conn: &Connection,
    and: &str,
    params: impl rusqlite::Params,
) -> Result<BTreeMap<String, Record>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT m.uid, m.name, m.current_role, coalesce(c.name, ''), coalesce(t.name, ''),
                coalesce(m.role_track_key, ''), coalesce(m.start_date, ''), m.notes,
                m.is_self, coalesce(m.archived_at, ''), m.cadence, m.talking_points
           FROM mentees m
           LEFT JOIN leader_types c ON c.id = m.current_leader_type_id
           LEFT JOIN leader_types t ON t.id = m.target_leader_type_id
          WHERE m.shared_by IS NULL AND m.uid IS NOT NULL {and}"
    ))?;
    let rows = statement.query_map(params, |r| {
        let text = |i: usize| -> rusqlite::Result<Scalar> { Ok(Scalar::Text(r.get(i)?)) };
        Ok((
            r.get::<_, String>(0)?,
            Record::from([
                ("name".into(), text(1)?),
                ("current_role".into(), text(2)?),
                ("current_type".into(), text(3)?),
                ("target_type".into(), text(4)?),
                ("role_track".into(), text(5)?),
                ("start_date".into(), text(6)?),
                ("notes".into(), text(7)?),
                ("is_self".into(), Scalar::Flag(r.get(8)?)),
                ("archived_at".into(), text(9)?),
                ("cadence".into(), text(10)?),
                ("talking_points".into(), text(11)?),
            ]),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Leader types the person made, by their name in lower case (names are unique so).
fn leader_type_records(conn: &Connection) -> Result<BTreeMap<String, Record>> {
    let mut statement = conn
        .prepare("SELECT id, name, family_key, description FROM leader_types WHERE built_in = 0")?;
    let types: Vec<(i64, String, String, String)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = BTreeMap::new();
    for (id, name, family, description) in types {
        let mut record = Record::from([
            ("name".into(), Scalar::Text(name.clone())),
            ("family".into(), Scalar::Text(family)),
            ("description".into(), Scalar::Text(description)),
        ]);
        let targets = profile::read(conn, profile::LEADER_TYPE, id)?;
        for t in targets.competencies {
            record.insert(format!("target.{}", t.competency_key), Scalar::Int(t.level));
        }
        for t in targets.spectrums {
            record.insert(
                format!("spectrum.{}", t.spectrum_key),
                Scalar::Int(t.position),
            );
        }
        found.insert(name.to_lowercase(), record);
    }
    Ok(found)
}

fn template_records(conn: &Connection) -> Result<BTreeMap<String, Record>> {
    let mut statement = conn.prepare(
        "SELECT t.id, t.uid, t.title, t.description, coalesce(t.family_key, ''),
                (SELECT group_concat(competency_key, ' ') FROM (SELECT competency_key
                   FROM goal_template_competencies WHERE template_id = t.id
                  ORDER BY competency_key)),
                (SELECT group_concat(theme_key, ' ') FROM (SELECT theme_key
                   FROM goal_template_themes WHERE template_id = t.id ORDER BY theme_key))
           FROM goal_templates t WHERE t.built_in = 0",
    )?;
    let mut milestones = conn.prepare(
        "SELECT position, title, offset_days FROM goal_template_milestones
          WHERE template_id = ?1",
    )?;
    let mut found = BTreeMap::new();
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let mut record = Record::from([
            ("title".into(), Scalar::Text(r.get(2)?)),
            ("description".into(), Scalar::Text(r.get(3)?)),
            ("family".into(), Scalar::Text(r.get(4)?)),
            (
                "competencies".into(),
                Scalar::Text(r.get::<_, Option<String>>(5)?.unwrap_or_default()),
            ),
            (
                "themes".into(),
                Scalar::Text(r.get::<_, Option<String>>(6)?.unwrap_or_default()),
            ),
        ]);
        let mut steps = milestones.query([r.get::<_, i64>(0)?])?;
        while let Some(step) = steps.next()? {
            let position: i64 = step.get(0)?;
            record.insert(format!("milestone.{position}"), Scalar::Text(step.get(1)?));
            record.insert(format!("offset.{position}"), Scalar::Int(step.get(2)?));
        }
        found.insert(r.get(1)?, record);
    }
    Ok(found)
}

/// Checks every record against the rules the commands apply.
pub(crate) fn check(contents: &Contents, catalogue: &Catalogue) -> Result<()> {
    let mut problems = Problems::default();
    let mut note = |path: String, result: Result<()>| problems.note(path, result);
    for (key, r) in records(contents, "mentees") {
        let at = |f: &str| format!("mentees.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        for field in ["name", "current_role", "notes"] {
            note(at(field), stored(r, field, mentees::check_stored));
        }
        // A document from a Waymark before 1:1 rhythms holds neither.
        for field in ["cadence", "talking_points"] {
            if let Some(value) = text(r, field) {
                note(at(field), mentees::check_stored(field, value));
            }
        }
        if let Some(date) = text(r, "start_date").filter(|d| !d.is_empty()) {
            note(at("start_date"), mentees::check_stored("start_date", date));
        }
        if let Some(track) = text(r, "role_track").filter(|t| !t.is_empty()) {
            note(at("role_track"), known(track, &catalogue.role_tracks));
        }
        if let Some(archived) = text(r, "archived_at").filter(|a| !a.is_empty()) {
            note(at("archived_at"), timestamp(Some(archived)));
        }
    }
    for (key, r) in records(contents, "leader_types") {
        let at = |f: &str| format!("leader_types.{key}.{f}");
        for field in ["name", "description"] {
            note(
                at(field),
                stored(r, field, catalogue::check_stored_leader_type),
            );
        }
        if text(r, "name").is_some_and(|name| name.to_lowercase() != *key) {
            note(
                at("name"),
                Err(Error::SyncRefused("it is filed under another name".into())),
            );
        }
        note(at("family"), member(r, "family", &catalogue.families));
        let aims = catalogue.competencies.iter().map(|c| format!("target.{c}"));
        let sides = catalogue.spectrums.iter().map(|s| format!("spectrum.{s}"));
        if !aims.chain(sides).all(|field| r.contains_key(&field)) {
            note(
                at("target"),
                Err(Error::SyncRefused(
                    "it does not aim at every competency and spectrum".into(),
                )),
            );
        }
        for (field, value) in r {
            let result = match field.split_once('.') {
                Some(("target", name)) => {
                    known(name, &catalogue.competencies).and(level(Some(value), 1, 5))
                }
                Some(("spectrum", name)) => {
                    known(name, &catalogue.spectrums).and(level(Some(value), 1, 5))
                }
                None if ["name", "family", "description"].contains(&field.as_str()) => Ok(()),
                _ => Err(Error::SyncRefused(
                    "Waymark does not know this field".into(),
                )),
            };
            note(at(field), result);
        }
    }
    for (key, r) in records(contents, "templates") {
        let at = |f: &str| format!("templates.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        for field in ["title", "description"] {
            note(at(field), stored(r, field, templates::check_stored));
        }
        if text(r, "family").is_some_and(|f| !f.is_empty()) {
            note(at("family"), member(r, "family", &catalogue.families));
        }
        for word in words(r, "competencies") {
            note(at("competencies"), known(&word, &catalogue.competencies));
        }
        for word in words(r, "themes") {
            note(at("themes"), known(&word, &catalogue.themes));
        }
        for (position, title, offset) in template_steps(r) {
            let at = at(&format!("milestone.{position}"));
            note(
                at.clone(),
                templates::check_stored_milestone("title", title),
            );
            if !offset.is_some_and(|days| (0..=OFFSET_DAYS_MAX).contains(&days)) {
                note(
                    at,
                    Err(Error::SyncRefused(
                        "its days from the start are out of range".into(),
                    )),
                );
            }
        }
    }
    for (key, r) in records(contents, "settings") {
        let result = match FOLLOWING.contains(&key.as_str()) {
            true => match text(r, "value") {
                Some(value) => settings::check_stored(key, value),
                None => Err(Error::SyncRefused("it has no value".into())),
            },
            false => Err(Error::SyncRefused(
                "it is not a setting that follows the person".into(),
            )),
        };
        note(format!("settings.{key}"), result);
    }
    problems.verdict()
}

/// A template's milestones: position, title and days from the start.
fn template_steps(r: &Record) -> Vec<(i64, &str, Option<i64>)> {
    r.iter()
        .filter_map(|(field, value)| {
            let position = field.strip_prefix("milestone.")?.parse().ok()?;
            match value {
                Scalar::Text(title) => Some((
                    position,
                    title.as_str(),
                    int(r, &format!("offset.{position}")),
                )),
                _ => None,
            }
        })
        .collect()
}

/// Makes the rows say what `after` says; records in `before` and no longer in `after` were
/// deleted on another device. Both may hold only the records some changes touched: the
/// rows of the others are left as they are.
pub(crate) fn project(conn: &Connection, before: &Contents, after: &Contents) -> Result<()> {
    let gone = |name: &str| -> BTreeSet<&String> {
        let now = records(after, name);
        records(before, name)
            .keys()
            .filter(|k| !now.contains_key(*k))
            .collect()
    };
    for r in records(after, "leader_types").values() {
        leader_type(conn, r)?;
    }
    project_mentees(conn, before, after)?;
    for uid in gone("mentees") {
        run(
            conn,
            "DELETE FROM mentees WHERE uid = ?1 AND shared_by IS NULL",
            [uid],
        )?;
    }
    for key in gone("leader_types") {
        // A type still named by a mentee or a plan here stays until nothing names it.
        run(
            conn,
            "DELETE FROM leader_types WHERE lower(name) = ?1 AND built_in = 0
                AND NOT EXISTS (SELECT 1 FROM mentees WHERE leader_types.id
                                IN (current_leader_type_id, target_leader_type_id))
                AND NOT EXISTS (SELECT 1 FROM plans WHERE leader_type_id = leader_types.id)",
            [key],
        )?;
    }
    for (uid, r) in records(after, "templates") {
        template(conn, uid, r)?;
    }
    for uid in gone("templates") {
        run(
            conn,
            "DELETE FROM goal_templates WHERE uid = ?1 AND built_in = 0",
            [uid],
        )?;
    }
    for (key, r) in records(after, "settings") {
        run(
            conn,
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = ?2 WHERE value IS NOT ?2",
            params![key, text(r, "value")],
        )?;
    }
    Ok(())
}

fn leader_type(conn: &Connection, r: &Record) -> Result<()> {
    let name = text(r, "name").unwrap_or_default();
    let found: Option<(i64, bool)> = conn
        .query_row(
            "SELECT id, built_in FROM leader_types WHERE lower(name) = lower(?1)",
            [name],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let id = match found {
        // A built-in type of that name is the same type: nothing of it is the person's.
        Some((_, true)) => return Ok(()),
        Some((id, false)) => {
            run(
                conn,
                "UPDATE leader_types SET name = ?2, family_key = ?3, description = ?4
                  WHERE id = ?1 AND (name, family_key, description) IS NOT (?2, ?3, ?4)",
                params![id, name, text(r, "family"), text(r, "description")],
            )?;
            id
        }
        None => {
            run(
                conn,
                "INSERT INTO leader_types (family_key, name, description, built_in)
                 VALUES (?1, ?2, ?3, 0)",
                params![text(r, "family"), name, text(r, "description")],
            )?;
            conn.last_insert_rowid()
        }
    };
    let mut targets = profile::Profile::default();
    for (field, value) in r {
        let Scalar::Int(level) = value else { continue };
        if let Some(key) = field.strip_prefix("target.") {
            targets.competencies.push(profile::CompetencyTarget {
                competency_key: key.to_owned(),
                level: *level,
            });
        } else if let Some(key) = field.strip_prefix("spectrum.") {
            targets.spectrums.push(profile::SpectrumTarget {
                spectrum_key: key.to_owned(),
                position: *level,
            });
        }
    }
    profile::write(conn, profile::LEADER_TYPE, id, &targets)
}

/// Writes the mentees. Only one of them can be the person themselves: when two devices
/// each had one, the one with the smaller global id stays so, the same on every device.
fn project_mentees(conn: &Connection, before: &Contents, after: &Contents) -> Result<()> {
    let mentees = records(after, "mentees");
    // The person as the rows have them counts too, unless the changes touched their record.
    let untouched: Vec<String> = conn
        .prepare_cached(
            "SELECT uid FROM mentees WHERE is_self = 1 AND shared_by IS NULL AND uid IS NOT NULL",
        )?
        .query_map([], |r| r.get(0))?
        .filter(|uid| {
            uid.as_ref().map_or(true, |uid| {
                !mentees.contains_key(uid) && !records(before, "mentees").contains_key(uid)
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    let me = mentees
        .iter()
        .filter(|(_, r)| flag(r, "is_self"))
        .map(|(uid, _)| uid)
        .chain(&untouched)
        .min();
    run(
        conn,
        "UPDATE mentees SET is_self = 0
          WHERE is_self = 1 AND shared_by IS NULL AND uid IS NOT ?1",
        [me],
    )?;
    for (uid, r) in mentees {
        let type_id = |field: &str| -> Result<Option<i64>> {
            let name = text(r, field).unwrap_or_default();
            if name.is_empty() {
                return Ok(None);
            }
            conn.query_row(
                "SELECT id FROM leader_types WHERE lower(name) = lower(?1)",
                [name],
                |row| row.get(0),
            )
            .optional()?
            .map(Some)
            .ok_or_else(|| {
                Error::SyncRefused(format!("it names a leader type “{name}” it does not carry"))
            })
        };
        let blank_as_null = |field: &str| text(r, field).filter(|v| !v.is_empty());
        let existing: Option<Option<String>> = conn
            .query_row(
                "SELECT shared_by FROM mentees WHERE uid = ?1",
                [uid],
                |row| row.get(0),
            )
            .optional()?;
        match existing {
            Some(Some(_)) => {
                return Err(Error::SyncRefused(
                    "it claims someone whose plan was shared with you".into(),
                ));
            }
            Some(None) => {}
            None => run(
                conn,
                "INSERT INTO mentees (uid, name) VALUES (?1, ?2)",
                params![uid, text(r, "name")],
            )
            .map(drop)?,
        }
        run(
            conn,
            &format!(
                "UPDATE mentees SET name = ?2, current_role = ?3, current_leader_type_id = ?4,
                        target_leader_type_id = ?5, role_track_key = ?6, start_date = ?7,
                        notes = ?8, is_self = ?9, archived_at = ?10,
                        cadence = coalesce(?11, cadence),
                        talking_points = coalesce(?12, talking_points), updated_at = {NOW}
                  WHERE uid = ?1
                    AND (name, current_role, current_leader_type_id, target_leader_type_id,
                         role_track_key, start_date, notes, is_self, archived_at, cadence,
                         talking_points)
                        IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce(?11, cadence),
                                coalesce(?12, talking_points))"
            ),
            params![
                uid,
                text(r, "name"),
                text(r, "current_role").unwrap_or_default(),
                type_id("current_type")?,
                type_id("target_type")?,
                blank_as_null("role_track"),
                blank_as_null("start_date"),
                text(r, "notes").unwrap_or_default(),
                me == Some(uid),
                blank_as_null("archived_at"),
                text(r, "cadence"),
                text(r, "talking_points"),
            ],
        )?;
    }
    Ok(())
}

fn template(conn: &Connection, uid: &str, r: &Record) -> Result<()> {
    let family = text(r, "family").filter(|f| !f.is_empty());
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM goal_templates WHERE uid = ?1 AND built_in = 0",
            [uid],
            |row| row.get(0),
        )
        .optional()?;
    let id = match found {
        Some(id) => {
            run(
                conn,
                "UPDATE goal_templates SET title = ?2, description = ?3, family_key = ?4
                  WHERE id = ?1",
                params![id, text(r, "title"), text(r, "description"), family],
            )?;
            id
        }
        None => {
            run(
                conn,
                "INSERT INTO goal_templates (uid, title, description, family_key)
                 VALUES (?1, ?2, ?3, ?4)",
                params![uid, text(r, "title"), text(r, "description"), family],
            )?;
            conn.last_insert_rowid()
        }
    };
    for (table, column, field) in [
        (
            "goal_template_competencies",
            "competency_key",
            "competencies",
        ),
        ("goal_template_themes", "theme_key", "themes"),
    ] {
        run(
            conn,
            &format!("DELETE FROM {table} WHERE template_id = ?1"),
            [id],
        )?;
        for key in words(r, field) {
            run(
                conn,
                &format!("INSERT INTO {table} (template_id, {column}) VALUES (?1, ?2)"),
                params![id, key],
            )?;
        }
    }
    run(
        conn,
        "DELETE FROM goal_template_milestones WHERE template_id = ?1",
        [id],
    )?;
    for (position, title, offset) in template_steps(r) {
        run(
            conn,
            "INSERT INTO goal_template_milestones (template_id, position, title, offset_days)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, position, title, offset],
        )?;
    }
    Ok(())
}
