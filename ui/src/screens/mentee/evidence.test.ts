// The evidence log on the mentee page, and the evidence beside each competency when assessing.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Evidence } from "../../lib/bindings/Evidence";
import { catalogue, mentee } from "../../test/fixtures";

const api = {
  listEvidence: vi.fn(),
  deleteEvidence: vi.fn(),
  restoreEvidence: vi.fn(),
  evidenceForAssessment: vi.fn(),
};
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { capture, closeEvidence, evidenceChanged } = await import("../../lib/capture.svelte");
const { dismiss, toasts } = await import("../../lib/toasts.svelte");
const { default: EvidenceTab } = await import("./EvidenceTab.svelte");
const { default: AssessmentForm } = await import("../../components/AssessmentForm.svelte");

const entry = (id: number, title: string, keys: string[], extra: Partial<Evidence> = {}): Evidence => ({
  id,
  menteeId: 4,
  planId: null,
  milestoneId: null,
  milestoneTitle: null,
  observedOn: `2026-11-${String(10 + id).padStart(2, "0")}`,
  title,
  link: "",
  note: "",
  addedBy: "mentor",
  competencyKeys: keys,
  ...extra,
});
const review = entry(3, "Led the incident review", ["technical_expertise", "team_management"], {
  milestoneTitle: "Run a blameless review",
  link: "https://docs.example.org/review",
  note: "Calm and **thorough**.",
  addedBy: "mentee",
});
const hiring = entry(2, "Ran the hiring loop", ["team_management"]);
const rfc = entry(1, "Wrote the caching RFC", ["technical_expertise"]);

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  closeEvidence();
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("lists evidence newest first with its competencies, milestone, link, note and who added it", async () => {
  api.listEvidence.mockResolvedValue([review, hiring, rfc]);
  render(EvidenceTab, { mentee, catalogue });
  const items = await screen.findAllByTestId("evidence-item");
  expect(items.map((i) => within(i).getByTestId("evidence-item-title").textContent)).toEqual([
    "Led the incident review",
    "Ran the hiring loop",
    "Wrote the caching RFC",
  ]);
  const first = items[0]!;
  expect(first).toHaveTextContent("Technical Expertise");
  expect(first).toHaveTextContent("Team Management");
  expect(within(first).getByTestId("evidence-item-milestone")).toHaveTextContent("Run a blameless review");
  expect(within(first).getByTestId("evidence-item-link")).toHaveAttribute("href", "https://docs.example.org/review");
  expect(first.querySelector("strong")).toHaveTextContent("thorough");
  expect(within(first).getByTestId("evidence-item-by")).toHaveTextContent("by Ana Lima");
  expect(within(items[1]!).queryByTestId("evidence-item-by")).toBeNull();
});

it("filters by competency", async () => {
  api.listEvidence.mockResolvedValue([review, hiring, rfc]);
  render(EvidenceTab, { mentee, catalogue });
  await screen.findAllByTestId("evidence-item");
  await userEvent.setup().selectOptions(screen.getByTestId("evidence-filter"), "team_management");
  expect(screen.getAllByTestId("evidence-item")).toHaveLength(2);
});

it("explains itself when empty, and opens the capture dialog for this mentee", async () => {
  api.listEvidence.mockResolvedValue([]);
  render(EvidenceTab, { mentee, catalogue });
  expect(await screen.findByTestId("evidence-empty")).toHaveTextContent("No evidence yet");
  await userEvent.setup().click(screen.getByTestId("add-evidence"));
  expect(capture.request).toMatchObject({ menteeId: 4, existing: null });
});

it("deletes with Undo, and reads the log again when evidence is saved elsewhere", async () => {
  let stored = [review, hiring];
  api.listEvidence.mockImplementation(async () => stored);
  api.deleteEvidence.mockImplementation(async () => {
    stored = [review];
  });
  api.restoreEvidence.mockImplementation(async () => {
    stored = [review, hiring];
    return hiring;
  });
  render(EvidenceTab, { mentee, catalogue });
  const items = await screen.findAllByTestId("evidence-item");
  await userEvent.setup().click(within(items[1]!).getByTestId("delete-evidence"));
  expect(api.deleteEvidence).toHaveBeenCalledWith(2);
  await waitFor(() => expect(screen.getAllByTestId("evidence-item")).toHaveLength(1));
  const toast = toasts.find((t) => t.message === "Evidence “Ran the hiring loop” deleted.");
  const reads = api.listEvidence.mock.calls.length;
  await toast!.action!.run();
  expect(api.restoreEvidence).toHaveBeenCalledWith(2);
  await waitFor(() => expect(screen.getAllByTestId("evidence-item")).toHaveLength(2));
  expect(api.listEvidence.mock.calls.length).toBeGreaterThan(reads);
  evidenceChanged();
  await waitFor(() => expect(api.listEvidence.mock.calls.length).toBeGreaterThan(reads + 1));
});

it("shows the evidence since the last assessment beside each competency", async () => {
  const many = [1, 2, 3, 4].map((i) => entry(10 + i, `Review ${i}`, ["technical_expertise"]));
  api.evidenceForAssessment.mockResolvedValue([...many, hiring]);
  render(AssessmentForm, {
    catalogue,
    menteeId: 4,
    assessor: "mentor",
    previous: null,
    onsaved: vi.fn(),
    onclose: vi.fn(),
  });
  const expertise = await screen.findByTestId("assessment-evidence-technical_expertise");
  expect(api.evidenceForAssessment).toHaveBeenCalledWith(4, null, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
  expect(expertise).toHaveTextContent("4 pieces of evidence");
  expect(within(expertise).getAllByTestId("assessment-evidence-entry")).toHaveLength(3);
  await userEvent.setup().click(within(expertise).getByText("Show 1 more"));
  expect(within(expertise).getAllByTestId("assessment-evidence-entry")).toHaveLength(4);
  expect(screen.getByTestId("assessment-evidence-team_management")).toHaveTextContent("1 piece of evidence");
  expect(screen.getByTestId("assessment-evidence-task_delegation")).toHaveTextContent(
    "No evidence since the last assessment",
  );
});

it("asks again for the date typed, and after evidence is captured over the form", async () => {
  api.evidenceForAssessment.mockResolvedValue([]);
  render(AssessmentForm, {
    catalogue,
    menteeId: 4,
    assessor: "mentor",
    previous: null,
    onsaved: vi.fn(),
    onclose: vi.fn(),
  });
  expect(await screen.findByTestId("assessment-no-evidence")).toBeInTheDocument();
  const user = userEvent.setup();
  const date = screen.getByLabelText("Date");
  await user.clear(date);
  await user.type(date, "2026-10-01");
  await waitFor(() => expect(api.evidenceForAssessment).toHaveBeenLastCalledWith(4, null, "2026-10-01"));
  const calls = api.evidenceForAssessment.mock.calls.length;
  evidenceChanged();
  await waitFor(() => expect(api.evidenceForAssessment.mock.calls.length).toBe(calls + 1));
});
