import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { dismiss, holdToasts, notify, releaseToasts, toasts, undoNewest } from "./toasts.svelte";

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  releaseToasts();
  for (const toast of [...toasts]) dismiss(toast.id);
  vi.useRealTimers();
});

const messages = () => toasts.map((t) => t.message);

it("lets a notice go on its own, a notice with Undo later", () => {
  notify("Saved");
  notify("Goal deleted", { action: { label: "Undo", run: () => {} } });
  vi.advanceTimersByTime(4000);
  expect(messages()).toEqual(["Goal deleted"]);
  vi.advanceTimersByTime(4000);
  expect(messages()).toEqual([]);
});

it("keeps every notice while held, then gives each at least a few seconds", () => {
  notify("Goal deleted", { action: { label: "Undo", run: () => {} } });
  vi.advanceTimersByTime(7000);
  holdToasts();
  vi.advanceTimersByTime(60_000);
  expect(messages()).toEqual(["Goal deleted"]);
  notify("Saved"); // arrives while held: waits too
  vi.advanceTimersByTime(60_000);
  expect(messages()).toEqual(["Goal deleted", "Saved"]);
  releaseToasts();
  vi.advanceTimersByTime(2900);
  expect(messages()).toEqual(["Goal deleted", "Saved"]);
  vi.advanceTimersByTime(1100); // the held 1 s became 3 s; Saved still had its 4 s
  expect(messages()).toEqual([]);
});

it("Ctrl+Z runs the newest Undo, once, and nothing when none is offered", () => {
  const undone: string[] = [];
  notify("Milestone deleted", { action: { label: "Undo", run: () => void undone.push("milestone") } });
  notify("Goal deleted", { action: { label: "Undo", run: () => void undone.push("goal") } });
  notify("PDF saved", { action: { label: "Show in folder", run: () => void undone.push("folder") } });
  expect(undoNewest()).toBe(true);
  expect(undone).toEqual(["goal"]);
  expect(messages()).toEqual(["Milestone deleted", "PDF saved"]);
  expect(undoNewest()).toBe(true);
  expect(undoNewest()).toBe(false);
  expect(undone).toEqual(["goal", "milestone"]);
});

it("shows at most three, the oldest giving way", () => {
  for (const n of [1, 2, 3, 4]) notify(`Notice ${n}`);
  expect(messages()).toEqual(["Notice 2", "Notice 3", "Notice 4"]);
});
