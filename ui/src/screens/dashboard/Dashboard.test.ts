// Today carries the mentor's calibration once there are mentees, and not before.
import { render, screen } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";
import type { Dashboard as Board } from "../../lib/bindings/Dashboard";

const api = { dashboard: vi.fn(), calibration: vi.fn(), firstScreenShown: vi.fn() };
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { default: Dashboard } = await import("../Dashboard.svelte");

const empty = { rows: [], total: 0, atLeast: false };
const board = (menteeCount: number): Board => ({
  today: "2026-12-01",
  overdue: empty,
  upcoming: empty,
  plans: empty,
  drifting: empty,
  notSeen: empty,
  notSeenDays: 21,
  menteeCount,
});

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.firstScreenShown.mockResolvedValue(undefined);
  api.calibration.mockResolvedValue({
    mentees: 3,
    pairs: [],
    average: null,
    drift: null,
    summary: "Calibration needs your rating and a mentee's own rating of the same time, at least twice.",
  });
});

it("shows the calibration card beside what needs attention", async () => {
  api.dashboard.mockResolvedValue(board(2));
  render(Dashboard);
  expect(await screen.findByTestId("calibration-summary")).toHaveTextContent("Calibration needs your rating");
});

it("leaves it out while there are no mentees at all", async () => {
  api.dashboard.mockResolvedValue(board(0));
  render(Dashboard);
  expect(await screen.findByTestId("welcome")).toBeInTheDocument();
  expect(screen.queryByTestId("calibration")).toBeNull();
  expect(api.calibration).not.toHaveBeenCalled();
});
