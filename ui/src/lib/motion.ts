// Movement the person asked the system for less of stays still: smooth scrolling jumps.

/** Whether the system asks for reduced motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** How to scroll something into view: smoothly, unless reduced motion is asked for. */
export function scrollBehavior(): ScrollBehavior {
  return prefersReducedMotion() ? "auto" : "smooth";
}
