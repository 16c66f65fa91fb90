//! The dev server's search thread: keeps the in-memory index behind
//! `/api/search` and the exported index the pages' search box loads up to
//! date, built whole from the first build, then changed note by note. It
//! runs apart from the rebuilds, so that a slow update never delays the
//! next one.

use super::{release_memory, Body, Event, Reporter, ServeState};
use crate::search::export::{Encoding, LiveExport};
use crate::search::{SearchChanges, SearchIndex};
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

/// Starts the thread; each good build's search changes go to the sender.
pub(super) fn spawn(state: Arc<ServeState>, report: Reporter) -> Sender<SearchChanges> {
    let (tx, rx) = channel::<SearchChanges>();
    std::thread::spawn(move || {
        let mut index: Option<Arc<SearchIndex>> = None;
        let mut export = LiveExport::compressed();
        while let Ok(mut changes) = rx.recv() {
            // Catch up: fold changes that queued up while this one ran.
            while let Ok(next) = rx.try_recv() {
                changes = merge(changes, next);
            }
            // The pages' search box first: it is what the user sees.
            let body = match export.encoding() {
                Encoding::Plain => Body::Plain,
                Encoding::Gzip => Body::Gzip,
            };
            let files = export.update(&changes).iter();
            state.set_search_files(files.map(|(k, v)| (k.clone(), body(v.clone()))).collect());
            let result = match (&index, changes.full) {
                (Some(live), false) => live.apply(&changes).map(|()| None),
                _ => SearchIndex::in_ram(&changes.upserts).map(|i| Some(Arc::new(i))),
            };
            match result {
                Ok(Some(new)) => {
                    state.set_search(new.clone());
                    index = Some(new);
                }
                Ok(None) => {}
                Err(e) => report(&Event::Warning(&format!(
                    "the search index could not be updated: {e}"
                ))),
            }
            if changes.full || changes.upserts.len() > 100 {
                release_memory();
            }
        }
    });
    tx
}

/// Two builds' search changes as one (`later` wins).
fn merge(earlier: SearchChanges, later: SearchChanges) -> SearchChanges {
    if later.full {
        return later;
    }
    let touched: std::collections::HashSet<&String> = later
        .upserts
        .iter()
        .map(|d| &d.url)
        .chain(&later.removed)
        .collect();
    let mut upserts: Vec<_> = earlier
        .upserts
        .into_iter()
        .filter(|d| !touched.contains(&d.url))
        .collect();
    let mut removed: Vec<String> = earlier
        .removed
        .into_iter()
        .filter(|u| !touched.contains(u))
        .collect();
    upserts.extend(later.upserts);
    removed.extend(later.removed);
    SearchChanges {
        full: earlier.full,
        upserts,
        removed,
    }
}
