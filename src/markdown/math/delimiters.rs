//! Where math is in a note: pulldown-cmark's `$…$` / `$$…$$` parsing
//! (`Options::ENABLE_MATH`), corrected where it differs from Obsidian and
//! pandoc. Every pass over a note's Markdown (scan, plain text, HTML) takes
//! its events from [`events`], so they all agree on what is math.
//!
//! pulldown-cmark already reads inline math as pandoc does, with two
//! differences that this module corrects instead of parsing dollars again:
//!
//! - A closing `$` followed by a digit does not close (pandoc, Obsidian):
//!   `from $10-$20` is prose. pulldown-cmark takes `$10-$` as math; such a
//!   span is turned back into its source text.
//! - `$$…$$` is read before Markdown, as Obsidian does: a display formula
//!   may hold lines that Markdown would take for block structure (`=` under
//!   a line makes a heading, `- x` a list item, a blank line ends a
//!   paragraph). pulldown-cmark gives block structure precedence, so such a
//!   formula comes out as broken text. Where the first parse shows a `$$`
//!   left as text, the formula up to the next `$$` is masked (same length,
//!   no line breaks) and the note parsed again; the formula's TeX is then
//!   taken from the original text, byte for byte.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// An event and the byte range of the source it came from.
pub(super) type Spanned<'a> = (Event<'a>, Range<usize>);

/// The events of a note's Markdown `body`, with math as Obsidian reads it.
pub(crate) fn events(body: &str) -> Vec<Spanned<'_>> {
    let options = crate::markdown::parser_options();
    let first: Vec<Spanned<'_>> = Parser::new_ext(body, options).into_offset_iter().collect();
    let regions = if body.contains("$$") {
        broken_display_math(body, &first)
    } else {
        Vec::new()
    };
    let mut events = match regions.is_empty() {
        true => first,
        false => reparse(body, &regions).unwrap_or(first),
    };
    for (event, range) in &mut events {
        if matches!(event, Event::InlineMath(_)) && closes_before_digit(body, range.end) {
            *event = Event::Text(CowStr::Borrowed(&body[range.clone()]));
        }
    }
    events
}

/// True when the `$` that ends at `end` is followed by a digit.
fn closes_before_digit(body: &str, end: usize) -> bool {
    body.as_bytes().get(end).is_some_and(u8::is_ascii_digit)
}

/// `$$` formulas that the first parse left as text: from each such `$$` to
/// the next `$$` (the end of the region, exclusive of that `$$`).
fn broken_display_math(body: &str, events: &[Spanned<'_>]) -> Vec<Range<usize>> {
    // Each `$$` outside code, in order, and whether it was left as text.
    let mut marks: Vec<(usize, bool)> = Vec::new();
    let mut in_code_block = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::DisplayMath(_) => marks.push((range.start, false)),
            // pulldown-cmark gives an unmatched `$$` as two `$` texts, so
            // look one byte past each text.
            Event::Text(_) if !in_code_block => {
                let bytes = body.as_bytes();
                let end = (range.end + 1).min(bytes.len());
                for i in range.start..end.saturating_sub(1) {
                    let escaped = i > 0 && bytes[i - 1] == b'\\';
                    if bytes[i] == b'$' && bytes[i + 1] == b'$' && !escaped {
                        marks.push((i, true));
                    }
                }
            }
            _ => {}
        }
    }
    marks.sort_unstable();
    marks.dedup_by_key(|m| m.0);
    let mut regions = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        let (start, left_as_text) = marks[i];
        i += 1;
        if !left_as_text {
            continue;
        }
        let Some(close) = marks[i..].iter().position(|m| m.0 >= start + 2) else {
            break;
        };
        regions.push(start + 2..marks[i + close].0);
        i += close + 1;
    }
    regions
}

/// Parses `body` again with each region masked, so that each becomes one
/// display formula. `None` when a region still does not come out as one
/// (then the first parse stands).
fn reparse<'a>(body: &'a str, regions: &[Range<usize>]) -> Option<Vec<Spanned<'a>>> {
    let mut masked = body.as_bytes().to_vec();
    for r in regions {
        masked[r.clone()].fill(b'x');
    }
    // Regions start and end next to `$`, so whole characters were replaced.
    let masked = String::from_utf8(masked).ok()?;
    let mut out = Vec::new();
    let mut found = 0;
    for (event, range) in
        Parser::new_ext(&masked, crate::markdown::parser_options()).into_offset_iter()
    {
        let region = regions.iter().find(|r| r.start == range.start + 2);
        let event = match (event, region) {
            (Event::DisplayMath(_), Some(r)) if range.end == r.end + 2 => {
                found += 1;
                Event::DisplayMath(display_tex(body, r.clone()).into())
            }
            (event, _) => event.into_static(),
        };
        out.push((event, range));
    }
    (found == regions.len()).then_some(out)
}

/// The TeX of a display formula spanning `region`, without the `>` markers
/// of the blockquotes (and callouts) it sits in.
fn display_tex(body: &str, region: Range<usize>) -> Cow<'_, str> {
    let tex = &body[region.clone()];
    let line_start = body[..region.start].rfind('\n').map_or(0, |i| i + 1);
    let depth = body[line_start..region.start].matches('>').count();
    if depth == 0 || !tex.contains('\n') {
        return Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len());
    for (n, line) in tex.split_inclusive('\n').enumerate() {
        let mut line = line;
        if n > 0 {
            for _ in 0..depth {
                match line.trim_start_matches([' ', '\t']).strip_prefix('>') {
                    Some(rest) => line = rest,
                    None => break,
                }
            }
            line = line.strip_prefix(' ').unwrap_or(line);
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The math of `body` as (display?, TeX), in order.
    fn math(body: &str) -> Vec<(bool, String)> {
        events(body)
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::InlineMath(t) => Some((false, t.to_string())),
                Event::DisplayMath(t) => Some((true, t.to_string())),
                _ => None,
            })
            .collect()
    }

    fn inline(tex: &[&str]) -> Vec<(bool, String)> {
        tex.iter().map(|t| (false, t.to_string())).collect()
    }

    #[test]
    fn dollar_amounts_stay_prose() {
        assert_eq!(math("Price is $5 and $10."), []);
        assert_eq!(math("From $10-$20 a month."), []);
        assert_eq!(math("Costs 5$ or 6$."), []);
        assert_eq!(math("Not $ math$ and not $math $ either."), []);
    }

    #[test]
    fn math_keeps_its_tex_byte_for_byte() {
        assert_eq!(
            math(r"Sets $\{a\}$, rows $a \\ b$, a map $[T](u)$, $a_1 *b* c_2$."),
            inline(&[r"\{a\}", r"a \\ b", "[T](u)", "a_1 *b* c_2"])
        );
        assert_eq!(math("$x$1 is not math, $x$. is"), inline(&["x"]));
    }

    #[test]
    fn display_math_may_span_lines_markdown_would_break() {
        let body = "The Hessian:\n$$H =\n= \n- x\n\n+ y\n$$\nAfter.\n\n# Real heading\n";
        assert_eq!(math(body), [(true, "H =\n= \n- x\n\n+ y\n".to_owned())]);
        let headings = events(body)
            .into_iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
            .count();
        assert_eq!(headings, 1, "only the real heading is a heading");
    }

    #[test]
    fn display_math_in_a_quote_loses_only_the_quote_markers() {
        let body = "> [!note]\n> $$a\n> =\n> b$$\n";
        assert_eq!(math(body), [(true, "a\n=\nb".to_owned())]);
    }

    #[test]
    fn dollars_in_code_are_code() {
        let body = "`$$` and\n\n```\n$$\n```\n\n$$x$$";
        assert_eq!(math(body), [(true, "x".to_owned())]);
    }

    #[test]
    fn an_unclosed_display_dollar_pair_stays_text() {
        assert_eq!(math("Lone $$ here.\n\n- item\n"), []);
    }
}
