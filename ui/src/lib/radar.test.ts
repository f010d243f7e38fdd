import { expect, it } from "vitest";
import { anchorFor, pointOn, polygon } from "./radar";

const centre = { x: 100, y: 100 };

it("puts the first axis straight up and scales by level", () => {
  expect(pointOn(0, 4, 5, 50, centre)).toEqual({ x: 100, y: 50 });
  expect(pointOn(1, 4, 5, 50, centre)).toEqual({ x: 150, y: 100 });
  expect(pointOn(2, 4, 2.5, 50, centre)).toEqual({ x: 100, y: 125 });
});

it("clamps out-of-range levels and draws unknown values at the centre", () => {
  expect(pointOn(0, 4, 9, 50, centre)).toEqual({ x: 100, y: 50 });
  expect(polygon([5, null, 5, null], 50, centre)).toBe("100,50 100,100 100,150 100,100");
});

it("anchors labels away from the chart", () => {
  expect(anchorFor({ x: 100, y: 20 }, centre)).toBe("middle");
  expect(anchorFor({ x: 180, y: 90 }, centre)).toBe("start");
  expect(anchorFor({ x: 20, y: 90 }, centre)).toBe("end");
});
