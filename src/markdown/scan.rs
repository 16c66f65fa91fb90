//! The first pass: what a note offers to the others (headings with their
//! final ids, outgoing links) before any note is rendered.

use crate::load::SourceNote;
use crate::urls::slugify;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::collections::HashSet;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Unique in the note; `{#custom}` is honoured.
    pub id: String,
    /// Byte offset in the note's file.
    #[serde(skip)]
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
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
pub struct OutLink {
    pub kind: LinkKind,
    /// The destination as written: `Note#Heading`, `../a.md#x`.
    pub target: String,
    /// Byte offset in the note's file.
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<OutLink>,
    /// The text of the first `# H1`, the title when frontmatter has none.
    pub h1: Option<String>,
    /// True when that H1 is the first block, so the page shows it as the
    /// title instead of repeating it.
    pub h1_leads: bool,
    /// Plain text of the first paragraph, for descriptions and previews.
    pub summary: String,
}

/// Reads headings, links and the first paragraph of a note.
pub fn scan(note: &SourceNote) -> Scan {
    let body = note.body();
    let base = note.body_offset;
    let mut out = Scan::default();
    let mut ids = HashSet::new();
    let mut heading: Option<(u8, Option<String>, usize, String)> = None;
    let mut para: Option<String> = None;
    let mut first_block = true;
    for (event, range) in Parser::new_ext(body, super::parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level as u8,
                    id.map(|s| s.to_string()),
                    range.start,
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, start, text)) = heading.take() {
                    let text = text.trim().to_owned();
                    if level == 1 && out.h1.is_none() {
                        out.h1 = Some(text.clone());
                        out.h1_leads = first_block;
                    }
                    let id = unique_id(custom.unwrap_or_else(|| slugify(&text)), &mut ids);
                    out.headings.push(Heading {
                        level,
                        text,
                        id,
                        offset: base + start,
                    });
                }
                first_block = false;
            }
            Event::Start(Tag::Paragraph) if out.summary.is_empty() => para = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = para.take() {
                    out.summary = summarize(&p);
                }
                first_block = false;
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.3.push_str(&t);
                }
                if let Some(p) = para.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = para.as_mut() {
                    p.push(' ');
                }
            }
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
                out.links.push(OutLink {
                    kind,
                    target: dest_url.to_string(),
                    offset: base + range.start,
                });
            }
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
                out.links.push(OutLink {
                    kind,
                    target: dest_url.to_string(),
                    offset: base + range.start,
                });
            }
            // Any other block before the H1 means the H1 does not lead.
            Event::Start(Tag::CodeBlock(_) | Tag::Table(_) | Tag::List(_) | Tag::BlockQuote(_))
            | Event::Rule
            | Event::Html(_)
                if heading.is_none() && para.is_none() =>
            {
                first_block = false;
            }
            _ => {}
        }
    }
    out
}

/// Gives `id` a `-1`, `-2`… suffix when the note already has it.
fn unique_id(id: String, seen: &mut HashSet<String>) -> String {
    let id = if id.is_empty() {
        "section".to_owned()
    } else {
        id
    };
    if seen.insert(id.clone()) {
        return id;
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| seen.insert(candidate.clone()))
        .expect("an unused suffix exists")
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
    fn links_in_code_are_not_links() {
        let s = scan(&note("`[[A]]`\n\n```\n[[B]]\n```\n\n[[C]] and [x](d.md)\n"));
        let targets: Vec<_> = s.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["C", "d.md"]);
    }
}
