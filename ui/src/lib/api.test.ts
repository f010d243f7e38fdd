import { beforeEach, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
const listen = vi.fn();
vi.mock("@tauri-apps/api/event", () => ({ listen: (...args: unknown[]) => listen(...args) }));

const { api, AppError, onOpenReminder, onSharedPlanArrived, toAppError } = await import("./api");

beforeEach(() => {
  invoke.mockReset();
  listen.mockReset();
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

it("shares and merges plans under the names the Rust commands expect", async () => {
  invoke.mockResolvedValue(null);
  const request = { planId: 3, fromName: "Maria", menteeEditsPlan: false, includeAssessments: false };
  await api.sharePlan(request);
  expect(invoke).toHaveBeenLastCalledWith("share_plan", { request });
  await api.sharePreview(3);
  expect(invoke).toHaveBeenLastCalledWith("share_preview", { planId: 3 });
  await api.shareStatus(3);
  expect(invoke).toHaveBeenLastCalledWith("share_status", { planId: 3 });
  await api.openSharedPlan();
  expect(invoke).toHaveBeenLastCalledWith("open_shared_plan", undefined);
  await api.waitingSharedPlan();
  expect(invoke).toHaveBeenLastCalledWith("waiting_shared_plan", undefined);
  const choices = [{ id: "a", keep: "theirs" }] as const;
  await api.mergeSharedPlan([...choices]);
  expect(invoke).toHaveBeenLastCalledWith("merge_shared_plan", { choices });
  await api.unlockSharedPlan("a long passphrase");
  expect(invoke).toHaveBeenLastCalledWith("unlock_shared_plan", { passphrase: "a long passphrase" });
  await api.forgetSharedPlan();
  expect(invoke).toHaveBeenLastCalledWith("forget_shared_plan", undefined);
  await api.addTopic(3, "Promotion timeline");
  expect(invoke).toHaveBeenLastCalledWith("add_topic", { planId: 3, text: "Promotion timeline" });
  await api.setTopicDone(9, true);
  expect(invoke).toHaveBeenLastCalledWith("set_topic_done", { id: 9, done: true });
  await api.listComments(3);
  expect(invoke).toHaveBeenLastCalledWith("list_comments", { planId: 3 });
  await api.addComment(3, "See you Tuesday");
  expect(invoke).toHaveBeenLastCalledWith("add_comment", { planId: 3, text: "See you Tuesday" });
  await api.deleteComment(8);
  expect(invoke).toHaveBeenLastCalledWith("delete_comment", { id: 8 });
  await api.restoreComment(8);
  expect(invoke).toHaveBeenLastCalledWith("restore_comment", { id: 8 });
});

it("keeps the code of a refused shared file, with its plain message", async () => {
  invoke.mockRejectedValue({ code: "shared_file_refused", message: "This file was changed after it was saved." });
  const error = (await api.waitingSharedPlan().catch((e: unknown) => e)) as InstanceType<typeof AppError>;
  expect(error.code).toBe("shared_file_refused");
  expect(error.message).toBe("This file was changed after it was saved.");
});

it("hears a shared plan file arrive, and stops hearing it", async () => {
  const unlisten = vi.fn();
  listen.mockResolvedValue(unlisten);
  const arrived = vi.fn();
  const stop = await onSharedPlanArrived(arrived);
  expect(listen).toHaveBeenCalledWith("shared-plan-arrived", expect.any(Function));
  (listen.mock.calls[0]?.[1] as (event: unknown) => void)({ payload: null });
  expect(arrived).toHaveBeenCalledOnce();
  stop();
  expect(unlisten).toHaveBeenCalledOnce();
});

it("hears a clicked reminder with what it opens", async () => {
  const unlisten = vi.fn();
  listen.mockResolvedValue(unlisten);
  const opened = vi.fn();
  const stop = await onOpenReminder(opened);
  expect(listen).toHaveBeenCalledWith("open-reminder", expect.any(Function));
  const opens = { kind: "mentee", mentee_id: 4 };
  (listen.mock.calls[0]?.[1] as (event: unknown) => void)({ payload: opens });
  expect(opened).toHaveBeenCalledWith(opens);
  stop();
  expect(unlisten).toHaveBeenCalledOnce();
});

it("calls the rhythm and evidence commands under the names Rust expects", async () => {
  invoke.mockResolvedValue(null);
  await api.setMenteeRhythm(4, { cadence: "fortnightly", talkingPoints: "Wellbeing" });
  expect(invoke).toHaveBeenLastCalledWith("set_mentee_rhythm", {
    id: 4,
    rhythm: { cadence: "fortnightly", talkingPoints: "Wellbeing" },
  });
  await api.tickAgenda(9, 2, true);
  expect(invoke).toHaveBeenLastCalledWith("tick_agenda", { sessionId: 9, position: 2, ticked: true });
  await api.evidenceForAssessment(4, null, "2026-12-01");
  expect(invoke).toHaveBeenLastCalledWith("evidence_for_assessment", {
    menteeId: 4,
    assessmentId: null,
    assessedOn: "2026-12-01",
  });
});
