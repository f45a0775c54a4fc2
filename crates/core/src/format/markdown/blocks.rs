//! pulldown-cmark events (with byte offsets) -> a small block tree: headings,
//! paragraphs, lists, code blocks, and everything else as a named block the
//! importer reports. Inline text keeps where each piece was written.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::text::{Kind, Text};

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Heading {
        level: u8,
        text: Text,
        range: Range<usize>,
    },
    Paragraph {
        text: Text,
        range: Range<usize>,
    },
    List {
        items: Vec<Item>,
        range: Range<usize>,
    },
    Code {
        text: String,
        range: Range<usize>,
    },
    /// A table, block quote, HTML block, front matter, ...: named for reports.
    Other {
        what: &'static str,
        range: Range<usize>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub blocks: Vec<Block>,
    pub range: Range<usize>,
}

impl Block {
    pub fn range(&self) -> Range<usize> {
        match self {
            Block::Heading { range, .. }
            | Block::Paragraph { range, .. }
            | Block::List { range, .. }
            | Block::Code { range, .. }
            | Block::Other { range, .. } => range.clone(),
        }
    }

    /// Whether the block carries anything (a `⸻` or `---` line does not).
    pub fn has_content(&self) -> bool {
        match self {
            Block::Paragraph { text, .. } | Block::Heading { text, .. } => text.has_words(),
            Block::Other { what, .. } => *what != "rule",
            _ => true,
        }
    }
}

impl Item {
    /// The item's first paragraph (its own text), if it starts with one.
    pub fn text(&self) -> Option<&Text> {
        match self.blocks.first() {
            Some(Block::Paragraph { text, .. }) => Some(text),
            _ => None,
        }
    }
}

/// Parse a Markdown document. A UTF-8 byte order mark is skipped; ranges are
/// byte offsets into `source` as given.
pub(crate) fn parse(source: &str) -> Vec<Block> {
    let base = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES;
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&source[base..], options)
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + base..r.end + base))
        .collect();
    let mut reader = Reader { events, pos: 0 };
    reader.blocks(|_| false)
}

struct Reader<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn other_name(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::BlockQuote(_) => "block quote",
        Tag::HtmlBlock => "HTML block",
        Tag::Table(_) => "table",
        Tag::MetadataBlock(_) => "front matter",
        Tag::FootnoteDefinition(_) => "footnote",
        Tag::DefinitionList => "definition list",
        _ => "block",
    }
}

impl<'a> Reader<'a> {
    /// Blocks until an end tag for which `stop` holds (consumed) or the end.
    fn blocks(&mut self, stop: fn(&TagEnd) -> bool) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.events.get(self.pos) {
            let range = range.clone();
            match event {
                Event::End(end) if stop(end) => {
                    self.pos += 1;
                    break;
                }
                Event::End(_) => self.pos += 1,
                Event::Start(Tag::Paragraph) => {
                    self.pos += 1;
                    let text = self.inline(true);
                    out.push(Block::Paragraph { text, range });
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    let level = *level as u8;
                    self.pos += 1;
                    let text = self.inline(true);
                    out.push(Block::Heading { level, text, range });
                }
                Event::Start(Tag::List(_)) => {
                    self.pos += 1;
                    let items = self.items();
                    out.push(Block::List { items, range });
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    self.pos += 1;
                    let mut text = String::new();
                    while let Some((e, _)) = self.events.get(self.pos) {
                        self.pos += 1;
                        match e {
                            Event::Text(t) => text.push_str(t),
                            Event::End(_) => break,
                            _ => {}
                        }
                    }
                    out.push(Block::Code { text, range });
                }
                Event::Start(tag) if !is_inline_tag(tag) => {
                    let what = other_name(tag);
                    self.skip_block();
                    out.push(Block::Other { what, range });
                }
                Event::Rule => {
                    self.pos += 1;
                    out.push(Block::Other {
                        what: "rule",
                        range,
                    });
                }
                Event::Html(_) => {
                    self.pos += 1;
                    out.push(Block::Other {
                        what: "HTML block",
                        range,
                    });
                }
                _ => {
                    // Inline content directly in a tight list item.
                    let text = self.inline(false);
                    let range = match (text.pieces.first(), text.pieces.last()) {
                        (Some(a), Some(b)) => a.src.start..b.src.end,
                        _ => range,
                    };
                    out.push(Block::Paragraph { text, range });
                }
            }
        }
        out
    }

    fn items(&mut self) -> Vec<Item> {
        let mut items = Vec::new();
        while let Some((event, range)) = self.events.get(self.pos) {
            let range = range.clone();
            match event {
                Event::Start(Tag::Item) => {
                    self.pos += 1;
                    let blocks = self.blocks(|e| matches!(e, TagEnd::Item));
                    items.push(Item { blocks, range });
                }
                Event::End(TagEnd::List(_)) => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        items
    }

    /// Skip a block and everything inside it.
    fn skip_block(&mut self) {
        let mut depth = 0usize;
        while let Some((event, _)) = self.events.get(self.pos) {
            self.pos += 1;
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ if depth == 0 => break,
                _ => {}
            }
        }
    }

    /// Inline events up to the end of a paragraph or heading (`closed`), or,
    /// in a tight list item, up to the next block.
    fn inline(&mut self, closed: bool) -> Text {
        let mut text = Text::default();
        let mut strong = 0usize;
        while let Some((event, range)) = self.events.get(self.pos) {
            let range = range.clone();
            let kind = if strong > 0 {
                Kind::Strong
            } else {
                Kind::Plain
            };
            match event {
                Event::Text(t) | Event::InlineHtml(t) | Event::Html(t) => text.push(kind, t, range),
                Event::Code(t) => {
                    let fence = if t.contains('`') { "``" } else { "`" };
                    text.push(Kind::Code, &format!("{fence}{t}{fence}"), range)
                }
                Event::InlineMath(t) => text.push(kind, &format!("${t}$"), range),
                Event::DisplayMath(t) => text.push(kind, &format!("$${t}$$"), range),
                Event::FootnoteReference(t) => text.push(kind, &format!("[^{t}]"), range),
                Event::TaskListMarker(done) => {
                    text.push(kind, if *done { "[x] " } else { "[ ] " }, range)
                }
                Event::SoftBreak | Event::HardBreak => text.push(Kind::Break, "\n", range),
                Event::Start(Tag::Strong) => strong += 1,
                Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
                Event::Start(tag) if is_inline_tag(tag) => {}
                Event::End(end) if is_inline_end(end) => {}
                Event::End(_) if closed => {
                    self.pos += 1;
                    break;
                }
                _ if closed => {}
                _ => break,
            }
            self.pos += 1;
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_seed_shapes() {
        let src = "## 3. Example\n\n**Timeline:** 6 months\n\n**Steps:**\n1. **SRE**: Assess\n2. **Deliverable**: Plan\n";
        let blocks = parse(src);
        assert!(
            matches!(&blocks[0], Block::Heading { level: 2, text, .. } if text.s == "3. Example")
        );
        let Block::Paragraph { text, .. } = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(text.s, "Timeline: 6 months");
        assert_eq!(text.pieces[0].kind, Kind::Strong);
        let Block::List { items, .. } = &blocks[3] else {
            panic!("{blocks:?}")
        };
        let first = items[0].text().unwrap();
        assert_eq!(first.s, "SRE: Assess");
        assert_eq!(&src[first.pieces[0].src.clone()], "SRE");
    }

    #[test]
    fn a_byte_order_mark_and_crlf_keep_offsets() {
        let src = "\u{feff}# Name\r\n\r\n**Timeline:** 2 weeks\r\n";
        let blocks = parse(src);
        let Block::Paragraph { text, .. } = &blocks[1] else {
            panic!("{blocks:?}")
        };
        let (v, r) = text.slice(10..text.s.len()).value();
        assert_eq!(v, "2 weeks");
        assert_eq!(&src[r], "2 weeks");
    }
}
