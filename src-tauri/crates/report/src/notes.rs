//! Markdown notes as structured text: paragraphs, list items and quotes made of plain
//! spans with emphasis flags. The template styles the spans; it never parses the text, so
//! Markdown, HTML and Typst syntax alike print exactly as typed.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

/// The deepest list nesting a report indents. A note can nest thousands of levels within
/// its length; printed, each level would push the text further off the page.
pub const DEEPEST: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// `paragraph`, `heading`, `item`, `quote` or `code`.
    pub kind: &'static str,
    /// List nesting, so nested items indent (0 outside lists, at most [`DEEPEST`]).
    pub depth: usize,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
    pub code: bool,
}

pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { .. } => b.start("heading"),
                Tag::Item => b.start("item"),
                Tag::CodeBlock(_) => b.start("code"),
                // A list item's first paragraph is the item itself.
                Tag::Paragraph
                    if b.current
                        .as_ref()
                        .is_some_and(|c| c.kind == "item" && c.spans.is_empty()) => {}
                Tag::Paragraph => b.start(if b.quote > 0 { "quote" } else { "paragraph" }),
                Tag::List(_) => {
                    b.finish();
                    b.depth += 1;
                }
                Tag::BlockQuote(_) => b.quote += 1,
                Tag::Strong => b.strong += 1,
                Tag::Emphasis => b.emph += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::List(_) => {
                    b.finish();
                    b.depth = b.depth.saturating_sub(1);
                }
                TagEnd::BlockQuote(_) => b.quote = b.quote.saturating_sub(1),
                TagEnd::Strong => b.strong = b.strong.saturating_sub(1),
                TagEnd::Emphasis => b.emph = b.emph.saturating_sub(1),
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock => {
                    b.finish()
                }
                _ => {}
            },
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => b.text(&text, false),
            Event::Code(text) => b.text(&text, true),
            Event::SoftBreak => b.text(" ", false),
            Event::HardBreak => b.text("\n", false),
            _ => {}
        }
    }
    b.finish();
    b.out
}

#[derive(Default)]
struct Builder {
    out: Vec<Block>,
    current: Option<Block>,
    depth: usize,
    strong: usize,
    emph: usize,
    quote: usize,
}

impl Builder {
    fn start(&mut self, kind: &'static str) {
        self.finish();
        self.current = Some(Block {
            kind,
            depth: self.depth.min(DEEPEST),
            spans: Vec::new(),
        });
    }

    fn text(&mut self, text: &str, code: bool) {
        let (strong, emph) = (self.strong > 0, self.emph > 0);
        let kind = if self.quote > 0 { "quote" } else { "paragraph" };
        let depth = self.depth.min(DEEPEST);
        let block = self.current.get_or_insert_with(|| Block {
            kind,
            depth,
            spans: Vec::new(),
        });
        match block.spans.last_mut() {
            Some(last) if (last.strong, last.emph, last.code) == (strong, emph, code) => {
                last.text.push_str(text)
            }
            _ => block.spans.push(Span {
                text: text.to_owned(),
                strong,
                emph,
                code,
            }),
        }
    }

    /// Closes the open block, dropping it when it holds only whitespace.
    fn finish(&mut self) {
        if let Some(mut block) = self.current.take() {
            if let Some(last) = block.spans.last_mut() {
                last.text.truncate(last.text.trim_end().len());
            }
            if block.spans.iter().any(|s| !s.text.trim().is_empty()) {
                self.out.push(block);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(blocks: &[Block]) -> Vec<(&'static str, String)> {
        blocks
            .iter()
            .map(|b| (b.kind, b.spans.iter().map(|s| s.text.as_str()).collect()))
            .collect()
    }

    #[test]
    fn keeps_structure_and_emphasis() {
        let blocks =
            blocks("# Agenda\n\nTalked about **delegation** and _trust_.\n\n- first\n- second\n");
        assert_eq!(
            plain(&blocks),
            vec![
                ("heading", "Agenda".to_owned()),
                ("paragraph", "Talked about delegation and trust.".to_owned()),
                ("item", "first".to_owned()),
                ("item", "second".to_owned()),
            ]
        );
        let strong = blocks[1]
            .spans
            .iter()
            .find(|s| s.text == "delegation")
            .unwrap();
        assert!(strong.strong && !strong.emph);
    }

    #[test]
    fn markup_of_any_kind_stays_text() {
        let hostile = "<script>alert(1)</script> #read(\"../../private.txt\") ]* _ $";
        let text: String = blocks(hostile)
            .iter()
            .flat_map(|b| &b.spans)
            .map(|s| s.text.as_str())
            .collect();
        assert!(text.contains("<script>alert(1)</script>"), "{text}");
        assert!(text.contains("#read(\"../../private.txt\")"), "{text}");
    }

    #[test]
    fn empty_notes_have_no_blocks() {
        assert!(blocks("").is_empty());
        assert!(blocks("   \n\n  ").is_empty());
    }

    #[test]
    fn nesting_of_any_depth_prints_at_a_readable_depth() {
        // 25,000 levels, within a 1:1 note's 50,000 characters.
        let quotes = blocks(&format!("{}deep", "> ".repeat(25_000)));
        assert_eq!(plain(&quotes), vec![("quote", "deep".to_owned())]);
        let list: String = (0..2_000)
            .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
            .collect();
        let items = blocks(&list);
        assert!(items.iter().all(|b| b.depth <= DEEPEST));
        assert!(items.iter().any(|b| b.depth == DEEPEST));
    }
}
