//! The query language and its execution.
//!
//! `etcd backup` (every word must match; when no note has them all, any
//! word), `"exact phrase"`, `-excluded`, `topic:storage`, and while typing
//! the last word is a prefix (`kube-ap` finds kube-apiserver). When the
//! exact words find nothing, words of 5+ letters also match dictionary
//! terms one edit away (insert, delete, substitute, or swap two neighbours:
//! optimal string alignment distance 1). Prefixes and typos are first expanded to concrete
//! terms of the index; those terms are then scored with BM25, per field,
//! boosted and summed — one rule that a client with the same dictionary can
//! follow exactly.

use super::{Answer, Hit, SearchIndex};
use std::collections::BTreeSet;
use std::fmt;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByString};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Order, Searcher, TantivyDocument, Term};

/// At most this many dictionary terms stand for a prefix.
pub const MAX_PREFIX_TERMS: usize = 50;
/// Words at least this long tolerate one typo.
pub const TYPO_MIN_CHARS: usize = 5;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedQuery {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    pub excluded: Vec<String>,
    pub topics: Vec<String>,
    /// The last word is still being typed: match it as a prefix.
    pub prefix_last: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QueryError {
    Empty,
    UnbalancedQuote { column: usize },
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => {
                f.write_str("the query is empty: give at least one word, phrase or topic:name")
            }
            QueryError::UnbalancedQuote { column } => {
                write!(
                    f,
                    "unbalanced quote at column {column}: close the phrase with another \""
                )
            }
        }
    }
}

impl std::error::Error for QueryError {}

/// Splits a query into words, phrases, exclusions and topic filters.
pub fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
    let mut q = ParsedQuery::default();
    let mut rest = query;
    let mut offset = 0;
    let mut last_is_word = false;
    loop {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        rest = trimmed;
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('"') {
            let Some(end) = after.find('"') else {
                return Err(QueryError::UnbalancedQuote {
                    column: query[..offset].chars().count() + 1,
                });
            };
            if !after[..end].trim().is_empty() {
                q.phrases.push(after[..end].to_owned());
            }
            offset += end + 2;
            rest = &after[end + 1..];
            last_is_word = false;
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..end];
        if let Some(ex) = token.strip_prefix('-').filter(|t| !t.is_empty()) {
            q.excluded.push(ex.to_owned());
            last_is_word = false;
        } else if let Some(topic) = token
            .strip_prefix("topic:")
            .and_then(crate::load::normalize_topic)
        {
            q.topics.push(topic);
            last_is_word = false;
        } else {
            q.words.push(token.to_owned());
            last_is_word = true;
        }
        offset += end;
        rest = &rest[end..];
    }
    q.prefix_last = last_is_word && !query.ends_with(char::is_whitespace);
    if q.words.is_empty() && q.phrases.is_empty() && q.topics.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(q)
}

/// A word of the query as index terms: its stem, and its lowercased form
/// (for prefixes).
struct Word {
    stem: String,
    lower: String,
}

impl SearchIndex {
    fn analyze(&self, text: &str, tokenizer: &str) -> Vec<String> {
        let mut analyzer = self
            .index
            .tokenizers()
            .get(tokenizer)
            .expect("search::analyzer::register registers it");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    fn words(&self, raw: &[String]) -> Vec<Word> {
        raw.iter()
            .flat_map(|w| {
                let stems = self.analyze(w, super::analyzer::NAME);
                let lowers = self.analyze(w, super::analyzer::UNSTEMMED);
                stems
                    .into_iter()
                    .zip(lowers)
                    .map(|(stem, lower)| Word { stem, lower })
            })
            .collect()
    }

    /// Every term of the boosted fields' dictionaries that `keep` accepts.
    fn dictionary_terms(
        &self,
        searcher: &Searcher,
        keep: impl Fn(&str) -> bool,
    ) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for segment in searcher.segment_readers() {
            for (field, _) in self.fields.boosted() {
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().stream() else {
                    continue;
                };
                while stream.advance() {
                    if let Ok(term) = std::str::from_utf8(stream.key()) {
                        if keep(term) {
                            out.insert(term.to_owned());
                        }
                    }
                }
            }
        }
        out
    }

    fn prefix_terms(&self, searcher: &Searcher, prefix: &str) -> BTreeSet<String> {
        let all = self.dictionary_terms(searcher, |t| t.starts_with(prefix));
        all.into_iter().take(MAX_PREFIX_TERMS).collect()
    }

    fn typo_terms(&self, searcher: &Searcher, stem: &str) -> BTreeSet<String> {
        if stem.chars().count() < TYPO_MIN_CHARS {
            return BTreeSet::new();
        }
        self.dictionary_terms(searcher, |t| strsim::osa_distance(t, stem) <= 1)
    }

    /// One word: any of its terms, in any field, boosted and summed.
    fn word_query(&self, terms: &BTreeSet<String>) -> Box<dyn Query> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in self.fields.boosted() {
            for t in terms {
                let q = TermQuery::new(
                    Term::from_field_text(field, t),
                    IndexRecordOption::WithFreqs,
                );
                should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
            }
        }
        Box::new(BooleanQuery::new(should))
    }

    fn phrase_query(&self, phrase: &str) -> Option<Box<dyn Query>> {
        let stems = self.analyze(phrase, super::analyzer::NAME);
        if stems.len() < 2 {
            let terms = stems.into_iter().collect::<BTreeSet<_>>();
            return (!terms.is_empty()).then(|| self.word_query(&terms));
        }
        let per_field =
            [(self.fields.body, 1.0), (self.fields.title, 4.0)].map(|(field, boost)| {
                let terms = stems
                    .iter()
                    .map(|s| Term::from_field_text(field, s))
                    .collect();
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost))
                        as Box<dyn Query>,
                )
            });
        Some(Box::new(BooleanQuery::new(per_field.into())))
    }

    /// Runs a query; `Err` only for a bad query.
    pub fn search(&self, query: &str, limit: usize) -> Result<Answer, QueryError> {
        let parsed = parse(query)?;
        let searcher = self.reader.searcher();
        let words = self.words(&parsed.words);
        let last = words.len().saturating_sub(1);
        let exact: Vec<BTreeSet<String>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut terms = BTreeSet::from([w.stem.clone()]);
                if parsed.prefix_last && i == last {
                    terms.extend(self.prefix_terms(&searcher, &w.lower));
                }
                terms
            })
            .collect();
        let mut constraints: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for p in &parsed.phrases {
            if let Some(q) = self.phrase_query(p) {
                constraints.push((Occur::Must, q));
            }
        }
        // A topic filters; it does not rank (a score of 0).
        for t in &parsed.topics {
            let term = Term::from_field_text(self.fields.topic, t);
            let filter = TermQuery::new(term, IndexRecordOption::Basic);
            constraints.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ));
        }
        for ex in self.words(&parsed.excluded) {
            constraints.push((Occur::MustNot, self.word_query(&BTreeSet::from([ex.stem]))));
        }
        // Words and phrases made of no searchable word ("!!!") find nothing.
        if exact.is_empty() && !constraints.iter().any(|(o, _)| *o == Occur::Must) {
            return Ok(Answer {
                query: query.to_owned(),
                results: Vec::new(),
            });
        }
        let build = |sets: &[BTreeSet<String>], occur: Occur| -> BooleanQuery {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                sets.iter().map(|s| (occur, self.word_query(s))).collect();
            clauses.extend(constraints.iter().map(|(o, q)| (*o, q.box_clone())));
            BooleanQuery::new(clauses)
        };
        // Exact words, then with typos, then any word.
        let mut q = build(&exact, Occur::Must);
        let mut hits = self.top(&searcher, &q, limit);
        if hits.is_empty() && !words.is_empty() {
            let with_typos: Vec<BTreeSet<String>> = exact
                .iter()
                .zip(&words)
                .map(|(set, w)| {
                    set.iter()
                        .cloned()
                        .chain(self.typo_terms(&searcher, &w.stem))
                        .collect()
                })
                .collect();
            q = build(&with_typos, Occur::Must);
            hits = self.top(&searcher, &q, limit);
            if hits.is_empty() && words.len() > 1 {
                q = build(&with_typos, Occur::Should);
                hits = self.top(&searcher, &q, limit);
            }
        }
        let results = self.hits(&searcher, &q, hits);
        Ok(Answer {
            query: query.to_owned(),
            results,
        })
    }

    fn top(
        &self,
        searcher: &Searcher,
        q: &BooleanQuery,
        limit: usize,
    ) -> Vec<(f32, tantivy::DocAddress)> {
        // Best score first; equal scores in URL order (as the browser does).
        let collector = TopDocs::with_limit(limit.max(1)).order_by((
            (SortBySimilarityScore, Order::Desc),
            (SortByString::for_field("url"), Order::Asc),
        ));
        searcher
            .search(q, &collector)
            .unwrap_or_default()
            .into_iter()
            .map(|((score, _), address)| (score, address))
            .collect()
    }

    fn hits(
        &self,
        searcher: &Searcher,
        q: &BooleanQuery,
        top: Vec<(f32, tantivy::DocAddress)>,
    ) -> Vec<Hit> {
        let mut snippets = SnippetGenerator::create(searcher, q, self.fields.body).ok();
        if let Some(s) = snippets.as_mut() {
            s.set_max_num_chars(180);
        }
        let text = |doc: &TantivyDocument, field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        // `top` is already best first, equal scores in URL order.
        top.into_iter()
            .filter_map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address).ok()?;
                let (snippet, highlights) = match snippets
                    .as_ref()
                    .map(|s| s.snippet_from_doc(&doc))
                {
                    Some(s) if !s.fragment().is_empty() => collapse(s.fragment(), s.highlighted()),
                    _ => collapse(
                        &text(&doc, self.fields.body)
                            .chars()
                            .take(180)
                            .collect::<String>(),
                        &[],
                    ),
                };
                Some(Hit {
                    title: text(&doc, self.fields.title),
                    path: text(&doc, self.fields.path),
                    url: text(&doc, self.fields.url),
                    score,
                    snippet,
                    highlights,
                })
            })
            .collect()
    }
}

/// The fragment with runs of white space made one space, and its
/// highlighted byte ranges as character ranges of the result.
fn collapse(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> (String, Vec<[usize; 2]>) {
    let mut out = String::with_capacity(fragment.len());
    // Character index in `out` of every byte offset of `fragment`.
    let mut at = vec![0usize; fragment.len() + 1];
    let mut chars = 0;
    let mut space = false;
    for (i, c) in fragment.char_indices() {
        at[i] = chars;
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            chars += 1;
            space = false;
            at[i] = chars;
        }
        out.push(c);
        chars += 1;
    }
    at[fragment.len()] = chars;
    for i in (0..fragment.len()).rev() {
        if !fragment.is_char_boundary(i) {
            at[i] = at[i + 1];
        }
    }
    let ranges = highlighted
        .iter()
        .map(|r| [at[r.start], at[r.end]])
        .filter(|[a, b]| a < b)
        .collect();
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_parse_into_their_parts() {
        let q = parse("etcd \"exact phrase\" -old topic:Storage kube-ap").unwrap();
        assert_eq!(q.words, ["etcd", "kube-ap"]);
        assert_eq!(q.phrases, ["exact phrase"]);
        assert_eq!(q.excluded, ["old"]);
        assert_eq!(q.topics, ["storage"]);
        assert!(q.prefix_last);
        assert!(!parse("etcd ").unwrap().prefix_last);
    }

    #[test]
    fn collapsing_white_space_keeps_highlights_on_their_words() {
        let (s, h) = collapse("  a\n\n  kube  ctl é", &[2..3, 7..11, 17..19]);
        assert_eq!(s, "a kube ctl é");
        assert_eq!(h, [[0, 1], [2, 6], [11, 12]]);
    }

    #[test]
    fn bad_queries_are_errors() {
        assert_eq!(parse("  "), Err(QueryError::Empty));
        assert_eq!(
            parse("a \"open"),
            Err(QueryError::UnbalancedQuote { column: 3 })
        );
        assert_eq!(parse("-only"), Err(QueryError::Empty));
    }
}
