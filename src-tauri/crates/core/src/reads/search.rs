//! One search over mentees, goals, milestones and 1:1 notes (SQLite FTS5), grouped by
//! kind and carrying what the UI needs to link each hit to its place.

use rusqlite::Connection;
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
    /// A short excerpt around the match; plain text, matches wrapped in \u{2} and \u{3}.
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
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

pub fn search(conn: &Connection, text: &str) -> Result<SearchResults> {
    let Some(query) = fts_query(text) else {
        return Ok(SearchResults::default());
    };
    // Each kind resolves its mentee and drops hits whose plan or goal was deleted. The
    // words match titles and bodies only, so typing "goal" does not find every goal.
    let hits = |kind: &str, owner_join: &str| -> Result<Vec<Hit>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT s.ref_id, m.id, m.name, s.title,
                    snippet(search_index, 3, char(2), char(3), '…', 12)
               FROM search_index s {owner_join}
              WHERE search_index MATCH ?1
                AND s.rowid >= (SELECT min(rowid) FROM (SELECT rowid FROM search_index
                                 WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT {RANKED}))
              ORDER BY rank LIMIT {PER_KIND}"
        ))?;
        let matching = format!("kind : {kind} AND {{title body}} : ({query})");
        let rows = stmt.query_map([&matching], |r| {
            Ok(Hit {
                id: r.get(0)?,
                mentee_id: r.get(1)?,
                mentee_name: r.get(2)?,
                title: r.get(3)?,
                snippet: clamp_nesting(&r.get::<_, String>(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(SearchResults {
        mentees: hits("mentee", "JOIN mentees m ON m.id = s.ref_id")?,
        goals: hits(
            "goal",
            "JOIN goals g ON g.id = s.ref_id
             JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
             JOIN mentees m ON m.id = p.mentee_id",
        )?,
        milestones: hits(
            "milestone",
            "JOIN milestones ms ON ms.id = s.ref_id
             JOIN goals g ON g.id = ms.goal_id AND g.deleted_at IS NULL
             JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
             JOIN mentees m ON m.id = p.mentee_id",
        )?,
        sessions: hits(
            "session",
            "JOIN sessions se ON se.id = s.ref_id JOIN mentees m ON m.id = se.mentee_id",
        )?,
    })
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
