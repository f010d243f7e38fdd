// Lookups over the catalogue that several screens share.
import type { Catalogue } from "./bindings/Catalogue";
import type { LeaderFamily } from "./bindings/LeaderFamily";
import type { LeaderType } from "./bindings/LeaderType";

export interface FamilyGroup {
  family: LeaderFamily;
  types: LeaderType[];
}

/** Leader types grouped under their family, in catalogue order. */
export function groupByFamily(catalogue: Catalogue): FamilyGroup[] {
  return catalogue.families.map((family) => ({
    family,
    types: catalogue.leaderTypes.filter((t) => t.familyKey === family.key),
  }));
}

export function leaderTypeName(catalogue: Catalogue | null, id: number | null): string | null {
  if (id === null || !catalogue) return null;
  return catalogue.leaderTypes.find((t) => t.id === id)?.name ?? null;
}

export const LEVEL_WORDS = ["", "Novice", "Developing", "Proficient", "Advanced", "Role model"] as const;

const SHORT_NAMES: Record<string, string> = {
  technical_expertise: "Expertise",
  technical_vision: "Vision",
  team_management: "Team",
  technical_communication: "Communication",
  technical_mentorship: "Mentorship",
  project_oversight: "Oversight",
  problem_solving: "Problem solving",
  task_delegation: "Delegation",
  performance_monitoring: "Monitoring",
};

/** A competency's name short enough for a chart label. */
export function shortName(catalogue: Catalogue, key: string): string {
  return SHORT_NAMES[key] ?? catalogue.competencies.find((c) => c.key === key)?.name ?? key;
}

export function competencyName(catalogue: Catalogue, key: string): string {
  return catalogue.competencies.find((c) => c.key === key)?.name ?? key;
}
