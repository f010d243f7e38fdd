// PDF exports, from a button or Ctrl+P: the plan on screen, or the overview across mentees.
import { api } from "./api";
import { attempt } from "./attempt";

let busy = false;
let preparing: ReturnType<typeof setTimeout> | undefined;

// A quick series of edits to the plan is typeset once, after the last.
const SETTLE_MS = 500;

const locale = () => navigator.language || "en-US";

/** Exports the plan's report, or the mentoring overview when `planId` is null. */
export async function exportPdf(planId: number | null): Promise<void> {
  if (busy) return; // a second Ctrl+P while the save dialog is open does nothing
  busy = true;
  await attempt(
    () => (planId === null ? api.exportOverviewPdf(locale()) : api.exportPlanPdf(planId, locale())),
    (saved) =>
      saved && {
        message: `PDF saved to ${saved.path}`,
        action: { label: "Show in folder", run: () => showInFolder(saved.path) },
      },
  );
  busy = false;
}

/**
 * Has the plan on screen typeset in the background, so that exporting it takes milliseconds
 * rather than the first typesetting's fifty. Nothing is shown: a plan that cannot be typeset
 * says so when it is exported.
 */
export function preparePdf(planId: number): void {
  clearTimeout(preparing);
  preparing = setTimeout(() => void api.preparePlanPdf(planId, locale()).catch(() => undefined), SETTLE_MS);
}

/** Shows a file saved in this session in the system's file manager. */
export async function showInFolder(path: string): Promise<void> {
  await attempt(() => api.showInFolder(path));
}
