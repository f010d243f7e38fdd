// Links in notes and milestones open in the system's browser or mail program, never in
// the window. Every click on a link anywhere in the page is stopped here; for a web or mail
// address the person is shown where it leads and asked first (App.svelte), and only then
// does `open_link` hand it over, checking the address again in Rust.

const OPENABLE = /^(?:https?:|mailto:)/i;

/** The address itself when it is a web or mail address, the only kinds that open; null for
 * anything else (`javascript:`, `file:`, a path). */
export function openable(address: string): string | null {
  const trimmed = address.trim();
  return OPENABLE.test(trimmed) ? trimmed : null;
}

function linkAt(target: EventTarget | null): Element | null {
  return target instanceof Element ? target.closest("a[href], area[href]") : null;
}

/** Keeps every link from navigating the window, by mouse or keyboard; a plain click on a
 * web or mail link calls `offer` with its address instead. Returns the undo. */
export function guardLinks(offer: (address: string) => void, root: Document = document): () => void {
  const onClick = (event: MouseEvent) => {
    const link = linkAt(event.target);
    if (!link) return;
    event.preventDefault();
    // A middle click would ask for a new window; it gets nothing.
    const address = event.type === "click" ? openable(link.getAttribute("href") ?? "") : null;
    if (address) offer(address);
  };
  root.addEventListener("click", onClick, true);
  root.addEventListener("auxclick", onClick, true);
  return () => {
    root.removeEventListener("click", onClick, true);
    root.removeEventListener("auxclick", onClick, true);
  };
}
