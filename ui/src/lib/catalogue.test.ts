import { expect, it } from "vitest";
import { catalogue } from "../test/fixtures";
import { groupByFamily, leaderTypeName } from "./catalogue";

it("groups leader types under their family in catalogue order", () => {
  const groups = groupByFamily(catalogue);
  expect(groups.map((g) => g.family.name)).toEqual(["Engineering", "Platform"]);
  expect(groups[1]?.types.map((t) => t.name)).toEqual(["Cloud Leader"]);
});

it("resolves names by id", () => {
  expect(leaderTypeName(catalogue, 13)).toBe("Cloud Leader");
  expect(leaderTypeName(catalogue, null)).toBeNull();
  expect(leaderTypeName(catalogue, 99)).toBeNull();
});
