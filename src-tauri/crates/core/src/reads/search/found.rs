//! The entries a search ranks, copied into a full-text index of their own: a few hundred
//! rows, private to this connection, where the words as typed (prefixes and all), the
//! ranking and the excerpts cost what those rows cost, not what the whole index does.

use rusqlite::Connection;

use super::index::{KINDS, Kind, TOKENIZE};
use crate::error::Result;

/// Entries copied per kind: the most recently written matches. Ranking every match of a
/// common word among a million milestones would take most of a second; among these it
/// takes milliseconds, and a rarer word still has all its matches ranked.
pub(super) const RANKED: usize = 200;

/// How many of a kind's newest entries a word typed only in part is looked for among, once
/// the newest matches of every kind together are in. Its commonest completions fill the
/// postings of a whole kind, and reading them newest first back to the kind's first entry
/// took, at 10,000 mentees, 6 ms of a single "s" (for mentees, who hold none of them) and
/// two thirds of "stakeholder r". Typed further, the word looks everywhere.
pub(super) const PARTIAL_DEPTH: i64 = 2_000;

/// Same columns and tokenizer as `search_index`, so a query and an excerpt read here as
/// they would there. The rows live in a plain table the index is rebuilt from, as emptying
/// an FTS5 table row by row reads every row again.
pub(super) fn create_tables(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS temp.search_found_rows (
             id INTEGER PRIMARY KEY, kind TEXT, ref_id INTEGER, title TEXT, body TEXT);
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_found USING fts5 (
             kind, ref_id UNINDEXED, title, body,
             content = 'search_found_rows', content_rowid = 'id',
             tokenize = '{TOKENIZE}');"
    ))?;
    Ok(())
}

pub(super) fn clear(conn: &Connection) -> Result<()> {
    conn.prepare_cached("DELETE FROM temp.search_found_rows")?
        .execute([])?;
    Ok(())
}

/// Copies the newest [`RANKED`] matches of `words` (an FTS5 expression) of each kind. Where
/// several common words must all match, finding the matches costs about the same however
/// few there are or however far back the search stops (16 ms at 10,000 mentees for five
/// such words), and twice as much newest first as oldest first: FTS5 reads a long list of
/// postings backwards more slowly. So a first pass looks for every kind's matches at
/// once, oldest first; when it runs out of matches, every kind has all of its own, copied
/// by rowid. Otherwise a second pass copies them newest first, and a kind still short of
/// [`RANKED`] (milestones are most of the index) is read on its own: back to its first entry
/// when `complete`, else among its newest [`PARTIAL_DEPTH`].
pub(super) fn add_matching(conn: &Connection, words: &str, complete: bool) -> Result<()> {
    let oldest: Vec<i64> = conn
        .prepare_cached(&format!(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
              ORDER BY rowid ASC LIMIT {RANKED}"
        ))?
        .query_map([words], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if oldest.len() < RANKED {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO temp.search_found_rows (id, kind, ref_id, title, body)
             SELECT rowid, kind, ref_id, title, body FROM search_index
              WHERE rowid IN (SELECT value FROM json_each(?1))",
        )?
        .execute([serde_json::Value::from(oldest).to_string()])?;
        return Ok(());
    }
    add_newest(conn, None, words)?;
    let mut copied =
        conn.prepare_cached("SELECT count(*) FROM temp.search_found_rows WHERE id % 4 = ?1")?;
    for kind in &KINDS {
        let copied: i64 = copied.query_row([kind.number], |r| r.get(0))?;
        if copied >= RANKED as i64 {
            continue;
        }
        if complete {
            add_newest(conn, Some(kind), words)?;
        } else {
            add_recent(conn, kind, words)?;
        }
    }
    Ok(())
}

/// Copies the newest [`RANKED`] entries of `kind` (of every kind when none is given) that
/// match `words` (an FTS5 expression); each entry once.
fn add_newest(conn: &Connection, kind: Option<&Kind>, words: &str) -> Result<()> {
    let of_kind = kind.map_or_else(
        || "true".to_owned(),
        |kind| {
            format!(
                "rowid <= (SELECT max(id) * 4 + 3 FROM {}) AND rowid % 4 = {}",
                kind.table, kind.number
            )
        },
    );
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO temp.search_found_rows (id, kind, ref_id, title, body)
         SELECT rowid, kind, ref_id, title, body FROM search_index
          WHERE search_index MATCH ?1 AND {of_kind}
          ORDER BY rowid DESC LIMIT {RANKED}"
    ))?
    .execute([words])?;
    Ok(())
}

/// Copies the entries of the newest [`RANKED`] rows of `kind`'s table, whatever they hold
/// (a row deleted and kept for Undo has none). Their rowids come from the table: walking
/// the index back to them read every kind's entries in between, bodies and all.
pub(super) fn add_latest(conn: &Connection, kind: &Kind) -> Result<()> {
    let Kind { table, number, .. } = kind;
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO temp.search_found_rows (id, kind, ref_id, title, body)
         SELECT rowid, kind, ref_id, title, body FROM search_index
          WHERE rowid IN (SELECT id * 4 + {number} FROM {table} ORDER BY id DESC LIMIT {RANKED})"
    ))?
    .execute([])?;
    Ok(())
}

/// Copies the newest [`RANKED`] matches of `words` among the newest [`PARTIAL_DEPTH`] entries
/// of `kind`. They are read oldest first, then the newest kept: FTS5 reads the postings of
/// several common terms backwards a few times more slowly.
fn add_recent(conn: &Connection, kind: &Kind, words: &str) -> Result<()> {
    let Kind { table, number, .. } = kind;
    conn.prepare_cached(&format!(
        "WITH recent AS MATERIALIZED (
             SELECT rowid AS id FROM search_index
              WHERE search_index MATCH ?1
                AND rowid > (SELECT max(id) - {PARTIAL_DEPTH} FROM {table}) * 4
                AND rowid <= (SELECT max(id) * 4 + 3 FROM {table}) AND rowid % 4 = {number}
              ORDER BY rowid)
         INSERT OR IGNORE INTO temp.search_found_rows (id, kind, ref_id, title, body)
         SELECT rowid, kind, ref_id, title, body FROM search_index
          WHERE rowid IN (SELECT id FROM recent ORDER BY id DESC LIMIT {RANKED})"
    ))?
    .execute([words])?;
    Ok(())
}

/// Indexes what was copied, for the queries that follow.
pub(super) fn index(conn: &Connection) -> Result<()> {
    conn.prepare_cached("INSERT INTO temp.search_found (search_found) VALUES ('rebuild')")?
        .execute([])?;
    Ok(())
}
