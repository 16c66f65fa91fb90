//! Templates: tera, loaded once per build from the embedded defaults with a
//! site's own `templates/*.html` on top. This module builds each page's
//! context and renders it; it does no file I/O of its own beyond reading
//! the templates at load time.
//!
//! Shared parts of every page's context (site, nav, topics) are built once
//! and borrowed; only the per-page parts are made per page.

use crate::config::Config;
use crate::error::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

#[derive(Debug, Clone, Serialize)]
pub struct TopicRef {
    pub name: String,
    pub url: String,
}

/// A note in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
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

pub use crate::dates::DateView;

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkRef {
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
pub struct NotePage<'a> {
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
pub struct LinkList {
    pub shown: Vec<LinkRef>,
    pub more: Vec<LinkRef>,
    pub total: usize,
    /// How many are not in `shown` (in `more` or not listed at all).
    pub folded: usize,
    /// How many are in neither list.
    pub unlisted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubsectionRef {
    pub title: String,
    pub url: String,
    pub description: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct SectionPage<'a> {
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
pub struct TopicCount {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub depth: usize,
}

#[derive(Debug, Serialize)]
pub struct TopicPage<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub notes: Vec<Summary>,
    pub subtopics: Vec<TopicCount>,
    pub parent: Option<TopicRef>,
    pub cooccurring: Vec<TopicCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
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
pub struct NavRow<'a> {
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
pub struct PageMeta<'a> {
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
pub struct Shared<'a> {
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
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub author: &'a str,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct LoreInfo {
    pub version: &'static str,
}

impl<'a> SiteInfo<'a> {
    pub fn new(config: &'a Config) -> Self {
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

pub const SYNTAX_CSS: &str = "static/syntax.css";

/// The loaded templates, and where each came from (for messages).
pub struct Templates {
    tera: Tera,
    /// Hash of every template's name and text.
    key: u64,
    sources: Vec<(String, PathBuf)>,
    /// Injected before `</body>` of every page (the dev server's reload
    /// script); empty for `lore build`.
    pub body_end: String,
    /// Keep pages gzip-compressed (the dev server holds a whole site in
    /// memory; browsers take it as it is).
    pub gzip: bool,
    /// Some template reads `nav` (the nested tree): only then is it built
    /// for each page (the default theme reads `nav_rows`, a fraction of
    /// the cost on a site of hundreds of notes).
    uses_nav: bool,
}

impl Templates {
    /// Embedded defaults, overridden by `dir/*.html` files of the same name.
    pub fn load(dir: &Path, root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut sources: Vec<(String, PathBuf, String)> = crate::assets::TEMPLATES
            .iter()
            .map(|(name, bytes)| {
                let path = PathBuf::from(format!("templates/{name} (built-in)"));
                (
                    name.to_string(),
                    path,
                    String::from_utf8_lossy(bytes).into_owned(),
                )
            })
            .collect();
        let mut diagnostics = Vec::new();
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                let path = entry.path();
                if !entry.file_type().is_file()
                    || crate::load::is_ignored(&entry.file_name().to_string_lossy())
                {
                    continue;
                }
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                match std::fs::read_to_string(path) {
                    Ok(text) => {
                        sources.retain(|(n, _, _)| *n != name);
                        sources.push((name, shown, text));
                    }
                    Err(e) => diagnostics.push(Diagnostic::error(
                        shown,
                        format!("could not read template: {e}"),
                    )),
                }
            }
        }
        let mut tera = Tera::default();
        // Templates see only what Lore gives them: tera's `get_env` would
        // publish any environment variable (a CI secret) into the pages.
        // Tera has no other function that reads the environment, files, the
        // network or runs programs.
        tera.register_function(
            "get_env",
            |_: &std::collections::HashMap<String, tera::Value>| {
                Err(tera::Error::msg(
                    "`get_env` is not available: Lore templates cannot read environment variables \
                 (put values in site.toml's [extra] and use `site.extra`)",
                ))
            },
        );
        tera.register_filter("code_spans", code_spans_filter);
        tera.autoescape_on(vec![""]);
        // Tera's default also escapes `/`, which makes every URL unreadable.
        tera.set_escape_fn(crate::highlight::escape);
        let mut ok = Vec::new();
        for (name, path, text) in &sources {
            // Parse each alone first so that every syntax error is reported
            // with its own file, not only the first.
            match tera::Template::new(name, None, text) {
                Ok(_) => ok.push((name.as_str(), text.as_str())),
                Err(e) => diagnostics.push(template_diagnostic(path, &e, Some(text))),
            }
        }
        if diagnostics.is_empty() {
            if let Err(e) = tera.add_raw_templates(ok) {
                diagnostics.push(Diagnostic::error("templates/", error_chain(&e)));
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let uses_nav = sources
            .iter()
            .any(|(_, _, text)| reads_variable(text, "nav"));
        let key =
            crate::fingerprint::key_of(&sources.iter().map(|(n, _, t)| (n, t)).collect::<Vec<_>>());
        let sources = sources.into_iter().map(|(n, p, _)| (n, p)).collect();
        Ok(Templates {
            key,
            tera,
            sources,
            body_end: String::new(),
            gzip: false,
            uses_nav,
        })
    }

    /// Changes whenever any template's text does.
    pub fn key(&self) -> u64 {
        self.key
    }

    fn source_of(&self, name: &str) -> PathBuf {
        self.sources.iter().find(|(n, _)| n == name).map_or_else(
            || PathBuf::from(format!("templates/{name}")),
            |(_, p)| p.clone(),
        )
    }

    /// Renders one page: the shared context, the page's own parts, and
    /// whatever `fill` adds (the page object: `note`, `section`…).
    pub fn render(
        &self,
        shared: &Shared<'_>,
        meta: &PageMeta<'_>,
        fill: impl FnOnce(&mut Context),
    ) -> Result<String, Diagnostic> {
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
        self.insert_share(&mut ctx, shared, meta, &root);
        ctx.insert("kind", meta.kind);
        ctx.insert("title", meta.title);
        ctx.insert("description", meta.description);
        ctx.insert("page_url", meta.url);
        ctx.insert("breadcrumbs", &meta.breadcrumbs);
        if self.uses_nav {
            ctx.insert("nav", &mark_nav(&shared.nav, meta.url));
        }
        let mut rows = Vec::new();
        let all = !more_sections_than(&shared.nav, &mut NAV_ALL_SECTIONS.clone());
        nav_rows(&shared.nav, meta.url, 0, all, &mut rows);
        ctx.insert("nav_rows", &rows);
        fill(&mut ctx);
        let mut html = self
            .tera
            .render(meta.template, &ctx)
            .map_err(|e| template_diagnostic(&self.source_of(meta.template), &e, None))?;
        if !self.body_end.is_empty() {
            match html.rfind("</body>") {
                Some(i) => html.insert_str(i, &self.body_end),
                None => html.push_str(&self.body_end),
            }
        }
        Ok(html)
    }
}

/// `code_spans`: text whose `` `code` `` spans become `<code>` elements,
/// escaped (use with `| safe`). Summaries and link contexts keep a note's
/// inline code that way, so a listing shows `[[Note]]` as code, not as
/// raw syntax.
fn code_spans_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("code_spans", "value", String, value);
    Ok(tera::Value::String(code_spans(&text)))
}

pub fn code_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut parts = text.split('`');
    out.push_str(&crate::highlight::escape(parts.next().unwrap_or("")));
    let rest: Vec<&str> = parts.collect();
    // Pairs of backticks are code; an unpaired last one stays as it is.
    let pairs = rest.len() / 2 * 2;
    for (i, part) in rest.iter().enumerate() {
        if i >= pairs {
            out.push('`');
            out.push_str(&crate::highlight::escape(part));
        } else if i % 2 == 0 {
            out.push_str("<code>");
            out.push_str(&crate::highlight::escape(part));
            out.push_str("</code>");
        } else {
            out.push_str(&crate::highlight::escape(part));
        }
    }
    out
}

impl Templates {
    /// What links and share previews need: `canonical_url` (absolute with
    /// an absolute `base_url`, else relative), `absolute_url` and
    /// `share_image` (absolute, or none).
    fn insert_share(
        &self,
        ctx: &mut Context,
        shared: &Shared<'_>,
        meta: &PageMeta<'_>,
        root: &str,
    ) {
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

/// Whether a template's tags (`{{ }}`, `{% %}`) name the variable `name`
/// (a whole word, not a field such as `item.name`).
fn reads_variable(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = text;
    while let Some(open) = rest.find(['{']) {
        rest = &rest[open + 1..];
        let close = match rest.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => continue,
        };
        let end = rest.find(close).unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let found = tag.match_indices(name).any(|(i, _)| {
            let before = tag[..i].chars().next_back();
            let after = tag[i + name.len()..].chars().next();
            !before.is_some_and(|c| word(c) || c == '.') && !after.is_some_and(word)
        });
        if found {
            return true;
        }
    }
    false
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

/// Tera's error and its causes on one line.
fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// A template error with the template's path and, for syntax errors, the
/// line and column tera's parser reports (`--> 3:5`).
fn template_diagnostic(path: &Path, e: &tera::Error, text: Option<&str>) -> Diagnostic {
    let chain = error_chain(e);
    let position = chain.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    // Tera's parser message spans several lines with its own excerpt; keep
    // the gist on one line.
    let message = chain
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let d = Diagnostic::error(path, format!("template error: {message}"));
    match (position, text) {
        (Some((line, col)), Some(text)) => {
            let excerpt = text
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .to_owned();
            d.at(line, col).with_excerpt(excerpt)
        }
        (Some((line, col)), None) => d.at(line, col),
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::reads_variable;

    #[test]
    fn a_variable_is_read_only_where_a_tag_names_it() {
        assert!(reads_variable("{{ m::tree(items=nav, root=root) }}", "nav"));
        assert!(reads_variable("{%- if nav %}x{% endif %}", "nav"));
        assert!(reads_variable("{% for i in nav %}{% endfor %}", "nav"));
        assert!(!reads_variable(
            "<nav class=\"nav-tree\">{{ nav_rows }}</nav>",
            "nav"
        ));
        assert!(!reads_variable("{{ item.nav }} {{ navigation }}", "nav"));
        for (name, bytes) in crate::assets::TEMPLATES {
            let text = std::str::from_utf8(bytes).unwrap();
            assert!(!reads_variable(text, "nav"), "{name} reads `nav`");
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

#[cfg(test)]
mod code_span_tests {
    use super::code_spans;

    #[test]
    fn code_spans_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            code_spans("a `[[b]]` <c>"),
            "a <code>[[b]]</code> &lt;c&gt;"
        );
        assert_eq!(code_spans("one ` tick"), "one ` tick");
        assert_eq!(code_spans("`x` and `y"), "<code>x</code> and `y");
    }
}
