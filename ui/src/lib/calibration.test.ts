import { describe, expect, it } from "vitest";
import type { CalibrationPair } from "./bindings/CalibrationPair";
import { calibrationChart, differenceWords, pairWords, scaleLimit, sideOf, type Box } from "./calibration";

const pair = (mentorOn: string, difference: number, menteeName = "Ana Lima", selfOn = mentorOn): CalibrationPair => ({
  menteeId: 1,
  menteeName,
  mentorOn,
  selfOn,
  difference,
});
// A plot from x 100 to 500 and y 20 to 120: zero at 70, 50 pixels a side.
const box: Box = { width: 520, height: 150, left: 100, right: 20, top: 20, bottom: 30 };

describe("calibration chart scaling", () => {
  it("is symmetric, at least a level either way, in half levels beyond", () => {
    expect(scaleLimit([0.2, -0.4])).toBe(1);
    expect(scaleLimit([0.2, -1.2])).toBe(1.5);
    expect(scaleLimit([2])).toBe(2);
    expect(scaleLimit([])).toBe(1);
  });

  it("puts higher ratings above the agree line and lower below, over time", () => {
    const chart = calibrationChart(
      [pair("2026-01-01", 1), pair("2026-01-31", -0.5), pair("2026-03-02", 0)],
      null,
      box,
      "en-GB",
    );
    expect(chart.limit).toBe(1);
    expect(chart.zero).toBe(70);
    expect(chart.dots.map((d) => [d.x, d.y, d.side])).toEqual([
      [100, 20, "higher"],
      [300, 95, "lower"],
      [500, 70, "agree"],
    ]);
    expect(chart.drift).toBeNull();
    expect(chart.from).toEqual({ x: 100, label: "1 Jan 2026" });
    expect(chart.to).toEqual({ x: 500, label: "2 Mar 2026" });
    // Half levels get faint lines on a scale of one level.
    expect(chart.grid.map((g) => g.level).sort()).toEqual([-0.5, -1, 0.5, 1].sort());
  });

  it("spreads pairs of one day out in their order", () => {
    const chart = calibrationChart([pair("2026-01-01", 0.2), pair("2026-01-01", 0.4)], null, box);
    expect(chart.dots.map((d) => d.x)).toEqual([100, 500]);
  });

  it("draws the drift from the earlier half's average to the later half's", () => {
    const pairs = [
      pair("2026-01-01", -1),
      pair("2026-02-01", 0),
      pair("2026-03-01", 5), // the middle of an odd count is in neither half
      pair("2026-04-01", 1),
      pair("2026-05-01", 2),
    ];
    const chart = calibrationChart(pairs, 2, box);
    expect(chart.limit).toBe(5);
    const [a, b, , d, e] = chart.dots;
    expect(chart.drift).toEqual({
      x1: ((a?.x ?? 0) + (b?.x ?? 0)) / 2,
      y1: 70 + (0.5 / 5) * 50,
      x2: ((d?.x ?? 0) + (e?.x ?? 0)) / 2,
      y2: 70 - (1.5 / 5) * 50,
    });
    expect(chart.grid.filter((g) => g.level > 0).map((g) => g.level)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("calibration in words", () => {
  it("says how far apart and which way", () => {
    expect(differenceWords(0.66)).toBe("0.7 levels higher");
    expect(differenceWords(-1)).toBe("1 level lower");
    expect(differenceWords(2)).toBe("2 levels higher");
    expect(differenceWords(0.01)).toBe("the same");
    expect(sideOf(0.5)).toBe("higher");
    expect(sideOf(-0.49)).toBe("agree");
  });

  it("names the mentee and both dates for a dot", () => {
    expect(pairWords(pair("2026-03-03", 0.7, "Søren", "2026-02-28"), "en-GB")).toBe(
      "Søren: your rating of 3 Mar 2026 beside their own of 28 Feb 2026, 0.7 levels higher",
    );
    expect(pairWords(pair("2026-03-03", 0, "李小龙"), "en-GB")).toBe(
      "李小龙: your rating of 3 Mar 2026 beside their own of the same day, the same",
    );
  });
});
