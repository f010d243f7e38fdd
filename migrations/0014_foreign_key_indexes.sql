-- Indexes for the foreign keys whose deletes had to read a whole table: deleting a
-- milestone read every action item (milestone_id ... ON DELETE SET NULL), deleting a goal
-- every 1:1's goal list, deleting a template every goal. At 10,000 mentees deleting a
-- mentee took a second and deleting a template 29 ms (see BENCHMARKS.md).
CREATE INDEX action_items_by_milestone ON action_items (milestone_id) WHERE milestone_id IS NOT NULL;
CREATE INDEX session_goals_by_goal ON session_goals (goal_id);
CREATE INDEX goals_by_template ON goals (template_id) WHERE template_id IS NOT NULL;
