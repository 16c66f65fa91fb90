//! What one part of a query matches, as a value: the query plan makes
//! these ([`super::query`]), and both the index search (a tantivy query per
//! matcher) and the snippets (the spans to mark, [`super::snippet`]) read
//! them.

use super::analyzer::Unit;
use std::collections::BTreeSet;

/// What one part of a query matches.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Matcher {
    /// Any of these terms, in any field (a word and its prefix or typo
    /// expansions; a CJK character or bigram).
    Terms(BTreeSet<String>),
    /// These terms at these offsets from the first, in title, aliases or
    /// body (a phrase; a CJK run of three or more characters, as its
    /// bigrams).
    Sequence(Vec<(usize, String)>),
}

impl Matcher {
    /// A phrase's terms at their offsets: none is no matcher, one a word.
    pub(super) fn of_terms(terms: Vec<(usize, String)>) -> Option<Matcher> {
        match terms.len() {
            0 => None,
            1 => Some(Matcher::Terms(terms.into_iter().map(|(_, t)| t).collect())),
            _ => Some(Matcher::Sequence(terms)),
        }
    }

    /// A query word's stem, or a CJK run's terms.
    pub(super) fn of_unit(unit: &Unit) -> Matcher {
        match unit {
            Unit::Word { stem, .. } => Matcher::Terms(BTreeSet::from([stem.clone()])),
            Unit::Run(terms) => {
                Matcher::of_terms(terms.iter().cloned().enumerate().collect()).expect("a run")
            }
        }
    }
}
