// "Call, then tell": an action the person starts ends in one toast, its error or its
// success, never both. Success is announced only after the work succeeded, and an Undo is
// itself attempted, so a refused Undo says why instead of vanishing.
import { toAppError, type AppError } from "./api";
import { notify, type ToastAction } from "./toasts.svelte";

export interface Notice {
  message: string;
  action?: ToastAction;
}

export type Success<T> = string | Notice | ((value: T) => string | Notice | null);

interface Options {
  /** Takes an error it can show better (beside a field, say); returns false to toast it. */
  handle?: (error: AppError) => boolean;
}

/** Runs `work`, then toasts its error or `success`; resolves to whether it succeeded. */
export async function attempt<T>(
  work: () => Promise<T>,
  success?: Success<T>,
  options: Options = {},
): Promise<boolean> {
  let value: T;
  try {
    value = await work();
  } catch (reason) {
    const error = toAppError(reason);
    if (!options.handle?.(error)) notify(error.message, { tone: "error" });
    return false;
  }
  const notice = typeof success === "function" ? success(value) : success;
  if (typeof notice === "string") notify(notice);
  else if (notice) notify(notice.message, { action: notice.action });
  return true;
}

/** A success notice with Undo; `restore` runs through `attempt`, so its refusal is shown. */
export function undoable(message: string, restore: () => Promise<unknown>): Notice {
  return {
    message,
    action: {
      label: "Undo",
      run: async () => {
        await attempt(restore);
      },
    },
  };
}

/**
 * For a view that reads its data afresh after each change, before a notice speaks of it.
 * A failed change reads it afresh too: what failed may have been changed elsewhere (a goal
 * already deleted), and the screen should show what is there.
 */
export function reloadingWith(reload: () => Promise<unknown>) {
  const reloading = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
    } catch (reason) {
      await reload().catch(() => {}); // the work's own error is the one to show
      throw reason;
    }
    await reload();
  };
  const act = (work: () => Promise<unknown>, success?: Success<unknown>) => attempt(reloading(work), success);
  return { act, reloading };
}
