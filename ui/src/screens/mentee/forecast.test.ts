// The Plan tab reads the forecast with the rest of the plan, and again when a milestone
// changes, as it does for the gaps and the progress.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";
import type { Forecast } from "../../lib/bindings/Forecast";
import type { Goal } from "../../lib/bindings/Goal";
import type { Plan } from "../../lib/bindings/Plan";
import type { PlanView } from "../../lib/bindings/PlanView";
import { catalogue, mentee } from "../../test/fixtures";

const api = {
  listPlans: vi.fn(),
  planView: vi.fn(),
  shareStatus: vi.fn(),
  planForecast: vi.fn(),
  listTopics: vi.fn(),
  listComments: vi.fn(),
  setMilestoneStatus: vi.fn(),
};
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { default: PlanTab } = await import("./PlanTab.svelte");

const plan: Plan = {
  id: 2,
  menteeId: mentee.id,
  title: "Toward Engineering Manager",
  leaderTypeId: 1,
  roleTrackKey: "engineering_manager",
  startsOn: "2026-01-01",
  targetOn: "2027-09-30",
  status: "active",
  targets: catalogue.leaderTypes[0]!.profile,
  createdAt: "",
  updatedAt: "",
};
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
      id: 11,
      goalId: 5,
      title: "Run a hiring loop",
      dueOn: "2027-01-10",
      status: "planned",
      completedOn: null,
      evidence: "",
      links: [],
      position: 0,
    },
  ],
};
const view: PlanView = {
  plan,
  goals: [goal],
  gaps: { planId: 2, assessedOn: "2026-11-20", competencies: [], spectrums: [] },
  warnings: [],
  progress: { done: 0, open: 1, dropped: 0, percent: 0 },
  suggestions: [],
  remedies: [],
};
const forecast = (reason: string): Forecast => ({
  planId: 2,
  targetOn: "2027-09-30",
  assessor: "mentor",
  competencies: [
    {
      competencyKey: "team_management",
      target: 4,
      current: 2,
      outlook: "closing",
      likelyOn: "2027-05-01",
      earliestOn: "2027-02-01",
      latestOn: "2027-09-01",
      onTrack: true,
      pace: 0.2,
      reasons: ["Rated 1 and 2: about 0.2 levels a month.", reason],
    },
  ],
});

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.listPlans.mockResolvedValue([plan]);
  api.planView.mockResolvedValue(view);
  api.shareStatus.mockResolvedValue(null);
  api.listTopics.mockResolvedValue([]);
  api.listComments.mockResolvedValue([]);
  api.setMilestoneStatus.mockResolvedValue({ ...goal.milestones[0], status: "done" });
});

it("shows the forecast near the gaps, and reads it again when a milestone changes", async () => {
  api.planForecast
    .mockResolvedValueOnce(forecast("None of its 1 milestones is done yet."))
    .mockResolvedValue(forecast("Its one milestone is done."));
  render(PlanTab, { mentee, catalogue });
  const section = await screen.findByTestId("forecast");
  expect(api.planForecast).toHaveBeenCalledWith(2);
  expect(section).toHaveTextContent("From your ratings");
  expect(screen.getByTestId("forecast-reasons")).toHaveTextContent("None of its 1 milestones is done yet.");

  await fireEvent.click(screen.getByTestId("milestone-done"));
  await waitFor(() => expect(screen.getByTestId("forecast-reasons")).toHaveTextContent("Its one milestone is done."));
  expect(api.planForecast).toHaveBeenCalledTimes(2);
});

it("shows the plan without a forecast when it cannot be read", async () => {
  api.planForecast.mockRejectedValue({ code: "internal", message: "no" });
  render(PlanTab, { mentee, catalogue });
  expect(await screen.findByText("Grow the team")).toBeInTheDocument();
  expect(screen.queryByTestId("forecast")).toBeNull();
});
