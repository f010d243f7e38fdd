import { api } from "./api";

let reported = false;

/**
 * Tells the shell, once per start, that the first screen has painted with its data; the
 * shell logs the time since the process started. Two animation frames: the first runs
 * before the next paint, the second once that paint is done.
 */
export function firstScreenShown() {
  if (reported) return;
  reported = true;
  requestAnimationFrame(() => requestAnimationFrame(() => void api.firstScreenShown().catch(() => {})));
}
