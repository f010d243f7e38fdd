-- All of a person's data as documents, so that their own devices converge through the sync
-- server: `person/…` (their mentees, own leader types and goal templates, settings that
-- follow the person) and one `mentee/…` per mentee (assessments, 1:1s with their private
-- part). Plans already have theirs in plan_documents. The documents are made from the rows
-- the first time this device syncs; the backup taken before this migration keeps the file
-- as it was.

-- Global ids for the person's own goal templates.
ALTER TABLE goal_templates ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
CREATE UNIQUE INDEX goal_templates_by_uid ON goal_templates (uid) WHERE uid IS NOT NULL;

-- This device's copy of each of the person's own documents, by id (`person/<uuid>`,
-- `mentee/<uuid>`), changed in the same transaction as the rows they carry.
CREATE TABLE owned_documents (
    doc    TEXT PRIMARY KEY CHECK (doc LIKE 'person/%' OR doc LIKE 'mentee/%'),
    bytes  BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- A plan's documents now exist for every plan of the person's own, shared or not: they
-- belong to the plan, no longer to its share.
CREATE TABLE plan_documents_by_plan (
    plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('plan', 'progress')),
    bytes    BLOB NOT NULL,
    PRIMARY KEY (plan_id, kind)
) STRICT, WITHOUT ROWID;
INSERT INTO plan_documents_by_plan (plan_id, kind, bytes)
    SELECT plan_id, kind, bytes FROM plan_documents;
DROP TABLE plan_documents;
ALTER TABLE plan_documents_by_plan RENAME TO plan_documents;

-- A field two devices changed at once while syncing live: both values, and which one every
-- device shows, until the person has chosen. One row per field; this device's alone.
CREATE TABLE sync_conflicts (
    id          INTEGER PRIMARY KEY,
    doc         TEXT NOT NULL CHECK (length(doc) BETWEEN 40 AND 60),
    container   TEXT NOT NULL,
    key         TEXT NOT NULL,
    field       TEXT NOT NULL,
    what        TEXT NOT NULL,
    yours       TEXT NOT NULL,
    theirs      TEXT NOT NULL,
    kept        TEXT NOT NULL CHECK (kept IN ('yours', 'theirs')),
    -- The write that put the shown value there: a later one means the person chose on
    -- another device.
    written     TEXT NOT NULL,
    noticed_at  TEXT NOT NULL,
    UNIQUE (doc, container, key, field)
) STRICT;
