import { afterEach, expect, it, vi } from "vitest";
import BackToList from "../components/BackToList.svelte";
import { lazy, prefetch } from "./lazy";

afterEach(() => {
  vi.useRealTimers();
});

const chunk = () => Promise.resolve({ default: BackToList });

it("fetches a chunk once, however often it is asked for", async () => {
  const importer = vi.fn(chunk);
  const part = lazy(importer);
  const first = part.get();
  expect(first).toBeInstanceOf(Promise);
  expect(part.get()).toBe(first);
  expect(await first).toBe(BackToList);
  // Once in, the component itself: shown in the same frame, with no promise to wait for.
  expect(part.get()).toBe(BackToList);
  expect(await part.load()).toBe(BackToList);
  expect(importer).toHaveBeenCalledTimes(1);
});

it("tries a chunk that failed to load again when it is next asked for", async () => {
  const importer = vi
    .fn<() => Promise<{ default: typeof BackToList }>>()
    .mockRejectedValueOnce(new TypeError("Importing a module script failed."))
    .mockImplementation(chunk);
  const part = lazy(importer);
  await expect(part.load()).rejects.toThrow("Importing a module script failed.");
  expect(await part.get()).toBe(BackToList);
  expect(importer).toHaveBeenCalledTimes(2);
});

it("prefetches one chunk at a time, each when the page is idle, past one that fails", async () => {
  vi.useFakeTimers();
  const order: string[] = [];
  const part = (name: string, fails = false) =>
    lazy(() => {
      order.push(name);
      return fails ? Promise.reject(new Error(name)) : chunk();
    });
  prefetch([part("mentees"), part("catalogue", true), part("settings")]);
  expect(order).toEqual([]);
  await vi.advanceTimersToNextTimerAsync();
  expect(order).toEqual(["mentees"]);
  await vi.runAllTimersAsync();
  expect(order).toEqual(["mentees", "catalogue", "settings"]);
});
