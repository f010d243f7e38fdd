// Live sync through the person's own Waymark server: how it stands (always shown once this
// device is paired), pairing and pausing, and what arrives through it, shown where the
// person is looking without taking them elsewhere.
import { untrack } from "svelte";
import { api, following, onSyncArrived, onSyncStatus } from "./api";
import { attempt } from "./attempt";
import type { Arrived } from "./bindings/Arrived";
import type { Keep } from "./bindings/Keep";
import type { LiveConflict } from "./bindings/LiveConflict";
import type { Pairing } from "./bindings/Pairing";
import type { SyncStatus } from "./bindings/SyncStatus";
import { openMentee, openShared, reloadShared } from "./app.svelte";
import { relativeTime } from "./format";
import { counted } from "./sharing";
import { notify } from "./toasts.svelte";

const NOT_SET_UP: SyncStatus = {
  phase: "notSetUp",
  waiting: 0,
  preparing: 0,
  preparingPlans: 0,
  problem: null,
  conflicts: 0,
  pairing: null,
};

export const sync = $state<{ status: SyncStatus }>({ status: NOT_SET_UP });

/** Bumped each time changes arrive; screens that show synced data read it again. */
export const arrivals = $state({ count: 0 });

// A status event is newer than any answer to a question asked before it arrived.
let heard = 0;

function hear(status: SyncStatus) {
  heard++;
  sync.status = status;
}

/** Asks how sync stands; `fallback` when the question fails, nothing when an event came first. */
async function refresh(fallback: SyncStatus | null = null): Promise<void> {
  const before = heard;
  const read = await api.syncStatus().catch(() => fallback);
  if (read && heard === before) sync.status = read;
}

/** Follows live sync while the app is open; the shell starts it once. Returns what stops it. */
export function startSync(): () => void {
  // Without events, the status is still read once and after each change.
  const stops = [following(onSyncStatus(hear)), following(onSyncArrived((arrived) => void take(arrived)))];
  void refresh();
  return () => {
    for (const stop of stops) stop();
  };
}

/** Changes came in: the shared list and the screen follow, and a new plan is announced. */
async function take(arrived: Arrived): Promise<void> {
  const plans = await reloadShared().catch(() => null);
  arrivals.count++;
  const planId = arrived.planId;
  if (arrived.newPlan && planId !== null) {
    const withMe = plans?.some((p) => p.planId === planId) ?? false;
    // A plan of one's own arrives from another device of one's own.
    const message = withMe
      ? `“${arrived.newPlan}” was shared with you.`
      : `“${arrived.newPlan}” arrived from your other device.`;
    notify(message, { action: { label: "Open", run: () => openPlan(planId, withMe) } });
  }
  for (const notice of arrived.notices) notify(notice);
}

/**
 * Shows a plan that syncs live: under "Shared with me" when someone shared it with this
 * person, otherwise on its mentee's Plan tab. `withMe` is asked of the shared list when unknown.
 */
export async function openPlan(planId: number, withMe?: boolean): Promise<void> {
  if (withMe) return openShared(planId);
  await attempt(async () => {
    if (withMe === undefined && (await reloadShared()).some((p) => p.planId === planId)) return openShared(planId);
    const view = await api.planView(planId);
    openMentee(view.plan.menteeId, "plan", planId);
  });
}

/**
 * Runs `load` again each time changes arrive, while the calling component is on screen:
 * it reads its data afresh in place, so the mentee, the tab and a half-written form stay.
 * Call it while the component is being set up.
 */
export function reloadOnArrival(load: () => unknown): void {
  let seen = arrivals.count;
  $effect(() => {
    if (arrivals.count === seen) return;
    seen = arrivals.count;
    untrack(() => Promise.resolve(load()).catch(() => {})); // the next arrival tries again
  });
}

/** Pairs this device with a server; errors are thrown for the form to place. */
export async function pair(url: string, code: string, device: string): Promise<Pairing> {
  const pairing = await api.syncPair(url, code, device);
  await refresh({
    phase: "connecting",
    waiting: 0,
    preparing: 0,
    preparingPlans: 0,
    problem: null,
    conflicts: 0,
    pairing,
  });
  return pairing;
}

export async function setPaused(paused: boolean): Promise<void> {
  const pairing = await api.syncSetPaused(paused);
  await refresh({ ...sync.status, phase: paused ? "paused" : "connecting", pairing });
}

/** Forgets the server on this device; plans shared live go back to sharing by file. */
export async function forget(): Promise<void> {
  await api.syncForget();
  hear(NOT_SET_UP);
}

/** Whether this device is paired with a server (paused or not). */
export function isPaired(status: SyncStatus): boolean {
  return status.phase !== "notSetUp" && status.pairing !== null;
}

/** The host of a server address, as people say it: "sync.example.org". */
export function serverHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/**
 * How sync stands in words: the phase (which is announced as it changes) and what goes
 * with it (which is not: a time that moves on every minute would be read out each time).
 * "Synced" · "2 minutes ago", "Offline" · "3 changes waiting", "Syncing" · "preparing 40 mentees".
 */
export function syncWords(status: SyncStatus, now: Date = new Date()): { phase: string; detail: string | null } {
  const waiting = status.waiting > 0 ? counted(status.waiting, "change") : null;
  // Just after pairing, every mentee's records go into their documents first; after an
  // edit of a plan, that plan's.
  const preparing =
    status.preparing > 0
      ? `preparing ${counted(status.preparing, "mentee")}`
      : status.preparingPlans > 0
        ? `preparing ${counted(status.preparingPlans, "plan")}`
        : null;
  switch (status.phase) {
    case "notSetUp":
      return { phase: "Not set up", detail: null };
    case "paused":
      return { phase: "Paused", detail: preparing ?? (waiting && `${waiting} waiting`) };
    case "connecting":
      return { phase: "Connecting…", detail: null };
    case "syncing":
      return {
        phase: "Syncing",
        detail: preparing ?? (waiting && `${waiting} on ${status.waiting === 1 ? "its" : "their"} way`),
      };
    case "synced": {
      const at = status.pairing?.syncedAt;
      return { phase: "Synced", detail: at ? relativeTime(at, now) : null };
    }
    case "offline":
      return { phase: "Offline", detail: preparing ?? (waiting && `${waiting} waiting`) };
  }
}

/** The status as one line: "Synced · 2 minutes ago". */
export function syncLine(status: SyncStatus, now: Date = new Date()): string {
  const { phase, detail } = syncWords(status, now);
  return detail ? `${phase} · ${detail}` : phase;
}

/** The fields changed on two devices at once that wait for a choice: "2 changes to review". */
export function toReview(count: number): string {
  return `${counted(count, "change")} to review`;
}

/** Which device a conflict's value came from, as the Sync settings label it. */
export const SIDE_WORDS: Record<Keep, string> = { yours: "On this device", theirs: "On the other device" };

/** What a choice kept, short enough for a toast: "Kept “Draft the roadmap”." */
export function keptNotice(conflict: LiveConflict, keep: Keep): string {
  const line = conflict[keep].replace(/\s+/g, " ").trim();
  if (!line)
    return keep === "yours" ? "Kept the empty value on this device." : "Kept the empty value from the other device.";
  const chars = Array.from(line); // an emoji is not cut in half
  if (chars.length <= 48) return `Kept “${line}”.`;
  const cut = chars.slice(0, 47).join("");
  const space = cut.lastIndexOf(" ");
  const short = (space >= 30 ? cut.slice(0, space) : cut).trimEnd(); // a whole word where one ends near
  return `Kept “${short}…”.`;
}
