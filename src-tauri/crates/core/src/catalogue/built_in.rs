//! Names for the ids of built-in leader types (migration 0002) and of the goal templates
//! the demo picks (migration 0004), for code that chooses one by id; tests check each name
//! against the stored one.

pub const SOFTWARE_LEADER: i64 = 1;
pub const INFRASTRUCTURE_LEADER: i64 = 2;
pub const DEVOPS_LEADER: i64 = 3;
pub const SECURITY_LEADER: i64 = 4;
pub const FRONTEND_LEADER: i64 = 5;
pub const BACKEND_LEADER: i64 = 6;
pub const DATA_LEADER: i64 = 7;
pub const MOBILE_LEADER: i64 = 8;
pub const AGILE_LEADER: i64 = 9;
pub const INTEGRATION_LEADER: i64 = 10;
pub const MIGRATION_LEADER: i64 = 11;
pub const INNOVATION_LEADER: i64 = 12;
pub const CLOUD_LEADER: i64 = 13;
pub const API_LEADER: i64 = 14;
pub const DATABASE_LEADER: i64 = 15;
pub const NETWORK_LEADER: i64 = 16;
pub const AI_LEADER: i64 = 17;
pub const BLOCKCHAIN_LEADER: i64 = 18;
pub const IOT_LEADER: i64 = 19;
pub const ML_LEADER: i64 = 20;

/// Each name above with the leader type it stands for, in id order.
pub const LEADER_TYPES: [(i64, &str); 20] = [
    (SOFTWARE_LEADER, "Software Leader"),
    (INFRASTRUCTURE_LEADER, "Infrastructure Leader"),
    (DEVOPS_LEADER, "DevOps Leader"),
    (SECURITY_LEADER, "Security Leader"),
    (FRONTEND_LEADER, "Frontend Leader"),
    (BACKEND_LEADER, "Backend Leader"),
    (DATA_LEADER, "Data Leader"),
    (MOBILE_LEADER, "Mobile Leader"),
    (AGILE_LEADER, "Agile Leader"),
    (INTEGRATION_LEADER, "Integration Leader"),
    (MIGRATION_LEADER, "Migration Leader"),
    (INNOVATION_LEADER, "Innovation Leader"),
    (CLOUD_LEADER, "Cloud Leader"),
    (API_LEADER, "API Leader"),
    (DATABASE_LEADER, "Database Leader"),
    (NETWORK_LEADER, "Network Leader"),
    (AI_LEADER, "AI Leader"),
    (BLOCKCHAIN_LEADER, "Blockchain Leader"),
    (IOT_LEADER, "IoT Leader"),
    (ML_LEADER, "ML Leader"),
];

pub const HARDEST_COMPONENT: i64 = 1;
pub const TWO_YEAR_VISION: i64 = 4;
pub const QUARTERLY_ROADMAP: i64 = 5;
pub const REGULAR_ONE_TO_ONES: i64 = 7;
pub const RETROSPECTIVES: i64 = 8;
pub const EXPLAIN_TO_NON_ENGINEERS: i64 = 10;
pub const DECISION_RECORDS: i64 = 11;
pub const MENTOR_A_JUNIOR: i64 = 13;
pub const ALIGN_WITH_GOALS: i64 = 16;
pub const UNTANGLE_A_PROBLEM: i64 = 19;
pub const DELEGATE_OWN_WORK: i64 = 22;
pub const KEY_INDICATORS: i64 = 25;

/// Each goal template name above with the title it stands for, in id order.
pub const GOAL_TEMPLATES: [(i64, &str); 12] = [
    (
        HARDEST_COMPONENT,
        "Go deep in the system's hardest component",
    ),
    (TWO_YEAR_VISION, "Write a two-year technical vision"),
    (
        QUARTERLY_ROADMAP,
        "Turn the vision into a quarterly roadmap",
    ),
    (
        REGULAR_ONE_TO_ONES,
        "Hold regular one-to-ones with every team member",
    ),
    (
        RETROSPECTIVES,
        "Run team retrospectives that lead to change",
    ),
    (
        EXPLAIN_TO_NON_ENGINEERS,
        "Explain a technical decision to non-engineers",
    ),
    (DECISION_RECORDS, "Write architecture decision records"),
    (MENTOR_A_JUNIOR, "Mentor a junior engineer for a quarter"),
    (
        ALIGN_WITH_GOALS,
        "Align a project's technical plan with its goals",
    ),
    (
        UNTANGLE_A_PROBLEM,
        "Untangle a long-standing technical problem",
    ),
    (
        DELEGATE_OWN_WORK,
        "Delegate a piece of work you would normally do yourself",
    ),
    (KEY_INDICATORS, "Define and track the team's key indicators"),
];
