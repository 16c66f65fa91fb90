//! Markdown: pulldown-cmark events in, HTML out, in two passes.
//!
//! 1. [`scan`] reads a note once for what other notes need to know before
//!    anything is rendered: its headings (with their final ids), outgoing
//!    links and first paragraph.
//! 2. [`render_note`] turns the events into HTML: code blocks go through the
//!    highlighter, blockquotes that start with `[!type]` become callouts,
//!    headings get ids and anchors, links are resolved through a
//!    [`LinkResolver`] (the graph), raw HTML is escaped unless allowed.

mod callout;
mod html;
mod scan;

pub use html::{render_note, LinkResolver, RenderCtx, Rendered, Target};
pub use scan::{scan, Heading, LinkKind, OutLink, Scan};

use pulldown_cmark::Options;

/// The Markdown dialect: CommonMark, GFM tables, strikethrough, task lists
/// and footnotes, `{#id}` heading attributes and Obsidian wikilinks.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Splits a link destination into path and `#fragment`.
pub fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    }
}

/// True for URLs that must never reach a page (`javascript:`, `data:`,
/// `vbscript:`), however they are spelled.
pub fn is_unsafe_url(url: &str) -> bool {
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
pub fn is_external(url: &str) -> bool {
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
    fn externals_have_a_scheme() {
        assert!(is_external("https://x"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a/b:c.md"));
    }
}
