import { fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import Toasts from "./Toasts.svelte";
import { dismiss, notify, releaseToasts, toasts } from "../lib/toasts.svelte";

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  releaseToasts();
  for (const t of [...toasts]) dismiss(t.id);
  vi.useRealTimers();
});

it("keeps a notice while its Undo has focus, and lets it go after focus leaves", async () => {
  const outside = document.body.appendChild(document.createElement("button"));
  render(Toasts);
  notify("Goal deleted", { action: { label: "Undo", run: () => {} } });
  await tick();
  const undo = screen.getByRole("button", { name: "Undo" });
  await fireEvent.focusIn(undo);
  vi.advanceTimersByTime(30_000);
  await tick();
  expect(screen.getByText("Goal deleted")).toBeInTheDocument();

  await fireEvent.focusOut(undo, { relatedTarget: outside });
  vi.advanceTimersByTime(7900); // held from the start, so all of its 8 s are still left
  await tick();
  expect(screen.getByText("Goal deleted")).toBeInTheDocument();
  vi.advanceTimersByTime(100);
  await tick();
  expect(screen.queryByText("Goal deleted")).not.toBeInTheDocument();
});

it("keeps the notices while the pointer is on them", async () => {
  const { container } = render(Toasts);
  notify("Saved");
  await tick();
  const stack = container.querySelector(".toasts") as HTMLElement;
  await fireEvent.pointerEnter(stack);
  vi.advanceTimersByTime(30_000);
  await tick();
  expect(screen.getByText("Saved")).toBeInTheDocument();
  await fireEvent.pointerLeave(stack);
  vi.advanceTimersByTime(4000);
  await tick();
  expect(screen.queryByText("Saved")).not.toBeInTheDocument();
});
