// Reading something again every few seconds while a screen shows it: one read at a time,
// none while the window is hidden, and only for so long after the person last came back to
// the window, so that a screen left open overnight does not ask all night.

export interface PollOptions {
  /** Milliseconds between the end of one read and the start of the next. */
  every: number;
  /** Reads at most this many times, then waits until the window is shown again. */
  reads: number;
}

/** Starts reading; returns the function that stops it (for an `$effect`'s cleanup). */
export function poll(read: () => Promise<unknown>, { every, reads }: PollOptions): () => void {
  let left = reads;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let reading = false;
  let stopped = false;

  const hidden = () => typeof document !== "undefined" && document.visibilityState === "hidden";
  const schedule = () => {
    if (stopped || timer !== null || reading || left <= 0) return;
    timer = setTimeout(tick, every);
  };
  async function tick() {
    timer = null;
    if (stopped || hidden()) return; // the next read waits for the window to be shown
    left--;
    reading = true;
    try {
      await read();
    } catch {
      // A failed read leaves what is shown as it was; the next one may succeed.
    } finally {
      reading = false;
    }
    schedule();
  }
  // Coming back to the window reads at once and starts the allowance afresh.
  const shown = () => {
    if (stopped || hidden()) return;
    left = reads;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!reading) void tick();
  };

  document.addEventListener("visibilitychange", shown);
  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    document.removeEventListener("visibilitychange", shown);
  };
}
