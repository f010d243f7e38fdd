-- Indexes for the screens that read across every mentee, measured on 10,000 mentees with
-- a million milestones (see BENCHMARKS.md).

-- The dashboard's overdue and upcoming lists: only open milestones, in due order, with the
-- goal at hand so the join needs no trip to the table for the rows it skips.
CREATE INDEX milestones_open_by_due ON milestones (due_on, goal_id)
    WHERE deleted_at IS NULL AND status IN ('planned', 'in_progress');

-- The mentee list's order (yourself first, then by name), so a page is read in order and
-- the reading stops at the page's end instead of sorting everyone.
CREATE INDEX mentees_in_list_order ON mentees (is_self DESC, name COLLATE NOCASE, id);
