//! Names for the ids of built-in leader types, as migration 0002 ships them, for code
//! that picks one (the demo, tests); a test checks each name against the stored one.

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
