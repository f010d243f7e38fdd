-- Each term of the search index with how many entries hold it, counted as entries go in
-- and out. A search offers a typed prefix's commonest completions from here: FTS5's own
-- vocabulary (fts5vocab) reads every posting of every term it lists to count them, which
-- for one typed letter at 10,000 mentees was 26 ms of a 34 ms search (see BENCHMARKS.md).
-- Reading this costs what the number of distinct terms does.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    entries INTEGER NOT NULL CHECK (entries > 0)
) WITHOUT ROWID;

-- Splits one entry into the index's terms with the index's tokenizer. It holds nothing
-- between statements: contentless, emptied right after each use.
CREATE VIRTUAL TABLE search_terms_scratch USING fts5 (
    kind,
    title,
    body,
    content = '',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_terms_scratch_vocabulary
    USING fts5vocab (search_terms_scratch, 'row');

-- Every entry goes into and out of the index through this view, whose triggers count its
-- terms on the way: what an entry held when it went in is what it holds when it goes out.
CREATE VIEW search_entries AS
    SELECT rowid AS entry, kind, ref_id, title, body FROM search_index;

CREATE TRIGGER search_entries_insert INSTEAD OF INSERT ON search_entries BEGIN
    -- An INSERT OR REPLACE of an indexed row would otherwise replace its entry uncounted.
    DELETE FROM search_entries WHERE entry = NEW.entry;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (NEW.entry, NEW.kind, NEW.ref_id, NEW.title, NEW.body);
    INSERT INTO search_terms_scratch (rowid, kind, title, body)
    VALUES (1, NEW.kind, NEW.title, NEW.body);
    INSERT INTO search_terms (term, entries)
    SELECT term, 1 FROM search_terms_scratch_vocabulary WHERE true
        ON CONFLICT (term) DO UPDATE SET entries = entries + 1;
    INSERT INTO search_terms_scratch (search_terms_scratch) VALUES ('delete-all');
END;

CREATE TRIGGER search_entries_delete INSTEAD OF DELETE ON search_entries BEGIN
    INSERT INTO search_terms_scratch (rowid, kind, title, body)
    VALUES (1, OLD.kind, OLD.title, OLD.body);
    DELETE FROM search_terms
     WHERE entries = 1 AND term IN (SELECT term FROM search_terms_scratch_vocabulary);
    UPDATE search_terms SET entries = entries - 1
     WHERE term IN (SELECT term FROM search_terms_scratch_vocabulary);
    INSERT INTO search_terms_scratch (search_terms_scratch) VALUES ('delete-all');
    DELETE FROM search_index WHERE rowid = OLD.entry;
END;

-- The triggers of migration 13, through the view. A goal, milestone or 1:1 written already
-- deleted (an archive or another device can carry one, for Undo) is not indexed: until
-- now it was, and search showed it.
-- Mentees
DROP TRIGGER search_mentees_insert;
DROP TRIGGER search_mentees_update;
DROP TRIGGER search_mentees_delete;
CREATE TRIGGER search_mentees_insert AFTER INSERT ON mentees BEGIN
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    VALUES (NEW.id * 4 + 0, 'mentee', NEW.id, NEW.name, NEW.current_role || ' ' || NEW.notes);
END;
CREATE TRIGGER search_mentees_update AFTER UPDATE OF name, current_role, notes ON mentees BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 0;
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    VALUES (NEW.id * 4 + 0, 'mentee', NEW.id, NEW.name, NEW.current_role || ' ' || NEW.notes);
END;
CREATE TRIGGER search_mentees_delete AFTER DELETE ON mentees BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 0;
END;

-- Goals
DROP TRIGGER search_goals_insert;
DROP TRIGGER search_goals_update;
DROP TRIGGER search_goals_delete;
CREATE TRIGGER search_goals_insert AFTER INSERT ON goals BEGIN
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 1, 'goal', NEW.id, NEW.title, NEW.description WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_goals_update AFTER UPDATE OF title, description, deleted_at ON goals BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 1;
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 1, 'goal', NEW.id, NEW.title, NEW.description WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_goals_delete AFTER DELETE ON goals BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 1;
END;

-- Milestones
DROP TRIGGER search_milestones_insert;
DROP TRIGGER search_milestones_update;
DROP TRIGGER search_milestones_delete;
CREATE TRIGGER search_milestones_insert AFTER INSERT ON milestones BEGIN
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 2, 'milestone', NEW.id, NEW.title, NEW.evidence WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_milestones_update AFTER UPDATE OF title, evidence, deleted_at ON milestones BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 2;
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 2, 'milestone', NEW.id, NEW.title, NEW.evidence WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_milestones_delete AFTER DELETE ON milestones BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 2;
END;

-- 1:1 sessions
DROP TRIGGER search_sessions_insert;
DROP TRIGGER search_sessions_update;
DROP TRIGGER search_sessions_delete;
CREATE TRIGGER search_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 3, 'session', NEW.id, NEW.held_on, NEW.notes WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_sessions_update AFTER UPDATE OF held_on, notes, deleted_at ON sessions BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 3;
    INSERT INTO search_entries (entry, kind, ref_id, title, body)
    SELECT NEW.id * 4 + 3, 'session', NEW.id, NEW.held_on, NEW.notes WHERE NEW.deleted_at IS NULL;
END;
CREATE TRIGGER search_sessions_delete AFTER DELETE ON sessions BEGIN
    DELETE FROM search_entries WHERE entry = OLD.id * 4 + 3;
END;

-- What the index already holds, less what was indexed deleted.
DELETE FROM search_index WHERE rowid IN (
    SELECT id * 4 + 1 FROM goals WHERE deleted_at IS NOT NULL
    UNION ALL SELECT id * 4 + 2 FROM milestones WHERE deleted_at IS NOT NULL
    UNION ALL SELECT id * 4 + 3 FROM sessions WHERE deleted_at IS NOT NULL
);
CREATE VIRTUAL TABLE temp.search_index_vocabulary USING fts5vocab (main, search_index, 'row');
INSERT INTO search_terms (term, entries)
SELECT term, doc FROM temp.search_index_vocabulary;
DROP TABLE temp.search_index_vocabulary;
