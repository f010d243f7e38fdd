import { describe, expect, it } from "vitest";
import type { CompetencyForecast } from "./bindings/CompetencyForecast";
import {
  monthYear,
  outlookWords,
  position,
  rangeWords,
  scaleTicks,
  sourceWords,
  timelineDomain,
  timelineGeometry,
  timelineLabel,
  trackWords,
  yearStarts,
} from "./forecast";

const forecast = (over: Partial<CompetencyForecast> = {}): CompetencyForecast => ({
  competencyKey: "technical_vision",
  target: 4,
  current: 2,
  outlook: "closing",
  likelyOn: "2027-03-10",
  earliestOn: "2027-01-15",
  latestOn: "2027-06-20",
  onTrack: true,
  pace: 0.3,
  reasons: [],
  ...over,
});

const days = (from: string, to: string) =>
  Math.round((new Date(`${to}T00:00:00`).getTime() - new Date(`${from}T00:00:00`).getTime()) / 86_400_000);

describe("the forecast in words", () => {
  it("names the month and the year in the person's locale", () => {
    expect(monthYear("2027-03-10", "en-GB")).toBe("March 2027");
    expect(monthYear("2027-03-10", "de")).toBe("März 2027");
    expect(monthYear("soon")).toBe("soon");
  });

  it("says the range within a year, across years, within one month, and open-ended", () => {
    expect(rangeWords("2027-01-15", "2027-06-20", "en-GB")).toBe("between January and June 2027");
    expect(rangeWords("2026-11-02", "2027-02-20", "en-GB")).toBe("between November 2026 and February 2027");
    expect(rangeWords("2027-03-02", "2027-03-28", "en-GB")).toBe("in March 2027");
    expect(rangeWords("2027-01-15", null, "en-GB")).toBe("from January 2027; the slow end never closes");
    expect(rangeWords(null, null)).toBeNull();
  });

  it("comes down to one line per outlook", () => {
    expect(outlookWords(forecast(), "en-GB")).toBe("Likely by March 2027");
    expect(outlookWords(forecast({ outlook: "at_target" }))).toBe("At target");
    expect(outlookWords(forecast({ outlook: "not_closing" }))).toBe("Not closing at the current pace");
    expect(outlookWords(forecast({ outlook: "not_enough_data" }))).toBe("Not enough data yet");
    expect(trackWords(true)).toBe("On track");
    expect(trackWords(false)).toBe("After the target date");
    expect(trackWords(null)).toBeNull();
  });

  it("says whose ratings the trend follows to whoever is looking", () => {
    const mentor = { kind: "mentor", menteeName: "Ana Lima" } as const;
    expect(sourceWords("mentor", mentor)).toBe("From your ratings");
    expect(sourceWords("self", mentor)).toBe("From Ana Lima's self-ratings");
    expect(sourceWords("self", { kind: "self" })).toBe("From your own ratings");
    expect(sourceWords("mentor", { kind: "received", mentorName: "Maria" })).toBe("From Maria's ratings");
    expect(sourceWords("self", { kind: "received", mentorName: "Maria" })).toBe("From your own ratings");
    expect(sourceWords(null, mentor)).toBeNull();
  });

  it("sums a timeline up for a screen reader", () => {
    expect(timelineLabel(forecast(), "2027-09-30", "en-GB")).toBe(
      "Likely by March 2027, between January and June 2027. The plan's target date is 30 September 2027; " +
        "the likely date is before it.",
    );
    expect(timelineLabel(forecast({ outlook: "not_closing", onTrack: null }), "2027-09-30", "en-GB")).toBe(
      "Not closing at the current pace. The plan's target date is 30 September 2027.",
    );
  });
});

describe("the timeline's geometry", () => {
  const today = "2026-12-01";

  it("starts today and reaches past the target date and every likely date", () => {
    const domain = timelineDomain([forecast()], "2027-09-30", today);
    expect(position(today, domain)).toBe(0);
    expect(position("2027-09-30", domain)).toBeGreaterThan(0.9);
    expect(position("2027-09-30", domain)).toBeLessThan(1);
    // A little room after the last mark.
    expect(domain.end - domain.start).toBe(Math.round(days(today, "2027-09-30") * 1.04));
  });

  it("spans at least half a year, and starts earlier for a target date already past", () => {
    const short = timelineDomain([], "2026-12-20", today);
    expect(short.end - short.start).toBeGreaterThanOrEqual(183);
    const late = timelineDomain([], "2026-10-01", today);
    expect(position("2026-10-01", late)).toBe(0);
    expect(position(today, late)).toBeGreaterThan(0);
  });

  it("cuts off a slow end far beyond the rest, and leaves room for a range that never closes to fade", () => {
    const far = forecast({ latestOn: "2034-01-01" });
    const domain = timelineDomain([far], "2027-09-30", today);
    // From today to the target is 303 days: the scale stretches a year past it, no more.
    expect(domain.end - domain.start).toBe(Math.round((303 + 365) * 1.04));
    expect(timelineGeometry(far, "2027-09-30", domain).band).toMatchObject({ to: 1, open: true });

    const open = forecast({ likelyOn: "2027-09-01", latestOn: null });
    const withOpen = timelineDomain([open], "2027-06-30", today);
    expect(position("2027-09-01", withOpen)).toBeLessThan(0.85);
  });

  it("draws the range as a band, the likely date as a dot and the target as a line", () => {
    const domain = timelineDomain([forecast()], "2027-09-30", "2026-12-01");
    const at = (iso: string) => position(iso, domain);
    expect(at("2027-01-15")).toBeLessThan(at("2027-03-10"));
    const g = timelineGeometry(forecast(), "2027-09-30", domain);
    expect(g.likely).toBeCloseTo(at("2027-03-10"));
    expect(g.band).toEqual({ from: at("2027-01-15"), to: at("2027-06-20"), open: false });
    expect(g.target).toBeCloseTo(at("2027-09-30"));

    const open = timelineGeometry(forecast({ latestOn: null }), "2027-09-30", domain);
    expect(open.band).toEqual({ from: at("2027-01-15"), to: 1, open: true });
  });

  it("draws only the target line for a gap with no date", () => {
    const domain = timelineDomain([], "2027-09-30", today);
    for (const outlook of ["at_target", "not_closing", "not_enough_data"] as const) {
      const g = timelineGeometry(forecast({ outlook, likelyOn: null }), "2027-09-30", domain);
      expect(g.band).toBeNull();
      expect(g.likely).toBeNull();
      expect(g.target).toBeGreaterThan(0);
    }
  });

  it("clamps dates outside the scale to its ends", () => {
    const domain = timelineDomain([], "2027-09-30", today);
    expect(position("2020-01-01", domain)).toBe(0);
    expect(position("2040-01-01", domain)).toBe(1);
  });
});

describe("the scale's labels", () => {
  it("names now, the target and the years between, leaving out those that would collide", () => {
    const domain = timelineDomain(
      [forecast({ likelyOn: "2028-08-01", latestOn: "2029-01-01" })],
      "2027-09-30",
      "2026-12-01",
    );
    expect(yearStarts(domain).map((y) => y.label)).toEqual(["2027", "2028", "2029"]);
    const wide = scaleTicks(domain, "2027-09-30", "2026-12-01", 2000);
    expect(wide.map((t) => t.label)).toEqual(["Now", "2027", "Target", "2028", "2029"]);
    expect(wide[0]).toMatchObject({ kind: "now", align: "start", at: 0 });
    // On a narrower track "2027", a month after now, makes way; now and the target stay.
    expect(scaleTicks(domain, "2027-09-30", "2026-12-01", 800).map((t) => t.label)).toEqual([
      "Now",
      "Target",
      "2028",
      "2029",
    ]);
    const narrow = scaleTicks(domain, "2027-09-30", "2026-12-01", 200);
    expect(narrow.map((t) => t.label)).toContain("Now");
    expect(narrow.map((t) => t.label)).toContain("Target");
    expect(narrow.map((t) => t.label)).not.toContain("2027");
  });

  it("keeps a label at the far end inside the track", () => {
    const domain = { start: 0, end: 100 };
    const ticks = scaleTicks(domain, "1970-04-10", "1970-01-01", 300);
    expect(ticks.find((t) => t.kind === "target")).toMatchObject({ align: "end" });
  });

  it("names every other year on a long scale", () => {
    const domain = timelineDomain(
      [forecast({ likelyOn: "2035-01-01", earliestOn: "2034-01-01" })],
      "2027-01-01",
      "2026-12-01",
    );
    const years = yearStarts(domain).map((y) => Number(y.label));
    expect(years.length).toBeGreaterThan(3);
    expect(years.every((y, i) => i === 0 || y - (years[i - 1] ?? 0) === 2)).toBe(true);
  });
});
