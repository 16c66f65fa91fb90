//! The note table: every published note of a build, keyed by [`NoteId`],
//! and the rule for a note's title.
//!
//! A [`Notes`] holds, per note, what reading its file gave (the
//! [`SourceNote`], its first pass [`Scan`], the file's stamp, whether it was
//! read in this build) and what a build derives from that alone (its title,
//! its topics, its dates). Every later stage — link resolution, relations,
//! pages, the delta path — takes `&Notes` and asks it by id, instead of
//! being handed each of those as a slice of its own.
//!
//! The table is stored as typed columns ([`PerNote`]), not as one struct per
//! note: `load::paths` gives every note its URL over one `&mut
//! [SourceNote]`, redirects read the notes as one slice, and the hot loops
//! (the nearest of several link candidates, related-note scoring over
//! topics) read one column each. The invariant that makes columns safe:
//! every column has exactly one entry per note, in walk order, because
//! only [`Notes::push`] adds a note and it fills every column (title and
//! topics at once, dates with `None` until [`Notes::set_dates`]).
//! Results computed per note elsewhere (outlinks, backlinks, mentions,
//! related notes) are [`PerNote`] columns too, indexed only by [`NoteId`].

use crate::config::Config;
use crate::dates::NoteDates;
use crate::fs::Stamp;
use crate::load::SourceNote;
use crate::markdown::Scan;
use rayon::prelude::*;
use std::collections::HashMap;

/// A published note's place in a build's [`Notes`] (its position in walk
/// order). Valid for the build that made it: ids of the same path may
/// differ from one build to the next when notes come or go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteId(u32);

impl NoteId {
    /// The id of the note at `index` in walk order: for the table's own
    /// rows (every other stage is handed ids, the Markdown renderer too).
    pub fn from_index(index: usize) -> NoteId {
        NoteId(u32::try_from(index).expect("fewer than 2^32 notes"))
    }

    /// The position in walk order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One value per note, indexed by [`NoteId`] only.
#[derive(Debug, Clone, PartialEq)]
pub struct PerNote<T>(Vec<T>);

impl<T> Default for PerNote<T> {
    fn default() -> Self {
        PerNote(Vec::new())
    }
}

impl<T> PerNote<T> {
    /// `value` for each of `len` notes.
    pub fn filled(len: usize, value: T) -> Self
    where
        T: Clone,
    {
        PerNote(vec![value; len])
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// Each note's id with its value, in walk order.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (NoteId, &T)> + '_ {
        self.0
            .iter()
            .enumerate()
            .map(|(i, v)| (NoteId::from_index(i), v))
    }

    pub fn push(&mut self, value: T) {
        self.0.push(value);
    }

    /// The values in walk order, for code that takes every note at once
    /// (`load::paths`, redirects).
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }
}

impl<T> std::ops::Index<NoteId> for PerNote<T> {
    type Output = T;
    fn index(&self, id: NoteId) -> &T {
        &self.0[id.index()]
    }
}

impl<T> std::ops::IndexMut<NoteId> for PerNote<T> {
    fn index_mut(&mut self, id: NoteId) -> &mut T {
        &mut self.0[id.index()]
    }
}

impl<T> FromIterator<T> for PerNote<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PerNote(iter.into_iter().collect())
    }
}

impl<T: Send> FromParallelIterator<T> for PerNote<T> {
    fn from_par_iter<I: IntoParallelIterator<Item = T>>(iter: I) -> Self {
        PerNote(Vec::from_par_iter(iter))
    }
}

impl<T> IntoIterator for PerNote<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a PerNote<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A note file as read: what [`Notes::push`] takes and
/// [`Notes::into_rows`] gives back.
pub(crate) struct Row {
    pub source: SourceNote,
    pub scan: Scan,
    pub stamp: Stamp,
    /// Read in this build: the scan still has its prose.
    pub fresh: bool,
}

/// The published notes of a build, in walk order (see the module doc).
#[derive(Default)]
pub(crate) struct Notes {
    sources: PerNote<SourceNote>,
    scans: PerNote<Scan>,
    stamps: PerNote<Stamp>,
    fresh: PerNote<bool>,
    titles: PerNote<String>,
    /// Frontmatter topics, then inline `#topics`.
    topics: PerNote<Vec<String>>,
    /// When each note was created and updated (set after loading).
    dates: PerNote<Option<NoteDates>>,
    /// Path relative to `content/` -> id.
    by_rel: HashMap<String, NoteId>,
}

impl Notes {
    /// Adds a note at the end, with its title and topics under `config`.
    pub(crate) fn push(&mut self, row: Row, config: &Config) -> NoteId {
        let id = NoteId::from_index(self.sources.len());
        self.titles.push(title_of(&row.source, &row.scan, config));
        self.topics.push(crate::topics::topics_of(
            &row.source.fm.topics,
            &row.scan.inline_topics,
        ));
        self.dates.push(None);
        self.by_rel.insert(row.source.rel.clone(), id);
        self.sources.push(row.source);
        self.scans.push(row.scan);
        self.stamps.push(row.stamp);
        self.fresh.push(row.fresh);
        id
    }

    /// Puts the file of note `id` (the same path) read again in its place.
    pub(crate) fn replace(&mut self, id: NoteId, row: Row, config: &Config) {
        debug_assert_eq!(self.sources[id].rel, row.source.rel);
        self.titles[id] = title_of(&row.source, &row.scan, config);
        self.topics[id] = crate::topics::topics_of(&row.source.fm.topics, &row.scan.inline_topics);
        self.dates[id] = None;
        self.sources[id] = row.source;
        self.scans[id] = row.scan;
        self.stamps[id] = row.stamp;
        self.fresh[id] = row.fresh;
    }

    /// The notes as read, in walk order, emptying the table.
    pub(crate) fn into_rows(self) -> impl Iterator<Item = Row> {
        let files = self.sources.into_iter().zip(self.scans);
        let state = self.stamps.into_iter().zip(self.fresh);
        files
            .zip(state)
            .map(|((source, scan), (stamp, fresh))| Row {
                source,
                scan,
                stamp,
                fresh,
            })
    }

    pub(crate) fn len(&self) -> usize {
        self.sources.len()
    }

    /// Every id, in walk order.
    pub(crate) fn ids(
        &self,
    ) -> impl DoubleEndedIterator<Item = NoteId> + ExactSizeIterator + Clone {
        (0..self.len()).map(NoteId::from_index)
    }

    /// Every id, for rayon.
    pub(crate) fn par_ids(&self) -> impl IndexedParallelIterator<Item = NoteId> {
        (0..self.len()).into_par_iter().map(NoteId::from_index)
    }

    /// The note at `rel` (its path relative to `content/`).
    pub(crate) fn id_of(&self, rel: &str) -> Option<NoteId> {
        self.by_rel.get(rel).copied()
    }

    pub(crate) fn source(&self, id: NoteId) -> &SourceNote {
        &self.sources[id]
    }

    pub(crate) fn scan(&self, id: NoteId) -> &Scan {
        &self.scans[id]
    }

    pub(crate) fn title(&self, id: NoteId) -> &str {
        &self.titles[id]
    }

    pub(crate) fn topics(&self, id: NoteId) -> &[String] {
        &self.topics[id]
    }

    pub(crate) fn dates(&self, id: NoteId) -> Option<NoteDates> {
        self.dates[id]
    }

    pub(crate) fn stamp(&self, id: NoteId) -> Stamp {
        self.stamps[id]
    }

    /// The hash of the note's text (see [`Scan::text_key`]).
    pub(crate) fn text_key(&self, id: NoteId) -> u64 {
        self.scans[id].text_key
    }

    /// Read in this build: its scan still has its prose.
    pub(crate) fn is_fresh(&self, id: NoteId) -> bool {
        self.fresh[id]
    }

    /// Every note, in walk order.
    pub(crate) fn sources(&self) -> &[SourceNote] {
        self.sources.as_slice()
    }

    /// Every note, to give them their sections and URLs (`load::paths`).
    /// Their paths must stay as they are.
    pub(crate) fn sources_mut(&mut self) -> &mut [SourceNote] {
        &mut self.sources.0
    }

    /// Every note's topics.
    pub(crate) fn all_topics(&self) -> &PerNote<Vec<String>> {
        &self.topics
    }

    /// How many notes are notes of their own (not a section's `_index.md`).
    pub(crate) fn page_count(&self) -> usize {
        self.sources.iter().filter(|n| !n.is_section_index).count()
    }

    /// Sets every note's dates (see [`crate::dates::NoteDates::resolve`]).
    pub(crate) fn set_dates(&mut self, dates: PerNote<Option<NoteDates>>) {
        assert_eq!(dates.len(), self.len(), "one entry per note");
        self.dates = dates;
    }

    /// Scans again the notes `redo` names that were read in an earlier
    /// build: their scans kept no prose.
    pub(crate) fn rescan(&mut self, redo: &PerNote<bool>) {
        let (sources, fresh) = (&self.sources, &self.fresh);
        self.scans
            .0
            .par_iter_mut()
            .enumerate()
            .map(|(i, scan)| (NoteId::from_index(i), scan))
            .filter(|(id, _)| redo[*id] && !fresh[*id])
            .for_each(|(id, scan)| *scan = crate::markdown::scan(&sources[id]));
    }

    /// Drops the prose of the notes read in this build (it is only needed
    /// while mentions are found): they count as read before from now on.
    pub(crate) fn forget_prose(&mut self) {
        for (scan, fresh) in self.scans.0.iter_mut().zip(&mut self.fresh.0) {
            if *fresh {
                scan.prose = String::new();
                *fresh = false;
            }
        }
    }

    /// A table of `sources` with the given titles and topics, and empty
    /// scans, for tests of the stages that read it.
    #[cfg(test)]
    pub(crate) fn for_test(sources: Vec<SourceNote>, titles: &[&str], topics: &[&[&str]]) -> Notes {
        let mut notes = Notes::default();
        for (i, source) in sources.into_iter().enumerate() {
            let id = NoteId::from_index(i);
            notes.by_rel.insert(source.rel.clone(), id);
            notes.sources.push(source);
            notes.scans.push(Scan::default());
            notes.stamps.push((0, None));
            notes.fresh.push(false);
            notes.titles.push(titles[i].to_owned());
            notes
                .topics
                .push(topics[i].iter().map(|t| (*t).to_owned()).collect());
            notes.dates.push(None);
        }
        notes
    }
}

/// Title: frontmatter, else the file name (a section's: its folder's name),
/// as in Obsidian; with `title_from_h1`, the first `# H1` before the name.
pub(crate) fn title_of(note: &SourceNote, scan: &Scan, config: &Config) -> String {
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
