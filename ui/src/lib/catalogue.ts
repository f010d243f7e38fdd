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
