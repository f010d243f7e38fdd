import { expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

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
