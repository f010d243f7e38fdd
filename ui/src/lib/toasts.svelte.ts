// Short-lived notices at the bottom of the window, optionally with one action (Undo).

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface Toast {
  id: number;
  message: string;
  tone: "info" | "error";
  action?: ToastAction;
}

// Long enough to reach an Undo; plain notices go sooner.
const LIFETIME_MS = { plain: 4000, withAction: 8000 };
// A notice let go of after being held keeps at least this long, to be read again or undone.
const AFTER_HOLD_MS = 3000;
// Older notices give way so the stack never covers much of the window.
const MAX_SHOWN = 3;
let nextId = 1;

export const toasts = $state<Toast[]>([]);

/** Each notice's time left; it runs down only while the stack is not held. */
interface Clock {
  left: number;
  since: number;
  timer: ReturnType<typeof setTimeout> | null;
}
const clocks = new Map<number, Clock>();
let held = false;

function run(id: number, clock: Clock) {
  clock.since = Date.now();
  clock.timer = setTimeout(() => dismiss(id), clock.left);
}

export function dismiss(id: number): void {
  const clock = clocks.get(id);
  if (clock?.timer) clearTimeout(clock.timer);
  clocks.delete(id);
  const index = toasts.findIndex((t) => t.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

export function notify(message: string, options: { action?: ToastAction; tone?: Toast["tone"] } = {}): void {
  const toast: Toast = { id: nextId++, message, tone: options.tone ?? "info", action: options.action };
  toasts.push(toast);
  const clock: Clock = { left: toast.action ? LIFETIME_MS.withAction : LIFETIME_MS.plain, since: 0, timer: null };
  clocks.set(toast.id, clock);
  if (!held) run(toast.id, clock);
  for (const old of toasts.slice(0, -MAX_SHOWN)) dismiss(old.id);
}

/**
 * Stops every notice's clock while the person points at or has focus in them, so none
 * goes from under the pointer or takes its Undo away mid-reach (WCAG 2.2.1).
 */
export function holdToasts(): void {
  if (held) return;
  held = true;
  const now = Date.now();
  for (const clock of clocks.values()) {
    if (clock.timer) clearTimeout(clock.timer);
    clock.timer = null;
    clock.left -= now - clock.since;
  }
}

/** Lets the clocks run again, each with at least a few seconds left. */
export function releaseToasts(): void {
  if (!held) return;
  held = false;
  for (const [id, clock] of clocks) {
    clock.left = Math.max(clock.left, AFTER_HOLD_MS);
    run(id, clock);
  }
}

/** Runs the newest notice's Undo, if it offers one (Ctrl+Z outside a text field). */
export function undoNewest(): boolean {
  const newest = [...toasts].reverse().find((t) => t.action?.label === "Undo");
  if (!newest?.action) return false;
  const action = newest.action;
  dismiss(newest.id);
  void action.run();
  return true;
}
