//! Markdown: pulldown-cmark events in, HTML out, in two passes.
//!
//! 1. [`scan`] reads a note once for what other notes need to know before
//!    anything is rendered: its headings (with their final ids), outgoing
//!    links and first paragraph.
//! 2. [`render_note`] turns the events into HTML: one walker (`html`) where
//!    code blocks go through the highlighter, blockquotes that start with
//!    `[!type]` become callouts, headings get ids and anchors, links are
//!    resolved through a [`LinkResolver`] (the graph), raw HTML is escaped
//!    unless allowed; `embed` transcludes notes, renders media, and shows a
//!    drawing (on its own page too) as its exported image.

mod callout;
mod comments;
mod embed;
pub(crate) mod events;
mod html;
mod math;
mod mermaid;
mod plain;
mod raw_html;
mod scan;
mod tables;

pub(crate) use comments::blank_comments;
pub(crate) use embed::render_note;
pub(crate) use html::{h1_is_title, EmbedPart, LinkResolver, RenderCtx, Rendered, Target};
pub(crate) use math::Math;
pub(crate) use plain::{inline_text, plain_text};
pub(crate) use scan::{scan, sentence_around, Heading, LinkKind, Scan};
pub(crate) use tables::escape_wikilink_pipes;

use pulldown_cmark::Options;

/// The Markdown dialect: CommonMark, GFM tables, strikethrough, task lists
/// and footnotes, `{#id}` heading attributes, Obsidian wikilinks, and
/// `$`/`$$` math (read through [`math::events`], which corrects the rules
/// where they differ from Obsidian's).
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
}

/// `#topic` and `#nested/topic` in a text: byte range of each (with the
/// `#`) and its normalised name. A tag starts after whitespace or an
/// opening bracket, and is not all digits (`#1` is not a topic).
pub(crate) fn inline_topics(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('#') {
        let before_ok = i == 0 || {
            let prev = text[..i].chars().next_back().unwrap_or(' ');
            prev.is_whitespace() || "([{".contains(prev)
        };
        if !before_ok || bytes.get(i + 1) == Some(&b'#') {
            continue;
        }
        let len: usize = text[i + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
            .map(char::len_utf8)
            .sum();
        let name = text[i + 1..i + 1 + len].trim_end_matches('/');
        if name.is_empty() || name.chars().all(|c| c.is_ascii_digit() || c == '/') {
            continue;
        }
        if let Some(topic) = crate::topics::normalize_topic(name) {
            out.push((i..i + 1 + name.len(), topic));
        }
    }
    out
}

/// Splits a link destination into path and `#fragment`.
pub(crate) fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    }
}

/// True for URLs that must never reach a page (`javascript:`, `data:`,
/// `vbscript:`), however they are spelled.
pub(crate) fn is_unsafe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

/// True when `url` has a scheme (`https:`, `mailto:`…) or is protocol-relative.
pub(crate) fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_urls_are_caught_however_spelled() {
        for u in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "VBSCRIPT:x",
        ] {
            assert!(is_unsafe_url(u), "{u}");
        }
        assert!(!is_unsafe_url("https://x.org"));
    }

    #[test]
    fn inline_topics_need_a_word_start_and_a_letter() {
        let found: Vec<String> = inline_topics("#a x#b (#c/d/) #12 ## #Net-Work")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found, ["a", "c/d", "net-work"]);
    }

    #[test]
    fn externals_have_a_scheme() {
        assert!(is_external("https://x"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a/b:c.md"));
    }
}
