// The web view's own context menu offers Back, Forward, Reload, Open Link, Open Image and
// the like, each of which would take the window away from Waymark. It stays only in text
// fields, where it offers cut, copy and paste.

const NOT_TEXT = new Set([
  "button",
  "checkbox",
  "color",
  "file",
  "hidden",
  "image",
  "radio",
  "range",
  "reset",
  "submit",
]);

/** Whether a right click on `target` may show the web view's menu: only in a field one types in. */
export function keepsContextMenu(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}

/** Suppresses the menu everywhere else. Returns the undo. */
export function guardContextMenu(root: Document = document): () => void {
  const onMenu = (event: MouseEvent) => {
    if (!keepsContextMenu(event.target)) event.preventDefault();
  };
  root.addEventListener("contextmenu", onMenu, true);
  return () => root.removeEventListener("contextmenu", onMenu, true);
}
