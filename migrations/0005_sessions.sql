-- One-to-one sessions: notes (Markdown), the goals discussed, and action items that can
-- become milestones. Plus app settings, such as when a mentee counts as "not seen lately".

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    mentee_id   INTEGER NOT NULL REFERENCES mentees (id) ON DELETE CASCADE,
    held_on     TEXT NOT NULL CHECK (date(held_on) = held_on),
    notes       TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 50000),
    deleted_at  TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX sessions_by_mentee ON sessions (mentee_id, deleted_at, held_on DESC);

CREATE TABLE session_goals (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    goal_id     INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, goal_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE action_items (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id    INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    text          TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 500),
    done          INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    -- Set once the item has been turned into a milestone.
    milestone_id  INTEGER REFERENCES milestones (id) ON DELETE SET NULL,
    position      INTEGER NOT NULL
) STRICT;
CREATE INDEX action_items_by_session ON action_items (session_id, position);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

INSERT INTO settings (key, value) VALUES ('not_seen_days', '21');
