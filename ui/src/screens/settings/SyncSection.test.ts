import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Pairing } from "../../lib/bindings/Pairing";
import type { SyncStatus } from "../../lib/bindings/SyncStatus";

const api = {
  syncStatus: vi.fn(),
  syncPair: vi.fn(),
  syncSetPaused: vi.fn(),
  syncForget: vi.fn(),
};
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { sync } = await import("../../lib/sync.svelte");
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
const paired = (extra: Partial<SyncStatus> = {}): SyncStatus => ({
  phase: "synced",
  waiting: 0,
  problem: null,
  pairing,
  ...extra,
});
const byId = (id: string) => document.getElementById(id) as HTMLElement;

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  sync.status = { phase: "notSetUp", waiting: 0, problem: null, pairing: null };
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
