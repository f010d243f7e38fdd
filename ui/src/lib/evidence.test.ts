import { expect, it } from "vitest";
import type { Evidence } from "./bindings/Evidence";
import {
  byCompetency,
  competenciesShown,
  defaultMentee,
  defaultPlan,
  evidenceCount,
  evidenceInputOf,
  linkLabel,
  readyToSave,
  withCompetency,
} from "./evidence";

const entry = (id: number, keys: string[]): Evidence => ({
  id,
  menteeId: 4,
  planId: null,
  milestoneId: null,
  milestoneTitle: null,
  observedOn: "2026-11-30",
  title: `Entry ${id}`,
  link: "",
  note: "",
  addedBy: "mentor",
  competencyKeys: keys,
});

it("filters and groups entries by the competencies they show", () => {
  const list = [entry(3, ["team_management"]), entry(2, ["technical_expertise", "team_management"]), entry(1, [])];
  expect(withCompetency(list, null)).toHaveLength(3);
  expect(withCompetency(list, "team_management").map((e) => e.id)).toEqual([3, 2]);
  expect(competenciesShown(list, ["technical_expertise", "team_management", "task_delegation"])).toEqual([
    "technical_expertise",
    "team_management",
  ]);
  const grouped = byCompetency(list);
  expect(grouped.get("team_management")?.map((e) => e.id)).toEqual([3, 2]);
  expect(grouped.get("task_delegation")).toBeUndefined();
  expect(evidenceCount(1)).toBe("1 piece of evidence");
  expect(evidenceCount(3)).toBe("3 pieces of evidence");
});

it("edits from what was saved", () => {
  const e = { ...entry(7, ["team_management"]), planId: 2, milestoneId: 50, milestoneTitle: "Hire" };
  expect(evidenceInputOf(e)).toEqual({
    planId: 2,
    milestoneId: 50,
    observedOn: "2026-11-30",
    title: "Entry 7",
    link: "",
    note: "",
    competencyKeys: ["team_management"],
  });
});

it("shows a link by its site, or a mail address by itself", () => {
  expect(linkLabel("https://www.example.org/docs/review")).toBe("example.org/docs/review");
  expect(linkLabel("https://github.com/")).toBe("github.com");
  expect(linkLabel("mailto:ana@example.org?subject=Hi")).toBe("ana@example.org");
  expect(linkLabel(`https://example.org/${"a".repeat(80)}`)).toHaveLength(48);
});

it("chooses the mentee on screen, else the first, and the active plan", () => {
  expect(defaultMentee([3, 4], 4)).toBe(4);
  expect(defaultMentee([3, 4], 9)).toBe(3);
  expect(defaultMentee([], null)).toBeNull();
  expect(
    defaultPlan([
      { id: 1, status: "completed" },
      { id: 2, status: "active" },
    ]),
  ).toBe(2);
  expect(defaultPlan([{ id: 1, status: "draft" }])).toBeNull();
});

it("lets Enter save only a complete entry", () => {
  const form = { menteeId: 4, observedOn: "2026-12-01", title: "Led it", competencyKeys: ["x"], milestoneId: null };
  expect(readyToSave(form)).toBe(true);
  expect(readyToSave({ ...form, competencyKeys: [] })).toBe(false);
  expect(readyToSave({ ...form, competencyKeys: [], milestoneId: 50 })).toBe(true);
  expect(readyToSave({ ...form, title: "  " })).toBe(false);
  expect(readyToSave({ ...form, observedOn: "yesterday" })).toBe(false);
  expect(readyToSave({ ...form, menteeId: null })).toBe(false);
});
