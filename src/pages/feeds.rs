//! Atom feeds (RFC 4287): `feed.xml` for the site and
//! `topics/<topic>/feed.xml` per topic, each with the `feed_limit` most
//! recently updated notes, their rendered HTML as content with every URL
//! made absolute from `base_url`. A feed needs absolute URLs, so without an
//! absolute `base_url` there are none.
//!
//! The notes' HTML comes from the note pages just rendered (or reused):
//! the page cache keeps it for the notes some feed holds
//! ([`SiteModel::in_feeds`]), so a feed never renders Markdown again. No I/O.

use super::{PageCache, SiteModel};
use crate::note::NoteId;
use crate::urls::topic_url;
use bytes::Bytes;
use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;

/// One feed: its file, what it is about, its notes (newest first).
pub(crate) struct Feed {
    pub file: String,
    /// The page the feed follows (`""`, `topics/net/`).
    pub page: String,
    pub title: String,
    /// `None`: the site's feed.
    pub topic: Option<String>,
    pub ids: Vec<NoteId>,
}

/// The file of a topic's feed.
pub(super) fn topic_feed_file(topic: &str) -> String {
    format!("{}feed.xml", topic_url(topic))
}

impl SiteModel<'_> {
    /// Every feed the site has: none without an absolute `base_url` or
    /// with `feed_limit = 0`.
    pub(crate) fn feed_list(&self) -> Vec<Feed> {
        if !self.feeds_on() {
            return Vec::new();
        }
        let limit = self.config.feed_limit;
        let latest = |ids: Vec<NoteId>| -> Vec<NoteId> { ids.into_iter().take(limit).collect() };
        let mut feeds = vec![Feed {
            file: "feed.xml".into(),
            page: String::new(),
            title: self.config.title.clone(),
            topic: None,
            ids: latest(self.by_update(self.notes.ids())),
        }];
        for (topic, ids) in self.topics {
            feeds.push(Feed {
                file: topic_feed_file(topic),
                page: topic_url(topic),
                title: format!("#{topic} · {}", self.config.title),
                topic: Some(topic.clone()),
                ids: latest(self.by_update(ids.iter().copied())),
            });
        }
        feeds
    }

    pub(crate) fn feeds_on(&self) -> bool {
        self.config.feed_limit > 0 && self.config.has_absolute_base()
    }

    /// The notes some feed holds: their pages keep their HTML for it.
    pub(crate) fn in_feeds(&self) -> HashSet<NoteId> {
        self.feed_list().into_iter().flat_map(|f| f.ids).collect()
    }

    /// The notes a feed shows whose page in `pages` has not kept its HTML.
    pub(crate) fn feed_notes_without_content(&self, pages: &PageCache) -> Vec<NoteId> {
        self.feed_notes
            .iter()
            .copied()
            .filter(|&i| {
                pages
                    .get(&crate::urls::page_file(&self.notes.source(i).url))
                    .is_none_or(|p| p.content.is_none())
            })
            .collect()
    }

    /// Every feed's file, with the notes' HTML from `pages`.
    pub(crate) fn feeds(&self, pages: &PageCache) -> Vec<(String, Bytes)> {
        self.feeds_where(pages, |_| true)
    }

    /// The feeds that can show a change to `notes`: the site's, those
    /// holding one of them, and those of their topics (a new date may
    /// bring a note in).
    pub(crate) fn feeds_touching(
        &self,
        pages: &PageCache,
        notes: &BTreeSet<NoteId>,
    ) -> Vec<(String, Bytes)> {
        if notes.is_empty() {
            return Vec::new();
        }
        let topics: HashSet<&str> = notes
            .iter()
            .flat_map(|&i| self.notes.topics(i))
            .flat_map(|t| crate::topics::topic_ancestry(t))
            .collect();
        self.feeds_where(pages, |f| {
            f.topic.as_deref().is_none_or(|t| topics.contains(t))
                || f.ids.iter().any(|i| notes.contains(i))
        })
    }

    fn feeds_where(
        &self,
        pages: &PageCache,
        keep: impl Fn(&Feed) -> bool + Sync,
    ) -> Vec<(String, Bytes)> {
        use rayon::prelude::*;
        self.feed_list()
            .into_par_iter()
            .filter(|f| keep(f))
            .map(|f| (f.file.clone(), Bytes::from(self.atom(&f, pages))))
            .collect()
    }

    /// The Atom document of one feed.
    fn atom(&self, feed: &Feed, pages: &PageCache) -> String {
        let abs = |url: &str| self.config.absolute_url(url).unwrap_or_default();
        let updated = feed
            .ids
            .iter()
            .filter_map(|&i| self.notes.dates(i).map(|d| d.updated))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| d.rfc3339());
        let author = if self.config.author.is_empty() {
            &self.config.title
        } else {
            &self.config.author
        };
        let mut xml = String::with_capacity(4096);
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n",
            xml_escape(&self.config.language),
            xml_escape(&feed.title)
        );
        if feed.topic.is_none() && !self.config.description.is_empty() {
            let _ = writeln!(
                xml,
                "  <subtitle>{}</subtitle>",
                xml_escape(&self.config.description)
            );
        }
        let _ = write!(
            xml,
            "  <id>{page}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{me}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator version=\"{}\">Lore</generator>\n",
            xml_escape(author),
            env!("CARGO_PKG_VERSION"),
            page = xml_escape(&abs(&feed.page)),
            me = xml_escape(&abs(&feed.file)),
        );
        for &i in &feed.ids {
            self.atom_entry(&mut xml, i, pages);
        }
        xml.push_str("</feed>\n");
        xml
    }

    fn atom_entry(&self, xml: &mut String, i: NoteId, pages: &PageCache) {
        let n = self.notes.source(i);
        let Some(dates) = self.notes.dates(i) else {
            return;
        };
        let url = self.config.absolute_url(&n.url).unwrap_or_default();
        let _ = write!(
            xml,
            "  <entry>\n    <title type=\"text\">{}</title>\n    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <published>{}</published>\n    <updated>{}</updated>\n",
            xml_escape(self.notes.title(i)),
            dates.created.rfc3339(),
            dates.updated.rfc3339(),
            url = xml_escape(&url),
        );
        for t in self.notes.topics(i) {
            let scheme = self.config.absolute_url("topics/").unwrap_or_default();
            let _ = writeln!(
                xml,
                "    <category term=\"{}\" scheme=\"{}\"/>",
                xml_escape(t),
                xml_escape(&scheme)
            );
        }
        let description = self.description(i);
        if !description.is_empty() {
            let _ = writeln!(
                xml,
                "    <summary type=\"text\">{}</summary>",
                xml_escape(&description)
            );
        }
        let page = pages.get(&crate::urls::page_file(&n.url));
        if let Some(html) = page.and_then(|p| p.content.as_deref()) {
            let base = format!("{}{}", self.config.base_url, n.url);
            let _ = writeln!(
                xml,
                "    <content type=\"html\" xml:base=\"{}\">{}</content>",
                xml_escape(&url),
                xml_escape(&absolute_urls(html, &base))
            );
        }
        xml.push_str("  </entry>\n");
    }
}

/// Text for XML: `&`, `<`, `>` and quotes escaped, and the characters XML
/// 1.0 cannot hold at all (most control characters) left out.
pub(super) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// `html` with every relative `href`, `src` and `srcset` URL made absolute
/// against `base` (the page's absolute URL, ending in `/`): a feed reader
/// shows the content away from its page.
pub(super) fn absolute_urls(html: &str, base: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some((at, attr)) = next_url_attr(rest) {
        let value_start = at + attr.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..value_start + len];
        if attr == " srcset=\"" {
            let parts: Vec<String> = value
                .split(',')
                .map(|part| {
                    let part = part.trim();
                    let (url, size) = part.split_once(' ').unwrap_or((part, ""));
                    let abs = resolve(base, url);
                    if size.is_empty() {
                        abs
                    } else {
                        format!("{abs} {size}")
                    }
                })
                .collect();
            out.push_str(&parts.join(", "));
        } else {
            out.push_str(&resolve(base, value));
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

/// The first ` href="`, ` src="` or ` srcset="` in `s`.
fn next_url_attr(s: &str) -> Option<(usize, &'static str)> {
    [" href=\"", " src=\"", " srcset=\"", " poster=\""]
        .iter()
        .filter_map(|a| s.find(a).map(|i| (i, *a)))
        .min_by_key(|(i, _)| *i)
}

/// A URL of a page at `base` made absolute. Absolute URLs (any scheme, or
/// `//host`) stay as they are; the value is HTML-escaped text, which
/// resolving keeps as it is.
fn resolve(base: &str, url: &str) -> String {
    let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !s.contains('/')
    });
    if has_scheme || url.starts_with("//") {
        return url.to_owned();
    }
    let (origin, base_path) = match base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j))
    {
        Some(p) => (&base[..p], &base[p..]),
        None => (base, "/"),
    };
    if url.starts_with('#') || url.starts_with('?') || url.is_empty() {
        return format!("{base}{url}");
    }
    let (path, tail) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        base_path.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let dir = path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || matches!(path, "." | "..");
    let mut abs = format!("{origin}/{}", parts.join("/"));
    if dir && !parts.is_empty() {
        abs.push('/');
    }
    abs.push_str(tail);
    abs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_become_absolute_against_the_page() {
        let base = "https://x.org/notes/a/b/";
        assert_eq!(resolve(base, "../c/"), "https://x.org/notes/a/c/");
        assert_eq!(
            resolve(base, "../../img.png"),
            "https://x.org/notes/img.png"
        );
        assert_eq!(resolve(base, "#part"), "https://x.org/notes/a/b/#part");
        assert_eq!(resolve(base, "./"), "https://x.org/notes/a/b/");
        assert_eq!(resolve(base, "../c/#h?x"), "https://x.org/notes/a/c/#h?x");
        assert_eq!(resolve(base, "https://y.org/z"), "https://y.org/z");
        assert_eq!(resolve(base, "mailto:a@b.c"), "mailto:a@b.c");
        assert_eq!(resolve(base, "/root.css"), "https://x.org/root.css");
        let html =
            "<a href=\"../c/\">c</a><img src=\"p.png\" srcset=\"p-480.webp 480w, p.png 900w\">";
        assert_eq!(
            absolute_urls(html, base),
            "<a href=\"https://x.org/notes/a/c/\">c</a><img src=\"https://x.org/notes/a/b/p.png\" srcset=\"https://x.org/notes/a/b/p-480.webp 480w, https://x.org/notes/a/b/p.png 900w\">"
        );
    }

    #[test]
    fn xml_text_is_escaped_and_illegal_characters_dropped() {
        assert_eq!(
            xml_escape("A & <B> \"c\" \u{1}"),
            "A &amp; &lt;B&gt; &quot;c&quot; "
        );
    }
}
