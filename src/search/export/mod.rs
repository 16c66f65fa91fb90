//! The search index as static files, for the browser client
//! (`static/search/engine.js`) to rank exactly as tantivy does.
//!
//! A [`Model`] holds what BM25 needs: every term of the text fields with
//! its postings per field (document, term frequency, tantivy's one-byte
//! field-length id, and positions in the positional fields for phrases), the
//! number of documents, the total tokens per field, and the documents of
//! each `topic:`. It is read from the fresh, single-segment tantivy index
//! that `lore build` writes ([`Model::from_index`]), or made by running
//! tantivy's own analyzer over the documents and then kept up to date note
//! by note ([`Model::from_docs`], [`Model::apply`]: the dev server). Both
//! give the same bytes; a test holds them to it.
//!
//! [`Model::index_files`] and [`Model::doc_files`] write it out under
//! `search/`, each file a script `loreSearchData("name", {json});` so
//! that `<script src>` loads it from file:// too:
//!
//! - `meta.js`: the search spec ([`crate::search::spec`]: fields, boosts,
//!   BM25's k1 and b, prefix, typo and snippet limits), counts, tantivy's
//!   256-entry field-length table, the first term of every block and
//!   dictionary chunk, and the number of typo buckets;
//! - `b/N.js`: a block of consecutive terms (in code point order) with their
//!   postings; `p/N.js`: the same terms' positions (loaded for phrases and
//!   long CJK runs only);
//! - `t/N.js`: dictionary chunks, terms only (prefix expansion, and the
//!   typo candidates that start like the word);
//! - `r/N.js`: typo buckets, the terms of 4+ characters by their last two
//!   characters (the typo candidates that end like the word);
//! - `d/N.js`: one document's title, URL, path and text (for snippets);
//! - `topics.js`: the documents of each topic.
//!
//! Block boundaries depend only on the terms around them (a boundary after
//! a term whose hash ends in 5 zero bits, before and after a term too big
//! to share, or when a block would pass 16 KiB), so editing one note
//! rewrites only the blocks of its terms. Numbers are packed with
//! [`varint`]: postings are (doc gap, tf - 1, length id) triples; a term's
//! postings are one string, the bitmask of its fields then each field's
//! postings, `.` between them, and its positions one string of its
//! positional fields' positions.
//! [`typo`] says how the typo fallback finds every term one edit away.

mod analyze;
mod live;
mod typo;
mod varint;

pub(crate) use live::LiveExport;

use super::spec::{Field, FIELD_COUNT, SPEC};
use super::SearchDoc;
use crate::error::{Error, Result};
use bytes::Bytes;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A term whose postings pass this many bytes gets a block of its own.
const BIG_TERM: usize = 8 * 1024;
/// A block is closed before it would pass this many bytes.
const BLOCK_CAP: usize = 16 * 1024;
/// A block ends after a term whose hash is 0 modulo this.
const BLOCK_SPLIT: u64 = 32;
/// A dictionary chunk ends after a term whose hash is 0 modulo this.
const DICT_SPLIT: u64 = 512;
/// Format version, in `meta.js`.
const VERSION: u32 = 3;

/// One document in one field's postings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Posting {
    pub doc: u32,
    pub tf: u32,
    /// tantivy's field-length id (`fieldnorm_to_id`).
    pub norm: u8,
    /// Token positions; only for positional fields ([`Field::positional`]).
    pub positions: Vec<u32>,
}

/// A term's postings in one field, packed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FieldPostings {
    /// (doc gap, tf - 1, length id) per document.
    post: String,
    /// Per document: its first position, then gaps - 1.
    pos: String,
    df: u32,
    last: u32,
}

impl FieldPostings {
    fn push(&mut self, p: &Posting, positional: bool) {
        let gap = if self.df == 0 {
            p.doc
        } else {
            p.doc - self.last - 1
        };
        varint::put(&mut self.post, gap);
        varint::put(&mut self.post, p.tf - 1);
        varint::put(&mut self.post, u32::from(p.norm));
        if positional {
            let mut prev = None;
            for &at in &p.positions {
                varint::put(&mut self.pos, prev.map_or(at, |q: u32| at - q - 1));
                prev = Some(at);
            }
        }
        self.df += 1;
        self.last = p.doc;
    }

    /// Replaces document `n`'s posting with `new` (or removes it), without
    /// unpacking the others: only the bytes of `n` and its successor's gap
    /// change.
    fn splice(&mut self, n: u32, new: Option<&Posting>, positional: bool) {
        let mut post = varint::Reader::new(&self.post);
        let mut pos = varint::Reader::new(&self.pos);
        // The bytes to replace: `n`'s posting (if any) and its successor's
        // gap, or an empty range where `n` goes.
        let end = (self.post.len(), self.pos.len());
        let (mut cut, mut resume) = (end, end);
        let mut prev: Option<u32> = None; // the last document before `n`
        let mut last: Option<u32> = None; // the last document read
        let mut existed = false;
        let mut next: Option<u32> = None; // the first document after `n`
        for _ in 0..self.df {
            let start = (post.offset(), pos.offset());
            let gap = post.next();
            let doc = last.map_or(gap, |l| l + gap + 1);
            if doc > n {
                if !existed {
                    cut = start;
                }
                next = Some(doc);
                resume = (post.offset(), start.1);
                break;
            }
            let tf = post.next() + 1;
            post.next();
            if positional {
                for _ in 0..tf {
                    pos.next();
                }
            }
            if doc == n {
                existed = true;
                cut = start;
                resume = (post.offset(), pos.offset());
            } else {
                prev = Some(doc);
            }
            last = Some(doc);
        }
        let gap = |from: Option<u32>, to: u32| from.map_or(to, |f| to - f - 1);
        let mut middle = String::new();
        let mut middle_pos = String::new();
        let mut before_next = prev;
        if let Some(p) = new {
            varint::put(&mut middle, gap(prev, p.doc));
            varint::put(&mut middle, p.tf - 1);
            varint::put(&mut middle, u32::from(p.norm));
            if positional {
                let mut at_prev = None;
                for &at in &p.positions {
                    varint::put(&mut middle_pos, gap(at_prev, at));
                    at_prev = Some(at);
                }
            }
            before_next = Some(p.doc);
        }
        if let Some(d) = next {
            varint::put(&mut middle, gap(before_next, d));
        }
        self.post.replace_range(cut.0..resume.0, &middle);
        if positional {
            self.pos.replace_range(cut.1..resume.1, &middle_pos);
        }
        self.df = self.df + u32::from(new.is_some()) - u32::from(existed);
        if next.is_none() {
            self.last = before_next.unwrap_or(0);
        }
    }

    fn encode(postings: &[Posting], positional: bool) -> Self {
        let mut out = FieldPostings::default();
        for p in postings {
            out.push(p, positional);
        }
        out
    }

    fn decode(&self, positional: bool) -> Vec<Posting> {
        let mut post = varint::Reader::new(&self.post);
        let mut pos = varint::Reader::new(&self.pos);
        let mut out = Vec::with_capacity(self.df as usize);
        let mut doc = 0;
        for i in 0..self.df {
            let gap = post.next();
            doc = if i == 0 { gap } else { doc + gap + 1 };
            let tf = post.next() + 1;
            let norm = post.next() as u8;
            let positions = if positional {
                let mut at = 0;
                (0..tf)
                    .map(|j| {
                        let g = pos.next();
                        at = if j == 0 { g } else { at + g + 1 };
                        at
                    })
                    .collect()
            } else {
                Vec::new()
            };
            out.push(Posting {
                doc,
                tf,
                norm,
                positions,
            });
        }
        out
    }
}

/// What the browser needs to rank like tantivy; see the module docs.
#[derive(Debug, Default)]
pub(crate) struct Model {
    /// Document number -> URL; numbers follow URL order.
    urls: Vec<String>,
    /// Every term seen -> its id in `postings`.
    ids: BTreeMap<String, u32>,
    postings: Vec<[FieldPostings; FIELD_COUNT]>,
    /// Total tokens per field.
    tokens: [u64; FIELD_COUNT],
    /// Documents of each topic (and each parent topic), in order.
    topics: BTreeMap<String, Vec<u32>>,
    /// Per document, for updates ([`Model::from_docs`] only): its tokens
    /// per field, its term ids, its topics.
    doc_tokens: Vec<[u32; FIELD_COUNT]>,
    doc_terms: Vec<Vec<u32>>,
    doc_topics: Vec<Vec<String>>,
    /// Terms changed since the last [`Model::index_files_cached`]; every
    /// term after a renumbering.
    dirty: HashSet<u32>,
    dirty_all: bool,
}

/// How an export's files are held: as they are (what `lore build`
/// writes), or as gzip data ([`crate::gzip`]: what the dev server keeps).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Encoding {
    #[default]
    Plain,
    Gzip,
}

impl Encoding {
    /// A file (`plain`) held in this encoding.
    pub(crate) fn encode(self, plain: Bytes) -> Bytes {
        match self {
            Encoding::Plain => plain,
            Encoding::Gzip => crate::gzip::compress(&plain),
        }
    }

    /// The file that `held`, in this encoding, holds (`None` when it is
    /// not gzip data after all).
    pub(crate) fn decode(self, held: &Bytes) -> Option<Bytes> {
        match self {
            Encoding::Plain => Some(held.clone()),
            Encoding::Gzip => crate::gzip::inflate(held).map(Bytes::from),
        }
    }
}

/// The block files of the last export, reused while their terms are
/// unchanged: (block number, term ids) -> (postings, positions) files.
#[derive(Default)]
pub(crate) struct BlockCache {
    blocks: HashMap<(usize, Vec<u32>), ([Bytes; 2], u64)>,
    /// How the block files, and every file the export gives with this
    /// cache ([`Model::index_files_cached`]), are held.
    pub encoding: Encoding,
}

/// Every topic and parent topic of a document (`a/b` gives `a`, `a/b`).
fn topic_keys(topics: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in topics {
        for topic in crate::topics::topic_ancestry(t) {
            if !out.iter().any(|o| o == topic) {
                out.push(topic.to_owned());
            }
        }
    }
    out
}

impl Model {
    /// Reads the postings of the fresh, single-segment index `lore build`
    /// wrote. `docs` are the documents it holds.
    pub(crate) fn from_index(index: &super::SearchIndex, docs: &[SearchDoc]) -> Result<Model> {
        let mut model = Model {
            urls: sorted_urls(docs),
            ..Model::default()
        };
        let searcher = index.reader.searcher();
        let segments = searcher.segment_readers();
        let Some(segment) = segments.first() else {
            return Ok(model);
        };
        if segments.len() > 1 || segment.num_deleted_docs() > 0 {
            return Err(fail(&"the index is not one fresh segment"));
        }
        let number = model.doc_numbers(index, segment)?;
        for field in Field::ALL {
            model.read_field(index, segment, field, &number)?;
        }
        model.read_topics(index, segment, &number)?;
        Ok(model)
    }

    /// For each of tantivy's document ids, our number (the rank of its URL).
    fn doc_numbers(
        &self,
        index: &super::SearchIndex,
        segment: &tantivy::SegmentReader,
    ) -> Result<Vec<u32>> {
        use tantivy::schema::Value;
        let store = segment.get_store_reader(0).map_err(|e| fail(&e))?;
        let mut number = Vec::with_capacity(segment.max_doc() as usize);
        for id in 0..segment.max_doc() {
            let doc: tantivy::TantivyDocument = store.get(id).map_err(|e| fail(&e))?;
            let url = doc
                .get_first(index.fields.url)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let n = self
                .urls
                .binary_search_by(|u| u.as_str().cmp(url))
                .map_err(|_| fail(&format!("`{url}` is not a document")))?;
            number.push(n as u32);
        }
        Ok(number)
    }

    /// The postings of every term of one text field, and its token count.
    fn read_field(
        &mut self,
        index: &super::SearchIndex,
        segment: &tantivy::SegmentReader,
        text_field: Field,
        number: &[u32],
    ) -> Result<()> {
        use tantivy::postings::Postings;
        use tantivy::schema::IndexRecordOption;
        use tantivy::{DocSet, TERMINATED};
        let (f, positional) = (text_field.index(), text_field.positional());
        let field = index.fields.text(text_field);
        let inverted = segment.inverted_index(field).map_err(|e| fail(&e))?;
        self.tokens[f] = inverted.total_num_tokens();
        let norms = segment.get_fieldnorms_reader(field).map_err(|e| fail(&e))?;
        let option = if positional {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        let mut raw: Vec<Posting> = Vec::new();
        let mut stream = inverted.terms().stream().map_err(|e| fail(&e))?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let mut postings = inverted
                .read_postings_from_terminfo(stream.value(), option)
                .map_err(|e| fail(&e))?;
            raw.clear();
            while postings.doc() != TERMINATED {
                let id = postings.doc();
                let mut positions = Vec::new();
                if positional {
                    postings.positions(&mut positions);
                }
                raw.push(Posting {
                    doc: number[id as usize],
                    tf: postings.term_freq(),
                    norm: norms.fieldnorm_id(id),
                    positions,
                });
                postings.advance();
            }
            raw.sort_by_key(|p| p.doc);
            let id = self.intern(term);
            self.postings[id as usize][f] = FieldPostings::encode(&raw, positional);
        }
        Ok(())
    }

    /// The documents of each topic, by number.
    fn read_topics(
        &mut self,
        index: &super::SearchIndex,
        segment: &tantivy::SegmentReader,
        number: &[u32],
    ) -> Result<()> {
        use tantivy::schema::IndexRecordOption;
        use tantivy::{DocSet, TERMINATED};
        let inverted = segment
            .inverted_index(index.fields.topic)
            .map_err(|e| fail(&e))?;
        let mut stream = inverted.terms().stream().map_err(|e| fail(&e))?;
        while stream.advance() {
            let Ok(topic) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let mut postings = inverted
                .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
                .map_err(|e| fail(&e))?;
            let mut list = Vec::new();
            while postings.doc() != TERMINATED {
                list.push(number[postings.doc() as usize]);
                postings.advance();
            }
            list.sort_unstable();
            self.topics.insert(topic.to_owned(), list);
        }
        Ok(())
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.postings.len() as u32;
        self.ids.insert(term.to_owned(), id);
        self.postings.push(Default::default());
        id
    }

    /// The URL of every document, in document-number order.
    pub(crate) fn urls(&self) -> &[String] {
        &self.urls
    }

    /// Every file of the export except the documents' own (`search/…` ->
    /// bytes).
    pub(crate) fn index_files(&self) -> BTreeMap<String, Bytes> {
        self.write_index(&mut BlockCache::default(), false)
    }

    /// [`Model::index_files`], reusing the blocks of `cache` whose terms did
    /// not change since it was filled; every file in the cache's
    /// [`Encoding`].
    pub(crate) fn index_files_cached(&mut self, cache: &mut BlockCache) -> BTreeMap<String, Bytes> {
        let files = self.write_index(cache, !self.dirty_all);
        self.dirty.clear();
        self.dirty_all = false;
        files
    }

    fn write_index(&self, cache: &mut BlockCache, reuse: bool) -> BTreeMap<String, Bytes> {
        let live: Vec<Entry> = self
            .ids
            .iter()
            .map(|(t, &id)| (t.as_str(), id, &self.postings[id as usize]))
            .filter(|(_, _, p)| p.iter().any(|f| f.df > 0))
            .collect();
        let mut out = Written {
            files: BTreeMap::new(),
            stamp: self.urls.len() as u64,
            encoding: cache.encoding,
        };
        let firsts = self.write_blocks(&live, cache, reuse, &mut out);
        let dict_firsts = write_dict(&live, &mut out);
        let buckets = typo::buckets(live.iter().map(|e| e.0));
        for (i, terms) in buckets.iter().enumerate() {
            out.script(&format!("r/{i}"), &serde_json::json!({ "t": terms }));
        }
        let topics: BTreeMap<&str, String> = self
            .topics
            .iter()
            .filter(|(_, docs)| !docs.is_empty())
            .map(|(t, docs)| (t.as_str(), varint::gaps(docs)))
            .collect();
        out.script("topics", &serde_json::json!({ "topics": topics }));
        let norms: Vec<u32> = (0..=255u8)
            .map(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm)
            .collect();
        let json = serde_json::json!({
            "version": VERSION,
            "stamp": format!("{:016x}", out.stamp),
            "docs": self.urls.len(),
            "spec": SPEC.json(),
            "tokens": self.tokens,
            "norms": norms,
            "blocks": firsts,
            "dict": dict_firsts,
            "typoBuckets": buckets.len(),
        });
        out.files.insert(
            file_path("meta"),
            out.encoding.encode(data_script("meta", &json)),
        );
        out.files
    }

    /// The postings and positions files of each block of `live` terms,
    /// from `cache` when `reuse` allows and none of its terms changed (the
    /// cache keeps this export's blocks). Returns each block's first term.
    fn write_blocks<'m>(
        &self,
        live: &[Entry<'m>],
        cache: &mut BlockCache,
        reuse: bool,
        out: &mut Written,
    ) -> Vec<&'m str> {
        let mut firsts: Vec<&str> = Vec::new();
        let mut kept = HashMap::new();
        for (i, block) in blocks(live).into_iter().enumerate() {
            firsts.push(block[0].0);
            let ids: Vec<u32> = block.iter().map(|e| e.1).collect();
            let key = (i, ids);
            let fresh = reuse && !key.1.iter().any(|id| self.dirty.contains(id));
            let ([b, p], digest) = match cache.blocks.remove(&key).filter(|_| fresh) {
                Some(done) => done,
                None => {
                    let files = block_files(i, &block);
                    let digest = hash_bytes(&files[0]) ^ hash_bytes(&files[1]).rotate_left(1);
                    (files.map(|f| cache.encoding.encode(f)), digest)
                }
            };
            out.stamp = mix(out.stamp, digest);
            out.files.insert(file_path(&format!("b/{i}")), b.clone());
            out.files.insert(file_path(&format!("p/{i}")), p.clone());
            kept.insert(key, ([b, p], digest));
        }
        cache.blocks = kept;
        firsts
    }

    /// The file of each of `docs` (which must be documents of the model).
    pub(crate) fn doc_files<'d>(
        &self,
        docs: impl IntoIterator<Item = &'d SearchDoc>,
    ) -> BTreeMap<String, Bytes> {
        doc_files(&self.urls, docs)
    }

    /// The whole export: index files and every document's file (the tests
    /// compare exports whole; a build writes the two parts apart).
    #[cfg(test)]
    pub(crate) fn files(&self, docs: &[SearchDoc]) -> BTreeMap<String, Bytes> {
        let mut files = self.index_files();
        files.extend(self.doc_files(docs));
        files
    }
}

/// The file of each of `docs`, numbered by its place in `urls` (the
/// sorted URLs of all documents, as [`sorted_urls`] gives them). It needs
/// no model, so a build can write these and let the texts go before the
/// model is made.
pub(crate) fn doc_files<'d>(
    urls: &[String],
    docs: impl IntoIterator<Item = &'d SearchDoc>,
) -> BTreeMap<String, Bytes> {
    let mut files = BTreeMap::new();
    for d in docs {
        let Ok(n) = urls.binary_search(&d.url) else {
            continue;
        };
        let name = format!("d/{n}");
        let json = serde_json::json!({
            "title": d.title,
            "url": d.url,
            "path": d.path,
            "body": d.body,
        });
        files.insert(file_path(&name), data_script(&name, &json));
    }
    files
}

/// Every document's URL, sorted and without repeats: a document's number.
pub(crate) fn sorted_urls(docs: &[SearchDoc]) -> Vec<String> {
    let mut urls: Vec<String> = docs.iter().map(|d| d.url.clone()).collect();
    urls.sort();
    urls.dedup();
    urls
}

/// An error reading the index for the export.
fn fail(e: &dyn std::fmt::Display) -> Error {
    Error::Other(format!("search export: {e}"))
}

/// The path of a data file in the output.
fn file_path(name: &str) -> String {
    format!("search/{name}.js")
}

/// `loreSearchData("name", json);`: safe in any script context (U+2028
/// and U+2029 escaped; the JSON has no raw `<` issue as it is never
/// inlined in HTML).
fn data_script(name: &str, json: &serde_json::Value) -> Bytes {
    let body = json
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    Bytes::from(format!("loreSearchData({name:?},{body});\n"))
}

/// FNV-1a: stable across runs and machines (block boundaries depend on it).
fn hash(term: &str) -> u64 {
    hash_bytes(term.as_bytes())
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Folds `digest` into `stamp`, in order.
fn mix(stamp: u64, digest: u64) -> u64 {
    (stamp ^ digest)
        .wrapping_mul(0x0100_0000_01b3)
        .rotate_left(23)
}

/// A term, its id, its postings.
type Entry<'m> = (&'m str, u32, &'m [FieldPostings; FIELD_COUNT]);

/// The files of an export being written, and a stamp that changes with
/// any of them: an open page of the dev server compares it to drop what
/// it loaded before an edit.
struct Written {
    /// Every file, in `encoding`.
    files: BTreeMap<String, Bytes>,
    stamp: u64,
    encoding: Encoding,
}

impl Written {
    /// Adds the data script `name` holding `json`.
    fn script(&mut self, name: &str, json: &serde_json::Value) {
        let script = data_script(name, json);
        self.stamp = mix(self.stamp, hash_bytes(&script));
        self.files
            .insert(file_path(name), self.encoding.encode(script));
    }
}

/// The term dictionary's files: the `live` terms in chunks cut where a
/// term's hash says (so an edit changes few chunks). Returns each chunk's
/// first term.
fn write_dict<'m>(live: &[Entry<'m>], out: &mut Written) -> Vec<&'m str> {
    let mut firsts: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, (term, _, _)) in live.iter().enumerate() {
        if i + 1 == live.len() || hash(term).is_multiple_of(DICT_SPLIT) {
            let chunk: Vec<&str> = live[start..=i].iter().map(|e| e.0).collect();
            let name = format!("t/{}", firsts.len());
            firsts.push(chunk[0]);
            out.script(&name, &serde_json::json!({ "t": chunk }));
            start = i + 1;
        }
    }
    firsts
}

/// The postings and positions files of block `i`.
fn block_files(i: usize, block: &[Entry]) -> [Bytes; 2] {
    let terms: Vec<&str> = block.iter().map(|e| e.0).collect();
    let post: Vec<String> = block.iter().map(|e| packed_postings(e.2)).collect();
    let pos: Vec<String> = block.iter().map(|e| packed_positions(e.2)).collect();
    let name = format!("b/{i}");
    let b = data_script(&name, &serde_json::json!({ "t": terms, "p": post }));
    let name = format!("p/{i}");
    let p = data_script(&name, &serde_json::json!({ "q": pos }));
    [b, p]
}

/// A term's postings in one string: the set of fields that hold it (a
/// bitmask, one [`varint`] digit), then each of those fields' postings,
/// separated by `.`.
fn packed_postings(fields: &[FieldPostings; FIELD_COUNT]) -> String {
    let mask = (0..FIELD_COUNT)
        .filter(|&f| fields[f].df > 0)
        .fold(0, |m, f| m | 1 << f);
    let mut out = String::new();
    varint::put(&mut out, mask);
    let present: Vec<&str> = fields
        .iter()
        .filter(|f| f.df > 0)
        .map(|f| f.post.as_str())
        .collect();
    out.push_str(&present.join("."));
    out
}

/// A term's positions in the positional fields that hold it, in field
/// order, separated by `.`.
fn packed_positions(fields: &[FieldPostings; FIELD_COUNT]) -> String {
    let present: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| f.positional() && fields[f.index()].df > 0)
        .map(|f| fields[f.index()].pos.as_str())
        .collect();
    present.join(".")
}

/// Splits the sorted terms into blocks (see the module docs).
fn blocks<'m>(terms: &[Entry<'m>]) -> Vec<Vec<Entry<'m>>> {
    let mut out = Vec::new();
    let mut block: Vec<Entry<'m>> = Vec::new();
    let mut size = 0;
    for &entry in terms {
        let own = entry.0.len() + entry.2.iter().map(|f| f.post.len()).sum::<usize>();
        if own > BIG_TERM {
            if !block.is_empty() {
                out.push(std::mem::take(&mut block));
            }
            out.push(vec![entry]);
            size = 0;
            continue;
        }
        if !block.is_empty() && size + own > BLOCK_CAP {
            out.push(std::mem::take(&mut block));
            size = 0;
        }
        block.push(entry);
        size += own;
        if hash(entry.0).is_multiple_of(BLOCK_SPLIT) {
            out.push(std::mem::take(&mut block));
            size = 0;
        }
    }
    if !block.is_empty() {
        out.push(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchChanges;

    #[test]
    fn postings_pack_and_unpack() {
        let postings = vec![
            Posting {
                doc: 0,
                tf: 2,
                norm: 7,
                positions: vec![0, 40],
            },
            Posting {
                doc: 1000,
                tf: 1,
                norm: 255,
                positions: vec![70_000],
            },
        ];
        let packed = FieldPostings::encode(&postings, true);
        assert_eq!(packed.decode(true), postings);
        let plain = FieldPostings::encode(&postings, false);
        assert!(plain.pos.is_empty());
        assert_eq!(plain.decode(false)[1].doc, 1000);
    }

    fn doc(url: &str, title: &str, body: &str, topics: &[&str]) -> SearchDoc {
        SearchDoc {
            title: title.into(),
            aliases: vec![format!("{title} alias"), "second alias value".into()],
            headings: format!("About {title}\nMore headings"),
            body: body.into(),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
            url: url.into(),
            path: format!("content/{url}.md"),
        }
    }

    fn corpus() -> Vec<SearchDoc> {
        let long = "x".repeat(45);
        vec![
            doc(
                "etcd/",
                "etcd",
                "Take a snapshot with etcdctl snapshot save. Snapshots!",
                &["storage"],
            ),
            doc(
                "pods/",
                "Pods",
                &format!("Pods run containers. {long} kube-apiserver 10.32.0.0/24 Café 東京 😀"),
                &["workloads", "workloads/core"],
            ),
            doc(
                "a/b/",
                "<img src=x onerror=alert(1)>",
                "Body with </script> and \u{2028} separator",
                &[],
            ),
            doc(
                "deploy/",
                "Deployments",
                "A rollout replaces pods; rollouts roll out rolling pods pods.",
                &["workloads"],
            ),
        ]
    }

    fn tantivy_export(docs: &[SearchDoc]) -> BTreeMap<String, Bytes> {
        let dir = tempfile::tempdir().unwrap();
        let index = crate::search::open_or_build(dir.path(), docs).unwrap();
        Model::from_index(&index, docs).unwrap().files(docs)
    }

    #[test]
    fn analyzing_the_documents_gives_the_bytes_of_the_tantivy_index() {
        let docs = corpus();
        let from_tantivy = tantivy_export(&docs);
        let analyzed = Model::from_docs(&docs).files(&docs);
        assert!(from_tantivy.contains_key("search/meta.js"));
        assert!(from_tantivy.contains_key("search/d/3.js"));
        for (name, bytes) in &from_tantivy {
            assert_eq!(analyzed.get(name), Some(bytes), "{name} differs");
        }
        assert_eq!(analyzed.len(), from_tantivy.len());
    }

    #[test]
    fn updates_note_by_note_equal_a_fresh_export() {
        let mut docs = corpus();
        let mut model = Model::from_docs(&docs);
        // Edit one, add one, remove one, rename one.
        docs[0].body = "Restore from a snapshot; defragment etcd.".into();
        docs[0].topics = vec!["storage/backup".into()];
        let added = doc(
            "new/",
            "New note",
            "Brand new pods and etcd words",
            &["fresh"],
        );
        let removed = docs.remove(2);
        let mut renamed = docs[2].clone();
        renamed.url = "zz-deploy/".into();
        let old_url = std::mem::replace(&mut docs[2], renamed.clone()).url;
        docs.push(added.clone());
        let changes = SearchChanges {
            full: false,
            upserts: vec![docs[0].clone(), added, renamed],
            removed: vec![removed.url, old_url],
        };
        assert!(model.apply(&changes));
        let fresh = tantivy_export(&docs);
        let updated = model.files(&docs);
        for (name, bytes) in &fresh {
            assert_eq!(updated.get(name), Some(bytes), "{name} differs");
        }
        assert_eq!(updated.len(), fresh.len());
    }

    #[test]
    fn splicing_one_document_equals_packing_again() {
        let at = |doc: u32, tf: u32| Posting {
            doc,
            tf,
            norm: (doc % 200) as u8,
            positions: (0..tf).map(|i| doc + i * 3).collect(),
        };
        let base: Vec<Posting> = [2, 5, 40, 41, 1000]
            .iter()
            .map(|&d| at(d, d % 3 + 1))
            .collect();
        for n in [0, 2, 3, 5, 40, 41, 500, 1000, 2000] {
            for new in [None, Some(at(n, 2))] {
                let mut spliced = FieldPostings::encode(&base, true);
                spliced.splice(n, new.as_ref(), true);
                let mut want: Vec<Posting> = base.iter().filter(|p| p.doc != n).cloned().collect();
                want.extend(new.clone());
                want.sort_by_key(|p| p.doc);
                assert_eq!(
                    spliced,
                    FieldPostings::encode(&want, true),
                    "doc {n}, {new:?}"
                );
            }
        }
        let mut empty = FieldPostings::default();
        empty.splice(7, Some(&at(7, 1)), false);
        assert_eq!(empty, FieldPostings::encode(&[at(7, 1)], false));
    }

    #[test]
    fn a_terms_postings_are_one_string_of_the_fields_that_hold_it() {
        let at = |doc: u32| Posting {
            doc,
            tf: 1,
            norm: 3,
            positions: vec![doc],
        };
        let (title, body) = (Field::Title.index(), Field::Body.index());
        let mut fields: [FieldPostings; FIELD_COUNT] = Default::default();
        fields[title] = FieldPostings::encode(&[at(1)], true);
        fields[body] = FieldPostings::encode(&[at(2), at(5)], true);
        let body_post = fields[body].post.clone();
        // Title and body, fields 0 and 4: the bitmask 0b10001, one varint
        // digit.
        assert_eq!(
            packed_postings(&fields),
            format!("R{}.{body_post}", fields[title].post)
        );
        assert_eq!(
            packed_positions(&fields),
            format!("{}.{}", fields[title].pos, fields[body].pos)
        );
        fields[title] = FieldPostings::default();
        assert_eq!(packed_postings(&fields), format!("Q{body_post}"));
        assert_eq!(packed_positions(&fields), fields[body].pos);
    }

    #[test]
    fn the_dictionary_is_every_live_term_in_chunks_cut_by_hash() {
        let none: [FieldPostings; FIELD_COUNT] = Default::default();
        let terms: Vec<String> = (0..3000).map(|i| format!("term{i:04}")).collect();
        let live: Vec<Entry> = (0..terms.len())
            .map(|i| (terms[i].as_str(), i as u32, &none))
            .collect();
        let mut out = Written {
            files: BTreeMap::new(),
            stamp: 0,
            encoding: Encoding::Plain,
        };
        let firsts = write_dict(&live, &mut out);
        assert!(firsts.len() > 1, "3000 terms fit one chunk");
        let mut read_back: Vec<String> = Vec::new();
        for (i, first) in firsts.iter().enumerate() {
            let name = format!("t/{i}");
            let script = std::str::from_utf8(&out.files[&file_path(&name)]).unwrap();
            let json = script
                .strip_prefix(&format!("loreSearchData(\"{name}\","))
                .and_then(|s| s.strip_suffix(");\n"))
                .unwrap();
            let chunk: Vec<String> = serde_json::from_value(
                serde_json::from_str::<serde_json::Value>(json).unwrap()["t"].clone(),
            )
            .unwrap();
            assert_eq!(chunk[0], *first);
            let last = chunk.last().unwrap();
            let is_end = last == terms.last().unwrap();
            assert!(is_end || hash(last).is_multiple_of(DICT_SPLIT), "{name}");
            read_back.extend(chunk);
        }
        assert_eq!(read_back, terms);
        assert_eq!(out.files.len(), firsts.len());
        assert_ne!(out.stamp, 0, "the stamp follows the files");
    }

    #[test]
    fn data_scripts_escape_line_separators() {
        let s = data_script("d/0", &serde_json::json!({"body": "a\u{2028}b</script>"}));
        let s = std::str::from_utf8(&s).unwrap();
        assert!(s.starts_with("loreSearchData(\"d/0\",{"));
        assert!(s.contains("a\\u2028b</script>"));
        assert!(!s.contains('\u{2028}'));
    }
}
