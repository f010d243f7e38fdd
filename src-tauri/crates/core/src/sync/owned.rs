//! The person's own documents on this device: their `person` document and one `mentee`
//! document per mentee of theirs. Only the person's own devices sync them; the server
//! never lets them be shared.

use automerge::ChangeHash;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;
use waymark_wire::{DocId, DocKind};

use super::engine::{Conflict, Contents, Document, Kind, encode_heads};
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

/// The document as saved: the whole of it when last saved so, then the changes saved
/// after it, in order. One saved by a version that kept no heads, or with changes that
/// did not all load (the engine sets aside a change whose history is missing), is saved
/// whole again as it loaded, so the copy kept in memory is known for the one saved.
///
/// Changes saved after the whole that do not load (damaged, or planted in the data file)
/// are dropped: the whole is loaded alone, and every row it carries is marked to be
/// written into it again, so this device's edits in those changes are not lost.
pub(crate) fn load_and_mend(conn: &Connection, doc: &DocId) -> Result<Option<Document>> {
    let Some((whole, since)) = saved_parts(conn, doc)? else {
        return Ok(None);
    };
    let key = doc.to_string();
    let all = [whole.as_slice(), &since].concat();
    let mut document = match Document::load_to_edit(kind(doc), &all, key.clone()) {
        Ok(document) => document,
        Err(_) if !since.is_empty() => {
            let document = Document::load_to_edit(kind(doc), &whole, key)?;
            mark_all(conn, doc)?;
            document
        }
        Err(e) => return Err(e),
    };
    if !is_current(conn, doc, &mut document)? {
        save_whole(conn, &doc.to_string(), &mut document)?;
    }
    Ok(Some(document))
}

/// Marks every record `doc` carries to be written again from the rows.
fn mark_all(conn: &Connection, doc: &DocId) -> Result<()> {
    match doc.kind {
        DocKind::Mentee => conn
            .execute(
                "INSERT INTO sync_changed (mentee_id)
                 SELECT id FROM mentees WHERE uid = ?1 AND shared_by IS NULL
                 ON CONFLICT DO NOTHING",
                [doc.id.hyphenated().to_string()],
            )
            .map(drop)?,
        // Checked too: a deletion written only in the dropped changes has no row to mark.
        _ => conn.execute_batch(
            "INSERT OR IGNORE INTO sync_person_mentees (uid)
             SELECT uid FROM mentees WHERE shared_by IS NULL AND uid IS NOT NULL;
             UPDATE sync_server SET person_changed = 1, person_unchecked = 1;",
        )?,
    }
    Ok(())
}

/// The bytes `doc` was saved as: the whole, then the changes saved after it, in order;
/// and whether there are any such changes.
pub(crate) fn saved_bytes(conn: &Connection, doc: &DocId) -> Result<Option<(Vec<u8>, bool)>> {
    Ok(saved_parts(conn, doc)?.map(|(whole, since)| {
        let any = !since.is_empty();
        ([whole, since].concat(), any)
    }))
}

/// The whole `doc` as last saved so, and the changes saved after it, joined in order.
fn saved_parts(conn: &Connection, doc: &DocId) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
    let key = doc.to_string();
    let whole: Option<Vec<u8>> = conn
        .prepare_cached("SELECT bytes FROM owned_documents WHERE doc = ?1")?
        .query_row([&key], |r| r.get(0))
        .optional()?;
    let Some(whole) = whole else {
        return Ok(None);
    };
    let mut since = Vec::new();
    let mut changes = conn
        .prepare_cached("SELECT bytes FROM owned_document_changes WHERE doc = ?1 ORDER BY seq")?;
    for part in changes.query_map([&key], |r| r.get::<_, Vec<u8>>(0))? {
        since.extend(part?);
    }
    Ok(Some((whole, since)))
}

/// Whether `document`, kept in memory, is the one saved: nothing written into it since,
/// and nothing saved over it by anything else.
pub(crate) fn is_current(conn: &Connection, doc: &DocId, document: &mut Document) -> Result<bool> {
    if document.unsaved() {
        return Ok(false);
    }
    let heads: Option<Vec<u8>> = conn
        .prepare_cached("SELECT heads FROM owned_documents WHERE doc = ?1")?
        .query_row([doc.to_string()], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(heads.is_some_and(|heads| heads == encode_heads(document.saved_heads())))
}

/// Changes saved after the whole document, past which it is saved whole again: loading
/// reads them all, and the whole is smaller.
const CHANGES_KEPT: i64 = 64;

/// A whole document from this size on (the person's, from some 2,500 mentees) takes
/// longer to save whole than a round may hold the data file: the sync loop does it beside
/// the file as it starts ([`store_folded`]), and a round only once the changes since come
/// to four times the whole, or to [`CHANGES_MOST`].
const FOLDED_BESIDE: i64 = 64 * 1024;
const CHANGES_MOST: i64 = 1024;

/// Whether a save should write the whole document again, given the whole's size, the
/// size of the changes saved since, and how many there are.
fn folds(whole: i64, since: i64, count: i64) -> bool {
    match whole < FOLDED_BESIDE {
        true => since >= whole / 2 || count >= CHANGES_KEPT,
        false => since >= whole * 4 || count >= CHANGES_MOST,
    }
}

/// Saves `document` if it changed since it was loaded or last saved: only the changes
/// since, unless those saved so already outweigh the whole document (see [`folds`]).
pub(crate) fn save(conn: &Connection, doc: &DocId, document: &mut Document) -> Result<()> {
    if !document.unsaved() {
        return Ok(());
    }
    let key = doc.to_string();
    let kept: Option<(i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT length(d.bytes), coalesce(sum(length(c.bytes)), 0), coalesce(max(c.seq), 0)
               FROM owned_documents d LEFT JOIN owned_document_changes c ON c.doc = d.doc
              WHERE d.doc = ?1 GROUP BY d.doc",
        )?
        .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match kept {
        Some((whole, since, last)) if !folds(whole, since, last) => {
            let changes = document.save_changes();
            conn.prepare_cached(
                "INSERT INTO owned_document_changes (doc, seq, bytes) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![key, last + 1, changes])?;
            conn.prepare_cached("UPDATE owned_documents SET heads = ?2 WHERE doc = ?1")?
                .execute(params![key, encode_heads(document.saved_heads())])?;
        }
        _ => save_whole(conn, &key, document)?,
    }
    Ok(())
}

/// Stores `bytes`, the whole of `doc` as it stood at `heads` and made without the data
/// file, in place of the whole and the changes saved after it, if they still end at
/// `heads`: a round that saved since has the last word. Says whether it stored them.
pub(crate) fn store_folded(
    conn: &Connection,
    doc: &DocId,
    bytes: &[u8],
    heads: &[ChangeHash],
) -> Result<bool> {
    let key = doc.to_string();
    let stored = conn
        .prepare_cached("UPDATE owned_documents SET bytes = ?2 WHERE doc = ?1 AND heads = ?3")?
        .execute(params![key, bytes, encode_heads(heads)])?;
    if stored == 1 {
        conn.prepare_cached("DELETE FROM owned_document_changes WHERE doc = ?1")?
            .execute([key])?;
    }
    Ok(stored == 1)
}

fn save_whole(conn: &Connection, key: &str, document: &mut Document) -> Result<()> {
    let bytes = document.save();
    conn.prepare_cached(
        "INSERT INTO owned_documents (doc, bytes, heads) VALUES (?1, ?2, ?3)
         ON CONFLICT (doc) DO UPDATE SET bytes = ?2, heads = ?3",
    )?
    .execute(params![key, bytes, encode_heads(document.saved_heads())])?;
    conn.prepare_cached("DELETE FROM owned_document_changes WHERE doc = ?1")?
        .execute([key])?;
    Ok(())
}

/// Writes what the rows say into `document`, which holds what this device last knew.
pub(crate) fn write_rows(
    conn: &Connection,
    subject: Subject,
    document: &mut Document,
) -> Result<()> {
    let rows = rows(conn, subject, &document.read()?.0)?;
    document.write(&rows)
}

/// What the rows say for `subject`'s document, which holds `held`.
fn rows(conn: &Connection, subject: Subject, held: &Contents) -> Result<Contents> {
    match subject {
        Subject::Person => person::contents(conn),
        Subject::Mentee(id) => mentee::contents(conn, id, held),
    }
}

/// Checks what a document holds now (`after`) and writes it into the rows; `before` is
/// what it held before the other device's changes came in. For the person's document both
/// may hold only the records the changes touched; a mentee's is always read whole.
pub(crate) fn project(
    conn: &Connection,
    subject: Subject,
    before: &Contents,
    after: &Contents,
) -> Result<()> {
    let catalogue = share::catalogue(conn)?;
    match subject {
        Subject::Person => {
            person::check(after, &catalogue)?;
            person::project(conn, before, after)
        }
        Subject::Mentee(id) => {
            mentee::check(after, &catalogue)?;
            mentee::project(conn, id, before, after)
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
    project(conn, subject, &Contents::new(), &arrived)?;
    write_rows(conn, subject, document)?;
    if subject == Subject::Person {
        // Every record of the person's is in it now: none waits to be written.
        conn.execute_batch(
            "DELETE FROM sync_person_mentees;
             UPDATE sync_server SET person_changed = 0, person_unchecked = 0;",
        )?;
    }
    save(conn, doc, document)
}

/// A document this device makes: the person's own, or a new mentee's. The person's is
/// made with all but their mentees, whose records the sync rounds write a few at a time.
pub(crate) fn create(conn: &Connection, subject: Subject, doc: &DocId) -> Result<Document> {
    let contents = match subject {
        Subject::Person => person::catalogue_contents(conn)?,
        Subject::Mentee(_) => rows(conn, subject, &Contents::new())?,
    };
    let mut document = Document::with_contents(kind(doc), &contents)?;
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
    let (Some(document), Some(Subject::Mentee(id))) =
        (load_and_mend(conn, &doc)?, subject(conn, &doc, "")?)
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

#[cfg(test)]
mod tests {
    use crate::sync::owned::folds;

    #[test]
    fn a_large_document_is_saved_whole_in_a_round_only_once_its_changes_outweigh_it_by_far() {
        // Small: whole again once the changes come to half of it, or to 64 of them.
        assert!(!folds(10_000, 4_999, 63));
        assert!(folds(10_000, 5_000, 1));
        assert!(folds(10_000, 10, 64));
        // Large: beside the data file as the sync loop starts, in a round only past these.
        assert!(!folds(260_000, 200_000, 500));
        assert!(folds(260_000, 1_040_000, 1));
        assert!(folds(260_000, 10, 1024));
    }
}
