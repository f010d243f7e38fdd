import type { Assessment } from "./bindings/Assessment";
import type { AssessmentInput } from "./bindings/AssessmentInput";

/** What a correction sends to put an assessment back exactly as it is. */
export function inputOf(a: Assessment): AssessmentInput {
  return {
    assessedOn: a.assessedOn,
    assessor: a.assessor,
    notes: a.notes,
    ratings: a.ratings.map((r) => ({ ...r })),
    spectrums: a.spectrums.map((s) => ({ ...s })),
  };
}
