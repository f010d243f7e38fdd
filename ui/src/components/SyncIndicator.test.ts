import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { SyncStatus } from "../lib/bindings/SyncStatus";
import { nav } from "../lib/app.svelte";
import SyncIndicator from "./SyncIndicator.svelte";
import { syncStatus } from "../test/fixtures";

const pairing = {
  url: "https://sync.example.org",
  account: "maria",
  device: "Work laptop",
  paused: false,
  syncedAt: "2026-03-18T09:58:00Z",
};
const status = (extra: Partial<SyncStatus> = {}): SyncStatus => syncStatus({ phase: "synced", pairing, ...extra });
const shown = () => document.getElementById("sync-status");

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
  vi.setSystemTime(new Date("2026-03-18T10:00:00Z"));
  nav.screen = "dashboard";
  nav.settingsSection = null;
});
afterEach(() => {
  vi.useRealTimers();
});

it("says each phase in words", () => {
  const cases: [Partial<SyncStatus>, string][] = [
    [{}, "Synced · 2 minutes ago"],
    [{ phase: "syncing", waiting: 3 }, "Syncing · 3 changes on their way"],
    [{ phase: "offline", waiting: 3 }, "Offline · 3 changes waiting"],
    [{ phase: "connecting" }, "Connecting…"],
    [{ phase: "paused", pairing: { ...pairing, paused: true } }, "Paused"],
  ];
  for (const [extra, words] of cases) {
    const { unmount } = render(SyncIndicator, { status: status(extra) });
    expect(shown()).toHaveTextContent(words);
    expect(screen.getByRole("status")).toHaveTextContent(words.split(" · ")[0]!);
    unmount();
  }
});

it("moves the time on while nothing else changes", async () => {
  render(SyncIndicator, { status: status() });
  expect(shown()).toHaveTextContent("Synced · 2 minutes ago");
  await vi.advanceTimersByTimeAsync(5 * 60_000);
  expect(shown()).toHaveTextContent("Synced · 7 minutes ago");
});

it("shows what went wrong, with the whole story on hover", () => {
  const problem = "The server turned this device away. Pair it again in Settings.";
  render(SyncIndicator, { status: status({ phase: "offline", waiting: 2, problem }) });
  expect(screen.getByTestId("sync-problem")).toHaveTextContent(problem);
  expect(shown()?.title).toContain("sync.example.org, as maria on “Work laptop”");
  expect(shown()?.title).toContain(problem);
});

it("opens Settings at Sync", async () => {
  render(SyncIndicator, { status: status() });
  await fireEvent.click(shown()!);
  expect(nav.screen).toBe("settings");
  expect(nav.settingsSection).toBe("sync");
});

it("offers the changes to review only when there are some", () => {
  const link = () => screen.queryByTestId("sync-conflicts-link");
  const { unmount } = render(SyncIndicator, { status: status() });
  expect(link()).toBeNull();
  unmount();

  const one = render(SyncIndicator, { status: status({ conflicts: 1 }) });
  expect(link()).toHaveTextContent(/^1 change to review$/);
  expect(shown()).toHaveTextContent("Synced · 2 minutes ago"); // the status says what it said
  expect(shown()?.title).toContain("1 change to review");
  one.unmount();

  render(SyncIndicator, { status: status({ phase: "offline", waiting: 3, conflicts: 2 }) });
  expect(link()).toHaveTextContent(/^2 changes to review$/);
  expect(screen.getByRole("button", { name: "2 changes to review" })).toBe(link());
  expect(shown()).toHaveTextContent("Offline · 3 changes waiting");
});

it("opens Settings at the changes to review", async () => {
  render(SyncIndicator, { status: status({ conflicts: 2 }) });
  await fireEvent.click(screen.getByTestId("sync-conflicts-link"));
  expect(nav.screen).toBe("settings");
  expect(nav.settingsSection).toBe("syncConflicts");
});
