import { expect, it } from "vitest";
import { shortcutFor } from "./shortcuts";

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

it("maps the documented shortcuts", () => {
  expect(shortcutFor(key("n", { ctrlKey: true }))).toBe("new-mentee");
  expect(shortcutFor(key("F", { ctrlKey: true }))).toBe("focus-search");
  expect(shortcutFor(key("f", { metaKey: true }))).toBe("focus-search");
  expect(shortcutFor(key("1", { ctrlKey: true }))).toBe("go-dashboard");
  expect(shortcutFor(key("k", { ctrlKey: true }))).toBe("search-everything");
  expect(shortcutFor(key(",", { ctrlKey: true }))).toBe("settings");
  expect(shortcutFor(key("3", { ctrlKey: true }))).toBe("go-catalogue");
  expect(shortcutFor(key("p", { ctrlKey: true }))).toBe("export-pdf");
  expect(shortcutFor(key("P", { metaKey: true }))).toBe("export-pdf");
  expect(shortcutFor(key("o", { ctrlKey: true }))).toBe("open-shared-plan");
});

it("captures evidence with Ctrl+E (Cmd+E on a Mac), whatever the case", () => {
  expect(shortcutFor(key("e", { ctrlKey: true }))).toBe("capture-evidence");
  expect(shortcutFor(key("E", { ctrlKey: true }))).toBe("capture-evidence");
  expect(shortcutFor(key("e", { metaKey: true }))).toBe("capture-evidence");
  expect(shortcutFor(key("e"))).toBeNull();
  expect(shortcutFor(key("e", { ctrlKey: true, altKey: true }))).toBeNull();
  expect(shortcutFor(key("e", { ctrlKey: true, shiftKey: true }))).toBeNull();
});

it("ignores plain typing and other modifier combinations", () => {
  expect(shortcutFor(key("n"))).toBeNull();
  expect(shortcutFor(key("n", { ctrlKey: true, shiftKey: true }))).toBeNull();
  expect(shortcutFor(key("x", { ctrlKey: true }))).toBeNull();
});
