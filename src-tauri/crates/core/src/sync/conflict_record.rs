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

/// Settles every field of `document` that two devices set to different values at once:
/// the value every copy shows is written once more, which ends the conflict on every
/// device once it syncs. Where one of the values was this device's (`before` is what it
/// held before the other side's changes came in), the person is asked. `titles` names
/// the records.
pub(crate) fn notice(
    tx: &Connection,
    doc: &DocId,
    document: &mut Document,
    before: &Contents,
    titles: &BTreeMap<String, String>,
) -> Result<()> {
    let (after, conflicts) = document.read()?;
    let value = |contents: &Contents, container: &str, key: &str, field: &str| {
        contents
            .get(container)
            .and_then(|records| records.get(key))
            .and_then(|record| record.get(field))
            .cloned()
    };
    // A field recorded earlier that has changed since without a new conflict was settled
    // on another device (the person chose there): it leaves the list here too.
    let mut recorded =
        tx.prepare_cached("SELECT id, container, key, field FROM sync_conflicts WHERE doc = ?1")?;
    let earlier: Vec<(i64, String, String, String)> = recorded
        .query_map([doc.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, container, key, field) in earlier {
        let still = conflicts.iter().any(|c| {
            c.container == container
                && c.key == key
                && c.field == field
                && c.values.windows(2).any(|w| w[0] != w[1])
        });
        if !still
            && value(before, &container, &key, &field) != value(&after, &container, &key, &field)
        {
            tx.execute("DELETE FROM sync_conflicts WHERE id = ?1", [id])?;
        }
    }
    // Equal values need nothing: settling them would only start another round of the same.
    for conflict in conflicts
        .into_iter()
        .filter(|c| c.values.windows(2).any(|w| w[0] != w[1]))
    {
        let at = |contents: &Contents| {
            value(contents, conflict.container, &conflict.key, &conflict.field)
        };
        let Some(shown) = at(&after) else {
            continue;
        };
        document.settle(conflict.container, &conflict.key, &conflict.field, &shown)?;
        let yours = at(before);
        let theirs = conflict
            .values
            .iter()
            .find(|v| Some(*v) != yours.as_ref())
            .cloned();
        let (Some(yours), Some(theirs)) = (yours, theirs) else {
            continue;
        };
        let kept = match shown == yours {
            true => Keep::Yours,
            false => Keep::Theirs,
        };
        let what = summary::describe(&conflict, titles);
        record(tx, doc, &conflict, &what, [&yours, &theirs], kept)?;
    }
    document.commit();
    Ok(())
}

/// Keeps one conflict for the person: `values` are theirs and the other device's.
pub(crate) fn record(
    tx: &Connection,
    doc: &DocId,
    conflict: &Conflict,
    what: &str,
    [yours, theirs]: [&Scalar; 2],
    kept: Keep,
) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO sync_conflicts (doc, container, key, field, what, yours, theirs,
                    kept, noticed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {NOW})
             ON CONFLICT (doc, container, key, field) DO UPDATE SET what = ?5, yours = ?6,
                 theirs = ?7, kept = ?8, noticed_at = {NOW}"
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
            }
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
