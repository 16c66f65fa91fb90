//! The search spec: every number that decides what a query finds and how
//! it ranks, in one table that `lore search` and the browser both follow.
//!
//! The index schema (`search::schema`), the queries built for tantivy
//! (`search::query`), the snippets (`search::snippet`) and the static
//! export ([`super::export`]) read it here; the export writes it into
//! `search/meta.js` ([`Spec::json`]), and `static/search/engine.js` reads
//! it from there. Neither side holds a ranking constant of its own, so a
//! change made here is a change to both.
//!
//! Fields are named by [`Field`], whose order is the table's: tantivy's
//! text fields, the export's per-field postings, bitmasks and token totals
//! all follow it.

use serde_json::json;

/// How many text fields a query searches.
pub(crate) const FIELD_COUNT: usize = 5;

/// A text field that queries search, in the order of [`SPEC`]'s table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Field {
    Title,
    Aliases,
    Headings,
    Topics,
    Body,
}

impl Field {
    /// Every field, in table order.
    pub(crate) const ALL: [Field; FIELD_COUNT] = [
        Field::Title,
        Field::Aliases,
        Field::Headings,
        Field::Topics,
        Field::Body,
    ];

    /// The field's row of the table (and its slot in per-field arrays).
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The field's row of [`SPEC`].
    pub(crate) const fn spec(self) -> &'static FieldSpec {
        &SPEC.fields[self.index()]
    }

    /// Whether the field keeps (and exports) token positions: phrases and
    /// CJK runs of three or more characters match only in these.
    pub(crate) const fn positional(self) -> bool {
        self.spec().phrase_boost.is_some()
    }
}

/// One row of the field table.
#[derive(Debug)]
pub(crate) struct FieldSpec {
    pub field: Field,
    /// The name of the field in the index and in `meta.js`.
    pub name: &'static str,
    /// A word's BM25 score in this field is multiplied by this; a query's
    /// score is the sum over fields and parts.
    pub boost: f32,
    /// For a positional field, the boost of a phrase (or a long CJK run)
    /// matched in it; `None`: no positions, phrases do not look here.
    pub phrase_boost: Option<f32>,
    /// Whether the index stores the text (titles for results, bodies for
    /// snippets).
    pub stored: bool,
}

/// Everything both searches must agree on.
#[derive(Debug)]
pub struct Spec {
    /// The text fields, in [`Field`] order.
    pub(crate) fields: [FieldSpec; FIELD_COUNT],
    /// BM25's term-frequency saturation (tantivy's; see the tests).
    pub(crate) k1: f32,
    /// BM25's length normalisation (tantivy's; see the tests).
    pub(crate) b: f32,
    /// At most this many dictionary terms stand for a word being typed.
    pub(crate) max_prefix_terms: usize,
    /// Words (stems) of at least this many characters tolerate one typo.
    pub(crate) typo_min_chars: usize,
    /// A snippet shows at most this many characters of the body (UTF-16
    /// code units, as the browser counts; see `snippet.rs`).
    pub(crate) snippet_chars: usize,
}

/// Title > aliases and headings > topics > body; a phrase counts in a field
/// as much as a word does.
pub static SPEC: Spec = Spec {
    fields: [
        FieldSpec {
            field: Field::Title,
            name: "title",
            boost: 4.0,
            phrase_boost: Some(4.0),
            stored: true,
        },
        FieldSpec {
            field: Field::Aliases,
            name: "aliases",
            boost: 2.5,
            phrase_boost: Some(2.5),
            stored: false,
        },
        FieldSpec {
            field: Field::Headings,
            name: "headings",
            boost: 2.0,
            phrase_boost: None,
            stored: false,
        },
        FieldSpec {
            field: Field::Topics,
            name: "topics",
            boost: 1.5,
            phrase_boost: None,
            stored: false,
        },
        FieldSpec {
            field: Field::Body,
            name: "body",
            boost: 1.0,
            phrase_boost: Some(1.0),
            stored: true,
        },
    ],
    k1: 1.2,
    b: 0.75,
    max_prefix_terms: 50,
    typo_min_chars: 5,
    snippet_chars: 180,
};

// Row i of the table is field i: per-field arrays are indexed by
// `Field::index`, and the export numbers fields by row.
const _: () = {
    let mut i = 0;
    while i < FIELD_COUNT {
        assert!(SPEC.fields[i].field as usize == i);
        assert!(Field::ALL[i] as usize == i);
        i += 1;
    }
};

impl Spec {
    /// The spec as `meta.js` carries it for `engine.js`: fields in table
    /// order (`phraseBoost` only on positional ones), then the numbers.
    pub fn json(&self) -> serde_json::Value {
        let fields: Vec<serde_json::Value> = self
            .fields
            .iter()
            .map(|f| match f.phrase_boost {
                Some(p) => {
                    json!({ "name": f.name, "boost": short(f.boost), "phraseBoost": short(p) })
                }
                None => json!({ "name": f.name, "boost": short(f.boost) }),
            })
            .collect();
        json!({
            "fields": fields,
            "k1": short(self.k1),
            "b": short(self.b),
            "maxPrefixTerms": self.max_prefix_terms,
            "typoMinChars": self.typo_min_chars,
            "snippetChars": self.snippet_chars,
        })
    }
}

/// An f32 as the shortest decimal that reads back to it (`1.2`, not the
/// f64 `1.2000000476837158`): the browser's `Math.fround` of it is the f32.
fn short(x: f32) -> f64 {
    x.to_string().parse().expect("a float's decimal is a float")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{SearchDoc, SearchIndex};
    use tantivy::query::{Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Term};

    fn note(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            title: title.into(),
            aliases: Vec::new(),
            headings: String::new(),
            body: body.into(),
            topics: Vec::new(),
            url: url.into(),
            path: format!("content/{url}.md"),
        }
    }

    /// tantivy's explanation of a body match of `etcd` in the first of
    /// three notes: (k1, b, score).
    fn explained() -> (f32, f32, f32) {
        let index = SearchIndex::in_ram(&[
            note("a/", "A", "etcd etcd stores keys and values"),
            note("b/", "B", "a raft log of etcd"),
            note("c/", "C", "nothing to see"),
        ])
        .unwrap();
        let field = index.fields.text(Field::Body);
        let query = TermQuery::new(
            Term::from_field_text(field, "etcd"),
            IndexRecordOption::WithFreqs,
        );
        let searcher = index.reader.searcher();
        let explained = query.explain(&searcher, DocAddress::new(0, 0)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&explained.to_pretty_json()).unwrap();
        let mut found = Vec::new();
        collect(&json, &mut found);
        let constant = |name: &str| -> f32 {
            found
                .iter()
                .find(|(n, _)| n.starts_with(name))
                .unwrap_or_else(|| panic!("no {name} in {json}"))
                .1
        };
        (constant("k1,"), constant("b,"), explained.value())
    }

    /// Every (description, value) of an explanation tree.
    fn collect(v: &serde_json::Value, out: &mut Vec<(String, f32)>) {
        if let (Some(name), Some(value)) = (v["description"].as_str(), v["value"].as_f64()) {
            out.push((name.to_owned(), value as f32));
        }
        for child in v["details"].as_array().into_iter().flatten() {
            collect(child, out);
        }
    }

    #[test]
    fn tantivy_scores_with_the_spec_k1_and_b() {
        // tantivy keeps its BM25 constants private; its explanation of a
        // score shows them, and the score is BM25 with the spec's.
        let (k1, b, score) = explained();
        assert_eq!((k1, b), (SPEC.k1, SPEC.b));
        // `etcd` twice in 6 tokens; in 2 of 3 notes; 14 tokens in all.
        let (tf, dl, df, n, avg) = (2.0f32, 6.0f32, 2.0f32, 3.0f32, 14.0f32 / 3.0);
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let bm25 = idf * (1.0 + SPEC.k1) * tf / (tf + SPEC.k1 * (1.0 - SPEC.b + SPEC.b * dl / avg));
        assert!((score - bm25).abs() < 1e-5, "{score} vs {bm25}");
    }

    #[test]
    fn the_table_names_every_field_once_and_phrases_look_only_where_positions_are() {
        let names: Vec<&str> = SPEC.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["title", "aliases", "headings", "topics", "body"]);
        let positional: Vec<Field> = Field::ALL.into_iter().filter(|f| f.positional()).collect();
        assert_eq!(positional, [Field::Title, Field::Aliases, Field::Body]);
        assert!(SPEC.fields.iter().all(|f| f.boost > 0.0));
    }

    #[test]
    fn the_exported_spec_is_the_table() {
        let json = SPEC.json();
        assert_eq!(json["fields"][0]["name"], "title");
        assert_eq!(json["fields"][0]["phraseBoost"], 4.0);
        assert!(json["fields"][2].get("phraseBoost").is_none());
        assert_eq!(json["fields"][4]["boost"], 1.0);
        // f32s are written as their shortest decimal, which the browser's
        // Math.fround reads back to the same f32.
        assert_eq!(json["k1"].to_string(), "1.2");
        assert_eq!(json["b"].to_string(), "0.75");
        assert_eq!(json["maxPrefixTerms"], 50);
    }
}
