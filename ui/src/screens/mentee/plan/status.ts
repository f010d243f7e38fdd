import type { PlanStatus } from "../../../lib/bindings/PlanStatus";

export const STATUS_WORDS: Record<PlanStatus, string> = {
  draft: "Draft",
  active: "Active",
  completed: "Completed",
  abandoned: "Abandoned",
};
