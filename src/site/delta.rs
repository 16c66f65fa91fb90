//! The delta path: when the same notes are there and only some texts
//! changed, without changing what every page shows of them (title, URL,
//! aliases, topics, weight), the last build is updated for those notes
//! instead of running every stage again: their links are resolved and
//! their mentions found, the backlinks, mentions and related lists patched
//! ([`crate::graph::Relations::patch`]), and only the pages that can show
//! the change are rendered:
//!
//! - the changed notes' pages, and (transitively) the pages embedding them;
//! - the pages of the notes they link to or mention, before and after (the
//!   sentence around the link), and of the notes whose related list moved;
//! - when a description, summary or date changed: the listings (its
//!   section, its parent section for an `_index.md`, the index, its topics)
//!   and the data files;
//! - when headings or block ids changed: the pages linking to the note.
//!
//! Every other page keeps its bytes. Anything else (a note added, removed,
//! renamed; a title; templates, config) takes the full build.

use super::mentions::{find_mentions, remember_mentions};
use super::{data_files, sort_diagnostics, Built, Last, Linked, Stopwatch, Workspace};
use crate::dates::NoteDates;
use crate::error::{BuildFailed, Diagnostic, Error, Level};
use crate::fingerprint::key_of;
use crate::graph::{self, Graph, NoteChange, Relations};
use crate::markdown::{self, LinkKind, RenderCtx};
use crate::note::{NoteId, Notes, PerNote};
use crate::pages::{Model, PageCache, PageResult, PageSet, SiteModel};
use crate::templates::Templates;
use crate::urls::parent_section;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What a build saw of one note: its text and dates, and hashes of what
/// other pages show of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Seen {
    /// [`crate::markdown::Scan::text_key`].
    text_key: u64,
    dates: Option<NoteDates>,
    /// Everywhere: title, URL, aliases, topics, weight.
    global: u64,
    /// In listings and data files: description, summary, dates.
    listing: u64,
    /// In links to it: headings and block ids.
    anchors: u64,
}

/// What a build sees of every note.
pub(super) fn seen(notes: &Notes) -> PerNote<Seen> {
    notes.par_ids().map(|i| seen_of(notes, i)).collect()
}

fn seen_of(notes: &Notes, i: NoteId) -> Seen {
    let (n, s) = (notes.source(i), notes.scan(i));
    let global = key_of(&(
        notes.title(i),
        &n.url,
        &n.fm.aliases,
        notes.topics(i),
        &n.fm.weight,
        n.is_section_index,
    ));
    let dates = notes.dates(i);
    let listing = key_of(&(&n.fm.description, &s.summary, &dates));
    let headings: Vec<(&str, &str)> = s
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.id.as_str()))
        .collect();
    Seen {
        text_key: s.text_key,
        dates,
        global,
        listing,
        anchors: key_of(&(headings, &s.blocks)),
    }
}

impl Workspace {
    /// The build when only note texts changed (see the module doc);
    /// `None` when the change is not one of those.
    pub(super) fn delta(
        &mut self,
        templates: &Templates,
        site_key: u64,
        load_diagnostics: &[Diagnostic],
        clock: &mut Stopwatch,
    ) -> Option<Result<Built, Error>> {
        let last = self.last.as_ref()?;
        let notes = &self.notes;
        let images_changed = last.images_key != self.images.key();
        if last.site_key != site_key || last.seen.len() != notes.len() || images_changed {
            return None;
        }
        let mut changed = Vec::new();
        for i in notes.ids() {
            let was = &last.seen[i];
            if notes.text_key(i) == was.text_key && notes.dates(i) == was.dates {
                continue;
            }
            let now = seen_of(notes, i);
            // A note not read in this build has no prose to find mentions in.
            if now.global != was.global || !notes.is_fresh(i) {
                return None;
            }
            changed.push((i, now));
        }
        let mut last = self.last.take().expect("checked above");
        let notes = std::mem::take(&mut self.notes);
        let update = Update {
            notes: &notes,
            changed: &changed,
            templates,
            site_key,
        };
        let result = self.apply(update, &mut last, load_diagnostics, clock);
        self.notes = notes;
        if result.is_ok() {
            self.last = Some(last);
        }
        Some(result)
    }

    fn apply(
        &mut self,
        u: Update<'_>,
        last: &mut Last,
        load_diagnostics: &[Diagnostic],
        clock: &mut Stopwatch,
    ) -> Result<Built, Error> {
        let notes = u.notes;
        let graph = Graph::new(notes, &last.link_index);
        let (mut dirty, links_changed) = self.relate(&u, &graph, &mut last.linked);
        let relations = &last.linked.relations;
        let (content, listings_changed) = note_changes(&u, &mut last.seen, relations, &mut dirty);
        let content = with_embedders(&graph, notes, &last.linked.relations, content);
        let sanitizer = self.config.allow_html.then(super::sanitize::sanitizer);
        let ctx = RenderCtx {
            highlighter: &self.highlighter,
            resolver: &graph,
            sanitizer: sanitizer.as_ref(),
            math: &self.math.math,
        };
        for &i in content
            .iter()
            .filter(|&&i| notes.source(i).is_section_index)
        {
            let html = markdown::render_note(i, &ctx);
            last.index_html.insert(i, html);
        }
        dirty.notes.extend(content);
        for &i in dirty
            .notes
            .iter()
            .filter(|&&i| notes.source(i).is_section_index)
        {
            dirty.sections.insert(notes.source(i).url.clone());
        }
        clock.lap("graph");

        let walk = self.walk.as_ref().expect("content/ was listed");
        let model = Model {
            notes,
            markdown: &ctx,
            index_html: &last.index_html,
            topic_index: &last.topic_index,
            relations: &last.linked.relations,
            images: &self.images,
        };
        let site = SiteModel::new(&self.config, model, &walk.folders);
        // A note that came into a feed needs its page's HTML for it.
        dirty
            .notes
            .extend(site.feed_notes_without_content(&self.pages));
        let results = site.render_some(u.templates, &self.pages, self.keys(u.site_key), &dirty);
        self.bodies_rendered = site
            .bodies_rendered
            .load(std::sync::atomic::Ordering::Relaxed);
        let template_errors = keep_pages(results, &mut self.pages, &mut last.files);
        if links_changed || listings_changed {
            last.files.extend(data_files(&site));
        }
        last.files
            .extend(site.feeds_touching(&self.pages, &dirty.notes));
        drop(site);
        let diagnostics = self.delta_diagnostics(last, load_diagnostics, template_errors);
        clock.lap("render");
        if diagnostics.iter().any(|d| d.level == Level::Error) {
            return Err(Error::Build(BuildFailed(diagnostics)));
        }
        let search = self.options.search_changes.then(|| self.search_delta(&u));
        let (files, gzipped_pages) = self.output_files(&last.files);
        Ok(Built {
            files,
            gzipped_pages,
            diagnostics,
            note_count: notes.page_count(),
            timings: Vec::new(),
            search,
            notes: self.notes_for_user(),
            redirects: None,
        })
    }

    /// Every problem the build has: the loading's, the section indexes',
    /// the site-wide checks', every page's, the templates'.
    fn delta_diagnostics(
        &self,
        last: &Last,
        load_diagnostics: &[Diagnostic],
        template_errors: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut diagnostics = load_diagnostics.to_vec();
        diagnostics.extend(last.index_html.values().flat_map(|r| r.diagnostics.clone()));
        diagnostics.extend(last.linked.checks.iter().cloned());
        diagnostics.extend(self.pages.values().flat_map(|p| p.diagnostics.clone()));
        diagnostics.extend(template_errors);
        sort_diagnostics(&mut diagnostics);
        diagnostics
    }

    /// Resolves the changed notes' links, finds their mentions and patches
    /// the relations. Returns the notes whose page shows a changed backlink,
    /// mention or related list, and whether any link came or went.
    fn relate(&mut self, u: &Update<'_>, graph: &Graph<'_>, last: &mut Linked) -> (PageSet, bool) {
        let notes = u.notes;
        let links: Vec<_> = u
            .changed
            .par_iter()
            .map(|&(i, _)| graph::outlinks_of(graph, notes, i))
            .collect();
        let finder = self.finder.as_ref();
        let mentions: Vec<Vec<(NoteId, String)>> = u
            .changed
            .par_iter()
            .zip(&links)
            .map(|(&(i, _), links)| find_mentions(finder, i, notes.scan(i), links))
            .collect();
        for (&(i, _), list) in u.changed.iter().zip(&mentions) {
            remember_mentions(&mut self.mentions, notes, i, list);
        }
        let changes: Vec<NoteChange<'_>> = u
            .changed
            .iter()
            .enumerate()
            .map(|(k, &(i, _))| NoteChange {
                note: i,
                old_links: &last.outlinks[i],
                new_links: &links[k],
                old_mentions: &last.mentions_out[i],
                new_mentions: &mentions[k],
            })
            .collect();
        let mut dirty = PageSet::default();
        dirty
            .notes
            .extend(changes.iter().flat_map(NoteChange::targets));
        let orphans: Vec<(NoteId, bool)> = dirty
            .notes
            .iter()
            .map(|&t| (t, last.relations.backlinks[t].is_empty()))
            .collect();
        let links_changed = changes
            .iter()
            .any(|c| !same_targets(c.old_links, c.new_links));
        let related = last.relations.patch(notes, &changes, &mut self.related);
        drop(changes);
        dirty.notes.extend(related);
        if orphans
            .iter()
            .any(|&(t, was)| last.relations.backlinks[t].is_empty() != was)
        {
            last.checks = graph::site_checks(notes, &last.relations);
        }
        let new = links.into_iter().zip(mentions);
        for (&(i, _), (links, mentions)) in u.changed.iter().zip(new) {
            last.outlinks[i] = links;
            last.mentions_out[i] = mentions;
        }
        (dirty, links_changed)
    }

    /// The search documents of the changed notes.
    fn search_delta(&mut self, u: &Update<'_>) -> crate::search::SearchChanges {
        let notes = u.notes;
        let indexed = self.indexed.get_or_insert_default();
        let upserts = u
            .changed
            .par_iter()
            .map(|&(i, _)| {
                crate::search::search_doc(notes.source(i), notes.title(i), notes.topics(i))
            })
            .collect();
        for &(i, _) in u.changed {
            let n = notes.source(i);
            indexed.insert(n.rel.clone(), (n.url.clone(), notes.text_key(i)));
        }
        crate::search::SearchChanges {
            full: false,
            upserts,
            removed: Vec::new(),
        }
    }
}

/// One delta build's inputs.
struct Update<'u> {
    notes: &'u Notes,
    /// Notes whose text or dates changed, with what the build sees of them.
    changed: &'u [(NoteId, Seen)],
    templates: &'u Templates,
    site_key: u64,
}

/// Records what the build sees of the changed notes. Returns the notes
/// whose rendered Markdown changes (the changed ones, and those linking
/// to one whose headings or blocks changed), and whether a listing shows
/// a change (whose pages are added to `dirty`).
fn note_changes(
    u: &Update<'_>,
    seen: &mut PerNote<Seen>,
    relations: &Relations,
    dirty: &mut PageSet,
) -> (BTreeSet<NoteId>, bool) {
    let mut content: BTreeSet<NoteId> = u.changed.iter().map(|&(i, _)| i).collect();
    let mut listings_changed = false;
    for &(i, now) in u.changed {
        let was = seen[i];
        if now.listing != was.listing {
            listings_changed = true;
            listings_of(u.notes, i, dirty);
        }
        if now.anchors != was.anchors {
            content.extend(relations.backlinks[i].iter().map(|b| b.from));
        }
        seen[i] = now;
    }
    (content, listings_changed)
}

/// `content` and, transitively, the notes embedding one of them.
fn with_embedders(
    graph: &Graph<'_>,
    notes: &Notes,
    relations: &Relations,
    mut content: BTreeSet<NoteId>,
) -> BTreeSet<NoteId> {
    let mut stack: Vec<NoteId> = content.iter().copied().collect();
    while let Some(i) = stack.pop() {
        for b in &relations.backlinks[i] {
            if !content.contains(&b.from) && embeds(graph, notes, b.from, i) {
                content.insert(b.from);
                stack.push(b.from);
            }
        }
    }
    content
}

/// Puts the rendered pages in the page cache and the build's files; the
/// pages that failed give their errors (each once).
fn keep_pages(
    results: Vec<PageResult>,
    pages: &mut PageCache,
    files: &mut BTreeMap<String, Bytes>,
) -> Vec<Diagnostic> {
    let mut template_errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok((file, page)) => {
                files.insert(file.clone(), page.bytes.clone());
                pages.insert(file, page);
            }
            Err(d) if !template_errors.iter().any(|e| e.message == d.message) => {
                template_errors.push(d)
            }
            Err(_) => {}
        }
    }
    template_errors
}

fn same_targets(a: &[(NoteId, LinkKind, String)], b: &[(NoteId, LinkKind, String)]) -> bool {
    a.iter()
        .map(|l| (l.0, l.1))
        .eq(b.iter().map(|l| (l.0, l.1)))
}

/// Whether note `j` embeds note `i` (with any of its links: the backlink
/// records only the first link's kind).
fn embeds(graph: &Graph<'_>, notes: &Notes, j: NoteId, i: NoteId) -> bool {
    let from = notes.source(j);
    notes
        .scan(j)
        .links
        .iter()
        .any(|l| l.kind == LinkKind::Embed && graph.link_target(from, l.kind, &l.target) == Some(i))
}

/// The listing pages that show note `i`'s description, summary or dates.
fn listings_of(notes: &Notes, i: NoteId, dirty: &mut PageSet) {
    let n = notes.source(i);
    dirty.sections.insert(String::new()); // the index's recent notes
    dirty.recent = true;
    dirty.sections.insert(n.section.clone());
    if n.is_section_index {
        dirty.sections.insert(n.url.clone());
        if let Some(parent) = parent_section(&n.url) {
            dirty.sections.insert(parent.to_owned());
        }
    }
    for t in notes.topics(i) {
        for topic in crate::topics::topic_ancestry(t) {
            dirty.topics.insert(topic.to_owned());
        }
    }
}
