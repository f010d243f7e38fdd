import { expect, it } from "vitest";
import { snippetParts } from "./snippet";

it("splits marked matches from plain text", () => {
  expect(snippetParts("We met at the \u0002arch\u0003itecture forum")).toEqual([
    { text: "We met at the ", match: false },
    { text: "arch", match: true },
    { text: "itecture forum", match: false },
  ]);
});

it("keeps markup-looking text as plain text parts", () => {
  expect(snippetParts("<img src=x onerror=alert(1)> \u0002hit\u0003")).toEqual([
    { text: "<img src=x onerror=alert(1)> ", match: false },
    { text: "hit", match: true },
  ]);
});
