import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { poll } from "./poll";

let visibility: DocumentVisibilityState = "visible";
beforeEach(() => {
  vi.useFakeTimers();
  visibility = "visible";
  vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const becomes = (state: DocumentVisibilityState) => {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
};

it("reads every few seconds, one read at a time", async () => {
  let finish: () => void = () => {};
  const read = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
  const stop = poll(read, { every: 1000, reads: 10 });
  expect(read).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1000);
  expect(read).toHaveBeenCalledTimes(1);
  // A slow read holds the next one back.
  await vi.advanceTimersByTimeAsync(5000);
  expect(read).toHaveBeenCalledTimes(1);
  finish();
  await vi.advanceTimersByTimeAsync(1000);
  expect(read).toHaveBeenCalledTimes(2);
  stop();
});

it("stops after its allowance, and starts afresh when the window is shown again", async () => {
  const read = vi.fn(() => Promise.resolve());
  const stop = poll(read, { every: 1000, reads: 3 });
  await vi.advanceTimersByTimeAsync(10_000);
  expect(read).toHaveBeenCalledTimes(3);
  becomes("hidden");
  becomes("visible");
  await vi.advanceTimersByTimeAsync(0);
  expect(read).toHaveBeenCalledTimes(4);
  await vi.advanceTimersByTimeAsync(10_000);
  expect(read).toHaveBeenCalledTimes(6);
  stop();
});

it("reads nothing while the window is hidden, and keeps going after a failed read", async () => {
  const read = vi.fn().mockRejectedValueOnce(new Error("busy")).mockResolvedValue(undefined);
  const stop = poll(read, { every: 1000, reads: 100 });
  await vi.advanceTimersByTimeAsync(2000);
  expect(read).toHaveBeenCalledTimes(2);
  becomes("hidden");
  await vi.advanceTimersByTimeAsync(10_000);
  expect(read).toHaveBeenCalledTimes(2);
  becomes("visible");
  await vi.advanceTimersByTimeAsync(0);
  expect(read).toHaveBeenCalledTimes(3);
  stop();
});

it("reads nothing more once stopped", async () => {
  const read = vi.fn(() => Promise.resolve());
  const stop = poll(read, { every: 1000, reads: 100 });
  await vi.advanceTimersByTimeAsync(1000);
  stop();
  await vi.advanceTimersByTimeAsync(10_000);
  becomes("visible");
  await vi.advanceTimersByTimeAsync(10_000);
  expect(read).toHaveBeenCalledTimes(1);
});
