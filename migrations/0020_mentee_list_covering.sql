-- The mentee list, read from one index that holds everything it filters, sorts and
-- searches by. At 10,000 mentees the list looked each of them up in the table to test
-- `shared_by` and then sorted them all for a page of 100 (about 17 ms, see BENCHMARKS.md);
-- in this order a page is read in place and stops at its end, and its count and a search
-- as typed read only these narrow entries.
CREATE INDEX mentees_listed ON mentees (
    archived_at, shared_by, is_self DESC, name COLLATE NOCASE, id, current_role,
    target_leader_type_id
);
-- Its first column and name order, which nothing else reads.
DROP INDEX mentees_by_name;
