//! The dev server's export: a [`Model`] kept up to date from each build's
//! search changes, and the files it gives, so that the pages `lore serve`
//! shows search exactly as the published site will.

use super::{BlockCache, Model};
use crate::search::SearchChanges;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};

/// The export of the documents seen so far.
#[derive(Default)]
pub struct LiveExport {
    model: Option<Model>,
    blocks: BlockCache,
    files: BTreeMap<String, Bytes>,
}

impl LiveExport {
    /// An export whose files are held gzip-compressed ([`crate::gzip`]).
    pub fn compressed() -> Self {
        let mut this = LiveExport::default();
        this.blocks.gzip = true;
        this
    }

    fn held(&self, bytes: Bytes) -> Bytes {
        if self.blocks.gzip && !crate::gzip::is_gzip(&bytes) {
            crate::gzip::compress(&bytes)
        } else {
            bytes
        }
    }

    /// Applies one build's changes; returns the whole export (`search/…`).
    pub fn update(&mut self, changes: &SearchChanges) -> &BTreeMap<String, Bytes> {
        let old_urls: Vec<String> = self
            .model
            .as_ref()
            .map(|m| m.urls().to_vec())
            .unwrap_or_default();
        let updated = self.model.as_mut().is_some_and(|m| m.apply(changes));
        if !updated {
            // A first or full build: every document is in `upserts`.
            self.model = Some(Model::from_docs(&changes.upserts));
        }
        let model = self.model.as_mut().expect("made above");
        let mut files = model.index_files_cached(&mut self.blocks);
        let model = self.model.as_ref().expect("made above");
        let mut fresh = model.doc_files(changes.upserts.iter());
        if updated {
            // Unchanged documents keep their file, renamed when their
            // number moved.
            let upserted: BTreeSet<&str> = changes.upserts.iter().map(|d| d.url.as_str()).collect();
            for (old, url) in old_urls.iter().enumerate() {
                if upserted.contains(url.as_str()) {
                    continue;
                }
                let Ok(new) = model.urls().binary_search(url) else {
                    continue;
                };
                let Some(bytes) = self.files.get(&doc_path(old)) else {
                    continue;
                };
                if new == old {
                    files.insert(doc_path(new), bytes.clone());
                } else {
                    fresh.insert(doc_path(new), renamed(bytes, old, new));
                }
            }
        }
        files.extend(fresh);
        self.files = files
            .into_iter()
            .map(|(k, v)| {
                let v = self.held(v);
                (k, v)
            })
            .collect();
        &self.files
    }
}

fn doc_path(n: usize) -> String {
    format!("search/d/{n}.js")
}

/// A document file under its new number (inflated first when held
/// compressed; [`LiveExport::held`] compresses it again).
fn renamed(bytes: &Bytes, old: usize, new: usize) -> Bytes {
    let text = if crate::gzip::is_gzip(bytes) {
        crate::gzip::inflate(bytes).map(Bytes::from)
    } else {
        Some(bytes.clone())
    };
    let Some(text) = text else {
        return bytes.clone();
    };
    let from = format!("loreSearchData(\"d/{old}\",");
    let to = format!("loreSearchData(\"d/{new}\",");
    match text.strip_prefix(from.as_bytes()) {
        Some(rest) => {
            let mut out = Vec::with_capacity(to.len() + rest.len());
            out.extend_from_slice(to.as_bytes());
            out.extend_from_slice(rest);
            Bytes::from(out)
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchDoc;

    fn doc(i: usize, body: &str) -> SearchDoc {
        SearchDoc {
            title: format!("Note {i}"),
            aliases: Vec::new(),
            headings: String::new(),
            body: body.into(),
            topics: vec![format!("t{}", i % 3)],
            url: format!("n{i}/"),
            path: format!("content/n{i}.md"),
        }
    }

    #[test]
    fn edits_one_by_one_give_the_files_of_a_fresh_export() {
        edits_equal_fresh(LiveExport::default());
        edits_equal_fresh(LiveExport::compressed());
    }

    fn edits_equal_fresh(mut live: LiveExport) {
        let mut docs: Vec<SearchDoc> = (0..40)
            .map(|i| doc(i, &format!("common words and word{i} plus word{}", i / 2)))
            .collect();
        live.update(&SearchChanges {
            full: true,
            upserts: docs.clone(),
            removed: Vec::new(),
        });
        let plain = |files: BTreeMap<String, Bytes>| -> BTreeMap<String, Bytes> {
            files
                .into_iter()
                .map(|(k, v)| match crate::gzip::inflate(&v) {
                    Some(text) => (k, Bytes::from(text)),
                    None => (k, v),
                })
                .collect()
        };
        let removed = docs.remove(20);
        docs.push(doc(99, "a late note with common words"));
        live.update(&SearchChanges {
            full: false,
            upserts: vec![docs.last().unwrap().clone()],
            removed: vec![removed.url],
        });
        for (step, i) in [3, 17, 3, 39, 0].into_iter().enumerate() {
            docs[i].body = format!("edited {step}: common fresh{step} words");
            docs[i].topics = vec![format!("t{step}")];
            let files = plain(
                live.update(&SearchChanges {
                    full: false,
                    upserts: vec![docs[i].clone()],
                    removed: Vec::new(),
                })
                .clone(),
            );
            let fresh = Model::from_docs(&docs).files(&docs);
            assert_eq!(files, fresh, "after edit {step}");
        }
    }
}
