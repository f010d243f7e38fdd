// Settings → Calendar file: off until a file is chosen in the save dialog; then its path,
// when it was last written and any problem, read again every few seconds while shown.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { CalendarFileStatus } from "../../lib/bindings/CalendarFileStatus";

const api = { calendarFileStatus: vi.fn(), keepCalendarFile: vi.fn(), stopCalendarFile: vi.fn() };
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { dismiss, toasts } = await import("../../lib/toasts.svelte");
const { default: CalendarFileSection } = await import("./CalendarFileSection.svelte");

const OFF: CalendarFileStatus = { path: null, writtenAt: null, problem: null };
const KEPT: CalendarFileStatus = {
  path: "/home/ana/Calendars/Waymark.ics",
  writtenAt: new Date().toISOString(),
  problem: null,
};

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
  vi.useRealTimers();
});

it("explains itself and, while off, offers to choose a file", async () => {
  api.calendarFileStatus.mockResolvedValue(OFF);
  api.keepCalendarFile.mockResolvedValue({ ...KEPT, writtenAt: null });
  render(CalendarFileSection);
  expect(screen.getByTestId("calendar-file")).toHaveTextContent(
    "Keep a calendar file up to date for calendar apps that subscribe to a file: due milestones and each mentee's 1:1 schedule.",
  );
  const keep = await screen.findByTestId("calendar-file-keep");
  expect(keep).toHaveTextContent("Choose a file…");
  expect(screen.queryByTestId("calendar-file-path")).toBeNull();

  await userEvent.setup().click(keep);
  expect(api.keepCalendarFile).toHaveBeenCalledTimes(1);
  expect(await screen.findByTestId("calendar-file-path")).toHaveTextContent("/home/ana/Calendars/Waymark.ics");
  expect(screen.getByTestId("calendar-file-written")).toHaveTextContent("Writing it now…");
  expect(toasts.map((t) => t.message)).toContain("Waymark keeps /home/ana/Calendars/Waymark.ics up to date.");
});

it("stays off, without a word, when the dialog is cancelled", async () => {
  api.calendarFileStatus.mockResolvedValue(OFF);
  api.keepCalendarFile.mockResolvedValue(OFF);
  render(CalendarFileSection);
  await userEvent.setup().click(await screen.findByTestId("calendar-file-keep"));
  await waitFor(() => expect(api.keepCalendarFile).toHaveBeenCalled());
  expect(screen.getByTestId("calendar-file-keep")).toBeEnabled();
  expect(toasts).toHaveLength(0);
});

it("shows the file kept, when it was written, and stops keeping it", async () => {
  api.calendarFileStatus.mockResolvedValue(KEPT);
  api.stopCalendarFile.mockResolvedValue(OFF);
  render(CalendarFileSection);
  expect(await screen.findByTestId("calendar-file-path")).toHaveTextContent("/home/ana/Calendars/Waymark.ics");
  expect(screen.getByTestId("calendar-file-written")).toHaveTextContent(/^Last written at \d/);
  expect(screen.getByTestId("calendar-file-change")).toHaveTextContent("Choose another file…");
  expect(screen.queryByTestId("calendar-file-problem")).toBeNull();

  await userEvent.setup().click(screen.getByTestId("calendar-file-stop"));
  expect(await screen.findByTestId("calendar-file-keep")).toBeInTheDocument();
  expect(toasts.map((t) => t.message)).toContain(
    "Waymark no longer keeps the calendar file. The file stays as it was.",
  );
});

it("says a failed write in plain words, without the system's error number", async () => {
  api.calendarFileStatus.mockResolvedValue({
    ...KEPT,
    problem: "could not write /home/ana/Calendars/Waymark.ics: Permission denied (os error 13)",
  });
  render(CalendarFileSection);
  const problem = await screen.findByTestId("calendar-file-problem");
  expect(problem).toHaveTextContent(
    "Could not write /home/ana/Calendars/Waymark.ics: Permission denied. Waymark tries again every few seconds",
  );
  expect(problem).not.toHaveTextContent("os error");
});

it("reads the status again every few seconds while kept, and stops when it leaves", async () => {
  vi.useFakeTimers();
  api.calendarFileStatus.mockResolvedValueOnce(KEPT).mockResolvedValue({ ...KEPT, problem: "The disk is full." });
  const { unmount } = render(CalendarFileSection, { every: 1000 });
  await vi.advanceTimersByTimeAsync(0);
  expect(api.calendarFileStatus).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(1000);
  expect(api.calendarFileStatus).toHaveBeenCalledTimes(2);
  expect(screen.getByTestId("calendar-file-problem")).toHaveTextContent("The disk is full.");
  await vi.advanceTimersByTimeAsync(3000);
  expect(api.calendarFileStatus).toHaveBeenCalledTimes(5);
  unmount();
  await vi.advanceTimersByTimeAsync(10_000);
  expect(api.calendarFileStatus).toHaveBeenCalledTimes(5);
});

it("does not read again while off", async () => {
  vi.useFakeTimers();
  api.calendarFileStatus.mockResolvedValue(OFF);
  render(CalendarFileSection, { every: 1000 });
  await vi.advanceTimersByTimeAsync(10_000);
  expect(api.calendarFileStatus).toHaveBeenCalledTimes(1);
});
