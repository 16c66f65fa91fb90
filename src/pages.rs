//! Pages: the model the templates are given (notes, sections, topics) and
//! the rendering of every page through them (note, section, index, topic,
//! topics, graph, 404), each page reused from the last build when its
//! inputs hash the same. What listings show is in [`listing`], the
//! site-wide data files (sitemap, graph.json, previews) in [`data`]. No
//! file I/O.

mod context;
mod data;
mod feeds;
mod listing;

pub use context::SYNTAX_CSS;

pub(crate) use listing::parent_section;
use listing::{toc, topic_count, topic_ref};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::graph::Relations;
use crate::load::SourceNote;
use crate::markdown::{self, RenderCtx, Rendered};
use crate::note::{NoteId, Notes, PerNote};
use crate::templates::Templates;
use crate::urls::{self, topic_url};
use bytes::Bytes;
use context::{
    page_context, LinkRef, LoreInfo, NotePage, PageMeta, SectionPage, Shared, SiteInfo,
    SubsectionRef, TopicCount, TopicPage,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

/// A rendered page, with the fingerprint of everything it was made from:
/// a later build whose inputs for the page hash the same reuses it.
#[derive(Debug, Clone)]
pub struct CachedPage {
    pub key: u64,
    pub bytes: Bytes,
    /// What rendering the page reported (a note's link warnings…).
    pub diagnostics: Vec<Diagnostic>,
    /// A note page's rendered Markdown, kept when a feed shows it.
    pub content: Option<std::sync::Arc<str>>,
    /// A note's rendered body, kept (under `lore serve`) so that a
    /// template edit renders pages without rendering Markdown again.
    pub body: Option<std::sync::Arc<Body>>,
}

/// A note's Markdown rendered, with what its page needs to know of it.
#[derive(Debug)]
pub struct Body {
    /// Everything it was rendered from, but the templates.
    pub key: u64,
    pub content: std::sync::Arc<str>,
    pub has_math: bool,
    pub has_diagrams: bool,
    pub has_lightbox: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// A page just rendered: its HTML and problems, a note's rendered body
/// (for feeds) and, when bodies are kept, the body for the next build.
struct Rendering {
    html: String,
    diagnostics: Vec<Diagnostic>,
    content: Option<std::sync::Arc<str>>,
    body: Option<std::sync::Arc<Body>>,
}

pub type PageCache = HashMap<String, CachedPage>;

use crate::fingerprint::key_of;

/// A page's output file and the page, or why it could not be rendered.
pub type PageResult = Result<(String, CachedPage), Diagnostic>;

/// Everything every page shares: the site, the sidebar, the templates.
fn shared_key(site_key: u64, shared: &Shared<'_>) -> u64 {
    key_of(&(site_key, shared, &shared.nav))
}

/// What rendering any page needs: the templates, the shared context and
/// its key, and the previous build's pages.
struct Page<'p> {
    t: &'p Templates,
    shared: &'p Shared<'p>,
    shared_key: u64,
    cache: &'p PageCache,
    /// What every note body depends on besides its own inputs, when
    /// bodies are kept for the next build.
    body_key: Option<u64>,
    /// Hold the pages' bytes gzip-compressed.
    gzip: bool,
}

impl<'p> Page<'p> {
    fn new(t: &'p Templates, shared: &'p Shared<'p>, keys: Keys, cache: &'p PageCache) -> Self {
        Page {
            t,
            shared,
            shared_key: shared_key(keys.site, shared),
            cache,
            body_key: keys.body,
            gzip: keys.gzip,
        }
    }

    /// Renders one page: the shared context, the page's own parts, and
    /// whatever `fill` adds (the page object: `note`, `section`…).
    fn render(
        &self,
        meta: &PageMeta<'_>,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<String, Diagnostic> {
        let mut ctx = page_context(self.shared, meta, self.t.uses_nav());
        fill(&mut ctx);
        self.t.render(meta.template, &ctx)
    }
}

/// What every page depends on (`site`: settings and templates), and, when
/// note bodies are kept for the next build, what every body depends on
/// (`body`: the settings that shape rendered Markdown); `gzip`: pages are
/// held gzip-compressed (`BuildOptions::gzip_pages`, part of `site`).
#[derive(Clone, Copy)]
pub struct Keys {
    pub site: u64,
    pub body: Option<u64>,
    pub gzip: bool,
}

/// Topic -> notes (a note under `a/b` is under `a` too), in note order.
pub type TopicIndex = BTreeMap<String, Vec<NoteId>>;

/// Which topic pages the notes give: every topic and every parent of a
/// nested one. It depends only on the notes' topics (and which notes are
/// section indexes), so an incremental build may keep it.
pub fn topic_index(notes: &Notes) -> TopicIndex {
    let mut index = TopicIndex::new();
    for i in notes.ids().filter(|&i| !notes.source(i).is_section_index) {
        for t in notes.topics(i) {
            for topic in crate::topics::topic_ancestry(t) {
                let list = index.entry(topic.to_owned()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    index
}

/// Writes a page to `sink` as soon as it is rendered, keeping only its key
/// and diagnostics: a large site is never held in memory whole.
fn stream(sink: &dyn crate::site::Sink, (file, page): (String, CachedPage)) -> PageResult {
    sink.put(&file, &page.bytes)
        .map_err(|e| Diagnostic::error(&file, format!("could not write the page: {e}")))?;
    Ok((
        file,
        CachedPage {
            bytes: Bytes::new(),
            ..page
        },
    ))
}

/// Topics whose pages would share a URL (`c#` and `c-sharp` both make
/// `topics/c-sharp/`) are one page: the later name's notes join the first
/// name's (by name order), with a warning. Notes keep the name they wrote,
/// whose chip leads to that page.
pub fn merge_topic_urls(index: &mut TopicIndex, notes: &Notes) -> Vec<Diagnostic> {
    let mut by_url: HashMap<String, String> = HashMap::new();
    let mut merges = Vec::new();
    for name in index.keys() {
        match by_url.entry(topic_url(name)) {
            std::collections::hash_map::Entry::Occupied(first) => {
                merges.push((name.clone(), first.get().clone()))
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(name.clone());
            }
        }
    }
    let mut warnings = Vec::new();
    for (name, into) in merges {
        let ids = index.remove(&name).unwrap_or_default();
        if let Some(&first) = ids.first() {
            warnings.push(
                Diagnostic::warning(
                    &notes.source(first).source,
                    format!(
                        "the topics `{name}` and `{into}` share the page `{}`; their notes are listed together",
                        topic_url(&into)
                    ),
                )
                .kind("topic-collision")
                .with_help("use one spelling for the topic"),
            );
        }
        let list = index.entry(into).or_default();
        list.extend(ids);
        list.sort_unstable();
        list.dedup();
    }
    warnings
}

/// Pages named by what they show, for a build that renders only some.
#[derive(Debug, Default)]
pub struct PageSet {
    /// Notes whose page (a section page, for an `_index.md`) to render.
    pub notes: BTreeSet<NoteId>,
    /// Section URLs.
    pub sections: BTreeSet<String>,
    pub topics: BTreeSet<String>,
    /// The "recently changed" page.
    pub recent: bool,
}

/// The folders that hold a note (at any depth), and the root: folders of
/// attachments only are no sections.
fn folders_with_notes(
    notes: &[SourceNote],
    folders: &[(String, String)],
) -> BTreeMap<String, String> {
    let mut used: std::collections::HashSet<&str> = std::collections::HashSet::from([""]);
    for n in notes {
        let mut url = n.section.as_str();
        while used.insert(url) {
            url = parent_section(url).unwrap_or("");
        }
    }
    folders
        .iter()
        .filter(|(url, _)| used.contains(url.as_str()))
        .cloned()
        .collect()
}

/// How many backlinks and unlinked mentions a note page shows with their
/// sentence; the next [`MORE_LINKS`] are listed by title, folded.
const BACKLINKS_SHOWN: usize = 100;
const MENTIONS_SHOWN: usize = 20;
const MORE_LINKS: usize = 200;
/// How many recently updated notes the home page lists.
const HOME_RECENT: usize = 5;
/// How many the "recently changed" page lists.
const RECENT_PAGE: usize = 50;

/// How many topics every page's sidebar lists.
const SIDEBAR_TOPICS: usize = 40;

/// Sections, topics and listings derived from the notes: what the page
/// templates are given.
pub struct SiteModel<'a> {
    config: &'a Config,
    /// The notes with their titles, topics and dates.
    notes: &'a Notes,
    /// Renders a note's Markdown (highlighter, link resolver, sanitiser).
    markdown: &'a RenderCtx<'a>,
    /// Rendered `_index.md` notes.
    index_html: &'a HashMap<NoteId, Rendered>,
    relations: &'a Relations,
    /// The content folder's images: sizes and settings for copies.
    images: &'a crate::images::ImageTable,
    /// Section URL -> display name from the folder: folders holding notes
    /// (at any depth), and the root.
    folders: BTreeMap<String, String>,
    /// Section URLs that a note's page takes (a folder note: `a.md`
    /// beside `a/`): no section page is made for them.
    claimed: std::collections::HashSet<String>,
    /// Section URL -> its `_index.md`.
    section_index: HashMap<String, NoteId>,
    topics: &'a TopicIndex,
    /// The notes some feed shows (their pages keep their HTML).
    feed_notes: std::collections::HashSet<NoteId>,
    /// Per note: [`Self::own_key`], found when first needed.
    own_keys: PerNote<std::sync::OnceLock<(u64, Vec<NoteId>)>>,
    /// How many note bodies this model rendered from Markdown (the rest
    /// were kept from the last build).
    pub bodies_rendered: std::sync::atomic::AtomicUsize,
}

/// Everything the earlier stages computed: the note table, and what was
/// derived from all of it.
pub struct Model<'a> {
    pub notes: &'a Notes,
    pub markdown: &'a RenderCtx<'a>,
    /// Rendered `_index.md` notes.
    pub index_html: &'a HashMap<NoteId, Rendered>,
    /// [`topic_index`] of the notes.
    pub topic_index: &'a TopicIndex,
    pub relations: &'a Relations,
    pub images: &'a crate::images::ImageTable,
}

impl<'a> SiteModel<'a> {
    pub fn new(config: &'a Config, m: Model<'a>, folders: &[(String, String)]) -> Self {
        let section_index = m
            .notes
            .ids()
            .map(|i| (i, m.notes.source(i)))
            .filter(|(_, n)| n.is_section_index)
            .map(|(i, n)| (n.url.clone(), i))
            .collect();
        let mut site = SiteModel {
            bodies_rendered: Default::default(),
            own_keys: m.notes.ids().map(|_| Default::default()).collect(),
            config,
            notes: m.notes,
            markdown: m.markdown,
            index_html: m.index_html,
            relations: m.relations,
            images: m.images,
            folders: folders_with_notes(m.notes.sources(), folders),
            claimed: m
                .notes
                .sources()
                .iter()
                .filter(|n| !n.is_section_index)
                .map(|n| n.url.clone())
                .collect(),
            section_index,
            topics: m.topic_index,
            feed_notes: Default::default(),
        };
        site.feed_notes = site.in_feeds();
        site
    }

    /// Renders every page whose inputs changed since `cache` was made;
    /// returns all pages and the problems found (each note's Markdown
    /// warnings, template errors once each). With no templates (they failed
    /// to load) notes are still checked.
    pub fn render_pages(
        &self,
        templates: Option<&Templates>,
        progress: &crate::progress::Progress,
        cache: &PageCache,
        keys: Keys,
        sink: Option<&dyn crate::site::Sink>,
    ) -> (PageCache, Vec<Diagnostic>) {
        let Some(templates) = templates else {
            let diagnostics = self
                .notes
                .par_ids()
                .flat_map_iter(|i| markdown::render_note(i.index(), self.markdown).diagnostics)
                .collect();
            return (PageCache::new(), diagnostics);
        };
        let shared = self.shared();
        let page = Page::new(templates, &shared, keys, cache);
        let note_pages = self
            .notes
            .par_ids()
            .filter(|&i| !self.notes.source(i).is_section_index)
            .map(|i| {
                let r = self.note_page(&page, i);
                progress.advance(1);
                r
            });
        let section_pages = self
            .folders
            .par_iter()
            .filter(|(url, _)| !self.claimed.contains(*url))
            .map(|(url, _)| self.section_page(&page, url));
        let topic_pages = self
            .topics
            .par_iter()
            .map(|(t, ids)| self.topic_page(&page, t, ids));
        let results: Vec<PageResult> = note_pages
            .chain(section_pages)
            .chain(topic_pages)
            .chain(rayon::iter::once(self.topics_page(&page)))
            .chain(rayon::iter::once(self.recent_page(&page)))
            .chain(rayon::iter::once(self.graph_page(&page)))
            .chain(rayon::iter::once(self.not_found_page(&page)))
            .map(|r| match sink {
                Some(sink) => r.and_then(|page| stream(sink, page)),
                None => r,
            })
            .collect();
        let mut files = PageCache::with_capacity(results.len());
        let mut problems = Vec::new();
        let mut template_errors: Vec<Diagnostic> = Vec::new();
        for r in results {
            match r {
                Ok((file, cached)) => {
                    problems.extend(cached.diagnostics.iter().cloned());
                    files.insert(file, cached);
                }
                // One broken template fails every page; say it once.
                Err(d) if !template_errors.iter().any(|e| e.message == d.message) => {
                    template_errors.push(d)
                }
                Err(_) => {}
            }
        }
        problems.extend(template_errors);
        (files, problems)
    }

    /// Renders only the pages in `which` (each still taken from `cache`
    /// when its inputs hash the same): the pages, and the pages that failed
    /// with why. For a build that knows nothing else can have changed.
    pub fn render_some(
        &self,
        templates: &Templates,
        cache: &PageCache,
        keys: Keys,
        which: &PageSet,
    ) -> Vec<PageResult> {
        let shared = self.shared();
        let page = Page::new(templates, &shared, keys, cache);
        let notes = which
            .notes
            .par_iter()
            .filter(|&&i| !self.notes.source(i).is_section_index)
            .map(|&i| self.note_page(&page, i));
        let sections = which
            .sections
            .par_iter()
            .filter(|url| self.folders.contains_key(*url) && !self.claimed.contains(*url))
            .map(|url| self.section_page(&page, url));
        let topics = which
            .topics
            .par_iter()
            .filter_map(|t| Some(self.topic_page(&page, t, self.topics.get(t)?)));
        let recent = which.recent.then(|| self.recent_page(&page));
        notes
            .chain(sections)
            .chain(topics)
            .chain(rayon::iter::once(recent).flatten())
            .collect()
    }

    /// The parts of every page's context that are the same on every page.
    fn shared(&self) -> Shared<'_> {
        Shared {
            site: SiteInfo::new(self.config),
            all_topics: self.top_topics(),
            topic_total: self.topics.len(),
            lore: LoreInfo {
                version: env!("CARGO_PKG_VERSION"),
            },
            syntax_css: SYNTAX_CSS,
            feeds: self.feeds_on(),
            nav: self.nav(),
        }
    }

    /// The page at `file` from the cache when its inputs hash to `key`,
    /// else rendered now.
    fn cached_or(
        &self,
        p: &Page<'_>,
        file: String,
        key: u64,
        render: impl FnOnce() -> Result<(String, Vec<Diagnostic>), Diagnostic>,
    ) -> PageResult {
        self.cached_or_kept(p, file, key, false, || {
            render().map(|(html, diagnostics)| Rendering {
                html,
                diagnostics,
                content: None,
                body: None,
            })
        })
    }

    /// [`Self::cached_or`] for a page that may keep its content (`keep`)
    /// and its note's rendered body:
    /// a cached page without it is rendered again.
    fn cached_or_kept(
        &self,
        p: &Page<'_>,
        file: String,
        key: u64,
        keep: bool,
        render: impl FnOnce() -> Result<Rendering, Diagnostic>,
    ) -> PageResult {
        let cached = p.cache.get(&file).filter(|c| c.key == key);
        if let Some(c) = cached.filter(|c| !keep || c.content.is_some()) {
            let mut c = c.clone();
            if !keep {
                c.content = None;
            }
            return Ok((file, c));
        }
        let Rendering {
            html,
            diagnostics,
            content,
            body,
        } = render()?;
        let bytes = if p.gzip {
            crate::gzip::compress(html.as_bytes())
        } else {
            Bytes::from(html)
        };
        Ok((
            file,
            CachedPage {
                key,
                bytes,
                diagnostics,
                content: content.filter(|_| keep),
                body,
            },
        ))
    }

    /// What a note's rendered body depends on: its own part (see
    /// [`Self::own_key`]) and, for embeds, the embedded notes' keys.
    /// Each note's key is computed once per page (`memo`), so a note that
    /// embeds another many times costs one hash per embed.
    fn content_key(
        &self,
        i: NoteId,
        depth: usize,
        memo: &mut HashMap<(NoteId, usize), u64>,
    ) -> u64 {
        if let Some(&k) = memo.get(&(i, depth)) {
            return k;
        }
        let (own, embeds) = self.own_key(i);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        own.hash(&mut h);
        if depth < 6 {
            for &e in embeds {
                self.content_key(e, depth + 1, memo).hash(&mut h);
            }
        }
        let k = h.finish();
        memo.insert((i, depth), k);
        k
    }

    /// A note's own part of its body's key: its text, where each of its
    /// links leads (with the sizes of images), and the notes it embeds.
    /// It is the same on every page that shows the note, so it is found
    /// once per build (a vault's hub notes are embedded by thousands).
    fn own_key(&self, i: NoteId) -> &(u64, Vec<NoteId>) {
        self.own_keys[i].get_or_init(|| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            self.notes.text_key(i).hash(&mut h);
            let n = self.notes.source(i);
            let mut embeds = Vec::new();
            for l in &self.notes.scan(i).links {
                let (target, warning) =
                    self.markdown.resolver.resolve(n, &n.url, l.kind, &l.target);
                target.hash(&mut h);
                warning.hash(&mut h);
                // An image's size is on the page.
                if let markdown::Target::Internal { href, .. } = &target {
                    let out = crate::images::resolve(&n.url, href);
                    self.images.get(&out).hash(&mut h);
                }
                if let markdown::Target::Embed { note, .. } = &target {
                    embeds.push(NoteId::from_index(*note));
                }
            }
            if n.text.contains("<img") {
                self.images.key().hash(&mut h); // raw HTML images
            }
            (h.finish(), embeds)
        })
    }

    fn note_page(&self, p: &Page<'_>, i: NoteId) -> PageResult {
        let n = self.notes.source(i);
        let scan = self.notes.scan(i);
        let description = self.description(i);
        let words = scan.word_count;
        let headings = &scan.headings;
        let skip_h1 = markdown::h1_is_title(scan, self.notes.title(i));
        let dates = self.date_fields(i);
        let page = NotePage {
            title: self.notes.title(i),
            description: &description,
            url: &n.url,
            source_path: n.source.to_string_lossy().replace('\\', "/"),
            topics: self.notes.topics(i).iter().map(|t| topic_ref(t)).collect(),
            aliases: &n.fm.aliases,
            date: dates.date,
            updated: dates.updated,
            created_at: dates.created_at,
            updated_at: dates.updated_at,
            content: "",
            has_math: false,
            has_diagrams: false,
            has_lightbox: false,
            toc: toc(headings.iter().skip(usize::from(
                skip_h1 && headings.first().is_some_and(|h| h.level == 1),
            ))),
            word_count: words,
            reading_minutes: words.div_ceil(200).max(1),
            extra: &n.fm.extra,
            backlinks: self.link_list(&self.relations.backlinks[i], BACKLINKS_SHOWN),
            mentions: self.link_list(&self.relations.mentions[i], MENTIONS_SHOWN),
            related: self.related_list(i),
        };
        let card = self
            .config
            .social_cards
            .then(|| crate::cards::card_path(&n.url));
        let meta = PageMeta {
            kind: "note",
            template: "note.html",
            title: self.notes.title(i),
            description: &description,
            url: &n.url,
            breadcrumbs: self.breadcrumbs(&n.section),
            absolute_root: None,
            image: card.as_deref(),
        };
        let content_key = self.content_key(i, 0, &mut HashMap::new());
        let key = key_of(&(p.shared_key, &page, &meta, content_key));
        let keep = self.feed_notes.contains(&i);
        let file = urls::page_file(&n.url);
        let body_key = p.body_key.map(|k| key_of(&(k, content_key)));
        let kept = body_key.and_then(|k| {
            let body = p.cache.get(&file).and_then(|c| c.body.clone());
            body.filter(|b| b.key == k)
        });
        self.cached_or_kept(p, file, key, keep, move || {
            let body = kept.unwrap_or_else(|| self.render_body(i, body_key.unwrap_or_default()));
            let page = NotePage {
                content: &body.content,
                has_math: body.has_math,
                has_diagrams: body.has_diagrams,
                has_lightbox: body.has_lightbox,
                ..page
            };
            let html = p.render(&meta, |ctx| ctx.insert("note", &page))?;
            Ok(Rendering {
                html,
                diagnostics: body.diagnostics.clone(),
                content: Some(body.content.clone()),
                body: body_key.map(|_| body),
            })
        })
    }

    /// Note `i`'s related notes, with why.
    fn related_list(&self, i: NoteId) -> Vec<LinkRef> {
        self.relations.related[i]
            .iter()
            .map(|r| LinkRef {
                title: self.notes.title(r.note).to_owned(),
                url: self.notes.source(r.note).url.clone(),
                context: None,
                reason: Some(r.reason.clone()),
            })
            .collect()
    }

    /// Note `i`'s Markdown rendered for its page (`key`: what it was
    /// rendered from, when bodies are kept).
    fn render_body(&self, i: NoteId, key: u64) -> std::sync::Arc<Body> {
        self.bodies_rendered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let url = &self.notes.source(i).url;
        let rendered = markdown::render_note(i.index(), self.markdown);
        let (content, has_lightbox) = self.images.rewrite(&rendered.html, url);
        std::sync::Arc::new(Body {
            key,
            content: content.into(),
            has_math: rendered.has_math,
            has_diagrams: rendered.has_diagrams,
            has_lightbox,
            diagnostics: rendered.diagnostics,
        })
    }

    fn section_page(&self, p: &Page<'_>, url: &str) -> PageResult {
        let index = self.section_index.get(url).copied();
        let title = self.section_title(url);
        let description = index.map(|i| self.description(i)).unwrap_or_else(|| {
            if url.is_empty() {
                self.config.description.clone()
            } else {
                String::new()
            }
        });
        let (content, has_lightbox) = index
            .and_then(|i| self.index_html.get(&i))
            .map_or((String::new(), false), |r| {
                self.images.rewrite(&r.html, url)
            });
        let page = SectionPage {
            title: &title,
            description: &description,
            url,
            content: &content,
            has_lightbox,
            has_math: index
                .and_then(|i| self.index_html.get(&i))
                .is_some_and(|r| r.has_math),
            has_diagrams: index
                .and_then(|i| self.index_html.get(&i))
                .is_some_and(|r| r.has_diagrams),
            notes: self
                .notes_in(url)
                .into_iter()
                .map(|i| self.summary(i))
                .collect(),
            subsections: self
                .subsections_of(url)
                .into_iter()
                .map(|u| SubsectionRef {
                    title: self.section_title(u),
                    url: u.clone(),
                    description: self
                        .section_index
                        .get(u)
                        .map(|&i| self.description(i))
                        .unwrap_or_default(),
                    count: self.count_in(u),
                })
                .collect(),
        };
        let is_root = url.is_empty();
        let meta = PageMeta {
            kind: if is_root { "index" } else { "section" },
            template: if is_root {
                "index.html"
            } else {
                "section.html"
            },
            title: &title,
            description: &description,
            url,
            breadcrumbs: if is_root {
                vec![]
            } else {
                self.breadcrumbs(parent_section(url).unwrap_or(""))
            },
            absolute_root: None,
            image: self.site_card(),
        };
        let recent = if is_root {
            self.recent(HOME_RECENT)
        } else {
            vec![]
        };
        let key = key_of(&(p.shared_key, &page, &meta, &recent));
        self.cached_or(p, urls::page_file(url), key, || {
            let html = p.render(&meta, |ctx| {
                ctx.insert("section", &page);
                if is_root {
                    ctx.insert("recent", &recent);
                }
            })?;
            Ok((html, Vec::new()))
        })
    }

    fn topic_page(&self, p: &Page<'_>, topic: &str, ids: &[NoteId]) -> PageResult {
        let url = topic_url(topic);
        let depth = topic.matches('/').count();
        let subtopics = self
            .topics
            .range(format!("{topic}/")..)
            .take_while(|(k, _)| k.starts_with(&format!("{topic}/")))
            .filter(|(k, _)| k.matches('/').count() == depth + 1)
            .map(|(k, v)| topic_count(k, v.len()))
            .collect();
        let parent = topic.rsplit_once('/').map(|(p, _)| topic_ref(p));
        let page = TopicPage {
            name: topic,
            url: &url,
            notes: self
                .sorted(ids.to_vec())
                .into_iter()
                .map(|i| self.summary(i))
                .collect(),
            subtopics,
            parent,
            cooccurring: self.cooccurring(topic, ids),
        };
        let title = format!("#{topic}");
        let description = format!("Notes about {topic}");
        let meta = PageMeta {
            kind: "topic",
            template: "topic.html",
            title: &title,
            description: &description,
            url: &url,
            breadcrumbs: vec![],
            absolute_root: None,
            image: self.site_card(),
        };
        let key = key_of(&(p.shared_key, &page, &meta));
        self.cached_or(p, urls::page_file(&url), key, || {
            Ok((
                p.render(&meta, |ctx| ctx.insert("topic", &page))?,
                Vec::new(),
            ))
        })
    }

    /// The share image of every page but notes' (with `[social] cards`).
    fn site_card(&self) -> Option<&'static str> {
        self.config.social_cards.then_some(crate::cards::SITE_CARD)
    }

    /// What every social card shows: each note's, and the site's.
    pub fn cards(&self) -> Vec<(String, crate::cards::Card)> {
        if !self.config.social_cards {
            return Vec::new();
        }
        let mut cards: Vec<(String, crate::cards::Card)> = self
            .notes
            .ids()
            .filter(|&i| !self.notes.source(i).is_section_index)
            .map(|i| {
                let topics: Vec<String> = self
                    .notes
                    .topics(i)
                    .iter()
                    .map(|t| format!("#{t}"))
                    .collect();
                let card = crate::cards::Card {
                    site: self.config.title.clone(),
                    title: self.notes.title(i).to_owned(),
                    footer: topics.join("  "),
                };
                (crate::cards::card_path(&self.notes.source(i).url), card)
            })
            .collect();
        cards.push((
            crate::cards::SITE_CARD.to_owned(),
            crate::cards::Card {
                site: String::new(),
                title: self.config.title.clone(),
                footer: self.config.description.clone(),
            },
        ));
        cards
    }

    /// `recent/`: the latest notes by updated date, grouped by day.
    fn recent_page(&self, p: &Page<'_>) -> PageResult {
        let groups = self.recent_days(RECENT_PAGE);
        let meta = PageMeta {
            kind: "recent",
            template: "recent.html",
            title: "Recently changed",
            description: "The notes changed last, newest first",
            url: "recent/",
            breadcrumbs: vec![],
            absolute_root: None,
            image: self.site_card(),
        };
        let key = key_of(&(p.shared_key, &groups, &meta));
        self.cached_or(p, "recent/index.html".into(), key, || {
            Ok((
                p.render(&meta, |ctx| ctx.insert("days", &groups))?,
                Vec::new(),
            ))
        })
    }

    fn topics_page(&self, p: &Page<'_>) -> PageResult {
        let topics: Vec<TopicCount> = self
            .topics
            .iter()
            .map(|(t, ids)| topic_count(t, ids.len()))
            .collect();
        let meta = PageMeta {
            kind: "topics",
            template: "topics.html",
            title: "Topics",
            description: "All topics",
            url: "topics/",
            breadcrumbs: vec![],
            absolute_root: None,
            image: self.site_card(),
        };
        let key = key_of(&(p.shared_key, &topics, &meta));
        self.cached_or(p, "topics/index.html".into(), key, || {
            Ok((
                p.render(&meta, |ctx| ctx.insert("topics", &topics))?,
                Vec::new(),
            ))
        })
    }

    fn graph_page(&self, p: &Page<'_>) -> PageResult {
        let meta = PageMeta {
            kind: "graph",
            template: "graph.html",
            title: "Graph",
            description: "How the notes link to each other and to their topics",
            url: "graph/",
            breadcrumbs: vec![],
            absolute_root: None,
            image: self.site_card(),
        };
        let key = key_of(&(p.shared_key, &meta));
        self.cached_or(p, "graph/index.html".into(), key, || {
            Ok((p.render(&meta, |_| {})?, Vec::new()))
        })
    }

    fn not_found_page(&self, p: &Page<'_>) -> PageResult {
        let meta = PageMeta {
            kind: "404",
            template: "404.html",
            title: "Not found",
            description: "",
            url: "",
            breadcrumbs: vec![],
            absolute_root: Some(&self.config.base_path),
            image: None,
        };
        let key = key_of(&(p.shared_key, &meta));
        self.cached_or(p, "404.html".into(), key, || {
            Ok((p.render(&meta, |_| {})?, Vec::new()))
        })
    }
}
