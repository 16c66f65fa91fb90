//! One whole build, in memory: load → scan → resolve → render Markdown →
//! render pages → collect static files. The result is a map from output
//! path to bytes; [`crate::write`] puts it on disk and [`crate::serve`]
//! serves it.

use crate::config::Config;
use crate::error::{BuildFailed, Diagnostic, Error, Level};
use crate::graph::{self, Graph, MentionFinder};
use crate::highlight::Highlighter;
use crate::load::{self, LoadOptions, SourceNote};
use crate::markdown::{self, RenderCtx, Rendered, Scan};
use crate::pages::{Model, PageCache, SiteModel};
use crate::render::*;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

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
}

/// Sites with at least this many notes show the progress bar.
const PROGRESS_MIN_NOTES: usize = 500;

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

/// Lore's memory between builds. `lore serve` keeps one and calls
/// [`Workspace::build`] after every change; `lore build` uses a new one.
///
/// A build re-reads only the files whose size or modification time changed,
/// re-finds mentions only in notes whose text changed (all of them when a
/// title, alias or path changed), and re-renders only the pages whose
/// inputs hash differently from last time ([`crate::pages::key_of`]). A
/// fresh build runs the same code with empty caches, so an incremental
/// build gives the same bytes.
pub struct Workspace {
    config: Config,
    options: BuildOptions,
    highlighter: Highlighter,
    notes: HashMap<String, Entry>,
    attachments: HashMap<String, (load::Stamp, Bytes)>,
    /// Per note: the hash of its text, and the notes it mentions (by path).
    mentions: MentionCache,
    /// Hash of every note's path, title and aliases: what mentions and link
    /// resolution depend on.
    names_key: u64,
    finder: Option<MentionFinder>,
    related: graph::RelatedCache,
    /// What the pages in `pages` were made from.
    previous: Option<Snapshot>,
    /// sitemap.xml, graph.json and the graph and preview data scripts.
    data_files: Vec<(String, Bytes)>,
    /// What the live search index holds: note path -> (URL, text key).
    indexed: Option<HashMap<String, (String, u64)>>,
    syntax_css: Option<((String, String), Bytes)>,
    pages: PageCache,
}

impl Workspace {
    pub fn new(config: Config, options: BuildOptions) -> Self {
        Workspace {
            config,
            options,
            highlighter: Highlighter::new(),
            notes: HashMap::new(),
            attachments: HashMap::new(),
            mentions: HashMap::new(),
            names_key: 0,
            finder: None,
            related: Default::default(),
            previous: None,
            data_files: Vec::new(),
            indexed: None,
            syntax_css: None,
            pages: PageCache::new(),
        }
    }

    /// Replaces the configuration (site.toml changed): nothing cached
    /// survives but the file reads.
    pub fn set_config(&mut self, config: Config) {
        if config.root != self.config.root || format!("{config:?}") != format!("{:?}", self.config)
        {
            self.config = config;
            self.pages.clear();
            self.syntax_css = None;
        }
    }

    pub fn build(&mut self) -> Result<Built, Error> {
        let mut clock = Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        };
        let walk = load::walk(&self.config.content_dir())?;
        let entries = self.load_notes(&walk.notes);
        let mut diagnostics = Vec::new();
        let (mut notes, mut scans, mut fresh, mut rest) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (rel, entry) in entries {
            match entry.loaded {
                Loaded::Note(note, scan) => {
                    notes.push(note);
                    scans.push(scan);
                    fresh.push((entry.stamp, entry.fresh));
                }
                Loaded::Failed(ref d) => {
                    diagnostics.push(d.clone());
                    rest.push((rel, entry));
                }
                Loaded::Skipped => rest.push((rel, entry)),
            }
        }
        load::check_urls(&notes, &mut diagnostics);
        clock.lap("load");
        let result = self.build_notes(&notes, &mut scans, &fresh, &walk, diagnostics, &mut clock);
        // Keep every note for the next build, whatever happened.
        for ((note, mut scan), (stamp, _)) in notes.into_iter().zip(scans).zip(fresh) {
            scan.prose = String::new(); // only needed while mentions are found
            let rel = note.rel.clone();
            self.notes.insert(
                rel,
                Entry {
                    stamp,
                    loaded: Loaded::Note(note, scan),
                    fresh: false,
                },
            );
        }
        self.notes.extend(rest);
        result.map(|mut built| {
            built.timings = clock.laps;
            built
        })
    }

    /// Reads the notes whose stamp changed; takes the others from the cache.
    fn load_notes(&mut self, files: &[(std::path::PathBuf, String)]) -> Vec<(String, Entry)> {
        let mut old = std::mem::take(&mut self.notes);
        let drafts = self.options.drafts;
        let mut list: Vec<(String, std::path::PathBuf, Option<Entry>)> = files
            .iter()
            .map(|(path, rel)| (rel.clone(), path.clone(), old.remove(rel)))
            .collect();
        list.par_iter_mut().for_each(|(rel, path, cached)| {
            let stamp = load::stamp(path);
            if cached.as_ref().is_some_and(|c| c.stamp == stamp) {
                return;
            }
            let loaded = match load::read_note(path, rel, &LoadOptions { drafts }) {
                Ok(Some(note)) => {
                    let scan = markdown::scan(&note);
                    Loaded::Note(note, scan)
                }
                Ok(None) => Loaded::Skipped,
                Err(d) => Loaded::Failed(d),
            };
            *cached = Some(Entry {
                stamp,
                loaded,
                fresh: true,
            });
        });
        list.into_iter()
            .map(|(rel, _, e)| (rel, e.expect("every note was loaded")))
            .collect()
    }

    fn build_notes(
        &mut self,
        notes: &[SourceNote],
        scans: &mut [Scan],
        fresh: &[(load::Stamp, bool)],
        walk: &load::Walk,
        mut diagnostics: Vec<Diagnostic>,
        clock: &mut Stopwatch,
    ) -> Result<Built, Error> {
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
        let graph = Graph::new(notes, scans, &titles, &walk.attachments);
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
            outlinks,
            &mentions_out,
            &mut self.related,
        );
        diagnostics.extend(graph::site_checks(notes, &titles, &relations));
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
        };
        let templates = match Templates::load(&config.templates_dir(), &config.root) {
            Ok(mut t) => {
                t.body_end = self.options.body_end.clone();
                Some(t)
            }
            Err(d) => {
                diagnostics.extend(d);
                None
            }
        };
        // Section pages show their `_index.md`; every other note's Markdown
        // is rendered right before its page, when the page needs it.
        let index_html: HashMap<usize, Rendered> = notes
            .par_iter()
            .enumerate()
            .filter(|(_, n)| n.is_section_index)
            .map(|(i, n)| (i, markdown::render_note(n, &scans[i], &ctx)))
            .collect();
        for r in index_html.values() {
            diagnostics.extend(r.diagnostics.iter().cloned());
        }
        let site = SiteModel::new(
            &config,
            Model {
                notes,
                scans,
                titles: &titles,
                markdown: &ctx,
                index_html: &index_html,
                topics: &note_topics,
                relations: &relations,
            },
            &walk.folders,
        );
        let site_key = crate::pages::key_of(&(
            format!("{config:?}"),
            templates.as_ref().map(Templates::key),
            &self.options.body_end,
            self.options.drafts,
        ));
        let snapshot = Snapshot::new(notes, scans, &titles, &note_topics, &relations, site_key);
        let dirty = self
            .previous
            .as_ref()
            .and_then(|prev| prev.dirty_files(&snapshot, notes));
        let (pages, errors) = site.render_pages(
            templates.as_ref(),
            &progress,
            &self.pages,
            site_key,
            dirty.as_ref(),
        );
        diagnostics.extend(errors);
        progress.finish_and_clear();
        clock.lap("render");
        if !pages.is_empty() {
            self.pages = pages;
            self.previous = Some(snapshot);
        }

        if diagnostics.iter().any(|d| d.level == Level::Error) {
            diagnostics
                .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
            return Err(Error::Build(BuildFailed(diagnostics)));
        }
        let mut files: BTreeMap<String, Bytes> = self
            .pages
            .iter()
            .map(|(k, v)| (k.clone(), v.bytes.clone()))
            .collect();
        // The site-wide data files only change with what `Snapshot` calls a
        // note's face and links: the fast path keeps them.
        if dirty.is_none() || self.data_files.is_empty() {
            let graph_json = site.graph_json();
            self.data_files = vec![
                ("sitemap.xml".into(), Bytes::from(site.sitemap())),
                (
                    "static/graph-data.js".into(),
                    script_assign("loreGraph", &graph_json),
                ),
                ("graph.json".into(), Bytes::from(graph_json)),
                (
                    "static/previews.js".into(),
                    script_assign("lorePreviews", &site.previews_json()),
                ),
            ];
        }
        files.extend(self.data_files.iter().cloned());
        drop(site);
        self.collect_static(&walk.attachments, &mut files)?;
        clock.lap("static");
        diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        let search = self
            .options
            .search_changes
            .then(|| self.search_changes(notes, scans, &titles, &note_topics));
        let note_count = notes.iter().filter(|n| !n.is_section_index).count();
        Ok(Built {
            search,
            files,
            diagnostics,
            note_count,
            timings: Vec::new(),
        })
    }

    /// The search documents that changed since the last good build.
    fn search_changes(
        &mut self,
        notes: &[SourceNote],
        scans: &[Scan],
        titles: &[String],
        topics: &[Vec<String>],
    ) -> crate::search::SearchChanges {
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
            .map(|i| crate::search::search_doc(&notes[i], &titles[i], &topics[i]))
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
        fresh: &[(load::Stamp, bool)],
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
            .filter(|(i, _)| redo[*i] && !fresh[*i].1)
            .for_each(|(i, scan)| {
                *scan = markdown::scan(&notes[i]);
            });
        MentionPlan { text_keys, redo }
    }

    fn collect_static(
        &mut self,
        attachments: &[load::Attachment],
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
            let css = Highlighter::css(&themes.0, &themes.1).map_err(Error::Other)?;
            self.syntax_css = Some((themes, Bytes::from(css)));
        }
        let css = self.syntax_css.as_ref().expect("set above").1.clone();
        files.insert(SYNTAX_CSS.into(), css);
        let dir = self.config.static_dir();
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::io("read", &dir, e.into()))?;
                if entry.file_type().is_file()
                    && !load::is_ignored(&entry.file_name().to_string_lossy())
                {
                    let rel = entry
                        .path()
                        .strip_prefix(&dir)
                        .unwrap_or(entry.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.insert(
                        format!("static/{rel}"),
                        Bytes::from(crate::fs::read(entry.path())?),
                    );
                }
            }
        }
        let mut kept = HashMap::new();
        for a in attachments {
            let stamp = load::stamp(&a.path);
            let bytes = match self.attachments.remove(&a.rel) {
                Some((s, b)) if s == stamp => b,
                _ => Bytes::from(crate::fs::read(&a.path)?),
            };
            files.insert(a.rel.clone(), bytes.clone());
            kept.insert(a.rel.clone(), (stamp, bytes));
        }
        self.attachments = kept;
        Ok(())
    }
}

/// What decides which pages a change can touch.
struct Snapshot {
    rels: Vec<String>,
    /// Per note: what other pages show of it (title, URL, aliases, topics,
    /// description, dates, headings, block ids).
    faces: Vec<u64>,
    text_keys: Vec<u64>,
    outlinks: Vec<Vec<(usize, markdown::LinkKind)>>,
    mentions: Vec<Vec<usize>>,
    site_key: u64,
}

impl Snapshot {
    fn new(
        notes: &[SourceNote],
        scans: &[Scan],
        titles: &[String],
        topics: &[Vec<String>],
        relations: &graph::Relations,
        site_key: u64,
    ) -> Self {
        let faces = (0..notes.len())
            .into_par_iter()
            .map(|i| {
                let (n, s) = (&notes[i], &scans[i]);
                let headings: Vec<(&str, &str)> = s
                    .headings
                    .iter()
                    .map(|h| (h.text.as_str(), h.id.as_str()))
                    .collect();
                crate::pages::key_of(&(
                    &titles[i],
                    &n.url,
                    &n.fm.aliases,
                    &topics[i],
                    &n.fm.description,
                    &s.summary,
                    &n.fm.date,
                    &n.fm.updated,
                    &n.fm.weight,
                    headings,
                    &s.block_ids,
                    n.is_section_index,
                ))
            })
            .collect();
        let mut mentions = vec![Vec::new(); notes.len()];
        for (target, list) in relations.mentions.iter().enumerate() {
            for b in list {
                mentions[b.from].push(target);
            }
        }
        Snapshot {
            rels: notes.iter().map(|n| n.rel.clone()).collect(),
            faces,
            text_keys: scans.iter().map(|s| s.text_key).collect(),
            outlinks: relations.outlinks.clone(),
            mentions,
            site_key,
        }
    }

    /// When only note bodies changed — no note added, removed or renamed,
    /// nothing other pages show of any note changed, no link added or
    /// removed, same templates and config — the pages that can differ are
    /// the changed notes', the pages listing their backlink or mention
    /// sentences, and the pages embedding them. `None`: anything may have
    /// changed (every page's inputs are hashed instead).
    fn dirty_files(
        &self,
        now: &Snapshot,
        notes: &[SourceNote],
    ) -> Option<std::collections::HashSet<String>> {
        if self.rels != now.rels
            || self.faces != now.faces
            || self.outlinks != now.outlinks
            || self.site_key != now.site_key
        {
            return None;
        }
        let changed: Vec<usize> = (0..notes.len())
            .filter(|&i| self.text_keys[i] != now.text_keys[i])
            .collect();
        let mut embedders: HashMap<usize, Vec<usize>> = HashMap::new();
        for (j, links) in now.outlinks.iter().enumerate() {
            for (t, kind) in links {
                if *kind == markdown::LinkKind::Embed {
                    embedders.entry(*t).or_default().push(j);
                }
            }
        }
        let mut dirty: BTreeSet<usize> = BTreeSet::new();
        let mut stack = changed.clone();
        while let Some(i) = stack.pop() {
            if dirty.insert(i) {
                stack.extend(embedders.get(&i).into_iter().flatten().copied());
            }
        }
        for &i in &changed {
            dirty.extend(now.outlinks[i].iter().map(|(t, _)| *t));
            dirty.extend(self.mentions[i].iter().chain(&now.mentions[i]).copied());
        }
        Some(
            dirty
                .into_iter()
                .map(|i| crate::urls::page_file(&notes[i].url))
                .collect(),
        )
    }
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
                let linked: BTreeSet<usize> = outlinks[i].iter().map(|(t, _, _)| *t).collect();
                Some(finder.map_or_else(Vec::new, |f| f.find(i, &scans[i].prose, &linked)))
            })
            .collect();
        let mut out = Vec::with_capacity(notes.len());
        for (i, f) in found.into_iter().enumerate() {
            let list = match f {
                Some(list) => {
                    let by_rel = list
                        .iter()
                        .map(|(t, c)| (notes[*t].rel.clone(), c.clone()))
                        .collect();
                    cache.insert(notes[i].rel.clone(), (self.text_keys[i], by_rel));
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

/// Every published note as a search document (for `lore search` and the
/// index `lore build` refreshes): notes that do not load are left out.
pub fn search_docs(config: &Config, drafts: bool) -> Result<Vec<crate::search::SearchDoc>, Error> {
    let loaded = load::load(&config.content_dir(), &LoadOptions { drafts })?;
    Ok(loaded
        .notes
        .par_iter()
        .map(|n| {
            let scan = markdown::scan(n);
            crate::search::search_doc(n, &title_of(n, &scan, config), &topics_of(n, &scan))
        })
        .collect())
}

/// A note's topics: its frontmatter's, then the `#topics` of its text.
fn topics_of(n: &SourceNote, s: &Scan) -> Vec<String> {
    let mut t = n.fm.topics.clone();
    t.extend(
        s.inline_topics
            .iter()
            .filter(|x| !n.fm.topics.contains(x))
            .cloned(),
    );
    t
}

/// Title: frontmatter, else the first `# H1`, else the file (or folder) name.
fn title_of(note: &SourceNote, scan: &Scan, config: &Config) -> String {
    if let Some(t) = note.fm.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.trim().to_owned();
    }
    if let Some(h1) = scan.h1.as_deref().filter(|t| !t.is_empty()) {
        return h1.to_owned();
    }
    if note.is_section_index {
        return match note.rel.rsplit_once('/') {
            Some((dir, _)) => dir.rsplit('/').next().unwrap_or(dir).to_owned(),
            None => config.title.clone(),
        };
    }
    note.stem.clone()
}

/// Raw HTML allowed by `allow_html`: Lore's own markup survives, scripts,
/// event handlers and unsafe URL schemes do not.
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
    ])
    .add_generic_attributes([
        "class",
        "id",
        "title",
        "aria-hidden",
        "data-lang",
        "data-callout",
        "open",
        "align",
    ])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("img", ["loading", "width", "height"])
    .url_schemes(["http", "https", "mailto"].into_iter().collect())
    .url_relative(ammonia::UrlRelative::PassThrough)
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
