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

const LIFETIME_MS = 8000;
let nextId = 1;

export const toasts = $state<Toast[]>([]);

export function dismiss(id: number): void {
  const index = toasts.findIndex((t) => t.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

export function notify(message: string, options: { action?: ToastAction; tone?: Toast["tone"] } = {}): void {
  const toast: Toast = { id: nextId++, message, tone: options.tone ?? "info", action: options.action };
  toasts.push(toast);
  setTimeout(() => dismiss(toast.id), LIFETIME_MS);
}
