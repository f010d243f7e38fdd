//! One search over mentees, goals, milestones and 1:1 notes (SQLite FTS5), grouped by
//! kind and carrying what the UI needs to link each hit to its place.

mod found;
mod index;
mod terms;

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use index::{KINDS, Kind};

const PER_KIND: i64 = 20;

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
    typed_words(text)
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect()
}

/// The words typed, without the quotes that would end a quoted FTS5 phrase early.
fn typed_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Pages of the search index one [`tidy_index_step`] merges: about 6 ms at 10,000 mentees.
const TIDY_PAGES: i64 = 16;

/// Merges a few pages of the search index's segments towards one (FTS5's `merge`), as a
/// transaction of its own, and says whether more is left. Writing the index leaves
/// segments behind, nine at 10,000 mentees, and every term a search reads is one seek into
/// each: on one segment a search as typed took a fifth less. The app calls this while
/// nobody is clicking; each step is short so that a click never waits long for one.
pub fn tidy_index_step(conn: &Connection) -> Result<bool> {
    let before = conn.total_changes();
    conn.prepare_cached("INSERT INTO search_index (search_index, rank) VALUES ('merge', ?1)")?
        .execute([-TIDY_PAGES])?;
    // FTS5 writes at least two rows of its own whenever it merged anything.
    Ok(conn.total_changes() - before >= 2)
}

pub fn search(conn: &Connection, text: &str) -> Result<SearchResults> {
    let Some(query) = fts_query(text) else {
        return Ok(SearchResults::default());
    };
    terms::create_tables(conn)?;
    found::create_tables(conn)?;
    let Some(whole_terms) = terms::whole_terms(conn, &typed_words(text))? else {
        return Ok(SearchResults::default());
    };
    if whole_terms.expression.is_none() && whole_terms.complete {
        return Ok(SearchResults::default());
    }
    // The newest matches of each kind are the ones ranked, so a common word costs what a
    // rare one does. They are found through whole terms (`found::add_matching`); where a
    // word stood for only some of its completions, the newest entries of each kind come
    // too, so what was written last is found however rare its words. All are then ranked
    // in a small index of their own by the words as typed, which also drops what they miss.
    // Such a word's matches are looked for among each kind's newest entries only
    // (`found::PARTIAL_DEPTH`): typed further, it stands for all its completions and looks
    // everywhere.
    found::clear(conn)?;
    if let Some(expression) = &whole_terms.expression {
        found::add_matching(conn, expression, whole_terms.complete)?;
    }
    if !whole_terms.complete {
        for kind in &KINDS {
            found::add_latest(conn, kind)?;
        }
    }
    found::index(conn)?;

    let phrase = query_words(text).join(" + ");
    // Relevance first: the words in the title (a name, a goal), then the words together as
    // typed, then anywhere; among equals the newest 1:1, then the newest entry, leads. The
    // words match titles and bodies only, so typing "goal" does not find every goal.
    let hits = |kind: &Kind| -> Result<Vec<Hit>> {
        let also = |n: u8| {
            format!(
                "s.rowid IN (SELECT rowid FROM temp.search_found
                              WHERE search_found MATCH ?{n}) DESC"
            )
        };
        let mut ranked = conn.prepare_cached(&format!(
            "SELECT s.rowid, s.ref_id, m.id, m.name, s.title
               FROM temp.search_found s {}
              WHERE search_found MATCH ?1
              ORDER BY {}, {}, {}s.rowid DESC LIMIT {PER_KIND}",
            kind.owner_join,
            also(2),
            also(3),
            kind.newest,
        ))?;
        let name = kind.name;
        let matching = format!("kind : {name} AND {{title body}} : ({query})");
        let in_title = format!("kind : {name} AND title : ({query})");
        let together = format!("kind : {name} AND {{title body}} : ({phrase})");
        let ranked: Vec<(i64, Hit)> = ranked
            .query_map([&matching, &in_title, &together], |r| {
                let hit = Hit {
                    id: r.get(1)?,
                    mentee_id: r.get(2)?,
                    mentee_name: r.get(3)?,
                    title: r.get(4)?,
                    snippet: String::new(),
                };
                Ok((r.get(0)?, hit))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Excerpts are made for the hits shown only.
        let shown: Vec<i64> = ranked.iter().map(|(rowid, _)| *rowid).collect();
        let mut excerpts: HashMap<i64, String> = conn
            .prepare_cached(
                "SELECT rowid, snippet(search_found, 3, char(2), char(3), '…', 12)
                   FROM temp.search_found
                  WHERE search_found MATCH ?1 AND +rowid IN (SELECT value FROM json_each(?2))",
            )?
            .query_map(
                [&matching, &serde_json::Value::from(shown).to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let with_excerpt = |(rowid, hit): (i64, Hit)| {
            let excerpt = excerpts.remove(&rowid).unwrap_or_default();
            Hit {
                snippet: clamp_nesting(&plain_text(&excerpt)),
                ..hit
            }
        };
        Ok(ranked.into_iter().map(with_excerpt).collect())
    };
    let [mentees, goals, milestones, sessions] = &KINDS;
    Ok(SearchResults {
        mentees: hits(mentees)?,
        goals: hits(goals)?,
        milestones: hits(milestones)?,
        sessions: hits(sessions)?,
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

// Here rather than in tests/suite/search.rs, as they reach a private bound.
#[cfg(test)]
mod tests {
    use crate::error::Result;
    use crate::people::mentees::{self, MenteeInput};
    use crate::plan::sessions::{self, SessionInput};
    use crate::reads::search::found::{PARTIAL_DEPTH, RANKED};
    use crate::reads::search::{search, terms::TERMS_PER_WORD};
    use crate::store::db::{self, Connection};

    fn with_notes(notes: &[(&str, &str)]) -> Result<Connection> {
        let mut conn = db::open_in_memory()?;
        let input = MenteeInput {
            name: "Amara Okonkwo".into(),
            ..Default::default()
        };
        let mentee = mentees::create(&mut conn, &input)?;
        for (held_on, notes) in notes {
            let input = SessionInput {
                held_on: (*held_on).into(),
                notes: (*notes).into(),
                ..Default::default()
            };
            sessions::create(&mut conn, mentee.id, &input)?;
        }
        Ok(conn)
    }

    fn session_dates(conn: &Connection, text: &str) -> Result<Vec<String>> {
        let found = search(conn, text)?;
        Ok(found.sessions.into_iter().map(|h| h.title).collect())
    }

    #[test]
    fn a_prefix_of_more_words_than_it_stands_for_still_finds_the_newest_notes() {
        // Every word begins "stint"; the rarest two fall outside the commonest few.
        let words: Vec<String> = (0..TERMS_PER_WORD + 2)
            .map(|n| format!("stint{n:02}"))
            .collect();
        let mut notes = Vec::new();
        for (n, word) in words.iter().enumerate().take(TERMS_PER_WORD + 1) {
            for month in 1..=3 {
                notes.push((format!("2025-{month:02}-{:02}", n + 1), word.clone()));
            }
        }
        notes.push(("2026-06-01".into(), words[TERMS_PER_WORD + 1].clone()));
        notes.push(("2026-07-01".into(), "Nothing to do with it.".into()));
        let notes: Vec<(&str, &str)> = notes.iter().map(|(d, n)| (&**d, &**n)).collect();
        let conn = with_notes(&notes).unwrap();
        let dates = session_dates(&conn, "stin").unwrap();
        assert_eq!(dates.len(), 20);
        assert_eq!(dates[0], "2026-06-01", "the newest note leads: {dates:?}");
        assert!(!dates.contains(&"2026-07-01".to_owned()));
        let rarest = &words[TERMS_PER_WORD + 1];
        assert_eq!(session_dates(&conn, rarest).unwrap(), ["2026-06-01"]);
    }

    #[test]
    fn a_word_typed_in_part_finds_people_among_the_newest_and_typed_whole_everywhere() {
        // More completions of "stint" than a typed "stin" stands for, in more notes than
        // are ranked, so each kind is looked for on its own.
        let words: Vec<String> = (0..=TERMS_PER_WORD)
            .map(|n| format!("stint{n:02}"))
            .collect();
        let notes: Vec<(String, String)> = (0..2 * RANKED)
            .map(|n| {
                let held_on = format!("{}-{:02}-01", 2000 + n / 12, n % 12 + 1);
                (held_on, words[n % words.len()].clone())
            })
            .collect();
        let notes: Vec<(&str, &str)> = notes.iter().map(|(d, n)| (&**d, &**n)).collect();
        let mut conn = with_notes(&notes).unwrap();
        let mut add = |name: &str, notes: &str| {
            let input = MenteeInput {
                name: name.into(),
                notes: notes.into(),
                ..Default::default()
            };
            mentees::create(&mut conn, &input).unwrap();
        };
        // The first of PARTIAL_DEPTH + 1 mentees after the one with the notes is the oldest
        // that is not among the newest PARTIAL_DEPTH; a later one is, but not among the
        // newest RANKED, which a word typed in part also ranks whatever they hold.
        let later = PARTIAL_DEPTH as usize / 2;
        for n in 0..=PARTIAL_DEPTH as usize {
            match n {
                0 => add("Grace Hopper", "Talked about stint00."),
                n if n == later => add("Ada Lovelace", "Talked about stint00."),
                n => add(&format!("Person {n}"), ""),
            }
        }
        let people = |text: &str| -> Vec<String> {
            let found = search(&conn, text).unwrap();
            found.mentees.into_iter().map(|h| h.title).collect()
        };
        assert_eq!(people("stin"), ["Ada Lovelace"]);
        assert_eq!(people("stint00"), ["Ada Lovelace", "Grace Hopper"]);
    }

    #[test]
    fn a_word_that_begins_no_term_finds_nothing() {
        let conn = with_notes(&[("2026-03-01", "Stakeholder map drafted.")]).unwrap();
        assert_eq!(session_dates(&conn, "stake").unwrap(), ["2026-03-01"]);
        for text in ["zq", "stake zq", "zq stake", "*", "- ()"] {
            assert!(search(&conn, text).unwrap().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn what_is_typed_is_text_never_query_syntax() {
        let conn = with_notes(&[
            (
                "2026-03-01",
                "We said NOT now OR later, NEAR the end: title:body.",
            ),
            ("2026-03-08", "A session about the roadmap."),
            ("2026-03-15", "Roadmap again."),
        ])
        .unwrap();
        for text in [
            "NOT",
            "or LATER",
            "\"NEAR(",
            "near(the",
            "title:body",
            "{title body}",
            "no\"t",
        ] {
            assert_eq!(
                session_dates(&conn, text).unwrap(),
                ["2026-03-01"],
                "{text:?}"
            );
        }
        // Each entry's kind is indexed too, but only what was written is searched.
        assert_eq!(session_dates(&conn, "session").unwrap(), ["2026-03-08"]);
        assert_eq!(session_dates(&conn, "sess").unwrap(), ["2026-03-08"]);
        assert!(search(&conn, "mentee").unwrap().is_empty());
        assert!(search(&conn, "kind:session").unwrap().is_empty());
    }
}
