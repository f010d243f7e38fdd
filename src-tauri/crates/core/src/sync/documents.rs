//! Where a shared plan's documents and its share record live in the data file.

use std::collections::VecDeque;

use rusqlite::{Connection, OptionalExtension, params};

use super::engine::{Document, Kind};
use super::package::Side;
use crate::error::Result;
use crate::store::db::NOW;

/// A shared plan as this file knows it.
#[derive(Debug, Clone)]
pub(crate) struct Share {
    pub plan_id: i64,
    pub side: Side,
    pub peer_name: String,
    pub peer_key: Option<Vec<u8>>,
    pub mentee_edits_plan: bool,
    pub include_assessments: bool,
}

pub(crate) fn share(conn: &Connection, plan_id: i64) -> Result<Option<Share>> {
    Ok(conn
        .query_row(
            "SELECT role, peer_name, peer_key, mentee_edits_plan, include_assessments
               FROM plan_shares WHERE plan_id = ?1",
            [plan_id],
            |r| {
                Ok(Share {
                    plan_id,
                    side: match r.get::<_, String>(0)?.as_str() {
                        "mentee" => Side::Mentee,
                        _ => Side::Mentor,
                    },
                    peer_name: r.get(1)?,
                    peer_key: r.get(2)?,
                    mentee_edits_plan: r.get(3)?,
                    include_assessments: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// A plan shared from here for the first time, with the person it is about.
pub(crate) fn new_mentor_share(
    conn: &Connection,
    plan_id: i64,
    mentee_edits_plan: bool,
    include_assessments: bool,
) -> Result<Share> {
    Ok(Share {
        plan_id,
        side: Side::Mentor,
        peer_name: conn.query_row(
            "SELECT m.name FROM mentees m JOIN plans p ON p.mentee_id = m.id WHERE p.id = ?1",
            [plan_id],
            |r| r.get(0),
        )?,
        peer_key: None,
        mentee_edits_plan,
        include_assessments,
    })
}

pub(crate) fn save_share(conn: &Connection, share: &Share) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO plan_shares (plan_id, role, peer_name, peer_key, mentee_edits_plan,
                    include_assessments, shared_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, {NOW})
             ON CONFLICT (plan_id) DO UPDATE SET peer_name = ?3, peer_key = ?4,
                 mentee_edits_plan = ?5, include_assessments = ?6, exchanged_at = {NOW}"
        ),
        params![
            share.plan_id,
            share.side.as_str(),
            share.peer_name,
            share.peer_key,
            share.mentee_edits_plan,
            share.include_assessments
        ],
    )?;
    Ok(())
}

/// The plan's saved document of `kind`, if it has been shared.
pub(crate) fn load(conn: &Connection, plan_id: i64, kind: Kind) -> Result<Option<Document>> {
    saved_bytes(conn, plan_id, kind)?
        .map(|bytes| load_bytes(plan_id, kind, &bytes))
        .transpose()
}

fn saved_bytes(conn: &Connection, plan_id: i64, kind: Kind) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM plan_documents WHERE plan_id = ?1 AND kind = ?2")?
        .query_row(params![plan_id, kind.name], |r| r.get(0))
        .optional()?)
}

fn load_bytes(plan_id: i64, kind: Kind, bytes: &[u8]) -> Result<Document> {
    Document::load_to_edit(kind, bytes, format!("plan {plan_id} {}", kind.name))
}

/// How many plans' documents [`Kept`] holds.
const KEPT_PLANS: usize = 8;

/// The documents of the plans written last, kept loaded with the bytes they were saved
/// as. Loading checks every change of a document's history, which for a plan edited
/// over months costs more than writing it; one still saved as those bytes is the same
/// document, and is used as it is.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    documents: VecDeque<(i64, &'static str, Vec<u8>, Document)>,
}

impl Kept {
    /// As [`load`], from what is kept when it is still what the data file holds.
    pub(crate) fn load(
        &mut self,
        conn: &Connection,
        plan_id: i64,
        kind: Kind,
    ) -> Result<Option<Document>> {
        let Some(bytes) = saved_bytes(conn, plan_id, kind)? else {
            return Ok(None);
        };
        let kept = self.documents.iter().position(|(id, name, saved, _)| {
            *id == plan_id && *name == kind.name && *saved == bytes
        });
        match kept.and_then(|i| self.documents.remove(i)) {
            Some((.., document)) => Ok(Some(document)),
            None => load_bytes(plan_id, kind, &bytes).map(Some),
        }
    }

    /// Keeps `document`, saved: the oldest kept goes when there are too many.
    pub(crate) fn keep(
        &mut self,
        conn: &Connection,
        plan_id: i64,
        kind: Kind,
        document: Document,
    ) -> Result<()> {
        self.documents
            .retain(|(id, name, ..)| (*id, *name) != (plan_id, kind.name));
        if let Some(bytes) = saved_bytes(conn, plan_id, kind)? {
            if self.documents.len() == KEPT_PLANS * 2 {
                self.documents.pop_front();
            }
            self.documents
                .push_back((plan_id, kind.name, bytes, document));
        }
        Ok(())
    }
}

/// Saves `doc` if it changed since it was loaded or last saved.
pub(crate) fn save(conn: &Connection, plan_id: i64, kind: Kind, doc: &mut Document) -> Result<()> {
    if !doc.unsaved() {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO plan_documents (plan_id, kind, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT (plan_id, kind) DO UPDATE SET bytes = ?3",
        params![plan_id, kind.name, doc.save()],
    )?;
    Ok(())
}
