import { describe, expect, it } from "vitest";
import type { AgendaItem } from "./bindings/AgendaItem";
import type { NextSession } from "./bindings/NextSession";
import { agendaDetail, dueWords, isOverdue, sessionFromNext, shortDay } from "./rhythm";

const TODAY = "2026-12-01";
const item = (extra: Partial<AgendaItem>): AgendaItem => ({
  kind: "topic",
  text: "Anything",
  refId: null,
  date: null,
  addedByMentee: false,
  ...extra,
});

describe("when the next 1:1 is due", () => {
  it("names the day while it is ahead", () => {
    expect(dueWords({ dueOn: "2026-12-03", overdueDays: 0 }, TODAY, "en-GB")).toEqual({
      text: "Due Thursday 3 December",
      tone: "upcoming",
    });
    expect(dueWords({ dueOn: "2026-12-02", overdueDays: 0 }, TODAY, "en-GB").text).toBe("Due Wednesday 2 December");
  });

  it("adds the year only when it is another year", () => {
    expect(dueWords({ dueOn: "2027-01-04", overdueDays: 0 }, TODAY, "en-GB").text).toBe("Due Monday, 4 January 2027");
  });

  it("says today, and how long overdue", () => {
    expect(dueWords({ dueOn: TODAY, overdueDays: 0 }, TODAY, "en-GB")).toEqual({ text: "Due today", tone: "today" });
    expect(dueWords({ dueOn: "2026-11-27", overdueDays: 4 }, TODAY, "en-GB")).toEqual({
      text: "Overdue by 4 days",
      tone: "overdue",
    });
    expect(dueWords({ dueOn: "2026-11-30", overdueDays: 1 }, TODAY, "en-GB").text).toBe("Overdue by 1 day");
  });

  it("says so when no rhythm is set", () => {
    expect(dueWords({ dueOn: null, overdueDays: 0 }, TODAY, "en-GB")).toEqual({
      text: "No regular 1:1s set",
      tone: "unset",
    });
  });
});

describe("where an agenda entry came from", () => {
  const detail = (extra: Partial<AgendaItem>) => agendaDetail(item(extra), "Sam", TODAY, "en-GB");

  it("dates action items by the 1:1 they came from", () => {
    expect(detail({ kind: "action_item", date: "2026-11-12" })).toBe("Action item from the 1:1 of 12 Nov");
    expect(detail({ kind: "action_item", date: "2025-11-12" })).toBe("Action item from the 1:1 of 12 Nov 2025");
    expect(detail({ kind: "action_item" })).toBe("Action item from an earlier 1:1");
  });

  it("says who added a topic, when it was the mentee", () => {
    expect(detail({ kind: "topic", date: "2026-11-20", addedByMentee: true })).toBe("Topic Sam added on 20 Nov");
    expect(detail({ kind: "topic", date: "2026-11-20" })).toBe("Topic added on 20 Nov");
  });

  it("marks talking points as recurring", () => {
    expect(detail({ kind: "talking_point" })).toBe("Raised at every 1:1");
  });

  it("says when a milestone is due, or since when it is overdue", () => {
    expect(detail({ kind: "milestone", date: "2026-12-03" })).toBe("Milestone due 3 Dec");
    expect(detail({ kind: "milestone", date: TODAY })).toBe("Milestone due 1 Dec");
    expect(detail({ kind: "milestone", date: "2026-11-28" })).toBe("Milestone overdue since 28 Nov");
    expect(isOverdue(item({ kind: "milestone", date: "2026-11-28" }), TODAY)).toBe(true);
    expect(isOverdue(item({ kind: "milestone", date: TODAY }), TODAY)).toBe(false);
    expect(isOverdue(item({ kind: "topic", date: "2026-11-28" }), TODAY)).toBe(false);
  });

  it("keeps a short day readable", () => {
    expect(shortDay("2026-03-09", TODAY, "en-GB")).toBe("9 Mar");
    expect(shortDay("not a date", TODAY, "en-GB")).toBe("not a date");
  });
});

it("starts a 1:1 held today to the agenda the next 1:1 gathered", () => {
  const next: NextSession = {
    menteeId: 4,
    cadence: "fortnightly",
    lastHeldOn: "2026-11-12",
    dueOn: "2026-11-26",
    overdueDays: 5,
    agenda: [
      item({ kind: "action_item", text: "Draft the RFC", refId: 31, date: "2026-11-12" }),
      item({ kind: "topic", text: "Promotion timeline", refId: 7, date: "2026-11-20", addedByMentee: true }),
      item({ kind: "talking_point", text: "Wellbeing" }),
      item({ kind: "milestone", text: "Lead the design review", refId: 12, date: "2026-12-03" }),
    ],
  };
  expect(sessionFromNext(next, TODAY)).toEqual({
    heldOn: TODAY,
    notes: "",
    sharedNotes: "",
    goalIds: [],
    newActionItems: [],
    agenda: [
      { kind: "action_item", text: "Draft the RFC", refId: 31 },
      { kind: "topic", text: "Promotion timeline", refId: 7 },
      { kind: "talking_point", text: "Wellbeing", refId: null },
      { kind: "milestone", text: "Lead the design review", refId: 12 },
    ],
  });
  expect(sessionFromNext({ agenda: [] }, TODAY).agenda).toEqual([]);
});
