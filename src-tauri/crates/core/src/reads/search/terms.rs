//! What a person typed, as FTS5 can read it newest first. A prefix ("stak"*) makes FTS5
//! merge the postings of every term that begins with it before it returns one row: at
//! 10,000 mentees tens of milliseconds a query. The index's own whole terms that begin
//! with it (from `search_terms`, which its triggers keep: migration 0016), joined by OR,
//! are read in rowid order and stop at the limit.

use rusqlite::{Connection, Statement, params};

use super::index::TOKENIZE;
use crate::error::Result;

/// The most whole terms one typed word stands for: the word itself when it is a term, then
/// the most frequent. Each is one more seek into every segment of the index per query, so
/// a short prefix ("st") stands for its commonest completions; a word typed further has
/// fewer than this and matches exactly what its prefix would.
pub(super) const TERMS_PER_WORD: usize = 16;

/// Every entry carries its kind as a term of the index (the `kind` column), so these four
/// words top every count and their postings run to a million: matching them costs more
/// than a frame. They stand for a word only when it is typed in full; a word that merely
/// begins one stands for less than all its completions.
const KIND_WORDS: [&str; 4] = ["goal", "mentee", "milestone", "session"];

/// A scratch table that splits what was typed into the same terms the index holds (same
/// tokenizer), private to this connection.
pub(super) fn create_tables(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_typed
             USING fts5(word, tokenize = '{TOKENIZE}');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_typed_terms
             USING fts5vocab(temp, search_typed, 'instance');"
    ))?;
    Ok(())
}

/// What was typed, over whole terms.
#[derive(Debug)]
pub(super) struct WholeTerms {
    /// An FTS5 expression over titles and bodies: each word must match, the last term of
    /// a word as any of its completions. None when a word begins no term it stands for.
    pub expression: Option<String>,
    /// False when a word begins more terms than it stands for here.
    pub complete: bool,
}

/// None when nothing but punctuation was typed (FTS5 passes over a word with no term in
/// it, and matches nothing when no word is left).
pub(super) fn whole_terms(conn: &Connection, words: &[String]) -> Result<Option<WholeTerms>> {
    let mut groups = Vec::new();
    let mut complete = true;
    for tokens in typed_terms(conn, words)? {
        let Some((last, leading)) = tokens.split_last() else {
            continue;
        };
        let (completions, all) = completions(conn, last)?;
        if completions.is_empty() {
            // Nothing matches, unless through a kind word it does not stand for.
            return Ok(Some(WholeTerms {
                expression: None,
                complete: all,
            }));
        }
        complete &= all;
        let phrases: Vec<String> = completions
            .iter()
            .map(|term| {
                let words = leading.iter().chain([term]).cloned();
                quoted(&words.collect::<Vec<_>>().join(" "))
            })
            .collect();
        // Only titles and bodies are searched; only a kind word also matches elsewhere, and
        // confining the others to those columns would cost a look at every match's columns.
        let kind_word =
            leading.is_empty() && completions.iter().any(|t| KIND_WORDS.contains(&t.as_str()));
        let columns = if kind_word { "{title body} : " } else { "" };
        groups.push(format!("{columns}({})", phrases.join(" OR ")));
    }
    Ok((!groups.is_empty()).then(|| WholeTerms {
        expression: Some(groups.join(" AND ")),
        complete,
    }))
}

/// Each word's terms in order, as the index's tokenizer makes them (folded, accents gone).
fn typed_terms(conn: &Connection, words: &[String]) -> Result<Vec<Vec<String>>> {
    conn.prepare_cached("DELETE FROM temp.search_typed")?
        .execute([])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO temp.search_typed (rowid, word) VALUES (?1, ?2)")?;
    for (n, word) in (0_i64..).zip(words) {
        insert.execute(params![n, word])?;
    }
    let mut terms = vec![Vec::new(); words.len()];
    let mut stmt = conn
        .prepare_cached("SELECT doc, term FROM temp.search_typed_terms ORDER BY doc, \"offset\"")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (word, term) = row?;
        if let Some(terms) = usize::try_from(word).ok().and_then(|w| terms.get_mut(w)) {
            terms.push(term);
        }
    }
    Ok(terms)
}

/// The terms of the index that begin with `prefix`, at most [`TERMS_PER_WORD`], and whether
/// that is all of them.
fn completions(conn: &Connection, prefix: &str) -> Result<(Vec<String>, bool)> {
    let mut stmt = conn.prepare_cached(
        "SELECT term, entries FROM main.search_terms WHERE term >= ?1 AND term < ?2",
    )?;
    let mut found = Vec::new();
    let mut all = true;
    // The vocabulary is read in term order; each kind word in the range is stepped over.
    let mut from = prefix.to_owned();
    for kind in KIND_WORDS.iter().filter(|k| k.starts_with(prefix)) {
        read_terms(&mut stmt, &from, kind, &mut found)?;
        if *kind == prefix {
            found.push((prefix.to_owned(), 0));
        } else {
            all = false;
        }
        from = format!("{kind}\u{1}");
    }
    // No term holds U+10FFFF, so every term that begins with `prefix` sorts before this.
    read_terms(&mut stmt, &from, &format!("{prefix}\u{10FFFF}"), &mut found)?;
    found.sort_by(|(a, a_docs), (b, b_docs)| {
        (b == prefix)
            .cmp(&(a == prefix))
            .then(b_docs.cmp(a_docs))
            .then(a.cmp(b))
    });
    all &= found.len() <= TERMS_PER_WORD;
    let terms = found.into_iter().take(TERMS_PER_WORD);
    Ok((terms.map(|(term, _)| term).collect(), all))
}

/// Terms from `from` up to (not including) `to`, with the number of entries holding each.
fn read_terms(
    stmt: &mut Statement<'_>,
    from: &str,
    to: &str,
    found: &mut Vec<(String, i64)>,
) -> Result<()> {
    let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for row in rows {
        found.push(row?);
    }
    Ok(())
}

/// A phrase FTS5 reads as text, whatever it holds.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}
