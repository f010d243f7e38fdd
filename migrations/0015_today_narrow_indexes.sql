-- Narrow copies of what Today's lists read on their way from a milestone to its goal, plan
-- and mentee. Counting overdue milestones up to "1,000+" looked a thousand goals, plans
-- and mentees up in their tables; at 10,000 mentees the goals alone fill some 4,000 pages,
-- many times SQLite's page cache, so nearly every lookup read a page again (see
-- BENCHMARKS.md). These hold only the columns those joins read, live rows only, in a few
-- hundred pages that stay in the cache. The dashboard names them (INDEXED BY).
CREATE INDEX goals_live_by_id ON goals (id, plan_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX plans_active_by_id ON plans (id, mentee_id, status, deleted_at)
    WHERE status = 'active' AND deleted_at IS NULL;
CREATE INDEX mentees_current_by_id ON mentees (id, is_self, shared_by, name, archived_at)
    WHERE archived_at IS NULL;
