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
  | "capture-evidence";

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
    default:
      return null;
  }
}
