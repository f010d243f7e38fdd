-- The person's own document (their mentee list, leader types, goal templates and the
-- settings that follow them) is written record by record, like everything else live sync
-- writes: at 10,000 mentees it holds 10,000 records, and writing, reading and saving it
-- whole after every edit held the data file for a fifth of a second (BENCHMARKS.md).

-- Own mentees whose record in the person document needs writing again (or removing), by
-- global id. A mentee without one yet gets it, and so a mark, from the next sync round.
CREATE TABLE sync_person_mentees (
    uid  TEXT PRIMARY KEY CHECK (length(uid) = 36)
) STRICT, WITHOUT ROWID;

-- Own mentees still without a global id, found at once by the round that gives them one.
CREATE INDEX mentees_without_uid ON mentees (id) WHERE uid IS NULL AND shared_by IS NULL;

-- sync_server.person_changed now stands for the leader types, goal templates and settings
-- of the person document, a few records at most; mentees are marked above. A mark needs
-- the row's change to be seen while paired, so after pairing (again) and after this
-- upgrade the next round also removes from the document every mentee it holds whose row
-- is gone: one deleted while sync was paused under the last version, or while unpaired.
ALTER TABLE sync_server ADD COLUMN person_unchecked INTEGER NOT NULL DEFAULT 1
    CHECK (person_unchecked IN (0, 1));

-- Where each of the person's documents stood when saved, so a copy kept in memory between
-- rounds is known to be current without reading it again; and the changes saved since the
-- whole document last was, so a save writes only what is new.
ALTER TABLE owned_documents ADD COLUMN heads BLOB;
CREATE TABLE owned_document_changes (
    doc    TEXT NOT NULL REFERENCES owned_documents (doc) ON DELETE CASCADE,
    seq    INTEGER NOT NULL CHECK (seq > 0),
    bytes  BLOB NOT NULL,
    PRIMARY KEY (doc, seq)
) STRICT;

DROP TRIGGER sync_mentees_added;
CREATE TRIGGER sync_mentees_added AFTER INSERT ON mentees
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id) VALUES (NEW.id)
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_person_mentees (uid)
    SELECT NEW.uid WHERE NEW.shared_by IS NULL AND NEW.uid IS NOT NULL
    ON CONFLICT DO NOTHING;
END;

-- A mentee's plans and own document carry their name, global id and whose they are; the
-- rest of their row (role, notes, types, rhythm…) is in their person-document record only,
-- so an edit there writes that record and nothing else. A new global id is a record gone
-- under the old one and made under the new.
DROP TRIGGER sync_mentees_changed;
CREATE TRIGGER sync_mentees_changed AFTER UPDATE ON mentees
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT NEW.id
     WHERE OLD.name IS NOT NEW.name OR OLD.uid IS NOT NEW.uid
        OR OLD.shared_by IS NOT NEW.shared_by
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_person_mentees (uid)
    SELECT OLD.uid WHERE OLD.shared_by IS NULL AND OLD.uid IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_person_mentees (uid)
    SELECT NEW.uid WHERE NEW.shared_by IS NULL AND NEW.uid IS NOT NULL
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_mentees_removed;
CREATE TRIGGER sync_mentees_removed AFTER DELETE ON mentees BEGIN
    DELETE FROM sync_waiting WHERE doc = 'mentee/' || lower(OLD.uid);
    INSERT INTO sync_person_mentees (uid)
    SELECT OLD.uid
     WHERE OLD.shared_by IS NULL AND OLD.uid IS NOT NULL AND EXISTS (SELECT 1 FROM sync_server)
    ON CONFLICT DO NOTHING;
END;

-- A mentee's record names their current and target leader types.
DROP TRIGGER sync_leader_types_changed;
CREATE TRIGGER sync_leader_types_changed AFTER UPDATE ON leader_types
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE leader_type_id IN (OLD.id, NEW.id)
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_person_mentees (uid)
    SELECT uid FROM mentees
     WHERE (current_leader_type_id IN (OLD.id, NEW.id) OR target_leader_type_id IN (OLD.id, NEW.id))
       AND shared_by IS NULL AND uid IS NOT NULL
    ON CONFLICT DO NOTHING;
    UPDATE sync_server SET person_changed = 1;
END;

-- A file paired with edits to its mentees not yet written has every one of their records
-- written again (and, as above, those of mentees deleted meanwhile removed).
INSERT INTO sync_person_mentees (uid)
SELECT uid FROM mentees
 WHERE shared_by IS NULL AND uid IS NOT NULL
   AND EXISTS (SELECT 1 FROM sync_server WHERE person_changed = 1);
