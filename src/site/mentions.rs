//! Unlinked mentions across builds: which notes need their prose searched
//! again (their text changed, or a title, alias or path did), the search,
//! and the cache of what each note mentioned, by path, so that a rebuild
//! finds mentions only in the notes whose text changed.

use super::Workspace;
use crate::graph::{self, MentionFinder};
use crate::markdown::{self, Scan};
use crate::note::{NoteId, Notes, PerNote};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

impl Workspace {
    /// Prepares mention finding: a new automaton when names changed, and
    /// which notes need their mentions found again (their prose scanned).
    pub(super) fn plan_mentions(&mut self, notes: &mut Notes) -> MentionPlan {
        let names_key = crate::fingerprint::key_of(
            &notes
                .ids()
                .map(|i| {
                    let n = notes.source(i);
                    (&n.rel, notes.title(i), &n.fm.aliases)
                })
                .collect::<Vec<_>>(),
        );
        let all = names_key != self.names_key || self.finder.is_none();
        if all {
            self.names_key = names_key;
            self.finder = MentionFinder::new(notes);
            self.mentions.clear();
        }
        let redo: PerNote<bool> = notes
            .ids()
            .map(|i| {
                let rel = &notes.source(i).rel;
                let key = notes.text_key(i);
                self.mentions.get(rel).is_none_or(|(old, _)| *old != key)
            })
            .collect();
        // Notes read in an earlier build have no prose left: scan again.
        notes.rescan(&redo);
        MentionPlan { redo }
    }
}

/// Which notes need their unlinked mentions found again.
pub(super) struct MentionPlan {
    redo: PerNote<bool>,
}

/// Per note path: the hash of its text, and the notes it mentions (by
/// path, with the sentence).
pub(super) type MentionCache = HashMap<String, (u64, Vec<(String, String)>)>;

impl MentionPlan {
    /// Per note, the notes it mentions: found again where planned, else
    /// taken from the cache (which is updated).
    pub(super) fn run(
        self,
        outlinks: &graph::Outlinks,
        notes: &Notes,
        finder: Option<&MentionFinder>,
        cache: &mut MentionCache,
    ) -> graph::Mentions {
        let found: PerNote<Option<Vec<(NoteId, String)>>> = notes
            .par_ids()
            .map(|i| {
                if !self.redo[i] {
                    return None;
                }
                Some(find_mentions(finder, i, notes.scan(i), &outlinks[i]))
            })
            .collect();
        let mut out = graph::Mentions::default();
        for (i, f) in notes.ids().zip(found) {
            let list = match f {
                Some(list) => {
                    remember_mentions(cache, notes, i, &list);
                    list
                }
                None => cache[&notes.source(i).rel]
                    .1
                    .iter()
                    .filter_map(|(rel, c)| Some((notes.id_of(rel)?, c.clone())))
                    .collect(),
            };
            out.push(list);
        }
        out
    }
}

/// The notes that note `i` names in its prose without linking them.
pub(super) fn find_mentions(
    finder: Option<&MentionFinder>,
    i: NoteId,
    scan: &Scan,
    outlinks: &[(NoteId, markdown::LinkKind, String)],
) -> Vec<(NoteId, String)> {
    let linked: BTreeSet<NoteId> = outlinks.iter().map(|(t, _, _)| *t).collect();
    finder.map_or_else(Vec::new, |f| f.find(i, &scan.prose, &linked))
}

/// Keeps note `i`'s mentions (by path, so they survive notes coming and
/// going) for the next build.
pub(super) fn remember_mentions(
    cache: &mut MentionCache,
    notes: &Notes,
    i: NoteId,
    list: &[(NoteId, String)],
) {
    let by_rel = list
        .iter()
        .map(|(t, c)| (notes.source(*t).rel.clone(), c.clone()))
        .collect();
    cache.insert(notes.source(i).rel.clone(), (notes.text_key(i), by_rel));
}
