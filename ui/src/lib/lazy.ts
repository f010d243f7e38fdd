// Screens and dialogs kept out of the first script. Each `import()` passed to `lazy` becomes
// a chunk of its own (Vite splits at dynamic imports), fetched the first time the part is
// opened, or earlier, once the first screen has painted and the page is idle.
import type { Component } from "svelte";

// Any component, whatever its props; `Loaded` renders it with the props its caller types.
type AnyComponent = Component<any>;

export interface Lazy<C extends AnyComponent = AnyComponent> {
  /** The component once its chunk is in (so it shows in the same frame), else a promise of it. */
  get(): C | Promise<C>;
  /** Fetches the chunk, once; a failed fetch is tried again on the next call. */
  load(): Promise<C>;
}

export function lazy<C extends AnyComponent>(importer: () => Promise<{ default: C }>): Lazy<C> {
  let loaded: C | null = null;
  let loading: Promise<C> | null = null;
  const load = () =>
    (loading ??= importer().then(
      (module) => (loaded = module.default),
      (reason: unknown) => {
        loading = null;
        throw reason;
      },
    ));
  return { get: () => loaded ?? load(), load };
}

/**
 * Runs `task` when the page has nothing else to do; WebKitGTK (2.50) has no idle
 * callbacks yet, so there a short wait stands in for them.
 */
function whenIdle(task: () => void): void {
  if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 50);
}

/**
 * Fetches the chunks one at a time, each when the page is idle, so a screen opened later
 * shows at once, as if it had come with the first script. A chunk that fails to load
 * is left for when its part is opened.
 */
export function prefetch(parts: Lazy[]): void {
  const [next, ...rest] = parts;
  if (!next) return;
  whenIdle(() => {
    next.load().then(
      () => prefetch(rest),
      () => prefetch(rest),
    );
  });
}
