import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { focusFirst, focusOrigin, keepFocus, returnFocus } from "./focus";

let stop: () => void;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  stop = keepFocus();
});
afterEach(() => {
  stop();
  document.body.innerHTML = "";
  vi.useRealTimers();
});

const $ = (css: string) => document.querySelector<HTMLElement>(css);
// The keeper hears of removals a microtask later, as in the browser.
const mutationsSeen = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};
async function settle() {
  await vi.advanceTimersByTimeAsync(300);
}

function rows(...names: string[]) {
  document.body.innerHTML = `<ul>${names
    .map((n) => `<li data-name="${n}">${n} <button type="button">Delete</button></li>`)
    .join("")}</ul>`;
}
const deleteIn = (name: string) => $(`[data-name='${name}'] button`);

it("gives focus back to the control that opened a dialog", () => {
  document.body.innerHTML = `<button id="open">New</button><div id="dialog"><input id="name"></div>`;
  $("#open")?.focus();
  const opener = focusOrigin();
  $("#name")?.focus();
  $("#dialog")?.remove();
  returnFocus(opener);
  expect(document.activeElement).toBe($("#open"));
});

it("leaves focus where it went if it is no longer lost", () => {
  document.body.innerHTML = `<button id="open">New</button><div id="dialog"><input></div><button id="else">Else</button>`;
  $("#open")?.focus();
  const opener = focusOrigin();
  $("#else")?.focus();
  $("#dialog")?.remove();
  returnFocus(opener);
  expect(document.activeElement).toBe($("#else"));
});

it("returns to the opener drawn anew when the form that replaced it closes", async () => {
  document.body.innerHTML = `<section data-testid="sessions"><button data-testid="log">Log a 1:1</button></section>`;
  $("[data-testid='log']")?.focus();
  // The form takes the button's place: the button is gone by the time the form asks.
  $("[data-testid='log']")?.remove();
  const opener = focusOrigin();
  $("section")?.insertAdjacentHTML("beforeend", `<form><input id="date"></form>`);
  $("#date")?.focus();
  await mutationsSeen();

  $("form")?.remove();
  $("section")?.insertAdjacentHTML("afterbegin", `<button data-testid="log">Log a 1:1</button>`);
  returnFocus(opener);
  expect(document.activeElement).toBe($("[data-testid='log']"));
});

it("follows a control that a re-render drew anew", async () => {
  document.body.innerHTML = `<div id="detail"><button data-testid="edit">Edit</button></div>`;
  $("[data-testid='edit']")?.focus();
  $("#detail")!.innerHTML = `<p>Loading</p>`;
  await mutationsSeen();
  expect(document.activeElement).toBe(document.body);

  $("#detail")!.innerHTML = `<button data-testid="edit">Edit</button>`;
  await mutationsSeen();
  expect(document.activeElement).toBe($("[data-testid='edit']"));
});

it("hands focus from a deleted row to the next, and from the last to the one before", async () => {
  rows("Ada", "Grace", "Linus");
  deleteIn("Grace")?.focus();
  $("[data-name='Grace']")?.remove();
  await mutationsSeen();
  await settle();
  expect(document.activeElement).toBe(deleteIn("Linus"));

  $("[data-name='Linus']")?.remove();
  await mutationsSeen();
  await settle();
  expect(document.activeElement).toBe(deleteIn("Ada"));
});

it("gives the place to what was drawn into it, waiting for the redraw", async () => {
  document.body.innerHTML = `<section id="tab"><div id="empty"><button>Create a plan</button></div></section>`;
  $("#empty button")?.focus();
  $("#empty")?.remove();
  await mutationsSeen();
  $("#tab")!.innerHTML = `<h2>Toward Cloud Leader</h2><button id="export">Export PDF</button>`;
  await mutationsSeen();
  await settle();
  expect(document.activeElement).toBe($("#export"));
});

it("moves from the stand-in to the control once it is drawn anew", async () => {
  document.body.innerHTML = `<button id="list">Row</button><div id="detail"><button data-testid="edit">Edit</button></div>`;
  $("[data-testid='edit']")?.focus();
  $("[data-testid='edit']")?.remove();
  await mutationsSeen();
  await settle();
  expect(document.activeElement).toBe($("#list"));

  $("#detail")!.innerHTML = `<button data-testid="edit">Edit</button>`;
  await mutationsSeen();
  expect(document.activeElement).toBe($("[data-testid='edit']"));
});

it("takes focus back to a control moved within its list", async () => {
  rows("Ada", "Grace");
  const grace = deleteIn("Grace");
  grace?.focus();
  $("ul")?.prepend($("[data-name='Grace']")!);
  await mutationsSeen();
  expect(document.activeElement).toBe(grace);
});

it("does not pull focus back once the person has left the control", async () => {
  rows("Ada", "Grace");
  deleteIn("Grace")?.focus();
  deleteIn("Grace")?.blur();
  await mutationsSeen();
  $("[data-name='Grace']")?.remove();
  await mutationsSeen();
  await settle();
  expect(document.activeElement).toBe(document.body);
});

it("sends focus from a toast back to where it came from", async () => {
  document.body.innerHTML = `<button id="work">Delete goal</button>
    <div data-focus-return><div id="toast"><button>Undo</button></div></div>`;
  $("#work")?.focus();
  $("#toast button")?.focus();
  $("#toast")?.remove();
  await mutationsSeen();
  expect(document.activeElement).toBe($("#work"));
});

it("focuses the first control that can take focus", () => {
  document.body.innerHTML = `<div id="box"><button disabled>Off</button><span tabindex="-1">Heading</span>
    <div hidden><input></div><input id="first"><input></div>`;
  expect(focusFirst($("#box"))).toBe(true);
  expect(document.activeElement).toBe($("#first"));
  expect(focusFirst($("#none"))).toBe(false);
});
