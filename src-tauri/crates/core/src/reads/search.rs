//! One search over mentees, goals, milestones and 1:1 notes (SQLite FTS5), grouped by
//! kind and carrying what the UI needs to link each hit to its place.

use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;

const PER_KIND: i64 = 20;
/// Hits ranked per kind: the most recently written matches. Ranking every match of a
/// common word among a million milestones would take most of a second; among these it
/// takes milliseconds, and a rarer word still has all its matches ranked.
const RANKED: i64 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    pub id: i64,
    pub mentee_id: i64,
    pub mentee_name: String,
    pub title: String,
    /// A short excerpt around the match as plain text (no Markdown markers), matches
    /// wrapped in \u{2} and \u{3}.
    pub snippet: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    pub mentees: Vec<Hit>,
    pub goals: Vec<Hit>,
    pub milestones: Vec<Hit>,
    pub sessions: Vec<Hit>,
}

impl SearchResults {
    pub fn is_empty(&self) -> bool {
        self.mentees.is_empty()
            && self.goals.is_empty()
            && self.milestones.is_empty()
            && self.sessions.is_empty()
    }
}

/// Turns what a person typed into an FTS5 query that cannot be a syntax error: every word
/// quoted (so operators and punctuation are literal) and matched as a prefix.
pub fn fts_query(text: &str) -> Option<String> {
    let words = query_words(text);
    (!words.is_empty()).then(|| words.join(" "))
}

fn query_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect()
}

pub fn search(conn: &Connection, text: &str) -> Result<SearchResults> {
    let Some(query) = fts_query(text) else {
        return Ok(SearchResults::default());
    };
    let phrase = query_words(text).join(" + ");
    // Relevance first: the words in the title (a name, a goal), then the words together as
    // typed, then anywhere; among equals the newest 1:1, then the newest entry, leads. Each
    // kind resolves its mentee and drops hits whose plan or goal was deleted. The words
    // match titles and bodies only, so typing "goal" does not find every goal. Only the
    // newest matches of each kind are ranked (from `floor` on), so a common word costs
    // what a rare one does; FTS5's own rank is left out, as it reads every match.
    let hits = |kind: &str, owner_join: &str, newest: &str| -> Result<Vec<Hit>> {
        let matching = format!("kind : {kind} AND {{title body}} : ({query})");
        let floor: Option<i64> = conn
            .prepare_cached(&format!(
                "SELECT min(rowid) FROM (SELECT rowid FROM search_index
                  WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT {RANKED})"
            ))?
            .query_row([&matching], |r| r.get(0))?;
        let Some(floor) = floor else {
            return Ok(Vec::new());
        };
        let also = |n: u8| {
            format!(
                "s.rowid IN (SELECT rowid FROM search_index
                              WHERE search_index MATCH ?{n} AND rowid >= ?4) DESC"
            )
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT s.ref_id, m.id, m.name, s.title,
                    snippet(search_index, 3, char(2), char(3), '…', 12)
               FROM search_index s {owner_join}
              WHERE search_index MATCH ?1 AND s.rowid >= ?4
              ORDER BY {}, {}, {newest}s.rowid DESC LIMIT {PER_KIND}",
            also(2),
            also(3),
        ))?;
        let in_title = format!("kind : {kind} AND title : ({query})");
        let together = format!("kind : {kind} AND {{title body}} : ({phrase})");
        let rows = stmt.query_map(params![matching, in_title, together, floor], |r| {
            Ok(Hit {
                id: r.get(0)?,
                mentee_id: r.get(1)?,
                mentee_name: r.get(2)?,
                title: r.get(3)?,
                snippet: clamp_nesting(&plain_text(&r.get::<_, String>(4)?)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(SearchResults {
        mentees: hits("mentee", "JOIN mentees m ON m.id = s.ref_id", "")?,
        goals: hits(
            "goal",
            "JOIN goals g ON g.id = s.ref_id
             JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
             JOIN mentees m ON m.id = p.mentee_id",
            "",
        )?,
        milestones: hits(
            "milestone",
            "JOIN milestones ms ON ms.id = s.ref_id
             JOIN goals g ON g.id = ms.goal_id AND g.deleted_at IS NULL
             JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
             JOIN mentees m ON m.id = p.mentee_id",
            "",
        )?,
        sessions: hits(
            "session",
            "JOIN sessions se ON se.id = s.ref_id JOIN mentees m ON m.id = se.mentee_id",
            "se.held_on DESC, ",
        )?,
    })
}

/// A note's excerpt as plain text, so every reader shows the same words: headings, list
/// bullets, emphasis, code ticks, strike-through and link syntax go, a link keeps its
/// words, lines run together. An excerpt cuts Markdown anywhere, so each marker is taken
/// out on its own, paired or not. Quote markers stay, for [`clamp_nesting`] to bound.
pub fn plain_text(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| plain_inline(without_block_marker(line)))
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The line without a leading heading, bullet or number marker (after any quote markers).
fn without_block_marker(line: &str) -> String {
    let body = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    let quotes = &line[..line.len() - body.len()];
    let marker_end = if body.starts_with('#') {
        Some(body.trim_start_matches('#').len())
    } else if body.starts_with(['-', '*', '+']) {
        Some(body.len() - 1)
    } else {
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (digits > 0 && body[digits..].starts_with(['.', ')'])).then(|| body.len() - digits - 1)
    };
    match marker_end.map(|len| &body[body.len() - len..]) {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
            format!("{quotes}{}", rest.trim_start())
        }
        _ => line.to_owned(),
    }
}

fn plain_inline(line: String) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 1);
        let in_word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        match c {
            '*' | '`' => {}
            '~' if after == Some(&'~') || before == Some(&'~') => {}
            // snake_case keeps its underscores; emphasis sits at a word's edge.
            '_' if !(in_word(before) && in_word(after)) => {}
            '!' if after == Some(&'[') => {}
            '[' | ']' if c == '[' || after != Some(&'(') => {}
            // "](address)": the address is not part of the words.
            ']' => {
                while chars.get(i).is_some_and(|&c| c != ')') {
                    i += 1;
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// The most quote markers in a row a result shows.
const DEEPEST: usize = 8;

/// A note may quote thousands of levels deep within its length (`> > > …`), and a snippet
/// keeps the markers between two matched words: more than [`DEEPEST`] in a row are cut to
/// that many and an ellipsis, so one note never floods the results.
fn clamp_nesting(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len().min(1024));
    let mut markers = 0;
    for c in snippet.chars() {
        match c {
            '>' => {
                markers += 1;
                match markers.cmp(&(DEEPEST + 1)) {
                    std::cmp::Ordering::Less => out.push(c),
                    std::cmp::Ordering::Equal => out.push('…'),
                    std::cmp::Ordering::Greater => {}
                }
            }
            // Spaces between markers belong to the run.
            c if c.is_whitespace() => {
                if markers <= DEEPEST {
                    out.push(c);
                }
            }
            c => {
                if markers > DEEPEST {
                    out.push(' ');
                }
                markers = 0;
                out.push(c);
            }
        }
    }
    out
}
