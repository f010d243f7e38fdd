import { describe, expect, it, vi } from "vitest";
import {
  dateFormat,
  formatDate,
  formatDateTime,
  formatMoment,
  initials,
  parseIsoDate,
  relativeDate,
  relativeTime,
  todayIso,
} from "./format";

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

  it("gives a moment of today as its time alone, another day's with its date", () => {
    const at = (d: number, h: number, m: number) => new Date(2026, 10, d, h, m).toISOString();
    expect(formatMoment(at(26, 9, 41), now, "en-GB")).toBe("09:41");
    expect(formatMoment(at(25, 23, 5), now, "en-GB")).toBe("25 Nov 2026, 23:05");
    expect(formatMoment("", now)).toBe("");
  });

  it("speaks relatively at sensible granularity", () => {
    expect(relativeDate("2026-11-26", now, "en")).toBe("today");
    expect(relativeDate("2026-11-29", now, "en")).toBe("in 3 days");
    expect(relativeDate("2026-11-12", now, "en")).toBe("2 weeks ago");
    expect(relativeDate("2026-05-26", now, "en")).toBe("6 months ago");
    expect(relativeDate("2023-11-26", now, "en")).toBe("3 years ago");
  });

  it("speaks of a stored moment in minutes and hours, then in days", () => {
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
    expect(relativeTime(at(0), now, "en")).toBe("just now");
    expect(relativeTime(at(-0.5), now, "en")).toBe("just now");
    expect(relativeTime(at(5), now, "en")).toBe("5 minutes ago");
    expect(relativeTime(at(120), now, "en")).toBe("2 hours ago");
    expect(relativeTime(at(23 * 60), now, "en")).toBe("23 hours ago");
    expect(relativeTime(at(3 * 24 * 60), now, "en")).toBe("3 days ago");
    expect(relativeTime(at(14 * 24 * 60), now, "en")).toBe("2 weeks ago");
    expect(relativeTime(at(-90), now, "en")).toBe("in 2 hours");
    expect(relativeTime("not a time", now, "en")).toBe("not a time");
  });

  it("gives today's date in local time", () => {
    expect(todayIso(now)).toBe("2026-11-26");
  });
});

describe("date formatters", () => {
  it("are built once for each locale and options, and format as a new one would", () => {
    const options: Intl.DateTimeFormatOptions = { day: "numeric", month: "long" };
    const first = dateFormat("de-DE", options);
    expect(dateFormat("de-DE", { day: "numeric", month: "long" })).toBe(first);
    expect(dateFormat("de-DE", { day: "numeric", month: "long", year: undefined })).toBe(first);
    expect(dateFormat("en-GB", options)).not.toBe(first);
    expect(dateFormat("de-DE", { ...options, year: "numeric" })).not.toBe(first);
    const date = new Date(2026, 11, 3);
    expect(first.format(date)).toBe(new Intl.DateTimeFormat("de-DE", options).format(date));
  });

  it("are built again when the computer moves to another time zone", () => {
    const options: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    const noon = Date.UTC(2026, 11, 3, 12, 0);
    try {
      vi.stubEnv("TZ", "Europe/Berlin");
      expect(dateFormat("en-GB", options).format(noon)).toBe("13:00");
      vi.stubEnv("TZ", "America/New_York");
      expect(dateFormat("en-GB", options).format(noon)).toBe("07:00");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuse a locale Intl refuses, every time", () => {
    expect(() => dateFormat("not a locale", {})).toThrow(RangeError);
    expect(() => dateFormat("not a locale", {})).toThrow(RangeError);
    expect(() => relativeDate("2026-12-01", new Date(2026, 11, 3), "not a locale")).toThrow(RangeError);
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
