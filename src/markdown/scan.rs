//! The first pass: what a note offers to the others (headings with their
//! final ids, outgoing links) before any note is rendered.

use super::events::{self, Block, Ev};
use crate::load::SourceNote;
use crate::urls::slugify;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::collections::HashSet;

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Heading {
    pub level: u8,
    pub text: String,
    /// Unique in the note; `{#custom}` is honoured.
    pub id: String,
    /// Byte offset in the note's file.
    #[serde(skip)]
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkKind {
    /// `[[Note]]`
    Wiki,
    /// `[text](other.md)`
    Markdown,
    /// `![[Note]]` or `![[image.png]]`
    Embed,
    /// `![alt](image.png)`
    Image,
}

#[derive(Debug, Clone)]
pub(crate) struct OutLink {
    pub kind: LinkKind,
    /// The destination as written: `Note#Heading`, `../a.md#x`.
    pub target: String,
    /// The sentence around the link, for backlinks.
    pub context: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<OutLink>,
    /// The text of the first `# H1`, the title when frontmatter has none.
    pub h1: Option<String>,
    /// True when that H1 is the first block, so the page shows it as the
    /// title instead of repeating it.
    pub h1_leads: bool,
    /// Plain text of the first paragraph, for descriptions and previews.
    pub summary: String,
    /// `#topics` written in the text (normalised).
    pub inline_topics: Vec<String>,
    /// Hash of the note's whole file text: what "this note changed" means
    /// to the caches of incremental builds.
    pub text_key: u64,
    /// Words of text outside code blocks.
    pub word_count: usize,
    /// Blocks with an id (`^id`), their ranges in the note's file.
    pub blocks: Vec<Block>,
    /// Prose outside code and links, one block per line: where unlinked
    /// mentions are looked for.
    pub prose: String,
}

/// Reads headings, links, inline topics and prose of a note.
pub(crate) fn scan(note: &SourceNote) -> Scan {
    let mut s = Scanner {
        base: note.body_offset,
        first_block: true,
        ..Default::default()
    };
    let parsed = events::parse(note.body());
    for (event, range) in parsed.events {
        s.event(event, range.start);
    }
    s.end_block();
    // Inline footnotes: their links and words count, not their text as
    // the summary or mention prose.
    s.summary = None;
    for (event, range) in parsed.notes.into_iter().flatten() {
        s.in_note = true;
        s.event(event, range.start);
    }
    s.end_block();
    frontmatter_links(note, &mut s.out.links);
    s.out.blocks = parsed
        .blocks
        .into_iter()
        .map(|b| Block {
            id: b.id,
            range: b.range.start + note.body_offset..b.range.end + note.body_offset,
        })
        .collect();
    s.out.text_key = {
        use std::hash::{Hash, Hasher};
        let mut h = crate::fingerprint::hasher();
        note.text.hash(&mut h);
        h.finish()
    };
    s.out
}

#[derive(Default)]
struct Scanner {
    base: usize,
    out: Scan,
    ids: HashSet<String>,
    /// Per heading id: the next `-n` suffix to try.
    next_suffix: std::collections::HashMap<String, usize>,
    /// Level, custom id, offset and text of the heading being read.
    heading: Option<(u8, Option<String>, usize, String)>,
    /// Text of the first paragraph while it is read.
    summary: Option<String>,
    first_block: bool,
    /// Text of the current block, and the links waiting for its context.
    block: String,
    pending: Vec<(usize, usize)>,
    in_code_block: bool,
    in_link: usize,
    /// Reading an inline footnote: no summary, no mention prose.
    in_note: bool,
}

impl Scanner {
    fn event(&mut self, event: Ev<'_>, start: usize) {
        match event {
            Ev::Md(e) => self.md(e, start),
            Ev::CalloutStart(_) | Ev::BlockStart(_) => self.not_first(),
            Ev::CalloutBody | Ev::CalloutEnd => self.end_block(),
            Ev::Mark(_) | Ev::BlockId(_) | Ev::BlockEnd | Ev::Task(_) | Ev::InlineNote(_) => {}
        }
    }

    fn md(&mut self, event: Event<'_>, start: usize) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.end_block();
                self.heading = Some((level as u8, id.map(|s| s.to_string()), start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Paragraph)
                if self.out.summary.is_empty() && self.summary.is_none() && !self.in_note =>
            {
                self.summary = Some(String::new())
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = self.summary.take() {
                    self.out.summary = summarize(&p);
                }
                self.first_block = false;
                self.end_block();
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)) => {
                self.end_block()
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                self.not_first();
            }
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Text(t) if !self.in_code_block => self.text(&t, true),
            Event::Code(t) => self.code(&t),
            Event::InlineMath(t) => self.text(&format!("${t}$"), false),
            Event::DisplayMath(t) => self.text(&format!("$${t}$$"), false),
            Event::SoftBreak | Event::HardBreak => self.text(" ", false),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
                    LinkKind::Wiki
                } else {
                    LinkKind::Markdown
                };
                self.link(kind, &dest_url);
                self.in_link += 1;
            }
            Event::End(TagEnd::Link) => self.in_link = self.in_link.saturating_sub(1),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
                    LinkKind::Embed
                } else {
                    LinkKind::Image
                };
                self.link(kind, &dest_url);
            }
            Event::Start(Tag::Table(_) | Tag::List(_) | Tag::BlockQuote(_) | Tag::HtmlBlock)
            | Event::Rule
            | Event::Html(_) => self.not_first(),
            _ => {}
        }
    }

    /// Any block other than a paragraph before the H1 means it does not lead.
    fn not_first(&mut self) {
        if self.heading.is_none() && self.summary.is_none() {
            self.first_block = false;
        }
    }

    fn text(&mut self, text: &str, prose: bool) {
        self.out.word_count += crate::cjk::word_count(text);
        if let Some(h) = self.heading.as_mut() {
            h.3.push_str(text);
        }
        if let Some(p) = self.summary.as_mut() {
            p.push_str(text);
        }
        self.block.push_str(text);
        if prose && self.in_link == 0 && !self.in_note {
            self.out.prose.push_str(text);
            for (_, topic) in super::inline_topics(text) {
                if !self.out.inline_topics.contains(&topic) {
                    self.out.inline_topics.push(topic);
                }
            }
        } else {
            self.out.prose.push(' ');
        }
    }

    /// Inline code: in the summary and link contexts it keeps its backticks
    /// (listings show it as code: see `code_spans` in `render.rs`).
    fn code(&mut self, code: &str) {
        let marked = format!("`{}`", code.replace('`', "'"));
        self.out.word_count += crate::cjk::word_count(code);
        if let Some(h) = self.heading.as_mut() {
            h.3.push_str(code);
        }
        if let Some(p) = self.summary.as_mut() {
            p.push_str(&marked);
        }
        self.block.push_str(&marked);
        self.out.prose.push(' ');
    }

    fn link(&mut self, kind: LinkKind, dest: &str) {
        self.pending.push((self.out.links.len(), self.block.len()));
        self.out.links.push(OutLink {
            kind,
            target: dest.to_owned(),
            context: String::new(),
        });
    }

    fn end_heading(&mut self) {
        if let Some((level, custom, start, text)) = self.heading.take() {
            let text = text.trim().to_owned();
            if level == 1 && self.out.h1.is_none() {
                self.out.h1 = Some(text.clone());
                self.out.h1_leads = self.first_block;
            }
            let id = unique_id(
                custom.unwrap_or_else(|| slugify(&text)),
                &mut self.ids,
                &mut self.next_suffix,
            );
            self.out.headings.push(Heading {
                level,
                text,
                id,
                offset: self.base + start,
            });
        }
        self.first_block = false;
        self.end_block();
    }

    /// A block ended: its links get the sentence around them as context.
    fn end_block(&mut self) {
        for (link, at) in self.pending.drain(..) {
            self.out.links[link].context = sentence_around(&self.block, at);
        }
        self.block.clear();
        if !self.out.prose.ends_with('\n') && !self.out.prose.is_empty() {
            self.out.prose.push('\n');
        }
    }
}

/// The sentence of `text` that holds byte `at`, at most ~240 characters.
///
/// Only [`SENTENCE_WINDOW`] bytes either side of `at` are looked at, so a
/// paragraph with thousands of links costs the same per link as a short one.
pub(crate) fn sentence_around(text: &str, at: usize) -> String {
    let boundary = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = boundary(at.min(text.len()));
    let low = boundary(at.saturating_sub(SENTENCE_WINDOW));
    let high = boundary((at + SENTENCE_WINDOW).min(text.len()));
    let is_end = |w: &[u8]| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ';
    let bytes = text.as_bytes();
    let start = (low.max(1)..at)
        .rev()
        .find(|&i| is_end(&bytes[i - 1..=i]))
        .map_or(low, |i| i + 1);
    let end = (at..high.min(bytes.len().saturating_sub(1)))
        .find(|&i| is_end(&bytes[i..=i + 1]))
        .map_or(high, |i| i + 1);
    let sentence = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if sentence.chars().count() <= 240 {
        return sentence;
    }
    let chars: Vec<char> = sentence.chars().collect();
    let centre = text[start..at]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .count();
    let from = centre.saturating_sub(110);
    let to = (from + 240).min(chars.len());
    let mut s: String = chars[from..to].iter().collect();
    if from > 0 {
        s.insert(0, '…');
    }
    if to < chars.len() {
        s.push('…');
    }
    s
}

/// Wikilinks in frontmatter properties (`author: "[[Kevin Kelly]]"`,
/// `categories: ["[[Books]]"]`) are links of the note, as in Obsidian:
/// they count for backlinks and the graph (the page does not show them).
fn frontmatter_links(note: &SourceNote, links: &mut Vec<OutLink>) {
    let fm = &note.text[..note.body_offset];
    if !fm.contains("[[") {
        return;
    }
    fn strings<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    for (key, value) in &note.fm.extra {
        let mut values = Vec::new();
        strings(value, &mut values);
        for text in values {
            let mut rest = text;
            while let Some(open) = rest.find("[[") {
                let Some(close) = rest[open..].find("]]") else {
                    break;
                };
                let inner = &rest[open + 2..open + close];
                rest = &rest[open + close + 2..];
                let target = inner.split('|').next().unwrap_or(inner).trim();
                if target.is_empty() {
                    continue;
                }
                let label = inner.rsplit('|').next().unwrap_or(inner).trim();
                links.push(OutLink {
                    kind: LinkKind::Wiki,
                    target: target.to_owned(),
                    context: format!("{key}: {label}"),
                });
            }
        }
    }
}

/// How far [`sentence_around`] looks either side of a link.
const SENTENCE_WINDOW: usize = 600;

/// Gives `id` a `-1`, `-2`… suffix when the note already has it. `next`
/// remembers, per id, the suffix to try next, so a note with thousands of
/// headings of the same name stays linear.
fn unique_id(
    id: String,
    seen: &mut HashSet<String>,
    next: &mut std::collections::HashMap<String, usize>,
) -> String {
    let id = if id.is_empty() {
        "section".to_owned()
    } else {
        id
    };
    if seen.insert(id.clone()) {
        return id;
    }
    let n = next.entry(id.clone()).or_insert(1);
    loop {
        let candidate = format!("{id}-{n}");
        *n += 1;
        if seen.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// Collapses whitespace and cuts at about 300 characters on a word boundary.
fn summarize(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 300 {
        return text;
    }
    let cut: String = text.chars().take(300).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .to_owned();
    cut + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(body: &str) -> SourceNote {
        SourceNote {
            source: "content/a.md".into(),
            rel: "a.md".into(),
            text: body.into(),
            body_offset: 0,
            fm: Default::default(),
            is_section_index: false,
            section: String::new(),
            url: "a/".into(),
            stem: "a".into(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn heading_ids_are_unique_and_custom_ids_win() {
        let s = scan(&note("# Title\n## Setup\n## Setup\n## Other {#mine}\n"));
        let ids: Vec<_> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["title", "setup", "setup-1", "mine"]);
        assert_eq!(s.h1.as_deref(), Some("Title"));
        assert!(s.h1_leads);
    }

    #[test]
    fn links_carry_their_sentence() {
        let s = scan(&note("First one. Then see [[B]] for more! Last.\n"));
        assert_eq!(s.links[0].context, "Then see B for more!");
    }

    #[test]
    fn inline_topics_skip_code_and_links() {
        let s = scan(&note(
            "About #net/dns and #k8s.\n\n`#not` [#nope](x)\n\n```\n#nope\n```\n",
        ));
        assert_eq!(s.inline_topics, ["net/dns", "k8s"]);
        assert!(!s.prose.contains("nope"));
    }

    #[test]
    fn links_in_code_are_not_links() {
        let s = scan(&note("`[[A]]`\n\n```\n[[B]]\n```\n\n[[C]] and [x](d.md)\n"));
        let targets: Vec<_> = s.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["C", "d.md"]);
    }
}
