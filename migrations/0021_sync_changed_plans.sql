-- Live sync marks a plan whose own rows changed, not the whole mentee: a mark per mentee
-- wrote every plan of theirs again in one round, and a milestone edit for someone with a
-- hundred plans held the data file for over a third of a second (BENCHMARKS.md, the
-- round after an edit of mentee B). A round now writes one plan at a time and stops
-- between two when its time is up.

-- Plans whose documents need writing again. A plan deleted meanwhile is simply dropped.
CREATE TABLE sync_changed_plans (
    plan_id  INTEGER PRIMARY KEY
) STRICT;

-- sync_changed keeps the mentees whose own records (assessments, 1:1s, evidence on no
-- plan) or name changed: their own document is written again, and every plan of theirs
-- too, as a plan's progress carries the 1:1s and assessments it shares. A share's
-- settings say which of those travel, so a share still marks its mentee.

-- Pending marks of the last version meant every plan of the mentee.
INSERT INTO sync_changed_plans (plan_id)
SELECT p.id FROM plans p JOIN sync_changed c ON c.mentee_id = p.mentee_id;

DROP TRIGGER sync_plans_added;
CREATE TRIGGER sync_plans_added AFTER INSERT ON plans
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id) VALUES (NEW.id)
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plans_changed;
CREATE TRIGGER sync_plans_changed AFTER UPDATE ON plans
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id) VALUES (NEW.id)
    ON CONFLICT DO NOTHING;
END;

-- A plan's head names the leader type it aims at.
DROP TRIGGER sync_leader_types_changed;
CREATE TRIGGER sync_leader_types_changed AFTER UPDATE ON leader_types
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT id FROM plans WHERE leader_type_id IN (OLD.id, NEW.id)
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_person_mentees (uid)
    SELECT uid FROM mentees
     WHERE (current_leader_type_id IN (OLD.id, NEW.id) OR target_leader_type_id IN (OLD.id, NEW.id))
       AND shared_by IS NULL AND uid IS NOT NULL
    ON CONFLICT DO NOTHING;
    UPDATE sync_server SET person_changed = 1;
END;

-- The rows of one plan mark that plan, found through their parents.
DROP TRIGGER sync_goals_added;
CREATE TRIGGER sync_goals_added AFTER INSERT ON goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goals_changed;
CREATE TRIGGER sync_goals_changed AFTER UPDATE ON goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
     UNION SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goals_removed;
CREATE TRIGGER sync_goals_removed AFTER DELETE ON goals
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goal_competencies_added;
CREATE TRIGGER sync_goal_competencies_added AFTER INSERT ON goal_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goal_competencies_changed;
CREATE TRIGGER sync_goal_competencies_changed AFTER UPDATE ON goal_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = OLD.goal_id
     UNION SELECT plan_id FROM goals WHERE id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goal_competencies_removed;
CREATE TRIGGER sync_goal_competencies_removed AFTER DELETE ON goal_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = OLD.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goal_themes_added;
CREATE TRIGGER sync_goal_themes_added AFTER INSERT ON goal_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goal_themes_changed;
CREATE TRIGGER sync_goal_themes_changed AFTER UPDATE ON goal_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = OLD.goal_id
     UNION SELECT plan_id FROM goals WHERE id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_goal_themes_removed;
CREATE TRIGGER sync_goal_themes_removed AFTER DELETE ON goal_themes
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = OLD.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_milestones_added;
CREATE TRIGGER sync_milestones_added AFTER INSERT ON milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_milestones_changed;
CREATE TRIGGER sync_milestones_changed AFTER UPDATE ON milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = OLD.goal_id
     UNION SELECT plan_id FROM goals WHERE id = NEW.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_milestones_removed;
CREATE TRIGGER sync_milestones_removed AFTER DELETE ON milestones
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM goals WHERE id = OLD.goal_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_milestone_links_added;
CREATE TRIGGER sync_milestone_links_added AFTER INSERT ON milestone_links
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE m.id = NEW.milestone_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_milestone_links_changed;
CREATE TRIGGER sync_milestone_links_changed AFTER UPDATE ON milestone_links
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE m.id = OLD.milestone_id
     UNION SELECT g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE m.id = NEW.milestone_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_milestone_links_removed;
CREATE TRIGGER sync_milestone_links_removed AFTER DELETE ON milestone_links
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE m.id = OLD.milestone_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_competency_targets_added;
CREATE TRIGGER sync_plan_competency_targets_added AFTER INSERT ON plan_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_competency_targets_changed;
CREATE TRIGGER sync_plan_competency_targets_changed AFTER UPDATE ON plan_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
     UNION SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_competency_targets_removed;
CREATE TRIGGER sync_plan_competency_targets_removed AFTER DELETE ON plan_competency_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_spectrum_targets_added;
CREATE TRIGGER sync_plan_spectrum_targets_added AFTER INSERT ON plan_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_spectrum_targets_changed;
CREATE TRIGGER sync_plan_spectrum_targets_changed AFTER UPDATE ON plan_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
     UNION SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_spectrum_targets_removed;
CREATE TRIGGER sync_plan_spectrum_targets_removed AFTER DELETE ON plan_spectrum_targets
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_comments_added;
CREATE TRIGGER sync_plan_comments_added AFTER INSERT ON plan_comments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_comments_changed;
CREATE TRIGGER sync_plan_comments_changed AFTER UPDATE ON plan_comments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
     UNION SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_comments_removed;
CREATE TRIGGER sync_plan_comments_removed AFTER DELETE ON plan_comments
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_topics_added;
CREATE TRIGGER sync_plan_topics_added AFTER INSERT ON plan_topics
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_topics_changed;
CREATE TRIGGER sync_plan_topics_changed AFTER UPDATE ON plan_topics
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
     UNION SELECT NEW.plan_id
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_plan_topics_removed;
CREATE TRIGGER sync_plan_topics_removed AFTER DELETE ON plan_topics
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id
    ON CONFLICT DO NOTHING;
END;

-- Evidence on a plan travels in that plan's progress; evidence on none, in its mentee's
-- own document.
DROP TRIGGER sync_evidence_added;
CREATE TRIGGER sync_evidence_added AFTER INSERT ON evidence
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT NEW.plan_id WHERE NEW.plan_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_changed (mentee_id)
    SELECT NEW.mentee_id WHERE NEW.plan_id IS NULL
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_evidence_changed;
CREATE TRIGGER sync_evidence_changed AFTER UPDATE ON evidence
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id WHERE OLD.plan_id IS NOT NULL
     UNION SELECT NEW.plan_id WHERE NEW.plan_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id WHERE OLD.plan_id IS NULL
     UNION SELECT NEW.mentee_id WHERE NEW.plan_id IS NULL
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_evidence_removed;
CREATE TRIGGER sync_evidence_removed AFTER DELETE ON evidence
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT OLD.plan_id WHERE OLD.plan_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_changed (mentee_id)
    SELECT OLD.mentee_id WHERE OLD.plan_id IS NULL
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_evidence_competencies_added;
CREATE TRIGGER sync_evidence_competencies_added AFTER INSERT ON evidence_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM evidence WHERE id = NEW.evidence_id AND plan_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM evidence WHERE id = NEW.evidence_id AND plan_id IS NULL
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_evidence_competencies_changed;
CREATE TRIGGER sync_evidence_competencies_changed AFTER UPDATE ON evidence_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM evidence WHERE id = OLD.evidence_id AND plan_id IS NOT NULL
     UNION SELECT plan_id FROM evidence WHERE id = NEW.evidence_id AND plan_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM evidence WHERE id = OLD.evidence_id AND plan_id IS NULL
     UNION SELECT mentee_id FROM evidence WHERE id = NEW.evidence_id AND plan_id IS NULL
    ON CONFLICT DO NOTHING;
END;

DROP TRIGGER sync_evidence_competencies_removed;
CREATE TRIGGER sync_evidence_competencies_removed AFTER DELETE ON evidence_competencies
  WHEN EXISTS (SELECT 1 FROM sync_server) BEGIN
    INSERT INTO sync_changed_plans (plan_id)
    SELECT plan_id FROM evidence WHERE id = OLD.evidence_id AND plan_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO sync_changed (mentee_id)
    SELECT mentee_id FROM evidence WHERE id = OLD.evidence_id AND plan_id IS NULL
    ON CONFLICT DO NOTHING;
END;
