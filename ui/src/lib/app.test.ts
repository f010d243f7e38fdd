import { beforeEach, expect, it } from "vitest";
import { nav, openReminder } from "./app.svelte";

beforeEach(() => {
  nav.screen = "settings";
  nav.focus = null;
});

it("opens a milestone reminder on its plan, with the milestone to highlight", () => {
  openReminder({ kind: "milestone", mentee_id: 4, plan_id: 9, milestone_id: 31 });
  expect(nav.screen).toBe("mentees");
  expect(nav.focus).toMatchObject({ menteeId: 4, tab: "plan", planId: 9, milestoneId: 31 });
});

it("opens a 1:1 reminder on the mentee's 1:1s, where the next 1:1 is", () => {
  openReminder({ kind: "mentee", mentee_id: 4 });
  expect(nav.screen).toBe("mentees");
  expect(nav.focus).toMatchObject({ menteeId: 4, tab: "sessions", planId: null, milestoneId: null });
});

it("opens the day's summary on Today", () => {
  openReminder({ kind: "today" });
  expect(nav.screen).toBe("dashboard");
  expect(nav.focus).toBeNull();
});

it("asks afresh each time, so the same reminder clicked twice opens it again", () => {
  openReminder({ kind: "mentee", mentee_id: 4 });
  const first = nav.focus?.seq ?? 0;
  openReminder({ kind: "mentee", mentee_id: 4 });
  expect(nav.focus?.seq).toBeGreaterThan(first);
});
