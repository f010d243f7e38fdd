// Session notes are Markdown typed by people and must never act. Raw HTML in them is shown
// as the text it is; the rendered result is then filtered by DOMPurify down to formatting
// tags. No images (nothing loads); links are kept, and a click on one asks before the
// system's browser opens it (links.ts). Nesting is clamped first: marked parses quotes and
// lists recursively, and a note of `> > > …` 25,000 levels deep would overflow its stack.
import DOMPurify from "dompurify";
import { Marked } from "marked";

const ALLOWED_TAGS = [
  "p",
  "br",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "a",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
];

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const markdown = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

/** The deepest a note's quotes and lists nest; markers past it are dropped. */
export const NESTING_MAX = 8;
/** Indentation wider than this before a quote or list marker is narrowed to it, so that
 * nesting cannot grow line by line either (each level needs at least two columns). */
const INDENT_MAX = 4 * NESTING_MAX;
// One container marker at the start of a line (or after another): a quote's ">", or a
// list item's bullet or number followed by a space.
const MARKER = /[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))/y;

function columns(whitespace: string): number {
  let width = 0;
  for (const c of whitespace) width = c === "\t" ? width + 4 - (width % 4) : width + 1;
  return width;
}

function clampLine(line: string): string {
  let count = 0;
  let end = 0;
  let kept = 0;
  MARKER.lastIndex = 0;
  while (MARKER.exec(line)) {
    count++;
    end = MARKER.lastIndex;
    if (count === NESTING_MAX) kept = end;
  }
  if (count === 0) return line;
  const clamped = count > NESTING_MAX ? `${line.slice(0, kept)} ${line.slice(end).trimStart()}` : line;
  const indent = /^[ \t]*/.exec(clamped)?.[0] ?? "";
  return columns(indent) > INDENT_MAX ? " ".repeat(INDENT_MAX) + clamped.slice(indent.length) : clamped;
}

/** The note with quotes and lists nested at most NESTING_MAX deep per line; ordinary notes
 * come back unchanged. */
export function clampNesting(source: string): string {
  return source.split("\n").map(clampLine).join("\n");
}

export function renderMarkdown(source: string): string {
  const html = markdown.parse(clampNesting(source), { async: false });
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ["href", "title"],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  });
}
