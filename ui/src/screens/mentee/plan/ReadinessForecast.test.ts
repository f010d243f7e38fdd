// The readiness forecast on a plan: a row per targeted competency with its outlook in words,
// its range drawn and described, the reasons one click away, and whose ratings it follows.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import type { CompetencyForecast } from "../../../lib/bindings/CompetencyForecast";
import type { Forecast } from "../../../lib/bindings/Forecast";
import { catalogue } from "../../../test/fixtures";
import ReadinessForecast from "./ReadinessForecast.svelte";

const row = (over: Partial<CompetencyForecast>): CompetencyForecast => ({
  competencyKey: "technical_expertise",
  target: 5,
  current: 3,
  outlook: "closing",
  likelyOn: "2027-03-10",
  earliestOn: "2027-01-15",
  latestOn: "2027-06-20",
  onTrack: true,
  pace: 0.3,
  reasons: [],
  ...over,
});

const forecast: Forecast = {
  planId: 2,
  targetOn: "2027-09-30",
  assessor: "mentor",
  competencies: [
    row({
      reasons: [
        "Rated 2 on 3 March 2026 and 3 on 20 November 2026, 3 ratings over 9 months: about 0.3 levels a month.",
        "The ratings vary around that trend, so the gap of 2 closes somewhere between the earliest and latest dates shown.",
        "That is before the plan's target date, 30 September 2027.",
      ],
    }),
    row({
      competencyKey: "team_management",
      target: 4,
      current: 2,
      likelyOn: "2027-12-01",
      earliestOn: "2027-08-01",
      latestOn: null,
      onTrack: false,
      reasons: ["Rated 1 and 2: about 0.1 levels a month."],
    }),
    row({
      competencyKey: "task_delegation",
      target: 3,
      current: null,
      outlook: "not_enough_data",
      likelyOn: null,
      earliestOn: null,
      latestOn: null,
      onTrack: null,
      pace: null,
      reasons: ["Not rated yet: a forecast needs two ratings at least a month apart."],
    }),
  ],
};

const props = { forecast, catalogue, viewer: { kind: "mentor", menteeName: "Ana Lima" } as const, today: "2026-12-01" };

it("says per competency when its gap is likely to close, and how sure that is", () => {
  render(ReadinessForecast, props);
  const section = screen.getByTestId("forecast");
  expect(within(section).getByRole("heading")).toHaveTextContent("When the gaps are likely to close");
  const rows = screen.getAllByTestId("forecast-row");
  expect(rows.map((r) => r.dataset.outlook)).toEqual(["closing", "closing", "not_enough_data"]);

  expect(rows[0]).toHaveTextContent("Technical Expertise");
  expect(rows[0]).toHaveTextContent("3 → 5");
  expect(rows[0]).toHaveTextContent(/Likely by March 2027/);
  expect(rows[0]).toHaveTextContent(/between January and June 2027/);
  expect(within(rows[0] as HTMLElement).getByTestId("forecast-track")).toHaveTextContent("On track");

  expect(rows[1]).toHaveTextContent(/from August 2027; the slow end never closes/);
  expect(within(rows[1] as HTMLElement).getByTestId("forecast-track")).toHaveTextContent("After the target date");

  expect(rows[2]).toHaveTextContent("– → 3");
  expect(rows[2]).toHaveTextContent("Not enough data yet");
  expect(within(rows[2] as HTMLElement).queryByTestId("forecast-track")).toBeNull();
});

it("draws each range on one shared scale, described for screen readers", () => {
  render(ReadinessForecast, props);
  const [first, open, none] = screen.getAllByTestId("forecast-row") as HTMLElement[];
  const timeline = within(first as HTMLElement).getByRole("img");
  expect(timeline).toHaveAccessibleName(
    expect.stringMatching(
      /^Technical Expertise: Likely by March 2027, between January and June 2027\. The plan's target date is .*2027; the likely date is before it\.$/,
    ),
  );
  expect(within(first as HTMLElement).getByTestId("forecast-likely")).toBeInTheDocument();
  expect(within(open as HTMLElement).getByTestId("forecast-band")).toHaveClass("open");
  // The target line stands at the same place on every row.
  const targets = screen.getAllByTestId("forecast-target").map((l) => l.getAttribute("x1"));
  expect(new Set(targets).size).toBe(1);
  expect(within(none as HTMLElement).queryByTestId("forecast-band")).toBeNull();
  expect(within(none as HTMLElement).queryByTestId("forecast-likely")).toBeNull();
  expect(screen.getByText("Now")).toBeInTheDocument();
});

it("gives the first reason and the rest behind Why?", async () => {
  render(ReadinessForecast, props);
  const [reasons, single] = screen.getAllByTestId("forecast-reasons") as HTMLElement[];
  expect(reasons).toHaveTextContent(/about 0\.3 levels a month/);
  const why = within(reasons as HTMLElement).getByText("Why?");
  const details = why.closest("details") as HTMLDetailsElement;
  expect(details.open).toBe(false);
  await userEvent.setup().click(why);
  expect(details.open).toBe(true);
  expect(details).toHaveTextContent("That is before the plan's target date, 30 September 2027.");
  // One reason needs no disclosure.
  expect(within(single as HTMLElement).queryByText("Why?")).toBeNull();
});

it("says whose ratings the trend follows", () => {
  const { unmount } = render(ReadinessForecast, props);
  expect(screen.getByTestId("forecast-source")).toHaveTextContent(/^From your ratings, by their trend so far\./);
  unmount();
  render(ReadinessForecast, { ...props, forecast: { ...forecast, assessor: "self" } });
  expect(screen.getByTestId("forecast-source")).toHaveTextContent("From Ana Lima's self-ratings");
});

it("explains calmly what is needed before any rating", () => {
  const none = forecast.competencies.map((c) => ({ ...c, outlook: "not_enough_data" as const, current: null }));
  render(ReadinessForecast, { ...props, forecast: { ...forecast, assessor: null, competencies: none } });
  expect(screen.getByTestId("forecast")).toHaveTextContent("No ratings yet");
  expect(screen.queryAllByTestId("forecast-row")).toHaveLength(0);
});
