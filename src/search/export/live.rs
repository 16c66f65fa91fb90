//! The dev server's export: a [`Model`] kept up to date from each build's
//! search changes, and the files it gives, so that the pages `lore serve`
//! shows search exactly as the published site will.

use super::{BlockCache, Encoding, Model};
use crate::search::SearchChanges;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};

/// The export of the documents seen so far.
#[derive(Default)]
pub(crate) struct LiveExport {
    model: Option<Model>,
    /// The blocks of the last export, and how every file is held.
    blocks: BlockCache,
    /// Every file of the export, in [`Self::encoding`].
    files: BTreeMap<String, Bytes>,
}

impl LiveExport {
    /// An export whose files are held gzip-compressed ([`crate::gzip`]).
    pub(crate) fn compressed() -> Self {
        let mut this = LiveExport::default();
        this.blocks.encoding = Encoding::Gzip;
        this
    }

    /// How every file this export gives is held.
    pub(crate) fn encoding(&self) -> Encoding {
        self.blocks.encoding
    }

    /// Applies one build's changes; returns the whole export (`search/…`),
    /// every file in [`Self::encoding`].
    pub(crate) fn update(&mut self, changes: &SearchChanges) -> &BTreeMap<String, Bytes> {
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
        let encoding = self.encoding();
        let model = self.model.as_mut().expect("made above");
        // Held as the block cache holds them.
        let mut files = model.index_files_cached(&mut self.blocks);
        let model = self.model.as_ref().expect("made above");
        // Plain, held below.
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
                    continue;
                }
                match encoding.decode(bytes) {
                    Some(plain) => {
                        fresh.insert(doc_path(new), renamed(plain, old, new));
                    }
                    // Not gzip data after all: kept as it is.
                    None => {
                        files.insert(doc_path(new), bytes.clone());
                    }
                }
            }
        }
        files.extend(fresh.into_iter().map(|(k, v)| (k, encoding.encode(v))));
        self.files = files;
        &self.files
    }
}

fn doc_path(n: usize) -> String {
    format!("search/d/{n}.js")
}

/// A document file (`text`, plain) under its new number.
fn renamed(text: Bytes, old: usize, new: usize) -> Bytes {
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
        // Every file is held in the export's encoding.
        let encoding = live.encoding();
        let plain = |files: BTreeMap<String, Bytes>| -> BTreeMap<String, Bytes> {
            files
                .into_iter()
                .map(|(k, v)| (k, encoding.decode(&v).expect("held in its encoding")))
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
