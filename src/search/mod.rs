//! Full-text search with tantivy: the schema, building the index of every
//! published note into the site's cache folder (`.lore/search/`), and
//! answering queries (`query`) with BM25, field boosts and snippets. Text
//! goes through Lore's [`analyzer`]: English words stemmed, CJK text as
//! character bigrams. The fields, their boosts and every other ranking rule
//! are `spec`'s table, which the browser's client reads too.
//!
//! The index is built aside (`.lore/search.tmp`) and renamed into place, so
//! a reader never sees half an index and two processes never write the
//! same one (tantivy's lock guards the writer).
//!
//! Outside the crate, this module is what the browser's client must agree
//! with, for the differential tests: [`plan`] (a query's plan), [`SPEC`]
//! (the ranking table `meta.js` carries) and the analyzers ([`analyzer`],
//! [`unstemmed`]).

pub(crate) mod analyzer;
pub(crate) mod export;
pub(crate) mod fresh;
mod matcher;
mod query;
mod snippet;
pub(crate) mod spec;

// The public part (`tests/it/search_spec.rs`, `tests/heavy/stemmer.rs`).
pub use analyzer::{analyzer, unstemmed};
pub use query::{plan, Plan, QueryError};
pub use spec::{Spec, SPEC};

pub(crate) use query::parse;

use crate::error::{Error, Result};
use serde::Serialize;
use spec::{Field, FIELD_COUNT};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, TantivyDocument};

/// One note as the index sees it.
#[derive(Debug, Clone)]
pub(crate) struct SearchDoc {
    pub(crate) title: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) headings: String,
    pub(crate) body: String,
    pub(crate) topics: Vec<String>,
    /// Root-relative page URL (`etcd/`).
    pub(crate) url: String,
    /// Source path (`content/etcd.md`).
    pub(crate) path: String,
}

/// The search document of a note.
pub(crate) fn search_doc(
    note: &crate::load::SourceNote,
    title: &str,
    topics: &[String],
) -> SearchDoc {
    let plain = crate::markdown::plain_text(note);
    SearchDoc {
        title: title.to_owned(),
        aliases: note.fm.aliases.clone(),
        headings: plain.headings,
        body: plain.body,
        topics: topics.to_vec(),
        url: note.url.clone(),
        path: note.source.to_string_lossy().replace('\\', "/"),
    }
}

impl SearchDoc {
    /// The values the index gets for a text field, in order (a topic's
    /// `/` and `-` as spaces, so its words are words).
    pub(crate) fn values(&self, field: Field) -> Vec<Cow<'_, str>> {
        match field {
            Field::Title => vec![Cow::from(&self.title)],
            Field::Aliases => self.aliases.iter().map(Cow::from).collect(),
            Field::Headings => vec![Cow::from(&self.headings)],
            Field::Topics => self
                .topics
                .iter()
                .map(|t| Cow::from(t.replace(['/', '-'], " ")))
                .collect(),
            Field::Body => vec![Cow::from(&self.body)],
        }
    }
}

/// The index's fields: the text fields of [`spec::SPEC`], by [`Field`],
/// and the others.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    text: [tantivy::schema::Field; FIELD_COUNT],
    /// Exact topic names (and their parents), for `topic:` filters.
    pub(crate) topic: tantivy::schema::Field,
    pub(crate) url: tantivy::schema::Field,
    pub(crate) path: tantivy::schema::Field,
}

impl Fields {
    /// The index field of a text field.
    pub(crate) fn text(&self, field: Field) -> tantivy::schema::Field {
        self.text[field.index()]
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let text = SPEC.fields.each_ref().map(|f| match f.stored {
        true => b.add_text_field(f.name, text.clone() | STORED),
        false => b.add_text_field(f.name, text.clone()),
    });
    let fields = Fields {
        text,
        topic: b.add_text_field("topic", STRING),
        url: b.add_text_field("url", STRING | STORED | FAST),
        path: b.add_text_field("path", STRING | STORED),
    };
    (b.build(), fields)
}

/// An open index and its reader.
pub(crate) struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
}

/// Where a site keeps its index, and the stamp that says what it holds.
pub(crate) fn index_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join("search")
}

const STAMP: &str = "lore-stamp";
/// Bumped whenever the schema changes, so an older index is rebuilt.
const SCHEMA_VERSION: u32 = 4;

/// A key for the set of documents: an index with another stamp is stale.
pub(crate) fn stamp_of(docs: &[SearchDoc]) -> String {
    use std::hash::{Hash, Hasher};
    // Persisted next to the index: a stable hash, not `DefaultHasher`.
    let mut h = crate::fingerprint::hasher();
    for d in docs {
        (
            &d.url,
            &d.path,
            &d.title,
            &d.headings,
            &d.body,
            &d.aliases,
            &d.topics,
        )
            .hash(&mut h);
    }
    format!(
        "{}-schema{SCHEMA_VERSION}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        h.finish()
    )
}

fn io<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(std::io::Error) -> Error + 'p {
    move |e| Error::io(action, path, e)
}

fn tantivy_error(path: &Path) -> impl FnOnce(tantivy::TantivyError) -> Error + '_ {
    move |e| Error::Other(format!("search index in `{}`: {e}", path.display()))
}

/// Opens the index in `cache_dir`, building it first when it is missing or
/// holds other documents.
pub(crate) fn open_or_build(cache_dir: &Path, docs: &[SearchDoc]) -> Result<SearchIndex> {
    let dir = index_dir(cache_dir);
    let stamp = stamp_of(docs);
    let current = std::fs::read_to_string(dir.join(STAMP)).ok();
    if current.as_deref() != Some(stamp.as_str()) {
        build(cache_dir, docs, &stamp)?;
    }
    open(&dir)
}

pub(crate) fn open(dir: &Path) -> Result<SearchIndex> {
    let (_, fields) = schema();
    let index = Index::open_in_dir(dir).map_err(tantivy_error(dir))?;
    analyzer::register(index.tokenizers());
    let reader = index.reader().map_err(tantivy_error(dir))?;
    Ok(SearchIndex {
        index,
        reader,
        fields,
    })
}

/// Writes a fresh, single-segment index aside and swaps it into place.
pub(crate) fn build(cache_dir: &Path, docs: &[SearchDoc], stamp: &str) -> Result<()> {
    let dir = index_dir(cache_dir);
    let tmp = cache_dir.join(format!("search.tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io("remove", &tmp))?;
    }
    std::fs::create_dir_all(&tmp).map_err(io("create folder", &tmp))?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(&tmp, schema).map_err(tantivy_error(&tmp))?;
    analyzer::register(index.tokenizers());
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(1, 100_000_000)
        .map_err(tantivy_error(&tmp))?;
    for d in docs {
        writer
            .add_document(to_document(&f, d))
            .map_err(tantivy_error(&tmp))?;
    }
    writer.commit().map_err(tantivy_error(&tmp))?;
    // One segment: the static export reads it whole.
    let segments = index
        .searchable_segment_ids()
        .map_err(tantivy_error(&tmp))?;
    if segments.len() > 1 {
        writer
            .merge(&segments)
            .wait()
            .map_err(tantivy_error(&tmp))?;
    }
    writer.wait_merging_threads().map_err(tantivy_error(&tmp))?;
    std::fs::write(tmp.join(STAMP), stamp).map_err(io("write", &tmp))?;
    let old = cache_dir.join(format!("search.old-{}", std::process::id()));
    if dir.exists() {
        std::fs::rename(&dir, &old).map_err(io("move aside", &dir))?;
    }
    std::fs::rename(&tmp, &dir).map_err(io("move into place", &dir))?;
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn to_document(f: &Fields, d: &SearchDoc) -> TantivyDocument {
    let mut document = doc!(
        f.url => d.url.as_str(),
        f.path => d.path.as_str(),
    );
    for field in Field::ALL {
        for value in d.values(field) {
            document.add_text(f.text(field), value);
        }
    }
    for t in &d.topics {
        for topic in crate::topics::topic_ancestry(t) {
            document.add_text(f.topic, topic);
        }
    }
    document
}

/// What changed for the search index since the last build: every document
/// (`full`), or the notes to add or replace and the URLs to drop.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchChanges {
    pub(crate) full: bool,
    pub(crate) upserts: Vec<SearchDoc>,
    pub(crate) removed: Vec<String>,
}

impl SearchIndex {
    /// An index in memory (the dev server's), with these documents.
    pub(crate) fn in_ram(docs: &[SearchDoc]) -> Result<Self> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        analyzer::register(index.tokenizers());
        let here = Path::new("(memory)");
        let reader = index.reader().map_err(tantivy_error(here))?;
        let this = SearchIndex {
            index,
            reader,
            fields,
        };
        this.apply(&SearchChanges {
            full: true,
            upserts: docs.to_vec(),
            removed: Vec::new(),
        })?;
        Ok(this)
    }

    /// Replaces the changed notes' documents, drops the removed ones, and
    /// makes the result visible to searches.
    pub(crate) fn apply(&self, changes: &SearchChanges) -> Result<()> {
        let here = Path::new("(memory)");
        let mut writer = self
            .index
            .writer_with_num_threads::<TantivyDocument>(1, 50_000_000)
            .map_err(tantivy_error(here))?;
        if changes.full {
            writer.delete_all_documents().map_err(tantivy_error(here))?;
        }
        for url in changes
            .removed
            .iter()
            .chain(changes.upserts.iter().map(|d| &d.url))
        {
            writer.delete_term(tantivy::Term::from_field_text(self.fields.url, url));
        }
        for d in &changes.upserts {
            writer
                .add_document(to_document(&self.fields, d))
                .map_err(tantivy_error(here))?;
        }
        writer.commit().map_err(tantivy_error(here))?;
        self.reader.reload().map_err(tantivy_error(here))?;
        Ok(())
    }
}

/// One search result, as `lore search --json` and `/api/search` give it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Hit {
    pub(crate) title: String,
    pub(crate) path: String,
    pub(crate) url: String,
    pub(crate) score: f32,
    pub(crate) snippet: String,
    /// Ranges of `snippet` that matched, in characters.
    pub(crate) highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Answer {
    pub(crate) query: String,
    pub(crate) results: Vec<Hit>,
}
