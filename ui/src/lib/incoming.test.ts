import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { MergeReport } from "./bindings/MergeReport";

const api = {
  openSharedPlan: vi.fn(),
  unlockSharedPlan: vi.fn(),
  waitingSharedPlan: vi.fn(),
  forgetSharedPlan: vi.fn(),
  sharedWithMe: vi.fn(),
  planView: vi.fn(),
  restoreBackup: vi.fn(),
  catalogue: vi.fn(),
};
vi.mock("./api", async (original) => ({ ...(await original<typeof import("./api")>()), api }));

const { cancelMerge, incoming, merged, openSharedFile, takeWaitingFile, unlock } = await import("./incoming.svelte");
const { nav, reloads, shared } = await import("./app.svelte");
const { dismiss, toasts } = await import("./toasts.svelte");

const report: MergeReport = {
  planId: 4,
  planTitle: "Toward Staff Engineer",
  fromName: "Ana Lima",
  newPlan: false,
  summary: "Ana Lima completed 3 milestones.",
  changes: [],
  conflicts: [],
  notices: [],
};
const backup = {
  path: "/data/backups/before-merge.sqlite",
  fileName: "before-merge.sqlite",
  bytes: 1,
  kind: "manual",
  takenAt: "",
};

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.forgetSharedPlan.mockResolvedValue(undefined);
  api.catalogue.mockResolvedValue({});
  incoming.report = null;
  incoming.problem = null;
  incoming.locked = false;
  nav.screen = "dashboard";
  shared.plans = [];
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("shows what a chosen file would do, and nothing when the dialog is cancelled", async () => {
  api.openSharedPlan.mockResolvedValue(null);
  await openSharedFile();
  expect(incoming.report).toBeNull();
  api.openSharedPlan.mockResolvedValue(report);
  await openSharedFile();
  expect(incoming.report).toEqual(report);
});

it("explains a refused file in its own words", async () => {
  api.waitingSharedPlan.mockRejectedValue({
    code: "shared_file_newer",
    message: "This file was saved by a newer Waymark. Update Waymark to open it.",
  });
  await takeWaitingFile();
  expect(incoming.problem).toBe("This file was saved by a newer Waymark. Update Waymark to open it.");
  expect(incoming.report).toBeNull();
});

it("asks for the passphrase of a protected file, and keeps asking while it is wrong", async () => {
  api.openSharedPlan.mockRejectedValue({
    code: "passphrase_needed",
    message: "This file is protected with a passphrase.",
  });
  await openSharedFile();
  expect(incoming.locked).toBe(true);
  expect(incoming.problem).toBeNull();

  api.unlockSharedPlan.mockRejectedValue({
    code: "wrong_passphrase",
    message: "The passphrase does not open this file.",
  });
  await expect(unlock("not it at all")).rejects.toMatchObject({ code: "wrong_passphrase" });
  expect(incoming.locked).toBe(true);

  api.unlockSharedPlan.mockResolvedValue(report);
  await unlock("the right one");
  expect(api.unlockSharedPlan).toHaveBeenLastCalledWith("the right one");
  expect(incoming.locked).toBe(false);
  expect(incoming.report).toEqual(report);
});

it("says why an unlocked file was still refused", async () => {
  incoming.locked = true;
  api.unlockSharedPlan.mockRejectedValue({
    code: "shared_file_wrong_sender",
    message: "This file was not sent by Ana Lima.",
  });
  await unlock("the right one");
  expect(incoming.locked).toBe(false);
  expect(incoming.problem).toBe("This file was not sent by Ana Lima.");
});

it("drops the waiting file when the merge is cancelled", async () => {
  incoming.report = report;
  await cancelMerge();
  expect(incoming.report).toBeNull();
  expect(api.forgetSharedPlan).toHaveBeenCalledOnce();
});

it("opens a merged plan of one's own on its mentee's Plan tab, with Undo", async () => {
  api.sharedWithMe.mockResolvedValue([]);
  api.planView.mockResolvedValue({ plan: { id: 4, menteeId: 12 } });
  const before = reloads.data;
  await merged({ report, backup });
  expect(nav.screen).toBe("mentees");
  expect(nav.focus).toMatchObject({ menteeId: 12, tab: "plan", planId: 4 });
  expect(reloads.data).toBe(before + 1);
  const toast = toasts.at(-1);
  expect(toast?.message).toBe("Merged “Toward Staff Engineer”. Ana Lima completed 3 milestones.");
  expect(toast?.action?.label).toBe("Undo");

  api.restoreBackup.mockResolvedValue(backup);
  await toast?.action?.run();
  expect(api.restoreBackup).toHaveBeenCalledWith("/data/backups/before-merge.sqlite");
  expect(reloads.data).toBe(before + 2);
  expect(toasts.at(-1)?.message).toBe("Merge undone. Your data is as it was before.");
});

it("opens a plan shared with this person under Shared with me", async () => {
  const entry = {
    planId: 4,
    menteeId: 30,
    planTitle: "Toward Staff Engineer",
    sharedBy: "Maria",
    menteeEditsPlan: false,
    exchangedAt: null,
    live: false,
  };
  api.sharedWithMe.mockResolvedValue([entry]);
  await merged({ report: { ...report, newPlan: true }, backup });
  expect(nav.screen).toBe("shared");
  expect(nav.sharedFocus?.planId).toBe(4);
  expect(shared.plans).toEqual([entry]);
  expect(toasts.at(-1)?.message).toBe(
    "Added “Toward Staff Engineer” to Shared with me. Ana Lima completed 3 milestones.",
  );
  // Undoing the first merge takes the plan away again, and with it the screen.
  api.restoreBackup.mockResolvedValue(backup);
  api.sharedWithMe.mockResolvedValue([]);
  await toasts.at(-1)?.action?.run();
  expect(nav.screen).toBe("dashboard");
});
