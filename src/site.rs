//! One whole build, in memory: load → scan → resolve → render Markdown →
//! render pages → collect static files. The result is a map from output
//! path to bytes; [`crate::write`] puts it on disk and [`crate::serve`]
//! serves it.
//!
//! A [`Workspace`] remembers the last build. Loading it up to date is in
//! `reload` (only the files the watcher named are read again); when only
//! note texts changed, `delta` updates the last build's graph and pages
//! for those notes instead of running every stage again.

mod delta;
mod math;
mod publish;
mod reload;

use crate::config::Config;
use crate::error::{BuildFailed, Diagnostic, Error, Level};
use crate::graph::{self, Graph, LinkIndex, MentionFinder, Relations};
use crate::highlight::Highlighter;
use crate::load::{self, LoadOptions, SourceNote};
use crate::markdown::{self, RenderCtx, Rendered, Scan};
use crate::pages::{Model, PageCache, SiteModel, TopicIndex};
use crate::render::*;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where a one-shot build (`lore build`) writes its files as it makes
/// them, instead of returning them in [`Built::files`] (see
/// [`crate::write::Staging`]). Called from several threads.
pub trait Sink: Send + Sync {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error>;
}

/// Where a build sends its search documents as soon as it has them (the
/// notes with their titles and topics), so that `lore build` indexes them
/// on another thread while the pages render, without reading the notes
/// again.
#[derive(Clone)]
pub struct DocsOut(pub std::sync::mpsc::Sender<Vec<crate::search::SearchDoc>>);

impl std::fmt::Debug for DocsOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocsOut")
    }
}

/// A [`Sink`] in [`BuildOptions`].
#[derive(Clone)]
pub struct SinkRef(pub std::sync::Arc<dyn Sink>);

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
    /// A progress bar to drive (hidden until the site is large enough for
    /// a build to take a noticeable time).
    pub progress: Option<indicatif::ProgressBar>,
    /// Report what changed for a live search index (`Built::search`).
    pub search_changes: bool,
    /// Pages (`*.html` from templates) as gzip bytes: the dev server's
    /// site in memory is several times smaller (see `serve::page_body`).
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

/// Sites with at least this many notes show the progress bar.
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
    /// Warnings and infos (errors make the build fail instead).
    pub diagnostics: Vec<Diagnostic>,
    pub note_count: usize,
    /// Time spent in each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// With `BuildOptions::search_changes`: the documents to update.
    pub search: Option<crate::search::SearchChanges>,
    /// One-line notes for the person building, not problems (what the
    /// configuration leaves out).
    pub notes: Vec<String>,
    /// With `BuildOptions::record_redirects`: `.lore/redirects.toml` to
    /// write after the output.
    pub redirects: Option<crate::redirects::Record>,
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
    stamp: load::Stamp,
    loaded: Loaded,
    /// Read in this build (its scan still has its prose).
    fresh: bool,
}

/// The published notes, in walk order, with what each file gave.
#[derive(Default)]
struct NoteSet {
    notes: Vec<SourceNote>,
    scans: Vec<Scan>,
    stamps: Vec<load::Stamp>,
    /// Read in this build: the scan still has its prose.
    fresh: Vec<bool>,
    /// Path relative to `content/` -> index.
    positions: HashMap<String, usize>,
    /// When each note was created and updated (set after loading).
    dates: Vec<Option<crate::dates::NoteDates>>,
}

/// Lore's memory between builds. `lore serve` keeps one and calls
/// [`Workspace::build`] after every change; `lore build` uses a new one.
///
/// A build re-reads only the files whose size or modification time changed
/// (only the files the watcher named, once told with
/// [`Workspace::files_changed`]), re-finds mentions only in notes whose
/// text changed (all of them when a title, alias or path changed), and
/// re-renders only the pages whose inputs hash differently from last time
/// ([`crate::pages::key_of`]). When only note texts changed and nothing
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
    notes: NoteSet,
    /// Note files that are not published notes: drafts, failed reads.
    others: HashMap<String, Entry>,
    attachments: HashMap<String, (load::Stamp, Bytes)>,
    /// The site's own `static/` files, as last read.
    static_files: Option<Vec<(String, Bytes)>>,
    templates: Option<Templates>,
    /// Per note: the hash of its text, and the notes it mentions (by path).
    mentions: MentionCache,
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

/// What the last good build derived from its notes (index-aligned with
/// `Workspace::notes`), kept so that the next build can update it for a
/// few changed notes.
struct Last {
    titles: Vec<String>,
    topics: Vec<Vec<String>>,
    topic_index: TopicIndex,
    link_index: LinkIndex,
    linked: Linked,
    /// Rendered `_index.md` notes.
    index_html: HashMap<usize, Rendered>,
    faces: delta::Faces,
    text_keys: Vec<u64>,
    dates: Vec<Option<crate::dates::NoteDates>>,
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
    mentions_out: Vec<Vec<(usize, String)>>,
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
            notes: NoteSet::default(),
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
            crate::pages::key_of(&(
                format!("{:?}", self.config),
                self.options.drafts,
                self.math.key(),
            ))
        });
        crate::pages::Keys {
            site: site_key,
            body,
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
    pub fn set_config(&mut self, config: Config) {
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
    /// first build began (`lore serve` watches before it). A batch that
    /// lost events makes the next build check every file.
    pub fn files_changed(&mut self, batch: &crate::watch::Batch) {
        self.watched = true;
        if batch.rescan {
            self.changed_paths = None;
        } else if let Some(paths) = &mut self.changed_paths {
            paths.extend(batch.paths.iter().cloned());
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
        let site_key = crate::pages::key_of(&(
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
        // Prose is only needed while mentions are found.
        for (scan, fresh) in self.notes.scans.iter_mut().zip(&mut self.notes.fresh) {
            if *fresh {
                scan.prose = String::new();
                *fresh = false;
            }
        }
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
                t.gzip = self.options.gzip_pages;
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
        let mut set = std::mem::take(&mut self.notes);
        let walk = self.walk.take().unwrap_or_default();
        let result = self.build_notes(
            &set.notes,
            &mut set.scans,
            &set.fresh,
            &set.dates,
            &walk,
            templates,
            site_key,
            &mut diagnostics,
            clock,
        );
        self.notes = set;
        self.walk = Some(walk);
        let Some(last) = result else {
            sort_diagnostics(&mut diagnostics);
            return Err(Error::Build(BuildFailed(diagnostics)));
        };
        let files = last.files.clone();
        self.last = Some(last);
        let search = self.options.search_changes.then(|| self.search_changes());
        sort_diagnostics(&mut diagnostics);
        Ok(Built {
            search,
            files,
            diagnostics,
            note_count: self.note_count(),
            timings: Vec::new(),
            notes: self.notes_for_user(),
            redirects: None,
        })
    }

    fn load_options(&self) -> LoadOptions {
        LoadOptions::new(&self.config, self.options.drafts)
    }

    fn note_count(&self) -> usize {
        self.notes
            .notes
            .iter()
            .filter(|n| !n.is_section_index)
            .count()
    }

    #[allow(clippy::too_many_arguments)]
    fn build_notes(
        &mut self,
        notes: &[SourceNote],
        scans: &mut [Scan],
        fresh: &[bool],
        dates: &[Option<crate::dates::NoteDates>],
        walk: &load::Walk,
        templates: Result<&Templates, &Vec<Diagnostic>>,
        site_key: u64,
        diagnostics: &mut Vec<Diagnostic>,
        clock: &mut Stopwatch,
    ) -> Option<Last> {
        let config = self.config.clone();
        let titles: Vec<String> = notes
            .iter()
            .zip(scans.iter())
            .map(|(n, s)| title_of(n, s, &config))
            .collect();
        let note_topics: Vec<Vec<String>> = notes
            .iter()
            .zip(scans.iter())
            .map(|(n, s)| topics_of(n, s))
            .collect();
        let plan = self.plan_mentions(notes, scans, fresh, &titles);
        let scans: &[Scan] = scans;
        let link_index = LinkIndex::new(notes, &titles, &walk.attachments);
        let graph = Graph::new(notes, scans, &titles, &link_index);
        let outlinks = graph::outlinks(&graph, notes, scans);
        let mentions_out = plan.run(
            &outlinks,
            scans,
            notes,
            self.finder.as_ref(),
            &mut self.mentions,
        );
        let relations = graph::relations(
            notes,
            &note_topics,
            &outlinks,
            &mentions_out,
            &mut self.related,
        );
        let mut checks = graph::site_checks(notes, &titles, &relations);
        diagnostics.extend(checks.iter().cloned());
        clock.lap("graph");

        let progress = self
            .options
            .progress
            .clone()
            .unwrap_or_else(indicatif::ProgressBar::hidden);
        if notes.len() >= PROGRESS_MIN_NOTES && self.options.progress.is_some() {
            progress.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(8));
        }
        progress.set_message("rendering");
        progress.set_length(notes.len() as u64);
        let sanitizer = config.allow_html.then(sanitizer);
        let ctx = RenderCtx {
            highlighter: &self.highlighter,
            resolver: &graph,
            sanitizer: sanitizer.as_ref(),
            math: &self.math.math,
        };
        if let Err(d) = templates {
            diagnostics.extend(d.iter().cloned());
        }
        // Section pages show their `_index.md`; every other note's Markdown
        // is rendered right before its page, when the page needs it.
        let index_html: HashMap<usize, Rendered> = notes
            .par_iter()
            .enumerate()
            .filter(|(_, n)| n.is_section_index)
            .map(|(i, _)| (i, markdown::render_note(i, &ctx)))
            .collect();
        for r in index_html.values() {
            diagnostics.extend(r.diagnostics.iter().cloned());
        }
        if let Some(out) = &self.options.search_docs {
            let docs = (0..notes.len())
                .into_par_iter()
                .map(|i| crate::search::search_doc(&notes[i], &titles[i], &note_topics[i]))
                .collect();
            // The receiver may have given up (its own error): nothing to do.
            let _ = out.0.send(docs);
        }
        let mut topic_index = crate::pages::topic_index(notes, &note_topics);
        let merged = crate::pages::merge_topic_urls(&mut topic_index, notes);
        diagnostics.extend(merged.iter().cloned());
        checks.extend(merged);
        let site = SiteModel::new(
            &config,
            Model {
                notes,
                scans,
                titles: &titles,
                markdown: &ctx,
                index_html: &index_html,
                topics: &note_topics,
                topic_index: &topic_index,
                relations: &relations,
                dates,
                images: &self.images,
            },
            &walk.folders,
        );
        let sink = self.options.sink.clone();
        let (pages, errors) = site.render_pages(
            templates.ok(),
            &progress,
            &self.pages,
            self.keys(site_key),
            sink.as_ref().map(|s| &*s.0),
        );
        self.bodies_rendered = site
            .bodies_rendered
            .load(std::sync::atomic::Ordering::Relaxed);
        diagnostics.extend(errors);
        progress.finish_and_clear();
        clock.lap("render");
        if !pages.is_empty() {
            self.pages = pages;
        }
        if diagnostics.iter().any(|d| d.level == Level::Error) {
            return None;
        }
        // Streamed pages were written as they were rendered.
        let mut files: BTreeMap<String, Bytes> = match sink {
            Some(_) => BTreeMap::new(),
            None => self
                .pages
                .iter()
                .map(|(k, v)| (k.clone(), v.bytes.clone()))
                .collect(),
        };
        files.extend(data_files(&site));
        files.extend(site.feeds(&self.pages));
        let cards = site.cards();
        drop(site);
        self.card_list = cards;
        let faces = delta::Faces::new(notes, scans, &titles, &note_topics, dates);
        Some(Last {
            images_key: self.images.key(),
            text_keys: scans.iter().map(|s| s.text_key).collect(),
            dates: dates.to_vec(),
            titles,
            topics: note_topics,
            topic_index,
            link_index,
            linked: Linked {
                outlinks,
                mentions_out,
                relations,
                checks,
            },
            index_html,
            faces,
            site_key,
            files,
        })
    }

    /// The search documents that changed since the last good build.
    fn search_changes(&mut self) -> crate::search::SearchChanges {
        let (notes, scans) = (&self.notes.notes, &self.notes.scans);
        let last = self.last.as_ref().expect("after a good build");
        let now: HashMap<String, (String, u64)> = notes
            .iter()
            .zip(scans)
            .map(|(n, s)| (n.rel.clone(), (n.url.clone(), s.text_key)))
            .collect();
        let previous = self.indexed.replace(now.clone());
        let full = previous.is_none();
        let previous = previous.unwrap_or_default();
        let upserts = (0..notes.len())
            .into_par_iter()
            .filter(|&i| previous.get(&notes[i].rel) != now.get(&notes[i].rel))
            .map(|i| crate::search::search_doc(&notes[i], &last.titles[i], &last.topics[i]))
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

    /// Prepares mention finding: a new automaton when names changed, and
    /// which notes need their mentions found again (their prose scanned).
    fn plan_mentions(
        &mut self,
        notes: &[SourceNote],
        scans: &mut [Scan],
        fresh: &[bool],
        titles: &[String],
    ) -> MentionPlan {
        let names_key = crate::pages::key_of(
            &notes
                .iter()
                .zip(titles)
                .map(|(n, t)| (&n.rel, t, &n.fm.aliases))
                .collect::<Vec<_>>(),
        );
        let all = names_key != self.names_key || self.finder.is_none();
        if all {
            self.names_key = names_key;
            self.finder = MentionFinder::new(notes, titles);
            self.mentions.clear();
        }
        let text_keys: Vec<u64> = scans.iter().map(|s| s.text_key).collect();
        let redo: Vec<bool> = notes
            .iter()
            .zip(&text_keys)
            .map(|(n, k)| self.mentions.get(&n.rel).is_none_or(|(old, _)| old != k))
            .collect();
        // Notes read in an earlier build have no prose left: scan again.
        scans
            .par_iter_mut()
            .enumerate()
            .filter(|(i, _)| redo[*i] && !fresh[*i])
            .for_each(|(i, scan)| {
                *scan = markdown::scan(&notes[i]);
            });
        MentionPlan { text_keys, redo }
    }

    /// Adds the theme's static files, the syntax stylesheet, the site's
    /// `static/` folder and the attachments. With `hints` (the files that
    /// changed), only those are read again.
    fn collect_static(
        &mut self,
        hints: Option<&BTreeSet<PathBuf>>,
        files: &mut BTreeMap<String, Bytes>,
    ) -> Result<(), Error> {
        for (name, bytes) in crate::assets::STATIC {
            files.insert(format!("static/{name}"), Bytes::from_static(bytes));
        }
        let themes = (
            self.config.highlight_light.clone(),
            self.config.highlight_dark.clone(),
        );
        if self.syntax_css.as_ref().is_none_or(|(t, _)| *t != themes) {
            let css = self.highlighter.css();
            self.syntax_css = Some((themes, Bytes::from(css)));
        }
        let css = self.syntax_css.as_ref().expect("set above").1.clone();
        files.insert(SYNTAX_CSS.into(), css);
        let dir = self.config.static_dir();
        let unchanged = hints.is_some_and(|h| !h.iter().any(|p| p.starts_with(&dir)));
        if self.static_files.is_none() || !unchanged {
            self.static_files = Some(read_static(&dir)?);
        }
        for (rel, bytes) in self.static_files.iter().flatten() {
            files.insert(format!("static/{rel}"), bytes.clone());
        }
        let mut kept = HashMap::new();
        let walk = self.walk.as_ref().expect("content/ was listed");
        let variants = self.images.settings().max_width.is_some();
        if let (Some(sink), false) = (&self.options.sink, variants) {
            // A one-shot build copies attachments straight through (unless
            // resized copies need their bytes).
            return walk
                .attachments
                .par_iter()
                .try_for_each(|a| sink.0.put(&a.out, &crate::fs::read(&a.path)?));
        }
        for a in &walk.attachments {
            let cached = self.attachments.remove(&a.out);
            let (stamp, bytes) = match cached {
                Some(c) if hints.is_some_and(|h| !h.contains(&a.path)) => c,
                cached => {
                    let stamp = load::stamp(&a.path);
                    match cached {
                        Some((s, b)) if s == stamp => (s, b),
                        _ => (stamp, Bytes::from(crate::fs::read(&a.path)?)),
                    }
                }
            };
            files.insert(a.out.clone(), bytes.clone());
            kept.insert(a.out.clone(), (stamp, bytes));
        }
        self.attachments = kept;
        Ok(())
    }
}

/// The files of the site's `static/` folder (none if it has none).
fn read_static(dir: &std::path::Path) -> Result<Vec<(String, Bytes)>, Error> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("read", dir, e.into()))?;
        if entry.file_type().is_file() && !load::is_ignored(&entry.file_name().to_string_lossy()) {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let bytes = Bytes::from(crate::fs::read(entry.path())?);
            out.push((load::rel_string(rel), bytes));
        }
    }
    Ok(out)
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

/// Which notes need their unlinked mentions found again.
struct MentionPlan {
    text_keys: Vec<u64>,
    redo: Vec<bool>,
}

type MentionCache = HashMap<String, (u64, Vec<(String, String)>)>;

impl MentionPlan {
    /// Per note, the notes it mentions: found again where planned, else
    /// taken from the cache (which is updated).
    fn run(
        self,
        outlinks: &graph::Outlinks,
        scans: &[Scan],
        notes: &[SourceNote],
        finder: Option<&MentionFinder>,
        cache: &mut MentionCache,
    ) -> Vec<Vec<(usize, String)>> {
        let index: HashMap<&str, usize> = notes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.rel.as_str(), i))
            .collect();
        let found: Vec<Option<Vec<(usize, String)>>> = (0..notes.len())
            .into_par_iter()
            .map(|i| {
                if !self.redo[i] {
                    return None;
                }
                Some(find_mentions(finder, i, &scans[i], &outlinks[i]))
            })
            .collect();
        let mut out = Vec::with_capacity(notes.len());
        for (i, f) in found.into_iter().enumerate() {
            let list = match f {
                Some(list) => {
                    remember_mentions(cache, notes, i, self.text_keys[i], &list);
                    list
                }
                None => cache[&notes[i].rel]
                    .1
                    .iter()
                    .filter_map(|(rel, c)| Some((*index.get(rel.as_str())?, c.clone())))
                    .collect(),
            };
            out.push(list);
        }
        out
    }
}

/// The notes that note `i` names in its prose without linking them.
fn find_mentions(
    finder: Option<&MentionFinder>,
    i: usize,
    scan: &Scan,
    outlinks: &[(usize, markdown::LinkKind, String)],
) -> Vec<(usize, String)> {
    let linked: BTreeSet<usize> = outlinks.iter().map(|(t, _, _)| *t).collect();
    finder.map_or_else(Vec::new, |f| f.find(i, &scan.prose, &linked))
}

/// Keeps note `i`'s mentions (by path, so they survive notes coming and
/// going) for the next build.
fn remember_mentions(
    cache: &mut MentionCache,
    notes: &[SourceNote],
    i: usize,
    text_key: u64,
    list: &[(usize, String)],
) {
    let by_rel = list
        .iter()
        .map(|(t, c)| (notes[*t].rel.clone(), c.clone()))
        .collect();
    cache.insert(notes[i].rel.clone(), (text_key, by_rel));
}

/// Every published note as a search document (for `lore search` and the
/// index `lore build` refreshes): notes that do not load are left out.
pub fn search_docs(config: &Config, drafts: bool) -> Result<Vec<crate::search::SearchDoc>, Error> {
    let loaded = load::load(config, &LoadOptions::new(config, drafts))?;
    Ok(loaded
        .notes
        .par_iter()
        .map(|n| {
            let scan = markdown::scan(n);
            crate::search::search_doc(n, &title_of(n, &scan, config), &topics_of(n, &scan))
        })
        .collect())
}

/// A note's topics (see [`crate::topics::topics_of`]).
fn topics_of(n: &SourceNote, s: &Scan) -> Vec<String> {
    crate::topics::topics_of(&n.fm.topics, &s.inline_topics)
}

/// Title: frontmatter, else the file name (a section's: its folder's name),
/// as in Obsidian; with `title_from_h1`, the first `# H1` before the name.
fn title_of(note: &SourceNote, scan: &Scan, config: &Config) -> String {
    if let Some(t) = note.fm.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.trim().to_owned();
    }
    if config.title_from_h1 {
        if let Some(h1) = scan.h1.as_deref().filter(|t| !t.is_empty()) {
            return h1.to_owned();
        }
    }
    if note.is_section_index {
        return match note.rel.rsplit_once('/') {
            Some((dir, _)) => dir.rsplit('/').next().unwrap_or(dir).to_owned(),
            None => config.title.clone(),
        };
    }
    note.stem.clone()
}

/// Raw HTML allowed by `allow_html`: Lore's own markup survives; scripts,
/// event handlers and `javascript:`/`data:` URLs (but `data:image/` in an
/// image) do not. Iframes keep only an `https:` (or relative) source; the
/// renderer sandboxes those that came from the note.
fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "details",
        "summary",
        "mark",
        "input",
        "figure",
        "figcaption",
        "kbd",
        "abbr",
        "section",
        "audio",
        "video",
        "source",
        "iframe",
    ])
    .add_generic_attributes([
        "class",
        "id",
        "title",
        "aria-hidden",
        "aria-label",
        "tabindex",
        "data-lang",
        "data-callout",
        "data-task",
        "open",
        "align",
        "style",
    ])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("img", ["loading", "width", "height", "decoding"])
    .add_tag_attributes("audio", ["src", "controls", "preload"])
    .add_tag_attributes(
        "video",
        ["src", "controls", "preload", "width", "height", "poster"],
    )
    .add_tag_attributes("source", ["src", "type"])
    .add_tag_attributes(
        "iframe",
        [
            "src",
            "width",
            "height",
            "sandbox",
            "allow",
            "allowfullscreen",
            "loading",
            "referrerpolicy",
        ],
    )
    .url_schemes(["http", "https", "mailto", "data"].into_iter().collect())
    .url_relative(ammonia::UrlRelative::PassThrough)
    .attribute_filter(|element, attribute, value| {
        let v = value.trim_start().to_ascii_lowercase();
        let data = v.starts_with("data:");
        if data && !(element == "img" && attribute == "src" && v.starts_with("data:image/")) {
            return None;
        }
        if element == "iframe" && attribute == "src" {
            let relative = !crate::markdown::is_external(&v);
            if !(v.starts_with("https://") || relative) {
                return None;
            }
        }
        Some(value.into())
    })
    .link_rel(Some("noopener noreferrer"));
    b
}

/// `window.<name> = <json>;` — data a page loads with a `<script>` tag,
/// which works from `file://` where fetch does not. JSON is valid
/// JavaScript (U+2028 included, since ES2019), and `</script>` inside a
/// string cannot end an external script.
fn script_assign(name: &str, json: &str) -> Bytes {
    Bytes::from(format!("window.{name} = {json};\n"))
}
