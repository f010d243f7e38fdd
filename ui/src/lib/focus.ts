// Keyboard focus that outlives the control it was on. When the focused control leaves the
// page (its dialog closed, its row was deleted, its list was drawn afresh), WebKit hands
// focus to <body> and the next Tab starts over at the sidebar. The keeper puts it back: on
// the same control drawn anew, when nothing else looks like it; else on whatever now stands
// where it stood (the next control, else the one before).

/** Enough about a control to find it again once it is drawn anew. */
export interface Trace {
  element: HTMLElement;
  /** What tells it apart from every other control; null when another looks just the same. */
  key: string | null;
  /** Where it stood, nearest ancestor first, for when it is gone for good. */
  ancestors: Element[];
}

/** The gap a removed control left: the parent it was in, and what stood either side. */
interface Place {
  parent: Element;
  prev: Node | null;
  next: Node | null;
}

interface Loss {
  trace: Trace;
  place: Place | null;
  /** Put there while waiting for the control to be drawn anew; handed over if it is. */
  standIn: HTMLElement | null;
  timer: ReturnType<typeof setTimeout>;
}

// A list read afresh is drawn again within this; only then does a stand-in take focus.
const REDRAW_MS = 300;
// A control drawn anew later still takes focus back from its stand-in until this.
const LATE_REDRAW_MS = 2000;
const CONTROLS = "a[href], button, input, select, textarea, summary, [tabindex]";

let last: Trace | null = null;
let loss: Loss | null = null;
// Set while the keeper itself moves focus, so that its own move does not end the loss.
let placing = false;
// A region marked data-focus-return (the toasts) sends focus back to where it came from.
const cameFrom = new WeakMap<Element, Trace>();

function keyOf(element: HTMLElement): string {
  const marks: string[] = [];
  for (let node: HTMLElement | null = element; node; node = node.parentElement) {
    const mark = node.id ? `#${node.id}` : node.dataset.testid ? `[${node.dataset.testid}]` : "";
    if (mark) marks.push(mark);
  }
  const name = element.getAttribute("aria-label") ?? element.textContent?.trim().slice(0, 80) ?? "";
  const attrs = ["type", "name", "value"].map((a) => element.getAttribute(a) ?? "");
  return [element.tagName, ...attrs, name, marks.join("<")].join("|");
}

const lookalikes = (key: string, tag: string) =>
  [...document.querySelectorAll<HTMLElement>(tag)].filter((other) => keyOf(other) === key);

export function traceOf(element: Element | null): Trace | null {
  if (!(element instanceof HTMLElement) || element === document.body) return null;
  const key = keyOf(element);
  const ancestors: Element[] = [];
  for (let node = element.parentElement; node; node = node.parentElement) ancestors.push(node);
  return { element, key: lookalikes(key, element.tagName).length === 1 ? key : null, ancestors };
}

const isLost = () => !document.activeElement || document.activeElement === document.body;

function focusOn(element: HTMLElement | null | undefined): boolean {
  if (!element) return false;
  placing = true;
  element.focus();
  placing = false;
  return document.activeElement === element;
}

function redrawOf(trace: Trace): HTMLElement | null {
  if (!trace.key) return null;
  const found = lookalikes(trace.key, trace.element.tagName).filter((e) => e !== trace.element);
  return found.length === 1 ? (found[0] ?? null) : null;
}

const reachable = (element: HTMLElement) =>
  element.tabIndex >= 0 && !element.matches(":disabled") && !element.closest("[inert], [hidden]");

/** Focuses the first control in `container` that takes it; whether one did. */
export function focusFirst(container: Element | null | undefined): boolean {
  const controls = [...(container?.querySelectorAll<HTMLElement>(CONTROLS) ?? [])].filter(reachable);
  return controls.some((c) => focusOn(c));
}

/** Focuses what fills the gap, else what follows it, else what precedes it; then looks
 *  around the parent, and so outward. */
function focusNear({ parent, prev, next }: Place): HTMLElement | null {
  for (let box: Element | null = parent; box && box !== document.documentElement; box = box.parentElement) {
    const before = prev?.isConnected ? prev : null;
    const after = next?.isConnected ? next : null;
    const controls = [...box.querySelectorAll<HTMLElement>(CONTROLS)].filter(reachable);
    const follows = (node: Node, c: Node) => !!(node.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
    const inGap = controls.filter(
      (c) => (!before || (follows(before, c) && !before.contains(c))) && (!after || follows(c, after)),
    );
    const following = after ? controls.filter((c) => c === after || follows(after, c)) : [];
    const preceding = before ? controls.filter((c) => !follows(before, c) || before.contains(c)).reverse() : [];
    const chosen = [...inGap, ...following, ...preceding].find((c) => focusOn(c));
    if (chosen) return chosen;
    prev = box;
    next = box;
  }
  return null;
}

function placeOf(trace: Trace): Place | null {
  const parent = trace.ancestors.find((a) => a.isConnected);
  return parent ? { parent, prev: null, next: null } : null;
}

function endLoss() {
  if (loss) clearTimeout(loss.timer);
  loss = null;
}

/** Waits for the control to be drawn anew; meanwhile, and after, its place stands in. */
function lose(trace: Trace, place: Place | null) {
  endLoss();
  if (focusOn(redrawOf(trace))) return;
  const timer = setTimeout(() => {
    if (loss?.trace !== trace) return;
    if (isLost() && loss.place) loss.standIn = focusNear(loss.place);
    if (!loss.standIn) return endLoss();
    loss.timer = setTimeout(endLoss, LATE_REDRAW_MS - REDRAW_MS);
  }, REDRAW_MS);
  loss = { trace, place, standIn: null, timer };
}

function returnPoint(trace: Trace): Trace | null {
  for (const region of trace.ancestors) {
    const back = region.hasAttribute("data-focus-return") ? cameFrom.get(region) : undefined;
    if (back) return back;
  }
  return null;
}

function onMutations(records: MutationRecord[]) {
  if (loss) {
    const waiting = isLost() && !loss.standIn;
    const onStandIn = loss.standIn !== null && document.activeElement === loss.standIn;
    if (!waiting && !onStandIn)
      endLoss(); // moved on, or the stand-in went too: a loss of its own
    else if (focusOn(redrawOf(loss.trace))) return endLoss();
    else return;
  }
  const trace = last;
  if (!trace || !isLost()) return;
  const removal = records.find((r) => [...r.removedNodes].some((n) => n.contains(trace.element)));
  if (!removal) return; // left some other way (a click on empty space): not for the keeper
  // Moved rather than removed (a keyed list reordered): it can simply take focus again.
  if (trace.element.isConnected) {
    focusOn(trace.element);
    return;
  }
  const back = returnPoint(trace);
  if (back) return returnFocus(back);
  const gap = removal.target.isConnected
    ? { parent: removal.target as Element, prev: removal.previousSibling, next: removal.nextSibling }
    : placeOf(trace);
  lose(trace, gap);
}

function onFocusIn(event: FocusEvent) {
  const target = event.target as Element;
  if (loss && !placing) endLoss();
  last = traceOf(target);
  const region = target.closest?.("[data-focus-return]");
  const from = event.relatedTarget as Element | null;
  if (region && from && !region.contains(from)) {
    const trace = traceOf(from);
    if (trace) cameFrom.set(region, trace);
  }
}

function onFocusOut(event: FocusEvent) {
  const target = event.target as Element;
  // Left for nothing (a click on empty space): not a loss to repair. A control removed
  // from the page leaves without this event, or is already gone by the time this runs.
  queueMicrotask(() => {
    if (target.isConnected && isLost() && last?.element === target) last = null;
  });
}

// WebKit moves focus along a radio group on the arrow keys without marking it
// :focus-visible, so its ring goes exactly when the keyboard is in use. Focused again
// from script it is marked as keyboard focus would be (and, after a click, is not).
function onRadioFocus(event: FocusEvent) {
  const radio = event.target;
  if (!(radio instanceof HTMLInputElement) || radio.type !== "radio") return;
  setTimeout(() => {
    if (document.activeElement !== radio || radio.matches(":focus-visible")) return;
    radio.blur();
    radio.focus();
  });
}

/** Starts keeping focus on the page; returns the stop. */
export function keepFocus(): () => void {
  const observer = new MutationObserver(onMutations);
  observer.observe(document.body, { childList: true, subtree: true });
  document.addEventListener("focusin", onFocusIn);
  document.addEventListener("focusin", onRadioFocus);
  document.addEventListener("focusout", onFocusOut);
  return () => {
    observer.disconnect();
    document.removeEventListener("focusin", onFocusIn);
    document.removeEventListener("focusin", onRadioFocus);
    document.removeEventListener("focusout", onFocusOut);
    endLoss();
    last = null;
  };
}

/** The control focus is on, or was on until it was just removed: where a dialog returns. */
export function focusOrigin(): Trace | null {
  return isLost() ? last : traceOf(document.activeElement);
}

/** After a dialog or an inline form closes: focus goes back to `trace`, or to the same
 *  control drawn anew, or to its place; unless it has already gone somewhere else. */
export function returnFocus(trace: Trace | null): void {
  if (!trace || !isLost()) return;
  if (trace.element.isConnected && focusOn(trace.element)) return;
  lose(trace, placeOf(trace));
}
