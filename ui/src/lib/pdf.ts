// PDF exports, from a button or Ctrl+P: the plan on screen, or the overview across mentees.
import { api } from "./api";
import { attempt } from "./attempt";

let busy = false;

/** Exports the plan's report, or the mentoring overview when `planId` is null. */
export async function exportPdf(planId: number | null): Promise<void> {
  if (busy) return; // a second Ctrl+P while the save dialog is open does nothing
  busy = true;
  const locale = navigator.language || "en-US";
  await attempt(
    () => (planId === null ? api.exportOverviewPdf(locale) : api.exportPlanPdf(planId, locale)),
    (saved) =>
      saved && {
        message: `PDF saved to ${saved.path}`,
        action: { label: "Show in folder", run: () => showInFolder(saved.path) },
      },
  );
  busy = false;
}

/** Shows a file saved in this session in the system's file manager. */
export async function showInFolder(path: string): Promise<void> {
  await attempt(() => api.showInFolder(path));
}
