import { api } from "./api";
import type { Dashboard } from "./bindings/Dashboard";
import type { DashboardLimits } from "./bindings/DashboardLimits";

/** How many rows each list on Today shows before "Show more". */
export const FIRST_ROWS = 20;

export function firstLimits(): DashboardLimits {
  return { overdue: FIRST_ROWS, upcoming: FIRST_ROWS, plans: FIRST_ROWS, drifting: FIRST_ROWS, notSeen: FIRST_ROWS };
}

// Today is the first screen: its data is asked for alongside the data file's status and
// the catalogue, instead of after them, so start-up waits for one round trip, not three.
let early: Promise<Dashboard> | null = null;

export function prefetchDashboard() {
  early = api.dashboard(firstLimits());
  early.catch(() => {}); // the screen asks again and reports the error itself
}

/** The prefetched first screen's data, once; null when there is none to take. */
export function takePrefetchedDashboard(): Promise<Dashboard> | null {
  const taken = early;
  early = null;
  return taken;
}

let reported = false;

/**
 * Tells the shell, once per start, that the first screen has painted with its data; the
 * shell logs the time since the process started. The frame callback runs just before the
 * next paint, and a task it queues runs once that paint is done.
 */
export function firstScreenShown() {
  if (reported) return;
  reported = true;
  requestAnimationFrame(() => setTimeout(() => void api.firstScreenShown().catch(() => {})));
}
