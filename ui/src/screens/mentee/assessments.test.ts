// On a person whose plan was shared with this Waymark, the mentor's assessments came with
// the plan and only the mentor changes them; the person's own stay theirs to correct.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";
import type { Assessment } from "../../lib/bindings/Assessment";
import { catalogue, mentee } from "../../test/fixtures";

const listAssessments = vi.fn();
vi.mock("../../lib/api", async (original) => ({
  ...(await original<typeof import("../../lib/api")>()),
  api: { listAssessments: (...args: unknown[]) => listAssessments(...args) },
}));

const { default: AssessmentsTab } = await import("./AssessmentsTab.svelte");

const assessment = (id: number, assessor: "self" | "mentor"): Assessment => ({
  id,
  menteeId: 4,
  assessedOn: `2026-03-0${id}`,
  assessor,
  notes: "",
  ratings: catalogue.competencies.map((c) => ({ competencyKey: c.key, level: 3, comment: "" })),
  spectrums: [],
});

beforeEach(() => {
  listAssessments.mockReset();
  listAssessments.mockResolvedValue([assessment(2, "mentor"), assessment(1, "self")]);
});

it("keeps the mentor's assessments theirs on a plan shared with this person", async () => {
  render(AssessmentsTab, { mentee, catalogue, sharedBy: "Maria Lindqvist" });
  await waitFor(() => expect(screen.getAllByTestId("assessment-row")).toHaveLength(2));
  const [byMentor, own] = screen.getAllByTestId("assessment-row");
  expect(within(byMentor!).queryByTestId("edit-assessment")).toBeNull();
  expect(within(byMentor!).queryByTestId("delete-assessment")).toBeNull();
  expect(within(byMentor!).getByTestId("assessment-from")).toHaveTextContent("From Maria Lindqvist");
  expect(within(own!).getByTestId("edit-assessment")).toBeInTheDocument();
  expect(within(own!).getByTestId("delete-assessment")).toBeInTheDocument();
  expect(screen.getByText(/Rate where you stand today/)).toBeInTheDocument();
});

it("leaves every assessment editable for the mentor", async () => {
  render(AssessmentsTab, { mentee, catalogue });
  await waitFor(() => expect(screen.getAllByTestId("edit-assessment")).toHaveLength(2));
  expect(screen.getAllByTestId("delete-assessment")).toHaveLength(2);
  expect(screen.queryByTestId("assessment-from")).toBeNull();
});

it("names each Edit and Delete by the words it shows, then the date", async () => {
  render(AssessmentsTab, { mentee, catalogue });
  await waitFor(() => expect(screen.getAllByTestId("edit-assessment")).toHaveLength(2));
  for (const button of screen.getAllByTestId("edit-assessment")) {
    expect(button).toHaveTextContent("Edit");
    expect(button).toHaveAccessibleName(/^Edit assessment of /);
  }
  for (const button of screen.getAllByTestId("delete-assessment")) {
    expect(button).toHaveAccessibleName(/^Delete assessment of /);
  }
});
