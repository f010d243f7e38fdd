-- The built-in catalogue: competencies, spectrums, leader types with their default
-- target profiles, role tracks and anti-patterns. Levels run 1 (novice) to 5 (role model);
-- spectrum positions run 1 (the low pole) to 5 (the high pole).

INSERT INTO competencies (key, name, category, description, position) VALUES
('technical_expertise', 'Technical Expertise', 'key_aspect',
 'Knows the technologies in play deeply enough that decisions rest on understanding, not on hearsay.', 1),
('technical_vision', 'Technical Vision', 'key_aspect',
 'Sets a technical direction and goals, makes the call when it matters, and sees where the field is heading.', 2),
('team_management', 'Team Management', 'key_aspect',
 'Builds a team, keeps it motivated and gets its people working with each other rather than beside each other.', 3),
('technical_communication', 'Technical Communication', 'key_aspect',
 'Explains technical matters clearly to engineers and to people who are not engineers alike.', 4),
('technical_mentorship', 'Technical Mentorship', 'key_aspect',
 'Guides others, shares what they know and makes learning a habit of the team.', 5),
('project_oversight', 'Project Oversight', 'core_responsibility',
 'Coordinates the work and keeps technical solutions aligned with what the project is for.', 6),
('problem_solving', 'Technical Problem Solving', 'core_responsibility',
 'Untangles the hard technical problems that surface while the work is being delivered.', 7),
('task_delegation', 'Task Delegation', 'core_responsibility',
 'Hands work to the people whose strengths fit it, and lets them own it.', 8),
('performance_monitoring', 'Performance Monitoring', 'core_responsibility',
 'Follows the indicators and milestones that show whether the work is on track.', 9);

INSERT INTO spectrums (key, name, low_pole, high_pole, description, position) VALUES
('scope_of_influence', 'Scope of influence', 'Project', 'Enterprise',
 'How far their decisions reach: one project, or the whole organisation''s technology.', 1),
('leadership_skill', 'Leadership skill', 'Unskilled', 'Skilled',
 'How practised they are at leading people; can also be read off the competency ratings.', 2),
('breadth_of_expertise', 'Breadth of expertise', 'Domain', 'Cross-Domain',
 'Whether their know-how lives in one domain or spans several.', 3),
('involvement', 'Involvement', 'Hands-On', 'Strategic',
 'How much of their time is spent building versus steering.', 4),
('focus', 'Focus', 'Implementation', 'Architecture',
 'Whether their attention goes to making things work or to how the pieces fit together.', 5),
('leadership_scope', 'Leadership scope', 'Team', 'Organization',
 'Whom they lead: one team, or groups across the organisation.', 6),
('expertise_breadth', 'Expertise breadth', 'Specialist', 'Generalist',
 'Whether they go deep in one speciality or cover many at working depth.', 7);

INSERT INTO leader_families (key, name, description, position) VALUES
('engineering', 'Engineering', 'Leaders of the engineering disciplines that build and run software.', 1),
('domain', 'Domain', 'Leaders anchored in one technical domain of a product.', 2),
('project', 'Project', 'Leaders defined by the kind of initiative they steer.', 3),
('platform', 'Platform', 'Leaders of the shared platforms other teams build upon.', 4),
('specialty', 'Specialty', 'Leaders of emerging or specialised technical fields.', 5);

INSERT INTO leader_types (id, family_key, name, description, built_in) VALUES
(1, 'engineering', 'Software Leader', 'Guides software development teams from design through delivery, keeping code quality and team health in step.', 1),
(2, 'engineering', 'Infrastructure Leader', 'Drives platform and infrastructure initiatives: capacity, reliability and the systems everything else runs on.', 1),
(3, 'engineering', 'DevOps Leader', 'Owns the path from commit to production: build, release and operations pipelines that teams trust.', 1),
(4, 'engineering', 'Security Leader', 'Protects the organisation''s technical assets and makes secure practice part of how every team works.', 1),
(5, 'domain', 'Frontend Leader', 'Leads user-interface development: the experience, its performance and the craft of the people building it.', 1),
(6, 'domain', 'Backend Leader', 'Shapes server-side system architecture: services, data flows and the contracts between them.', 1),
(7, 'domain', 'Data Leader', 'Steers analytics initiatives so that data becomes reliable insight the business can act on.', 1),
(8, 'domain', 'Mobile Leader', 'Leads app development for phones and tablets, balancing platform constraints with product ambition.', 1),
(9, 'project', 'Agile Leader', 'Keeps iterative development honest: short feedback loops, sustainable pace and teams that improve each cycle.', 1),
(10, 'project', 'Integration Leader', 'Connects systems that were never designed to meet, and keeps the connections dependable.', 1),
(11, 'project', 'Migration Leader', 'Moves systems from old to new without losing data, users or sleep: planning, rehearsing and cutting over.', 1),
(12, 'project', 'Innovation Leader', 'Runs technical exploration: trying new ideas quickly and turning the promising ones into products.', 1),
(13, 'platform', 'Cloud Leader', 'Leads cloud initiatives: architecture, cost and the move of workloads to managed platforms.', 1),
(14, 'platform', 'API Leader', 'Leads interface development: consistent, well-documented APIs that other teams enjoy using.', 1),
(15, 'platform', 'Database Leader', 'Owns data architecture: models, storage engines, and the integrity and performance of the data.', 1),
(16, 'platform', 'Network Leader', 'Leads connectivity: the networks, their capacity and their resilience.', 1),
(17, 'specialty', 'AI Leader', 'Leads artificial-intelligence work from research ideas to responsible production use.', 1),
(18, 'specialty', 'Blockchain Leader', 'Leads distributed-ledger systems, where trust, consensus and cryptography shape every decision.', 1),
(19, 'specialty', 'IoT Leader', 'Leads connected-device work that spans hardware, firmware, networks and cloud.', 1),
(20, 'specialty', 'ML Leader', 'Leads machine-learning programmes: data, models, evaluation and the pipelines that keep them honest.', 1);

-- Default target profiles, one row per type, in the catalogue's competency and spectrum order.
CREATE TEMP TABLE profile_seed (
    id INTEGER PRIMARY KEY,
    te INTEGER, tv INTEGER, tm INTEGER, tc INTEGER, tme INTEGER,
    po INTEGER, ps INTEGER, td INTEGER, pm INTEGER,
    s_scope INTEGER, s_skill INTEGER, s_breadth INTEGER, s_involve INTEGER,
    s_focus INTEGER, s_lscope INTEGER, s_ebreadth INTEGER
);

INSERT INTO profile_seed VALUES
( 1, 5,4,4,4,4, 3,5,4,3,  2,4,3,2,3,2,3),
( 2, 5,4,3,4,3, 4,5,3,4,  3,4,3,3,4,3,3),
( 3, 4,4,3,4,4, 3,5,3,5,  3,4,4,2,3,3,4),
( 4, 5,4,3,5,3, 3,5,3,4,  4,4,3,3,4,3,2),
( 5, 5,4,4,4,4, 3,4,3,3,  2,4,2,2,3,2,2),
( 6, 5,4,3,4,4, 3,5,3,3,  2,4,2,2,4,2,2),
( 7, 5,4,3,5,3, 3,4,3,4,  3,4,3,3,4,3,3),
( 8, 5,3,4,4,4, 3,4,3,3,  2,4,2,1,3,2,2),
( 9, 3,3,5,4,4, 5,3,5,5,  2,4,3,3,2,2,4),
(10, 4,4,3,5,3, 4,5,3,3,  3,4,4,3,4,3,4),
(11, 5,4,3,4,3, 5,5,4,4,  3,4,3,2,4,3,3),
(12, 4,5,3,5,4, 3,4,3,2,  4,4,4,3,4,3,4),
(13, 5,5,3,4,3, 3,4,3,4,  4,4,4,3,5,4,4),
(14, 5,4,3,5,4, 3,4,3,3,  3,4,3,2,4,3,3),
(15, 5,4,3,4,3, 3,5,3,4,  3,4,2,2,4,3,2),
(16, 5,3,3,4,3, 4,5,3,5,  3,4,2,3,3,3,2),
(17, 5,5,3,5,4, 3,4,3,3,  4,4,4,3,4,3,3),
(18, 5,4,3,5,3, 3,5,3,3,  3,4,3,2,5,2,2),
(19, 5,4,3,4,3, 4,5,3,4,  3,4,4,2,4,3,4),
(20, 5,4,3,5,4, 4,4,3,5,  3,4,3,2,4,3,3);

INSERT INTO leader_type_competency_targets (leader_type_id, competency_key, level)
          SELECT id, 'technical_expertise', te FROM profile_seed
UNION ALL SELECT id, 'technical_vision', tv FROM profile_seed
UNION ALL SELECT id, 'team_management', tm FROM profile_seed
UNION ALL SELECT id, 'technical_communication', tc FROM profile_seed
UNION ALL SELECT id, 'technical_mentorship', tme FROM profile_seed
UNION ALL SELECT id, 'project_oversight', po FROM profile_seed
UNION ALL SELECT id, 'problem_solving', ps FROM profile_seed
UNION ALL SELECT id, 'task_delegation', td FROM profile_seed
UNION ALL SELECT id, 'performance_monitoring', pm FROM profile_seed;

INSERT INTO leader_type_spectrum_targets (leader_type_id, spectrum_key, position)
          SELECT id, 'scope_of_influence', s_scope FROM profile_seed
UNION ALL SELECT id, 'leadership_skill', s_skill FROM profile_seed
UNION ALL SELECT id, 'breadth_of_expertise', s_breadth FROM profile_seed
UNION ALL SELECT id, 'involvement', s_involve FROM profile_seed
UNION ALL SELECT id, 'focus', s_focus FROM profile_seed
UNION ALL SELECT id, 'leadership_scope', s_lscope FROM profile_seed
UNION ALL SELECT id, 'expertise_breadth', s_ebreadth FROM profile_seed;

DROP TABLE profile_seed;

INSERT INTO role_tracks (key, name, description, position) VALUES
('tech_lead', 'Tech Lead', 'Leads one project or technical domain, close to the code, guiding the team hands-on.', 1),
('technical_leader', 'Technical Leader', 'Carries strategic initiatives that cut across several projects or teams.', 2),
('engineering_manager', 'Engineering Manager', 'Leads through people management and makes the engineering organisation run well.', 3);

INSERT INTO anti_pattern_groups (key, name, position) VALUES
('role', 'Role', 1),
('expertise', 'Expertise', 2),
('impact', 'Impact', 3);

INSERT INTO anti_patterns (key, group_key, name, description, position) VALUES
('project_manager', 'role', 'Project Manager',
 'Manages timelines and deliverables but gives no technical direction.', 1),
('business_analyst', 'role', 'Business Analyst',
 'Gathers and shapes requirements but offers no technical guidance on how to meet them.', 2),
('technical_contributor', 'role', 'Technical Contributor',
 'Implements solutions well but carries no leadership responsibility.', 3),
('non_technical_leader', 'expertise', 'Non-Technical Leader',
 'Leads people without the technical understanding to judge the work.', 4),
('technical_expert', 'expertise', 'Technical Expert',
 'Has deep expertise but does not lead: knowledge stays with one person.', 5),
('technical_coordinator', 'expertise', 'Technical Coordinator',
 'Organises the work and the meetings but sets no technical direction.', 6),
('technical_administrator', 'impact', 'Technical Administrator',
 'Keeps processes running without guiding the technology they serve.', 7),
('technical_support_lead', 'impact', 'Technical Support Lead',
 'Resolves issues as they arrive, with no strategic direction behind the fixes.', 8),
('technical_resource', 'impact', 'Technical Resource',
 'Contributes skill where asked but has no influence on where the team goes.', 9);
