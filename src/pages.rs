//! Pages: the sections, topics and listings derived from the notes, and
//! the rendering of every page through the templates (note, section,
//! index, topic, topics, graph, 404), plus the site-wide data files
//! (sitemap, graph.json, previews). No file I/O.

use crate::config::Config;
use crate::error::Diagnostic;
use crate::graph::{self, Relations};
use crate::load::SourceNote;
use crate::markdown::{self, RenderCtx, Rendered, Scan};
use crate::render::*;
use crate::urls::{self, topic_url};
use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

/// A rendered page, with the fingerprint of everything it was made from:
/// a later build whose inputs for the page hash the same reuses it.
#[derive(Debug, Clone)]
pub struct CachedPage {
    pub key: u64,
    pub bytes: Bytes,
    /// What rendering the page reported (a note's link warnings…).
    pub diagnostics: Vec<Diagnostic>,
}

pub type PageCache = HashMap<String, CachedPage>;

/// Hashes a serialisable value without building its text.
pub fn key_of(value: &impl Serialize) -> u64 {
    struct HashWriter(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(Default::default());
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}

type PageResult = Result<(String, CachedPage), Diagnostic>;

/// What rendering any page needs: the templates, the shared context and
/// its key, and the previous build's pages.
struct Page<'p> {
    t: &'p Templates,
    shared: &'p Shared<'p>,
    shared_key: u64,
    cache: &'p PageCache,
    /// When only these output files can have changed (see
    /// `site::Workspace`), every other page is taken from the cache as is.
    dirty: Option<&'p std::collections::HashSet<String>>,
}

impl Page<'_> {
    /// The cached page, when it is known not to have changed.
    fn unchanged(&self, file: &str) -> Option<PageResult> {
        let dirty = self.dirty?;
        if dirty.contains(file) {
            return None;
        }
        self.cache
            .get(file)
            .map(|c| Ok((file.to_owned(), c.clone())))
    }
}

/// How many topics every page's sidebar lists.
const SIDEBAR_TOPICS: usize = 40;

/// Sections, topics and listings derived from the notes: what the page
/// templates are given.
pub struct SiteModel<'a> {
    config: &'a Config,
    notes: &'a [SourceNote],
    scans: &'a [Scan],
    titles: &'a [String],
    /// Renders a note's Markdown (highlighter, link resolver, sanitiser).
    markdown: &'a RenderCtx<'a>,
    /// Rendered `_index.md` notes, by note index.
    index_html: &'a HashMap<usize, Rendered>,
    /// Per note: frontmatter topics, then inline `#topics`.
    note_topics: &'a [Vec<String>],
    relations: &'a Relations,
    /// Section URL -> display name from the folder.
    folders: BTreeMap<String, String>,
    /// Section URL -> index of its `_index.md`.
    section_index: HashMap<String, usize>,
    /// Topic -> notes (a note under `a/b` is under `a` too).
    topics: BTreeMap<String, Vec<usize>>,
}

/// Everything the earlier stages computed per note, index-aligned.
pub struct Model<'a> {
    pub notes: &'a [SourceNote],
    pub scans: &'a [Scan],
    pub titles: &'a [String],
    pub markdown: &'a RenderCtx<'a>,
    pub index_html: &'a HashMap<usize, Rendered>,
    pub topics: &'a [Vec<String>],
    pub relations: &'a Relations,
}

impl<'a> SiteModel<'a> {
    pub fn new(config: &'a Config, m: Model<'a>, folders: &[(String, String)]) -> Self {
        let mut topics: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, n) in m
            .notes
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.is_section_index)
        {
            for t in &m.topics[i] {
                let mut prefix = String::new();
                for part in t.split('/') {
                    if !prefix.is_empty() {
                        prefix.push('/');
                    }
                    prefix.push_str(part);
                    let list = topics.entry(prefix.clone()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            let _ = n;
        }
        let section_index = m
            .notes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_section_index)
            .map(|(i, n)| (n.url.clone(), i))
            .collect();
        SiteModel {
            config,
            notes: m.notes,
            scans: m.scans,
            titles: m.titles,
            markdown: m.markdown,
            index_html: m.index_html,
            note_topics: m.topics,
            relations: m.relations,
            folders: folders.iter().cloned().collect(),
            section_index,
            topics,
        }
    }

    fn description(&self, i: usize) -> String {
        self.notes[i]
            .fm
            .description
            .clone()
            .unwrap_or_else(|| self.scans[i].summary.clone())
    }

    fn summary(&self, i: usize) -> Summary {
        let n = &self.notes[i];
        Summary {
            title: self.titles[i].clone(),
            url: n.url.clone(),
            description: self.description(i),
            date: n.fm.date.clone(),
            updated: n.fm.updated.clone(),
            topics: self.note_topics[i].iter().map(|t| topic_ref(t)).collect(),
        }
    }

    /// Notes in listing order: weight, then title.
    fn sorted(&self, mut ids: Vec<usize>) -> Vec<usize> {
        ids.sort_by_cached_key(|&i| {
            (
                self.notes[i].fm.weight.unwrap_or(i64::MAX),
                self.titles[i].to_lowercase(),
            )
        });
        ids
    }

    fn notes_in(&self, section: &str) -> Vec<usize> {
        let ids = (0..self.notes.len())
            .filter(|&i| !self.notes[i].is_section_index && self.notes[i].section == section)
            .collect();
        self.sorted(ids)
    }

    fn subsections_of(&self, section: &str) -> Vec<&String> {
        self.folders
            .keys()
            .filter(|u| parent_section(u) == Some(section))
            .collect()
    }

    fn section_title(&self, url: &str) -> String {
        match self.section_index.get(url) {
            Some(&i) => self.titles[i].clone(),
            None if url.is_empty() => self.config.title.clone(),
            None => self
                .folders
                .get(url)
                .cloned()
                .unwrap_or_else(|| url.trim_end_matches('/').to_owned()),
        }
    }

    fn count_in(&self, section: &str) -> usize {
        (0..self.notes.len())
            .filter(|&i| {
                !self.notes[i].is_section_index && self.notes[i].section.starts_with(section)
            })
            .count()
    }

    fn nav(&self) -> Vec<NavItem> {
        let notes_inline = self.notes.len() <= self.config.nav_inline_limit;
        self.nav_level("", notes_inline)
    }

    fn nav_level(&self, section: &str, with_notes: bool) -> Vec<NavItem> {
        let mut items: Vec<NavItem> = self
            .subsections_of(section)
            .into_iter()
            .map(|url| NavItem {
                title: self.section_title(url),
                url: url.clone(),
                kind: "section",
                current: false,
                open: false,
                children: self.nav_level(url, with_notes),
            })
            .collect();
        if with_notes {
            items.extend(self.notes_in(section).into_iter().map(|i| NavItem {
                title: self.titles[i].clone(),
                url: self.notes[i].url.clone(),
                kind: "note",
                current: false,
                open: false,
                children: vec![],
            }));
        }
        items
    }

    /// The most used topics, for every page's sidebar (the topics page has
    /// them all: listing hundreds on every page would bloat large sites).
    fn top_topics(&self) -> Vec<TopicCount> {
        let mut all: Vec<TopicCount> = self
            .topics
            .iter()
            .map(|(t, ids)| topic_count(t, ids.len()))
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        all.truncate(SIDEBAR_TOPICS);
        all
    }

    fn link_refs(&self, links: &[graph::Backlink]) -> Vec<LinkRef> {
        links
            .iter()
            .map(|b| LinkRef {
                title: self.titles[b.from].clone(),
                url: self.notes[b.from].url.clone(),
                context: Some(b.context.clone()),
                reason: None,
            })
            .collect()
    }

    fn breadcrumbs(&self, section: &str) -> Vec<LinkRef> {
        let mut crumbs = vec![LinkRef {
            title: self.config.title.clone(),
            url: String::new(),
            context: None,
            reason: None,
        }];
        let mut url = String::new();
        for part in section.split_terminator('/') {
            url.push_str(part);
            url.push('/');
            crumbs.push(LinkRef {
                title: self.section_title(&url),
                url: url.clone(),
                context: None,
                reason: None,
            });
        }
        crumbs
    }

    /// Renders every page; returns the files and the template errors.
    /// Renders every page; returns the files and the problems found
    /// (Markdown warnings of every note, template errors once each). With
    /// no templates (they failed to load) notes are still checked.
    /// Renders every page whose inputs changed since `cache` was made;
    /// returns all pages and the problems found (each note's Markdown
    /// warnings, template errors once each). With no templates (they failed
    /// to load) notes are still checked.
    pub fn render_pages(
        &self,
        templates: Option<&Templates>,
        progress: &indicatif::ProgressBar,
        cache: &PageCache,
        site_key: u64,
        dirty: Option<&std::collections::HashSet<String>>,
    ) -> (PageCache, Vec<Diagnostic>) {
        let Some(templates) = templates else {
            let diagnostics = (0..self.notes.len())
                .into_par_iter()
                .flat_map_iter(|i| {
                    markdown::render_note(&self.notes[i], &self.scans[i], self.markdown).diagnostics
                })
                .collect();
            return (PageCache::new(), diagnostics);
        };
        let shared = Shared {
            site: SiteInfo::new(self.config),
            all_topics: self.top_topics(),
            topic_total: self.topics.len(),
            lore: LoreInfo {
                version: env!("CARGO_PKG_VERSION"),
            },
            syntax_css: SYNTAX_CSS,
            nav: self.nav(),
        };
        // Everything every page shares: the site, the sidebar, the templates.
        let shared_key = key_of(&(site_key, &shared, &shared.nav));
        let page = Page {
            t: templates,
            shared: &shared,
            shared_key,
            cache,
            dirty,
        };
        let note_pages = (0..self.notes.len())
            .into_par_iter()
            .filter(|&i| !self.notes[i].is_section_index)
            .map(|i| {
                let r = self.note_page(&page, i);
                progress.inc(1);
                r
            });
        let section_pages = self
            .folders
            .par_iter()
            .map(|(url, _)| self.section_page(&page, url));
        let topic_pages = self
            .topics
            .par_iter()
            .map(|(t, ids)| self.topic_page(&page, t, ids));
        let results: Vec<PageResult> = note_pages
            .chain(section_pages)
            .chain(topic_pages)
            .chain(rayon::iter::once(self.topics_page(&page)))
            .chain(rayon::iter::once(self.graph_page(&page)))
            .chain(rayon::iter::once(self.not_found_page(&page)))
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

    /// The page at `file` from the cache when its inputs hash to `key`,
    /// else rendered now.
    fn cached_or(
        &self,
        p: &Page<'_>,
        file: String,
        key: u64,
        render: impl FnOnce() -> Result<(String, Vec<Diagnostic>), Diagnostic>,
    ) -> PageResult {
        if let Some(c) = p.cache.get(&file).filter(|c| c.key == key) {
            return Ok((file, c.clone()));
        }
        let (html, diagnostics) = render()?;
        Ok((
            file,
            CachedPage {
                key,
                bytes: Bytes::from(html),
                diagnostics,
            },
        ))
    }

    /// What a note's rendered body depends on: its text, where each of its
    /// links leads, and (for embeds) the embedded notes' own keys.
    fn content_key(&self, i: usize, depth: usize) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.scans[i].text_key.hash(&mut h);
        for l in &self.scans[i].links {
            let (target, warning) =
                self.markdown
                    .resolver
                    .resolve(&self.notes[i], l.kind, &l.target);
            target.hash(&mut h);
            warning.hash(&mut h);
            if let (markdown::Target::Embed { note, .. }, true) = (&target, depth < 6) {
                self.content_key(*note, depth + 1).hash(&mut h);
            }
        }
        h.finish()
    }

    fn note_page(&self, p: &Page<'_>, i: usize) -> PageResult {
        let n = &self.notes[i];
        if let Some(r) = p.unchanged(&urls::page_file(&n.url)) {
            return r;
        }
        let description = self.description(i);
        let words = self.scans[i].word_count;
        let headings = &self.scans[i].headings;
        let skip_h1 = self.scans[i].h1_leads && n.fm.title.is_none();
        let page = NotePage {
            title: &self.titles[i],
            description: &description,
            url: &n.url,
            source_path: n.source.to_string_lossy().replace('\\', "/"),
            topics: self.note_topics[i].iter().map(|t| topic_ref(t)).collect(),
            aliases: &n.fm.aliases,
            date: n.fm.date.as_deref(),
            updated: n.fm.updated.as_deref(),
            content: "",
            toc: toc(headings.iter().skip(usize::from(
                skip_h1 && headings.first().is_some_and(|h| h.level == 1),
            ))),
            word_count: words,
            reading_minutes: words.div_ceil(200).max(1),
            extra: &n.fm.extra,
            backlinks: self.link_refs(&self.relations.backlinks[i]),
            mentions: self.link_refs(&self.relations.mentions[i]),
            related: self.relations.related[i]
                .iter()
                .map(|r| LinkRef {
                    title: self.titles[r.note].clone(),
                    url: self.notes[r.note].url.clone(),
                    context: None,
                    reason: Some(r.reason.clone()),
                })
                .collect(),
        };
        let meta = PageMeta {
            kind: "note",
            template: "note.html",
            title: &self.titles[i],
            description: &description,
            url: &n.url,
            breadcrumbs: self.breadcrumbs(&n.section),
            absolute_root: None,
        };
        let key = key_of(&(p.shared_key, &page, &meta, self.content_key(i, 0)));
        self.cached_or(p, urls::page_file(&n.url), key, move || {
            let rendered = markdown::render_note(n, &self.scans[i], self.markdown);
            let page = NotePage {
                content: &rendered.html,
                ..page
            };
            let html =
                p.t.render(p.shared, &meta, |ctx| ctx.insert("note", &page))?;
            Ok((html, rendered.diagnostics))
        })
    }

    fn section_page(&self, p: &Page<'_>, url: &str) -> PageResult {
        if let Some(r) = p.unchanged(&urls::page_file(url)) {
            return r;
        }
        let index = self.section_index.get(url).copied();
        let title = self.section_title(url);
        let description = index.map(|i| self.description(i)).unwrap_or_else(|| {
            if url.is_empty() {
                self.config.description.clone()
            } else {
                String::new()
            }
        });
        let page = SectionPage {
            title: &title,
            description: &description,
            url,
            content: index
                .and_then(|i| self.index_html.get(&i))
                .map_or("", |r| r.html.as_str()),
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
        };
        let recent = if is_root { self.recent() } else { vec![] };
        let key = key_of(&(p.shared_key, &page, &meta, &recent));
        self.cached_or(p, urls::page_file(url), key, || {
            let html = p.t.render(p.shared, &meta, |ctx| {
                ctx.insert("section", &page);
                if is_root {
                    ctx.insert("recent", &recent);
                }
            })?;
            Ok((html, Vec::new()))
        })
    }

    /// Notes with a date, newest first.
    fn recent(&self) -> Vec<Summary> {
        let mut dated: Vec<usize> = (0..self.notes.len())
            .filter(|&i| {
                !self.notes[i].is_section_index
                    && (self.notes[i].fm.updated.is_some() || self.notes[i].fm.date.is_some())
            })
            .collect();
        dated.sort_by_cached_key(|&i| {
            let fm = &self.notes[i].fm;
            std::cmp::Reverse(fm.updated.clone().or_else(|| fm.date.clone()))
        });
        dated
            .into_iter()
            .take(10)
            .map(|i| self.summary(i))
            .collect()
    }

    fn topic_page(&self, p: &Page<'_>, topic: &str, ids: &[usize]) -> PageResult {
        let url = topic_url(topic);
        if let Some(r) = p.unchanged(&urls::page_file(&url)) {
            return r;
        }
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
        };
        let key = key_of(&(p.shared_key, &page, &meta));
        self.cached_or(p, urls::page_file(&url), key, || {
            Ok((
                p.t.render(p.shared, &meta, |ctx| ctx.insert("topic", &page))?,
                Vec::new(),
            ))
        })
    }

    /// Topics that share the most notes with `topic` (not its own family).
    fn cooccurring(&self, topic: &str, ids: &[usize]) -> Vec<TopicCount> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &i in ids {
            for other in &self.note_topics[i] {
                let related = other == topic
                    || other.starts_with(&format!("{topic}/"))
                    || topic.starts_with(&format!("{other}/"));
                if !related {
                    *counts.entry(other).or_default() += 1;
                }
            }
        }
        let mut list: Vec<TopicCount> =
            counts.into_iter().map(|(t, c)| topic_count(t, c)).collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        list.truncate(8);
        list
    }

    fn topics_page(&self, p: &Page<'_>) -> PageResult {
        if let Some(r) = p.unchanged("topics/index.html") {
            return r;
        }
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
        };
        let key = key_of(&(p.shared_key, &topics, &meta));
        self.cached_or(p, "topics/index.html".into(), key, || {
            Ok((
                p.t.render(p.shared, &meta, |ctx| ctx.insert("topics", &topics))?,
                Vec::new(),
            ))
        })
    }

    fn graph_page(&self, p: &Page<'_>) -> PageResult {
        if let Some(r) = p.unchanged("graph/index.html") {
            return r;
        }
        let meta = PageMeta {
            kind: "graph",
            template: "graph.html",
            title: "Graph",
            description: "How the notes link to each other and to their topics",
            url: "graph/",
            breadcrumbs: vec![],
            absolute_root: None,
        };
        let key = key_of(&(p.shared_key, &meta));
        self.cached_or(p, "graph/index.html".into(), key, || {
            Ok((p.t.render(p.shared, &meta, |_| {})?, Vec::new()))
        })
    }

    /// Notes and topics as nodes; links, embeds and topic membership as
    /// edges. Node ids are positions in `nodes`.
    pub fn graph_json(&self) -> String {
        #[derive(Serialize)]
        struct Node<'n> {
            id: usize,
            kind: &'static str,
            title: std::borrow::Cow<'n, str>,
            url: std::borrow::Cow<'n, str>,
            topics: &'n [String],
        }
        #[derive(Serialize)]
        struct Edge {
            source: usize,
            target: usize,
            kind: &'static str,
        }
        #[derive(Serialize)]
        struct GraphData<'n> {
            nodes: Vec<Node<'n>>,
            edges: Vec<Edge>,
        }
        let mut node_id: Vec<Option<usize>> = vec![None; self.notes.len()];
        let mut nodes = Vec::new();
        for (i, n) in self
            .notes
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.is_section_index)
        {
            node_id[i] = Some(nodes.len());
            let (title, url) = (self.titles[i].as_str().into(), n.url.as_str().into());
            nodes.push(Node {
                id: nodes.len(),
                kind: "note",
                title,
                url,
                topics: &self.note_topics[i],
            });
        }
        let mut topic_id: HashMap<&str, usize> = HashMap::new();
        for topic in self.topics.keys() {
            topic_id.insert(topic, nodes.len());
            let (title, url) = (format!("#{topic}").into(), topic_url(topic).into());
            nodes.push(Node {
                id: nodes.len(),
                kind: "topic",
                title,
                url,
                topics: &[],
            });
        }
        let mut edges = Vec::new();
        for (i, links) in self.relations.outlinks.iter().enumerate() {
            let Some(source) = node_id[i] else { continue };
            for (t, kind) in links {
                if let Some(target) = node_id[*t] {
                    let kind = if *kind == markdown::LinkKind::Embed {
                        "embed"
                    } else {
                        "link"
                    };
                    edges.push(Edge {
                        source,
                        target,
                        kind,
                    });
                }
            }
            for t in &self.note_topics[i] {
                edges.push(Edge {
                    source,
                    target: topic_id[t.as_str()],
                    kind: "topic",
                });
            }
        }
        serde_json::to_string(&GraphData { nodes, edges }).unwrap_or_default()
    }

    /// Title and first paragraph of every note, by URL, for hover previews.
    pub fn previews_json(&self) -> String {
        #[derive(Serialize)]
        struct Preview<'p> {
            text: &'p str,
            title: &'p str,
        }
        let map: BTreeMap<&str, Preview> = self
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                (
                    n.url.as_str(),
                    Preview {
                        text: &self.scans[i].summary,
                        title: &self.titles[i],
                    },
                )
            })
            .collect();
        serde_json::to_string(&map).unwrap_or_default()
    }

    fn not_found_page(&self, p: &Page<'_>) -> PageResult {
        if let Some(r) = p.unchanged("404.html") {
            return r;
        }
        let meta = PageMeta {
            kind: "404",
            template: "404.html",
            title: "Not found",
            description: "",
            url: "",
            breadcrumbs: vec![],
            absolute_root: Some(&self.config.base_path),
        };
        let key = key_of(&(p.shared_key, &meta));
        self.cached_or(p, "404.html".into(), key, || {
            Ok((p.t.render(p.shared, &meta, |_| {})?, Vec::new()))
        })
    }

    pub fn sitemap(&self) -> String {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        let mut add = |url: &str, lastmod: Option<&str>| {
            xml.push_str(&format!(
                "  <url><loc>{}{}</loc>",
                crate::highlight::escape(&self.config.base_url),
                crate::highlight::escape(url)
            ));
            if let Some(d) = lastmod {
                xml.push_str(&format!(
                    "<lastmod>{}</lastmod>",
                    crate::highlight::escape(d)
                ));
            }
            xml.push_str("</url>\n");
        };
        for url in self.folders.keys() {
            add(url, None);
        }
        for n in self.notes.iter().filter(|n| !n.is_section_index) {
            add(&n.url, n.fm.updated.as_deref().or(n.fm.date.as_deref()));
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

fn parent_section(url: &str) -> Option<&str> {
    if url.is_empty() {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    Some(trimmed.rfind('/').map_or("", |i| &url[..=i]))
}

fn topic_ref(topic: &str) -> TopicRef {
    TopicRef {
        name: topic.to_owned(),
        url: topic_url(topic),
    }
}

fn topic_count(topic: &str, count: usize) -> TopicCount {
    TopicCount {
        name: topic.to_owned(),
        url: topic_url(topic),
        count,
        depth: topic.matches('/').count(),
    }
}

/// Nests a flat list of headings by level.
fn toc<'h>(headings: impl Iterator<Item = &'h markdown::Heading>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
            children: vec![],
        };
        let mut list = &mut root;
        while list.last().is_some_and(|last| last.level < h.level) {
            list = &mut list.last_mut().expect("checked").children;
        }
        list.push(entry);
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_sections() {
        assert_eq!(parent_section("a/b/"), Some("a/"));
        assert_eq!(parent_section("a/"), Some(""));
        assert_eq!(parent_section(""), None);
    }
}
