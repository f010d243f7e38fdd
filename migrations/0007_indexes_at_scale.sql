-- Indexes for the screens that read across every mentee, measured on 10,000 mentees with
-- a million milestones (see BENCHMARKS.md).

-- The dashboard's overdue and upcoming lists: only open milestones, in due order, with the
-- goal at hand so the join needs no trip to the table for the rows it skips. It replaces
-- the index by status and due date, which nothing else read.
CREATE INDEX milestones_open_by_due ON milestones (due_on, goal_id)
    WHERE deleted_at IS NULL AND status IN ('planned', 'in_progress');
DROP INDEX milestones_by_due;

-- The mentee list's order (yourself first, then by name), so a page is read in order and
-- the reading stops at the page's end instead of sorting everyone.
CREATE INDEX mentees_in_list_order ON mentees (is_self DESC, name COLLATE NOCASE, id);

-- Search: the kind of each entry becomes a word the index can match, so a search for
-- goals never reads the entries of a million milestones to skip them. Same columns, so
-- the triggers of migration 6 keep it current.
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
    kind,
    ref_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'mentee', id, name, current_role || ' ' || notes FROM mentees;
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'goal', id, title, description FROM goals WHERE deleted_at IS NULL;
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'milestone', id, title, evidence FROM milestones WHERE deleted_at IS NULL;
INSERT INTO search_index (kind, ref_id, title, body)
SELECT 'session', id, held_on, notes FROM sessions WHERE deleted_at IS NULL;
