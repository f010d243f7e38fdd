-- Sharing a plan with its mentee as a file: global ids for what a shared plan carries, the
-- Automerge documents that carry it (changed in the same transaction as the rows), and who
-- each shared plan is exchanged with.

-- Global ids (UUIDv7), given to a row when it is first shared; local integer ids stay.
ALTER TABLE mentees ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
ALTER TABLE plans ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
ALTER TABLE goals ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
ALTER TABLE milestones ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
ALTER TABLE assessments ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
CREATE UNIQUE INDEX mentees_by_uid ON mentees (uid) WHERE uid IS NOT NULL;
CREATE UNIQUE INDEX plans_by_uid ON plans (uid) WHERE uid IS NOT NULL;
CREATE UNIQUE INDEX goals_by_uid ON goals (uid) WHERE uid IS NOT NULL;
CREATE UNIQUE INDEX milestones_by_uid ON milestones (uid) WHERE uid IS NOT NULL;
CREATE UNIQUE INDEX assessments_by_uid ON assessments (uid) WHERE uid IS NOT NULL;

-- When a plan last became active: when two people activate plans of one mentee apart, the
-- one activated later stays active on every copy.
ALTER TABLE plans ADD COLUMN activated_at TEXT;
UPDATE plans SET activated_at = updated_at WHERE status = 'active';

-- On the mentee's side, the person a received plan is about, and who shared it: such
-- people are listed under "Shared with me", not among the mentees.
ALTER TABLE mentees ADD COLUMN shared_by TEXT
    CHECK (shared_by IS NULL OR length(trim(shared_by)) BETWEEN 1 AND 120);

-- 1:1 notes gain a part shared with the mentee; what was written before stays private.
ALTER TABLE sessions ADD COLUMN shared_notes TEXT NOT NULL DEFAULT ''
    CHECK (length(shared_notes) <= 50000);
ALTER TABLE sessions ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
CREATE UNIQUE INDEX sessions_by_uid ON sessions (uid) WHERE uid IS NOT NULL;

-- Comments either side writes on a plan: the conversation that travels with it.
CREATE TABLE plan_comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT CHECK (uid IS NULL OR length(uid) = 36),
    plan_id     INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    author      TEXT NOT NULL CHECK (length(trim(author)) BETWEEN 1 AND 120),
    text        TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 2000),
    written_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX plan_comments_by_plan ON plan_comments (plan_id, deleted_at, written_at);
CREATE UNIQUE INDEX plan_comments_by_uid ON plan_comments (uid) WHERE uid IS NOT NULL;

-- Topics either side wants to raise at the next 1:1 of a plan.
CREATE TABLE plan_topics (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT CHECK (uid IS NULL OR length(uid) = 36),
    plan_id     INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    text        TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 500),
    added_by    TEXT NOT NULL CHECK (added_by IN ('mentor', 'mentee')),
    added_on    TEXT NOT NULL CHECK (date(added_on) = added_on),
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    deleted_at  TEXT
) STRICT;
CREATE INDEX plan_topics_by_plan ON plan_topics (plan_id, deleted_at);
CREATE UNIQUE INDEX plan_topics_by_uid ON plan_topics (uid) WHERE uid IS NOT NULL;

-- This data file's side of every exchange: the name the other side sees and the key that
-- signs the files it sends. Made on the first share or the first plan received.
CREATE TABLE identity (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    name         TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    signing_key  BLOB NOT NULL CHECK (length(signing_key) = 32)
) STRICT;

-- A shared plan: which side of it this file is on and who the other side is. The other
-- side's key is learnt from the first file they send (trust on first use); the mentor's key
-- comes with the plan.
CREATE TABLE plan_shares (
    plan_id            INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
    role               TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
    peer_name          TEXT NOT NULL CHECK (length(trim(peer_name)) BETWEEN 1 AND 120),
    peer_key           BLOB CHECK (peer_key IS NULL OR length(peer_key) = 32),
    -- Whether the mentee may change goals and milestones, not only their progress.
    mentee_edits_plan  INTEGER NOT NULL DEFAULT 0 CHECK (mentee_edits_plan IN (0, 1)),
    -- Whether the mentor's own assessments of the mentee travel too.
    include_assessments INTEGER NOT NULL DEFAULT 0 CHECK (include_assessments IN (0, 1)),
    shared_at          TEXT NOT NULL,
    exchanged_at       TEXT
) STRICT;

-- The Automerge documents of a shared plan, saved whole: 'plan' (what the plan is; the
-- mentor writes it) and 'progress' (how it goes; both sides write it).
CREATE TABLE plan_documents (
    plan_id  INTEGER NOT NULL REFERENCES plan_shares (plan_id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('plan', 'progress')),
    bytes    BLOB NOT NULL,
    PRIMARY KEY (plan_id, kind)
) STRICT, WITHOUT ROWID;
