import { api } from "./api";
import type { Catalogue } from "./bindings/Catalogue";
import type { Dashboard } from "./bindings/Dashboard";
import type { DashboardLimits } from "./bindings/DashboardLimits";
import type { DataFileStatus } from "./bindings/DataFileStatus";
import type { SyncStatus } from "./bindings/SyncStatus";

/** What the shell serves the page before its own script (see `first_screen.rs`). */
export interface FirstScreen {
  status: DataFileStatus;
  catalogue: Catalogue | null;
  dashboard: Dashboard | null;
  sync: SyncStatus | null;
}

declare global {
  interface Window {
    __WAYMARK_FIRST_SCREEN__?: FirstScreen | null;
  }
}

/**
 * The data the shell served for this load's first screen, once; null when the script did
 * not load (the page then asks over IPC).
 */
export function takeFirstScreen(): FirstScreen | null {
  const first = window.__WAYMARK_FIRST_SCREEN__ ?? null;
  window.__WAYMARK_FIRST_SCREEN__ = null;
  if (first?.dashboard) early = first.dashboard;
  return first;
}

/**
 * How many rows each list on Today shows before "Show more": the same as the shell's
 * `DashboardLimits::default()`, which the first screen served with the page uses.
 */
export const FIRST_ROWS = 20;

export function firstLimits(): DashboardLimits {
  return { overdue: FIRST_ROWS, upcoming: FIRST_ROWS, plans: FIRST_ROWS, drifting: FIRST_ROWS, notSeen: FIRST_ROWS };
}

// Today's first data: served with the page, or, when that script did not load, asked for
// alongside the data file's status and the catalogue instead of after them.
let early: Dashboard | Promise<Dashboard> | null = null;

export function prefetchDashboard() {
  const asked = api.dashboard(firstLimits());
  asked.catch(() => {}); // the screen asks again and reports the error itself
  early = asked;
}

/** Today's first data, once: ready, on its way, or null when there is none to take. */
export function takeEarlyDashboard(): Dashboard | Promise<Dashboard> | null {
  const taken = early;
  early = null;
  return taken;
}

let reported = false;
let shown = false;
const afterShown: (() => void)[] = [];

/**
 * The longest that work kept for after the first screen waits: a first screen that cannot
 * show its data (a data file that will not open, a read that failed) never reports.
 */
export const AFTER_FIRST_SCREEN_AT_LATEST = 2000;
let atLatest: ReturnType<typeof setTimeout> | null = null;

function runAfterShown() {
  shown = true;
  if (atLatest !== null) clearTimeout(atLatest);
  atLatest = null;
  for (const task of afterShown.splice(0)) task();
}

/**
 * Tells the shell, once per start, that the first screen has painted with its data; the
 * shell logs the time since the process started. The frame callback runs just before the
 * next paint, and a task it queues runs once that paint is done.
 */
export function firstScreenShown() {
  if (reported) return;
  reported = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      void api.firstScreenShown().catch(() => {});
      runAfterShown();
    }),
  );
}

/**
 * Runs `task` once the first screen has painted with its data: work that must not delay
 * it, such as following live sync and reminders, whose calls to the shell would otherwise
 * share the first frame's time. Returns a cancel, for a component gone before then.
 */
export function afterFirstScreen(task: () => void): () => void {
  if (shown) {
    task();
    return () => {};
  }
  afterShown.push(task);
  atLatest ??= setTimeout(runAfterShown, AFTER_FIRST_SCREEN_AT_LATEST);
  return () => {
    const at = afterShown.indexOf(task);
    if (at >= 0) afterShown.splice(at, 1);
  };
}

/** `afterFirstScreen` for something that is started and later stopped: returns its stop. */
export function startAfterFirstScreen(start: () => () => void): () => void {
  let stop: (() => void) | null = null;
  const cancel = afterFirstScreen(() => {
    stop = start();
  });
  return () => {
    cancel();
    stop?.();
  };
}
