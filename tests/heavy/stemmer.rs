//! `static/search/tokenize.js` must analyze text exactly like the analyzer
//! Lore indexes with (`lore::search::analyzer`: tantivy's `en_stem` for
//! words, bigrams for CJK text), or the offline search ranks and highlights
//! differently from the index. This test runs the same inputs through both
//! (tantivy here, the JS in one `node tests/stemmer/run.mjs` process) and
//! wants zero differences in terms, unstemmed words, offsets and positions:
//!
//! - every code point (4,096 per text, space-separated): tokenization and
//!   lowercasing of all of Unicode; then every code point between two Han
//!   characters (`中x中`), which tells CJK characters from others;
//! - every CJK block (Han and its extensions A–I on planes 2 and 3,
//!   compatibility ideographs, Hiragana, Katakana and its phonetic
//!   extensions, half-width forms, kana supplements, Hangul syllables and
//!   jamo, CJK symbols, full-width forms) as runs of consecutive characters,
//!   and mixed-script texts with full-width punctuation;
//! - every word of Debian's wamerican-large list, one word per text, then as
//!   a bare stemmer input (lowercased, and as written: apostrophes, 'Y');
//! - every token of the repo's `content/*.md`, each file as a whole, and
//!   long texts made of the word list with assorted separators;
//! - tricky texts (IPs, flags, CamelCase, accents, CJK, emoji, Greek,
//!   Turkish, German, apostrophes, long tokens, astral letters, ...);
//! - all short words (up to 3 chars over a small alphabet) before each
//!   suffix the stemmer knows, and random words built from its suffixes,
//!   prefixes and special cases, with multi-byte and astral chars.
//!
//! The JS carries Rust's Unicode tables (is_alphanumeric, to_lowercase) and
//! Lore's CJK blocks (`lore::CJK_RANGES`): the test also checks they are
//! the ones of this build, and rewrites them when run with
//! `LORE_REGEN_UNICODE_TABLES=1`.
//!
//! Text with neither CJK nor full-width characters analyzes exactly as with
//! tantivy's own `en_stem`, checked here too.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tantivy::tokenizer::{
    Language, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenStream,
    TokenizerManager,
};

const WORD_LIST: &str = "/usr/share/dict/american-english-large";
const TOKENIZE_JS: &str = "static/search/tokenize.js";
const RUNNER: &str = "tests/stemmer/run.mjs";
const REGEN_VAR: &str = "LORE_REGEN_UNICODE_TABLES";
const BEGIN_TABLES: &str = "  /* BEGIN GENERATED UNICODE TABLES */\n";
const END_TABLES: &str = "  /* END GENERATED UNICODE TABLES */\n";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lore's analyzer and its unstemmed twin.
fn analyzers() -> [TextAnalyzer; 2] {
    [lore::search::analyzer(), lore::search::unstemmed()]
}

/// The bare stemmer: the whole input is one token, stemmed as is.
fn bare_stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build()
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// `tokenize(text)` against the analyzer.
    Analyze,
    /// `stem(word)` against the bare stemmer.
    Stem,
}

struct Case {
    mode: Mode,
    /// Where the input comes from, for the failure report.
    source: String,
    text: String,
}

/// A token as the JS reports it: term, unstemmed word, UTF-16 offsets,
/// position.
type JsToken = (String, String, usize, usize, usize);

#[test]
fn js_tokenizer_and_stemmer_match_tantivy_exactly() {
    let started = Instant::now();
    check_unicode_tables();

    let mut cases = Vec::new();
    let words = gather(&mut cases);
    let gathered = started.elapsed();

    // Expected, from tantivy, as the lines tokenize.js should print.
    let t = Instant::now();
    let mut analyzer = analyzers();
    let mut stemmer = bare_stemmer();
    let mut tokens_compared = 0usize;
    let expected: Vec<String> = cases
        .iter()
        .map(|case| match case.mode {
            Mode::Analyze => {
                let tokens = analyze(&mut analyzer, &case.text);
                tokens_compared += tokens.len();
                tokens_line(&tokens)
            }
            Mode::Stem => {
                tokens_compared += 1;
                let mut line = String::new();
                push_json_string(&mut line, &stem(&mut stemmer, &case.text));
                line
            }
        })
        .collect();
    let tantivy_time = t.elapsed();

    // Without CJK or full-width characters, Lore's analyzer is tantivy's own
    // "en_stem".
    let en_stem = TokenizerManager::default().get("en_stem").unwrap();
    let mut compared = 0;
    for case in &cases {
        let plain = !case
            .text
            .chars()
            .any(|c| lore::is_cjk(c) || ('\u{FF01}'..='\u{FF5E}').contains(&c));
        if case.mode == Mode::Analyze && plain && !case.source.starts_with("word list") {
            let terms = |tokens: Vec<JsToken>| -> Vec<(String, usize, usize, usize)> {
                tokens.into_iter().map(|t| (t.0, t.2, t.3, t.4)).collect()
            };
            let mut en_stem_pair = [en_stem.clone(), en_stem.clone()];
            assert_eq!(
                terms(analyze(&mut en_stem_pair, &case.text)),
                terms(analyze(&mut analyzer, &case.text)),
                "Lore's analyzer differs from en_stem on {}",
                case.source
            );
            compared += 1;
        }
    }
    assert!(
        compared > 250,
        "only {compared} texts compared with en_stem"
    );

    // Actual, from tokenize.js.
    let t = Instant::now();
    let (actual, write_time) = run_node(&cases);
    let node_time = t.elapsed() - write_time;

    // Compare.
    let t = Instant::now();
    let mut differences = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        if actual[i] != expected[i] {
            differences.push(format!(
                "{}: {}",
                case.source,
                describe_difference(case, &actual[i], &mut analyzer, &mut stemmer)
            ));
        }
    }
    let compare_time = t.elapsed();
    let analyze_inputs = cases.iter().filter(|c| c.mode == Mode::Analyze).count();
    eprintln!(
        "stemmer parity: {} distinct words, {} inputs ({} texts, {} bare stems), {} tokens \
         compared; {} differences\n  gather {:.2?}, tantivy {:.2?}, write inputs {:.2?}, node \
         {:.2?}, compare {:.2?}, total {:.2?}",
        words,
        cases.len(),
        analyze_inputs,
        cases.len() - analyze_inputs,
        tokens_compared,
        differences.len(),
        gathered,
        tantivy_time,
        write_time,
        node_time,
        compare_time,
        started.elapsed()
    );
    if !differences.is_empty() {
        let shown: Vec<&str> = differences.iter().take(20).map(String::as_str).collect();
        panic!(
            "{} of {} inputs differ between tantivy and {TOKENIZE_JS} (first {} below)\n\n{}",
            differences.len(),
            cases.len(),
            shown.len(),
            shown.join("\n\n")
        );
    }
    assert!(words >= 50_000, "only {words} distinct words compared");
}

/// Tokens of the analyzer (stemmed, unstemmed), offsets converted to UTF-16
/// code units.
fn analyze(analyzer: &mut [TextAnalyzer; 2], text: &str) -> Vec<JsToken> {
    let mut tokens: Vec<JsToken> = Vec::new();
    // Byte offsets -> UTF-16 offsets (CJK tokens overlap: offsets go back).
    let mut utf16 = vec![0usize; text.len() + 1];
    let mut units = 0;
    for (at, c) in text.char_indices() {
        utf16[at] = units;
        units += c.len_utf16();
    }
    utf16[text.len()] = units;
    let to_utf16 = |byte: usize| -> usize {
        assert!(text.is_char_boundary(byte), "offset {byte} inside a char");
        utf16[byte]
    };
    analyzer[0].token_stream(text).process(&mut |t: &Token| {
        let from = to_utf16(t.offset_from);
        let to = to_utf16(t.offset_to);
        tokens.push((t.text.clone(), String::new(), from, to, t.position));
    });
    let mut i = 0;
    analyzer[1].token_stream(text).process(&mut |t: &Token| {
        tokens[i].1 = t.text.clone();
        i += 1;
    });
    assert_eq!(i, tokens.len(), "both analyzers give the same tokens");
    tokens
}

fn stem(stemmer: &mut TextAnalyzer, word: &str) -> String {
    let mut out = Vec::new();
    stemmer
        .token_stream(word)
        .process(&mut |token: &Token| out.push(token.text.clone()));
    assert_eq!(out.len(), 1, "RawTokenizer gives one token for {word:?}");
    out.pop().unwrap()
}

/// `JSON.stringify(tokens.map(t => [t.term, t.lower, t.offsetFrom, t.offsetTo, t.position]))`
fn tokens_line(tokens: &[JsToken]) -> String {
    let mut line = String::from("[");
    for (i, (term, lower, from, to, position)) in tokens.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push('[');
        push_json_string(&mut line, term);
        line.push(',');
        push_json_string(&mut line, lower);
        let _ = write!(line, ",{from},{to},{position}]");
    }
    line.push(']');
    line
}

/// A string as `JSON.stringify` writes it (well-formed Rust strings have no
/// lone surrogates to escape).
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

/// What differs between tantivy and the JS output line `got` on `case`.
fn describe_difference(
    case: &Case,
    got: &str,
    analyzer: &mut [TextAnalyzer; 2],
    stemmer: &mut TextAnalyzer,
) -> String {
    match case.mode {
        Mode::Stem => {
            let want = stem(stemmer, &case.text);
            match serde_json::from_str::<String>(got) {
                Ok(got) => format!(
                    "stem({:?}): tantivy {want:?}, tokenize.js {got:?}",
                    case.text
                ),
                Err(e) => format!(
                    "stem({:?}): tantivy {want:?}, bad JS output ({e}): {got}",
                    case.text
                ),
            }
        }
        Mode::Analyze => {
            let want = analyze(analyzer, &case.text);
            match serde_json::from_str::<Vec<JsToken>>(got) {
                Ok(got) => compare_tokens(&case.text, &want, &got)
                    .unwrap_or_else(|| format!("same tokens, different JSON: {got:?}")),
                Err(e) => format!("bad JS output ({e}): {got}"),
            }
        }
    }
}

/// None if equal, else a description of the first differing token.
fn compare_tokens(text: &str, want: &[JsToken], got: &[JsToken]) -> Option<String> {
    if want == got {
        return None;
    }
    let i = want
        .iter()
        .zip(got)
        .position(|(w, g)| w != g)
        .unwrap_or(want.len().min(got.len()));
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let excerpt = |t: Option<&JsToken>| match t {
        None => "(none)".to_owned(),
        Some((term, lower, from, to, pos)) => {
            let original = utf16
                .get(*from..*to)
                .map(String::from_utf16_lossy)
                .unwrap_or_else(|| "(offsets out of the text)".to_owned());
            format!(
                "term {term:?} ({lower:?}) at UTF-16 {from}..{to} (text {original:?}), position {pos}"
            )
        }
    };
    // Context: the text around the first differing token.
    let at = want.get(i).or(got.get(i)).map_or(0, |t| t.2);
    let lo = at.saturating_sub(40);
    let hi = (at + 60).min(utf16.len());
    let context = String::from_utf16_lossy(&utf16[lo..hi]);
    Some(format!(
        "{} tokens from tantivy, {} from tokenize.js; first difference at token {i}, near \
         {context:?}\n  tantivy:     {}\n  tokenize.js: {}",
        want.len(),
        got.len(),
        excerpt(want.get(i)),
        excerpt(got.get(i)),
    ))
}

/// Writes the inputs as JSON lines, runs tokenize.js on them in one Node
/// process, returns its output lines and the time spent writing the inputs.
fn run_node(cases: &[Case]) -> (Vec<String>, std::time::Duration) {
    let t = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("inputs.jsonl");
    let output = dir.path().join("outputs.jsonl");
    let mut json = String::with_capacity(cases.iter().map(|c| c.text.len() + 16).sum());
    for case in cases {
        let mode = match case.mode {
            Mode::Analyze => "a",
            Mode::Stem => "s",
        };
        json.push_str("{\"m\":\"");
        json.push_str(mode);
        json.push_str("\",\"t\":");
        push_json_string(&mut json, &case.text);
        json.push_str("}\n");
    }
    std::fs::write(&input, json).expect("write the inputs");
    let write_time = t.elapsed();

    let result = Command::new("node")
        .arg(repo().join(RUNNER))
        .arg(&input)
        .arg(&output)
        .current_dir(repo())
        .output();
    let result = match result {
        Ok(result) => result,
        Err(e) => panic!("cannot run `node` ({e}): this test needs Node.js on PATH"),
    };
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "node {RUNNER} failed ({}):\n{stderr}",
        result.status
    );
    eprint!("{stderr}");
    let text = std::fs::read_to_string(&output).expect("read the JS outputs");
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert_eq!(
        lines.len(),
        cases.len(),
        "{RUNNER} wrote {} lines for {} inputs",
        lines.len(),
        cases.len()
    );
    (lines, write_time)
}

// ---------------------------------------------------------------------------
// Inputs

/// Fills `cases`; returns the number of distinct words compared.
fn gather(cases: &mut Vec<Case>) -> usize {
    // 1. Every code point, 4,096 per text.
    for block in (0..0x11_0000u32).step_by(0x1000) {
        let mut text = String::new();
        for cp in block..block + 0x1000 {
            if let Some(c) = char::from_u32(cp) {
                text.push(c);
                text.push(' ');
            }
        }
        cases.push(Case {
            mode: Mode::Analyze,
            source: format!("code points U+{block:04X}..U+{:04X}", block + 0xFFF),
            text,
        });
    }

    // 1b. Every code point between two Han characters: CJK characters join
    // the run (bigrams across them), others split it.
    for block in (0..0x11_0000u32).step_by(0x1000) {
        let mut text = String::new();
        for c in (block..block + 0x1000).filter_map(char::from_u32) {
            text.push('中');
            text.push(c);
            text.push_str("中 ");
        }
        cases.push(Case {
            mode: Mode::Analyze,
            source: format!(
                "code points U+{block:04X}..U+{:04X} between Han",
                block + 0xFFF
            ),
            text,
        });
    }

    // 1c. Every CJK block, the CJK symbols and the full-width forms, as
    // runs of 50 consecutive code points.
    for &(start, end) in lore::CJK_RANGES
        .iter()
        .chain(&[(0x3000, 0x303F), (0xFF00, 0xFFEF)])
    {
        let chars: Vec<char> = (start..=end).filter_map(char::from_u32).collect();
        let mut text = String::new();
        for run in chars.chunks(50) {
            text.extend(run);
            text.push('\n');
        }
        cases.push(Case {
            mode: Mode::Analyze,
            source: format!("CJK block U+{start:04X}..U+{end:04X}"),
            text,
        });
    }

    // 2. Tricky texts.
    for (i, text) in tricky_texts().into_iter().enumerate() {
        cases.push(Case {
            mode: Mode::Analyze,
            source: format!("tricky text #{i}"),
            text,
        });
    }

    // 3. The word list.
    let list = std::fs::read_to_string(WORD_LIST).unwrap_or_else(|e| {
        panic!(
            "{WORD_LIST}: {e}\nThis test needs Debian's large American English word list: \
             `apt-get install wamerican-large` (.ci/deps installs it)."
        )
    });
    let list: Vec<&str> = list.lines().filter(|w| !w.is_empty()).collect();
    assert!(
        list.len() > 100_000,
        "{WORD_LIST} has only {} words",
        list.len()
    );
    let mut words: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for w in &list {
        if seen.insert(w.to_string()) {
            words.push(w.to_string());
        }
    }

    // 4. The repo's notes: whole files, and every token as a word.
    let mut simple = TextAnalyzer::from(SimpleTokenizer::default());
    let mut notes: Vec<PathBuf> = std::fs::read_dir(repo().join("content"))
        .expect("read content/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    notes.sort();
    assert!(!notes.is_empty(), "no content/*.md");
    for note in &notes {
        let text = std::fs::read_to_string(note).unwrap();
        simple.token_stream(&text).process(&mut |t: &Token| {
            if seen.insert(t.text.clone()) {
                words.push(t.text.clone());
            }
        });
        cases.push(Case {
            mode: Mode::Analyze,
            source: rel(note).to_string(),
            text,
        });
    }

    // 5. Long texts of words with assorted separators (positions, offsets,
    // tokens of 40 bytes and more when words are glued together).
    let separators = [
        " ", ", ", "\n", "'s ", "—", "_", "/", "", "\u{a0}", " \u{301}", "… ", "\t",
    ];
    for (n, chunk) in list.chunks(997).enumerate() {
        let mut text = String::new();
        for (i, w) in chunk.iter().enumerate() {
            text.push_str(w);
            text.push_str(separators[(i * 7 + n) % separators.len()]);
        }
        cases.push(Case {
            mode: Mode::Analyze,
            source: format!("word list text #{n}"),
            text,
        });
    }

    // 6. Each word alone through the analyzer; then, as a bare stemmer input,
    // the lowercased word and the word as written, unless the analyzer run
    // already stemmed that very string (a single lowercase token).
    let mut stems: HashSet<String> = HashSet::new();
    for w in &words {
        cases.push(Case {
            mode: Mode::Analyze,
            source: "word list / notes word".to_owned(),
            text: w.clone(),
        });
    }
    let single_token = |s: &str| {
        s.len() < 40
            && s.chars()
                .all(|c| c.is_alphanumeric() && c.to_lowercase().eq(std::iter::once(c)))
    };
    for w in &words {
        for s in [w.to_lowercase(), w.clone()] {
            if !single_token(&s) && stems.insert(s.clone()) {
                cases.push(Case {
                    mode: Mode::Stem,
                    source: "word list / notes word, bare".to_owned(),
                    text: s,
                });
            }
        }
    }

    // 7. Short words, exhaustively, and random words, aimed at the
    // stemmer's rules.
    for w in short_words().into_iter().chain(random_words(60_000)) {
        if stems.insert(w.clone()) {
            cases.push(Case {
                mode: Mode::Stem,
                source: "short or random word".to_owned(),
                text: w,
            });
        }
    }

    words.len()
}

fn rel(path: &Path) -> String {
    path.strip_prefix(repo())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn tricky_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "kube-apiserver",
        "10.32.0.0/24",
        "--service-node-port-range=30000-32767",
        "CamelCase camelCase HTTPServer XMLHttpRequest",
        "Café naïve façade",
        "Cafe\u{301} nai\u{308}ve fac\u{327}ade",
        "日本語のテキスト",
        "中文分词测试，包括标点。",
        "한국어 텍스트",
        "Obsidian 同期 kubectl 命令 kubectl命令 使用Obsidian同期。",
        "打开命令面板（Ctrl+P），输入「模板」！然后…按Enter；完成？",
        "これは**「重要」**です。ｶﾀｶﾅ ﾊﾝｶｸ ｶﾞｲﾄﾞ ㇰㇱㇲ 𛀁𛄲 ゟヿ〆々〇",
        "ＡＢＣ ｋｕｂｅｃｔｌ ｖ１．２ Ｗｉｎｄｏｗｓ１０ ＣａｆÉ ａｂｃ中文ｄｅｆ ０１２３４５６７８９ ＿＠＃",
        "ｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘ ｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘｘ",
        "한국어텍스트와English가섞인문장 ㄱㄴㄷ ᄀᄁᄂ 𠀀𠀁𠀂 𪘀豈更 〡〢〣 ㈠㈡ ㊀㊁",
        "中 文 单 字 猫。狗、鸟 a中b 1中2 中1 中_文 中-文 中'文 中\u{3000}文 中\u{200b}文",
        "葛\u{E0100}城 か\u{3099}き\u{309A} ゔ 中\u{FE0F}文 🀄中文🀄",
        "🚀 launch",
        "🚀launch👍🏽ok 🇫🇷 👨‍👩‍👧 #️⃣ 1️⃣",
        "ΟΔΟΣ Σίσυφος",
        "ΣΑΣ σας Σ ς σ ΌΣΟΣ ὈΔΥΣΣΕΎΣ",
        "İstanbul",
        "İSTANBUL ISTANBUL ıstanbul I ı İ i Iİ SKİES",
        "Straße STRASSE ẞ straße",
        "don't",
        "O'Reilly",
        "rock'n'roll ’s Reilly’s ‘quoted’ 'tis the dogs' bone's",
        "k8s",
        "IPv6",
        "x86_64 amd64 arm64v8 2001:db8::1 fe80::1%eth0",
        "C++ C# F# .NET node.js e-mail snake_case kebab-case",
        "3.14 1,000 1e10 0x1F ½ ² ³ ¼ Ⅻ ⅻ ① ⑳ ٣ ৩ 𝟙 𝟚",
        "مرحبا بالعالم שלום עולם नमस्ते दुनिया สวัสดีชาวโลก",
        "Привет, мир! ПРИВЕТ Ёлка",
        "𝐇𝐞𝐥𝐥𝐨 𝕎𝕠𝕣𝕝𝕕 𝓈𝒸𝓇𝒾𝓅𝓉",
        "𐐔𐐯𐑅𐐨𐑉𐐯𐐻 𐐀𐐁 𞤀𞤁 𖹀",
        "ǅemal Ǆ ǈ ǋ ǲ ﬁne ﬀ ﬃ ŉ ǰ ΐ",
        "ᏣᎳᎩ ꭰꭱ Ᏸ ᲐᲑᲒ ⴀ Ⓐⓐ Ａｂｃ ＡＢＣ",
        "K Å Ω ℌ ℍ ℓ № ™ ℮",
        "a\u{200d}b a\u{200c}b a\u{ad}b a\u{2060}b a\u{feff}b",
        "tab\tnew\nline\r\ncr\u{b}vt\u{c}ff\u{85}nel\u{2028}ls\u{2029}ps",
        "dying lying tying Dying LYING vying ying",
        "succeeded exceeding proceedings agreed freed bleed",
        "innings outing cannings evening evenings herring earrings inning",
        "generously communism arsenal emergency international lateral organization past pasted \
         pasting university",
        "ugly early only singly skies skis sky idly gently news howe atlas cosmos bias andes",
        "YELLOW yay sky's Yale YOYO yoyo sayyid toying obeyed",
        "hopping hoping adding egged odd added ebbing erring",
        "fruitlessly relational conditional rational valenci hesitanci digitizer \
         conformabli radicalli differentli vileli analogousli vietnamization predication \
         operator feudalism decisiveness hopefulness callousness formaliti sensitiviti \
         sensibiliti biologist apologi geology lessli fulli",
        "triplicate formative formalize electriciti electrical hopeful goodness",
        "revival allowance inference airliner gyroscopic adjustable defensible irritant \
         replacement adjustment dependent adoption homologous effective bowdlerize",
        "generate probate rate cease controll roll",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();

    // Tokens around the 40-byte limit, in bytes of the original text.
    for (unit, name) in [
        ("a", "1-byte"),
        ("é", "2-byte"),
        ("中", "3-byte"),
        ("𝐀", "4-byte"),
        ("İ", "İ (2 bytes, 3 lowercased)"),
        ("K", "Kelvin sign (3 bytes, 1 lowercased)"),
    ] {
        let mut text = format!("{name}: ");
        for bytes in 30..=48 {
            let n = bytes / unit.len();
            let mut word: String = unit.repeat(n);
            word.push_str(&"x".repeat(bytes - n * unit.len()));
            text.push_str(&word);
            text.push(' ');
            // The same word with a stemmable ending, 3 bytes longer.
            text.push_str(&word);
            text.push_str("ing ");
        }
        texts.push(text);
    }
    texts.push("x".repeat(39) + " " + &"y".repeat(40) + " " + &"z".repeat(41) + " after");
    texts.push("a".repeat(500) + " tail");
    texts.push(String::new());
    texts.push(" \t\n ".to_owned());
    texts
}

/// The endings the stemmer cares about (and some it does not).
const SUFFIXES: &[&str] = &[
    "ational", "tional", "enci", "anci", "izer", "bli", "abli", "alli", "entli", "eli", "ousli",
    "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti", "iviti",
    "biliti", "logi", "ogi", "ogist", "lessli", "fulli", "li", "icate", "ative", "alize", "iciti",
    "ical", "ful", "ness", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
    "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion", "e", "l", "ll",
    "s", "ss", "sses", "ies", "ied", "us", "'s", "'s'", "'", "ed", "eed", "eedly", "ing", "ingly",
    "edly", "ying", "y", "Y", "ly", "at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp",
    "rr", "tt", "past", "ings", "ers", "ations",
];

/// Every string of up to 3 chars over a small alphabet (a consonant, a
/// vowel, 'y', 'Y', the apostrophe, 'w', 'l', a 2-byte and an astral char),
/// alone and before each of SUFFIXES: the short words where the stemmer's
/// start-of-word, region and char-counting conditions decide.
fn short_words() -> Vec<String> {
    const CHARS: &[&str] = &["b", "a", "y", "Y", "'", "é", "𝐀", "w", "l"];
    let mut prefixes = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..3 {
        let longer: Vec<String> = last
            .iter()
            .flat_map(|p| CHARS.iter().map(move |c| format!("{p}{c}")))
            .collect();
        prefixes.extend(longer.iter().cloned());
        last = longer;
    }
    let mut words = Vec::new();
    for p in &prefixes {
        for suffix in std::iter::once(&"").chain(SUFFIXES) {
            let w = format!("{p}{suffix}");
            if !w.is_empty() {
                words.push(w);
            }
        }
    }
    words
}

/// Deterministic pseudo-random words stressing the stemmer: its prefixes,
/// suffixes and special cases around random letters, apostrophes,
/// uppercase 'Y', and 2-, 3- and 4-byte chars (one UTF-16 unit or two).
fn random_words(count: usize) -> Vec<String> {
    const PREFIXES: &[&str] = &[
        "gener", "commun", "arsen", "emerg", "inter", "later", "organ", "past", "univers", "succ",
        "proc", "exc", "even", "cann", "inn", "earr", "herr", "out", "'", "y", "Y", "sky", "ski",
        "news", "a", "e", "o", "i",
    ];
    const PIECES: &[&str] = &[
        "a", "e", "i", "o", "u", "y", "Y", "s", "l", "b", "d", "t", "n", "g", "c", "r", "p", "k",
        "m", "h", "w", "x", "z", "v", "f", "j", "q", "'", "é", "ß", "中", "𝐀", "𐐨", "5",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| -> usize {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    };
    let mut words = Vec::with_capacity(count);
    for _ in 0..count {
        let mut w = String::new();
        if next(10) < 3 {
            w.push_str(PREFIXES[next(PREFIXES.len())]);
        }
        for _ in 0..next(7) {
            // Mostly ASCII letters, now and then something else.
            let piece = if next(8) == 0 {
                PIECES[next(PIECES.len())]
            } else {
                PIECES[next(23)]
            };
            w.push_str(piece);
        }
        for _ in 0..next(3) {
            w.push_str(SUFFIXES[next(SUFFIXES.len())]);
        }
        if !w.is_empty() {
            words.push(w);
        }
    }
    words
}

// ---------------------------------------------------------------------------
// Rust's Unicode tables, as tokenize.js carries them

/// The generated block of tokenize.js for this Rust's std.
fn unicode_tables_block() -> String {
    // Runs of alphanumeric code points: (start, end) exclusive.
    let mut alnum: Vec<(u32, u32)> = Vec::new();
    let mut run: Option<u32> = None;
    for cp in 0..=0x11_0000u32 {
        let yes = char::from_u32(cp).is_some_and(char::is_alphanumeric);
        match (yes, run) {
            (true, None) => run = Some(cp),
            (false, Some(start)) => {
                alnum.push((start, cp));
                run = None;
            }
            _ => {}
        }
    }
    let mut alnum_text = String::new();
    let mut at = 0;
    for (start, end) in alnum {
        let _ = write!(
            alnum_text,
            "{},{},",
            base36((start - at) as i64),
            base36((end - start) as i64)
        );
        at = end;
    }
    alnum_text.pop();

    // Lowercase mappings: runs of (start, count, stride, delta) for the
    // one-char ones, a list for the others.
    struct LowerRun {
        start: u32,
        count: u32,
        stride: u32,
        delta: i64,
    }
    let mut runs: Vec<LowerRun> = Vec::new();
    let mut multi = String::new();
    for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
        let lower: Vec<char> = c.to_lowercase().collect();
        if lower == [c] {
            continue;
        }
        let cp = c as u32;
        if lower.len() > 1 {
            let cps: Vec<String> = lower.iter().map(|&l| base36(l as i64)).collect();
            let _ = write!(multi, "{}:{},", base36(cp as i64), cps.join("."));
            continue;
        }
        let delta = lower[0] as i64 - cp as i64;
        if let Some(r) = runs.last_mut() {
            let last = r.start + (r.count - 1) * r.stride;
            let step = cp - last;
            if r.delta == delta
                && ((r.count == 1 && step <= 2) || (r.count > 1 && step == r.stride))
            {
                r.stride = step;
                r.count += 1;
                continue;
            }
        }
        runs.push(LowerRun {
            start: cp,
            count: 1,
            stride: 1,
            delta,
        });
    }
    multi.pop();
    let mut lower_text = String::new();
    let mut at = 0;
    for r in &runs {
        let _ = write!(
            lower_text,
            "{},{},{},{},",
            base36((r.start - at) as i64),
            base36(r.count as i64),
            base36(r.stride as i64),
            base36(r.delta)
        );
        at = r.start + (r.count - 1) * r.stride + 1;
    }
    lower_text.pop();

    // Lore's CJK blocks, as (gap, length) pairs like the alphanumeric runs.
    let mut cjk_text = String::new();
    let mut at = 0;
    for &(start, end) in lore::CJK_RANGES {
        let _ = write!(
            cjk_text,
            "{},{},",
            base36((start - at) as i64),
            base36((end + 1 - start) as i64)
        );
        at = end + 1;
    }
    cjk_text.pop();

    let (major, minor, update) = char::UNICODE_VERSION;
    let mut block = String::from(BEGIN_TABLES);
    let _ = writeln!(
        block,
        "  // Generated by tests/heavy/stemmer.rs from Rust's std (Unicode {major}.{minor}.{update}): \
         char::is_alphanumeric\n  // and char::to_lowercase, and from src/cjk.rs (RANGES). \
         Regenerate with\n  // {REGEN_VAR}=1 cargo test stemmer"
    );
    let _ = writeln!(
        block,
        "  var UNICODE_VERSION = \"{major}.{minor}.{update}\";"
    );
    for (name, text) in [
        ("ALNUM_RANGES", &alnum_text),
        ("LOWER_RUNS", &lower_text),
        ("LOWER_MULTI", &multi),
        ("CJK_RANGES", &cjk_text),
    ] {
        let _ = writeln!(block, "  var {name} =\n{};", js_string_lines(text));
    }
    block.push_str(END_TABLES);
    block
}

/// A JS string literal over several lines, `"..." +`.
fn js_string_lines(text: &str) -> String {
    let lines: Vec<String> = text
        .as_bytes()
        .chunks(96)
        .map(|chunk| format!("    \"{}\"", std::str::from_utf8(chunk).unwrap()))
        .collect();
    if lines.is_empty() {
        return "    \"\"".to_owned();
    }
    lines.join(" +\n")
}

fn base36(n: i64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    let mut m = n.unsigned_abs();
    loop {
        digits.push(DIGITS[(m % 36) as usize]);
        m /= 36;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        digits.push(b'-');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap()
}

/// Fails unless tokenize.js carries this Rust's Unicode tables and Lore's CJK
/// blocks; rewrites them when LORE_REGEN_UNICODE_TABLES=1.
fn check_unicode_tables() {
    let path = repo().join(TOKENIZE_JS);
    let js = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{TOKENIZE_JS}: {e}"));
    let begin = js
        .find(BEGIN_TABLES)
        .unwrap_or_else(|| panic!("{TOKENIZE_JS}: no {BEGIN_TABLES:?} line"));
    let end = js
        .find(END_TABLES)
        .unwrap_or_else(|| panic!("{TOKENIZE_JS}: no {END_TABLES:?} line"))
        + END_TABLES.len();
    let want = unicode_tables_block();
    if js[begin..end] == want {
        return;
    }
    if std::env::var_os(REGEN_VAR).is_some_and(|v| v == "1") {
        let updated = format!("{}{want}{}", &js[..begin], &js[end..]);
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{TOKENIZE_JS}: {e}"));
        eprintln!("{TOKENIZE_JS}: Unicode tables regenerated");
        return;
    }
    let (major, minor, update) = char::UNICODE_VERSION;
    panic!(
        "The Unicode tables of {TOKENIZE_JS} are not those of this Rust's std (Unicode \
         {major}.{minor}.{update}), whose char::is_alphanumeric and char::to_lowercase tantivy \
         tokenizes with (a Rust upgrade changes them), or not src/cjk.rs's CJK blocks. \
         Regenerate them:\n    {REGEN_VAR}=1 cargo test stemmer"
    );
}
