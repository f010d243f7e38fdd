import { beforeEach, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { api, AppError, toAppError } = await import("./api");

beforeEach(() => {
  invoke.mockReset();
});

it("passes arguments under the names the Rust commands expect", async () => {
  invoke.mockResolvedValue([]);
  const query = { search: "ana", archive: "all", offset: 100, limit: 100 } as const;
  await api.listMentees(query);
  expect(invoke).toHaveBeenCalledWith("list_mentees", { query });
  const limits = { overdue: 20, upcoming: 20, plans: 70, drifting: 20, notSeen: 20 };
  await api.dashboard(limits);
  expect(invoke).toHaveBeenLastCalledWith("get_dashboard", { limits });
  await api.setMenteeArchived(4, true);
  expect(invoke).toHaveBeenLastCalledWith("set_mentee_archived", { id: 4, archived: true });
});

it("turns a rejected payload into an AppError that keeps code and field", async () => {
  invoke.mockImplementation(async () => {
    throw { code: "invalid_input", message: "Name cannot be empty.", field: "name" };
  });
  const error = await api
    .createMentee({
      name: "",
      currentRole: "",
      currentLeaderTypeId: null,
      targetLeaderTypeId: null,
      roleTrackKey: null,
      startDate: null,
      notes: "",
      isSelf: false,
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  const { code, field, message } = error as InstanceType<typeof AppError>;
  expect({ code, field, message }).toEqual({ code: "invalid_input", field: "name", message: "Name cannot be empty." });
});

it("wraps anything else in plain words", () => {
  const error = toAppError("ipc went away");
  expect(error.code).toBe("internal");
  expect(error.message).toContain("ipc went away");
});
