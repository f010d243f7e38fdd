-- Live sync works on what changed, not on everything the person has: a sync round writes
-- into the documents only the records changed since the last one, and the count of changes
-- waiting for the server is kept as documents are written and confirmed, instead of being
-- counted again from every document (see BENCHMARKS.md, live sync at 10,000 mentees).
-- Triggers keep both, so every way a row changes (a form, a merged plan, an archive, sync
-- itself) is seen. While no server is paired they do nothing: pairing marks everything.

-- Mentees whose records (their plans, 1:1s, assessments, evidence…) changed since live sync
-- last wrote them into their documents. A mentee deleted meanwhile is simply dropped.
CREATE TABLE sync_changed (
    mentee_id  INTEGER PRIMARY KEY
) STRICT;

-- Whether the person's own document (their mentee list, leader types, goal templates and
-- the settings that follow them) needs writing again.
ALTER TABLE sync_server ADD COLUMN person_changed INTEGER NOT NULL DEFAULT 1
    CHECK (person_changed IN (0, 1));

-- Per live document, how many of the changes made here the server has not confirmed.
CREATE TABLE sync_waiting (
    doc      TEXT PRIMARY KEY CHECK (length(doc) BETWEEN 40 AND 60),
    changes  INTEGER NOT NULL CHECK (changes > 0)
) STRICT, WITHOUT ROWID;

-- A file already paired has every record written again once, by the rounds after this.
INSERT INTO sync_changed (mentee_id) SELECT id FROM mentees WHERE EXISTS (SELECT 1 FROM sync_server);

-- A mentee's row is in their plans' documents (name, global id) and, for the person's
-- own mentees, in the person document.
CREATE TRIGGER sync_mentees_added AFTER INSERT ON mentees
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id) VALUES (NEW.id)
    ON CONFLICT DO NOTHING;
    UPDATE sync_server SET person_changed = 1 WHERE NEW.shared_by IS NULL;
END;

CREATE TRIGGER sync_mentees_changed AFTER UPDATE ON mentees
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id) VALUES (NEW.id)
    ON CONFLICT DO NOTHING;
    UPDATE sync_server SET person_changed = 1
     WHERE OLD.shared_by IS NULL OR NEW.shared_by IS NULL;
END;

-- A deleted mentee's documents are no longer synced, so nothing of theirs waits.
CREATE TRIGGER sync_mentees_removed AFTER DELETE ON mentees BEGIN
    DELETE FROM sync_waiting WHERE doc = 'mentee/' || lower(OLD.uid);
    UPDATE sync_server SET person_changed = 1 WHERE OLD.shared_by IS NULL;
END;

CREATE TRIGGER sync_plans_gone AFTER DELETE ON plans BEGIN
    DELETE FROM sync_waiting
     WHERE doc IN ('plan/' || lower(OLD.uid), 'progress/' || lower(OLD.uid));
END;

-- A leader type's name and family are in the plans aimed at it; the person's own leader
-- types are in the person document.
CREATE TRIGGER sync_leader_types_added AFTER INSERT ON leader_types
  WHEN EXISTS (SELECT 1 FROM sync_server) AND NOT NEW.built_in BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_leader_types_changed AFTER UPDATE ON leader_types
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE leader_type_id IN (OLD.id, NEW.id)
    ON CONFLICT DO NOTHING;
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_leader_types_removed AFTER DELETE ON leader_types
  WHEN EXISTS (SELECT 1 FROM sync_server) AND NOT OLD.built_in BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

-- The rest mark the mentee a row belongs to, found through its parents, or the person.
-- A mark is added with ON CONFLICT DO NOTHING, not INSERT OR IGNORE: a trigger's OR clause
-- gives way to the statement that fired it, and an upsert there would make a second mark
-- of the same mentee fail.
CREATE TRIGGER sync_plans_added AFTER INSERT ON plans
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plans_changed AFTER UPDATE ON plans
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
     UNION SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plans_removed AFTER DELETE ON plans
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goals_added AFTER INSERT ON goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goals_changed AFTER UPDATE ON goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
     UNION SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goals_removed AFTER DELETE ON goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goal_competencies_added AFTER INSERT ON goal_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goal_competencies_changed AFTER UPDATE ON goal_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id
     UNION SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goal_competencies_removed AFTER DELETE ON goal_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goal_themes_added AFTER INSERT ON goal_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goal_themes_changed AFTER UPDATE ON goal_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id
     UNION SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_goal_themes_removed AFTER DELETE ON goal_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_milestones_added AFTER INSERT ON milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_milestones_changed AFTER UPDATE ON milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id
     UNION SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_milestones_removed AFTER DELETE ON milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_milestone_links_added AFTER INSERT ON milestone_links
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM milestones m JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id WHERE m.id = NEW.milestone_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_milestone_links_changed AFTER UPDATE ON milestone_links
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM milestones m JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id WHERE m.id = OLD.milestone_id
     UNION SELECT p.mentee_id FROM milestones m JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id WHERE m.id = NEW.milestone_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_milestone_links_removed AFTER DELETE ON milestone_links
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT p.mentee_id FROM milestones m JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id WHERE m.id = OLD.milestone_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_competency_targets_added AFTER INSERT ON plan_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_competency_targets_changed AFTER UPDATE ON plan_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
     UNION SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_competency_targets_removed AFTER DELETE ON plan_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_spectrum_targets_added AFTER INSERT ON plan_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_spectrum_targets_changed AFTER UPDATE ON plan_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
     UNION SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_spectrum_targets_removed AFTER DELETE ON plan_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_comments_added AFTER INSERT ON plan_comments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_comments_changed AFTER UPDATE ON plan_comments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
     UNION SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_comments_removed AFTER DELETE ON plan_comments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_topics_added AFTER INSERT ON plan_topics
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_topics_changed AFTER UPDATE ON plan_topics
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
     UNION SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_topics_removed AFTER DELETE ON plan_topics
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_shares_added AFTER INSERT ON plan_shares
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_shares_changed AFTER UPDATE ON plan_shares
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
     UNION SELECT mentee_id FROM plans WHERE id = NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_plan_shares_removed AFTER DELETE ON plan_shares
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM plans WHERE id = OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_evidence_added AFTER INSERT ON evidence
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_evidence_changed AFTER UPDATE ON evidence
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
     UNION SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_evidence_removed AFTER DELETE ON evidence
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_evidence_competencies_added AFTER INSERT ON evidence_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM evidence WHERE id = NEW.evidence_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_evidence_competencies_changed AFTER UPDATE ON evidence_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM evidence WHERE id = OLD.evidence_id
     UNION SELECT mentee_id FROM evidence WHERE id = NEW.evidence_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_evidence_competencies_removed AFTER DELETE ON evidence_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM evidence WHERE id = OLD.evidence_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_sessions_added AFTER INSERT ON sessions
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_sessions_changed AFTER UPDATE ON sessions
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
     UNION SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_sessions_removed AFTER DELETE ON sessions
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_session_goals_added AFTER INSERT ON session_goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = NEW.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_session_goals_changed AFTER UPDATE ON session_goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = OLD.session_id
     UNION SELECT mentee_id FROM sessions WHERE id = NEW.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_session_goals_removed AFTER DELETE ON session_goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = OLD.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_session_agenda_added AFTER INSERT ON session_agenda
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = NEW.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_session_agenda_changed AFTER UPDATE ON session_agenda
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = OLD.session_id
     UNION SELECT mentee_id FROM sessions WHERE id = NEW.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_session_agenda_removed AFTER DELETE ON session_agenda
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = OLD.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_action_items_added AFTER INSERT ON action_items
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = NEW.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_action_items_changed AFTER UPDATE ON action_items
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = OLD.session_id
     UNION SELECT mentee_id FROM sessions WHERE id = NEW.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_action_items_removed AFTER DELETE ON action_items
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM sessions WHERE id = OLD.session_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessments_added AFTER INSERT ON assessments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessments_changed AFTER UPDATE ON assessments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
     UNION SELECT NEW.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessments_removed AFTER DELETE ON assessments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessment_ratings_added AFTER INSERT ON assessment_ratings
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM assessments WHERE id = NEW.assessment_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessment_ratings_changed AFTER UPDATE ON assessment_ratings
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM assessments WHERE id = OLD.assessment_id
     UNION SELECT mentee_id FROM assessments WHERE id = NEW.assessment_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessment_ratings_removed AFTER DELETE ON assessment_ratings
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM assessments WHERE id = OLD.assessment_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessment_spectrums_added AFTER INSERT ON assessment_spectrums
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM assessments WHERE id = NEW.assessment_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessment_spectrums_changed AFTER UPDATE ON assessment_spectrums
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM assessments WHERE id = OLD.assessment_id
     UNION SELECT mentee_id FROM assessments WHERE id = NEW.assessment_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_assessment_spectrums_removed AFTER DELETE ON assessment_spectrums
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM assessments WHERE id = OLD.assessment_id
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER sync_leader_type_competency_targets_added AFTER INSERT ON leader_type_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_leader_type_competency_targets_changed AFTER UPDATE ON leader_type_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_leader_type_competency_targets_removed AFTER DELETE ON leader_type_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_leader_type_spectrum_targets_added AFTER INSERT ON leader_type_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_leader_type_spectrum_targets_changed AFTER UPDATE ON leader_type_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_leader_type_spectrum_targets_removed AFTER DELETE ON leader_type_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_templates_added AFTER INSERT ON goal_templates
  WHEN EXISTS (SELECT 1 FROM sync_server) AND NOT NEW.built_in BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_templates_changed AFTER UPDATE ON goal_templates
  WHEN EXISTS (SELECT 1 FROM sync_server) AND ((NOT OLD.built_in) OR (NOT NEW.built_in)) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_templates_removed AFTER DELETE ON goal_templates
  WHEN EXISTS (SELECT 1 FROM sync_server) AND NOT OLD.built_in BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_competencies_added AFTER INSERT ON goal_template_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_competencies_changed AFTER UPDATE ON goal_template_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_competencies_removed AFTER DELETE ON goal_template_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_themes_added AFTER INSERT ON goal_template_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_themes_changed AFTER UPDATE ON goal_template_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_themes_removed AFTER DELETE ON goal_template_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_milestones_added AFTER INSERT ON goal_template_milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_milestones_changed AFTER UPDATE ON goal_template_milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_goal_template_milestones_removed AFTER DELETE ON goal_template_milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_settings_added AFTER INSERT ON settings
  WHEN EXISTS (SELECT 1 FROM sync_server) AND NEW.key IN ('not_seen_days', 'mentor_name') BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_settings_changed AFTER UPDATE ON settings
  WHEN EXISTS (SELECT 1 FROM sync_server) AND ((OLD.key IN ('not_seen_days', 'mentor_name')) OR (NEW.key IN ('not_seen_days', 'mentor_name'))) BEGIN
    UPDATE sync_server SET person_changed = 1;
END;

CREATE TRIGGER sync_settings_removed AFTER DELETE ON settings
  WHEN EXISTS (SELECT 1 FROM sync_server) AND OLD.key IN ('not_seen_days', 'mentor_name') BEGIN
    UPDATE sync_server SET person_changed = 1;
END;
