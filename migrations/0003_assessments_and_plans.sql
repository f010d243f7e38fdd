-- Assessments (where someone stands), development plans (where they aim and how), goals
-- linked to competencies and themes, milestones, and the plan balance rules.

CREATE TABLE assessments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    mentee_id    INTEGER NOT NULL REFERENCES mentees (id) ON DELETE CASCADE,
    assessed_on  TEXT NOT NULL CHECK (date(assessed_on) = assessed_on),
    assessor     TEXT NOT NULL CHECK (assessor IN ('self', 'mentor')),
    notes        TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX assessments_by_mentee ON assessments (mentee_id, assessed_on DESC, id DESC);

CREATE TABLE assessment_ratings (
    assessment_id   INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    competency_key  TEXT NOT NULL REFERENCES competencies (key),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment         TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    PRIMARY KEY (assessment_id, competency_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE assessment_spectrums (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    spectrum_key   TEXT NOT NULL REFERENCES spectrums (key),
    position       INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    PRIMARY KEY (assessment_id, spectrum_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE plans (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    mentee_id       INTEGER NOT NULL REFERENCES mentees (id) ON DELETE CASCADE,
    title           TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    leader_type_id  INTEGER NOT NULL REFERENCES leader_types (id),
    role_track_key  TEXT NOT NULL REFERENCES role_tracks (key),
    starts_on       TEXT NOT NULL CHECK (date(starts_on) = starts_on),
    target_on       TEXT NOT NULL CHECK (date(target_on) = target_on AND target_on >= starts_on),
    status          TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'active', 'completed', 'abandoned')),
    -- Set while a deletion can still be undone; such rows are invisible to every query.
    deleted_at      TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX plans_by_mentee ON plans (mentee_id, deleted_at);
-- At most one active plan per mentee.
CREATE UNIQUE INDEX plans_one_active ON plans (mentee_id)
    WHERE status = 'active' AND deleted_at IS NULL;

CREATE TABLE plan_competency_targets (
    plan_id         INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    competency_key  TEXT NOT NULL REFERENCES competencies (key),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (plan_id, competency_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE plan_spectrum_targets (
    plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    spectrum_key  TEXT NOT NULL REFERENCES spectrums (key),
    position      INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    PRIMARY KEY (plan_id, spectrum_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE themes (
    key       TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL UNIQUE
) STRICT;

INSERT INTO themes (key, name, position) VALUES
('management', 'Management', 1),
('direction', 'Direction', 2),
('strategy', 'Strategy', 3),
('architecture', 'Architecture', 4),
('excellence', 'Excellence', 5),
('mentorship', 'Mentorship', 6),
('vision', 'Vision', 7),
('roadmap', 'Roadmap', 8),
('governance', 'Governance', 9),
('innovation', 'Innovation', 10);

CREATE TABLE goals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id      INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 160),
    description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    position     INTEGER NOT NULL,
    deleted_at   TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX goals_by_plan ON goals (plan_id, deleted_at, position);

CREATE TABLE goal_competencies (
    goal_id         INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    competency_key  TEXT NOT NULL REFERENCES competencies (key),
    PRIMARY KEY (goal_id, competency_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX goal_competencies_by_competency ON goal_competencies (competency_key);

CREATE TABLE goal_themes (
    goal_id    INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    theme_key  TEXT NOT NULL REFERENCES themes (key),
    PRIMARY KEY (goal_id, theme_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE milestones (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id       INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    title         TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 160),
    due_on        TEXT CHECK (due_on IS NULL OR date(due_on) = due_on),
    status        TEXT NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    completed_on  TEXT CHECK (completed_on IS NULL OR date(completed_on) = completed_on),
    evidence      TEXT NOT NULL DEFAULT '' CHECK (length(evidence) <= 20000),
    position      INTEGER NOT NULL,
    deleted_at    TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- A completion date belongs to done milestones only.
    CHECK ((status = 'done') = (completed_on IS NOT NULL))
) STRICT;
CREATE INDEX milestones_by_goal ON milestones (goal_id, deleted_at, position);
CREATE INDEX milestones_by_due ON milestones (status, due_on) WHERE deleted_at IS NULL;

CREATE TABLE milestone_links (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    milestone_id  INTEGER NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    url           TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    label         TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 200)
) STRICT;
CREATE INDEX milestone_links_by_milestone ON milestone_links (milestone_id);

-- The plan balance check: each anti-pattern becomes a rule over the competencies a
-- plan's goals cover. A rule fires when the goals cover at least one of its 'signal'
-- competencies and none of its 'missing' ones.
ALTER TABLE anti_patterns ADD COLUMN warning TEXT NOT NULL DEFAULT '';
ALTER TABLE anti_patterns ADD COLUMN advice TEXT NOT NULL DEFAULT '';

CREATE TABLE balance_rule_competencies (
    anti_pattern_key  TEXT NOT NULL REFERENCES anti_patterns (key),
    competency_key    TEXT NOT NULL REFERENCES competencies (key),
    role              TEXT NOT NULL CHECK (role IN ('signal', 'missing')),
    PRIMARY KEY (anti_pattern_key, competency_key)
) STRICT, WITHOUT ROWID;

UPDATE anti_patterns SET
  warning = 'The goals organise timelines and tracking but give no technical direction: this reads as a project manager''s plan.',
  advice = 'Add a goal on technical vision or on deepening technical expertise.'
WHERE key = 'project_manager';
UPDATE anti_patterns SET
  warning = 'The goals are about explaining and gathering needs, with nothing that builds technical judgement: this reads as a business analyst''s plan.',
  advice = 'Add a goal on technical expertise, problem solving or technical vision.'
WHERE key = 'business_analyst';
UPDATE anti_patterns SET
  warning = 'The goals are about solving problems hands-on, with no responsibility for people or direction: this reads as an individual contributor''s plan.',
  advice = 'Add a goal on team management, delegation, mentorship or vision.'
WHERE key = 'technical_contributor';
UPDATE anti_patterns SET
  warning = 'The goals lead people without growing the technical understanding to judge their work.',
  advice = 'Add a goal on technical expertise or hands-on problem solving.'
WHERE key = 'non_technical_leader';
UPDATE anti_patterns SET
  warning = 'The goals deepen expertise but never turn it into leadership: this reads as a technical expert''s plan.',
  advice = 'Add a goal on team management, mentorship or delegation.'
WHERE key = 'technical_expert';
UPDATE anti_patterns SET
  warning = 'The goals hand out and organise work without setting where it should go technically.',
  advice = 'Add a goal on technical vision or technical expertise.'
WHERE key = 'technical_coordinator';
UPDATE anti_patterns SET
  warning = 'The goals keep metrics and processes running without guiding the technology or the people behind them.',
  advice = 'Add a goal on technical vision or technical mentorship.'
WHERE key = 'technical_administrator';
UPDATE anti_patterns SET
  warning = 'The goals fix issues as they come, with no strategic direction behind the fixes.',
  advice = 'Add a goal on technical vision.'
WHERE key = 'technical_support_lead';
UPDATE anti_patterns SET
  warning = 'The goals build skill but not influence: nothing on communicating, mentoring, setting direction or leading a team.',
  advice = 'Add a goal on technical communication, mentorship, vision or team management.'
WHERE key = 'technical_resource';

INSERT INTO balance_rule_competencies (anti_pattern_key, competency_key, role) VALUES
('project_manager', 'project_oversight', 'signal'),
('project_manager', 'performance_monitoring', 'signal'),
('project_manager', 'technical_vision', 'missing'),
('project_manager', 'technical_expertise', 'missing'),
('business_analyst', 'technical_communication', 'signal'),
('business_analyst', 'technical_expertise', 'missing'),
('business_analyst', 'problem_solving', 'missing'),
('business_analyst', 'technical_vision', 'missing'),
('technical_contributor', 'problem_solving', 'signal'),
('technical_contributor', 'team_management', 'missing'),
('technical_contributor', 'task_delegation', 'missing'),
('technical_contributor', 'technical_mentorship', 'missing'),
('technical_contributor', 'technical_vision', 'missing'),
('non_technical_leader', 'team_management', 'signal'),
('non_technical_leader', 'technical_expertise', 'missing'),
('non_technical_leader', 'problem_solving', 'missing'),
('technical_expert', 'technical_expertise', 'signal'),
('technical_expert', 'team_management', 'missing'),
('technical_expert', 'technical_mentorship', 'missing'),
('technical_expert', 'task_delegation', 'missing'),
('technical_coordinator', 'task_delegation', 'signal'),
('technical_coordinator', 'technical_vision', 'missing'),
('technical_coordinator', 'technical_expertise', 'missing'),
('technical_administrator', 'performance_monitoring', 'signal'),
('technical_administrator', 'technical_vision', 'missing'),
('technical_administrator', 'technical_mentorship', 'missing'),
('technical_support_lead', 'problem_solving', 'signal'),
('technical_support_lead', 'technical_vision', 'missing'),
('technical_resource', 'technical_expertise', 'signal'),
('technical_resource', 'problem_solving', 'signal'),
('technical_resource', 'technical_communication', 'missing'),
('technical_resource', 'technical_mentorship', 'missing'),
('technical_resource', 'technical_vision', 'missing'),
('technical_resource', 'team_management', 'missing');
