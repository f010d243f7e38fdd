-- One full-text index over mentees, goals, milestones and 1:1 notes, kept current by
-- triggers. Soft-deleted rows leave the index and come back when restored.

CREATE VIRTUAL TABLE search_index USING fts5 (
    kind UNINDEXED,
    ref_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Mentees
CREATE TRIGGER search_mentees_insert AFTER INSERT ON mentees BEGIN
    INSERT INTO search_index (kind, ref_id, title, body)
    VALUES ('mentee', NEW.id, NEW.name, NEW.current_role || ' ' || NEW.notes);
END;
CREATE TRIGGER search_mentees_update AFTER UPDATE OF name, current_role, notes ON mentees BEGIN
    DELETE FROM search_index WHERE kind = 'mentee' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, title, body)
    VALUES ('mentee', NEW.id, NEW.name, NEW.current_role || ' ' || NEW.notes);
END;
CREATE TRIGGER search_mentees_delete AFTER DELETE ON mentees BEGIN
    DELETE FROM search_index WHERE kind = 'mentee' AND ref_id = OLD.id;
END;

-- Goals
CREATE TRIGGER search_goals_insert AFTER INSERT ON goals BEGIN
    INSERT INTO search_index (kind, ref_id, title, body)
    VALUES ('goal', NEW.id, NEW.title, NEW.description);
END;
CREATE TRIGGER search_goals_update AFTER UPDATE OF title, description, deleted_at ON goals BEGIN
    DELETE FROM search_index WHERE kind = 'goal' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, title, body)
    SELECT 'goal', NEW.id, NEW.title, NEW.description WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_goals_delete AFTER DELETE ON goals BEGIN
    DELETE FROM search_index WHERE kind = 'goal' AND ref_id = OLD.id;
END;

-- Milestones
CREATE TRIGGER search_milestones_insert AFTER INSERT ON milestones BEGIN
    INSERT INTO search_index (kind, ref_id, title, body)
    VALUES ('milestone', NEW.id, NEW.title, NEW.evidence);
END;
CREATE TRIGGER search_milestones_update AFTER UPDATE OF title, evidence, deleted_at ON milestones BEGIN
    DELETE FROM search_index WHERE kind = 'milestone' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, title, body)
    SELECT 'milestone', NEW.id, NEW.title, NEW.evidence WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_milestones_delete AFTER DELETE ON milestones BEGIN
    DELETE FROM search_index WHERE kind = 'milestone' AND ref_id = OLD.id;
END;

-- 1:1 sessions
CREATE TRIGGER search_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO search_index (kind, ref_id, title, body)
    VALUES ('session', NEW.id, NEW.held_on, NEW.notes);
END;
CREATE TRIGGER search_sessions_update AFTER UPDATE OF held_on, notes, deleted_at ON sessions BEGIN
    DELETE FROM search_index WHERE kind = 'session' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, title, body)
    SELECT 'session', NEW.id, NEW.held_on, NEW.notes WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_sessions_delete AFTER DELETE ON sessions BEGIN
    DELETE FROM search_index WHERE kind = 'session' AND ref_id = OLD.id;
END;

-- What already exists.
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'mentee', id, name, current_role || ' ' || notes FROM mentees;
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'goal', id, title, description FROM goals WHERE deleted_at IS NULL;
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'milestone', id, title, evidence FROM milestones WHERE deleted_at IS NULL;
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'session', id, held_on, notes FROM sessions WHERE deleted_at IS NULL;
