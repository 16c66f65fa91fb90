//! The export model made without reading an index: the index's analyzer
//! ([`crate::search::analyzer`]) run over each document, counting what tantivy's indexer
//! counts (tokens per field across values, positions with tantivy's gap of
//! one between values), then kept up to date document by document for the
//! dev server.

use super::{topic_keys, FieldPostings, Model, Posting};
use crate::search::spec::{Field, FIELD_COUNT};
use crate::search::{SearchChanges, SearchDoc};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::tokenizer::TextAnalyzer;

/// The analyzer of the text fields.
fn analyzer() -> TextAnalyzer {
    crate::search::analyzer::analyzer()
}

/// One document, analyzed.
struct Analyzed {
    tokens: [u32; FIELD_COUNT],
    /// Term -> per field: its postings entry (doc left 0).
    terms: HashMap<String, [Option<Posting>; FIELD_COUNT]>,
    topics: Vec<String>,
}

fn analyze(analyzer: &mut TextAnalyzer, d: &SearchDoc) -> Analyzed {
    let mut terms: HashMap<String, [Option<Posting>; FIELD_COUNT]> = HashMap::new();
    let mut tokens = [0u32; FIELD_COUNT];
    for field in Field::ALL {
        let (f, positional) = (field.index(), field.positional());
        let mut end_position = 0u32;
        // The values `search::to_document` gives the index.
        for v in d.values(field) {
            let mut stream = analyzer.token_stream(&v);
            let mut end = end_position;
            while stream.advance() {
                let t = stream.token();
                let at = end_position + t.position as u32;
                end = end.max(at + t.position_length as u32);
                if !terms.contains_key(&t.text) {
                    terms.insert(t.text.clone(), Default::default());
                }
                let slot = &mut terms.get_mut(&t.text).expect("inserted")[f];
                let p = slot.get_or_insert_with(|| Posting {
                    doc: 0,
                    tf: 0,
                    norm: 0,
                    positions: Vec::new(),
                });
                p.tf += 1;
                if positional {
                    p.positions.push(at);
                }
                tokens[f] += 1;
            }
            end_position = end + 1;
        }
    }
    for entry in terms.values_mut() {
        for (f, slot) in entry.iter_mut().enumerate() {
            if let Some(p) = slot {
                p.norm = FieldNormReader::fieldnorm_to_id(tokens[f]);
            }
        }
    }
    Analyzed {
        tokens,
        terms,
        topics: topic_keys(&d.topics),
    }
}

fn analyze_all(docs: &[&SearchDoc]) -> Vec<Analyzed> {
    docs.par_iter()
        .map_init(analyzer, |a, d| analyze(a, d))
        .collect()
}

/// Documents analyzed per batch: bounds the memory of a first build.
const BATCH: usize = 512;

impl Model {
    /// The model of `docs`, with what [`Model::apply`] needs to update it.
    pub(crate) fn from_docs(docs: &[SearchDoc]) -> Model {
        let mut sorted: Vec<&SearchDoc> = docs.iter().collect();
        sorted.sort_by(|a, b| a.url.cmp(&b.url));
        sorted.dedup_by(|a, b| a.url == b.url);
        let mut model = Model {
            urls: sorted.iter().map(|d| d.url.clone()).collect(),
            ..Model::default()
        };
        let mut n = 0u32;
        for batch in sorted.chunks(BATCH) {
            for a in analyze_all(batch) {
                model.append(n, a);
                n += 1;
            }
        }
        model
    }

    /// Adds document `doc`, numbered after every document already in.
    fn append(&mut self, doc: u32, a: Analyzed) {
        let mut ids = Vec::with_capacity(a.terms.len());
        for (term, fields) in a.terms {
            let id = self.intern(&term);
            ids.push(id);
            for (f, p) in fields.into_iter().enumerate() {
                if let Some(mut p) = p {
                    p.doc = doc;
                    self.postings[id as usize][f].push(&p, Field::ALL[f].positional());
                }
            }
        }
        for (f, n) in a.tokens.iter().enumerate() {
            self.tokens[f] += u64::from(*n);
        }
        for t in &a.topics {
            self.topics.entry(t.clone()).or_default().push(doc);
        }
        self.doc_tokens.push(a.tokens);
        self.doc_terms.push(ids);
        self.doc_topics.push(a.topics);
    }

    /// Applies a build's search changes. Returns false when the model
    /// cannot follow (it was not made by [`Model::from_docs`], or the
    /// changes are a full rebuild): make it again then.
    pub(crate) fn apply(&mut self, changes: &SearchChanges) -> bool {
        if changes.full || self.doc_terms.len() != self.urls.len() {
            return false;
        }
        let upserted: BTreeSet<&str> = changes.upserts.iter().map(|d| d.url.as_str()).collect();
        let gone: BTreeSet<&str> = changes
            .removed
            .iter()
            .map(String::as_str)
            .filter(|u| !upserted.contains(u))
            .collect();
        let new_urls = upserted
            .iter()
            .filter(|u| self.urls.binary_search_by(|x| x.as_str().cmp(u)).is_err());
        if !gone.is_empty() || new_urls.count() > 0 {
            self.renumber(&gone, &upserted);
        }
        let analyzed = analyze_all(&changes.upserts.iter().collect::<Vec<_>>());
        for (d, a) in changes.upserts.iter().zip(analyzed) {
            let n = self
                .urls
                .binary_search(&d.url)
                .expect("renumber made room for every upsert") as u32;
            self.replace(n, a);
        }
        true
    }

    /// Renumbers for a new set of URLs: drops `gone`, makes room (empty
    /// documents) for new ones among `upserted`.
    fn renumber(&mut self, gone: &BTreeSet<&str>, upserted: &BTreeSet<&str>) {
        let mut urls: Vec<String> = self
            .urls
            .iter()
            .filter(|u| !gone.contains(u.as_str()))
            .cloned()
            .chain(upserted.iter().map(|u| (*u).to_owned()))
            .collect();
        urls.sort();
        urls.dedup();
        let map: Vec<Option<u32>> = self
            .urls
            .iter()
            .map(|u| {
                (!gone.contains(u.as_str()))
                    .then(|| urls.binary_search(u).ok().map(|n| n as u32))
                    .flatten()
            })
            .collect();
        for entry in &mut self.postings {
            for (f, field) in entry.iter_mut().enumerate() {
                if field.df == 0 {
                    continue;
                }
                let positional = Field::ALL[f].positional();
                let kept: Vec<Posting> = field
                    .decode(positional)
                    .into_iter()
                    .filter_map(|mut p| {
                        p.doc = map[p.doc as usize]?;
                        Some(p)
                    })
                    .collect();
                *field = FieldPostings::encode(&kept, positional);
            }
        }
        for docs in self.topics.values_mut() {
            *docs = docs.iter().filter_map(|&d| map[d as usize]).collect();
        }
        let mut doc_tokens = vec![[0; FIELD_COUNT]; urls.len()];
        let mut doc_terms = vec![Vec::new(); urls.len()];
        let mut doc_topics = vec![Vec::new(); urls.len()];
        for (old, new) in map.iter().enumerate() {
            match new {
                Some(n) => {
                    let n = *n as usize;
                    doc_tokens[n] = self.doc_tokens[old];
                    doc_terms[n] = std::mem::take(&mut self.doc_terms[old]);
                    doc_topics[n] = std::mem::take(&mut self.doc_topics[old]);
                }
                None => {
                    for (f, t) in self.doc_tokens[old].iter().enumerate() {
                        self.tokens[f] -= u64::from(*t);
                    }
                }
            }
        }
        self.urls = urls;
        self.dirty_all = true;
        self.doc_tokens = doc_tokens;
        self.doc_terms = doc_terms;
        self.doc_topics = doc_topics;
    }

    /// Replaces document `n`'s postings with `a`'s.
    fn replace(&mut self, n: u32, a: Analyzed) {
        let old_terms = std::mem::take(&mut self.doc_terms[n as usize]);
        let mut new_ids = Vec::with_capacity(a.terms.len());
        let mut touched: BTreeMap<u32, [Option<Posting>; FIELD_COUNT]> = BTreeMap::new();
        for id in old_terms {
            touched.entry(id).or_default();
        }
        for (term, fields) in a.terms {
            let id = self.intern(&term);
            new_ids.push(id);
            touched.insert(id, fields);
        }
        for (id, fields) in touched {
            self.dirty.insert(id);
            for (f, new) in fields.into_iter().enumerate() {
                let field = &mut self.postings[id as usize][f];
                if field.df == 0 && new.is_none() {
                    continue;
                }
                let new = new.map(|p| Posting { doc: n, ..p });
                field.splice(n, new.as_ref(), Field::ALL[f].positional());
            }
        }
        let old_tokens = std::mem::replace(&mut self.doc_tokens[n as usize], a.tokens);
        for ((total, old), new) in self.tokens.iter_mut().zip(old_tokens).zip(a.tokens) {
            *total = *total - u64::from(old) + u64::from(new);
        }
        for t in std::mem::take(&mut self.doc_topics[n as usize]) {
            if let Some(docs) = self.topics.get_mut(&t) {
                docs.retain(|&d| d != n);
            }
        }
        for t in &a.topics {
            let docs = self.topics.entry(t.clone()).or_default();
            let at = docs.partition_point(|&d| d < n);
            docs.insert(at, n);
        }
        self.doc_terms[n as usize] = new_ids;
        self.doc_topics[n as usize] = a.topics;
    }
}
