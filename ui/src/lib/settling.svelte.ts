// A screen built from sections that each read their own data is shown once every section has
// its first answer, so nothing moves under the pointer as the answers arrive one by one (a
// click aimed at a button would land on whatever a late section pushed there). A read that
// hangs, on a data file another program holds, say, does not hide the screen for longer than
// a moment: after `limit` milliseconds it shows as it stands.
import { getContext, setContext } from "svelte";

const KEY = Symbol("settling");
const LIMIT_MS = 400;

export class Settling {
  #waiting = $state(0);
  #waited = $state(false);

  get settled(): boolean {
    return this.#waiting === 0 || this.#waited;
  }

  /** Counts one first read; the function it returns marks it answered (once, however often called). */
  expect(): () => void {
    this.#waiting++;
    let answered = false;
    return () => {
      if (answered) return;
      answered = true;
      this.#waiting--;
    };
  }

  /** Shows the screen as it stands, answers or not. */
  giveUp(): void {
    this.#waited = true;
  }
}

/** Called by the screen as it starts: its sections' first reads are counted from here. */
export function settleSections(limit = LIMIT_MS): Settling {
  const settling = new Settling();
  setContext(KEY, settling);
  $effect(() => {
    const timer = setTimeout(() => settling.giveUp(), limit);
    return () => clearTimeout(timer);
  });
  return settling;
}

/**
 * Called by a section as it starts: the screen waits for it until the function returned is
 * called (when the read is answered or has failed). Outside a settling screen it waits for nothing.
 */
export function firstRead(): () => void {
  return getContext<Settling | undefined>(KEY)?.expect() ?? (() => {});
}
