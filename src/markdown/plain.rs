//! Plain text of a note for the search index: markup stripped, code kept
//! (people search for commands), headings collected apart.

use crate::load::SourceNote;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Plain {
    pub headings: String,
    pub body: String,
}

pub fn plain_text(note: &SourceNote) -> Plain {
    let mut out = Plain::default();
    let mut in_heading = false;
    for event in Parser::new_ext(note.body(), super::parser_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                out.headings.push('\n');
                out.body.push('\n');
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if in_heading {
                    out.headings.push_str(&t);
                }
                out.body.push_str(&t);
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
    out
}
