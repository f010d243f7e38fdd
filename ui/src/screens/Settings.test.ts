// Settings shows once every section has read what it shows, so nothing on it moves under the
// pointer as the reads come in; a read that hangs hides it for a moment only.
import { render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { DataFileStatus } from "../lib/bindings/DataFileStatus";

const api = {
  listBackups: vi.fn(),
  settings: vi.fn(),
  reminderSettings: vi.fn(),
  startAtLogin: vi.fn(),
  calendarFileStatus: vi.fn(),
  syncConflicts: vi.fn(),
};
vi.mock("../lib/api", async (original) => ({ ...(await original<typeof import("../lib/api")>()), api }));

const { default: Settings } = await import("./Settings.svelte");

const status: DataFileStatus = {
  path: "/home/ana/.local/share/waymark/waymark.sqlite3",
  error: null,
  demo: false,
  upgrading: null,
};

/** A read that answers only when `answer` is called. */
function held<T>(value: T) {
  let answer = () => {};
  const read = new Promise<T>((resolve) => (answer = () => resolve(value)));
  return { read, answer };
}

beforeEach(() => {
  vi.useFakeTimers();
  for (const fn of Object.values(api)) fn.mockReset();
  api.listBackups.mockResolvedValue([]);
  api.settings.mockResolvedValue({ notSeenDays: 21, mentorName: "Ana", backupsKept: 7 });
  api.reminderSettings.mockResolvedValue({
    milestones: true,
    sessions: true,
    summaryAt: "09:00",
    quietFrom: "20:00",
    quietUntil: "08:00",
  });
  api.startAtLogin.mockResolvedValue(false);
  api.calendarFileStatus.mockResolvedValue({ path: null, writtenAt: null, problem: null });
});
afterEach(() => vi.useRealTimers());

it("stays hidden until the last section has read what it shows", async () => {
  const calendar = held({ path: null, writtenAt: null, problem: null });
  api.calendarFileStatus.mockReturnValue(calendar.read);
  render(Settings, { status });
  const page = screen.getByTestId("settings");

  await vi.advanceTimersByTimeAsync(50);
  // Backups, settings and reminders are in; the calendar file is not.
  expect(screen.getByTestId("backups-kept")).toHaveValue(7);
  expect(page).toHaveAttribute("aria-busy", "true");
  expect(page).toHaveClass("settling");

  calendar.answer();
  await vi.advanceTimersByTimeAsync(0);
  expect(page).toHaveAttribute("aria-busy", "false");
  expect(page).not.toHaveClass("settling");
});

it("shows as it stands when a read hangs", async () => {
  api.reminderSettings.mockReturnValue(new Promise(() => {}));
  render(Settings, { status });
  const page = screen.getByTestId("settings");

  await vi.advanceTimersByTimeAsync(300);
  expect(page).toHaveAttribute("aria-busy", "true");
  await vi.advanceTimersByTimeAsync(150);
  expect(page).toHaveAttribute("aria-busy", "false");
  expect(screen.getByTestId("export-archive")).toBeVisible();
});

it("shows once a failed read has said so", async () => {
  api.calendarFileStatus.mockRejectedValue({ code: "io", message: "no" });
  api.startAtLogin.mockRejectedValue({ code: "io", message: "no" });
  render(Settings, { status });
  await vi.advanceTimersByTimeAsync(0);
  expect(screen.getByTestId("settings")).toHaveAttribute("aria-busy", "false");
  expect(screen.getByText("Starting with your session is not available on this computer.")).toBeInTheDocument();
});
