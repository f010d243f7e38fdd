// Every form ties a field's error to its control and takes the keyboard there: after a
// refused save, focus is on what to fix and a screen reader reads the message with it.
import { fireEvent, render, screen } from "@testing-library/svelte";
import type { Component } from "svelte";
import { beforeEach, expect, it, vi } from "vitest";
import type { Milestone } from "../lib/bindings/Milestone";
import { catalogue, mentee } from "../test/fixtures";

const refusal = vi.fn();
const refuse = () => refusal();
vi.mock("../lib/api", async (original) => ({
  ...(await original<typeof import("../lib/api")>()),
  api: {
    createGoal: refuse,
    updateMilestone: refuse,
    createLeaderType: refuse,
    createAssessment: refuse,
    createSession: refuse,
    setMenteeRhythm: refuse,
    evidenceForAssessment: () => Promise.resolve([]),
  },
}));

const { default: GoalForm } = await import("./GoalForm.svelte");
const { default: MilestoneForm } = await import("./MilestoneForm.svelte");
const { default: LeaderTypeForm } = await import("./LeaderTypeForm.svelte");
const { default: AssessmentForm } = await import("./AssessmentForm.svelte");
const { default: PlanForm } = await import("./PlanForm.svelte");
const { default: SessionForm } = await import("../screens/mentee/SessionForm.svelte");
const { default: RhythmDialog } = await import("../screens/mentee/RhythmDialog.svelte");

const milestone: Milestone = {
  id: 9,
  goalId: 3,
  title: "Run the architecture review",
  dueOn: "2026-03-01",
  status: "planned",
  completedOn: null,
  evidence: "",
  links: [],
  position: 0,
};
const closing = { onsaved: vi.fn(), onclose: vi.fn() };

/** The forms take different props; each case gives the ones its form needs. */
type AnyForm = Component<Record<string, unknown>>;
const anyForm = (form: unknown) => form as AnyForm;

interface Case {
  form: string;
  component: AnyForm;
  props: Record<string, unknown>;
  save: string;
  /** The field the save is refused for, and the control that should then have focus. */
  field: string;
  control: () => HTMLElement;
}

const cases: Case[] = [
  {
    form: "goal (a description too long, once shown nowhere)",
    component: anyForm(GoalForm),
    props: { catalogue, planId: 2 },
    save: "save-goal",
    field: "description",
    control: () => screen.getByLabelText("Why and how"),
  },
  {
    form: "goal (no competency: the group's first box)",
    component: anyForm(GoalForm),
    props: { catalogue, planId: 2 },
    save: "save-goal",
    field: "competencyKeys",
    control: () => screen.getByTestId(`goal-competency-${catalogue.competencies[0]?.key}`),
  },
  {
    form: "milestone (evidence too long, once shown nowhere)",
    component: anyForm(MilestoneForm),
    props: { milestone },
    save: "save-milestone",
    field: "evidence",
    control: () => screen.getByLabelText("Evidence"),
  },
  {
    form: "leader type",
    component: anyForm(LeaderTypeForm),
    props: { catalogue },
    save: "save-leader-type",
    field: "name",
    control: () => screen.getByLabelText("Name"),
  },
  {
    form: "assessment",
    component: anyForm(AssessmentForm),
    props: { catalogue, menteeId: mentee.id, assessor: "mentor", previous: null },
    save: "save-assessment",
    field: "assessedOn",
    control: () => screen.getByLabelText("Date"),
  },
  {
    form: "1:1",
    component: anyForm(SessionForm),
    props: { menteeId: mentee.id, menteeName: mentee.name, goals: [], session: null },
    save: "save-session",
    field: "heldOn",
    control: () => screen.getByLabelText("Date"),
  },
  {
    form: "1:1 rhythm",
    component: anyForm(RhythmDialog),
    props: { mentee },
    save: "rhythm-save",
    field: "talkingPoints",
    control: () => screen.getByTestId("rhythm-talking-points"),
  },
];

beforeEach(() => {
  refusal.mockReset();
  document.body.innerHTML = "";
});

it.each(cases)("the $form form takes focus to the refused field and reads its error", async (c) => {
  const message = `That ${c.field} will not do.`;
  refusal.mockRejectedValue({ code: "invalid_input", message, field: c.field });
  render(c.component, { ...closing, ...c.props });
  await fireEvent.click(screen.getByTestId(c.save));
  await vi.waitFor(() => expect(c.control()).toHaveFocus());
  const described = c.control().closest("fieldset[aria-describedby]") ?? c.control();
  expect(described).toHaveAccessibleDescription(expect.stringContaining(message));
});

it("the plan form asks for a leader type at the type's own control", async () => {
  render(PlanForm, { ...closing, catalogue, mentee, hasActive: false });
  await fireEvent.click(screen.getByTestId("save-plan"));
  const select = screen.getByLabelText("Target leader type");
  await vi.waitFor(() => expect(select).toHaveFocus());
  expect(select).toHaveAccessibleDescription(
    expect.stringContaining("Choose the kind of leader this plan grows toward."),
  );
});
