//! Plain text of a note for the search index: markup stripped (Obsidian's
//! too: callout markers, `^ids`, `==`), code kept (people search for
//! commands), headings collected apart, inline footnotes after the text.

use super::events::{self, Ev, Spanned};
use crate::load::SourceNote;
use pulldown_cmark::{Event, Tag, TagEnd};

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Plain {
    pub headings: String,
    pub body: String,
}

pub(crate) fn plain_text(note: &SourceNote) -> Plain {
    let mut out = Plain::default();
    let parsed = events::parse(note.body());
    collect(&parsed.events, &mut out);
    for footnote in &parsed.notes {
        collect(footnote, &mut out);
        out.body.push('\n');
    }
    out
}

/// One line of inline Markdown (a frontmatter `description`) as the text a
/// reader sees: `[[Note|label]]` reads `label`, `**b**` reads `b`; inline
/// code keeps its backticks (listings show it as code).
pub(crate) fn inline_text(markdown: &str) -> String {
    if !markdown.contains(['[', '*', '_', '`', '=', '<', '~', '$', '\\']) {
        return markdown.to_owned();
    }
    let parsed = events::parse(markdown);
    let mut out = String::with_capacity(markdown.len());
    for (ev, _) in &parsed.events {
        match ev {
            Ev::Md(Event::Text(t)) => out.push_str(t),
            Ev::Md(Event::Code(t)) => {
                out.push('`');
                out.push_str(t);
                out.push('`');
            }
            Ev::Md(Event::InlineMath(t)) => out.push_str(&format!("${t}$")),
            Ev::Md(Event::SoftBreak | Event::HardBreak) => out.push(' '),
            Ev::Md(Event::End(TagEnd::Paragraph)) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn collect(events: &[Spanned<'_>], out: &mut Plain) {
    let mut in_heading = false;
    for (k, (ev, _)) in events.iter().enumerate() {
        let Ev::Md(event) = ev else {
            if matches!(ev, Ev::CalloutBody | Ev::CalloutEnd) {
                out.body.push('\n');
            }
            continue;
        };
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                out.headings.push('\n');
                out.body.push('\n');
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if in_heading {
                    out.headings.push_str(t);
                }
                out.body.push_str(t);
            }
            // A line break inside Chinese or Japanese text is no word
            // break: the characters on both sides belong together.
            Event::SoftBreak if joins_cjk(&out.body, events.get(k + 1)) => {}
            Event::SoftBreak | Event::HardBreak => out.body.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => out.body.push('\n'),
            _ => {}
        }
    }
}

/// Whether a line break between the text so far and the next event joins
/// two CJK characters.
fn joins_cjk(before: &str, next: Option<&Spanned<'_>>) -> bool {
    let after = match next {
        Some((Ev::Md(Event::Text(t)), _)) => t.chars().next(),
        _ => None,
    };
    before.chars().next_back().is_some_and(crate::cjk::is_cjk)
        && after.is_some_and(crate::cjk::is_cjk)
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
    fn obsidian_markup_is_not_text() {
        let p = plain_text(&note(
            "> [!tip] Title here\n> ==marked== text ^abc\n\nA^[note] b.\n",
        ));
        assert!(p.body.contains("Title here"), "{p:?}");
        for raw in ["[!", "==", "^abc", "^["] {
            assert!(!p.body.contains(raw), "{raw} in {p:?}");
        }
        assert!(
            p.body.contains("note"),
            "inline footnotes are searchable: {p:?}"
        );
    }

    #[test]
    fn descriptions_read_as_text() {
        assert_eq!(
            inline_text("模板是一个[[核心插件|核心插件]]，可让你"),
            "模板是一个核心插件，可让你"
        );
        assert_eq!(
            inline_text("**Bold** and `code` and [[Note]]"),
            "Bold and `code` and Note"
        );
        assert_eq!(inline_text("Plain text"), "Plain text");
    }

    #[test]
    fn a_line_break_inside_cjk_text_joins_the_characters() {
        let p = plain_text(&note("命令\n面板 and\nmore\n"));
        assert!(p.body.contains("命令面板"), "{p:?}");
        assert!(p.body.contains("and more"), "{p:?}");
    }
}
