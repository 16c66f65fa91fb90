//! Lore's text analyzer (`lore`), for the index and for queries: English
//! words stemmed as tantivy's `en_stem` does, and Chinese, Japanese and
//! Korean text as overlapping character bigrams with their characters.
//!
//! The tokenizer splits text into words as tantivy's `SimpleTokenizer`
//! does (maximal runs of `char::is_alphanumeric`), then splits each word
//! where it passes between CJK characters ([`crate::cjk`]) and others:
//!
//! - a run of other characters is one token, its full-width ASCII letters
//!   and digits folded to ASCII (`ｋｕｂｅｃｔｌ` is `kubectl`); then, as in
//!   `en_stem`, tokens of 40 bytes or more are dropped, and the rest are
//!   lowercased and stemmed (Snowball English);
//! - a run of n CJK characters takes n positions: at position i, the
//!   character i alone, then the bigram of characters i and i + 1 (`命令面板`
//!   gives 命, 命令, 令, 令面, 面, 面板, 板 at positions 0, 0, 1, 1, 2, 2, 3).
//!
//! Bigrams find a CJK string as the sequence of its bigrams at adjacent
//! positions, wherever it sits in a run, as Lucene's CJK analyzer does;
//! the characters (Lucene's `outputUnigrams`) make a one-character query
//! exact instead of a guess over bigrams. A query word becomes [`Unit`]s:
//! its Latin words, and its CJK runs.
//!
//! `static/search/tokenize.js` is this analyzer in JS; tests/heavy/stemmer.rs
//! compares the two over all of Unicode.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream,
    TokenizerManager,
};

/// The analyzer of the indexed text fields.
pub(crate) const NAME: &str = "lore";
/// The same without stemming: the lowercased words (prefixes match them).
pub(crate) const UNSTEMMED: &str = "lore_unstemmed";
/// Tokens of this many bytes or more are dropped (tantivy's `en_stem`).
const MAX_TOKEN_BYTES: usize = 40;

/// The stemmed analyzer (`NAME`).
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(Tokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The analyzer without its stemmer (`UNSTEMMED`).
pub fn unstemmed() -> TextAnalyzer {
    TextAnalyzer::builder(Tokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// Registers both analyzers with an index's tokenizers.
pub(crate) fn register(manager: &TokenizerManager) {
    manager.register(NAME, analyzer());
    manager.register(UNSTEMMED, unstemmed());
}

/// The tokenizer under both analyzers (see the module docs).
#[derive(Clone, Default)]
pub(crate) struct Tokenizer {
    /// Tokens of the last text; their strings are reused for the next
    /// one (this runs for every word indexed).
    tokens: Vec<Token>,
}

/// The tokens of one text, made up front.
pub(crate) struct Tokens<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl tantivy::tokenizer::Tokenizer for Tokenizer {
    type TokenStream<'a> = Tokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        let mut out = Out {
            tokens: &mut self.tokens,
            used: 0,
        };
        split(text, &mut out);
        let used = out.used;
        Tokens {
            tokens: &mut self.tokens[..used],
            next: 0,
        }
    }
}

impl TokenStream for Tokens<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Full-width ASCII letters and digits (`Ａ`, `ｚ`, `０`) as ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Tokens being made: the first `used` of `tokens` are this text's, the
/// rest are kept for their strings' capacity.
struct Out<'a> {
    tokens: &'a mut Vec<Token>,
    used: usize,
}

impl Out<'_> {
    /// A new token whose text `fill` writes.
    fn push(
        &mut self,
        range: std::ops::Range<usize>,
        position: usize,
        fill: impl FnOnce(&mut String),
    ) {
        if self.used == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let t = &mut self.tokens[self.used];
        self.used += 1;
        t.text.clear();
        fill(&mut t.text);
        t.offset_from = range.start;
        t.offset_to = range.end;
        t.position = position;
        t.position_length = 1;
    }
}

/// Every token of `text`, before the filters.
fn split(text: &str, out: &mut Out<'_>) {
    let mut position = 0;
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !c.is_alphanumeric() {
            chars.next();
            continue;
        }
        if !crate::cjk::is_cjk(c) {
            // A word: up to the next character that is not alphanumeric or
            // is CJK.
            let mut end = text.len();
            let mut wide = false;
            while let Some(&(at, c)) = chars.peek() {
                if !c.is_alphanumeric() || crate::cjk::is_cjk(c) {
                    end = at;
                    break;
                }
                wide |= fold_width(c) != c;
                chars.next();
            }
            let word = &text[start..end];
            out.push(start..end, position, |s| {
                if wide {
                    s.extend(word.chars().map(fold_width));
                } else {
                    s.push_str(word);
                }
            });
            position += 1;
            continue;
        }
        // A CJK run: each character, and the bigram it starts.
        while let Some(&(at, c)) = chars.peek() {
            if !c.is_alphanumeric() || !crate::cjk::is_cjk(c) {
                break;
            }
            chars.next();
            let to = at + c.len_utf8();
            out.push(at..to, position, |s| s.push(c));
            if let Some(&(next_at, next)) = chars.peek() {
                if next.is_alphanumeric() && crate::cjk::is_cjk(next) {
                    out.push(at..next_at + next.len_utf8(), position, |s| {
                        s.push(c);
                        s.push(next);
                    });
                }
            }
            position += 1;
        }
    }
}

/// One token as queries and snippets see it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Analyzed {
    /// The indexed term (stemmed).
    pub term: String,
    /// The lowercased word, before stemming.
    pub lower: String,
    pub position: usize,
    /// Byte range in the text.
    pub from: usize,
    pub to: usize,
    /// A CJK character or bigram.
    pub cjk: bool,
}

/// The tokens of `text` with their terms and lowercased words.
pub(crate) fn analyze(text: &str) -> Vec<Analyzed> {
    let mut out = Vec::new();
    analyzer().token_stream(text).process(&mut |t: &Token| {
        out.push(Analyzed {
            term: t.text.clone(),
            lower: String::new(),
            position: t.position,
            from: t.offset_from,
            to: t.offset_to,
            cjk: t.text.chars().next().is_some_and(crate::cjk::is_cjk),
        })
    });
    let mut i = 0;
    unstemmed().token_stream(text).process(&mut |t: &Token| {
        out[i].lower = t.text.clone();
        i += 1;
    });
    out
}

/// What one piece of a query word must match.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unit {
    /// A word: its stem, and its lowercased form (a prefix while typed).
    Word { stem: String, lower: String },
    /// A run of CJK characters: its character (a run of one), its bigram
    /// (two), or its bigrams at positions 0, 1, … (more), which must all
    /// be there at adjacent positions.
    Run(Vec<String>),
}

/// The units of a query word: each of its words, each of its CJK runs.
pub(crate) fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for run in runs(&analyze(text)) {
        match run {
            Piece::Word(t) => out.push(Unit::Word {
                stem: t.term.clone(),
                lower: t.lower.clone(),
            }),
            Piece::Run { chars, bigrams } => out.push(Unit::Run(if bigrams.is_empty() {
                vec![chars[0].term.clone()]
            } else {
                bigrams.iter().map(|t| t.term.clone()).collect()
            })),
        }
    }
    out
}

/// A non-CJK token, or a run of CJK characters with the bigrams between
/// them.
pub(crate) enum Piece<'t> {
    Word(&'t Analyzed),
    Run {
        chars: Vec<&'t Analyzed>,
        bigrams: Vec<&'t Analyzed>,
    },
}

/// Groups tokens into words and CJK runs: a run goes on while a bigram
/// joins its last character to the next.
pub(crate) fn runs(tokens: &[Analyzed]) -> Vec<Piece<'_>> {
    let mut out: Vec<Piece> = Vec::new();
    let mut joined = false; // the last token was a bigram
    for t in tokens {
        if !t.cjk {
            out.push(Piece::Word(t));
            joined = false;
            continue;
        }
        let is_bigram = t.term.chars().nth(1).is_some();
        match out.last_mut() {
            Some(Piece::Run { chars, bigrams }) if joined || is_bigram => {
                if is_bigram {
                    bigrams.push(t);
                } else {
                    chars.push(t);
                }
            }
            _ => out.push(Piece::Run {
                chars: vec![t],
                bigrams: Vec::new(),
            }),
        }
        joined = is_bigram;
    }
    out
}

/// The terms of a quoted phrase with their offsets: words, and CJK runs
/// as their bigrams (or their one character).
pub(crate) fn phrase_terms(text: &str) -> Vec<(usize, String)> {
    let tokens = analyze(text);
    let mut out = Vec::new();
    for piece in runs(&tokens) {
        match piece {
            Piece::Word(t) => out.push((t.position, t.term.clone())),
            Piece::Run { chars, bigrams } if bigrams.is_empty() => {
                out.push((chars[0].position, chars[0].term.clone()));
            }
            Piece::Run { bigrams, .. } => {
                out.extend(bigrams.iter().map(|t| (t.position, t.term.clone())));
            }
        }
    }
    let first = out.first().map_or(0, |(p, _)| *p);
    out.into_iter().map(|(p, t)| (p - first, t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(String, usize)> {
        analyze(text)
            .into_iter()
            .map(|t| (t.term, t.position))
            .collect()
    }

    fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|(t, p)| ((*t).to_owned(), *p)).collect()
    }

    #[test]
    fn cjk_runs_become_characters_and_bigrams_at_adjacent_positions() {
        assert_eq!(
            terms("命令面板。笔记"),
            pairs(&[
                ("命", 0),
                ("命令", 0),
                ("令", 1),
                ("令面", 1),
                ("面", 2),
                ("面板", 2),
                ("板", 3),
                ("笔", 4),
                ("笔记", 4),
                ("记", 5),
            ])
        );
    }

    #[test]
    fn latin_words_are_stemmed_and_mixed_text_splits_between_scripts() {
        assert_eq!(
            terms("Running kubectl命令 Obsidian同期 ｋｕｂｅｃｔｌ"),
            pairs(&[
                ("run", 0),
                ("kubectl", 1),
                ("命", 2),
                ("命令", 2),
                ("令", 3),
                ("obsidian", 4),
                ("同", 5),
                ("同期", 5),
                ("期", 6),
                ("kubectl", 7),
            ])
        );
    }

    #[test]
    fn a_query_word_is_made_of_words_and_runs() {
        let word = |s: &str, l: &str| Unit::Word {
            stem: s.into(),
            lower: l.into(),
        };
        let run = |t: &[&str]| Unit::Run(t.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            units("kube-ap命令面板、猫"),
            [
                word("kube", "kube"),
                word("ap", "ap"),
                run(&["命令", "令面", "面板"]),
                run(&["猫"]),
            ]
        );
        assert_eq!(units("笔记"), [run(&["笔记"])]);
        assert_eq!(
            phrase_terms("使用 kubectl 命令行"),
            [
                (0, "使用".to_owned()),
                (2, "kubectl".to_owned()),
                (3, "命令".to_owned()),
                (4, "令行".to_owned())
            ]
        );
    }
}
