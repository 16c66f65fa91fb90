//! One search spec, two implementations: `lore search` (Rust) and the
//! shipped client (`static/search/engine.js`) rank by the same numbers.
//! The export's `meta.js` carries the spec (`lore::search::spec::SPEC`),
//! and the client ranks by what it carries: change a number there and the
//! client's answers change as that number says.

use crate::support::{repo_root, Site};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

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
    assert_eq!(exported["spec"], lore::search::spec::SPEC.json());

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
        *spec = lore::search::spec::SPEC.json();
        spec["k1"] = json!(0.0);
    });
    let k1 = client_answers(&out, &["snapshot"]);
    assert_eq!(score_of(&k1, "etcd/"), score_of(&k1, "raft/"));
    assert_eq!(score_of(&k1, "raft/"), score_of(&k1, "pods/"));
    // With b = 0, the field's length does not count; occurrences do.
    change_spec(&out, |spec| {
        *spec = lore::search::spec::SPEC.json();
        spec["b"] = json!(0.0);
    });
    let b = client_answers(&out, &["snapshot"]);
    assert!(score_of(&b, "etcd/") > score_of(&b, "raft/"));
    assert_eq!(score_of(&b, "raft/"), score_of(&b, "pods/"));

    // The prefix, typo and snippet limits.
    change_spec(&out, |spec| {
        *spec = lore::search::spec::SPEC.json();
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
