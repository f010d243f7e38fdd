// The little global state the shell needs: where we are and the catalogue every screen reads.
import { api } from "./api";
import type { Catalogue } from "./bindings/Catalogue";

export type Screen = "dashboard" | "mentees" | "catalogue" | "search" | "settings";
export type MenteeTab = "overview" | "assessments" | "plan" | "sessions";

export const nav = $state<{ screen: Screen; focus: { menteeId: number; tab: MenteeTab; seq: number } | null }>({
  screen: "dashboard",
  focus: null,
});

let focusSeq = 0;

/** Shows one mentee, on the given tab, from anywhere in the app. */
export function openMentee(menteeId: number, tab: MenteeTab = "overview"): void {
  nav.focus = { menteeId, tab, seq: ++focusSeq };
  nav.screen = "mentees";
}

export const reference = $state<{ catalogue: Catalogue | null }>({ catalogue: null });

export async function reloadCatalogue(): Promise<Catalogue> {
  const catalogue = await api.catalogue();
  reference.catalogue = catalogue;
  return catalogue;
}

/** The plan on screen, if any: Ctrl+P exports it, and the overview otherwise. */
export const printable = $state<{ planId: number | null }>({ planId: null });

/** Requests screens answer to; App routes keyboard shortcuts through these. */
export const requests = $state({ newMentee: 0, newSelf: 0, focusSearch: 0 });
