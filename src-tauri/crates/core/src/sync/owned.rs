//! The person's own documents on this device: their `person` document and one `mentee`
//! document per mentee of theirs. Only the person's own devices sync them; the server
//! never lets them be shared.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;
use waymark_wire::{DocId, DocKind};

use super::engine::{Conflict, Contents, Document, Kind};
use super::mentee::{self, MENTEE};
use super::person::{self, PERSON};
use super::share::{self, Keep};
use super::{conflict_record, summary};
use crate::error::{Error, Result};

/// Whose rows a document of the person's carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    Person,
    Mentee(i64),
}

pub(crate) fn kind(doc: &DocId) -> Kind {
    match doc.kind {
        DocKind::Mentee => MENTEE,
        _ => PERSON,
    }
}

/// What `doc` is about here: none when it is a mentee this device does not have (yet), or
/// another account's person document.
pub(crate) fn subject(conn: &Connection, doc: &DocId, account: &str) -> Result<Option<Subject>> {
    match doc.kind {
        DocKind::Person if *doc == DocId::person_of(account) => Ok(Some(Subject::Person)),
        DocKind::Mentee => Ok(conn
            .query_row(
                "SELECT id FROM mentees WHERE uid = ?1 AND shared_by IS NULL",
                [doc.id.hyphenated().to_string()],
                |r| r.get(0),
            )
            .optional()?
            .map(Subject::Mentee)),
        _ => Ok(None),
    }
}

pub(crate) fn load(conn: &Connection, doc: &DocId) -> Result<Option<Document>> {
    let bytes: Option<Vec<u8>> = conn
        .query_row(
            "SELECT bytes FROM owned_documents WHERE doc = ?1",
            [doc.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    bytes.map(|b| Document::load(kind(doc), &b)).transpose()
}

/// Saves `document` if it changed since it was loaded or last saved.
pub(crate) fn save(conn: &Connection, doc: &DocId, document: &mut Document) -> Result<()> {
    if !document.unsaved() {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO owned_documents (doc, bytes) VALUES (?1, ?2)
         ON CONFLICT (doc) DO UPDATE SET bytes = ?2",
        params![doc.to_string(), document.save()],
    )?;
    Ok(())
}

/// Writes what the rows say into `document`, which holds what this device last knew.
pub(crate) fn write_rows(
    conn: &Connection,
    subject: Subject,
    document: &mut Document,
) -> Result<()> {
    let (held, _) = document.read()?;
    document.write(&rows(conn, subject, &held)?)
}

/// What the rows say, as the document's contents; `held` is what it holds now.
fn rows(conn: &Connection, subject: Subject, held: &Contents) -> Result<Contents> {
    match subject {
        Subject::Person => person::contents(conn),
        Subject::Mentee(id) => mentee::contents(conn, id, held),
    }
}

/// Checks what `document` holds now and writes it into the rows; `before` is what it held
/// before the other device's changes came in.
pub(crate) fn project(
    conn: &Connection,
    subject: Subject,
    before: &Contents,
    document: &Document,
) -> Result<()> {
    let (after, _) = document.read()?;
    let catalogue = share::catalogue(conn)?;
    match subject {
        Subject::Person => {
            person::check(&after, &catalogue)?;
            person::project(conn, before, &after)
        }
        Subject::Mentee(id) => {
            mentee::check(&after, &catalogue)?;
            mentee::project(conn, id, before, &after)
        }
    }
}

/// A document made on another of the person's devices, here for the first time: what it
/// holds goes into the rows (nothing here is deleted: this device never held it), then
/// what this device has of its own goes into it.
pub(crate) fn adopt(
    conn: &Connection,
    subject: Subject,
    doc: &DocId,
    document: &mut Document,
) -> Result<()> {
    let (arrived, _) = document.read()?;
    // What both had apart (a setting, a leader type of one name) takes the document's
    // value; where this device's differed, the person is shown both. (A mentee's records
    // are keyed by global ids, made on one device: any here came through a plan.)
    let ours = match subject {
        Subject::Person => person::contents(conn)?,
        Subject::Mentee(_) => Contents::new(),
    };
    let titles = summary::titles(&arrived);
    for (container, records) in &ours {
        for (key, fields) in records {
            let Some(theirs) = arrived.get(container).and_then(|r| r.get(key)) else {
                continue;
            };
            for (field, yours) in fields {
                if person::untouched(container, key, yours) {
                    continue;
                }
                if let Some(value) = theirs.get(field).filter(|v| *v != yours) {
                    let conflict = Conflict {
                        container,
                        key: key.clone(),
                        field: field.clone(),
                        values: vec![value.clone(), yours.clone()],
                    };
                    let what = summary::describe(&conflict, &titles);
                    conflict_record::record(
                        conn,
                        doc,
                        document,
                        &conflict,
                        &what,
                        [yours, value],
                        Keep::Theirs,
                    )?;
                }
            }
        }
    }
    project(conn, subject, &Contents::new(), document)?;
    write_rows(conn, subject, document)?;
    save(conn, doc, document)
}

/// A document this device makes: the person's own, or a new mentee's.
pub(crate) fn create(conn: &Connection, subject: Subject, doc: &DocId) -> Result<Document> {
    let mut document = Document::new(kind(doc))?;
    write_rows(conn, subject, &mut document)?;
    save(conn, doc, &mut document)?;
    Ok(document)
}

/// Mentee `mentee_uid`'s private document written into the rows again, once a plan of
/// theirs has arrived: 1:1s that named its goals find them now.
pub(crate) fn follow_references(conn: &Connection, mentee_uid: &str) -> Result<()> {
    let Ok(uid) = Uuid::try_parse(mentee_uid) else {
        return Ok(());
    };
    let doc = DocId::new(DocKind::Mentee, uid);
    let (Some(document), Some(Subject::Mentee(id))) = (load(conn, &doc)?, subject(conn, &doc, "")?)
    else {
        return Ok(());
    };
    let (held, _) = document.read()?;
    mentee::project(conn, id, &held, &held)
}

/// The person document of an account other than this device's is never taken in.
pub(crate) fn not_ours() -> Error {
    Error::SyncRefused("it is another person's own document".into())
}
