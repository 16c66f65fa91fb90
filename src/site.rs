//! One whole build, in memory: load → scan → resolve → render Markdown →
//! render pages → collect static files. The result is a map from output
//! path to bytes; [`crate::write`] puts it on disk and [`crate::serve`]
//! serves it.

use crate::config::Config;
use crate::error::{BuildFailed, Diagnostic, Error, Level};
use crate::graph::{self, Graph};
use crate::highlight::Highlighter;
use crate::load::{self, LoadOptions, SourceNote};
use crate::markdown::{self, RenderCtx, Rendered, Scan};
use crate::pages::{Model, SiteModel};
use crate::render::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
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
}

/// Sites with at least this many notes show the progress bar.
const PROGRESS_MIN_NOTES: usize = 500;

/// A built site: every output file, plus what the build had to say.
#[derive(Debug, Default)]
pub struct Built {
    /// Output path (`/`-separated, relative to the output folder) -> bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Warnings and infos (errors make the build fail instead).
    pub diagnostics: Vec<Diagnostic>,
    pub note_count: usize,
    /// Time spent in each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
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

/// Builds the site of `config` in memory.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Built, Error> {
    let mut clock = Stopwatch {
        last: Instant::now(),
        laps: Vec::new(),
    };
    let load_options = LoadOptions {
        drafts: options.drafts,
    };
    let (loaded, highlighter) = rayon::join(
        || load::load(&config.content_dir(), &load_options),
        Highlighter::new,
    );
    let loaded = loaded?;
    let mut diagnostics = loaded.diagnostics;
    clock.lap("load");

    let notes = loaded.notes;
    let progress = options
        .progress
        .clone()
        .unwrap_or_else(indicatif::ProgressBar::hidden);
    if notes.len() >= PROGRESS_MIN_NOTES && options.progress.is_some() {
        progress.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(8));
    }
    progress.set_message("rendering");
    let mut scans: Vec<Scan> = notes.par_iter().map(markdown::scan).collect();
    // Prose is only needed for mentions: keep it apart so it can be freed.
    let prose: Vec<String> = scans
        .iter_mut()
        .map(|s| std::mem::take(&mut s.prose))
        .collect();
    let titles: Vec<String> = notes
        .iter()
        .zip(&scans)
        .map(|(n, s)| title_of(n, s, config))
        .collect();
    clock.lap("scan");

    // A note's topics: its frontmatter's, then the `#topics` of its text.
    let note_topics: Vec<Vec<String>> = notes
        .iter()
        .zip(&scans)
        .map(|(n, s)| {
            let mut t = n.fm.topics.clone();
            t.extend(
                s.inline_topics
                    .iter()
                    .filter(|x| !n.fm.topics.contains(x))
                    .cloned(),
            );
            t
        })
        .collect();
    let graph = Graph::new(&notes, &scans, &titles, &loaded.attachments);
    let relations = graph::relations(&graph, &notes, &scans, &prose, &titles, &note_topics);
    drop(prose);
    diagnostics.extend(graph::site_checks(&notes, &titles, &relations));
    clock.lap("graph");
    let sanitizer = config.allow_html.then(sanitizer);
    let ctx = RenderCtx {
        highlighter: &highlighter,
        resolver: &graph,
        sanitizer: sanitizer.as_ref(),
    };
    let templates = match Templates::load(&config.templates_dir(), &config.root) {
        Ok(mut t) => {
            t.body_end = options.body_end.clone();
            Some(t)
        }
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    // Section pages show their `_index.md`; every other note's Markdown is
    // rendered right before its page and freed after it.
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
        config,
        Model {
            notes: &notes,
            scans: &scans,
            titles: &titles,
            markdown: &ctx,
            index_html: &index_html,
            topics: &note_topics,
            relations: &relations,
        },
        &loaded.folders,
    );
    let mut files = BTreeMap::new();
    progress.set_length(notes.len() as u64);
    let (pages, errors) = site.render_pages(templates.as_ref(), &progress);
    diagnostics.extend(errors);
    files.extend(pages);
    clock.lap("render");
    progress.finish_and_clear();

    if diagnostics.iter().any(|d| d.level == Level::Error) {
        diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        return Err(Error::Build(BuildFailed(diagnostics)));
    }
    collect_static(config, &loaded.attachments, &mut files)?;
    files.insert("sitemap.xml".into(), site.sitemap().into_bytes());
    let graph_json = site.graph_json();
    files.insert(
        "static/graph-data.js".into(),
        script_assign("loreGraph", &graph_json),
    );
    files.insert("graph.json".into(), graph_json.into_bytes());
    files.insert(
        "static/previews.js".into(),
        script_assign("lorePreviews", &site.previews_json()),
    );
    clock.lap("static");
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let note_count = notes.iter().filter(|n| !n.is_section_index).count();
    Ok(Built {
        files,
        diagnostics,
        note_count,
        timings: clock.laps,
    })
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
fn script_assign(name: &str, json: &str) -> Vec<u8> {
    format!("window.{name} = {json};\n").into_bytes()
}

/// The theme's static files (site overrides win), the generated syntax CSS,
/// and every attachment.
fn collect_static(
    config: &Config,
    attachments: &[load::Attachment],
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), Error> {
    for (name, bytes) in crate::assets::STATIC {
        files.insert(format!("static/{name}"), bytes.to_vec());
    }
    let css =
        Highlighter::css(&config.highlight_light, &config.highlight_dark).map_err(Error::Other)?;
    files.insert(SYNTAX_CSS.into(), css.into_bytes());
    let dir = config.static_dir();
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
                files.insert(format!("static/{rel}"), crate::fs::read(entry.path())?);
            }
        }
    }
    for a in attachments {
        files.insert(a.rel.clone(), crate::fs::read(&a.path)?);
    }
    Ok(())
}
