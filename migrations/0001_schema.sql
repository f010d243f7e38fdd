-- Reference data (shipped by the app, marked built-in) and mentees.

CREATE TABLE competencies (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL CHECK (category IN ('key_aspect', 'core_responsibility')),
    description  TEXT NOT NULL,
    position     INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE spectrums (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    low_pole     TEXT NOT NULL,
    high_pole    TEXT NOT NULL,
    description  TEXT NOT NULL,
    position     INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE leader_families (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    position     INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE leader_types (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    family_key   TEXT NOT NULL REFERENCES leader_families (key),
    name         TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    description  TEXT NOT NULL,
    built_in     INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE UNIQUE INDEX leader_types_unique_name ON leader_types (lower(name));

-- Built-in types are the catalogue's backbone: refuse their deletion even from raw SQL.
CREATE TRIGGER leader_types_keep_built_in
BEFORE DELETE ON leader_types
WHEN OLD.built_in = 1
BEGIN
    SELECT RAISE(ABORT, 'built-in leader types cannot be deleted');
END;

CREATE TABLE leader_type_competency_targets (
    leader_type_id  INTEGER NOT NULL REFERENCES leader_types (id) ON DELETE CASCADE,
    competency_key  TEXT NOT NULL REFERENCES competencies (key),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (leader_type_id, competency_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE leader_type_spectrum_targets (
    leader_type_id  INTEGER NOT NULL REFERENCES leader_types (id) ON DELETE CASCADE,
    spectrum_key    TEXT NOT NULL REFERENCES spectrums (key),
    position        INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    PRIMARY KEY (leader_type_id, spectrum_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE role_tracks (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    position     INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE anti_pattern_groups (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    position     INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE anti_patterns (
    key          TEXT PRIMARY KEY,
    group_key    TEXT NOT NULL REFERENCES anti_pattern_groups (key),
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    position     INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE mentees (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    name                    TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    current_role            TEXT NOT NULL DEFAULT '' CHECK (length(current_role) <= 80),
    current_leader_type_id  INTEGER REFERENCES leader_types (id),
    target_leader_type_id   INTEGER REFERENCES leader_types (id),
    role_track_key          TEXT REFERENCES role_tracks (key),
    start_date              TEXT CHECK (start_date IS NULL OR date(start_date) = start_date),
    notes                   TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    is_self                 INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
    archived_at             TEXT,
    created_at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- Only one mentee can be "me".
CREATE UNIQUE INDEX mentees_one_self ON mentees (is_self) WHERE is_self = 1;
CREATE INDEX mentees_by_name ON mentees (archived_at, name COLLATE NOCASE);
CREATE INDEX mentees_by_current_type ON mentees (current_leader_type_id);
CREATE INDEX mentees_by_target_type ON mentees (target_leader_type_id);
