//! The published site's search ranks as `lore search` does: the shipped
//! client (`static/search/engine.js`), run under Node (`tests/search/run.mjs`)
//! and in Chromium from file:// (`tests/browser/parity.mjs`) over the
//! exported index, gives the same top 10, in the same order, with scores
//! within 1e-4, as `lore search --json`: over the default content and over
//! a generated corpus of 2,000 notes, for words, prefixes, typos, phrases,
//! topics and exclusions.

use crate::support::{copy_dir, repo_root, LORE};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../benches/corpus.rs"]
mod corpus;

const LIMIT: usize = 10;
const TOLERANCE: f64 = 1e-4;

/// Queries over the default content (the Kubernetes notes).
const DEFAULT_QUERIES: &[&str] = &[
    "etcd backup",
    "kube-ap",
    "rollouts",
    "\"static pod\"",
    "topic:networking",
    "etcd -backup",
    "snapshott",
    "pods nodes",
    "kubelet drain node",
    "certificate",
    "certficate",
    "ingress controller",
    "network policy",
    "configmap secret",
    "persistent volume claim",
    "\"persistent volume\"",
    "rbac",
    "service account token",
    "coredns",
    "cni plugin",
    "scheduler taint",
    "kubeadm init",
    "jsonpath",
    "resource quota limit",
    "security context",
    "init container",
    "sidecar",
    "upgrade",
    "cord",
    "namespace -default",
    "topic:storage volume",
    "iptables",
    "ku",
    "xyzzy plugh",
    "Deployments rolling UPDATE",
    "\"kubectl get pods\" -namespace",
];

/// Queries over the generated corpus (benches/corpus.rs vocabulary).
const CORPUS_QUERIES: &[&str] = &[
    "kubernetes",
    "etcd backup",
    "kube-ap",
    "kube-apiserver",
    "pods",
    "pod scheduler",
    "rollout rollback",
    "snapshot restore",
    "\"load balancer\"",
    "\"the cluster\"",
    "topic:search",
    "topic:reliability etcd",
    "etcd -backup",
    "kuberntes",
    "schedulr",
    "contaner runtime",
    "deploy",
    "dep",
    "k",
    "ingress controller",
    "prometheus grafana alert",
    "replica set",
    "sidecar proxy envoy",
    "cpu memory heap",
    "taint toleration affinity",
    "tls certificate",
    "kafka topic consumer",
    "rbac role policy",
    "webhook admission validation",
    "node drain cordon",
    "nonexistentword",
    "throughput latency -bandwidth",
    "cache red",
    "iptables conntrack nat",
    "vxlan wireguard bgp",
    "grafna dashbord",
];

/// A site folder (kept for the test's life) and its built output.
struct Built {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

fn build(root: PathBuf, dir: tempfile::TempDir) -> Built {
    let out = dir.path().join("out");
    let status = Command::new(LORE)
        .args(["build", "-q", "--root"])
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success(), "lore build failed");
    Built {
        _dir: dir,
        root,
        out,
    }
}

fn default_site() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    std::fs::copy(repo_root().join("site.toml"), root.join("site.toml")).unwrap();
    build(root, dir)
}

fn generated_site(notes: usize) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let spec = corpus::CorpusSpec::new(notes, corpus::Flavor::Lore);
    corpus::generate(&spec, &root).unwrap();
    build(root, dir)
}

/// `lore search --json` for each query (a few at a time).
fn cli_answers(root: &Path, queries: &[&str]) -> Vec<Option<Value>> {
    let one = |q: &str| -> Option<Value> {
        let out = Command::new(LORE)
            .args(["search", "--json", "--limit", &LIMIT.to_string(), "--root"])
            .arg(root)
            .arg("--")
            .arg(q)
            .output()
            .unwrap();
        match out.status.code() {
            Some(0) => Some(serde_json::from_slice(&out.stdout).unwrap()),
            Some(2) => None, // a bad query
            _ => panic!(
                "lore search {q:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    };
    // The first call builds the cache; then four at a time.
    let mut answers = vec![one(queries[0])];
    for chunk in queries[1..].chunks(4) {
        let got: Vec<Option<Value>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk.iter().map(|q| s.spawn(|| one(q))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        answers.extend(got);
    }
    answers
}

/// The client's answers: `{query: answer}` from a runner script over a
/// built folder or a server's URL.
fn client_answers(runner: &mut Command, out: &Path, queries: &[&str]) -> Value {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = std::env::temp_dir().join(format!("lore-parity-{}-{run}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_string(queries).unwrap()).unwrap();
    let result = runner
        .arg(out)
        .arg(&file)
        .arg(LIMIT.to_string())
        .output()
        .expect("node runs (run .ci/deps)");
    let _ = std::fs::remove_file(&file);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    serde_json::from_slice(&result.stdout).unwrap()
}

/// Asserts parity; returns how many queries found something.
fn assert_parity(side: &str, queries: &[&str], cli: &[Option<Value>], client: &Value) -> usize {
    let mut found = 0;
    for (q, expected) in queries.iter().zip(cli) {
        let got = &client[*q];
        let Some(expected) = expected else {
            assert!(
                got["error"].is_string(),
                "{side}: {q:?} is a bad query for lore search but not for the client: {got}"
            );
            continue;
        };
        let want = expected["results"].as_array().unwrap();
        let have = got["results"]
            .as_array()
            .unwrap_or_else(|| panic!("{side}: {q:?} gave no results array: {got}"));
        let urls = |list: &[Value]| -> Vec<String> {
            list.iter()
                .map(|r| r["url"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(
            urls(have),
            urls(want),
            "{side}: {q:?} ranks differently\nclient: {have:?}\nlore search: {want:?}"
        );
        for (h, w) in have.iter().zip(want) {
            let (hs, ws) = (h["score"].as_f64().unwrap(), w["score"].as_f64().unwrap());
            assert!(
                (hs - ws).abs() <= TOLERANCE,
                "{side}: {q:?}: {} scores {hs} in the client, {ws} in lore search",
                w["url"]
            );
            assert_eq!(h["title"], w["title"], "{side}: {q:?}");
            assert_eq!(h["path"], w["path"], "{side}: {q:?}");
        }
        found += usize::from(!want.is_empty());
    }
    found
}

fn node_runner() -> Command {
    let mut c = Command::new("node");
    c.arg(repo_root().join("tests/search/run.mjs"));
    c
}

fn chromium_runner() -> Command {
    let mut c = Command::new("node");
    c.current_dir(repo_root().join("tests/browser"))
        .arg("parity.mjs");
    c
}

#[test]
fn the_client_ranks_the_default_notes_as_lore_search_does() {
    let site = default_site();
    let cli = cli_answers(&site.root, DEFAULT_QUERIES);
    let node = client_answers(&mut node_runner(), &site.out, DEFAULT_QUERIES);
    let found = assert_parity("node", DEFAULT_QUERIES, &cli, &node);
    assert!(found >= 30, "only {found} queries found anything");
    // The rules do something: a typo, a prefix, a topic filter.
    let first = |q: &str| {
        node[q]["results"][0]["url"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(first("etcd backup"), "etcd/");
    assert_eq!(first("snapshott"), "etcd/");
    assert_eq!(first("kube-ap"), "kube-apiserver/");
    assert!(node["xyzzy plugh"]["results"]
        .as_array()
        .unwrap()
        .is_empty());
    let chromium = client_answers(&mut chromium_runner(), &site.out, DEFAULT_QUERIES);
    assert_parity("chromium", DEFAULT_QUERIES, &cli, &chromium);
}

/// `lore serve` on the site, once its exported index is served (it follows
/// the first build from its own thread).
fn serve_with_search(site: &Built) -> crate::serve::Server {
    let server = crate::serve::Server::start(&site.root);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while server.get("/search/meta.js").0 != 200 {
        assert!(std::time::Instant::now() < deadline, "no search/meta.js");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    server
}

#[test]
fn the_dev_server_search_box_ranks_as_lore_search_does() {
    let site = default_site();
    let server = serve_with_search(&site);
    let queries = &DEFAULT_QUERIES[..12];
    let cli = cli_answers(&site.root, queries);
    let url = format!("http://127.0.0.1:{}/", server.port);
    let chromium = client_answers(&mut chromium_runner(), Path::new(&url), queries);
    let found = assert_parity("chromium over lore serve", queries, &cli, &chromium);
    assert!(found >= 10, "only {found} queries found anything");
}

#[test]
fn the_client_ranks_a_generated_corpus_as_lore_search_does() {
    let site = generated_site(2000);
    let cli = cli_answers(&site.root, CORPUS_QUERIES);
    let node = client_answers(&mut node_runner(), &site.out, CORPUS_QUERIES);
    let found = assert_parity("node", CORPUS_QUERIES, &cli, &node);
    assert!(found >= 30, "only {found} queries found anything");
    let chromium = client_answers(&mut chromium_runner(), &site.out, CORPUS_QUERIES);
    assert_parity("chromium", CORPUS_QUERIES, &cli, &chromium);
}

#[test]
fn hostile_notes_neither_break_the_index_nor_run_in_results() {
    let site = crate::support::Site::new();
    site.note(
        "xss.md",
        "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\nBody with `</script>` and \u{2028} a line separator \u{2029}, about snapshots.\n",
    )
    .note(
        "quotes.md",
        "---\ntitle: \"Quotes \\\" and \\\\ backslashes </script><script>alert(2)</script>\"\n---\nSnapshots of `loreSearchData(\"meta\",{})` and \"); alert(3); (\".\n",
    );
    site.build();
    let queries = [
        "snapshots",
        "img onerror",
        "script alert",
        "\"line separator\"",
    ];
    let cli = cli_answers(site.root(), &queries);
    let node = client_answers(&mut node_runner(), &site.public(), &queries);
    assert_parity("node", &queries, &cli, &node);
    let titles: Vec<&str> = node["snapshots"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"<img src=x onerror=alert(1)>"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Quotes \" and \\ backslashes </script><script>alert(2)</script>"),
        "{titles:?}"
    );
    let snippet = node["\"line separator\""]["results"][0]["snippet"]
        .as_str()
        .unwrap();
    assert!(snippet.contains("</script>"), "text stays text: {snippet}");
}

#[test]
fn an_open_page_of_the_dev_server_searches_what_was_just_written() {
    use std::io::BufRead;
    let site = default_site();
    let server = serve_with_search(&site);
    let mut child = Command::new("node")
        .current_dir(repo_root().join("tests/browser"))
        .arg("search-live.mjs")
        // A page the edit does not change (the home page lists the
        // recently updated notes, so it reloads).
        .arg(format!("http://127.0.0.1:{}/topics/", server.port))
        .arg("zyzzyvastone")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs (run .ci/deps)");
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    let note = site.root.join("content/etcd.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text + "\nA zyzzyvastone is a made-up word.\n").unwrap();
    let found = lines.next().unwrap().unwrap();
    assert!(child.wait().unwrap().success(), "{found}");
    assert_eq!(found, "etcd/");
}
