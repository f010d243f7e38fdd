// FTS5 snippets mark matches with \u0002 … \u0003; split them into parts the UI renders
// as text (never as HTML), highlighting the matched ones.

export interface SnippetPart {
  text: string;
  match: boolean;
}

export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, chunk] of snippet.split("\u0002").entries()) {
    const [matched, rest] = i === 0 ? [null, chunk] : (chunk.split("\u0003", 2) as [string, string | undefined]);
    if (matched) parts.push({ text: matched, match: true });
    if (rest) parts.push({ text: rest, match: false });
  }
  return parts;
}
