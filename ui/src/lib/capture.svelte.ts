// The evidence dialog is one for the whole app: Ctrl+E opens it over any screen, "Add
// evidence" opens it for the mentee on screen, "Edit" opens it on one entry. Lists and the
// assessment form read their evidence again whenever an entry is saved.
import type { Evidence } from "./bindings/Evidence";

export interface EvidenceRequest {
  /** Who it is for; the mentee on screen (else the first) when null. */
  menteeId: number | null;
  /** The entry to edit; null records a new one. */
  existing: Evidence | null;
  seq: number;
}

export const capture = $state<{ request: EvidenceRequest | null }>({ request: null });

/** Bumped after evidence is saved, deleted or restored anywhere. */
export const evidenceChanges = $state({ count: 0 });

let seq = 0;

/** Opens the dialog for a new entry, for `menteeId` or the mentee on screen. */
export function captureEvidence(menteeId: number | null = null): void {
  capture.request = { menteeId, existing: null, seq: ++seq };
}

export function editEvidence(existing: Evidence): void {
  capture.request = { menteeId: existing.menteeId, existing, seq: ++seq };
}

export function closeEvidence(): void {
  capture.request = null;
}

export function evidenceChanged(): void {
  evidenceChanges.count++;
}
