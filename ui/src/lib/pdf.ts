// PDF exports, from a button or Ctrl+P: the plan on screen, or the overview across mentees.
import { api, toAppError } from "./api";
import { notify } from "./toasts.svelte";

let busy = false;

/** Exports the plan's report, or the mentoring overview when `planId` is null. */
export async function exportPdf(planId: number | null): Promise<void> {
  if (busy) return; // a second Ctrl+P while the save dialog is open does nothing
  busy = true;
  try {
    const locale = navigator.language || "en-US";
    const saved = planId === null ? await api.exportOverviewPdf(locale) : await api.exportPlanPdf(planId, locale);
    if (saved) {
      notify(`PDF saved to ${saved.path}`, { action: { label: "Show in folder", run: () => showInFolder(saved.path) } });
    }
  } catch (reason) {
    notify(toAppError(reason).message, { tone: "error" });
  } finally {
    busy = false;
  }
}

async function showInFolder(path: string): Promise<void> {
  try {
    await api.showInFolder(path);
  } catch (reason) {
    notify(toAppError(reason).message, { tone: "error" });
  }
}
