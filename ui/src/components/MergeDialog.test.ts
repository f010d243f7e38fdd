import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";
import type { MergeReport } from "../lib/bindings/MergeReport";

const mergeSharedPlan = vi.fn();
vi.mock("../lib/api", async (original) => ({
  ...(await original<typeof import("../lib/api")>()),
  api: { mergeSharedPlan: (...args: unknown[]) => mergeSharedPlan(...args) },
}));

const { default: MergeDialog } = await import("./MergeDialog.svelte");

const report: MergeReport = {
  planId: 4,
  planTitle: "Toward Staff Engineer",
  fromName: "Ana Lima",
  newPlan: false,
  summary: "Ana Lima completed 1 milestone and added evidence to 1.",
  changes: ["Completed “Pair weekly”", "Evidence added to “Lead the design review”"],
  conflicts: [
    {
      id: "m1.evidence",
      what: "Evidence of milestone “Pair weekly”",
      yours: "Paired with Ben",
      theirs: "Paired with Ben and Chloé",
      kept: "theirs",
    },
    { id: "m2.status", what: "Status of milestone “Demo”", yours: "Done", theirs: "", kept: "yours" },
  ],
  notices: [],
};

beforeEach(() => {
  mergeSharedPlan.mockReset();
});

it("shows the summary, the changes and each conflict with the merge's own choice", () => {
  render(MergeDialog, { report, onmerged: vi.fn(), oncancel: vi.fn() });
  expect(screen.getByRole("heading", { name: "Merge “Toward Staff Engineer” from Ana Lima" })).toBeInTheDocument();
  expect(screen.getByTestId("merge-summary")).toHaveTextContent(report.summary);
  expect(within(screen.getByTestId("merge-changes")).getAllByRole("listitem")).toHaveLength(2);
  const [first, second] = screen.getAllByTestId("conflict");
  expect(first).toHaveTextContent("Evidence of milestone “Pair weekly”");
  expect(within(first!).getByTestId("keep-theirs")).toBeChecked();
  expect(within(first!).getByLabelText(/Keep Ana Lima’s:/)).toBeChecked();
  expect(within(second!).getByTestId("keep-yours")).toBeChecked();
  expect(second).toHaveTextContent("(empty)");
  expect(screen.getByTestId("merge-confirm")).toHaveTextContent("Merge");
});

it("merges with the choices the person made", async () => {
  const merged = { report, backup: { path: "/b/before.sqlite" } };
  mergeSharedPlan.mockResolvedValue(merged);
  const onmerged = vi.fn();
  render(MergeDialog, { report, onmerged, oncancel: vi.fn() });
  const [first] = screen.getAllByTestId("conflict");
  await fireEvent.click(within(first!).getByTestId("keep-yours"));
  await fireEvent.click(screen.getByTestId("merge-confirm"));
  expect(mergeSharedPlan).toHaveBeenCalledWith([
    { id: "m1.evidence", keep: "yours" },
    { id: "m2.status", keep: "yours" },
  ]);
  expect(onmerged).toHaveBeenCalledWith(merged);
});

it("offers a new plan as an addition to Shared with me", () => {
  render(MergeDialog, {
    report: { ...report, newPlan: true, conflicts: [] },
    onmerged: vi.fn(),
    oncancel: vi.fn(),
  });
  expect(screen.getByRole("heading", { name: "Open “Toward Staff Engineer” shared by Ana Lima" })).toBeInTheDocument();
  expect(screen.getByTestId("merge-confirm")).toHaveTextContent("Add to Shared with me");
  expect(screen.queryByTestId("conflict")).toBeNull();
});

it("says in plain words why a merge was refused, and stays open", async () => {
  mergeSharedPlan.mockRejectedValue({ code: "shared_file_wrong_sender", message: "This file is not from Ana Lima." });
  const onmerged = vi.fn();
  render(MergeDialog, { report, onmerged, oncancel: vi.fn() });
  await fireEvent.click(screen.getByTestId("merge-confirm"));
  expect(await screen.findByTestId("merge-error")).toHaveTextContent("This file is not from Ana Lima.");
  expect(onmerged).not.toHaveBeenCalled();
});

it("cancels from the Cancel button", async () => {
  const oncancel = vi.fn();
  render(MergeDialog, { report, onmerged: vi.fn(), oncancel });
  await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
  expect(oncancel).toHaveBeenCalledOnce();
});
