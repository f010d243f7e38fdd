// The little global state the shell needs: where we are and the catalogue every screen reads.
import { api } from "./api";
import type { Catalogue } from "./bindings/Catalogue";
import type { Opens } from "./bindings/Opens";
import type { SharedWithMe } from "./bindings/SharedWithMe";

export type Screen = "dashboard" | "mentees" | "shared" | "catalogue" | "search" | "settings";
export type MenteeTab = "overview" | "assessments" | "plan" | "sessions" | "evidence";

interface Focus {
  menteeId: number;
  tab: MenteeTab;
  /** The plan to show on the Plan tab; the mentee's first when null. */
  planId: number | null;
  /** A milestone on that plan to bring into view and highlight (a reminder was clicked). */
  milestoneId: number | null;
  seq: number;
}

/** Where Settings can be opened at: Sync, or the changes to review within it. */
export type SettingsSection = "sync" | "syncConflicts";

export const nav = $state<{
  screen: Screen;
  focus: Focus | null;
  sharedFocus: { planId: number; seq: number } | null;
  /** A Settings section to bring into view; taken by the section once shown. */
  settingsSection: SettingsSection | null;
}>({
  screen: "dashboard",
  focus: null,
  sharedFocus: null,
  settingsSection: null,
});

let focusSeq = 0;

/** Shows one mentee, on the given tab (and plan, and milestone), from anywhere in the app. */
export function openMentee(
  menteeId: number,
  tab: MenteeTab = "overview",
  planId: number | null = null,
  milestoneId: number | null = null,
): void {
  nav.focus = { menteeId, tab, planId, milestoneId, seq: ++focusSeq };
  nav.screen = "mentees";
}

/**
 * Where a clicked desktop reminder leads: a milestone on its plan, a mentee's next 1:1, or
 * the day's summary on Today.
 */
export function openReminder(opens: Opens): void {
  switch (opens.kind) {
    case "milestone":
      openMentee(opens.mentee_id, "plan", opens.plan_id, opens.milestone_id);
      break;
    case "mentee":
      openMentee(opens.mentee_id, "sessions");
      break;
    case "today":
      nav.screen = "dashboard";
      break;
  }
}

/** The mentee on screen, if any: evidence captured with Ctrl+E is for them unless changed. */
export const viewing = $state<{ menteeId: number | null }>({ menteeId: null });

/** Shows a plan someone shared with this person, under "Shared with me". */
export function openShared(planId: number): void {
  nav.sharedFocus = { planId, seq: ++focusSeq };
  nav.screen = "shared";
}

/** Shows Settings at one of its sections (the sync status in the sidebar opens Sync). */
export function openSettings(section: SettingsSection): void {
  nav.settingsSection = section;
  nav.screen = "settings";
}

export const reference = $state<{ catalogue: Catalogue | null }>({ catalogue: null });

export async function reloadCatalogue(): Promise<Catalogue> {
  const catalogue = await api.catalogue();
  reference.catalogue = catalogue;
  return catalogue;
}

/** The plans others shared with this person; the sidebar shows "Shared with me" when any. */
export const shared = $state<{ plans: SharedWithMe[] }>({ plans: [] });

export async function reloadShared(): Promise<SharedWithMe[]> {
  const plans = await api.sharedWithMe();
  shared.plans = plans;
  return plans;
}

/**
 * Bumped when the data underneath every screen changed at once (a merge, or its Undo):
 * the shell shows its screens afresh, and each reads its data again.
 */
export const reloads = $state({ data: 0 });

/** The plan on screen, if any: Ctrl+P exports it, and the overview otherwise. */
export const printable = $state<{ planId: number | null }>({ planId: null });

/** What the Mentees screen is asked to do once it shows: open a form, or focus its search. */
export type MenteesRequest = "new-mentee" | "new-self" | "focus-search";

/**
 * A request waits here until the Mentees screen takes it, so it holds whether the screen
 * is already up or still loading (see Loaded.svelte).
 */
export const requests = $state<{ mentees: MenteesRequest | null }>({ mentees: null });

/** Shows the Mentees screen and asks it to do `request` there. */
export function askMentees(request: MenteesRequest) {
  nav.screen = "mentees";
  requests.mentees = request;
}
