// A shared plan file on its way in: opened from the sidebar, given at launch, or handed
// over by a second launch. Rust reads and checks it; the merge dialog shows what merging
// would do, and nothing is written until the person agrees.
import { api, toAppError } from "./api";
import type { Merged } from "./bindings/Merged";
import { attempt } from "./attempt";
import { nav, openMentee, openShared, reloadCatalogue, reloads, reloadShared, shared } from "./app.svelte";
import type { MergeReport } from "./bindings/MergeReport";
import { mergedNotice } from "./sharing";
import { notify } from "./toasts.svelte";

export const incoming = $state<{
  /** What merging the waiting file would do; the merge dialog shows while it is set. */
  report: MergeReport | null;
  /** Bumped for each new report, so the dialog starts from its defaults again. */
  seq: number;
  /** Why a file could not be taken in, in plain words. */
  problem: string | null;
  /** A file protected with a passphrase is waiting for it. */
  locked: boolean;
}>({ report: null, seq: 0, problem: null, locked: false });

function show(report: MergeReport | null) {
  if (!report) return;
  incoming.locked = false;
  // The same file can be reported twice (the open dialog and the event both ask).
  if (JSON.stringify(report) === JSON.stringify(incoming.report)) return;
  incoming.report = report;
  incoming.problem = null;
  incoming.seq++;
}

async function take(read: () => Promise<MergeReport | null>) {
  try {
    show(await read());
  } catch (reason) {
    const error = toAppError(reason);
    if (error.code === "passphrase_needed") {
      incoming.report = null;
      incoming.locked = true;
    } else {
      incoming.problem = error.message;
    }
  }
}

let choosing = false;

/** "Open shared plan…": the native open dialog, then the merge dialog. */
export async function openSharedFile(): Promise<void> {
  if (choosing) return; // the open dialog is already up
  choosing = true;
  try {
    await take(api.openSharedPlan);
  } finally {
    choosing = false;
  }
}

/** A file Waymark was launched with, or that a second launch handed over. */
export function takeWaitingFile(): Promise<void> {
  return take(api.waitingSharedPlan);
}

/**
 * Opens the waiting protected file with the passphrase the person typed. A wrong one is
 * thrown back for the dialog to show beside the field; the file stays waiting.
 */
export async function unlock(passphrase: string): Promise<void> {
  try {
    show(await api.unlockSharedPlan(passphrase));
  } catch (reason) {
    const error = toAppError(reason);
    if (error.code === "wrong_passphrase" || error.code === "invalid_input") throw error;
    // Opened, then refused (another sender, a newer Waymark…): said once, then dropped.
    incoming.locked = false;
    incoming.problem = error.message;
  }
}

/** The person closed the merge (or passphrase) dialog: the file is dropped, nothing was written. */
export async function cancelMerge(): Promise<void> {
  incoming.report = null;
  incoming.locked = false;
  await api.forgetSharedPlan().catch(() => {});
}

/**
 * After a merge: every screen reads its data again, the plan is shown (a new one under
 * "Shared with me"), and the toast offers Undo, which puts the copy made just before back.
 */
export async function merged(done: Merged): Promise<void> {
  incoming.report = null;
  const { report, backup } = done;
  const plans = await reloadShared().catch(() => null);
  if (plans?.some((p) => p.planId === report.planId)) {
    openShared(report.planId);
  } else {
    const view = await api.planView(report.planId).catch(() => null);
    if (view) openMentee(view.plan.menteeId, "plan", report.planId);
  }
  reloads.data++;
  notify(mergedNotice(report), {
    action: {
      label: "Undo",
      run: async () => {
        await attempt(async () => {
          await api.restoreBackup(backup.path);
          await Promise.all([reloadCatalogue(), reloadShared()]);
          // Undoing the first merge of a plan shared with this person takes it away again.
          if (nav.screen === "shared" && shared.plans.length === 0) nav.screen = "dashboard";
          reloads.data++;
        }, "Merge undone. Your data is as it was before.");
      },
    },
  });
}
