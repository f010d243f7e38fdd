//! Where a field two devices changed at once is written down for the person: noticed in
//! a document that just took in the other device's changes, or found when a device joins
//! a document another device made. [`super::conflicts`] shows them and acts on a choice.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use waymark_wire::DocId;

use super::engine::{Conflict, Contents, Document, Scalar};
use super::share::Keep;
use super::summary;
use crate::error::Result;
use crate::store::db::NOW;

/// Notes every field of `document` that two devices set to different values at once,
/// where one of the values was this device's (`before` is what it held before the other
/// side's changes came in, `after` what it holds now: the whole, or the records the
/// changes touched), for the person to choose. Every copy shows the same value
/// meanwhile; the conflict stays in the document until the person's choice writes the
/// field again, which also tells their other devices to stop asking. `titles` reads the
/// records' names, when there is a conflict to name.
pub(crate) fn notice(
    tx: &Connection,
    doc: &DocId,
    document: &Document,
    before: &Contents,
    (after, conflicts): &(Contents, Vec<Conflict>),
    titles: impl FnOnce() -> Result<BTreeMap<String, String>>,
) -> Result<()> {
    let value = |contents: &Contents, c: &Conflict| {
        contents
            .get(c.container)
            .and_then(|records| records.get(&c.key))
            .and_then(|record| record.get(&c.field))
            .cloned()
    };
    let differing: Vec<&Conflict> = conflicts
        .iter()
        .filter(|c| c.values.windows(2).any(|w| w[0] != w[1]))
        .collect();
    // The records' names are read only when there is a conflict to name.
    let names = match differing.is_empty() {
        true => BTreeMap::new(),
        false => titles()?,
    };
    for &conflict in &differing {
        let shown = value(after, conflict);
        let yours = value(before, conflict);
        let theirs = conflict
            .values
            .iter()
            .find(|v| Some(*v) != yours.as_ref())
            .cloned();
        if let (Some(shown), Some(yours), Some(theirs)) = (shown, yours, theirs) {
            let kept = match shown == yours {
                true => Keep::Yours,
                false => Keep::Theirs,
            };
            let what = summary::describe(conflict, &names);
            record(tx, doc, document, conflict, &what, [&yours, &theirs], kept)?;
        }
    }
    // A field recorded earlier and written since, with no conflict now, was settled on
    // another device (the person chose there, or changed it again): it leaves the list.
    let mut recorded = tx.prepare_cached(
        "SELECT id, container, key, field, written FROM sync_conflicts WHERE doc = ?1",
    )?;
    let earlier: Vec<(i64, String, String, String, String)> = recorded
        .query_map([doc.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, container, key, field, written) in earlier {
        let still = differing
            .iter()
            .any(|c| c.container == container && c.key == key && c.field == field);
        if !still && document.written(&container, &key, &field)? != written {
            tx.execute("DELETE FROM sync_conflicts WHERE id = ?1", [id])?;
        }
    }
    Ok(())
}

/// `document` holds the field as it is now; the writes that put its values there are
/// noted, so that a later one (the person's choice on another device) can be told.
pub(crate) fn record(
    tx: &Connection,
    doc: &DocId,
    document: &Document,
    conflict: &Conflict,
    what: &str,
    [yours, theirs]: [&Scalar; 2],
    kept: Keep,
) -> Result<()> {
    let written = document.written(conflict.container, &conflict.key, &conflict.field)?;
    tx.execute(
        &format!(
            "INSERT INTO sync_conflicts (doc, container, key, field, what, yours, theirs,
                    kept, written, noticed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, {NOW})
             ON CONFLICT (doc, container, key, field) DO UPDATE SET what = ?5, yours = ?6,
                 theirs = ?7, kept = ?8, written = ?9,
                 noticed_at = CASE WHEN written IS ?9 THEN noticed_at ELSE {NOW} END"
        ),
        params![
            doc.to_string(),
            conflict.container,
            conflict.key,
            conflict.field,
            what,
            encode(yours),
            encode(theirs),
            match kept {
                Keep::Yours => "yours",
                Keep::Theirs => "theirs",
            },
            written
        ],
    )?;
    Ok(())
}

/// A value as stored: its kind, then itself.
fn encode(value: &Scalar) -> String {
    match value {
        Scalar::Text(text) => format!("t{text}"),
        Scalar::Int(n) => format!("i{n}"),
        Scalar::Flag(flag) => format!("f{}", u8::from(*flag)),
    }
}

pub(crate) fn decode(stored: &str) -> Scalar {
    let (kind, rest) = stored.split_at(stored.len().min(1));
    match kind {
        "i" => Scalar::Int(rest.parse().unwrap_or_default()),
        "f" => Scalar::Flag(rest == "1"),
        _ => Scalar::Text(rest.to_owned()),
    }
}
