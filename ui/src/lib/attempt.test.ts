import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "./api";
import { attempt, reloadingWith, undoable } from "./attempt";
import { dismiss, toasts } from "./toasts.svelte";

const refused = () => Promise.reject({ code: "conflict", message: "Another plan is already active." });

afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

describe("attempt", () => {
  it("toasts the success only after the work succeeded", async () => {
    const work = vi.fn(() => Promise.resolve(3));
    expect(await attempt(work, (n) => `${n} saved.`)).toBe(true);
    expect(toasts.map((t) => [t.message, t.tone])).toEqual([["3 saved.", "info"]]);
  });

  it("toasts the error instead of the success when the work fails", async () => {
    expect(
      await attempt(
        refused,
        undoable("Plan deleted.", () => Promise.resolve()),
      ),
    ).toBe(false);
    expect(toasts.map((t) => [t.message, t.tone, t.action])).toEqual([
      ["Another plan is already active.", "error", undefined],
    ]);
  });

  it("lets a caller take an error it shows elsewhere", async () => {
    const taken: AppError[] = [];
    await attempt(refused, "Saved.", { handle: (e) => (taken.push(e), e.code === "conflict") });
    expect(taken.map((e) => e.code)).toEqual(["conflict"]);
    expect(toasts).toHaveLength(0);
  });
});

describe("undoable", () => {
  it("shows why an Undo was refused", async () => {
    await attempt(() => Promise.resolve(), undoable("Plan deleted.", refused));
    const undo = toasts[0]?.action;
    expect(undo?.label).toBe("Undo");
    await undo?.run();
    expect(toasts.at(-1)).toMatchObject({ message: "Another plan is already active.", tone: "error" });
  });
});

describe("reloadingWith", () => {
  it("reads afresh after a change, and after a failed one, showing the change's own error", async () => {
    const reload = vi.fn(() => Promise.reject(new Error("offline")));
    const { act } = reloadingWith(reload);
    expect(await act(refused, "Deleted.")).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(toasts.map((t) => t.message)).toEqual(["Another plan is already active."]);
  });
});
