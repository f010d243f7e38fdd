// The evidence log's plain parts: what the form sends, which entries show a competency,
// how a link reads, and whether the capture form is ready to save on Enter.
import type { Evidence } from "./bindings/Evidence";
import type { EvidenceInput } from "./bindings/EvidenceInput";
import type { Plan } from "./bindings/Plan";
import { counted } from "./sharing";

/** The error fields the evidence form places beside their inputs. */
export const EVIDENCE_FIELDS = [
  "observedOn",
  "title",
  "link",
  "note",
  "competencyKeys",
  "planId",
  "milestoneId",
] as const;

/** What editing an entry starts from, and what Undo of an edit puts back. */
export function evidenceInputOf(e: Evidence): EvidenceInput {
  return {
    planId: e.planId,
    milestoneId: e.milestoneId,
    observedOn: e.observedOn,
    title: e.title,
    link: e.link,
    note: e.note,
    competencyKeys: [...e.competencyKeys],
  };
}

/** The entries that show a competency; all of them when none is chosen. */
export function withCompetency(list: Evidence[], key: string | null): Evidence[] {
  return key === null ? list : list.filter((e) => e.competencyKeys.includes(key));
}

/** The competencies any entry shows, in the order `keys` (the catalogue's) gives. */
export function competenciesShown(list: Evidence[], keys: string[]): string[] {
  const shown = new Set(list.flatMap((e) => e.competencyKeys));
  return keys.filter((k) => shown.has(k));
}

/** Each competency with the entries that show it, newest first as the list came. */
export function byCompetency(list: Evidence[]): Map<string, Evidence[]> {
  const map = new Map<string, Evidence[]>();
  for (const e of list) {
    for (const key of e.competencyKeys) map.set(key, [...(map.get(key) ?? []), e]);
  }
  return map;
}

/** "1 piece of evidence", "3 pieces of evidence". */
export function evidenceCount(count: number): string {
  return counted(count, "piece", "pieces") + " of evidence";
}

/** A link as people read it: the site for a web address, the address for mail. */
export function linkLabel(url: string): string {
  const trimmed = url.trim();
  if (/^mailto:/i.test(trimmed)) return trimmed.replace(/^mailto:/i, "").split("?")[0] ?? trimmed;
  try {
    const parsed = new URL(trimmed);
    const path = parsed.pathname === "/" ? "" : parsed.pathname;
    const shown = parsed.host.replace(/^www\./, "") + path;
    return shown.length > 48 ? `${shown.slice(0, 47)}…` : shown;
  } catch {
    return trimmed;
  }
}

/** The mentee a capture is for: the one on screen if listed, else the first. */
export function defaultMentee(ids: number[], onScreen: number | null): number | null {
  if (onScreen !== null && ids.includes(onScreen)) return onScreen;
  return ids[0] ?? null;
}

/** The plan a capture is filed under at first: the mentee's active plan, if any. */
export function defaultPlan(plans: Pick<Plan, "id" | "status">[]): number | null {
  return plans.find((p) => p.status === "active")?.id ?? null;
}

/** Whether Enter in "What happened" may save: enough is there for the entry to be kept. */
export function readyToSave(form: {
  menteeId: number | null;
  observedOn: string;
  title: string;
  competencyKeys: string[];
  milestoneId: number | null;
}): boolean {
  return (
    form.menteeId !== null &&
    /^\d{4}-\d{2}-\d{2}$/.test(form.observedOn.trim()) &&
    form.title.trim() !== "" &&
    (form.competencyKeys.length > 0 || form.milestoneId !== null)
  );
}
