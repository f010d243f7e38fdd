import { render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, expect, it } from "vitest";
import BackToList from "./BackToList.svelte";
import LoadedHarness from "../test/LoadedHarness.svelte";
import { lazy } from "../lib/lazy";
import { dismiss, toasts } from "../lib/toasts.svelte";

afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("shows nothing while the chunk arrives, then the part with its props", async () => {
  let arrive: (module: { default: typeof BackToList }) => void = () => {};
  const part = lazy(() => new Promise<{ default: typeof BackToList }>((resolve) => (arrive = resolve)));
  const { container } = render(LoadedHarness, { part, label: "Back to mentees" });
  await tick();
  expect(container.querySelector("[aria-busy='true']")).toBeInTheDocument();
  expect(container.textContent?.trim()).toBe("");

  arrive({ default: BackToList });
  expect(await screen.findByTestId("back-to-list")).toHaveTextContent("Back to mentees");
  expect(container.querySelector("[aria-busy]")).toBeNull();
});

it("shows a part whose chunk is in at once, without a frame in between", async () => {
  const part = lazy(() => Promise.resolve({ default: BackToList }));
  await part.load();
  render(LoadedHarness, { part, label: "Back to plans" });
  expect(screen.getByTestId("back-to-list")).toHaveTextContent("Back to plans");
});

it("says so when a chunk does not load, and loads it when opened again", async () => {
  let fail = true;
  const part = lazy(() =>
    fail
      ? Promise.reject(new TypeError("Importing a module script failed."))
      : Promise.resolve({ default: BackToList }),
  );
  const first = render(LoadedHarness, { part, label: "Back" });
  await expect.poll(() => toasts.map((t) => t.tone)).toEqual(["error"]);
  expect(toasts[0]?.message).toContain("Importing a module script failed.");
  first.unmount();

  fail = false;
  render(LoadedHarness, { part, label: "Back" });
  expect(await screen.findByTestId("back-to-list")).toBeInTheDocument();
});
