//! Raw HTML in a note: rendered when the site allows it (then the page
//! goes through the sanitiser), else shown as text. What would break the
//! page is shown as text with a warning: an element whose content is raw
//! text left open, or elements nested deeper than browsers nest them.
//! The note's own iframes are sandboxed.

use super::events::Ev;
use super::html::Renderer;
use crate::highlight::escape;
use pulldown_cmark::{CowStr, Event, TagEnd};
use std::ops::Range;

impl<'a> Renderer<'a, '_> {
    /// A raw HTML block: rendered (sanitised) or shown as text. An element
    /// whose content is raw text (`<style>`, `<script>`, `<textarea>`…)
    /// opened and not closed in the block would swallow the rest of the
    /// page: it is shown as text instead, with a warning.
    pub(super) fn html_block(&mut self, range: Range<usize>) {
        let mut html = String::new();
        while let Some((event, _)) = self.events.get(self.i) {
            self.i += 1;
            match event {
                Ev::Md(Event::Html(h) | Event::Text(h)) => html.push_str(h),
                Ev::Md(Event::End(TagEnd::HtmlBlock)) => break,
                _ => {}
            }
        }
        if self.ctx.sanitizer.is_some() && self.renders_raw(&html, range.start) {
            self.raw_html = true;
            self.html(&sandbox_iframes(&html));
        } else {
            self.html(&format!("<p>{}</p>\n", escape(html.trim_end())));
        }
    }

    pub(super) fn inline_html(&mut self, html: CowStr<'a>, range: Range<usize>) {
        if self.ctx.sanitizer.is_some() && self.renders_raw(&html, range.start) {
            self.raw_html = true;
            self.out.push(Event::Html(sandbox_iframes(&html).into()));
        } else {
            self.out.push(Event::Text(html));
        }
    }

    /// Whether a piece of raw HTML is rendered: not when it would swallow
    /// the rest of the page or nest deeper than browsers do (both warned).
    fn renders_raw(&mut self, html: &str, at: usize) -> bool {
        if self.unclosed_raw_text(html, at) {
            return false;
        }
        let (depth, deepest) = nesting(html, self.html_depth);
        if deepest > MAX_HTML_DEPTH {
            self.warn(
                at,
                "raw-html",
                format!(
                    "raw HTML nested more than {MAX_HTML_DEPTH} elements deep is shown as text"
                ),
                None,
            );
            return false;
        }
        self.html_depth = depth;
        true
    }

    /// Whether `html` opens a raw-text element without closing it (warned).
    fn unclosed_raw_text(&mut self, html: &str, at: usize) -> bool {
        let lower = html.to_ascii_lowercase();
        for tag in [
            "style",
            "script",
            "textarea",
            "title",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "noscript",
            "plaintext",
        ] {
            let open = format!("<{tag}");
            let opens = lower.match_indices(&open).any(|(i, _)| {
                lower[i + open.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == '>' || c == '/' || c.is_whitespace())
            });
            if opens && !lower.contains(&format!("</{tag}")) {
                self.warn(
                    at,
                    "raw-html",
                    format!("`<{tag}>` is not closed in this HTML block; it is shown as text"),
                    Some(format!(
                        "close it with `</{tag}>` in the same block (no blank line in between)"
                    )),
                );
                return true;
            }
        }
        false
    }
}

/// A note's own iframes are sandboxed: a `sandbox` attribute goes first in
/// each `<iframe` tag (the first of two equal attributes wins), so one
/// written in the note cannot loosen it.
fn sandbox_iframes(html: &str) -> String {
    const SANDBOX: &str = " sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\" loading=\"lazy\"";
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (i, _) in lower.match_indices("<iframe") {
        let end = i + "<iframe".len();
        out.push_str(&html[from..end]);
        out.push_str(SANDBOX);
        from = end;
    }
    out.push_str(&html[from..]);
    out
}

/// Browsers stop nesting elements at 512 levels; deeper raw HTML is text
/// (the sanitiser's parser would take quadratic time on it).
const MAX_HTML_DEPTH: usize = 512;

/// The element depth after `html`, starting at `depth`, and the deepest
/// it reached (void and self-closed elements do not nest).
fn nesting(html: &str, mut depth: usize) -> (usize, usize) {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let mut deepest = depth;
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        // A tag name starts with a letter: `<3` is text, as in browsers.
        let is_tag = name.starts_with(|c: char| c.is_ascii_alphabetic());
        if !is_tag || VOID.contains(&name.as_str()) {
            continue;
        }
        // Where the tag ends (looked for in a bounded stretch: a run of
        // `<` with no `>` must not make this quadratic).
        let head = &rest.as_bytes()[..rest.len().min(2048)];
        let end = head.iter().position(|&b| b == b'>').unwrap_or(head.len());
        if closing {
            depth = depth.saturating_sub(1);
        } else if !head[..end].ends_with(b"/") {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    (depth, deepest)
}

/// Specifications, as tables of input and expected output.
#[cfg(test)]
mod spec {
    use super::*;

    #[test]
    fn every_iframe_tag_gets_the_sandbox_first() {
        const S: &str = " sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\" loading=\"lazy\"";
        let cases: &[(&str, String)] = &[
            ("<p>no frames</p>", "<p>no frames</p>".into()),
            (
                "<iframe src=\"https://a.example\"></iframe>",
                format!("<iframe{S} src=\"https://a.example\"></iframe>"),
            ),
            // Any case; the note's own `sandbox` comes second and loses.
            (
                "<IFRAME sandbox=\"allow-top-navigation\">",
                format!("<IFRAME{S} sandbox=\"allow-top-navigation\">"),
            ),
            (
                "<iframe></iframe><iframe>",
                format!("<iframe{S}></iframe><iframe{S}>"),
            ),
            // Text before and after multi-byte characters stays put.
            ("é<iframe>ü", format!("é<iframe{S}>ü")),
        ];
        for (html, want) in cases {
            assert_eq!(&sandbox_iframes(html), want, "{html:?}");
        }
    }

    #[test]
    fn nesting_counts_open_elements_but_void_and_self_closed_ones() {
        // (html, depth before, (depth after, deepest))
        let cases: &[(&str, usize, (usize, usize))] = &[
            ("", 0, (0, 0)),
            ("text only", 3, (3, 3)),
            ("<div><p>a</p></div>", 0, (0, 2)),
            ("<div><div><div>", 1, (4, 4)),
            ("</div></div>", 2, (0, 2)),
            // Closing more than is open stays at 0.
            ("</div></div>", 1, (0, 1)),
            // Void elements, any case, and self-closed ones do not nest.
            ("<br><IMG src=x><hr/><input>", 0, (0, 0)),
            ("<span/><x-y />", 0, (0, 0)),
            ("<My-Element><b>", 0, (2, 2)),
            // A `<` that opens no tag is text.
            ("1 < 2 <> <!-- c -->", 0, (0, 0)),
            ("I <3 this, 2<3", 0, (0, 0)),
            // A tag that never closes still nests.
            ("<div class='x'", 0, (1, 1)),
        ];
        for (html, depth, want) in cases {
            assert_eq!(nesting(html, *depth), *want, "{html:?} from {depth}");
        }
    }
}
