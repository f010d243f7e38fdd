-- Each entry of the search index is found by its rowid, worked out from what it indexes
-- (the row's id times four, plus one number per kind), so the triggers that keep the index
-- current touch one entry instead of reading the whole index to find it: saving a note at
-- 10,000 mentees took some 200 ms, nearly all of it that read (see BENCHMARKS.md). Same
-- columns as migration 7; the index is filled again at the end of this file.

DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
    kind,
    ref_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Mentees
DROP TRIGGER search_mentees_insert;
DROP TRIGGER search_mentees_update;
DROP TRIGGER search_mentees_delete;
CREATE TRIGGER search_mentees_insert AFTER INSERT ON mentees BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (NEW.id * 4 + 0, 'mentee', NEW.id, NEW.name, NEW.current_role || ' ' || NEW.notes);
END;
CREATE TRIGGER search_mentees_update AFTER UPDATE OF name, current_role, notes ON mentees BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 0;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (NEW.id * 4 + 0, 'mentee', NEW.id, NEW.name, NEW.current_role || ' ' || NEW.notes);
END;
CREATE TRIGGER search_mentees_delete AFTER DELETE ON mentees BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 0;
END;

-- Goals
DROP TRIGGER search_goals_insert;
DROP TRIGGER search_goals_update;
DROP TRIGGER search_goals_delete;
CREATE TRIGGER search_goals_insert AFTER INSERT ON goals BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (NEW.id * 4 + 1, 'goal', NEW.id, NEW.title, NEW.description);
END;
CREATE TRIGGER search_goals_update AFTER UPDATE OF title, description, deleted_at ON goals BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 1, 'goal', NEW.id, NEW.title, NEW.description WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_goals_delete AFTER DELETE ON goals BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
END;

-- Milestones
DROP TRIGGER search_milestones_insert;
DROP TRIGGER search_milestones_update;
DROP TRIGGER search_milestones_delete;
CREATE TRIGGER search_milestones_insert AFTER INSERT ON milestones BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (NEW.id * 4 + 2, 'milestone', NEW.id, NEW.title, NEW.evidence);
END;
CREATE TRIGGER search_milestones_update AFTER UPDATE OF title, evidence, deleted_at ON milestones BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 2, 'milestone', NEW.id, NEW.title, NEW.evidence WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_milestones_delete AFTER DELETE ON milestones BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
END;

-- 1:1 sessions
DROP TRIGGER search_sessions_insert;
DROP TRIGGER search_sessions_update;
DROP TRIGGER search_sessions_delete;
CREATE TRIGGER search_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (NEW.id * 4 + 3, 'session', NEW.id, NEW.held_on, NEW.notes);
END;
CREATE TRIGGER search_sessions_update AFTER UPDATE OF held_on, notes, deleted_at ON sessions BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 3, 'session', NEW.id, NEW.held_on, NEW.notes WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_sessions_delete AFTER DELETE ON sessions BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
END;

-- What already exists.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
SELECT id * 4 + 0, 'mentee', id, name, current_role || ' ' || notes FROM mentees;
INSERT INTO search_index (rowid, kind, ref_id, title, body)
SELECT id * 4 + 1, 'goal', id, title, description FROM goals WHERE deleted_at IS NULL;
INSERT INTO search_index (rowid, kind, ref_id, title, body)
SELECT id * 4 + 2, 'milestone', id, title, evidence FROM milestones WHERE deleted_at IS NULL;
INSERT INTO search_index (rowid, kind, ref_id, title, body)
SELECT id * 4 + 3, 'session', id, held_on, notes FROM sessions WHERE deleted_at IS NULL;
