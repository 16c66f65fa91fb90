//! Plain text of a note for the search index: markup stripped, code kept
//! (people search for commands), headings collected apart.

use crate::load::SourceNote;
use pulldown_cmark::{Event, Tag, TagEnd};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Plain {
    pub headings: String,
    pub body: String,
}

pub fn plain_text(note: &SourceNote) -> Plain {
    let mut out = Plain::default();
    let mut in_heading = false;
    // Where a blockquote's first line starts, until it ends: a callout's
    // `[!type]` marker is not text (its title is).
    let mut quote_start: Option<usize> = None;
    for (event, _) in super::math::events(note.body()) {
        if quote_start.is_some()
            && matches!(
                event,
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
            )
        {
            let start = quote_start.take().unwrap_or_default();
            if let Some(marker) = super::callout::parse_marker(out.body[start..].trim_start()) {
                let title = marker.title.to_owned();
                out.body.truncate(start);
                out.body.push_str(&title);
            }
        }
        match event {
            Event::Start(Tag::BlockQuote(_)) => quote_start = Some(out.body.len()),
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
