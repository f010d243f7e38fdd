//! Which actor this process writes each document under, from one load to the next.
//!
//! Automerge keeps an entry for every actor that ever wrote to a document, and loading
//! grows with their number faster than with the changes: in a release build (Automerge
//! 0.12; the program is in issue 18's notes), a document edited in 5,000 rounds took 45 ms
//! to load when each round wrote under a new actor, and 11 ms when all wrote under one. A
//! device that took a new actor at every load would add one per round of edits, for as
//! long as the document lives.
//!
//! An actor must never write two different changes with one sequence number, or no copy
//! could take in both. So an actor goes back only to a load that holds every change this
//! process wrote under it, and to one load at a time. A file copied elsewhere, a backup
//! put back, a save rolled back, or a second copy in memory all get a new actor; so does
//! the next process, which starts with none.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use automerge::{ActorId, AutoCommit, ChangeHash};

/// Actors waiting for the next load of their document, by the caller's name for it.
static WAITING: Mutex<BTreeMap<String, Waiting>> = Mutex::new(BTreeMap::new());

/// An actor between loads, and the last change it wrote (none yet).
struct Waiting {
    actor: ActorId,
    last: Option<ChangeHash>,
}

/// A loaded document's hold on its actor, given back when the document is dropped.
#[derive(Debug)]
pub(crate) struct Lease {
    key: String,
    /// The heads at load: what the actor wrote after them is found from there.
    loaded: Vec<ChangeHash>,
    last: Option<ChangeHash>,
}

/// Sets the actor `doc`, just loaded, writes under: the one that wrote `key` last in this
/// process when `doc` holds everything it wrote, a new one otherwise.
pub(crate) fn take(key: String, doc: &mut AutoCommit) -> Lease {
    let waiting = WAITING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&key);
    let reused = waiting.filter(|w| {
        w.last
            .is_none_or(|hash| doc.get_change_meta_by_hash(&hash).is_some())
    });
    let last = match reused {
        Some(w) => {
            doc.set_actor(w.actor);
            w.last
        }
        None => {
            doc.set_actor(ActorId::random());
            None
        }
    };
    Lease {
        key,
        loaded: doc.get_heads(),
        last,
    }
}

/// Hands `doc`'s actor back for the next load of the same document, with the last change
/// it wrote.
pub(crate) fn give_back(lease: Lease, doc: &mut AutoCommit) {
    let actor = doc.get_actor().clone();
    let last = doc
        .get_changes_meta(&lease.loaded)
        .into_iter()
        .filter(|change| *change.actor == actor)
        .max_by_key(|change| change.seq)
        .map_or(lease.last, |change| Some(change.hash));
    WAITING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(lease.key, Waiting { actor, last });
}
