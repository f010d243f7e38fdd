import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Arrived } from "./bindings/Arrived";
import type { Pairing } from "./bindings/Pairing";
import type { SyncStatus } from "./bindings/SyncStatus";
import { syncStatus } from "../test/fixtures";

const api = {
  syncStatus: vi.fn(),
  syncPair: vi.fn(),
  syncSetPaused: vi.fn(),
  syncForget: vi.fn(),
  sharedWithMe: vi.fn(),
  planView: vi.fn(),
  listTopics: vi.fn(),
};
// What the shell hears from Rust; each test speaks through these.
const heard: { status?: (status: SyncStatus) => void; arrived?: (arrived: Arrived) => void } = {};
const unlisten = vi.fn();
vi.mock("./api", async (original) => ({
  ...(await original<typeof import("./api")>()),
  api,
  onSyncStatus: async (callback: (status: SyncStatus) => void) => {
    heard.status = callback;
    return unlisten;
  },
  onSyncArrived: async (callback: (arrived: Arrived) => void) => {
    heard.arrived = callback;
    return unlisten;
  },
}));

const { arrivals, forget, keptNotice, pair, setPaused, startSync, sync, syncLine, toReview } =
  await import("./sync.svelte");
const { nav } = await import("./app.svelte");
const { dismiss, toasts } = await import("./toasts.svelte");
const { default: Topics } = await import("../screens/mentee/plan/Topics.svelte");

const pairing: Pairing = {
  url: "https://sync.example.org",
  account: "maria",
  device: "Work laptop",
  paused: false,
  syncedAt: "2026-03-18T09:58:00Z",
};
const status = (extra: Partial<SyncStatus> = {}): SyncStatus => syncStatus({ phase: "synced", pairing, ...extra });
const notSetUp: SyncStatus = syncStatus();

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  unlisten.mockReset();
  sync.status = notSetUp;
  nav.screen = "dashboard";
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

describe("the status in words", () => {
  const now = new Date("2026-03-18T10:00:00Z");

  it("says each phase, with what goes with it", () => {
    expect(syncLine(status(), now)).toBe("Synced · 2 minutes ago");
    expect(syncLine(status({ pairing: { ...pairing, syncedAt: "2026-03-18T09:59:40Z" } }), now)).toBe(
      "Synced · just now",
    );
    expect(syncLine(status({ pairing: { ...pairing, syncedAt: null } }), now)).toBe("Synced");
    expect(syncLine(status({ phase: "syncing", waiting: 3 }), now)).toBe("Syncing · 3 changes on their way");
    expect(syncLine(status({ phase: "syncing", waiting: 1 }), now)).toBe("Syncing · 1 change on its way");
    expect(syncLine(status({ phase: "syncing" }), now)).toBe("Syncing");
    expect(syncLine(status({ phase: "offline", waiting: 3 }), now)).toBe("Offline · 3 changes waiting");
    expect(syncLine(status({ phase: "offline" }), now)).toBe("Offline");
    expect(syncLine(status({ phase: "connecting", waiting: 2 }), now)).toBe("Connecting…");
    expect(syncLine(status({ phase: "paused" }), now)).toBe("Paused");
    expect(syncLine(status({ phase: "paused", waiting: 4 }), now)).toBe("Paused · 4 changes waiting");
    // Just after pairing, the mentees still to prepare say how far it has gone.
    expect(syncLine(status({ phase: "syncing", waiting: 900, preparing: 9412 }), now)).toBe(
      "Syncing · preparing 9,412 mentees",
    );
    expect(syncLine(status({ phase: "offline", waiting: 3, preparing: 1 }), now)).toBe("Offline · preparing 1 mentee");
    // Mentees still to prepare cover their plans; an edited plan alone is named as one.
    expect(syncLine(status({ phase: "syncing", preparing: 2, preparingPlans: 40 }), now)).toBe(
      "Syncing · preparing 2 mentees",
    );
    expect(syncLine(status({ phase: "paused", waiting: 4, preparingPlans: 1 }), now)).toBe("Paused · preparing 1 plan");
    expect(syncLine(status({ phase: "syncing", waiting: 3, preparing: 0 }), now)).toBe(
      "Syncing · 3 changes on their way",
    );
  });
});

describe("changes made on two devices at once", () => {
  const conflict = (yours: string, theirs: string) => ({
    id: 1,
    what: "Notes of goal “Lead the offsite”",
    yours,
    theirs,
    kept: "yours" as const,
    planId: null,
    noticedAt: "2026-03-18T09:00:00Z",
  });

  it("counts what waits for a choice", () => {
    expect(toReview(1)).toBe("1 change to review");
    expect(toReview(3)).toBe("3 changes to review");
  });

  it("says what a choice kept in a line, however long the value", () => {
    expect(keptNotice(conflict("Draft the roadmap", "Other"), "yours")).toBe("Kept “Draft the roadmap”.");
    const long = `First line of a long note\n${"and then some more words ".repeat(10)}`;
    const notice = keptNotice(conflict("Short", long), "theirs");
    expect(notice).toBe("Kept “First line of a long note and then some more…”.");
    expect(keptNotice(conflict("Mine", "  "), "theirs")).toBe("Kept the empty value from the other device.");
    expect(keptNotice(conflict("", "Theirs"), "yours")).toBe("Kept the empty value on this device.");
  });
});

describe("following sync", () => {
  it("reads the status, then follows what Rust says, until stopped", async () => {
    api.syncStatus.mockResolvedValue(status({ phase: "connecting" }));
    const stop = startSync();
    await vi.waitFor(() => expect(sync.status.phase).toBe("connecting"));
    heard.status?.(status({ phase: "syncing", waiting: 2 }));
    expect(sync.status).toMatchObject({ phase: "syncing", waiting: 2 });
    stop();
    expect(unlisten).toHaveBeenCalledTimes(2);
  });

  it("keeps an event that arrives before the first answer", async () => {
    let answer: (value: SyncStatus) => void = () => {};
    api.syncStatus.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const stop = startSync();
    await vi.waitFor(() => expect(heard.status).toBeDefined());
    heard.status?.(status({ phase: "offline", waiting: 1 }));
    answer(status({ phase: "connecting" }));
    await Promise.resolve();
    await Promise.resolve();
    expect(sync.status.phase).toBe("offline");
    stop();
  });

  it("announces a plan shared with this person, and opens it under Shared with me", async () => {
    api.syncStatus.mockResolvedValue(status());
    api.sharedWithMe.mockResolvedValue([
      {
        planId: 4,
        menteeId: 30,
        planTitle: "Toward Staff",
        sharedBy: "Maria",
        menteeEditsPlan: false,
        exchangedAt: null,
        live: true,
      },
    ]);
    const stop = startSync();
    await vi.waitFor(() => expect(heard.arrived).toBeDefined());
    const before = arrivals.count;
    heard.arrived?.({ planId: 4, newPlan: "Toward Staff", notices: ["“Lead reviews” was made a draft."] });
    await vi.waitFor(() => expect(arrivals.count).toBe(before + 1));
    const messages = toasts.map((t) => t.message);
    expect(messages).toEqual(["“Toward Staff” was shared with you.", "“Lead reviews” was made a draft."]);
    await toasts[0]?.action?.run();
    expect(nav.screen).toBe("shared");
    expect(nav.sharedFocus?.planId).toBe(4);
    stop();
  });

  it("opens a plan that came from another device of one's own on its mentee", async () => {
    api.syncStatus.mockResolvedValue(status());
    api.sharedWithMe.mockResolvedValue([]);
    api.planView.mockResolvedValue({ plan: { id: 9, menteeId: 12 } });
    const stop = startSync();
    await vi.waitFor(() => expect(heard.arrived).toBeDefined());
    heard.arrived?.({ planId: 9, newPlan: "Grow the platform team", notices: [] });
    await vi.waitFor(() => expect(toasts).toHaveLength(1));
    expect(toasts[0]?.message).toBe("“Grow the platform team” arrived from your other device.");
    await toasts[0]?.action?.run();
    expect(nav.screen).toBe("mentees");
    expect(nav.focus).toMatchObject({ menteeId: 12, tab: "plan", planId: 9 });
    stop();
  });

  it("reads what is on screen again in place when changes arrive, keeping what was being typed", async () => {
    api.syncStatus.mockResolvedValue(status());
    api.sharedWithMe.mockResolvedValue([]);
    api.listTopics.mockResolvedValue([]);
    render(Topics, { planId: 4, status: null, menteeName: "Ana Lima" });
    await screen.findByText(/Note what you or Ana Lima want to raise/);
    await fireEvent.input(screen.getByTestId("topic-text"), { target: { value: "Ask about the offsite budget" } });
    api.listTopics.mockResolvedValue([
      { id: 1, planId: 4, text: "Talk about the offsite", addedBy: "mentee", addedOn: "2026-03-18", done: false },
    ]);
    const stop = startSync();
    await vi.waitFor(() => expect(heard.arrived).toBeDefined());
    heard.arrived?.({ planId: 4, newPlan: null, notices: [] });
    expect(await screen.findByText("Talk about the offsite")).toBeInTheDocument();
    expect(api.listTopics).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId("topic-text")).toHaveValue("Ask about the offsite budget");
    expect(toasts).toHaveLength(0);
    stop();
  });
});

describe("pairing", () => {
  it("pairs, and shows the status Rust then gives", async () => {
    api.syncPair.mockResolvedValue(pairing);
    api.syncStatus.mockResolvedValue(status({ phase: "connecting" }));
    await pair("sync.example.org", "K7Q2-9XWD", "Work laptop");
    expect(api.syncPair).toHaveBeenCalledWith("sync.example.org", "K7Q2-9XWD", "Work laptop");
    expect(sync.status).toMatchObject({ phase: "connecting", pairing });
  });

  it("shows the pairing even when the status cannot be read", async () => {
    api.syncPair.mockResolvedValue(pairing);
    api.syncStatus.mockRejectedValue({ code: "internal", message: "gone" });
    await pair("sync.example.org", "K7Q2-9XWD", "Work laptop");
    expect(sync.status).toMatchObject({ phase: "connecting", pairing });
  });

  it("pauses, and forgets the server", async () => {
    sync.status = status();
    api.syncSetPaused.mockResolvedValue({ ...pairing, paused: true });
    api.syncStatus.mockResolvedValue(status({ phase: "paused", pairing: { ...pairing, paused: true } }));
    await setPaused(true);
    expect(api.syncSetPaused).toHaveBeenCalledWith(true);
    expect(sync.status.phase).toBe("paused");
    api.syncForget.mockResolvedValue(undefined);
    await forget();
    expect(sync.status).toEqual(notSetUp);
  });
});
