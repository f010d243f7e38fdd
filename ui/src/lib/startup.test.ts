// Work kept for after the first screen waits for its paint, and never for ever.
import { afterEach, beforeEach, expect, it, vi } from "vitest";

const api = { firstScreenShown: vi.fn() };
vi.mock("./api", () => ({ api }));

// Each test starts with a page that has not shown its first screen yet.
async function freshStartup() {
  vi.resetModules();
  return import("./startup");
}

// The frame the first screen paints in, and the task queued after it.
async function nextPaint() {
  await vi.advanceTimersByTimeAsync(20);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "requestAnimationFrame", "cancelAnimationFrame"] });
  api.firstScreenShown.mockReset().mockResolvedValue(undefined);
});

afterEach(() => {
  vi.useRealTimers();
});

it("runs kept work once the first screen has painted, and later work at once", async () => {
  const startup = await freshStartup();
  const task = vi.fn();
  startup.afterFirstScreen(task);
  await vi.advanceTimersByTimeAsync(100);
  expect(task).not.toHaveBeenCalled();

  startup.firstScreenShown();
  await nextPaint();
  expect(api.firstScreenShown).toHaveBeenCalledTimes(1);
  expect(task).toHaveBeenCalledTimes(1);

  const later = vi.fn();
  startup.afterFirstScreen(later);
  expect(later).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(startup.AFTER_FIRST_SCREEN_AT_LATEST);
  expect(task).toHaveBeenCalledTimes(1);
});

it("runs kept work at the latest after a while when no first screen reports", async () => {
  const startup = await freshStartup();
  const task = vi.fn();
  startup.afterFirstScreen(task);
  await vi.advanceTimersByTimeAsync(startup.AFTER_FIRST_SCREEN_AT_LATEST - 1);
  expect(task).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(task).toHaveBeenCalledTimes(1);

  // A first screen that reports afterwards still tells the shell, and runs nothing twice.
  startup.firstScreenShown();
  await nextPaint();
  expect(api.firstScreenShown).toHaveBeenCalledTimes(1);
  expect(task).toHaveBeenCalledTimes(1);
});

it("starts nothing that was stopped before the first screen, and stops what it started", async () => {
  const startup = await freshStartup();
  const stopEarly = vi.fn();
  const early = vi.fn(() => stopEarly);
  startup.startAfterFirstScreen(early)();

  const stopLater = vi.fn();
  const later = vi.fn(() => stopLater);
  const stop = startup.startAfterFirstScreen(later);

  startup.firstScreenShown();
  await nextPaint();
  expect(early).not.toHaveBeenCalled();
  expect(later).toHaveBeenCalledTimes(1);
  expect(stopLater).not.toHaveBeenCalled();
  stop();
  expect(stopLater).toHaveBeenCalledTimes(1);
  expect(stopEarly).not.toHaveBeenCalled();
});
