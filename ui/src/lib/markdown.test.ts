import { expect, it } from "vitest";
import { clampNesting, NESTING_MAX, renderMarkdown } from "./markdown";

it("renders the formatting people type", () => {
  const html = renderMarkdown("## Wins\n- shipped the **migration**\n- `cargo test` green");
  expect(html).toContain("<h2>Wins</h2>");
  expect(html).toContain("<strong>migration</strong>");
  expect(html).toContain("<code>cargo test</code>");
});

it("never lets markup act", () => {
  const hostile = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<iframe src="https://example.org"></iframe>',
    '<p style="position:fixed" onclick="alert(1)">x</p>',
    "![tracker](https://example.org/pixel.png)",
  ];
  for (const input of hostile) {
    const box = document.createElement("div");
    box.innerHTML = renderMarkdown(input);
    expect(box.querySelector("script, img, iframe, [style], [onerror], [onclick]"), input).toBeNull();
    for (const a of box.querySelectorAll("a")) expect(a.getAttribute("href") ?? "", input).not.toMatch(/^javascript:/i);
  }
});

it("shows raw HTML as the text it is", () => {
  const html = renderMarkdown('Before <img src=x onerror="alert(1)"> after');
  const box = document.createElement("div");
  box.innerHTML = html;
  expect(box.textContent).toContain('<img src=x onerror="alert(1)">');
  expect(box.querySelector("img")).toBeNull();
});

it("keeps ordinary web links", () => {
  expect(renderMarkdown("[doc](https://example.org/doc)")).toContain('href="https://example.org/doc"');
});

function deepest(html: string, tag: string): number {
  const box = document.createElement("div");
  box.innerHTML = html;
  let max = 0;
  for (const el of box.querySelectorAll(tag)) {
    let depth = 0;
    for (let node: Element | null = el; node && node !== box; node = node.parentElement) {
      if (node.matches(tag)) depth++;
    }
    max = Math.max(max, depth);
  }
  return max;
}

it("renders a quote nested 25,000 deep quickly, at most NESTING_MAX deep", () => {
  // 50,000 characters: the longest note a 1:1 may hold.
  for (const source of ["> ".repeat(25_000) + "deep", ">".repeat(49_990) + "deep"]) {
    const started = performance.now();
    const html = renderMarkdown(source);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(deepest(html, "blockquote")).toBe(NESTING_MAX);
    expect(html).toContain("deep");
  }
});

it("clamps lists nested on one line or line by line", () => {
  let indented = "";
  for (let indent = 0; indented.length < 50_000; indent += 16) indented += " ".repeat(indent) + "- ".repeat(8) + "a\n";
  for (const source of ["- ".repeat(25_000) + "x", "1. ".repeat(16_000) + "x", "> - ".repeat(12_000) + "x", indented]) {
    const started = performance.now();
    const html = renderMarkdown(source);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(deepest(html, "ul, ol, blockquote")).toBeLessThanOrEqual(3 * NESTING_MAX);
  }
});

it("leaves ordinary notes as they are", () => {
  const notes = [
    "## Wins\n- shipped the **migration**\n  - with tests\n    - and docs\n- `cargo test` green",
    "> She said:\n> > keep the review small\n\nAgreed.",
    "1. Draft\n2. Review\n   1. with Ana\n3) Ship",
    "* * *\n\n---\n\n- - -",
    "```\n> not a quote\n        indented code\n```",
    "    indented code block\n\t\ttabbed",
    "Plain text with > and - and 3. inside.",
    "- > quoted item\n  > continued",
  ];
  for (const note of notes) expect(clampNesting(note), note).toBe(note);
  expect(renderMarkdown("> She said:\n> > keep the review small\n\nAgreed.")).toBe(
    "<blockquote>\n<p>She said:</p>\n<blockquote>\n<p>keep the review small</p>\n</blockquote>\n</blockquote>\n<p>Agreed.</p>\n",
  );
});
