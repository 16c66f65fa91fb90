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
//! follow exactly. The fields, boosts and limits are [`super::spec`]'s.
//!
//! Chinese, Japanese and Korean text has no spaces between words: a query
//! word's CJK runs ([`analyzer::units`]) each match the notes that hold
//! that exact string. A run of one or two characters is one term (a
//! character, a bigram) and matches as a word does; a longer run is the
//! sequence of its bigrams at adjacent positions, a phrase in title,
//! aliases or body. Several runs (`笔记 模板`, `kubectl 命令`) must all match, in any
//! order; a run still being typed needs no prefix rule, since a note that
//! holds the longer string holds this one.

use super::analyzer::{self, Unit};
use super::matcher::Matcher;
use super::spec::{Field, SPEC};
use super::{Answer, Hit, SearchIndex};
use serde_json::json;
use std::collections::BTreeSet;
use std::fmt;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByString};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Order, Searcher, TantivyDocument, Term};

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ParsedQuery {
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
pub(crate) fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
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
            .and_then(crate::topics::normalize_topic)
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

/// A query as it runs: its parse, then what each of its parts must match.
/// `engine.js` plans a query the same way: tests/search/parse-cases.json
/// holds both to the same plans ([`Plan::json`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub(crate) parsed: ParsedQuery,
    /// The units of the words in one canonical order (so that word order
    /// does not change scores), each with whether it is a prefix.
    pub(crate) units: Vec<(Unit, bool)>,
    /// Each phrase's terms at their offsets (none: no searchable word).
    pub(crate) phrases: Vec<Vec<(usize, String)>>,
    /// The units of the excluded words.
    pub(crate) excluded: Vec<Unit>,
}

/// Parses a query and plans its parts.
pub fn plan(query: &str) -> Result<Plan, QueryError> {
    let parsed = parse(query)?;
    Ok(Plan {
        units: query_units(&parsed),
        phrases: parsed
            .phrases
            .iter()
            .map(|p| analyzer::phrase_terms(p))
            .collect(),
        excluded: parsed
            .excluded
            .iter()
            .flat_map(|w| analyzer::units(w))
            .collect(),
        parsed,
    })
}

impl Plan {
    /// The plan as JSON, in the shape `engine.js` `plan` gives: a word
    /// unit is `{stem, lower}` (with `prefix` among the words' units), a
    /// CJK run `{run: [terms]}`, a phrase `[[offset, term], ...]`.
    pub fn json(&self) -> serde_json::Value {
        let unit = |u: &Unit| match u {
            Unit::Word { stem, lower } => json!({ "stem": stem, "lower": lower }),
            Unit::Run(terms) => json!({ "run": terms }),
        };
        let units: Vec<serde_json::Value> = self
            .units
            .iter()
            .map(|(u, prefix)| match u {
                Unit::Word { stem, lower } => {
                    json!({ "stem": stem, "lower": lower, "prefix": prefix })
                }
                Unit::Run(_) => unit(u),
            })
            .collect();
        let q = &self.parsed;
        json!({
            "words": q.words,
            "phrases": q.phrases,
            "excluded": q.excluded,
            "topics": q.topics,
            "prefixLast": q.prefix_last,
            "units": units,
            "phraseTerms": self.phrases,
            "excludedUnits": self.excluded.iter().map(unit).collect::<Vec<_>>(),
        })
    }
}

/// One part of the query that must match: its matcher, and for a word
/// its stem (typos are looked up for it).
struct Part {
    matcher: Matcher,
    typo: Option<String>,
}

/// The units of the query's words, in one canonical order (so that word
/// order does not change scores), each with whether it is a prefix: the
/// last unit, when it is a word still being typed. A CJK run needs no
/// prefix: every note holding a longer run holds this one.
fn query_units(parsed: &ParsedQuery) -> Vec<(Unit, bool)> {
    let mut units: Vec<(Unit, bool)> = parsed
        .words
        .iter()
        .flat_map(|w| analyzer::units(w))
        .map(|u| (u, false))
        .collect();
    if let Some((Unit::Word { .. }, prefix)) = units.last_mut() {
        *prefix = parsed.prefix_last;
    }
    units.sort_by_cached_key(|(u, prefix)| match u {
        Unit::Word { stem, lower } => (stem.clone(), *prefix, lower.clone()),
        Unit::Run(terms) => (terms.join(" "), false, String::new()),
    });
    units
}

impl SearchIndex {
    /// Calls `visit` with each boosted field's term dictionary.
    fn each_dictionary(
        &self,
        searcher: &Searcher,
        mut visit: impl FnMut(&tantivy::termdict::TermDictionary),
    ) {
        for segment in searcher.segment_readers() {
            for field in Field::ALL {
                if let Ok(inverted) = segment.inverted_index(self.fields.text(field)) {
                    visit(inverted.terms());
                }
            }
        }
    }

    /// The first terms, in byte order, that start with `prefix`: each
    /// dictionary is read from the prefix on, never whole.
    fn prefix_terms(&self, searcher: &Searcher, prefix: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        self.each_dictionary(searcher, |dict| {
            let Ok(mut stream) = dict.range().ge(prefix.as_bytes()).into_stream() else {
                return;
            };
            let mut taken = 0;
            while taken < SPEC.max_prefix_terms && stream.advance() {
                if !stream.key().starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    out.insert(term.to_owned());
                    taken += 1;
                }
            }
        });
        out.into_iter().take(SPEC.max_prefix_terms).collect()
    }

    /// The terms one edit (optimal string alignment) from `stem`, found by
    /// running a Levenshtein automaton over each dictionary, so only the
    /// branches that can still match are read.
    fn typo_terms(&self, searcher: &Searcher, stem: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if stem.chars().count() < SPEC.typo_min_chars {
            return out;
        }
        let field = self.fields.text(Field::ALL[0]);
        let Ok(dfa) = FuzzyTermQuery::new(Term::from_field_text(field, stem), 1, true).automaton()
        else {
            return out;
        };
        self.each_dictionary(searcher, |dict| {
            let Ok(mut stream) = dict.search(&dfa).into_stream() else {
                return;
            };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    out.insert(term.to_owned());
                }
            }
        });
        out
    }

    /// One word: any of its terms, in any field, boosted and summed.
    fn word_query(&self, terms: &BTreeSet<String>) -> Box<dyn Query> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for field in Field::ALL {
            let boost = field.spec().boost;
            for t in terms {
                let q = TermQuery::new(
                    Term::from_field_text(self.fields.text(field), t),
                    IndexRecordOption::WithFreqs,
                );
                should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
            }
        }
        Box::new(BooleanQuery::new(should))
    }

    /// Terms at offsets, in the positional fields, with their phrase
    /// boosts.
    fn sequence_query(&self, terms: &[(usize, String)]) -> Box<dyn Query> {
        let per_field = Field::ALL
            .into_iter()
            .filter_map(|field| Some((self.fields.text(field), field.spec().phrase_boost?)))
            .map(|(field, boost)| {
                let terms = terms
                    .iter()
                    .map(|(at, t)| (*at, Term::from_field_text(field, t)))
                    .collect();
                let phrase = PhraseQuery::new_with_offset(terms);
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(phrase), boost)) as Box<dyn Query>,
                )
            });
        Box::new(BooleanQuery::new(per_field.collect()))
    }

    fn matcher_query(&self, matcher: &Matcher) -> Box<dyn Query> {
        match matcher {
            Matcher::Terms(terms) => self.word_query(terms),
            Matcher::Sequence(terms) => self.sequence_query(terms),
        }
    }

    fn part(&self, searcher: &Searcher, unit: &Unit, prefix: bool) -> Part {
        match unit {
            Unit::Word { stem, lower } => {
                let mut terms = BTreeSet::from([stem.clone()]);
                if prefix {
                    terms.extend(self.prefix_terms(searcher, lower));
                }
                Part {
                    matcher: Matcher::Terms(terms),
                    typo: Some(stem.clone()),
                }
            }
            Unit::Run(_) => Part {
                matcher: Matcher::of_unit(unit),
                typo: None,
            },
        }
    }

    /// Runs a query; `Err` only for a bad query.
    pub(crate) fn search(&self, query: &str, limit: usize) -> Result<Answer, QueryError> {
        let plan = plan(query)?;
        let searcher = self.reader.searcher();
        let exact: Vec<Part> = plan
            .units
            .iter()
            .map(|(unit, prefix)| self.part(&searcher, unit, *prefix))
            .collect();
        let phrases: Vec<Matcher> = plan
            .phrases
            .into_iter()
            .filter_map(Matcher::of_terms)
            .collect();
        let constraints = self.constraints(&phrases, &plan.parsed.topics, &plan.excluded);
        // Words and phrases made of no searchable word ("!!!") find nothing.
        if exact.is_empty() && !constraints.iter().any(|(o, _)| *o == Occur::Must) {
            return Ok(Answer {
                query: query.to_owned(),
                results: Vec::new(),
            });
        }
        let build = |parts: &[Part], occur: Occur| -> BooleanQuery {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = parts
                .iter()
                .map(|p| (occur, self.matcher_query(&p.matcher)))
                .collect();
            clauses.extend(constraints.iter().map(|(o, q)| (*o, q.box_clone())));
            BooleanQuery::new(clauses)
        };
        // Exact words, then with typos, then any word.
        let mut parts = exact;
        let mut q = build(&parts, Occur::Must);
        let mut hits = self.top(&searcher, &q, limit);
        if hits.is_empty() && !parts.is_empty() {
            parts = self.with_typos(&searcher, parts);
            q = build(&parts, Occur::Must);
            hits = self.top(&searcher, &q, limit);
            if hits.is_empty() && parts.len() > 1 {
                q = build(&parts, Occur::Should);
                hits = self.top(&searcher, &q, limit);
            }
        }
        let matchers: Vec<Matcher> = parts
            .into_iter()
            .map(|p| p.matcher)
            .chain(phrases)
            .collect();
        let results = self.hits(&searcher, &matchers, hits);
        Ok(Answer {
            query: query.to_owned(),
            results,
        })
    }

    /// What every result must (phrases, topics) and must not (excluded
    /// words) match. A topic filters; it does not rank (a score of 0).
    fn constraints(
        &self,
        phrases: &[Matcher],
        topics: &[String],
        excluded: &[Unit],
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let mut constraints: Vec<(Occur, Box<dyn Query>)> = phrases
            .iter()
            .map(|m| (Occur::Must, self.matcher_query(m)))
            .collect();
        for t in topics {
            let term = Term::from_field_text(self.fields.topic, t);
            let filter = TermQuery::new(term, IndexRecordOption::Basic);
            constraints.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ));
        }
        for unit in excluded {
            let q = self.matcher_query(&Matcher::of_unit(unit));
            constraints.push((Occur::MustNot, q));
        }
        constraints
    }

    /// The parts with each word's terms widened to those one typo away.
    fn with_typos(&self, searcher: &Searcher, parts: Vec<Part>) -> Vec<Part> {
        parts
            .into_iter()
            .map(|p| match (p.matcher, &p.typo) {
                (Matcher::Terms(mut terms), Some(stem)) => {
                    terms.extend(self.typo_terms(searcher, stem));
                    Part {
                        matcher: Matcher::Terms(terms),
                        typo: p.typo,
                    }
                }
                (matcher, _) => Part { matcher, ..p },
            })
            .collect()
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

    /// The hits of `top`, with snippets marking what `matchers` match.
    fn hits(
        &self,
        searcher: &Searcher,
        matchers: &[Matcher],
        top: Vec<(f32, tantivy::DocAddress)>,
    ) -> Vec<Hit> {
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
                let body = text(&doc, self.fields.text(Field::Body));
                let (snippet, highlights) = super::snippet::snippet(&body, matchers);
                Some(Hit {
                    title: text(&doc, self.fields.text(Field::Title)),
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
    fn bad_queries_are_errors() {
        assert_eq!(parse("  "), Err(QueryError::Empty));
        assert_eq!(
            parse("a \"open"),
            Err(QueryError::UnbalancedQuote { column: 3 })
        );
        assert_eq!(parse("-only"), Err(QueryError::Empty));
    }

    fn doc(url: &str, body: &str, topics: &[&str]) -> crate::search::SearchDoc {
        crate::search::SearchDoc {
            title: url.trim_end_matches('/').into(),
            aliases: vec![],
            headings: String::new(),
            body: body.into(),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
            url: url.into(),
            path: format!("content/{url}.md"),
        }
    }

    /// Three notes: etcd (storage), pods and deploy (workloads).
    fn index() -> SearchIndex {
        SearchIndex::in_ram(&[
            doc("etcd/", "Take a snapshot with etcdctl.", &["storage"]),
            doc("pods/", "Pods run containers on nodes.", &["workloads"]),
            doc("deploy/", "A rollout replaces pods.", &["workloads"]),
        ])
        .unwrap()
    }

    fn urls(index: &SearchIndex, query: &str) -> Vec<String> {
        let answer = index.search(query, 10).unwrap();
        answer.results.into_iter().map(|h| h.url).collect()
    }

    #[test]
    fn constraints_are_phrases_and_topics_then_exclusions() {
        let index = index();
        let plan = plan("pods \"run containers\" topic:workloads -rollout").unwrap();
        let phrases: Vec<Matcher> = plan
            .phrases
            .into_iter()
            .filter_map(Matcher::of_terms)
            .collect();
        let occurs: Vec<Occur> = index
            .constraints(&phrases, &plan.parsed.topics, &plan.excluded)
            .into_iter()
            .map(|(o, _)| o)
            .collect();
        assert_eq!(occurs, [Occur::Must, Occur::Must, Occur::MustNot]);
        // (query, the URLs it finds, best first)
        let cases: &[(&str, &[&str])] = &[
            ("pods", &["pods/", "deploy/"]),
            ("pods -rollout", &["pods/"]),
            ("\"replaces pods\"", &["deploy/"]),
            // A topic alone filters, in URL order (no score).
            ("topic:workloads", &["deploy/", "pods/"]),
            ("snapshot topic:workloads", &[]),
        ];
        for (query, want) in cases {
            assert_eq!(urls(&index, query), *want, "{query}");
        }
    }

    #[test]
    fn words_widen_to_typos_then_to_any_word_only_when_nothing_is_found() {
        let index = index();
        let searcher = index.reader.searcher();
        let plan = plan("snapshto ").unwrap();
        let parts: Vec<Part> = plan
            .units
            .iter()
            .map(|(unit, prefix)| index.part(&searcher, unit, *prefix))
            .collect();
        let terms = |parts: &[Part]| match &parts[0].matcher {
            Matcher::Terms(terms) => terms.clone(),
            Matcher::Sequence(_) => panic!("a word is terms"),
        };
        assert!(!terms(&parts).contains("snapshot"));
        assert!(terms(&index.with_typos(&searcher, parts)).contains("snapshot"));
        let cases: &[(&str, &[&str])] = &[
            // The note named by the word ranks first.
            ("pods", &["pods/", "deploy/"]),
            ("snapshto", &["etcd/"]),
            // No note has both words: notes with either.
            ("snapshot rollout", &["deploy/", "etcd/"]),
            ("zzzz", &[]),
        ];
        for (query, want) in cases {
            let mut got = urls(&index, query);
            if query.contains(' ') {
                got.sort();
            }
            assert_eq!(got, *want, "{query}");
        }
    }
}
