// The mentor's calibration on Today: the summary always, the chart from two pairs on, and
// nothing at all when it cannot be read.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";
import type { Calibration } from "../../lib/bindings/Calibration";
import type { CalibrationPair } from "../../lib/bindings/CalibrationPair";

const api = { calibration: vi.fn() };
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

// Today's first paint, as the card waits for it: at once unless a test holds it back.
const kept: (() => void)[] = [];
let painted = true;
const startup = {
  afterFirstScreen(task: () => void) {
    if (painted) task();
    else kept.push(task);
    return () => {
      if (kept.includes(task)) kept.splice(kept.indexOf(task), 1);
    };
  },
};
vi.mock("../../lib/startup", async (original) => ({
  ...(await original<typeof import("../../lib/startup")>()),
  ...startup,
}));

const { default: CalibrationCard } = await import("./CalibrationCard.svelte");

const pair = (menteeName: string, mentorOn: string, difference: number): CalibrationPair => ({
  menteeId: 1,
  menteeName,
  mentorOn,
  selfOn: mentorOn,
  difference,
});

beforeEach(() => {
  api.calibration.mockReset();
});

it("asks once Today has painted, and says what is needed while there are too few pairs", async () => {
  const few: Calibration = {
    mentees: 3,
    pairs: [pair("Ana Lima", "2026-03-01", 1)],
    average: null,
    drift: null,
    summary: "Calibration needs your rating and a mentee's own rating of the same time, at least twice.",
  };
  api.calibration.mockResolvedValue(few);
  painted = false;
  render(CalibrationCard);
  expect(api.calibration).not.toHaveBeenCalled();
  painted = true;
  for (const task of kept.splice(0)) task();
  expect(await screen.findByTestId("calibration-summary")).toHaveTextContent("Calibration needs your rating");
  expect(api.calibration).toHaveBeenCalledOnce();
  expect(screen.getByTestId("calibration")).toHaveTextContent("Your ratings beside your mentees' own");
  expect(screen.queryByTestId("calibration-chart")).toBeNull();
});

it("asks nothing when it is gone before Today has painted", () => {
  painted = false;
  const card = render(CalibrationCard);
  card.unmount();
  painted = true;
  for (const task of kept.splice(0)) task();
  expect(api.calibration).not.toHaveBeenCalled();
});

it("draws each pair above or below the agree line, named, with its numbers in a table", async () => {
  api.calibration.mockResolvedValue({
    mentees: 3,
    pairs: [pair("Ana Lima", "2026-01-10", 1), pair("李小龙", "2026-04-02", -0.6), pair("Søren", "2026-06-01", 0.1)],
    average: 0.17,
    drift: null,
    summary: "Your ratings and your mentees' own ratings agree, on average.",
  } satisfies Calibration);
  render(CalibrationCard);
  const chart = await screen.findByTestId("calibration-chart");
  expect(chart).toHaveAccessibleName(expect.stringContaining("3 pairs of ratings"));
  expect(chart).toHaveAccessibleName(
    expect.stringContaining("you rated higher in 1, lower in 1, and about the same in 1"),
  );
  const dots = screen.getAllByTestId("calibration-dot");
  expect(dots).toHaveLength(3);
  const zero = Number(chart.querySelector(".zero")?.getAttribute("y1"));
  const [higher, lower, same] = dots.map((d) => Number(d.getAttribute("cy")));
  expect(higher).toBeLessThan(zero);
  expect(lower).toBeGreaterThan(zero);
  expect(same).toBeCloseTo(zero - (0.1 / 1) * ((Number(chart.getAttribute("height")) - 22 - 44) / 2));
  expect(dots[1]?.querySelector("title")).toHaveTextContent(/^李小龙: your rating of .* 0\.6 levels lower$/);
  expect(within(chart).getByText("agree")).toBeInTheDocument();
  expect(screen.queryByTestId("calibration-drift")).toBeNull();
  const table = screen.getByTestId("calibration-table");
  expect(within(table).getAllByRole("row")).toHaveLength(4);
  expect(table).toHaveTextContent("1 level higher");
});

it("draws the drift once it is known", async () => {
  api.calibration.mockResolvedValue({
    mentees: 3,
    pairs: [
      pair("Ana Lima", "2026-01-10", -0.5),
      pair("Ana Lima", "2026-03-10", 0),
      pair("Ana Lima", "2026-05-10", 0.8),
      pair("Ana Lima", "2026-07-10", 1.2),
    ],
    average: 0.375,
    drift: 1.25,
    summary: "Lately you rate 1.2 levels more generously than you did: a lenient drift.",
  } satisfies Calibration);
  render(CalibrationCard);
  const drift = await screen.findByTestId("calibration-drift");
  expect(Number(drift.getAttribute("y2"))).toBeLessThan(Number(drift.getAttribute("y1")));
});

it("stays away when calibration cannot be read", async () => {
  api.calibration.mockRejectedValue({ code: "internal", message: "no" });
  render(CalibrationCard);
  await waitFor(() => expect(api.calibration).toHaveBeenCalled());
  await Promise.resolve();
  expect(screen.queryByTestId("calibration")).toBeNull();
});

it("stays away for someone who mentors no one", async () => {
  api.calibration.mockResolvedValue({
    mentees: 0,
    pairs: [],
    average: null,
    drift: null,
    summary: "Calibration needs your rating and a mentee's own rating of the same time, at least twice.",
  } satisfies Calibration);
  render(CalibrationCard);
  await waitFor(() => expect(api.calibration).toHaveBeenCalled());
  expect(screen.queryByTestId("calibration")).toBeNull();
});
