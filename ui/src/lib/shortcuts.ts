// Application-wide keyboard shortcuts, kept as a pure mapping so they can be tested.

export type ShortcutAction =
  | "new-mentee"
  | "focus-search"
  | "search-everything"
  | "settings"
  | "go-dashboard"
  | "go-mentees"
  | "go-catalogue"
  | "export-pdf"
  | "open-shared-plan"
  | "capture-evidence"
  | "undo";

export function shortcutFor(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">,
): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey || event.shiftKey) return null;
  switch (event.key.toLowerCase()) {
    case "n":
      return "new-mentee";
    case "f":
      return "focus-search";
    case "k":
      return "search-everything";
    case ",":
      return "settings";
    case "1":
      return "go-dashboard";
    case "2":
      return "go-mentees";
    case "3":
      return "go-catalogue";
    case "p":
      return "export-pdf";
    case "o":
      return "open-shared-plan";
    case "e":
      return "capture-evidence";
    case "z":
      return "undo";
    default:
      return null;
  }
}

// Inputs that hold no text of their own to undo.
const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"]);

/** Whether `target` is where typed text goes, so Ctrl+Z there belongs to the text. */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}
