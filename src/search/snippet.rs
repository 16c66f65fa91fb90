//! Snippets: the window of a note's text that shows what a query matched,
//! with the matched words and strings marked. `static/search/engine.js`
//! picks the same window by the same rule (the parity suite compares them),
//! so lengths and offsets here are in UTF-16 code units, as in JS.
//!
//! 1. Every span the query matches: a token whose term is one of a word's
//!    terms, or a sequence of tokens at the offsets of a phrase or a CJK run
//!    (one span from its first token to its last: `命令面板` is marked whole,
//!    not as three bigrams).
//! 2. The window of at most [`SNIPPET_CHARS`] that starts at a span and
//!    holds the most distinct matches, then the most spans.
//! 3. Widened to the whole budget, a third of the room before it; its ends
//!    moved out of words (CJK text may be cut between any two characters)
//!    and off the punctuation before its first word.
//! 4. White space collapsed; the spans inside it marked (overlaps merged).

use super::analyzer::{self, Analyzed};
use super::matcher::Matcher;
use std::collections::HashMap;

/// A snippet's length, in UTF-16 code units ([`super::spec::SPEC`]'s).
const SNIPPET_CHARS: usize = super::spec::SPEC.snippet_chars;

/// A matched span, in UTF-16 code units, and what matched it (a term, or
/// the number of a sequence matcher).
#[derive(Debug, Clone, PartialEq)]
struct Span {
    from: usize,
    to: usize,
    key: String,
}

/// The snippet of `body` for `matchers`: its text and the character ranges
/// of that text to mark.
pub(super) fn snippet(body: &str, matchers: &[Matcher]) -> (String, Vec<[usize; 2]>) {
    let text = Utf16::new(body);
    let tokens: Vec<Analyzed> = analyzer::analyze(body)
        .into_iter()
        .map(|t| Analyzed {
            from: text.unit(t.from),
            to: text.unit(t.to),
            ..t
        })
        .collect();
    let hits = spans(&tokens, matchers);
    if hits.is_empty() {
        let head: String = body.chars().take(SNIPPET_CHARS).collect();
        return collapse(&head, &[]);
    }
    let best = best_window(&hits);
    let (from, to) = widen(&text, &tokens, &best);
    let window = best.first..best.first + best.count;
    let mut ranges: Vec<(usize, usize)> = hits[window.clone()]
        .iter()
        .chain(
            hits.iter()
                .enumerate()
                .filter(|(k, h)| !window.contains(k) && h.from >= from && h.to <= to)
                .map(|(_, h)| h),
        )
        .map(|h| (h.from, h.to))
        .collect();
    ranges.sort_by_key(|r| r.0);
    let start = text.byte(from);
    let bytes: Vec<std::ops::Range<usize>> = merge(ranges)
        .into_iter()
        .map(|(a, b)| text.byte(a) - start..text.byte(b) - start)
        .collect();
    collapse(&body[start..text.byte(to)], &bytes)
}

/// Every span of `tokens` that `matchers` match, in text order.
fn spans(tokens: &[Analyzed], matchers: &[Matcher]) -> Vec<Span> {
    let mut at: HashMap<usize, Vec<&Analyzed>> = HashMap::new();
    for t in tokens {
        at.entry(t.position).or_default().push(t);
    }
    let mut out = Vec::new();
    for (m, matcher) in matchers.iter().enumerate() {
        match matcher {
            Matcher::Terms(terms) => out.extend(
                tokens
                    .iter()
                    .filter(|t| terms.contains(&t.term))
                    .map(|t| Span {
                        from: t.from,
                        to: t.to,
                        key: t.term.clone(),
                    }),
            ),
            Matcher::Sequence(seq) => {
                for first in tokens.iter().filter(|t| t.term == seq[0].1) {
                    let mut to = first.to;
                    let found = seq[1..].iter().all(|(offset, term)| {
                        let here = at.get(&(first.position + offset - seq[0].0));
                        match here.and_then(|list| list.iter().find(|t| &t.term == term)) {
                            Some(t) => {
                                to = to.max(t.to);
                                true
                            }
                            None => false,
                        }
                    });
                    if found {
                        out.push(Span {
                            from: first.from,
                            to,
                            key: format!("\u{0}{m}"),
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|s| (s.from, s.to));
    out
}

/// The window of the `count` spans from `first`, from `start` to `end`.
struct Window {
    start: usize,
    end: usize,
    first: usize,
    count: usize,
}

/// The window that starts at a span and holds the most distinct keys,
/// then the most spans (the first such).
fn best_window(hits: &[Span]) -> Window {
    let mut best: Option<(usize, usize, Window)> = None;
    for i in 0..hits.len() {
        let start = hits[i].from;
        let mut end = start;
        let mut keys: Vec<&str> = Vec::new();
        let mut count = 0;
        for h in hits[i..]
            .iter()
            .take_while(|h| h.to - start <= SNIPPET_CHARS)
        {
            if !keys.contains(&h.key.as_str()) {
                keys.push(&h.key);
            }
            count += 1;
            end = end.max(h.to);
        }
        let better = match &best {
            None => true,
            Some((nd, c, _)) => keys.len() > *nd || (keys.len() == *nd && count > *c),
        };
        if better {
            let window = Window {
                start,
                end,
                first: i,
                count,
            };
            best = Some((keys.len(), count, window));
        }
    }
    best.expect("hits is not empty").2
}

/// The window widened to the budget, its ends out of words (UTF-16).
fn widen(text: &Utf16, tokens: &[Analyzed], best: &Window) -> (usize, usize) {
    let room = SNIPPET_CHARS - (best.end - best.start).min(SNIPPET_CHARS);
    let mut from = best.start.saturating_sub(room / 3);
    let mut to = text.len.min(best.end + (room - (best.start - from)));
    for t in tokens.iter().filter(|t| !t.cjk) {
        if t.from < from && t.to > from {
            from = t.to;
        }
        if t.from < to && t.to > to {
            to = t.from;
        }
    }
    if from > 0 {
        if let Some(t) = tokens.iter().find(|t| t.from >= from) {
            from = t.from.min(best.start);
        }
    }
    // Never between the two halves of a surrogate pair.
    if !text.is_boundary(from) {
        from += 1;
    }
    if !text.is_boundary(to) {
        to -= 1;
    }
    (from, to.max(from))
}

/// Sorted ranges with overlaps merged.
fn merge(ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if last.1 > a => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// A text's UTF-16 offsets: of each byte offset, and back.
struct Utf16 {
    /// Byte offset -> UTF-16 offset (at char boundaries).
    units: Vec<usize>,
    /// UTF-16 offset -> byte offset; `usize::MAX` inside a surrogate pair.
    bytes: Vec<usize>,
    len: usize,
}

impl Utf16 {
    fn new(text: &str) -> Utf16 {
        let mut units = vec![0; text.len() + 1];
        let mut bytes = Vec::with_capacity(text.len() + 1);
        for (at, c) in text.char_indices() {
            units[at] = bytes.len();
            bytes.push(at);
            if c.len_utf16() == 2 {
                bytes.push(usize::MAX);
            }
        }
        units[text.len()] = bytes.len();
        let len = bytes.len();
        bytes.push(text.len());
        Utf16 { units, bytes, len }
    }

    fn unit(&self, byte: usize) -> usize {
        self.units[byte]
    }

    fn byte(&self, unit: usize) -> usize {
        self.bytes[unit]
    }

    fn is_boundary(&self, unit: usize) -> bool {
        self.bytes[unit] != usize::MAX
    }
}

/// The fragment with runs of white space made one space, and its
/// highlighted byte ranges as character ranges of the result.
pub(super) fn collapse(
    fragment: &str,
    highlighted: &[std::ops::Range<usize>],
) -> (String, Vec<[usize; 2]>) {
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
    use std::collections::BTreeSet;

    fn marked(body: &str, matchers: &[Matcher]) -> (String, Vec<String>) {
        let (text, ranges) = snippet(body, matchers);
        let chars: Vec<char> = text.chars().collect();
        let marks = ranges
            .iter()
            .map(|[a, b]| chars[*a..*b].iter().collect())
            .collect();
        (text, marks)
    }

    fn terms(list: &[&str]) -> Matcher {
        Matcher::Terms(
            list.iter()
                .map(|t| (*t).to_owned())
                .collect::<BTreeSet<_>>(),
        )
    }

    fn run(bigrams: &[&str]) -> Matcher {
        Matcher::Sequence(
            bigrams
                .iter()
                .enumerate()
                .map(|(i, t)| (i, (*t).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_cjk_run_is_marked_whole_and_only_where_it_is_whole() {
        let body = "命令行不是面板。打开命令面板，输入模板。";
        let (text, marks) = marked(body, &[run(&["命令", "令面", "面板"])]);
        assert_eq!(text, body);
        assert_eq!(marks, ["命令面板"]);
        let (_, marks) = marked(body, &[terms(&["模板"]), terms(&["命"])]);
        assert_eq!(marks, ["命", "命", "模板"]);
    }

    #[test]
    fn words_and_phrases_are_marked_in_a_window_around_them() {
        let body = format!(
            "{} Take a snapshot with etcdctl snapshot save. {}",
            "Lorem ipsum dolor. ".repeat(20),
            "Tail words here. ".repeat(20)
        );
        let phrase = Matcher::Sequence(vec![(0, "snapshot".into()), (1, "save".into())]);
        let (text, marks) = marked(&body, &[terms(&["etcdctl"]), phrase]);
        assert_eq!(marks, ["etcdctl", "snapshot save"]);
        assert!(text.chars().count() <= SNIPPET_CHARS, "{text}");
        assert!(
            text.starts_with("Lorem") || text.starts_with("ipsum") || text.starts_with("dolor")
        );
    }

    #[test]
    fn without_a_match_the_snippet_is_the_start_of_the_text() {
        let (text, marks) = marked("  a\n\n  b ", &[terms(&["zzz"])]);
        assert_eq!((text.as_str(), marks.len()), ("a b", 0));
    }

    #[test]
    fn collapsing_white_space_keeps_highlights_on_their_words() {
        let (s, h) = collapse("  a\n\n  kube  ctl é", &[2..3, 7..11, 17..19]);
        assert_eq!(s, "a kube ctl é");
        assert_eq!(h, [[0, 1], [2, 6], [11, 12]]);
    }
}
