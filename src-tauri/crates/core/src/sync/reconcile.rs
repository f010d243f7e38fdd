//! From the tables to the documents: what a shared plan's rows say now, as document
//! contents. Rows a plan shares get their global ids here, the first time they are shared.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::engine::{Contents, Record, Scalar};
use super::shape::{self, PLAN_KEY};
use crate::error::{Error, Result};

/// Gives every row of plan `plan_id` that its documents carry a global id, where it has
/// none yet: the plan, its mentee, goals, milestones, topics and comments; on the mentee's
/// side their self-assessments and 1:1s; on the mentor's side the 1:1s with shared notes,
/// and the mentor's assessments when the mentor includes them.
pub(crate) fn assign_ids(conn: &Connection, plan_id: i64) -> Result<()> {
    let mentee_id: i64 = conn
        .query_row(
            "SELECT mentee_id FROM plans WHERE id = ?1",
            [plan_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Plan" })?;
    let scopes = [
        ("plans", "id = ?1"),
        ("goals", "plan_id = ?1"),
        (
            "milestones",
            "goal_id IN (SELECT id FROM goals WHERE plan_id = ?1)",
        ),
        ("plan_topics", "plan_id = ?1"),
        ("plan_comments", "plan_id = ?1"),
        ("evidence", "plan_id = ?1"),
    ];
    for (table, rows) in scopes {
        give_ids(conn, table, rows, [plan_id])?;
    }
    assign_mentee_ids(conn, mentee_id)
}

/// Gives the rows of mentee `mentee_id` that every plan of theirs carries a global id,
/// where they have none yet: the mentee, and the assessments and 1:1s their plans share.
pub(crate) fn assign_mentee_ids(conn: &Connection, mentee_id: i64) -> Result<()> {
    give_ids(conn, "mentees", "id = ?1", [mentee_id])?;
    give_ids(
        conn,
        "assessments",
        &format!("mentee_id = ?1 AND {}", shared_assessment("assessments")),
        [mentee_id],
    )?;
    give_ids(
        conn,
        "sessions",
        &format!("mentee_id = ?1 AND {}", shared_session("sessions")),
        [mentee_id],
    )
}

/// Whether the row `row` (an assessment or a 1:1) belongs to someone whose plan came to
/// this Waymark shared by their mentor.
fn received(row: &str) -> String {
    format!("(SELECT shared_by IS NOT NULL FROM mentees WHERE id = {row}.mentee_id)")
}

/// Whether assessment `row` travels in a plan's progress document: the mentee's own, and
/// the mentor's when the mentor includes them. (The mentor's own devices hold them all in
/// the mentee's private document.)
fn shared_assessment(row: &str) -> String {
    format!(
        "(({row}.assessor = 'self' AND {received})
           OR ({row}.assessor = 'mentor' AND EXISTS (SELECT 1 FROM plan_shares s
                 JOIN plans p ON p.id = s.plan_id
                WHERE p.mentee_id = {row}.mentee_id AND s.include_assessments = 1)))",
        received = received(row)
    )
}

/// Whether 1:1 `row` travels in a plan's progress document: it has a shared part.
fn shared_session(row: &str) -> String {
    format!("({} OR {row}.shared_notes <> '')", received(row))
}

/// Gives a global id to each row of `table` that `rows` (with `owner` as its parameters)
/// selects and that has none.
pub(crate) fn give_ids(
    conn: &Connection,
    table: &str,
    rows: &str,
    owner: impl rusqlite::Params,
) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare(&format!(
            "SELECT id FROM {table} WHERE uid IS NULL AND {rows}"
        ))?
        .query_map(owner, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = conn.prepare(&format!("UPDATE {table} SET uid = ?2 WHERE id = ?1"))?;
    for id in ids {
        set.execute(params![id, new_uid()])?;
    }
    Ok(())
}

pub(crate) fn new_uid() -> String {
    uuid::Uuid::now_v7().hyphenated().to_string()
}

/// The plan document's contents as the rows of plan `plan_id` stand.
pub(crate) fn plan_contents(conn: &Connection, plan_id: i64) -> Result<Contents> {
    let mut contents = Contents::new();
    let head = conn.query_row(
        "SELECT p.uid, m.uid, m.name, p.title, t.name, t.family_key, p.role_track_key,
                p.starts_on, p.target_on,
                -- A plan that wants to be active travels as active, even while another
                -- plan activated later keeps it a draft here.
                CASE WHEN p.activated_at IS NOT NULL THEN 'active' ELSE p.status END,
                coalesce(p.activated_at, ''), p.deleted_at IS NOT NULL
           FROM plans p JOIN mentees m ON m.id = p.mentee_id
           JOIN leader_types t ON t.id = p.leader_type_id
          WHERE p.id = ?1",
        [plan_id],
        |r| {
            let fields = [
                "uid",
                "mentee_uid",
                "mentee_name",
                "title",
                "leader_type",
                "leader_family",
                "role_track",
                "starts_on",
                "target_on",
                "status",
                "activated_at",
            ];
            let mut record = Record::new();
            for (i, field) in fields.into_iter().enumerate() {
                record.insert(field.to_owned(), Scalar::Text(r.get(i)?));
            }
            record.insert("deleted".to_owned(), Scalar::Flag(r.get(fields.len())?));
            Ok(record)
        },
    )?;
    contents.insert("plan", BTreeMap::from([(PLAN_KEY.to_owned(), head)]));
    contents.insert(
        "targets",
        keyed_levels(
            conn,
            "plan_competency_targets",
            "competency_key",
            "level",
            plan_id,
        )?,
    );
    contents.insert(
        "spectrum_targets",
        keyed_levels(
            conn,
            "plan_spectrum_targets",
            "spectrum_key",
            "position",
            plan_id,
        )?,
    );

    let mut goals = BTreeMap::new();
    let mut statement = conn.prepare(
        "SELECT g.uid, g.title, g.description, g.position, g.deleted_at IS NOT NULL,
                (SELECT group_concat(competency_key, ' ') FROM
                   (SELECT competency_key FROM goal_competencies WHERE goal_id = g.id
                     ORDER BY competency_key)),
                (SELECT group_concat(theme_key, ' ') FROM
                   (SELECT theme_key FROM goal_themes WHERE goal_id = g.id ORDER BY theme_key))
           FROM goals g WHERE g.plan_id = ?1",
    )?;
    let mut rows = statement.query([plan_id])?;
    while let Some(r) = rows.next()? {
        let record = Record::from([
            ("title".into(), Scalar::Text(r.get(1)?)),
            ("description".into(), Scalar::Text(r.get(2)?)),
            ("position".into(), Scalar::Int(r.get(3)?)),
            ("deleted".into(), Scalar::Flag(r.get(4)?)),
            (
                "competencies".into(),
                Scalar::Text(r.get::<_, Option<String>>(5)?.unwrap_or_default()),
            ),
            (
                "themes".into(),
                Scalar::Text(r.get::<_, Option<String>>(6)?.unwrap_or_default()),
            ),
        ]);
        goals.insert(r.get(0)?, record);
    }
    contents.insert("goals", goals);

    let mut milestones = BTreeMap::new();
    let mut statement = conn.prepare(
        "SELECT m.uid, g.uid, m.title, coalesce(m.due_on, ''), m.position,
                m.deleted_at IS NOT NULL
           FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE g.plan_id = ?1",
    )?;
    let mut rows = statement.query([plan_id])?;
    while let Some(r) = rows.next()? {
        let record = Record::from([
            ("goal".into(), Scalar::Text(r.get(1)?)),
            ("title".into(), Scalar::Text(r.get(2)?)),
            ("due_on".into(), Scalar::Text(r.get(3)?)),
            ("position".into(), Scalar::Int(r.get(4)?)),
            ("deleted".into(), Scalar::Flag(r.get(5)?)),
        ]);
        milestones.insert(r.get(0)?, record);
    }
    contents.insert("milestones", milestones);
    Ok(contents)
}

fn keyed_levels(
    conn: &Connection,
    table: &str,
    key: &str,
    value: &str,
    plan_id: i64,
) -> Result<BTreeMap<String, Record>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {key}, {value} FROM {table} WHERE plan_id = ?1"
    ))?;
    let rows = statement.query_map([plan_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Record::from([(value.to_owned(), Scalar::Int(r.get(1)?))]),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The progress document's contents as the rows of plan `plan_id` stand.
/// `carried` names the 1:1s and assessments the document already holds: they stay in it.
pub(crate) fn progress_contents(
    conn: &Connection,
    plan_id: i64,
    carried: &BTreeSet<String>,
) -> Result<Contents> {
    let mentee_id: i64 = conn.query_row(
        "SELECT mentee_id FROM plans WHERE id = ?1",
        [plan_id],
        |r| r.get(0),
    )?;
    let mut contents = Contents::new();
    let mut states = BTreeMap::new();
    let mut links = BTreeMap::new();
    let mut statement = conn.prepare(
        "SELECT m.id, m.uid, m.status, m.completed_on, m.evidence
           FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE g.plan_id = ?1",
    )?;
    let mut link_rows =
        conn.prepare("SELECT url, label FROM milestone_links WHERE milestone_id = ?1")?;
    let mut rows = statement.query([plan_id])?;
    while let Some(r) = rows.next()? {
        let uid: String = r.get(1)?;
        let status: String = r.get(2)?;
        let completed: Option<String> = r.get(3)?;
        states.insert(
            uid.clone(),
            Record::from([
                (
                    "state".into(),
                    Scalar::Text(shape::state(&status, completed.as_deref())),
                ),
                ("evidence".into(), Scalar::Text(r.get(4)?)),
            ]),
        );
        let found = link_rows.query_map([r.get::<_, i64>(0)?], |l| {
            Ok((l.get::<_, String>(0)?, l.get::<_, String>(1)?))
        })?;
        for link in found {
            let (url, label) = link?;
            links.insert(
                shape::link_key(&uid, &url),
                Record::from([("label".into(), Scalar::Text(label))]),
            );
        }
    }
    contents.insert("milestones", states);
    contents.insert("links", links);
    contents.insert("assessments", assessments(conn, mentee_id, Some(carried))?);
    contents.insert("sessions", sessions(conn, mentee_id, carried)?);
    let mut comments = BTreeMap::new();
    let mut statement = conn.prepare(
        "SELECT uid, author, text, written_at, deleted_at IS NOT NULL
           FROM plan_comments WHERE plan_id = ?1",
    )?;
    let mut rows = statement.query([plan_id])?;
    while let Some(r) = rows.next()? {
        let record = Record::from([
            ("author".into(), Scalar::Text(r.get(1)?)),
            ("text".into(), Scalar::Text(r.get(2)?)),
            ("written_at".into(), Scalar::Text(r.get(3)?)),
            ("deleted".into(), Scalar::Flag(r.get(4)?)),
        ]);
        comments.insert(r.get(0)?, record);
    }
    contents.insert("comments", comments);

    let mut topics = BTreeMap::new();
    let mut statement = conn.prepare(
        "SELECT uid, text, added_by, added_on, done, deleted_at IS NOT NULL
           FROM plan_topics WHERE plan_id = ?1",
    )?;
    let mut rows = statement.query([plan_id])?;
    while let Some(r) = rows.next()? {
        let record = Record::from([
            ("text".into(), Scalar::Text(r.get(1)?)),
            ("added_by".into(), Scalar::Text(r.get(2)?)),
            ("added_on".into(), Scalar::Text(r.get(3)?)),
            ("done".into(), Scalar::Flag(r.get(4)?)),
            ("deleted".into(), Scalar::Flag(r.get(5)?)),
        ]);
        topics.insert(r.get(0)?, record);
    }
    contents.insert("topics", topics);
    contents.insert("evidence", evidence(conn, "e.plan_id = ?1", plan_id)?);
    Ok(contents)
}

/// The evidence rows `filter` picks (`?1` is `owner`), as document records by global id.
pub(crate) fn evidence(
    conn: &Connection,
    filter: &str,
    owner: i64,
) -> Result<BTreeMap<String, Record>> {
    let mut statement = conn.prepare(&format!(
        "SELECT e.uid, e.observed_on, e.title, e.link, e.note, e.added_by,
                coalesce(m.uid, ''), e.deleted_at IS NOT NULL,
                (SELECT group_concat(key, ' ') FROM (SELECT competency_key AS key
                   FROM evidence_competencies WHERE evidence_id = e.id ORDER BY key))
           FROM evidence e LEFT JOIN milestones m ON m.id = e.milestone_id
          WHERE e.uid IS NOT NULL AND {filter}"
    ))?;
    let mut found = BTreeMap::new();
    let mut rows = statement.query([owner])?;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<Scalar> { Ok(Scalar::Text(r.get(i)?)) };
        let record = Record::from([
            ("observed_on".into(), text(1)?),
            ("title".into(), text(2)?),
            ("link".into(), text(3)?),
            ("note".into(), text(4)?),
            ("added_by".into(), text(5)?),
            ("milestone".into(), text(6)?),
            ("deleted".into(), Scalar::Flag(r.get(7)?)),
            (
                "competencies".into(),
                Scalar::Text(r.get::<_, Option<String>>(8)?.unwrap_or_default()),
            ),
        ]);
        found.insert(r.get(0)?, record);
    }
    Ok(found)
}

/// The 1:1s whose shared notes travel with the plan.
fn sessions(
    conn: &Connection,
    mentee_id: i64,
    carried: &BTreeSet<String>,
) -> Result<BTreeMap<String, Record>> {
    let mut statement = conn.prepare(&format!(
        "SELECT s.uid, s.held_on, s.shared_notes, s.deleted_at IS NOT NULL, {}
           FROM sessions s WHERE s.mentee_id = ?1 AND s.uid IS NOT NULL",
        shared_session("s")
    ))?;
    let mut found = BTreeMap::new();
    let mut rows = statement.query([mentee_id])?;
    while let Some(r) = rows.next()? {
        let uid: String = r.get(0)?;
        if r.get(4)? || carried.contains(&uid) {
            let record = Record::from([
                ("held_on".into(), Scalar::Text(r.get(1)?)),
                ("shared_notes".into(), Scalar::Text(r.get(2)?)),
                ("deleted".into(), Scalar::Flag(r.get(3)?)),
            ]);
            found.insert(uid, record);
        }
    }
    Ok(found)
}

/// Mentee `mentee_id`'s assessments that have a global id: with `shared` given, only those
/// a plan's progress document carries (or already holds).
pub(crate) fn assessments(
    conn: &Connection,
    mentee_id: i64,
    shared: Option<&BTreeSet<String>>,
) -> Result<BTreeMap<String, Record>> {
    let mut found = BTreeMap::new();
    let mut statement = conn.prepare(&format!(
        "SELECT a.id, a.uid, a.assessed_on, a.notes, a.assessor, {}
           FROM assessments a WHERE a.mentee_id = ?1 AND a.uid IS NOT NULL",
        shared_assessment("a")
    ))?;
    let mut ratings = conn.prepare(
        "SELECT competency_key, level, comment FROM assessment_ratings WHERE assessment_id = ?1",
    )?;
    let mut spectrums = conn.prepare(
        "SELECT spectrum_key, position FROM assessment_spectrums WHERE assessment_id = ?1",
    )?;
    let mut rows = statement.query([mentee_id])?;
    while let Some(r) = rows.next()? {
        let uid: String = r.get(1)?;
        if let Some(carried) = shared
            && !(r.get::<_, bool>(5)? || carried.contains(&uid))
        {
            continue;
        }
        let id: i64 = r.get(0)?;
        let mut record = Record::from([
            ("assessed_on".into(), Scalar::Text(r.get(2)?)),
            ("notes".into(), Scalar::Text(r.get(3)?)),
            ("assessor".into(), Scalar::Text(r.get(4)?)),
        ]);
        let mut rating_rows = ratings.query([id])?;
        while let Some(rating) = rating_rows.next()? {
            let key: String = rating.get(0)?;
            record.insert(format!("rating.{key}"), Scalar::Int(rating.get(1)?));
            let comment: String = rating.get(2)?;
            if !comment.is_empty() {
                record.insert(format!("comment.{key}"), Scalar::Text(comment));
            }
        }
        let mut spectrum_rows = spectrums.query([id])?;
        while let Some(spectrum) = spectrum_rows.next()? {
            let key: String = spectrum.get(0)?;
            record.insert(format!("spectrum.{key}"), Scalar::Int(spectrum.get(1)?));
        }
        found.insert(uid, record);
    }
    Ok(found)
}
