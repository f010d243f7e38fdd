-- What Today derives across every mentee, kept current as rows change, so the screen reads
-- only what it shows (one frame at 10,000 mentees; see BENCHMARKS.md). Triggers keep it,
-- so every way a row arrives (a form, a merged plan, live sync, an archive) keeps it too.
-- Neither table travels in an archive: both are rebuilt from the rows they summarise.

-- The competencies a plan's live goals cover, each once, comma-separated, and whether the
-- balance check's rules find the plan drifting into a look-alike role: a rule fires when
-- the goals cover one of its signal competencies and none of its missing ones.
CREATE TABLE plan_coverage (
    plan_id       INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
    competencies  TEXT NOT NULL,
    drifting      INTEGER NOT NULL CHECK (drifting IN (0, 1))
) STRICT;
CREATE INDEX plan_coverage_drifting ON plan_coverage (plan_id) WHERE drifting;

-- Each plan's coverage as its rows now stand: what the triggers below copy in.
CREATE VIEW plan_coverage_now AS
SELECT p.id AS plan_id,
       coalesce((SELECT group_concat(key) FROM (
           SELECT DISTINCT gc.competency_key AS key FROM goals g
             JOIN goal_competencies gc ON gc.goal_id = g.id
            WHERE g.plan_id = p.id AND g.deleted_at IS NULL)), '') AS competencies
  FROM plans p;

-- Whether a plan drifts is judged from its stored coverage whenever that is written.
CREATE TRIGGER plan_coverage_judged AFTER UPDATE OF competencies ON plan_coverage BEGIN
    UPDATE plan_coverage SET drifting = EXISTS (
        SELECT 1 FROM anti_patterns a
         WHERE EXISTS (SELECT 1 FROM balance_rule_competencies r
                        WHERE r.anti_pattern_key = a.key AND r.role = 'signal'
                          AND instr(',' || NEW.competencies || ',', ',' || r.competency_key || ','))
           AND NOT EXISTS (SELECT 1 FROM balance_rule_competencies r
                            WHERE r.anti_pattern_key = a.key AND r.role = 'missing'
                              AND instr(',' || NEW.competencies || ',', ',' || r.competency_key || ',')))
     WHERE plan_id = NEW.plan_id;
END;

-- The day of each mentee's latest 1:1, NULL before the first: "not seen lately" and the
-- 1:1s due by cadence read it instead of every mentee's 1:1s.
CREATE TABLE mentee_last_session (
    mentee_id  INTEGER PRIMARY KEY REFERENCES mentees (id) ON DELETE CASCADE,
    held_on    TEXT
) STRICT;
CREATE INDEX mentee_last_session_by_day ON mentee_last_session (held_on, mentee_id);

-- Every plan has its row from here on (the trigger on plans below adds new ones), so the
-- triggers only ever update it.
INSERT INTO plan_coverage (plan_id, competencies, drifting) SELECT id, '', 0 FROM plans;
UPDATE plan_coverage
   SET competencies = (SELECT competencies FROM plan_coverage_now n
                        WHERE n.plan_id = plan_coverage.plan_id);

INSERT INTO mentee_last_session (mentee_id, held_on)
SELECT m.id, (SELECT max(s.held_on) FROM sessions s
               WHERE s.mentee_id = m.id AND s.deleted_at IS NULL)
  FROM mentees m;

-- Each trigger below recomputes one plan's coverage or one mentee's last 1:1 from the
-- rows as they now stand, which stays right whatever order a cascade deletes rows in.
CREATE TRIGGER plan_coverage_new_plan AFTER INSERT ON plans BEGIN
    INSERT INTO plan_coverage (plan_id, competencies, drifting) VALUES (NEW.id, '', 0);
END;

CREATE TRIGGER plan_coverage_competency_added AFTER INSERT ON goal_competencies BEGIN
    UPDATE plan_coverage
       SET competencies = (SELECT competencies FROM plan_coverage_now n
                            WHERE n.plan_id = plan_coverage.plan_id)
     WHERE plan_id = (SELECT plan_id FROM goals WHERE id = NEW.goal_id);
END;

CREATE TRIGGER plan_coverage_competency_removed AFTER DELETE ON goal_competencies BEGIN
    UPDATE plan_coverage
       SET competencies = (SELECT competencies FROM plan_coverage_now n
                            WHERE n.plan_id = plan_coverage.plan_id)
     WHERE plan_id = (SELECT plan_id FROM goals WHERE id = OLD.goal_id);
END;

-- A goal deleted or restored, or moved to another plan, changes both plans it touches.
CREATE TRIGGER plan_coverage_goal_changed AFTER UPDATE OF plan_id, deleted_at ON goals BEGIN
    UPDATE plan_coverage
       SET competencies = (SELECT competencies FROM plan_coverage_now n
                            WHERE n.plan_id = plan_coverage.plan_id)
     WHERE plan_id IN (OLD.plan_id, NEW.plan_id);
END;

CREATE TRIGGER plan_coverage_goal_removed AFTER DELETE ON goals BEGIN
    UPDATE plan_coverage
       SET competencies = (SELECT competencies FROM plan_coverage_now n
                            WHERE n.plan_id = plan_coverage.plan_id)
     WHERE plan_id = OLD.plan_id;
END;

CREATE TRIGGER last_session_new_mentee AFTER INSERT ON mentees BEGIN
    INSERT INTO mentee_last_session (mentee_id, held_on) VALUES (NEW.id, NULL);
END;

CREATE TRIGGER last_session_added AFTER INSERT ON sessions BEGIN
    UPDATE mentee_last_session
       SET held_on = (SELECT max(held_on) FROM sessions
                       WHERE mentee_id = NEW.mentee_id AND deleted_at IS NULL)
     WHERE mentee_id = NEW.mentee_id;
END;

CREATE TRIGGER last_session_changed AFTER UPDATE OF mentee_id, held_on, deleted_at ON sessions BEGIN
    UPDATE mentee_last_session
       SET held_on = (SELECT max(s.held_on) FROM sessions s
                       WHERE s.mentee_id = mentee_last_session.mentee_id
                         AND s.deleted_at IS NULL)
     WHERE mentee_id IN (OLD.mentee_id, NEW.mentee_id);
END;

CREATE TRIGGER last_session_removed AFTER DELETE ON sessions BEGIN
    UPDATE mentee_last_session
       SET held_on = (SELECT max(held_on) FROM sessions
                       WHERE mentee_id = OLD.mentee_id AND deleted_at IS NULL)
     WHERE mentee_id = OLD.mentee_id;
END;
