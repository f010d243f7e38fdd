//! What `search_index` holds (migrations 0006, 0013 and 0016): how its text is split into
//! terms, and the kinds of entry it keeps apart.

/// The index's tokenizer, for the tables a search keeps beside it: what is typed must
/// become the terms the index holds.
pub(super) const TOKENIZE: &str = "unicode61 remove_diacritics 2";

/// A kind of entry in `search_index`.
#[derive(Debug)]
pub(super) struct Kind {
    pub name: &'static str,
    /// Its entries' rowids are the indexed row's id times four plus this (migration 0013),
    /// so a kind is picked out by rowid, without reading the postings of its `kind` term:
    /// one per entry, a million for milestones.
    pub number: i64,
    /// The table of the indexed rows, whose largest id bounds the kind's rowids.
    pub table: &'static str,
    /// What resolves the mentee, dropping hits whose plan or goal was deleted.
    pub owner_join: &'static str,
    /// What orders hits ahead of the newest entry.
    pub newest: &'static str,
}

pub(super) const KINDS: [Kind; 4] = [
    Kind {
        name: "mentee",
        number: 0,
        table: "mentees",
        owner_join: "JOIN mentees m ON m.id = s.ref_id",
        newest: "",
    },
    Kind {
        name: "goal",
        number: 1,
        table: "goals",
        owner_join: "JOIN goals g ON g.id = s.ref_id
                     JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
                     JOIN mentees m ON m.id = p.mentee_id",
        newest: "",
    },
    Kind {
        name: "milestone",
        number: 2,
        table: "milestones",
        owner_join: "JOIN milestones ms ON ms.id = s.ref_id
                     JOIN goals g ON g.id = ms.goal_id AND g.deleted_at IS NULL
                     JOIN plans p ON p.id = g.plan_id AND p.deleted_at IS NULL
                     JOIN mentees m ON m.id = p.mentee_id",
        newest: "",
    },
    Kind {
        name: "session",
        number: 3,
        table: "sessions",
        owner_join: "JOIN sessions se ON se.id = s.ref_id
                     JOIN mentees m ON m.id = se.mentee_id",
        newest: "se.held_on DESC, ",
    },
];
