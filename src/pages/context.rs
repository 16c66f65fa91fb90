//! What pages give the templates: the serialisable context of every page
//! (the note, section and topic objects, listings' summaries, links, the
//! table of contents, the sidebar's rows, the parts every page shares) and
//! [`page_context`], which puts them into a tera context for
//! [`crate::templates::Templates::render`]. Built from borrowed, typed
//! structs; no I/O.
//!
//! Shared parts of every page's context (site, nav, topics) are built once
//! and borrowed; only the per-page parts are made per page.

use crate::config::Config;
use serde::Serialize;
use tera::Context;

#[derive(Debug, Clone, Serialize)]
pub(super) struct TopicRef {
    pub name: String,
    pub url: String,
}

/// A note in a listing.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Summary {
    pub title: String,
    pub url: String,
    pub description: String,
    /// The day it was created (`2024-05-01`), and the day it was last
    /// updated when that is another day.
    pub date: Option<String>,
    pub updated: Option<String>,
    /// The same dates in full (see [`DateView`]).
    pub created_at: Option<DateView>,
    pub updated_at: Option<DateView>,
    /// The first topics (see `LISTING_TOPICS`), and how many more it has.
    pub topics: Vec<TopicRef>,
    pub more_topics: usize,
}

pub(crate) use crate::dates::DateView;

#[derive(Debug, Clone, Serialize)]
pub(super) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct LinkRef {
    pub title: String,
    pub url: String,
    /// Backlinks and mentions: the sentence around the link. Related notes:
    /// why the note is related.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct NotePage<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub source_path: String,
    pub topics: Vec<TopicRef>,
    pub aliases: &'a [String],
    /// The day it was created, and the day it was last updated when that
    /// is another day (as in [`Summary`]).
    pub date: Option<String>,
    pub updated: Option<String>,
    pub created_at: Option<DateView>,
    pub updated_at: Option<DateView>,
    pub content: &'a str,
    /// The content has math: the page loads the math stylesheet and font.
    pub has_math: bool,
    /// The content has a Mermaid diagram: the page loads Mermaid.
    pub has_diagrams: bool,
    /// An image opens in a lightbox: the page loads `static/lightbox.js`.
    pub has_lightbox: bool,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The first backlinks (with their sentence), then the rest by title
    /// only, up to a bound: a hub note's page stays small.
    pub backlinks: LinkList,
    pub mentions: LinkList,
    pub related: Vec<LinkRef>,
}

/// A list of links shown in part: `shown` with their context, `more` by
/// title only, and how many there are in all.
#[derive(Debug, Clone, Serialize, Default)]
pub(super) struct LinkList {
    pub shown: Vec<LinkRef>,
    pub more: Vec<LinkRef>,
    pub total: usize,
    /// How many are not in `shown` (in `more` or not listed at all).
    pub folded: usize,
    /// How many are in neither list.
    pub unlisted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct SubsectionRef {
    pub title: String,
    pub url: String,
    pub description: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct SectionPage<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub content: &'a str,
    /// An image opens in a lightbox: the page loads `static/lightbox.js`.
    pub has_lightbox: bool,
    /// The content has math: the page loads the math stylesheet and font.
    pub has_math: bool,
    /// The content has a Mermaid diagram: the page loads Mermaid.
    pub has_diagrams: bool,
    pub notes: Vec<Summary>,
    pub subsections: Vec<SubsectionRef>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct TopicCount {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub depth: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct TopicPage<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub notes: Vec<Summary>,
    pub subtopics: Vec<TopicCount>,
    pub parent: Option<TopicRef>,
    pub cooccurring: Vec<TopicCount>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct NavItem {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub current: bool,
    pub open: bool,
    pub children: Vec<NavItem>,
}

/// One row of the sidebar tree, in document order (`nav_rows`): templates
/// draw the tree with one loop instead of a macro that recurses once per
/// folder level (which ran out of stack on deep folders).
#[derive(Debug, Serialize)]
pub(super) struct NavRow<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub current: bool,
    pub open: bool,
    /// 0 for the top level.
    pub depth: usize,
    /// A section whose rows follow, one level deeper.
    pub has_children: bool,
    /// How many sections' lists of children end after this row.
    pub close: usize,
}

/// Which page is being rendered, for the shared parts of its context.
#[derive(Serialize)]
pub(super) struct PageMeta<'a> {
    pub kind: &'static str,
    pub template: &'static str,
    pub title: &'a str,
    pub description: &'a str,
    /// Root-relative URL of the page (`""` for the index).
    pub url: &'a str,
    pub breadcrumbs: Vec<LinkRef>,
    /// Absolute root path instead of a relative one (the 404 page, served
    /// at any depth).
    pub absolute_root: Option<&'a str>,
    /// The page's share image (a social card), root-relative.
    pub image: Option<&'a str>,
}

/// The parts of every page's context that are the same on every page.
#[derive(Serialize)]
pub(super) struct Shared<'a> {
    pub site: SiteInfo<'a>,
    /// The most used topics (at most 40), most used first.
    pub all_topics: Vec<TopicCount>,
    /// How many topics the site has in all.
    pub topic_total: usize,
    pub lore: LoreInfo,
    pub syntax_css: &'static str,
    /// The site has Atom feeds (`feed.xml`, `topics/<topic>/feed.xml`).
    pub feeds: bool,
    #[serde(skip)]
    pub nav: Vec<NavItem>,
}

#[derive(Serialize)]
pub(super) struct SiteInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub author: &'a str,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub(super) struct LoreInfo {
    pub version: &'static str,
}

impl<'a> SiteInfo<'a> {
    pub(super) fn new(config: &'a Config) -> Self {
        SiteInfo {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
            author: &config.author,
            extra: &config.extra,
        }
    }
}

/// Where the syntax stylesheet goes in the output (pages link it).
pub(crate) const SYNTAX_CSS: &str = "static/syntax.css";

/// The context of one page: the shared parts, the page's own (`meta`),
/// and the sidebar (`nav_rows`, and `nav` when some template reads it).
/// The page object (`note`, `section`…) is added by the caller.
pub(super) fn page_context(shared: &Shared<'_>, meta: &PageMeta<'_>, uses_nav: bool) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &shared.site);
    ctx.insert("all_topics", &shared.all_topics);
    ctx.insert("topic_total", &shared.topic_total);
    ctx.insert("lore", &shared.lore);
    ctx.insert("syntax_css", shared.syntax_css);
    ctx.insert("feeds", &shared.feeds);
    let root = meta
        .absolute_root
        .map_or_else(|| crate::urls::root_prefix(meta.url), str::to_owned);
    ctx.insert("root", &root);
    insert_share(&mut ctx, shared, meta, &root);
    ctx.insert("kind", meta.kind);
    ctx.insert("title", meta.title);
    ctx.insert("description", meta.description);
    ctx.insert("page_url", meta.url);
    ctx.insert("breadcrumbs", &meta.breadcrumbs);
    if uses_nav {
        ctx.insert("nav", &mark_nav(&shared.nav, meta.url));
    }
    let mut rows = Vec::new();
    let all = !more_sections_than(&shared.nav, &mut NAV_ALL_SECTIONS.clone());
    nav_rows(&shared.nav, meta.url, 0, all, &mut rows);
    ctx.insert("nav_rows", &rows);
    ctx
}

/// What links and share previews need: `canonical_url` (absolute with
/// an absolute `base_url`, else relative), `absolute_url` and
/// `share_image` (absolute, or none).
fn insert_share(ctx: &mut Context, shared: &Shared<'_>, meta: &PageMeta<'_>, root: &str) {
    let base = shared.site.base_url;
    let absolute = base.starts_with("https://") || base.starts_with("http://");
    let encoded = crate::urls::encode_path(meta.url);
    let absolute_url = absolute.then(|| format!("{base}{encoded}"));
    let canonical = absolute_url
        .clone()
        .unwrap_or_else(|| format!("{root}{encoded}"));
    ctx.insert("canonical_url", &canonical);
    ctx.insert("absolute_url", &absolute_url);
    let image = meta
        .image
        .filter(|_| absolute)
        .map(|path| format!("{base}{}", crate::urls::encode_path(path)));
    ctx.insert("share_image", &image);
}

/// A copy of the nav tree with this page marked current and its parents open.
fn mark_nav(items: &[NavItem], url: &str) -> Vec<NavItem> {
    items
        .iter()
        .map(|item| NavItem {
            current: item.url == url,
            open: item.kind == "section" && !item.url.is_empty() && url.starts_with(&item.url),
            children: mark_nav(&item.children, url),
            ..item.clone()
        })
        .collect()
}

/// Above this many sections (folders) in the tree, a page's sidebar holds
/// the top level and the sections on the way to the page with what they
/// hold, not every section: a vault of thousands of nested folders put all
/// of them in every page (1.3 MB of sidebar per page, most of the build).
const NAV_ALL_SECTIONS: usize = 500;

/// Whether the tree holds more than `limit` sections (stops counting there).
fn more_sections_than(items: &[NavItem], limit: &mut usize) -> bool {
    for item in items.iter().filter(|i| i.kind == "section") {
        if *limit == 0 {
            return true;
        }
        *limit -= 1;
        if more_sections_than(&item.children, limit) {
            return true;
        }
    }
    false
}

/// The nav tree as rows (see [`NavRow`]), marked like [`mark_nav`]; with
/// `all` false, only open sections' rows are followed by their children.
fn nav_rows<'a>(
    items: &'a [NavItem],
    url: &str,
    depth: usize,
    all: bool,
    out: &mut Vec<NavRow<'a>>,
) {
    for item in items {
        let open = item.kind == "section" && !item.url.is_empty() && url.starts_with(&item.url);
        let has_children = item.kind == "section" && !item.children.is_empty() && (all || open);
        out.push(NavRow {
            title: &item.title,
            url: &item.url,
            kind: item.kind,
            current: item.url == url,
            open,
            depth,
            has_children,
            close: 0,
        });
        if has_children {
            nav_rows(&item.children, url, depth + 1, all, out);
            out.last_mut().expect("a row was pushed").close += 1;
        }
    }
}

#[cfg(test)]
mod nav_tests {
    use super::{more_sections_than, nav_rows, NavItem};

    fn section(url: &str, children: Vec<NavItem>) -> NavItem {
        NavItem {
            title: url.into(),
            url: url.into(),
            kind: "section",
            current: false,
            open: false,
            children,
        }
    }

    #[test]
    fn a_large_tree_shows_only_the_way_to_the_page() {
        let tree = vec![
            section("a/", vec![section("a/b/", vec![section("a/b/c/", vec![])])]),
            section("d/", vec![section("d/e/", vec![])]),
        ];
        assert!(more_sections_than(&tree, &mut 4));
        assert!(!more_sections_than(&tree, &mut 5));
        let urls = |all| {
            let mut rows = Vec::new();
            nav_rows(&tree, "a/b/page/", 0, all, &mut rows);
            rows.iter().map(|r| r.url).collect::<Vec<_>>()
        };
        assert_eq!(urls(true), ["a/", "a/b/", "a/b/c/", "d/", "d/e/"]);
        assert_eq!(urls(false), ["a/", "a/b/", "a/b/c/", "d/"]);
    }
}
