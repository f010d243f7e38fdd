import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveConflict } from "../../lib/bindings/LiveConflict";
import type { Pairing } from "../../lib/bindings/Pairing";
import type { SyncStatus } from "../../lib/bindings/SyncStatus";
import { syncStatus } from "../../test/fixtures";

const api = {
  syncStatus: vi.fn(),
  syncPair: vi.fn(),
  syncSetPaused: vi.fn(),
  syncForget: vi.fn(),
  syncConflicts: vi.fn(),
  syncChoose: vi.fn(),
  sharedWithMe: vi.fn(),
  planView: vi.fn(),
};
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { arrivals, sync } = await import("../../lib/sync.svelte");
const { nav } = await import("../../lib/app.svelte");
const { dismiss, toasts } = await import("../../lib/toasts.svelte");
const { default: SyncSection } = await import("./SyncSection.svelte");

const pairing: Pairing = {
  url: "https://sync.example.org",
  account: "maria",
  device: "Work laptop",
  paused: false,
  syncedAt: null,
};
const paired = (extra: Partial<SyncStatus> = {}): SyncStatus => syncStatus({ phase: "synced", pairing, ...extra });
const byId = (id: string) => document.getElementById(id) as HTMLElement;

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.syncConflicts.mockResolvedValue([]);
  sync.status = syncStatus();
  nav.settingsSection = null;
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("explains sync and offers the pairing form while this device is not paired", () => {
  render(SyncSection);
  const section = byId("settings-sync");
  expect(section).toHaveTextContent("works the same offline");
  expect(screen.getByLabelText("Server address")).toBe(byId("sync-url"));
  expect(screen.getByLabelText("Pairing code")).toBe(byId("sync-code"));
  expect(byId("sync-code-hint")).toHaveTextContent("waymark-server invite --name you");
  expect(screen.getByLabelText("This device’s name")).not.toHaveValue("");
  expect(byId("sync-pair")).toHaveTextContent("Pair this device");
  expect(byId("sync-pause")).toBeNull();
});

it("shows a refused field beside it, and a plain message otherwise", async () => {
  api.syncPair.mockRejectedValueOnce({
    code: "invalid_input",
    message: "This pairing code is not valid; ask your administrator for a new one.",
    field: "code",
  });
  render(SyncSection);
  const user = userEvent.setup();
  await user.type(byId("sync-url"), " sync.example.org ");
  await user.type(byId("sync-code"), "K7Q2-9XWD");
  await user.clear(byId("sync-device"));
  await user.type(byId("sync-device"), "Work laptop");
  await user.click(byId("sync-pair"));
  expect(api.syncPair).toHaveBeenCalledWith("sync.example.org", "K7Q2-9XWD", "Work laptop");
  expect(byId("sync-code")).toHaveAttribute("aria-invalid", "true");
  expect(byId("sync-code-error")).toHaveTextContent("This pairing code is not valid");
  expect(byId("sync-code")).toHaveAccessibleDescription(/This pairing code is not valid/);
  expect(byId("sync-code")).toHaveFocus();
  expect(byId("sync-url")).toHaveAttribute("aria-invalid", "false");

  api.syncPair.mockRejectedValueOnce({
    code: "sync_unreachable",
    message: "Waymark could not reach sync.example.org. Check the address and your connection.",
  });
  await user.click(byId("sync-pair"));
  expect(byId("sync-code-error")).toBeNull();
  expect(screen.getByRole("alert")).toHaveTextContent("could not reach sync.example.org");
});

it("shows progress while pairing, then the paired device", async () => {
  let done: (pairing: Pairing) => void = () => {};
  api.syncPair.mockReturnValue(new Promise((resolve) => (done = resolve)));
  api.syncStatus.mockResolvedValue(paired({ phase: "connecting" }));
  render(SyncSection);
  const user = userEvent.setup();
  await user.type(byId("sync-url"), "sync.example.org");
  await user.type(byId("sync-code"), "K7Q2-9XWD");
  await user.click(byId("sync-pair"));
  expect(byId("sync-pair")).toBeDisabled();
  expect(byId("sync-pair")).toHaveTextContent("Pairing…");
  expect(screen.getByRole("status")).toHaveTextContent("Reaching sync.example.org…");
  done(pairing);
  expect(await screen.findByTestId("sync-account")).toHaveTextContent("maria");
  expect(screen.getByTestId("sync-server")).toHaveTextContent("sync.example.org");
  expect(screen.getByTestId("sync-device-name")).toHaveTextContent("Work laptop");
  expect(byId("sync-line")).toHaveTextContent("Connecting…");
  expect(byId("sync-url")).toBeNull();
  expect(toasts.at(-1)?.message).toBe("This device is paired with sync.example.org as maria.");
});

it("pauses and resumes sync", async () => {
  sync.status = paired();
  api.syncSetPaused.mockResolvedValue({ ...pairing, paused: true });
  api.syncStatus.mockResolvedValue(paired({ phase: "paused", pairing: { ...pairing, paused: true } }));
  render(SyncSection);
  const user = userEvent.setup();
  await user.click(byId("sync-pause"));
  expect(api.syncSetPaused).toHaveBeenCalledWith(true);
  await vi.waitFor(() => expect(byId("sync-pause")).toHaveTextContent("Resume sync"));
  expect(byId("sync-line")).toHaveTextContent("Paused");

  api.syncSetPaused.mockResolvedValue(pairing);
  api.syncStatus.mockResolvedValue(paired({ phase: "connecting" }));
  await user.click(byId("sync-pause"));
  expect(api.syncSetPaused).toHaveBeenLastCalledWith(false);
  await vi.waitFor(() => expect(byId("sync-pause")).toHaveTextContent("Pause sync"));
});

it("shows what went wrong beside the status", () => {
  sync.status = paired({ phase: "offline", waiting: 2, problem: "Waymark could not reach sync.example.org." });
  render(SyncSection);
  expect(byId("sync-line")).toHaveTextContent("Offline · 2 changes waiting");
  expect(byId("sync-line")).toHaveTextContent("Waymark could not reach sync.example.org.");
});

it("forgets the server only once confirmed, saying nothing here is deleted", async () => {
  sync.status = paired();
  api.syncForget.mockResolvedValue(undefined);
  render(SyncSection);
  const user = userEvent.setup();
  await user.click(byId("sync-forget"));
  const dialog = screen.getByTestId("confirm-dialog");
  expect(dialog).toHaveTextContent("Plans you share live go back to sharing by file");
  expect(dialog).toHaveTextContent("nothing on this device is deleted");
  await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(api.syncForget).not.toHaveBeenCalled();

  await user.click(byId("sync-forget"));
  await user.click(screen.getByTestId("confirm"));
  expect(api.syncForget).toHaveBeenCalledOnce();
  expect(await screen.findByLabelText("Server address")).toBeInTheDocument();
  expect(toasts.at(-1)?.message).toBe("This device no longer syncs with sync.example.org. Everything stays on it.");
});

it("brings itself into view when the sidebar's status asks", () => {
  nav.settingsSection = "sync";
  render(SyncSection, { ready: true });
  expect(document.activeElement).toBe(byId("settings-sync-title"));
  expect(nav.settingsSection).toBeNull();
});

describe("changes made on two devices at once", () => {
  const title: LiveConflict = {
    id: 4,
    what: "Title of milestone “Draft the roadmap”",
    yours: "Draft the roadmap",
    theirs: "Draft the 2027 roadmap",
    kept: "theirs",
    planId: null,
    noticedAt: "2026-03-18T09:55:00Z",
  };
  const notes: LiveConflict = {
    id: 9,
    what: "Notes of the 1:1 on 12 March with Ana",
    yours: "Talked about the roadmap.\nNext: a draft by Friday.",
    theirs: "",
    kept: "yours",
    planId: 12,
    noticedAt: "2026-03-18T08:00:00Z",
  };
  const rows = () => screen.queryAllByTestId("sync-conflict");

  beforeEach(() => {
    sync.status = paired({ conflicts: 2 });
    api.syncConflicts.mockResolvedValue([title, notes]);
  });

  it("lists each with both values, saying which every device shows now", async () => {
    render(SyncSection);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    const section = screen.getByRole("region", { name: "Changed on two devices at once" });
    expect(section).toHaveTextContent("The same thing was changed on two devices before they synced.");

    const [first, second] = rows() as [HTMLElement, HTMLElement];
    expect(first).toHaveAccessibleName("Title of milestone “Draft the roadmap”");
    const yours = within(first).getByTestId("conflict-yours");
    const theirs = within(first).getByTestId("conflict-theirs");
    expect(yours).toHaveTextContent("On this device");
    expect(yours).toHaveTextContent("Draft the roadmap");
    expect(within(yours).queryByText("shown now")).toBeNull();
    expect(theirs).toHaveTextContent("On the other device");
    expect(theirs).toHaveTextContent("Draft the 2027 roadmap");
    expect(within(theirs).getByText("shown now")).toBeInTheDocument();

    // A cleared value says so; the other, kept here, is shown now.
    expect(within(second).getByTestId("conflict-theirs")).toHaveTextContent("(empty)");
    expect(within(second).getByTestId("conflict-yours")).toHaveTextContent("shown now");
    expect(within(second).getByTestId("conflict-yours").querySelector(".value")?.textContent).toBe(notes.yours);

    // Each button says what it keeps.
    expect(
      within(first).getByRole("button", {
        name: "Keep this one, the value on this device, for Title of milestone “Draft the roadmap”",
      }),
    ).toBe(within(first).getByTestId("conflict-keep-yours"));
    expect(
      within(first).getByRole("button", {
        name: "Keep this one, the value on the other device, for Title of milestone “Draft the roadmap”",
      }),
    ).toBe(within(first).getByTestId("conflict-keep-theirs"));
  });

  it("keeps the chosen value, then shows the ones still waiting", async () => {
    let answer: (left: LiveConflict[]) => void = () => {};
    api.syncChoose.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    render(SyncSection);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    const user = userEvent.setup();
    await user.click(within(rows()[0]!).getByTestId("conflict-keep-yours"));
    expect(api.syncChoose).toHaveBeenCalledWith(4, "yours");
    // Nothing else can be chosen while the choice is saved.
    for (const button of screen.getAllByRole("button", { name: /^Keep this one/ })) expect(button).toBeDisabled();

    answer([notes]);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent("Notes of the 1:1 on 12 March with Ana");
    expect(screen.getByTestId("conflict-keep-theirs")).toBeEnabled();
    expect(toasts.at(-1)?.message).toBe("Kept “Draft the roadmap”.");
    // The buttons chosen with are gone; the focus stays in the section.
    expect(document.activeElement).toBe(byId("sync-conflicts-title"));

    api.syncChoose.mockResolvedValue([]);
    await user.click(screen.getByTestId("conflict-keep-theirs"));
    expect(api.syncChoose).toHaveBeenLastCalledWith(9, "theirs");
    await vi.waitFor(() => expect(screen.queryByTestId("sync-conflicts")).toBeNull());
    expect(toasts.at(-1)?.message).toBe("Kept the empty value from the other device.");
    expect(document.activeElement).toBe(byId("settings-sync-title"));
  });

  it("says why a choice failed, and shows the list as it stands", async () => {
    api.syncChoose.mockRejectedValue({ code: "not_found", message: "This change was already settled." });
    render(SyncSection);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    api.syncConflicts.mockResolvedValue([notes]);
    await userEvent.setup().click(within(rows()[0]!).getByTestId("conflict-keep-theirs"));
    expect(toasts.at(-1)).toMatchObject({ message: "This change was already settled.", tone: "error" });
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
  });

  it("shows untrusted values as text", async () => {
    const hostile = "<img src=x onerror=alert(1)>";
    api.syncConflicts.mockResolvedValue([{ ...title, what: `Title of goal “${hostile}”`, yours: hostile }]);
    render(SyncSection);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByTestId("conflict-yours")).toHaveTextContent(hostile);
    expect(screen.getByTestId("conflict-what")).toHaveTextContent(hostile);
    expect(byId("settings-sync").querySelector("img")).toBeNull();
  });

  it("reads the list again when the count changes and when changes arrive", async () => {
    render(SyncSection);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.syncConflicts).toHaveBeenCalledTimes(1);

    sync.status = paired({ phase: "syncing", conflicts: 2 }); // the same count: nothing to read
    await tick();
    expect(api.syncConflicts).toHaveBeenCalledTimes(1);
    api.syncConflicts.mockResolvedValue([title]);
    sync.status = paired({ conflicts: 1 });
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(api.syncConflicts).toHaveBeenCalledTimes(2);

    api.syncConflicts.mockResolvedValue([]);
    arrivals.count++;
    await vi.waitFor(() => expect(screen.queryByTestId("sync-conflicts")).toBeNull());
    expect(api.syncConflicts).toHaveBeenCalledTimes(3);
  });

  it("says when the list cannot be read", async () => {
    api.syncConflicts.mockRejectedValue({ code: "internal", message: "The data file could not be read." });
    render(SyncSection);
    expect(await screen.findByTestId("sync-conflicts-problem")).toHaveTextContent("The data file could not be read.");
  });

  it("brings the changes to review into view when the sidebar asks", async () => {
    nav.settingsSection = "syncConflicts";
    render(SyncSection, { ready: true });
    await vi.waitFor(() => expect(document.activeElement).toBe(byId("sync-conflicts-title")));
    expect(nav.settingsSection).toBeNull();
  });

  it("opens the plan a change is in, wherever it is", async () => {
    api.sharedWithMe.mockResolvedValue([]);
    api.planView.mockResolvedValue({ plan: { id: 12, menteeId: 3 } });
    render(SyncSection);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[0]!).queryByTestId("conflict-open-plan")).toBeNull(); // in no plan
    const open = within(rows()[1]!).getByRole("button", {
      name: "Open plan, for Notes of the 1:1 on 12 March with Ana",
    });
    await userEvent.setup().click(open);
    await vi.waitFor(() => expect(nav.screen).toBe("mentees"));
    expect(nav.focus).toMatchObject({ menteeId: 3, tab: "plan", planId: 12 });

    api.sharedWithMe.mockResolvedValue([{ planId: 12, menteeId: 3 }]);
    await userEvent.setup().click(open);
    await vi.waitFor(() => expect(nav.screen).toBe("shared"));
    expect(nav.sharedFocus).toMatchObject({ planId: 12 });
  });
});
