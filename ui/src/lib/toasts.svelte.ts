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
// Older notices give way so the stack never covers much of the window.
const MAX_SHOWN = 3;
let nextId = 1;

export const toasts = $state<Toast[]>([]);

export function dismiss(id: number): void {
  const index = toasts.findIndex((t) => t.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

export function notify(message: string, options: { action?: ToastAction; tone?: Toast["tone"] } = {}): void {
  const toast: Toast = { id: nextId++, message, tone: options.tone ?? "info", action: options.action };
  toasts.push(toast);
  if (toasts.length > MAX_SHOWN) toasts.splice(0, toasts.length - MAX_SHOWN);
  setTimeout(() => dismiss(toast.id), toast.action ? LIFETIME_MS.withAction : LIFETIME_MS.plain);
}
