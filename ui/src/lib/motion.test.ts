import { afterEach, expect, test, vi } from "vitest";
import { prefersReducedMotion, scrollBehavior } from "./motion";

afterEach(() => vi.unstubAllGlobals());

function stubMatchMedia(reduce: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: reduce && query.includes("prefers-reduced-motion: reduce"),
    media: query,
  }));
}

test("scrolls smoothly unless the system asks for reduced motion", () => {
  stubMatchMedia(false);
  expect(prefersReducedMotion()).toBe(false);
  expect(scrollBehavior()).toBe("smooth");
  stubMatchMedia(true);
  expect(prefersReducedMotion()).toBe(true);
  expect(scrollBehavior()).toBe("auto");
});
