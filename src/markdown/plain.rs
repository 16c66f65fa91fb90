//! Plain text of a note for the search index: markup stripped (Obsidian's
//! too: callout markers, `^ids`, `==`), code kept (people search for
//! commands), headings collected apart, inline footnotes after the text.

use super::events::{self, Ev, Spanned};
use crate::load::SourceNote;
use pulldown_cmark::{Event, Tag, TagEnd};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Plain {
    pub headings: String,
    pub body: String,
}

pub fn plain_text(note: &SourceNote) -> Plain {
    let mut out = Plain::default();
    let parsed = events::parse(note.body());
    collect(&parsed.events, &mut out);
    for footnote in &parsed.notes {
        collect(footnote, &mut out);
        out.body.push('\n');
    }
    out
}

fn collect(events: &[Spanned<'_>], out: &mut Plain) {
    let mut in_heading = false;
    for (ev, _) in events {
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
