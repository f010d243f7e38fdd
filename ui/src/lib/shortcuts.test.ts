import { expect, it } from "vitest";
import { isEditable, shortcutFor } from "./shortcuts";

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

it("takes back the last change with Ctrl+Z, but leaves Ctrl+Z in text to the text", () => {
  expect(shortcutFor(key("z", { ctrlKey: true }))).toBe("undo");
  expect(shortcutFor(key("z", { ctrlKey: true, shiftKey: true }))).toBeNull();
  const field = (tag: string, type?: string) => {
    const element = document.createElement(tag);
    if (type) element.setAttribute("type", type);
    return element;
  };
  expect(isEditable(field("input"))).toBe(true);
  expect(isEditable(field("input", "search"))).toBe(true);
  expect(isEditable(field("textarea"))).toBe(true);
  expect(isEditable(field("input", "checkbox"))).toBe(false);
  expect(isEditable(field("button"))).toBe(false);
  expect(isEditable(null)).toBe(false);
});
