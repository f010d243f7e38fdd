import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, initials, parseIsoDate, relativeDate, todayIso } from "./format";

describe("dates", () => {
  const now = new Date(2026, 10, 26, 15, 30);

  it("parses ISO dates as local calendar days and rejects others", () => {
    expect(parseIsoDate("2026-03-01")?.getDate()).toBe(1);
    expect(parseIsoDate("01/03/2026")).toBeNull();
  });

  it("formats in the given locale", () => {
    expect(formatDate("2026-03-01", "en-GB")).toBe("1 Mar 2026");
    expect(formatDate("2026-03-01", "en-US")).toBe("Mar 1, 2026");
    expect(formatDateTime("2026-03-01T16:05:09", "en-GB")).toBe("1 Mar 2026, 16:05");
    expect(formatDateTime("", "en-GB")).toBe("");
    expect(formatDate(null)).toBe("");
  });

  it("speaks relatively at sensible granularity", () => {
    expect(relativeDate("2026-11-26", now, "en")).toBe("today");
    expect(relativeDate("2026-11-29", now, "en")).toBe("in 3 days");
    expect(relativeDate("2026-11-12", now, "en")).toBe("2 weeks ago");
    expect(relativeDate("2026-05-26", now, "en")).toBe("6 months ago");
    expect(relativeDate("2023-11-26", now, "en")).toBe("3 years ago");
  });

  it("gives today's date in local time", () => {
    expect(todayIso(now)).toBe("2026-11-26");
  });
});

describe("initials", () => {
  it("takes the first and last word's first letters in any script", () => {
    expect(initials("Zoë  Ørsted")).toBe("ZØ");
    expect(initials("amara")).toBe("A");
    expect(initials("Дмитрий Иванович Петров")).toBe("ДП");
    expect(initials("  ")).toBe("");
  });
});
