import { afterEach, expect, it, vi } from "vitest";
import { guardLinks, openable } from "./links";
import { renderMarkdown } from "./markdown";

let undo = () => {};
afterEach(() => {
  undo();
  document.body.innerHTML = "";
});

function click(target: Element, init: MouseEventInit = {}, type = "click"): boolean {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

it("offers web and mail links instead of following them", () => {
  const note = "See [the **doc**](https://example.org/doc?a=1) or [mail](mailto:ana@example.org)";
  document.body.innerHTML = `<div>${renderMarkdown(note)}</div>`;
  const offer = vi.fn();
  undo = guardLinks(offer);
  expect(click(document.querySelector("strong")!)).toBe(true);
  expect(offer).toHaveBeenLastCalledWith("https://example.org/doc?a=1");
  expect(click(document.querySelector("a[href^='mailto']")!)).toBe(true);
  expect(offer).toHaveBeenLastCalledWith("mailto:ana@example.org");
});

it("never follows any other link, and a middle click offers nothing", () => {
  document.body.innerHTML = `
    <a id="js" href="javascript:alert(1)">x</a><a id="file" href="file:///etc/passwd">x</a>
    <a id="path" href="/elsewhere">x</a><a id="web" href="https://example.org/">x</a>`;
  const offer = vi.fn();
  undo = guardLinks(offer);
  for (const id of ["#js", "#file", "#path"]) expect(click(document.querySelector(id)!), id).toBe(true);
  expect(click(document.querySelector("#web")!, { button: 1 }, "auxclick")).toBe(true);
  expect(offer).not.toHaveBeenCalled();
});

it("leaves clicks elsewhere alone", () => {
  document.body.innerHTML = `<button id="b">Save</button><a id="anchor">no href</a>`;
  const offer = vi.fn();
  undo = guardLinks(offer);
  expect(click(document.querySelector("#b")!)).toBe(false);
  expect(click(document.querySelector("#anchor")!)).toBe(false);
  expect(offer).not.toHaveBeenCalled();
});

it("opens only web and mail addresses", () => {
  expect(openable(" https://example.org/ ")).toBe("https://example.org/");
  expect(openable("HTTP://example.org")).toBe("HTTP://example.org");
  expect(openable("mailto:ana@example.org")).toBe("mailto:ana@example.org");
  for (const other of [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,x",
    "/path",
    "tauri://localhost/",
    "",
  ]) {
    expect(openable(other), other).toBeNull();
  }
});
