import { afterEach, expect, it } from "vitest";
import { guardContextMenu, keepsContextMenu } from "./contextmenu";

let undo = () => {};
afterEach(() => {
  undo();
  document.body.innerHTML = "";
});

function rightClick(target: Element): boolean {
  const event = new MouseEvent("contextmenu", { bubbles: true, cancelable: true, button: 2 });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

it("offers no menu on links, images or the page, but keeps it in text fields", () => {
  document.body.innerHTML = `
    <div class="markdown"><p>See <a href="https://example.org/"><strong>the doc</strong></a></p></div>
    <svg class="logo"><rect /></svg>
    <input id="name" /><input id="days" type="number" /><input id="find" type="search" />
    <textarea id="notes"></textarea>
    <input id="done" type="checkbox" /><button id="save">Save</button>`;
  undo = guardContextMenu();
  for (const css of ["a", "strong", "p", ".markdown", "svg rect", "#done", "#save"]) {
    expect(rightClick(document.querySelector(css)!), css).toBe(true);
  }
  expect(rightClick(document.body)).toBe(true);
  for (const css of ["#name", "#days", "#find", "#notes"]) {
    expect(rightClick(document.querySelector(css)!), css).toBe(false);
  }
});

it("knows a text field from everything else", () => {
  expect(keepsContextMenu(document.createElement("textarea"))).toBe(true);
  expect(keepsContextMenu(document.createElement("input"))).toBe(true);
  expect(keepsContextMenu(document.createElement("img"))).toBe(false);
  expect(keepsContextMenu(null)).toBe(false);
});

it("can be undone", () => {
  document.body.innerHTML = `<p id="text">x</p>`;
  guardContextMenu()();
  expect(rightClick(document.querySelector("#text")!)).toBe(false);
});
