//! One search spec, two implementations. `lore search` (Rust) and the
//! shipped client (`static/search/engine.js`) must read a query the same
//! way and rank by the same numbers:
//!
//! - every case of `tests/search/parse-cases.json` (words, phrases,
//!   exclusions, topics, the prefix of the last word, CJK runs, bad
//!   queries) plans as the case says, in Rust (`lore::search::plan`) and in
//!   the client (`engine.js` `plan`, under Node); run with
//!   `LORE_REGEN_PARSE_CASES=1` to write Rust's plans into the file after a
//!   deliberate change to the language (then read the diff);
//! - so do seeded random queries made of the language's pieces (Rust and
//!   the client compared with each other);
//! - the export's `meta.js` carries the spec (`lore::search::SPEC`),
//!   and the client ranks by what it carries: change a number there and the
//!   client's answers change as that number says.

use crate::support::{repo_root, Site};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

const CASES: &str = "tests/search/parse-cases.json";
const REGEN_VAR: &str = "LORE_REGEN_PARSE_CASES";

/// Rust's plan of a query, as JSON (or `{"error": message}`).
fn rust_plan(query: &str) -> Value {
    match lore::search::plan(query) {
        Ok(plan) => plan.json(),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// The client's plans of `queries`, from one Node process.
fn client_plans(queries: &[String]) -> Vec<Value> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_string(queries).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(repo_root().join("tests/search/plan.mjs"))
        .arg(file.path())
        .output()
        .expect("node runs (run .ci/deps)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_parse_case_plans_as_it_says_in_rust_and_in_the_search_client() {
    let path = repo_root().join(CASES);
    let mut cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if std::env::var_os(REGEN_VAR).is_some() {
        for case in &mut cases {
            case["plan"] = rust_plan(case["query"].as_str().unwrap());
        }
        let text = serde_json::to_string_pretty(&cases).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    }
    let queries: Vec<String> = cases
        .iter()
        .map(|c| c["query"].as_str().unwrap().to_owned())
        .collect();
    let client = client_plans(&queries);
    assert!(cases.len() >= 50, "{} cases", cases.len());
    for (case, js) in cases.iter().zip(&client) {
        let (query, want) = (&case["query"], &case["plan"]);
        let why = case["why"].as_str().unwrap();
        let rust = rust_plan(query.as_str().unwrap());
        assert_eq!(&rust, want, "Rust plans {query} ({why}) otherwise");
        assert_eq!(js, want, "engine.js plans {query} ({why}) otherwise");
    }
    // The cases cover each part of the language.
    let plans: Vec<&Value> = cases.iter().map(|c| &c["plan"]).collect();
    let some = |key: &str| {
        plans
            .iter()
            .any(|p| !p[key].as_array().is_none_or(Vec::is_empty))
    };
    for key in [
        "words",
        "phrases",
        "excluded",
        "topics",
        "units",
        "excludedUnits",
    ] {
        assert!(some(key), "no case has {key}");
    }
    assert!(plans.iter().any(|p| p["prefixLast"] == true));
    assert!(plans
        .iter()
        .any(|p| p["units"].to_string().contains("\"run\"")));
    let errors = plans.iter().filter(|p| p["error"].is_string()).count();
    assert!(errors >= 4, "{errors} bad queries");
}

/// The pieces random queries are made of: words of each script, the
/// operators, spaces of several kinds, and characters that are no words.
const PIECES: &[&str] = &[
    "etcd",
    "Kube-ap",
    "running",
    "UPDATE",
    "x",
    "café",
    "don't",
    "C++",
    "10.0.0.1",
    "笔记",
    "命令面板",
    "命",
    "ｋｕｂｅ",
    "設定",
    "ファイル",
    "파일",
    "𠀀",
    "😀",
    "、",
    "!!",
    "-",
    "\"",
    "\"",
    "topic:",
    "topic:A/b",
    "#",
    "/",
    ":",
    "..",
    "[[",
    "]]",
    "|",
    "+",
    "_",
    " ",
    " ",
    " ",
    "  ",
    "\u{3000}",
    "\u{a0}",
    "\t",
    "\n",
];

/// Queries drawn from [`PIECES`] by a xorshift generator from `seed`.
fn random_queries(seed: u64, n: usize) -> Vec<String> {
    let mut state = seed.max(1);
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    (0..n)
        .map(|_| {
            let len = 1 + next(9);
            (0..len).map(|_| PIECES[next(PIECES.len())]).collect()
        })
        .collect()
}

#[test]
fn seeded_random_queries_plan_alike_in_rust_and_in_the_search_client() {
    let seed = std::env::var("LORE_PARSE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x0005_EED0_F0DE);
    let queries = random_queries(seed, 2000);
    let client = client_plans(&queries);
    let mut errors = 0;
    for (q, js) in queries.iter().zip(&client) {
        let rust = rust_plan(q);
        assert_eq!(
            js, &rust,
            "{q:?} (seed {seed}, LORE_PARSE_SEED): engine.js plans {js}, Rust {rust}"
        );
        errors += usize::from(rust["error"].is_string());
    }
    // Both good and bad queries came up.
    assert!(
        errors > 100 && errors < 1900,
        "{errors} bad queries of 2000"
    );
}

/// The export's `meta.js` of a built site: (its payload, its file).
fn meta(out: &Path) -> (Value, std::path::PathBuf) {
    let file = out.join("search/meta.js");
    let text = std::fs::read_to_string(&file).unwrap();
    let json = text
        .strip_prefix("loreSearchData(\"meta\",")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("meta.js is not a data script: {text}"));
    (serde_json::from_str(json).unwrap(), file)
}

/// Rewrites the spec in `meta.js` with `change`.
fn change_spec(out: &Path, change: impl FnOnce(&mut Value)) {
    let (mut meta, file) = meta(out);
    change(&mut meta["spec"]);
    std::fs::write(&file, format!("loreSearchData(\"meta\",{meta});\n")).unwrap();
}

/// The client's answers (under Node) to `queries` over a built site.
fn client_answers(out: &Path, queries: &[&str]) -> Value {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_string(queries).unwrap()).unwrap();
    let result = Command::new("node")
        .arg(repo_root().join("tests/search/run.mjs"))
        .arg(out)
        .arg(file.path())
        .output()
        .expect("node runs (run .ci/deps)");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    serde_json::from_slice(&result.stdout).unwrap()
}

fn scores(answer: &Value) -> Vec<(String, f64)> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let url = r["url"].as_str().unwrap().to_owned();
            (url, r["score"].as_f64().unwrap())
        })
        .collect()
}

fn urls(answer: &Value) -> Vec<String> {
    scores(answer).into_iter().map(|(u, _)| u).collect()
}

#[test]
fn the_export_carries_the_spec_and_the_search_client_ranks_by_it() {
    let site = Site::new();
    site.note("etcd.md", "---\ntitle: etcd\n---\nTake a snapshot with etcdctl snapshot save, and keep the snapshot safe.\n")
        .note("raft.md", "---\ntitle: Raft\n---\nThe etcd store agrees on a log through raft. A snapshot trims it.\n")
        .note("pods.md", "---\ntitle: Pods\n---\nPods run containers; a node runs many pods and containers with a runtime, each pod with its own network namespace and volumes, far from any snapshot.\n")
        .note("apiserver.md", "---\ntitle: kube-apiserver\n---\nThe apiserver stores state in etcd.\n")
        .note("apigateway.md", "---\ntitle: API gateway\n---\nAn apigateway routes calls.\n");
    site.build();
    let out = site.public();
    let (exported, _) = meta(&out);
    assert_eq!(exported["spec"], lore::search::SPEC.json());

    let queries = [
        "snapshot",
        "etcd snapshot",
        "\"snapshot save\"",
        "snapshott",
        "ap",
    ];
    let before = client_answers(&out, &queries);
    assert_eq!(urls(&before["snapshott"]), urls(&before["snapshot"]));
    assert!(urls(&before["ap"]).len() >= 2, "{}", before["ap"]);

    // Boosts and phrase boosts doubled: every score doubles.
    change_spec(&out, |spec| {
        for f in spec["fields"].as_array_mut().unwrap() {
            for key in ["boost", "phraseBoost"] {
                if let Some(b) = f[key].as_f64() {
                    f[key] = json!(b * 2.0);
                }
            }
        }
    });
    let doubled = client_answers(&out, &queries);
    for q in queries {
        let (was, now) = (scores(&before[q]), scores(&doubled[q]));
        assert_eq!(was.len(), now.len(), "{q}");
        for ((u, a), (v, b)) in was.iter().zip(&now) {
            assert_eq!(u, v, "{q}");
            assert!((b - 2.0 * a).abs() < 1e-5, "{q}: {u} scored {a}, then {b}");
        }
    }

    // Only titles count: the note titled etcd is the only one that scores.
    change_spec(&out, |spec| {
        for (i, f) in spec["fields"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            f["boost"] = json!(if i == 0 { 1.0 } else { 0.0 });
        }
    });
    let titles_only = client_answers(&out, &["etcd"]);
    let etcd = scores(&titles_only["etcd"]);
    assert_eq!(etcd[0].0, "etcd/");
    assert!(etcd[1..].iter().all(|(_, s)| *s == 0.0), "{etcd:?}");

    // BM25's k1 and b. `snapshot` is in the bodies of etcd (three times),
    // raft and pods (once each, pods' body the longer).
    let score_of = |answer: &Value, url: &str| {
        let all = scores(&answer["snapshot"]);
        all.iter()
            .find(|(u, _)| u == url)
            .unwrap_or_else(|| panic!("no {url}: {all:?}"))
            .1
    };
    assert!(score_of(&before, "etcd/") > score_of(&before, "raft/"));
    assert!(score_of(&before, "raft/") > score_of(&before, "pods/"));
    // With k1 = 0, how often the word occurs and how long the field is do
    // not count.
    change_spec(&out, |spec| {
        *spec = lore::search::SPEC.json();
        spec["k1"] = json!(0.0);
    });
    let k1 = client_answers(&out, &["snapshot"]);
    assert_eq!(score_of(&k1, "etcd/"), score_of(&k1, "raft/"));
    assert_eq!(score_of(&k1, "raft/"), score_of(&k1, "pods/"));
    // With b = 0, the field's length does not count; occurrences do.
    change_spec(&out, |spec| {
        *spec = lore::search::SPEC.json();
        spec["b"] = json!(0.0);
    });
    let b = client_answers(&out, &["snapshot"]);
    assert!(score_of(&b, "etcd/") > score_of(&b, "raft/"));
    assert_eq!(score_of(&b, "raft/"), score_of(&b, "pods/"));

    // The prefix, typo and snippet limits.
    change_spec(&out, |spec| {
        *spec = lore::search::SPEC.json();
        spec["maxPrefixTerms"] = json!(1);
        spec["typoMinChars"] = json!(10);
        spec["snippetChars"] = json!(30);
    });
    let limited = client_answers(&out, &queries);
    assert!(urls(&limited["ap"]).len() < urls(&before["ap"]).len());
    assert!(
        urls(&limited["snapshott"]).is_empty(),
        "no typo for 8 letters"
    );
    let snippet = limited["snapshot"]["results"][0]["snippet"]
        .as_str()
        .unwrap();
    assert!(snippet.encode_utf16().count() <= 30, "{snippet}");
    let long = before["snapshot"]["results"][0]["snippet"]
        .as_str()
        .unwrap();
    assert!(long.encode_utf16().count() > 30, "{long}");
}
