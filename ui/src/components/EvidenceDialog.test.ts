// Capturing evidence in seconds: who and when are filled in, Enter saves only a complete
// entry, errors stand beside their fields, and saving tells every list to read again.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Evidence } from "../lib/bindings/Evidence";
import type { Goal } from "../lib/bindings/Goal";
import type { Plan } from "../lib/bindings/Plan";
import { todayIso } from "../lib/format";
import { catalogue, mentee } from "../test/fixtures";

const api = {
  listMentees: vi.fn(),
  getMentee: vi.fn(),
  listPlans: vi.fn(),
  planView: vi.fn(),
  createEvidence: vi.fn(),
  updateEvidence: vi.fn(),
};
vi.mock("../lib/api", async (original) => ({ ...(await original<typeof import("../lib/api")>()), api }));

const { viewing } = await import("../lib/app.svelte");
const { evidenceChanges } = await import("../lib/capture.svelte");
const { dismiss, toasts } = await import("../lib/toasts.svelte");
const { default: EvidenceDialog } = await import("./EvidenceDialog.svelte");

const row = (id: number, name: string) => ({
  id,
  name,
  currentRole: "",
  targetLeaderType: null,
  targetFamily: null,
  roleTrack: null,
  startDate: null,
  isSelf: false,
  archived: false,
});
const plan = (id: number, status: Plan["status"]): Plan => ({
  id,
  menteeId: 4,
  title: `Plan ${id}`,
  leaderTypeId: 1,
  roleTrackKey: "tech_lead",
  startsOn: "2026-01-01",
  targetOn: "2026-12-31",
  status,
  targets: { competencies: [], spectrums: [] },
  createdAt: "",
  updatedAt: "",
});
const goal: Goal = {
  id: 5,
  planId: 2,
  title: "Grow the team",
  description: "",
  position: 0,
  competencyKeys: ["team_management"],
  themeKeys: [],
  milestones: [
    {
      id: 50,
      goalId: 5,
      title: "Run the hiring loop",
      dueOn: null,
      status: "planned",
      completedOn: null,
      evidence: "",
      links: [],
      position: 0,
    },
  ],
};
const saved: Evidence = {
  id: 70,
  menteeId: 4,
  planId: 2,
  milestoneId: null,
  milestoneTitle: null,
  observedOn: todayIso(),
  title: "Led the incident review",
  link: "",
  note: "",
  addedBy: "mentor",
  competencyKeys: ["technical_expertise"],
};

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.listMentees.mockResolvedValue({ rows: [row(3, "Bo Chen"), row(4, "Ana Lima")], total: 2 });
  api.getMentee.mockResolvedValue(mentee);
  api.listPlans.mockResolvedValue([plan(1, "completed"), plan(2, "active")]);
  api.planView.mockResolvedValue({ goals: [goal] });
  viewing.menteeId = 4;
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
  viewing.menteeId = null;
});

it("starts on the mentee on screen, today and their active plan, with the title focused", async () => {
  render(EvidenceDialog, { catalogue, onclose: vi.fn() });
  expect(screen.getByTestId("evidence-title")).toHaveFocus();
  expect(screen.getByTestId("evidence-date")).toHaveValue(todayIso());
  await waitFor(() => expect(screen.getByTestId("evidence-plan")).toHaveDisplayValue("Plan 2"));
  expect(screen.getByTestId("evidence-mentee")).toHaveDisplayValue("Ana Lima");
  expect(api.listPlans).toHaveBeenCalledWith(4);
  expect(screen.getByTestId("evidence-milestone")).toHaveTextContent("Run the hiring loop");
});

it("reads a first page of active mentees, never all of them, and finds others as typed", async () => {
  render(EvidenceDialog, { catalogue, onclose: vi.fn() });
  await waitFor(() => expect(screen.getByTestId("evidence-plan")).toHaveDisplayValue("Plan 2"));
  expect(api.listMentees).toHaveBeenCalledExactlyOnceWith({ search: "", archive: "active", offset: 0, limit: 20 });
  api.listMentees.mockResolvedValue({ rows: [row(3, "Bo Chen")], total: 1 });
  api.listPlans.mockResolvedValue([]);
  const user = userEvent.setup();
  await user.click(screen.getByRole("combobox", { name: "For" }));
  await user.keyboard("bo");
  await waitFor(() => expect(within(screen.getByRole("listbox")).getAllByRole("option")).toHaveLength(1));
  await user.keyboard("{Enter}");
  expect(api.createEvidence).not.toHaveBeenCalled();
  await waitFor(() => expect(api.listPlans).toHaveBeenLastCalledWith(3));
  expect(screen.getByTestId("evidence-mentee")).toHaveValue("Bo Chen");
  expect(screen.getByTestId("evidence-plan")).toHaveDisplayValue("No plan yet");
});

it("offers the archived mentee it was opened for", async () => {
  api.getMentee.mockResolvedValue({ ...mentee, id: 9, name: "Dee Okafor", archivedAt: "2026-02-01T00:00:00Z" });
  render(EvidenceDialog, { catalogue, menteeId: 9, onclose: vi.fn() });
  await waitFor(() => expect(screen.getByTestId("evidence-mentee")).toHaveValue("Dee Okafor"));
  expect(api.listPlans).toHaveBeenCalledWith(9);
  await userEvent.setup().click(screen.getByTestId("evidence-mentee"));
  expect(within(screen.getByRole("listbox")).getAllByRole("option")[0]).toHaveTextContent("Dee Okafor");
  expect(within(screen.getByRole("listbox")).getAllByRole("option")[0]).toHaveTextContent("Archived");
});

it("goes on to the competencies on Enter while the entry is incomplete, then saves on Enter", async () => {
  api.createEvidence.mockResolvedValue(saved);
  const onclose = vi.fn();
  const before = evidenceChanges.count;
  render(EvidenceDialog, { catalogue, onclose });
  await waitFor(() => expect(screen.getByTestId("evidence-plan")).toHaveDisplayValue("Plan 2"));
  const user = userEvent.setup();
  await user.type(screen.getByTestId("evidence-title"), "Led the incident review{Enter}");
  expect(api.createEvidence).not.toHaveBeenCalled();
  expect(screen.getByTestId("evidence-competency-technical_expertise")).toHaveFocus();
  await user.click(screen.getByTestId("evidence-competency-technical_expertise"));
  await user.type(screen.getByTestId("evidence-title"), "{Enter}");
  expect(api.createEvidence).toHaveBeenCalledWith(4, {
    planId: 2,
    milestoneId: null,
    observedOn: todayIso(),
    title: "Led the incident review",
    link: "",
    note: "",
    competencyKeys: ["technical_expertise"],
  });
  await waitFor(() => expect(onclose).toHaveBeenCalled());
  expect(toasts.map((t) => t.message)).toContain("Evidence saved.");
  expect(evidenceChanges.count).toBe(before + 1);
});

it("saves with Ctrl+Enter and shows a refused field beside it", async () => {
  api.createEvidence.mockRejectedValue({
    code: "invalid_input",
    message: "Choose at least one competency this evidence shows.",
    field: "competencyKeys",
  });
  render(EvidenceDialog, { catalogue, onclose: vi.fn() });
  await waitFor(() => expect(screen.getByTestId("evidence-plan")).toHaveDisplayValue("Plan 2"));
  const user = userEvent.setup();
  await user.type(screen.getByTestId("evidence-title"), "Gave hard feedback well");
  await user.click(screen.getByTestId("evidence-note"));
  await user.keyboard("{Control>}{Enter}{/Control}");
  expect(api.createEvidence).toHaveBeenCalledOnce();
  expect(await screen.findByText("Choose at least one competency this evidence shows.")).toBeInTheDocument();
  expect(screen.getByTestId("evidence-competency-team_management")).toHaveAttribute("aria-invalid", "true");
});

it("uses the milestone's goal competencies when none are chosen", async () => {
  render(EvidenceDialog, { catalogue, onclose: vi.fn() });
  await waitFor(() => expect(screen.getByTestId("evidence-plan")).toHaveDisplayValue("Plan 2"));
  await userEvent.setup().selectOptions(screen.getByTestId("evidence-milestone"), "Run the hiring loop");
  expect(screen.getByText(/those of the goal “Grow the team” are used \(Team Management\)/)).toBeInTheDocument();
});

it("says so when there is no one to record evidence for", async () => {
  api.listMentees.mockResolvedValue({ rows: [], total: 0 });
  viewing.menteeId = null;
  render(EvidenceDialog, { catalogue, onclose: vi.fn() });
  expect(await screen.findByTestId("evidence-no-mentees")).toHaveTextContent(
    "There is no one to record evidence for yet.",
  );
  expect(screen.queryByTestId("evidence-save")).toBeNull();
});

it("edits an entry of its mentee, with Undo putting it back", async () => {
  api.getMentee.mockResolvedValue(mentee);
  api.updateEvidence.mockResolvedValue({ ...saved, title: "Led two incident reviews" });
  const onclose = vi.fn();
  render(EvidenceDialog, { catalogue, existing: saved, onclose });
  const title = screen.getByTestId("evidence-title");
  expect(title).toHaveValue("Led the incident review");
  const user = userEvent.setup();
  await user.clear(title);
  await user.type(title, "Led two incident reviews{Enter}");
  expect(api.updateEvidence).toHaveBeenCalledWith(70, expect.objectContaining({ title: "Led two incident reviews" }));
  await waitFor(() => expect(onclose).toHaveBeenCalled());
  await toasts.find((t) => t.message === "Evidence saved.")!.action!.run();
  expect(api.updateEvidence).toHaveBeenLastCalledWith(
    70,
    expect.objectContaining({ title: "Led the incident review" }),
  );
});

it("asks before throwing away what was written", async () => {
  const onclose = vi.fn();
  render(EvidenceDialog, { catalogue, onclose });
  const user = userEvent.setup();
  await user.type(screen.getByTestId("evidence-title"), "Something");
  await user.click(screen.getByText("Cancel"));
  expect(onclose).not.toHaveBeenCalled();
  expect(screen.getByText("Discard this evidence?")).toBeInTheDocument();
  await user.click(screen.getByTestId("evidence-discard"));
  expect(onclose).toHaveBeenCalled();
});
