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

use super::{
    data_files, find_mentions, remember_mentions, sort_diagnostics, title_of, topics_of, Built,
    Last, Linked, NoteSet, Stopwatch, Workspace,
};
use crate::dates::NoteDates;
use crate::error::{BuildFailed, Diagnostic, Error, Level};
use crate::graph::{self, Graph, NoteChange};
use crate::load::SourceNote;
use crate::markdown::{self, LinkKind, RenderCtx, Scan};
use crate::pages::{key_of, parent_section, Model, PageSet, SiteModel};
use crate::render::Templates;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Per note, hashes of what other pages show of it.
pub(super) struct Faces {
    /// Everywhere: title, URL, aliases, topics, weight.
    global: Vec<u64>,
    /// In listings and data files: description, summary, dates.
    listing: Vec<u64>,
    /// In links to it: headings and block ids.
    anchors: Vec<u64>,
}

impl Faces {
    pub(super) fn new(
        notes: &[SourceNote],
        scans: &[Scan],
        titles: &[String],
        topics: &[Vec<String>],
        dates: &[Option<NoteDates>],
    ) -> Self {
        let all: Vec<[u64; 3]> = (0..notes.len())
            .into_par_iter()
            .map(|i| faces_of(&notes[i], &scans[i], &titles[i], &topics[i], &dates[i]))
            .collect();
        Faces {
            global: all.iter().map(|f| f[0]).collect(),
            listing: all.iter().map(|f| f[1]).collect(),
            anchors: all.iter().map(|f| f[2]).collect(),
        }
    }
}

fn faces_of(
    n: &SourceNote,
    s: &Scan,
    title: &str,
    topics: &[String],
    dates: &Option<NoteDates>,
) -> [u64; 3] {
    let global = key_of(&(
        title,
        &n.url,
        &n.fm.aliases,
        topics,
        &n.fm.weight,
        n.is_section_index,
    ));
    let listing = key_of(&(&n.fm.description, &s.summary, dates));
    let headings: Vec<(&str, &str)> = s
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.id.as_str()))
        .collect();
    [global, listing, key_of(&(headings, &s.blocks))]
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
        let set = &self.notes;
        let images_changed = last.images_key != self.images.key();
        if last.site_key != site_key || last.text_keys.len() != set.notes.len() || images_changed {
            return None;
        }
        let changed: Vec<usize> = (0..set.notes.len())
            .filter(|&i| {
                set.scans[i].text_key != last.text_keys[i] || set.dates[i] != last.dates[i]
            })
            .collect();
        let mut faces = Vec::with_capacity(changed.len());
        for &i in &changed {
            let (note, scan) = (&set.notes[i], &set.scans[i]);
            let topics = topics_of(note, scan);
            let title = title_of(note, scan, &self.config);
            let f = faces_of(note, scan, &title, &topics, &set.dates[i]);
            // A note not read in this build has no prose to find mentions in.
            if f[0] != last.faces.global[i] || !set.fresh[i] {
                return None;
            }
            faces.push(f);
        }
        let mut last = self.last.take().expect("checked above");
        let set = std::mem::take(&mut self.notes);
        let update = Update {
            set: &set,
            changed: &changed,
            faces: &faces,
            templates,
            site_key,
        };
        let result = self.apply(update, &mut last, load_diagnostics, clock);
        self.notes = set;
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
        let (notes, scans) = (&u.set.notes[..], &u.set.scans[..]);
        let graph = Graph::new(notes, scans, &last.titles, &last.link_index);
        let (mut dirty, links_changed) =
            self.relate(&u, &graph, &mut last.linked, &last.titles, &last.topics);
        let mut data_changed = links_changed;
        // Notes whose rendered Markdown changes, then their embedders.
        let mut content: BTreeSet<usize> = u.changed.iter().copied().collect();
        for (&i, f) in u.changed.iter().zip(u.faces) {
            if f[1] != last.faces.listing[i] {
                data_changed = true;
                listings_of(&notes[i], &last.topics[i], &mut dirty);
                last.faces.listing[i] = f[1];
            }
            if f[2] != last.faces.anchors[i] {
                content.extend(last.linked.relations.backlinks[i].iter().map(|b| b.from));
                last.faces.anchors[i] = f[2];
            }
            last.text_keys[i] = scans[i].text_key;
            last.dates[i] = u.set.dates[i];
        }
        let mut stack: Vec<usize> = content.iter().copied().collect();
        while let Some(i) = stack.pop() {
            for b in &last.linked.relations.backlinks[i] {
                if !content.contains(&b.from) && embeds(&graph, notes, scans, b.from, i) {
                    content.insert(b.from);
                    stack.push(b.from);
                }
            }
        }
        let sanitizer = self.config.allow_html.then(super::sanitizer);
        let ctx = RenderCtx {
            highlighter: &self.highlighter,
            resolver: &graph,
            sanitizer: sanitizer.as_ref(),
            math: &self.math.math,
        };
        for &i in content.iter().filter(|&&i| notes[i].is_section_index) {
            let html = markdown::render_note(i, &ctx);
            last.index_html.insert(i, html);
        }
        dirty.notes.extend(content);
        for &i in dirty.notes.iter().filter(|&&i| notes[i].is_section_index) {
            dirty.sections.insert(notes[i].url.clone());
        }
        clock.lap("graph");

        let walk = self.walk.as_ref().expect("content/ was listed");
        let site = SiteModel::new(
            &self.config,
            Model {
                notes,
                scans,
                titles: &last.titles,
                markdown: &ctx,
                index_html: &last.index_html,
                topics: &last.topics,
                topic_index: &last.topic_index,
                relations: &last.linked.relations,
                dates: &u.set.dates,
                images: &self.images,
            },
            &walk.folders,
        );
        // A note that came into a feed needs its page's HTML for it.
        dirty
            .notes
            .extend(site.feed_notes_without_content(&self.pages));
        let mut template_errors: Vec<Diagnostic> = Vec::new();
        let results = site.render_some(u.templates, &self.pages, self.keys(u.site_key), &dirty);
        self.bodies_rendered = site
            .bodies_rendered
            .load(std::sync::atomic::Ordering::Relaxed);
        for result in results {
            match result {
                Ok((file, page)) => {
                    last.files.insert(file.clone(), page.bytes.clone());
                    self.pages.insert(file, page);
                }
                Err(d) if !template_errors.iter().any(|e| e.message == d.message) => {
                    template_errors.push(d)
                }
                Err(_) => {}
            }
        }
        if data_changed {
            last.files.extend(data_files(&site));
        }
        last.files
            .extend(site.feeds_touching(&self.pages, &dirty.notes));
        drop(site);
        let mut diagnostics = load_diagnostics.to_vec();
        diagnostics.extend(last.index_html.values().flat_map(|r| r.diagnostics.clone()));
        diagnostics.extend(last.linked.checks.iter().cloned());
        diagnostics.extend(self.pages.values().flat_map(|p| p.diagnostics.clone()));
        diagnostics.extend(template_errors);
        sort_diagnostics(&mut diagnostics);
        clock.lap("render");
        if diagnostics.iter().any(|d| d.level == Level::Error) {
            return Err(Error::Build(BuildFailed(diagnostics)));
        }
        let search = self
            .options
            .search_changes
            .then(|| self.search_delta(&u, last));
        Ok(Built {
            files: last.files.clone(),
            diagnostics,
            note_count: self.note_count_of(notes),
            timings: Vec::new(),
            search,
            notes: self.notes_for_user(),
            redirects: None,
        })
    }

    /// Resolves the changed notes' links, finds their mentions and patches
    /// the relations. Returns the notes whose page shows a changed backlink,
    /// mention or related list, and whether any link came or went.
    fn relate(
        &mut self,
        u: &Update<'_>,
        graph: &Graph<'_>,
        last: &mut Linked,
        titles: &[String],
        topics: &[Vec<String>],
    ) -> (PageSet, bool) {
        let (notes, scans) = (&u.set.notes[..], &u.set.scans[..]);
        let links: graph::Outlinks = u
            .changed
            .par_iter()
            .map(|&i| graph::outlinks_of(graph, notes, scans, i))
            .collect();
        let finder = self.finder.as_ref();
        let mentions: Vec<Vec<(usize, String)>> = u
            .changed
            .par_iter()
            .zip(&links)
            .map(|(&i, links)| find_mentions(finder, i, &scans[i], links))
            .collect();
        for (&i, list) in u.changed.iter().zip(&mentions) {
            remember_mentions(&mut self.mentions, notes, i, scans[i].text_key, list);
        }
        let changes: Vec<NoteChange<'_>> = u
            .changed
            .iter()
            .enumerate()
            .map(|(k, &i)| NoteChange {
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
        let orphans: Vec<(usize, bool)> = dirty
            .notes
            .iter()
            .map(|&t| (t, last.relations.backlinks[t].is_empty()))
            .collect();
        let links_changed = changes
            .iter()
            .any(|c| !same_targets(c.old_links, c.new_links));
        let related = last
            .relations
            .patch(notes, topics, &changes, &mut self.related);
        drop(changes);
        dirty.notes.extend(related);
        if orphans
            .iter()
            .any(|&(t, was)| last.relations.backlinks[t].is_empty() != was)
        {
            last.checks = graph::site_checks(notes, titles, &last.relations);
        }
        let new = links.into_iter().zip(mentions);
        for (&i, (links, mentions)) in u.changed.iter().zip(new) {
            last.outlinks[i] = links;
            last.mentions_out[i] = mentions;
        }
        (dirty, links_changed)
    }

    /// The search documents of the changed notes.
    fn search_delta(&mut self, u: &Update<'_>, last: &Last) -> crate::search::SearchChanges {
        let (notes, scans) = (&u.set.notes, &u.set.scans);
        let indexed = self.indexed.get_or_insert_default();
        let upserts = u
            .changed
            .par_iter()
            .map(|&i| crate::search::search_doc(&notes[i], &last.titles[i], &last.topics[i]))
            .collect();
        for &i in u.changed {
            let now = (notes[i].url.clone(), scans[i].text_key);
            indexed.insert(notes[i].rel.clone(), now);
        }
        crate::search::SearchChanges {
            full: false,
            upserts,
            removed: Vec::new(),
        }
    }

    fn note_count_of(&self, notes: &[SourceNote]) -> usize {
        notes.iter().filter(|n| !n.is_section_index).count()
    }
}

/// One delta build's inputs.
struct Update<'u> {
    set: &'u NoteSet,
    /// Notes whose text changed, and their [`faces_of`].
    changed: &'u [usize],
    faces: &'u [[u64; 3]],
    templates: &'u Templates,
    site_key: u64,
}

fn same_targets(a: &[(usize, LinkKind, String)], b: &[(usize, LinkKind, String)]) -> bool {
    a.iter()
        .map(|l| (l.0, l.1))
        .eq(b.iter().map(|l| (l.0, l.1)))
}

/// Whether note `j` embeds note `i` (with any of its links: the backlink
/// records only the first link's kind).
fn embeds(graph: &Graph<'_>, notes: &[SourceNote], scans: &[Scan], j: usize, i: usize) -> bool {
    scans[j].links.iter().any(|l| {
        l.kind == LinkKind::Embed && graph.link_target(&notes[j], l.kind, &l.target) == Some(i)
    })
}

/// The listing pages that show note `n`'s description, summary or dates.
fn listings_of(n: &SourceNote, topics: &[String], dirty: &mut PageSet) {
    dirty.sections.insert(String::new()); // the index's recent notes
    dirty.recent = true;
    dirty.sections.insert(n.section.clone());
    if n.is_section_index {
        dirty.sections.insert(n.url.clone());
        if let Some(parent) = parent_section(&n.url) {
            dirty.sections.insert(parent.to_owned());
        }
    }
    for t in topics {
        for topic in crate::topics::topic_ancestry(t) {
            dirty.topics.insert(topic.to_owned());
        }
    }
}
