// Fixtures for component tests: a small catalogue shaped like the real one, and a mentee.
import type { Mentee } from "../lib/bindings/Mentee";
import type { Catalogue } from "../lib/bindings/Catalogue";
import type { SyncStatus } from "../lib/bindings/SyncStatus";

export const catalogue: Catalogue = {
  competencies: [
    {
      key: "technical_expertise",
      name: "Technical Expertise",
      category: "key_aspect",
      description: "Knows the stack.",
    },
    { key: "team_management", name: "Team Management", category: "key_aspect", description: "Builds teams." },
    {
      key: "task_delegation",
      name: "Task Delegation",
      category: "core_responsibility",
      description: "Hands work out.",
    },
  ],
  spectrums: [
    {
      key: "involvement",
      name: "Involvement",
      lowPole: "Hands-On",
      highPole: "Strategic",
      description: "Build or steer.",
    },
  ],
  families: [
    { key: "engineering", name: "Engineering", description: "Builders." },
    { key: "platform", name: "Platform", description: "Shared platforms." },
  ],
  leaderTypes: [
    {
      id: 1,
      familyKey: "engineering",
      name: "Software Leader",
      description: "Guides software teams.",
      builtIn: true,
      profile: {
        competencies: [
          { competencyKey: "technical_expertise", level: 5 },
          { competencyKey: "team_management", level: 4 },
          { competencyKey: "task_delegation", level: 3 },
        ],
        spectrums: [{ spectrumKey: "involvement", position: 2 }],
      },
    },
    {
      id: 13,
      familyKey: "platform",
      name: "Cloud Leader",
      description: "Leads cloud work.",
      builtIn: true,
      profile: { competencies: [], spectrums: [] },
    },
  ],
  roleTracks: [
    { key: "tech_lead", name: "Tech Lead", description: "One project, hands-on." },
    { key: "engineering_manager", name: "Engineering Manager", description: "People first." },
  ],
  antiPatternGroups: [{ key: "role", name: "Role" }],
  antiPatterns: [{ key: "project_manager", groupKey: "role", name: "Project Manager", description: "Timelines only." }],
  themes: [{ key: "vision", name: "Vision" }],
};

/** A mentee with nothing filled in beyond a name and a role. */
export const mentee: Mentee = {
  id: 4,
  name: "Ana Lima",
  currentRole: "Senior Engineer",
  currentLeaderTypeId: null,
  targetLeaderTypeId: null,
  roleTrackKey: null,
  startDate: null,
  notes: "",
  isSelf: false,
  cadence: "none",
  talkingPoints: "",
  archivedAt: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

/** Live sync as it stands: not set up, unless `extra` says otherwise. */
export const syncStatus = (extra: Partial<SyncStatus> = {}): SyncStatus => ({
  phase: "notSetUp",
  waiting: 0,
  preparing: 0,
  preparingPlans: 0,
  problem: null,
  conflicts: 0,
  pairing: null,
  ...extra,
});
