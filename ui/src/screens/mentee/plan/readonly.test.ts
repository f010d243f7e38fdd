// A plan shared with this person that only its mentor changes: progress and evidence stay
// theirs, everything that reshapes the plan is out of reach.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";
import type { Goal } from "../../../lib/bindings/Goal";
import type { Milestone } from "../../../lib/bindings/Milestone";
import { catalogue } from "../../../test/fixtures";

const setMilestoneStatus = vi.fn();
const updateMilestone = vi.fn();
vi.mock("../../../lib/api", async (original) => ({
  ...(await original<typeof import("../../../lib/api")>()),
  api: {
    setMilestoneStatus: (...args: unknown[]) => setMilestoneStatus(...args),
    updateMilestone: (...args: unknown[]) => updateMilestone(...args),
  },
}));

const { default: GoalCard } = await import("./GoalCard.svelte");
const { default: MilestoneForm } = await import("../../../components/MilestoneForm.svelte");

const milestone: Milestone = {
  id: 11,
  goalId: 5,
  title: "Pair weekly",
  dueOn: "2026-04-01",
  status: "planned",
  completedOn: null,
  evidence: "",
  links: [],
  position: 0,
};
const goal: Goal = {
  id: 5,
  planId: 2,
  title: "Grow the team’s design skills",
  description: "",
  position: 0,
  competencyKeys: ["technical_expertise"],
  themeKeys: [],
  milestones: [milestone],
};

const card = (readonly: boolean) => ({
  goal,
  catalogue,
  first: true,
  last: true,
  readonly,
  onchanged: vi.fn(() => Promise.resolve()),
  onmove: vi.fn(),
  onedit: vi.fn(),
  onopen: vi.fn(),
});

beforeEach(() => {
  setMilestoneStatus.mockReset();
  updateMilestone.mockReset();
});

it("keeps every control on a plan of one's own", () => {
  render(GoalCard, card(false));
  expect(screen.getByTestId("delete-goal")).toBeInTheDocument();
  expect(screen.getByTestId("add-milestone")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Delete milestone Pair weekly" })).toBeInTheDocument();
});

it("hides adding, editing, moving and deleting, and keeps progress", async () => {
  setMilestoneStatus.mockResolvedValue({ ...milestone, status: "done" });
  render(GoalCard, card(true));
  expect(screen.queryByTestId("delete-goal")).toBeNull();
  expect(screen.queryByTestId("add-milestone")).toBeNull();
  expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
  expect(screen.queryByRole("button", { name: "Move goal up" })).toBeNull();
  expect(screen.queryByRole("button", { name: "Delete milestone Pair weekly" })).toBeNull();
  expect(screen.getByTestId("open-milestone")).toBeInTheDocument();
  await fireEvent.click(screen.getByTestId("milestone-done"));
  expect(setMilestoneStatus).toHaveBeenCalledWith(11, "done");
});

it("saves evidence with the mentor's title and due date as they are", async () => {
  updateMilestone.mockResolvedValue(milestone);
  render(MilestoneForm, { milestone, lockedBy: "Maria", onsaved: vi.fn(), onclose: vi.fn() });
  expect(screen.getByLabelText("Title")).toHaveAttribute("readonly");
  expect(screen.getByLabelText("Due")).toHaveAttribute("readonly");
  await fireEvent.input(screen.getByTestId("milestone-evidence"), { target: { value: "Paired with Ben twice" } });
  await fireEvent.click(screen.getByTestId("save-milestone"));
  expect(updateMilestone).toHaveBeenCalledWith(
    11,
    expect.objectContaining({ title: "Pair weekly", dueOn: "2026-04-01", evidence: "Paired with Ben twice" }),
  );
});
