-- The rhythm of mentoring: how often each mentee meets their mentor and what recurs at
-- every 1:1, the agenda each 1:1 was held to, a dated log of evidence of growth, and
-- reminders this device has snoozed.

-- How often 1:1s are due, and talking points raised at every one (one per line).
ALTER TABLE mentees ADD COLUMN cadence TEXT NOT NULL DEFAULT 'none'
    CHECK (cadence IN ('none', 'weekly', 'fortnightly', 'monthly'));
ALTER TABLE mentees ADD COLUMN talking_points TEXT NOT NULL DEFAULT ''
    CHECK (length(talking_points) <= 5000);

-- The agenda a 1:1 was held to, as it stood then, and what was ticked off during it.
CREATE TABLE session_agenda (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL
                CHECK (kind IN ('action_item', 'topic', 'talking_point', 'milestone')),
    text        TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 500),
    ticked      INTEGER NOT NULL DEFAULT 0 CHECK (ticked IN (0, 1)),
    -- The action item, topic or milestone on this device that ticking it ticks too.
    ref_id      INTEGER,
    PRIMARY KEY (session_id, position)
) STRICT, WITHOUT ROWID;

-- Evidence of growth: what happened, when, linked to competencies and optionally to a
-- plan and one of its milestones. Evidence on a plan travels with it when it is shared.
CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    uid           TEXT CHECK (uid IS NULL OR length(uid) = 36),
    mentee_id     INTEGER NOT NULL REFERENCES mentees (id) ON DELETE CASCADE,
    plan_id       INTEGER REFERENCES plans (id) ON DELETE SET NULL,
    milestone_id  INTEGER REFERENCES milestones (id) ON DELETE SET NULL,
    observed_on   TEXT NOT NULL CHECK (date(observed_on) = observed_on),
    title         TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    link          TEXT NOT NULL DEFAULT '' CHECK (length(link) <= 2000),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
    added_by      TEXT NOT NULL CHECK (added_by IN ('mentor', 'mentee')),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    deleted_at    TEXT
) STRICT;
CREATE INDEX evidence_by_mentee ON evidence (mentee_id, deleted_at, observed_on DESC);
CREATE INDEX evidence_by_plan ON evidence (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX evidence_by_milestone ON evidence (milestone_id) WHERE milestone_id IS NOT NULL;
CREATE UNIQUE INDEX evidence_by_uid ON evidence (uid) WHERE uid IS NOT NULL;

CREATE TABLE evidence_competencies (
    evidence_id     INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    competency_key  TEXT NOT NULL REFERENCES competencies (key),
    PRIMARY KEY (evidence_id, competency_key)
) STRICT, WITHOUT ROWID;

-- Reminders snoozed on this device: `milestone:<id>`, `session:<mentee id>` or `summary`,
-- quiet until the given UTC instant.
CREATE TABLE reminder_snoozes (
    item   TEXT PRIMARY KEY CHECK (length(item) <= 40),
    until  TEXT NOT NULL
) STRICT;
