//! Pages: the model the templates are given (notes, sections, topics) and
//! the rendering of every page through them (note, section, index, topic,
//! topics, graph, 404), each page reused from the last build when its
//! inputs hash the same ([`cache`]). What listings show is in [`listing`],
//! the site-wide data files (sitemap, graph.json, previews) in [`data`]. No
//! file I/O.

mod cache;
mod context;
mod data;
mod feeds;
mod listing;

use cache::{stream, Page, Rendering};
pub(crate) use cache::{Body, Keys, PageCache, PageResult};
pub(crate) use context::SYNTAX_CSS;

use listing::{toc, topic_count, topic_ref};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::fingerprint::key_of;
use crate::graph::Relations;
use crate::load::SourceNote;
use crate::markdown::{self, RenderCtx, Rendered};
use crate::note::{NoteId, Notes, PerNote};
use crate::templates::Templates;
use crate::urls::{self, parent_section, topic_url};
use context::{
    LinkRef, LoreInfo, NotePage, PageMeta, SectionPage, Shared, SiteInfo, SubsectionRef,
    TopicCount, TopicPage,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Topic -> notes (a note under `a/b` is under `a` too), in note order.
pub(crate) type TopicIndex = BTreeMap<String, Vec<NoteId>>;

/// Which topic pages the notes give: every topic and every parent of a
/// nested one. It depends only on the notes' topics (and which notes are
/// section indexes), so an incremental build may keep it.
pub(crate) fn topic_index(notes: &Notes) -> TopicIndex {
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

/// Topics whose pages would share a URL (`c#` and `c-sharp` both make
/// `topics/c-sharp/`) are one page: the later name's notes join the first
/// name's (by name order), with a warning. Notes keep the name they wrote,
/// whose chip leads to that page.
pub(crate) fn merge_topic_urls(index: &mut TopicIndex, notes: &Notes) -> Vec<Diagnostic> {
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
pub(crate) struct PageSet {
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
pub(crate) struct SiteModel<'a> {
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
pub(crate) struct Model<'a> {
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
    pub(crate) fn new(config: &'a Config, m: Model<'a>, folders: &[(String, String)]) -> Self {
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
    pub(crate) fn render_pages(
        &self,
        templates: Option<&Templates>,
        progress: &crate::progress::Progress,
        cache: &PageCache,
        keys: Keys,
        sink: Option<&dyn crate::write::Sink>,
    ) -> (PageCache, Vec<Diagnostic>) {
        let Some(templates) = templates else {
            let diagnostics = self
                .notes
                .par_ids()
                .flat_map_iter(|i| markdown::render_note(i, self.markdown).diagnostics)
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
    pub(crate) fn render_some(
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
        p.cached_or_kept(file, key, keep, move || {
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
        let rendered = markdown::render_note(i, self.markdown);
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
        let description = self.section_description(index, url);
        // The section's `_index.md`, rendered.
        let body = index.and_then(|i| self.index_html.get(&i));
        let (content, has_lightbox) = body.map_or((String::new(), false), |r| {
            self.images.rewrite(&r.html, url)
        });
        let page = SectionPage {
            title: &title,
            description: &description,
            url,
            content: &content,
            has_lightbox,
            has_math: body.is_some_and(|r| r.has_math),
            has_diagrams: body.is_some_and(|r| r.has_diagrams),
            notes: self
                .notes_in(url)
                .into_iter()
                .map(|i| self.summary(i))
                .collect(),
            subsections: self.subsection_refs(url),
        };
        let meta = self.section_meta(url, &title, &description);
        let is_root = url.is_empty();
        let recent = if is_root {
            self.recent(HOME_RECENT)
        } else {
            vec![]
        };
        let key = key_of(&(p.shared_key, &page, &meta, &recent));
        p.cached_or(urls::page_file(url), key, || {
            let html = p.render(&meta, |ctx| {
                ctx.insert("section", &page);
                if is_root {
                    ctx.insert("recent", &recent);
                }
            })?;
            Ok((html, Vec::new()))
        })
    }

    /// A section's description: its `_index.md`'s, else the site's for
    /// the home page.
    fn section_description(&self, index: Option<NoteId>, url: &str) -> String {
        index.map(|i| self.description(i)).unwrap_or_else(|| {
            if url.is_empty() {
                self.config.description.clone()
            } else {
                String::new()
            }
        })
    }

    /// The sections right under section `url`, as its page lists them.
    fn subsection_refs(&self, url: &str) -> Vec<SubsectionRef> {
        self.subsections_of(url)
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
            .collect()
    }

    /// A section page's parts of the context: the home page (`url` empty)
    /// is `index`, with no breadcrumbs.
    fn section_meta<'m>(&self, url: &'m str, title: &'m str, description: &'m str) -> PageMeta<'m> {
        let is_root = url.is_empty();
        PageMeta {
            kind: if is_root { "index" } else { "section" },
            template: if is_root {
                "index.html"
            } else {
                "section.html"
            },
            title,
            description,
            url,
            breadcrumbs: if is_root {
                vec![]
            } else {
                self.breadcrumbs(parent_section(url).unwrap_or(""))
            },
            absolute_root: None,
            image: self.site_card(),
        }
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
        p.cached_or(urls::page_file(&url), key, || {
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
    pub(crate) fn cards(&self) -> Vec<(String, crate::cards::Card)> {
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
        p.cached_or("recent/index.html".into(), key, || {
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
        p.cached_or("topics/index.html".into(), key, || {
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
        p.cached_or("graph/index.html".into(), key, || {
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
        p.cached_or("404.html".into(), key, || {
            Ok((p.render(&meta, |_| {})?, Vec::new()))
        })
    }
}
