//! Bringing a workspace's notes up to date with `content/`. When the
//! watcher named the changed files, only those are read again (a deleted,
//! added or renamed file, or a folder, makes a full listing instead);
//! otherwise `content/` is listed and every file's size and modification
//! time compared with the last build's.

use super::{Entry, Loaded, Workspace};
use crate::error::{Diagnostic, Error};
use crate::load::{self, LoadOptions};
use crate::markdown;
use crate::note::{Notes, Row};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What changed in the site's folders since the last build, as a watcher
/// saw it: a build that is told rereads only those files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// These files or folders (absolute paths) were written, created,
    /// renamed or removed.
    Paths(BTreeSet<PathBuf>),
    /// Unknown (the watcher lost events): every file is checked again.
    Unknown,
}

/// What loading found.
pub(super) struct LoadReport {
    /// The same notes, attachments and folders as last time: at most their
    /// texts changed.
    pub same_files: bool,
    /// Notes that could not be read, URLs taken twice.
    pub diagnostics: Vec<Diagnostic>,
}

/// Notes read again before a full listing was found necessary.
type Preread = HashMap<String, Entry>;

impl Workspace {
    /// Updates `self.notes` and `self.others`; with `hints` (the paths
    /// that changed since the last build), reads only those.
    pub(super) fn load(&mut self, hints: Option<&BTreeSet<PathBuf>>) -> Result<LoadReport, Error> {
        let same_files = match hints {
            Some(paths) if self.walk.is_some() => match self.load_named(paths) {
                Ok(()) => true,
                Err(preread) => self.load_all(preread)?,
            },
            _ => self.load_all(Preread::new())?,
        };
        let mut diagnostics: Vec<Diagnostic> = self
            .others
            .values()
            .filter_map(|e| match &e.loaded {
                Loaded::Failed(d) => Some(d.clone()),
                _ => None,
            })
            .collect();
        let walk = self.walk.as_mut().expect("content/ was listed");
        diagnostics.extend(walk.diagnostics.iter().cloned());
        for note in self.notes.sources() {
            diagnostics.extend(note.warnings.iter().cloned());
        }
        load::paths::assign(walk, self.notes.sources_mut(), &mut diagnostics);
        Ok(LoadReport {
            same_files,
            diagnostics,
        })
    }

    /// Reads again the note files among `paths`. `Err` when the listing
    /// of `content/` may have changed (with the notes read so far).
    fn load_named(&mut self, paths: &BTreeSet<PathBuf>) -> Result<(), Preread> {
        let content = self.config.content_dir();
        let walk = self.walk.as_ref().expect("checked by the caller");
        let mut reread = Vec::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(&content) else {
                continue; // templates/, static/, site.toml: not notes
            };
            let rel = load::rel_string(rel);
            let note = self.notes.id_of(&rel).is_some() || self.others.contains_key(&rel);
            let attachment = walk.attachments.iter().any(|a| a.rel == rel);
            match std::fs::symlink_metadata(path) {
                Ok(m) if m.is_file() && note => reread.push((path.clone(), rel)),
                Ok(m) if m.is_file() && attachment => {} // collect_static reads it
                // A temporary file, come and gone.
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && !rel.is_empty()
                        && !note
                        && !attachment
                        && !self.lists_under(&rel) => {}
                _ => return Err(Preread::new()),
            }
        }
        let options = self.load_options();
        let read: Vec<(String, Entry)> = reread
            .into_par_iter()
            .map(|(path, rel)| {
                let entry = read_entry(&path, &rel, &options);
                (rel, entry)
            })
            .collect();
        let same_kind = |(rel, e): &(String, Entry)| {
            let was_note = self.notes.id_of(rel).is_some();
            was_note == matches!(e.loaded, Loaded::Note(..))
        };
        if !read.iter().all(same_kind) {
            return Err(read.into_iter().collect());
        }
        for (rel, entry) in read {
            match (entry.loaded, self.notes.id_of(&rel)) {
                (Loaded::Note(source, scan), Some(id)) => {
                    let row = Row {
                        source,
                        scan,
                        stamp: entry.stamp,
                        fresh: true,
                    };
                    self.notes.replace(id, row, &self.config);
                }
                (loaded, _) => {
                    self.others.insert(rel, Entry { loaded, ..entry });
                }
            }
        }
        Ok(())
    }

    /// Whether the last listing had anything under the folder `rel`.
    fn lists_under(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        let walk = self.walk.as_ref().expect("listed before");
        walk.folder_rels.iter().any(|f| f == rel)
            || walk.notes.iter().any(|(_, r)| r.starts_with(&prefix))
            || walk.attachments.iter().any(|a| a.rel.starts_with(&prefix))
    }

    /// Lists `content/` and reads every note file whose stamp changed
    /// (those in `preread` were just read). Returns whether the listing
    /// and the published notes are the same as last time.
    fn load_all(&mut self, preread: Preread) -> Result<bool, Error> {
        let walk = load::walk(&self.config)?;
        let same_listing = self.walk.as_ref().is_some_and(|w| same_listing(w, &walk));
        let old_notes = std::mem::take(&mut self.notes);
        let old_rels: Vec<String> = old_notes.sources().iter().map(|n| n.rel.clone()).collect();
        let mut old = std::mem::take(&mut self.others);
        for row in old_notes.into_rows() {
            let rel = row.source.rel.clone();
            let entry = Entry {
                stamp: row.stamp,
                loaded: Loaded::Note(row.source, row.scan),
                fresh: false,
            };
            old.insert(rel, entry);
        }
        old.extend(preread);
        let options = self.load_options();
        let mut list: Vec<(String, PathBuf, Option<Entry>)> = walk
            .notes
            .iter()
            .map(|(path, rel)| (rel.clone(), path.clone(), old.remove(rel)))
            .collect();
        drop(old);
        list.par_iter_mut().for_each(|(rel, path, cached)| {
            if cached.as_ref().is_some_and(|c| c.fresh) {
                return;
            }
            let stamp = crate::fs::stamp(path);
            if cached.as_ref().is_some_and(|c| c.stamp == stamp) {
                return;
            }
            *cached = Some(read_entry(path, rel, &options));
        });
        let mut notes = Notes::default();
        for (rel, _, entry) in list {
            let entry = entry.expect("every note was loaded");
            match entry.loaded {
                Loaded::Note(source, scan) => {
                    let row = Row {
                        source,
                        scan,
                        stamp: entry.stamp,
                        fresh: entry.fresh,
                    };
                    notes.push(row, &self.config);
                }
                _ => {
                    self.others.insert(rel, entry);
                }
            }
        }
        let same = same_listing && notes.sources().iter().map(|n| &n.rel).eq(old_rels.iter());
        self.notes = notes;
        self.walk = Some(walk);
        Ok(same)
    }
}

/// Same note files, attachments and folders.
fn same_listing(a: &load::Walk, b: &load::Walk) -> bool {
    a.notes
        .iter()
        .map(|(_, r)| r)
        .eq(b.notes.iter().map(|(_, r)| r))
        && a.attachments
            .iter()
            .map(|x| &x.rel)
            .eq(b.attachments.iter().map(|x| &x.rel))
        && a.folder_rels == b.folder_rels
}

/// Reads and scans one note file.
fn read_entry(path: &Path, rel: &str, options: &LoadOptions) -> Entry {
    let stamp = crate::fs::stamp(path);
    let loaded = match load::read_note(path, rel, options) {
        Ok(Some(note)) => {
            let scan = markdown::scan(&note);
            Loaded::Note(note, scan)
        }
        Ok(None) => Loaded::Skipped,
        Err(d) => Loaded::Failed(d),
    };
    Entry {
        stamp,
        loaded,
        fresh: true,
    }
}
