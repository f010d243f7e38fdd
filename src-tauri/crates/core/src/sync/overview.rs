//! What a person sees of sharing: exactly what a share will include, how a shared plan
//! stands, and the plans others have shared with them.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::settings;

/// What "Share with mentee…" will put in the file, and what it leaves out.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharePreview {
    pub plan_title: String,
    pub mentee_name: String,
    /// The sender's name as the other side sees it: the one shared under before, else the
    /// mentor's name from Settings; none when neither is set.
    pub from_name: Option<String>,
    pub goals: i64,
    pub milestones: i64,
    pub self_assessments: i64,
    /// The mentor's assessments of the mentee, which go only when the mentor includes them.
    pub mentor_assessments: i64,
    pub topics: i64,
    pub comments: i64,
    /// 1:1s with notes shared with the mentee (private notes never go).
    pub shared_notes: i64,
    pub left_out: Vec<String>,
    pub status: Option<ShareStatus>,
}

/// How a shared plan stands.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareStatus {
    /// `mentor` when this Waymark shared the plan, `mentee` when it was shared with it.
    pub side: String,
    pub peer_name: String,
    /// Whether a file has come back from the other side, so their key is known.
    pub peer_known: bool,
    pub mentee_edits_plan: bool,
    pub include_assessments: bool,
    pub shared_at: String,
    pub exchanged_at: Option<String>,
    /// The other side's account on the sync server, when the plan syncs live.
    pub live_account: Option<String>,
}

/// A plan someone shared with this Waymark.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedWithMe {
    pub plan_id: i64,
    /// The person the plan is about (listed here, not among the mentees).
    pub mentee_id: i64,
    pub plan_title: String,
    pub shared_by: String,
    pub mentee_edits_plan: bool,
    pub exchanged_at: Option<String>,
    /// Whether it syncs live through the server rather than travelling by file.
    pub live: bool,
}

pub fn preview(conn: &Connection, plan_id: i64) -> Result<SharePreview> {
    let (plan_title, mentee_name, mentee_id): (String, String, i64) = conn
        .query_row(
            "SELECT p.title, m.name, m.id FROM plans p JOIN mentees m ON m.id = p.mentee_id
              WHERE p.id = ?1 AND p.deleted_at IS NULL",
            [plan_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Plan" })?;
    let count = |sql: &str, id: i64| conn.query_row(sql, [id], |r| r.get::<_, i64>(0));
    let status = status(conn, plan_id)?;
    let received = status.as_ref().is_some_and(|s| s.side == "mentee");
    let mut left_out = vec![
        "your other plans and people".to_owned(),
        "the private notes of your 1:1s".to_owned(),
    ];
    if !received {
        left_out.insert(0, format!("your assessments of {mentee_name}"));
    }
    Ok(SharePreview {
        goals: count(
            "SELECT count(*) FROM goals WHERE plan_id = ?1 AND deleted_at IS NULL",
            plan_id,
        )?,
        milestones: count(
            "SELECT count(*) FROM milestones m JOIN goals g ON g.id = m.goal_id
              WHERE g.plan_id = ?1 AND m.deleted_at IS NULL AND g.deleted_at IS NULL",
            plan_id,
        )?,
        self_assessments: match received {
            true => count(
                "SELECT count(*) FROM assessments WHERE mentee_id = ?1 AND assessor = 'self'",
                mentee_id,
            )?,
            false => count(
                "SELECT count(*) FROM assessments WHERE mentee_id = ?1 AND assessor = 'self' AND uid IS NOT NULL",
                mentee_id,
            )?,
        },
        mentor_assessments: count(
            "SELECT count(*) FROM assessments WHERE mentee_id = ?1 AND assessor = 'mentor'",
            mentee_id,
        )?,
        topics: count(
            "SELECT count(*) FROM plan_topics WHERE plan_id = ?1 AND deleted_at IS NULL",
            plan_id,
        )?,
        comments: count(
            "SELECT count(*) FROM plan_comments WHERE plan_id = ?1 AND deleted_at IS NULL",
            plan_id,
        )?,
        shared_notes: count(
            "SELECT count(*) FROM sessions WHERE mentee_id = ?1 AND deleted_at IS NULL
                AND shared_notes <> ''",
            mentee_id,
        )?,
        from_name: settings::my_name(conn)?,
        plan_title,
        mentee_name,
        left_out,
        status,
    })
}

pub fn status(conn: &Connection, plan_id: i64) -> Result<Option<ShareStatus>> {
    Ok(conn
        .query_row(
            "SELECT role, peer_name, peer_key IS NOT NULL, mentee_edits_plan, shared_at, exchanged_at,
                    include_assessments, live_account
               FROM plan_shares WHERE plan_id = ?1",
            [plan_id],
            |r| {
                Ok(ShareStatus {
                    side: r.get(0)?,
                    peer_name: r.get(1)?,
                    peer_known: r.get(2)?,
                    mentee_edits_plan: r.get(3)?,
                    shared_at: r.get(4)?,
                    exchanged_at: r.get(5)?,
                    include_assessments: r.get(6)?,
                    live_account: r.get(7)?,
                })
            },
        )
        .optional()?)
}

/// The plans shared with this Waymark, most recently exchanged first.
pub fn shared_with_me(conn: &Connection) -> Result<Vec<SharedWithMe>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.mentee_id, p.title, s.peer_name, s.mentee_edits_plan, s.exchanged_at,
                s.live_account IS NOT NULL
           FROM plan_shares s JOIN plans p ON p.id = s.plan_id
          WHERE s.role = 'mentee' AND p.deleted_at IS NULL
          ORDER BY coalesce(s.exchanged_at, s.shared_at) DESC, p.id DESC",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(SharedWithMe {
            plan_id: r.get(0)?,
            mentee_id: r.get(1)?,
            plan_title: r.get(2)?,
            shared_by: r.get(3)?,
            mentee_edits_plan: r.get(4)?,
            exchanged_at: r.get(5)?,
            live: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
