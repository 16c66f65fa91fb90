//! One whole build, in memory: load → scan → resolve → render Markdown →
//! render pages → collect static files. The result is a map from output
//! path to bytes; [`crate::write`] puts it on disk and [`crate::serve`]
//! serves it.
//!
//! A [`Workspace`] remembers the last build: the note table
//! ([`crate::note::Notes`]) and what was derived from it. Loading it up to
//! date is in `reload` (only the files the watcher named are read again;
//! `mentions` finds unlinked mentions only in notes that need it); when only
//! note texts changed, `delta` updates the last build's graph and pages
//! for those notes instead of running every stage again.

mod delta;
mod math;
mod mentions;
mod publish;
mod reload;
mod sanitize;
mod statics;

pub use reload::Changed;

use crate::config::Config;
use crate::error::{BuildFailed, Diagnostic, Error, Level};
use crate::fs::Stamp;
use crate::graph::{self, Graph, LinkIndex, MentionFinder, Relations};
use crate::highlight::Highlighter;
use crate::load::{self, LoadOptions, SourceNote};
use crate::markdown::{self, RenderCtx, Rendered, Scan};
use crate::note::{NoteId, Notes, PerNote};
use crate::pages::{Model, PageCache, SiteModel, TopicIndex};
use crate::progress::Progress;
use crate::templates::Templates;
use crate::write::Sink;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where a build sends its search documents as soon as it has them (the
/// notes with their titles and topics), so that `lore build` indexes them
/// on another thread while the pages render, without reading the notes
/// again.
#[derive(Clone)]
pub struct DocsOut(pub(crate) std::sync::mpsc::Sender<Vec<crate::search::SearchDoc>>);

impl std::fmt::Debug for DocsOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocsOut")
    }
}

/// A [`Sink`] in [`BuildOptions`].
#[derive(Clone)]
pub struct SinkRef(pub(crate) std::sync::Arc<dyn Sink>);

impl std::fmt::Debug for SinkRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sink")
    }
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include notes marked `draft: true` or `publish: false`.
    pub drafts: bool,
    /// HTML injected before `</body>` on every page (the dev server's
    /// live-reload client). Empty for `lore build`.
    pub body_end: String,
    /// Told how rendering the pages goes, once the site is large enough
    /// for a build to take a noticeable time (`lore build` draws a bar).
    pub progress: Progress,
    /// Report what changed for a live search index (`Built::search`).
    pub search_changes: bool,
    /// Hold the pages made from templates gzip-compressed, and return them
    /// apart (`Built::gzipped_pages`): the dev server's site in memory is
    /// several times smaller, and browsers take them as they are.
    pub gzip_pages: bool,
    /// Keep each note's rendered body between builds, so that a template
    /// edit renders no Markdown (the dev server: memory for speed).
    pub keep_bodies: bool,
    /// Write every file here as soon as it is made (`lore build`); the
    /// build then keeps no page's bytes and returns no files.
    pub sink: Option<SinkRef>,
    /// Send the search documents here once the notes are read.
    pub search_docs: Option<DocsOut>,
    /// Make the redirect record to keep (`Built::redirects`): `lore build`
    /// saves it once the output is written.
    pub record_redirects: bool,
    /// Old URLs whose kept redirect to forget (`--drop-redirect`).
    pub drop_redirects: Vec<String>,
}

/// Sites with at least this many notes report their progress.
const PROGRESS_MIN_NOTES: usize = 500;

/// The two ways a workspace build goes: every page rendered (the pages
/// and bodies whose inputs hash the same still taken from the last build),
/// or the delta path, when only note texts changed: only the notes they
/// touch are rendered again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildPath {
    Full,
    Delta,
}

/// A built site: every output file, plus what the build had to say.
#[derive(Debug, Default)]
pub struct Built {
    /// Output path (`/`-separated, relative to the output folder) -> bytes.
    pub files: BTreeMap<String, Bytes>,
    /// With `BuildOptions::gzip_pages`: the pages made from templates,
    /// gzip-compressed (`crate::gzip`); `files` then holds none of them.
    pub gzipped_pages: BTreeMap<String, Bytes>,
    /// Warnings and infos (errors make the build fail instead).
    pub diagnostics: Vec<Diagnostic>,
    pub note_count: usize,
    /// Time spent in each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// With `BuildOptions::search_changes`: the documents to update.
    pub(crate) search: Option<crate::search::SearchChanges>,
    /// One-line notes for the person building, not problems (what the
    /// configuration leaves out).
    pub notes: Vec<String>,
    /// With `BuildOptions::record_redirects`: `.lore/redirects.toml` to
    /// write after the output.
    pub(crate) redirects: Option<crate::redirects::Record>,
}

struct Stopwatch {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Builds the site of `config` in memory, from scratch.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Built, Error> {
    Workspace::new(config.clone(), options.clone()).build()
}

/// What a note file gave when it was last read. (Most entries are notes,
/// so boxing the big variant would only add an allocation per note.)
#[allow(clippy::large_enum_variant)]
enum Loaded {
    Note(SourceNote, Scan),
    /// A draft (or `publish: false`) while drafts are off.
    Skipped,
    Failed(Diagnostic),
}

struct Entry {
    stamp: Stamp,
    loaded: Loaded,
    /// Read in this build (its scan still has its prose).
    fresh: bool,
}

/// Lore's memory between builds. `lore serve` keeps one and calls
/// [`Workspace::build`] after every change; `lore build` uses a new one.
///
/// A build re-reads only the files whose size or modification time changed
/// (only the files the watcher named, once told with
/// [`Workspace::files_changed`]), re-finds mentions only in notes whose
/// text changed (all of them when a title, alias or path changed), and
/// re-renders only the pages whose inputs hash differently from last time
/// (`crate::fingerprint::key_of`). When only note texts changed and nothing
/// that other notes show of them (see `delta`), it updates the last build
/// for those notes. A fresh build runs the same code with empty caches, so
/// an incremental build gives the same bytes.
pub struct Workspace {
    config: Config,
    options: BuildOptions,
    highlighter: Highlighter,
    /// See [`Workspace::bodies_rendered`].
    bodies_rendered: usize,
    /// See [`Workspace::last_path`].
    last_path: BuildPath,
    /// Set by [`Workspace::files_changed`]: from then on, a build trusts
    /// the paths it was told about instead of checking every file.
    watched: bool,
    /// Paths changed since the last build began; `None`: unknown, check all.
    changed_paths: Option<BTreeSet<PathBuf>>,
    /// `content/` as last listed.
    walk: Option<load::Walk>,
    /// The published notes, in walk order, with what each file gave.
    notes: Notes,
    /// Note files that are not published notes: drafts, failed reads.
    others: HashMap<String, Entry>,
    attachments: HashMap<String, (Stamp, Bytes)>,
    /// The site's own `static/` files, as last read.
    static_files: Option<Vec<(String, Bytes)>>,
    templates: Option<Templates>,
    /// Per note: the hash of its text, and the notes it mentions (by path).
    mentions: mentions::MentionCache,
    /// Hash of every note's path, title and aliases: what mentions and link
    /// resolution depend on.
    names_key: u64,
    finder: Option<MentionFinder>,
    related: graph::RelatedCache,
    /// What the last good build derived, for the delta path.
    last: Option<Last>,
    /// What the live search index holds: note path -> (URL, text key).
    indexed: Option<HashMap<String, (String, u64)>>,
    syntax_css: Option<((String, String), Bytes)>,
    pages: PageCache,
    /// The converter for TeX, with `content/preamble.sty`'s macros.
    math: math::SiteMath,
    /// Notes' dates from git, read again only when the repository moved.
    git: crate::dates::git::GitDates,
    /// `.lore/redirects.toml` as read by the first build (`lore serve`
    /// never writes it, so it stays what a build would compare with).
    redirect_record: Option<(crate::redirects::Record, Option<Diagnostic>)>,
    /// Sizes of the content folder's images.
    images: crate::images::ImageTable,
    /// Resized copies of images, cached.
    variants: crate::images::variants::Maker,
    /// Social cards, cached; loaded on first use.
    cards: Option<crate::cards::Painter>,
    /// What the last build's cards show (they change with titles and topics).
    card_list: Vec<(String, crate::cards::Card)>,
}

/// What the last good build derived from its notes (keyed by the ids of
/// `Workspace::notes`), kept so that the next build can update it for a
/// few changed notes.
struct Last {
    topic_index: TopicIndex,
    link_index: LinkIndex,
    linked: Linked,
    /// Rendered `_index.md` notes.
    index_html: HashMap<NoteId, Rendered>,
    /// What the build saw of each note (its text, dates and faces).
    seen: PerNote<delta::Seen>,
    /// [`crate::images::ImageTable::key`] when built.
    images_key: u64,
    site_key: u64,
    /// Every output file made from the notes: pages and data files.
    files: BTreeMap<String, Bytes>,
}

/// How the notes of the last good build relate.
struct Linked {
    outlinks: graph::Outlinks,
    /// Per note: the notes it mentions without a link, with the sentence.
    mentions_out: graph::Mentions,
    relations: Relations,
    /// What `graph::site_checks` said.
    checks: Vec<Diagnostic>,
}

impl Workspace {
    pub fn new(config: Config, options: BuildOptions) -> Self {
        let highlighter = Highlighter::with_themes(&config.highlight_light, &config.highlight_dark)
            .unwrap_or_default();
        Workspace {
            config,
            options,
            highlighter,
            bodies_rendered: 0,
            last_path: BuildPath::Full,
            watched: false,
            changed_paths: None,
            walk: None,
            notes: Notes::default(),
            others: HashMap::new(),
            attachments: HashMap::new(),
            static_files: None,
            templates: None,
            mentions: HashMap::new(),
            names_key: 0,
            finder: None,
            related: Default::default(),
            last: None,
            indexed: None,
            syntax_css: None,
            pages: PageCache::new(),
            math: Default::default(),
            git: Default::default(),
            redirect_record: None,
            images: Default::default(),
            variants: Default::default(),
            cards: None,
            card_list: Vec::new(),
        }
    }

    /// The keys pages are rendered under: `site_key`, and with
    /// `keep_bodies` what note bodies depend on besides their own text and
    /// links (the settings and the math preamble, not the templates).
    fn keys(&self, site_key: u64) -> crate::pages::Keys {
        let body = self.options.keep_bodies.then(|| {
            crate::fingerprint::key_of(&(
                format!("{:?}", self.config),
                self.options.drafts,
                self.math.key(),
            ))
        });
        crate::pages::Keys {
            site: site_key,
            body,
            gzip: self.options.gzip_pages,
        }
    }

    /// Which way the last build went.
    pub fn last_path(&self) -> BuildPath {
        self.last_path
    }

    /// How many note bodies the last full render made from Markdown; the
    /// others were kept from the build before (`keep_bodies`).
    pub fn bodies_rendered(&self) -> usize {
        self.bodies_rendered
    }

    /// Replaces the configuration (site.toml changed): nothing cached
    /// survives but the file reads.
    pub(crate) fn set_config(&mut self, config: Config) {
        if config.root != self.config.root || format!("{config:?}") != format!("{:?}", self.config)
        {
            // The themes were checked with the rest of site.toml.
            let _ = self
                .highlighter
                .set_themes(&config.highlight_light, &config.highlight_dark);
            self.config = config;
            self.pages.clear();
            self.syntax_css = None;
            self.templates = None;
            self.static_files = None;
            self.last = None;
            self.changed_paths = None;
            self.redirect_record = None;
        }
    }

    /// Tells the next build which files changed (a watcher's batch), so
    /// that it reads only those. The caller reports every change since the
    /// first build began (`lore serve` watches before it).
    /// [`Changed::Unknown`] makes the next build check every file.
    pub fn files_changed(&mut self, changed: Changed) {
        self.watched = true;
        match changed {
            Changed::Unknown => self.changed_paths = None,
            Changed::Paths(paths) => {
                if let Some(all) = &mut self.changed_paths {
                    all.extend(paths);
                }
            }
        }
    }

    pub fn build(&mut self) -> Result<Built, Error> {
        let mut clock = Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        };
        self.bodies_rendered = 0;
        // Without a watcher, or until a build has listed content/, every
        // file is suspect.
        let hints = std::mem::take(&mut self.changed_paths).filter(|_| self.watched);
        let mut loaded = self.load(hints.as_ref())?;
        let preamble = self.math.reload(self.config.content_dir());
        loaded.diagnostics.extend(preamble);
        loaded.diagnostics.extend(self.refresh_dates());
        self.changed_paths = Some(BTreeSet::new());
        let templates = self.templates(hints.as_ref());
        if let Some(walk) = &self.walk {
            let settings = self.config.images.clone();
            self.images
                .refresh(&walk.attachments, hints.as_ref(), &settings);
        }
        clock.lap("load");
        let site_key = crate::fingerprint::key_of(&(
            format!("{:?}", self.config),
            templates.as_ref().ok().map(Templates::key),
            &self.options.body_end,
            self.options.drafts,
            self.options.gzip_pages,
            self.math.key(),
        ));
        let delta = match (&templates, loaded.same_files) {
            (Ok(t), true) => self.delta(t, site_key, &loaded.diagnostics, &mut clock),
            _ => None,
        };
        let result = match delta {
            Some(result) => {
                self.last_path = BuildPath::Delta;
                result
            }
            None => {
                self.last_path = BuildPath::Full;
                self.build_all(templates.as_ref(), site_key, loaded.diagnostics, &mut clock)
            }
        };
        let result = result.and_then(|mut built| {
            self.collect_static(hints.as_ref(), &mut built.files)?;
            self.add_redirects(&mut built);
            self.add_variants(&mut built);
            self.add_cards(&mut built);
            if let Some(sink) = &self.options.sink {
                for (rel, bytes) in std::mem::take(&mut built.files) {
                    sink.0.put(&rel, &bytes)?;
                }
            }
            clock.lap("static");
            Ok(built)
        });
        self.notes.forget_prose();
        if let Ok(t) = templates {
            self.templates = Some(t);
        }
        result.map(|mut built| {
            built.timings = clock.laps;
            built
        })
    }

    /// The templates: the last ones when no file under `templates/`
    /// changed, else loaded again.
    fn templates(
        &mut self,
        hints: Option<&BTreeSet<PathBuf>>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let dir = self.config.templates_dir();
        let unchanged = hints.is_some_and(|h| !h.iter().any(|p| p.starts_with(&dir)));
        match self.templates.take() {
            Some(t) if unchanged => Ok(t),
            _ => Templates::load(&dir, &self.config.root).map(|mut t| {
                t.body_end = self.options.body_end.clone();
                t
            }),
        }
    }

    /// Runs every stage over every note (each still reusing what its
    /// caches hold), and keeps what it derived for the delta path.
    fn build_all(
        &mut self,
        templates: Result<&Templates, &Vec<Diagnostic>>,
        site_key: u64,
        mut diagnostics: Vec<Diagnostic>,
        clock: &mut Stopwatch,
    ) -> Result<Built, Error> {
        self.last = None;
        let mut notes = std::mem::take(&mut self.notes);
        let walk = self.walk.take().unwrap_or_default();
        let stage = Stage {
            templates,
            site_key,
            diagnostics: &mut diagnostics,
            clock,
        };
        let result = self.build_notes(&mut notes, &walk, stage);
        self.notes = notes;
        self.walk = Some(walk);
        let Some(last) = result else {
            sort_diagnostics(&mut diagnostics);
            return Err(Error::Build(BuildFailed(diagnostics)));
        };
        let (files, gzipped_pages) = self.output_files(&last.files);
        self.last = Some(last);
        let search = self.options.search_changes.then(|| self.search_changes());
        sort_diagnostics(&mut diagnostics);
        Ok(Built {
            search,
            files,
            gzipped_pages,
            diagnostics,
            note_count: self.notes.page_count(),
            timings: Vec::new(),
            notes: self.notes_for_user(),
            redirects: None,
        })
    }

    /// The last build's files as [`Built`] gives them: with `gzip_pages`,
    /// the pages (gzip data) apart from the other files.
    fn output_files(
        &self,
        files: &BTreeMap<String, Bytes>,
    ) -> (BTreeMap<String, Bytes>, BTreeMap<String, Bytes>) {
        if !self.options.gzip_pages {
            return (files.clone(), BTreeMap::new());
        }
        // Collected from sorted vectors: the maps are built in one pass.
        let (pages, rest): (Vec<_>, Vec<_>) = files
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .partition(|(k, _)| self.pages.contains_key(k));
        (rest.into_iter().collect(), pages.into_iter().collect())
    }

    fn load_options(&self) -> LoadOptions {
        LoadOptions::new(&self.config, self.options.drafts)
    }

    /// Runs the graph and page stages over every note: what it derived for
    /// the delta path, or `None` when an error was found.
    fn build_notes(&mut self, notes: &mut Notes, walk: &load::Walk, s: Stage<'_>) -> Option<Last> {
        let (link_index, mut linked) = self.link_notes(notes, walk);
        s.diagnostics.extend(linked.checks.iter().cloned());
        s.clock.lap("graph");
        let notes: &Notes = notes;
        let graph = Graph::new(notes, &link_index);
        let sanitizer = self.config.allow_html.then(sanitize::sanitizer);
        let ctx = RenderCtx {
            highlighter: &self.highlighter,
            resolver: &graph,
            sanitizer: sanitizer.as_ref(),
            math: &self.math.math,
        };
        if let Err(d) = s.templates {
            s.diagnostics.extend(d.iter().cloned());
        }
        let index_html = render_section_indexes(notes, &ctx);
        for r in index_html.values() {
            s.diagnostics.extend(r.diagnostics.iter().cloned());
        }
        self.send_search_docs(notes);
        let mut topic_index = crate::pages::topic_index(notes);
        let merged = crate::pages::merge_topic_urls(&mut topic_index, notes);
        s.diagnostics.extend(merged.iter().cloned());
        linked.checks.extend(merged);
        let model = Model {
            notes,
            markdown: &ctx,
            index_html: &index_html,
            topic_index: &topic_index,
            relations: &linked.relations,
            images: &self.images,
        };
        let site = SiteModel::new(&self.config, model, &walk.folders);
        let rendered = self.render_pages(&site, notes.len(), s.templates.ok(), s.site_key);
        self.bodies_rendered = rendered.bodies_rendered;
        s.diagnostics.extend(rendered.problems);
        s.clock.lap("render");
        if !rendered.pages.is_empty() {
            self.pages = rendered.pages;
        }
        if s.diagnostics.iter().any(|d| d.level == Level::Error) {
            return None;
        }
        let files = self.site_files(&site);
        self.card_list = site.cards();
        drop(site);
        Some(Last {
            images_key: self.images.key(),
            seen: delta::seen(notes),
            topic_index,
            link_index,
            linked,
            index_html,
            site_key: s.site_key,
            files,
        })
    }

    /// The graph stage: the link index, every note's links and unlinked
    /// mentions, how the notes relate, and the site-wide checks.
    fn link_notes(&mut self, notes: &mut Notes, walk: &load::Walk) -> (LinkIndex, Linked) {
        let plan = self.plan_mentions(notes);
        let notes: &Notes = notes;
        let link_index = LinkIndex::new(notes, &walk.attachments);
        let graph = Graph::new(notes, &link_index);
        let outlinks = graph::outlinks(&graph, notes);
        let finder = self.finder.as_ref();
        let mentions_out = plan.run(&outlinks, notes, finder, &mut self.mentions);
        let relations = graph::relations(notes, &outlinks, &mentions_out, &mut self.related);
        let checks = graph::site_checks(notes, &relations);
        let linked = Linked {
            outlinks,
            mentions_out,
            relations,
            checks,
        };
        (link_index, linked)
    }

    /// Sends every note's search document to `search_docs`, if set.
    fn send_search_docs(&self, notes: &Notes) {
        if let Some(out) = &self.options.search_docs {
            let docs = notes
                .par_ids()
                .map(|i| {
                    crate::search::search_doc(notes.source(i), notes.title(i), notes.topics(i))
                })
                .collect();
            // The receiver may have given up (its own error): nothing to do.
            let _ = out.0.send(docs);
        }
    }

    /// Renders every page whose inputs changed (the others come from the
    /// page cache), driving the progress bar.
    fn render_pages(
        &self,
        site: &SiteModel<'_>,
        len: usize,
        templates: Option<&Templates>,
        site_key: u64,
    ) -> PagesRendered {
        let progress = match len >= PROGRESS_MIN_NOTES {
            true => self.options.progress.clone(),
            false => Progress::default(),
        };
        progress.start("rendering", len);
        let sink = self.options.sink.as_ref().map(|s| &*s.0);
        let keys = self.keys(site_key);
        let (pages, problems) = site.render_pages(templates, &progress, &self.pages, keys, sink);
        progress.finish();
        PagesRendered {
            pages,
            problems,
            bodies_rendered: site
                .bodies_rendered
                .load(std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Every output file made from the notes: the pages (unless a sink
    /// took them as they were rendered), the data files and the feeds.
    fn site_files(&self, site: &SiteModel<'_>) -> BTreeMap<String, Bytes> {
        let mut files: BTreeMap<String, Bytes> = match self.options.sink {
            Some(_) => BTreeMap::new(),
            None => self
                .pages
                .iter()
                .map(|(k, v)| (k.clone(), v.bytes.clone()))
                .collect(),
        };
        files.extend(data_files(site));
        files.extend(site.feeds(&self.pages));
        files
    }

    /// The search documents that changed since the last good build.
    fn search_changes(&mut self) -> crate::search::SearchChanges {
        let notes = &self.notes;
        let now: HashMap<String, (String, u64)> = notes
            .ids()
            .map(|i| {
                let n = notes.source(i);
                (n.rel.clone(), (n.url.clone(), notes.text_key(i)))
            })
            .collect();
        let previous = self.indexed.replace(now.clone());
        let full = previous.is_none();
        let previous = previous.unwrap_or_default();
        let upserts = notes
            .par_ids()
            .filter(|&i| {
                let rel = &notes.source(i).rel;
                previous.get(rel) != now.get(rel)
            })
            .map(|i| crate::search::search_doc(notes.source(i), notes.title(i), notes.topics(i)))
            .collect();
        let removed = previous
            .iter()
            .filter(|(rel, (url, _))| now.get(*rel).is_none_or(|(u, _)| u != url))
            .map(|(_, (url, _))| url.clone())
            .collect();
        crate::search::SearchChanges {
            full,
            upserts,
            removed,
        }
    }
}

/// One build's settings and what it reports into, for its stages.
struct Stage<'s> {
    templates: Result<&'s Templates, &'s Vec<Diagnostic>>,
    site_key: u64,
    diagnostics: &'s mut Vec<Diagnostic>,
    clock: &'s mut Stopwatch,
}

/// What rendering every page gave.
struct PagesRendered {
    pages: PageCache,
    problems: Vec<Diagnostic>,
    bodies_rendered: usize,
}

/// Section pages show their `_index.md`; every other note's Markdown is
/// rendered right before its page, when the page needs it.
fn render_section_indexes(notes: &Notes, ctx: &RenderCtx<'_>) -> HashMap<NoteId, Rendered> {
    notes
        .par_ids()
        .filter(|&i| notes.source(i).is_section_index)
        .map(|i| (i, markdown::render_note(i, ctx)))
        .collect()
}

/// The site-wide data files: they change only with what other pages show
/// of the notes and with the links between them.
fn data_files(site: &SiteModel<'_>) -> Vec<(String, Bytes)> {
    let graph_json = site.graph_json();
    vec![
        ("sitemap.xml".into(), Bytes::from(site.sitemap())),
        ("robots.txt".into(), Bytes::from(site.robots())),
        (
            "static/graph-data.js".into(),
            script_assign("loreGraph", &graph_json),
        ),
        ("graph.json".into(), Bytes::from(graph_json)),
        (
            "static/previews.js".into(),
            script_assign("lorePreviews", &site.previews_json()),
        ),
    ]
}

/// By file and position, then message: the same order for the same
/// problems, however they were found.
fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

/// Every published note as a search document (for `lore search` and the
/// index `lore build` refreshes): notes that do not load are left out.
pub(crate) fn search_docs(
    config: &Config,
    drafts: bool,
) -> Result<Vec<crate::search::SearchDoc>, Error> {
    let loaded = load::load(config, &LoadOptions::new(config, drafts))?;
    Ok(loaded
        .notes
        .par_iter()
        .map(|n| {
            let scan = markdown::scan(n);
            let topics = crate::topics::topics_of(&n.fm.topics, &scan.inline_topics);
            crate::search::search_doc(n, &crate::note::title_of(n, &scan, config), &topics)
        })
        .collect())
}

/// `window.<name> = <json>;` — data a page loads with a `<script>` tag,
/// which works from `file://` where fetch does not. JSON is valid
/// JavaScript (U+2028 included, since ES2019), and `</script>` inside a
/// string cannot end an external script.
fn script_assign(name: &str, json: &str) -> Bytes {
    Bytes::from(format!("window.{name} = {json};\n"))
}
