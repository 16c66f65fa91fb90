//! The published site's search ranks as `lore search` does: the shipped
//! client (`static/search/engine.js`), run under Node (`tests/search/run.mjs`)
//! and in Chromium from file:// (`tests/browser/parity.mjs`) over the
//! exported index, gives the same top 10, in the same order, with scores
//! within 1e-4 and the same snippets marking the same words, as
//! `lore search --json`: over the default content, over
//! a generated corpus of 2,000 notes, and over generated Chinese, Japanese,
//! Korean and mixed notes, for words, CJK runs, prefixes, typos, phrases,
//! topics and exclusions: hand-picked queries, then seeded random ones
//! drawn from the corpora ([`random`]). CJK queries also find exactly the
//! notes that hold them.

use crate::support::{copy_repository_site, repo_root, wait_for, Server, LORE};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../benches/corpus.rs"]
mod corpus;
mod random;

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
    // Typos at the start of the word (found through the typo buckets).
    "prmetheus",
    "xubernetes",
    "ukbernetes",
    "ubernetes",
    "kkubernetes",
    "kafak",
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
    copy_repository_site(&root);
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
            assert_eq!(h["snippet"], w["snippet"], "{side}: {q:?}: snippets differ");
            assert_eq!(
                marked(h, Units::Utf16),
                marked(w, Units::Chars),
                "{side}: {q:?}: {}: the snippets mark different words",
                w["url"]
            );
        }
        found += usize::from(!want.is_empty());
    }
    found
}

/// How a result's highlights count: JS string indices, or characters.
enum Units {
    Utf16,
    Chars,
}

/// The marked parts of a result's snippet.
fn marked(result: &Value, units: Units) -> Vec<String> {
    let snippet = result["snippet"].as_str().unwrap();
    let utf16: Vec<u16> = snippet.encode_utf16().collect();
    let chars: Vec<char> = snippet.chars().collect();
    result["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let [a, b] = [0, 1].map(|i| r[i].as_u64().unwrap() as usize);
            match units {
                Units::Utf16 => String::from_utf16_lossy(&utf16[a..b]),
                Units::Chars => chars[a..b].iter().collect(),
            }
        })
        .collect()
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
fn serve_with_search(site: &Built) -> Server {
    let server = Server::start(&site.root);
    wait_for(
        std::time::Duration::from_secs(60),
        "the served search/meta.js",
        || match server.get("/search/meta.js").0 {
            200 => Ok(()),
            status => Err(format!("status {status}")),
        },
    );
    server
}

#[test]
fn the_dev_server_search_box_ranks_as_lore_search_does() {
    let site = default_site();
    let server = serve_with_search(&site);
    let queries = &DEFAULT_QUERIES[..12];
    let cli = cli_answers(&site.root, queries);
    let chromium = client_answers(&mut chromium_runner(), Path::new(&server.url), queries);
    let found = assert_parity("chromium over lore serve", queries, &cli, &chromium);
    assert!(found >= 10, "only {found} queries found anything");
}

/// The hand-picked `queries` and `random` ones: parity for both, in Node
/// and in Chromium, and how many of each found something. One client run
/// per runner answers them all.
fn assert_parity_with_random(
    out: &Path,
    root: &Path,
    queries: &[&str],
    random: &[String],
    seed: u64,
) -> (Value, [usize; 2]) {
    let all: Vec<&str> = queries
        .iter()
        .copied()
        .chain(random.iter().map(String::as_str))
        .collect();
    let cli = cli_answers(root, &all);
    let (cli_picked, cli_random) = cli.split_at(queries.len());
    let mut found = [0; 2];
    let mut first = None;
    for (side, mut runner) in [("node", node_runner()), ("chromium", chromium_runner())] {
        let answers = client_answers(&mut runner, out, &all);
        found[0] = assert_parity(side, queries, cli_picked, &answers);
        let random_side = format!("{side}, seeded query (LORE_PARITY_SEED={seed:#x})");
        found[1] = assert_parity(&random_side, &all[queries.len()..], cli_random, &answers);
        first.get_or_insert(answers);
    }
    (first.unwrap(), found)
}

#[test]
fn the_client_ranks_a_generated_corpus_as_lore_search_does() {
    let site = generated_site(2000);
    let seed = random::seed();
    let random = random::corpus_queries(seed, 48, &site.root, &site.out);
    let (node, [found, found_random]) =
        assert_parity_with_random(&site.out, &site.root, CORPUS_QUERIES, &random, seed);
    assert!(found >= 30, "only {found} queries found anything");
    assert!(
        found_random >= random.len() / 2,
        "only {found_random} of {} seeded queries found anything: {random:?}",
        random.len()
    );
    // A typo reads two small parts of the dictionary, not all of it.
    let dir = site.out.join("search/t");
    let dictionary: u64 = crate::support::files_under(&dir)
        .iter()
        .map(|f| std::fs::metadata(dir.join(f)).unwrap().len())
        .sum();
    for q in ["kuberntes", "xubernetes", "schedulr"] {
        let index =
            node[q]["loadedBytes"].as_u64().unwrap() - node[q]["docBytes"].as_u64().unwrap();
        assert!(
            index < dictionary / 2,
            "{q:?} loads {index} bytes of index data; the dictionary is {dictionary}"
        );
        assert!(!node[q]["results"].as_array().unwrap().is_empty(), "{q:?}");
    }
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
        .arg(format!("{}topics/", server.url))
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

// ---------------------------------------------------------------------------
// Chinese, Japanese and Korean notes

/// Words of the CJK corpus: Chinese, Japanese (kanji, kana, katakana
/// loanwords, half-width katakana), Korean, and the Latin words such notes
/// mix in (some full-width).
const ZH: &[&str] = &[
    "命令面板",
    "笔记",
    "模板",
    "插件",
    "同步",
    "设置",
    "快捷键",
    "文件夹",
    "链接",
    "标签",
    "搜索",
    "图谱",
    "编辑器",
    "主题",
    "工作区",
    "日记",
    "附件",
    "嵌入",
    "引用",
    "大纲",
    "命令",
    "面板",
    "文件",
    "打开",
    "创建",
    "删除",
    "移动",
    "使用",
    "可以",
    "我们",
    "的",
    "了",
    "在",
    "是",
    "和",
    "也",
    "中文",
    "输入",
    "按钮",
    "窗口",
    "核心",
    "社区",
    "𠀀𠀁",
];
const JA: &[&str] = &[
    "設定",
    "ファイル",
    "ノート",
    "テンプレート",
    "プラグイン",
    "同期",
    "検索",
    "リンク",
    "タグ",
    "コマンドパレット",
    "ホットキー",
    "フォルダ",
    "を",
    "に",
    "は",
    "が",
    "の",
    "で",
    "します",
    "できます",
    "開く",
    "作成",
    "削除",
    "日本語",
    "ボールト",
    "グラフ",
    "エディタ",
    "ｶﾀｶﾅ",
    "々",
];
const KO: &[&str] = &[
    "설정",
    "파일",
    "노트",
    "템플릿",
    "플러그인",
    "동기화",
    "검색",
    "링크",
    "태그",
    "명령",
    "팔레트",
    "폴더",
    "사용",
    "하기",
    "만들기",
    "삭제",
    "한국어",
    "그래프",
    "을",
    "를",
];
const LATIN: &[&str] = &[
    "Obsidian",
    "kubectl",
    "Markdown",
    "Git",
    "Ctrl",
    "Enter",
    "API",
    "v1.2",
    "ｋｕｂｅｃｔｌ",
    "Ｏｂｓｉｄｉａｎ",
    "syncing",
    "templates",
];
const CJK_TOPICS: &[&str] = &["笔记", "插件", "設定", "설정", "sync", "help/同步"];

/// A sentence: CJK words run together (Korean ones spaced), Latin words
/// spaced or glued, commas and a full stop of the language.
fn cjk_sentence(rng: &mut corpus::Rng, lang: usize) -> String {
    let (words, comma, stop) = [(ZH, "，", "。"), (JA, "、", "。"), (KO, ", ", ". ")][lang];
    let mut s = String::new();
    for i in 0..rng.range(4, 12) {
        if i > 0 && rng.chance(0.12) {
            s.push_str(comma);
        } else if lang == 2 && i > 0 {
            s.push(' ');
        }
        if rng.chance(0.1) {
            let glue = if rng.chance(0.5) { " " } else { "" };
            s.push_str(glue);
            s.push_str(rng.pick(LATIN));
            s.push_str(glue);
        } else {
            s.push_str(rng.pick(words));
        }
    }
    s.push_str(if rng.chance(0.2) { "！" } else { stop });
    s
}

/// One generated note: its URL, and the text the index holds of it
/// (title, body, topics).
struct CjkNote {
    url: String,
    title: String,
    aliases: Vec<String>,
    body: String,
    topics: Vec<String>,
}

/// `n` notes in Chinese, Japanese, Korean, or all three mixed, written to
/// `root` as a site.
fn cjk_notes(n: usize, root: &Path) -> Vec<CjkNote> {
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("site.toml"), "title = \"CJK\"\n").unwrap();
    let mut notes = Vec::new();
    for i in 0..n {
        let mut rng = corpus::Rng::for_item(0xC7C, i as u64);
        let lang = rng.below(4); // 3: mixed
        let pick_lang = |rng: &mut corpus::Rng| if lang == 3 { rng.below(3) } else { lang };
        let l = pick_lang(&mut rng);
        let title: String = (0..rng.range(1, 3))
            .map(|_| rng.pick([ZH, JA, KO][l]))
            .collect::<Vec<_>>()
            .join(if l == 2 { " " } else { "" });
        let topics: Vec<String> = (0..rng.below(3))
            .map(|_| rng.pick(CJK_TOPICS).to_owned())
            .collect();
        let aliases: Vec<String> = (0..usize::from(rng.chance(0.2)))
            .map(|_| format!("{}{}", rng.pick(ZH), rng.pick(JA)))
            .collect();
        let mut body = String::new();
        let mut markdown = String::new();
        for _ in 0..rng.range(1, 4) {
            let l = pick_lang(&mut rng);
            let heading = cjk_sentence(&mut rng, l);
            let paragraph: String = (0..rng.range(1, 5))
                .map(|_| cjk_sentence(&mut rng, l))
                .collect();
            markdown.push_str(&format!("## {heading}\n\n{paragraph}\n\n"));
            body.push_str(&format!("{heading}\n{paragraph}\n"));
        }
        let name = format!("n{i:03}");
        std::fs::write(
            root.join("content").join(format!("{name}.md")),
            format!(
                "---\ntitle: \"{title}\"\naliases: {aliases:?}\ntopics: {topics:?}\n---\n{markdown}"
            ),
        )
        .unwrap();
        notes.push(CjkNote {
            url: format!("{name}/"),
            title,
            aliases,
            body,
            topics,
        });
    }
    notes
}

/// Whether the note holds `run` where the index can find it: a run of one
/// or two characters in any field (title, aliases, body, topics), a longer
/// one in title, aliases or body.
fn holds(note: &CjkNote, run: &str) -> bool {
    let topics = note.topics.join("\n").replace(['/', '-'], " ");
    note.title.contains(run)
        || note.aliases.iter().any(|a| a.contains(run))
        || note.body.contains(run)
        || (run.chars().count() <= 2 && topics.contains(run))
}

/// CJK queries: runs of every length, several runs (in both orders),
/// mixed-script, typing, phrases, exclusions, topics, typos of Latin words.
const CJK_QUERIES: &[&str] = &[
    "命令面板",
    "笔记",
    "笔记 模板",
    "模板 笔记",
    "命",
    "的",
    "𠀀",
    "kubectl 命令",
    "Obsidian 同期",
    "obsidian",
    "ｋｕｂｅｃｔｌ",
    "设置快捷键",
    "插件 -同步",
    "\"打开 命令面板\"",
    "\"命令面板\"",
    "topic:笔记 模板",
    "topic:help/同步",
    "コマンドパレット",
    "テンプレート ファイル",
    "設定ファイル",
    "ｶﾀｶﾅ",
    "설정 파일",
    "동기화",
    "노트 템플릿",
    "面板命令",
    "命令面",
    "kub",
    "Obsidian 同",
    "Markdwn",
    "模板笔记插件",
    "한국어",
    "templat 笔记",
    "社区 核心 插件 的",
    "同步 sync",
];

/// Queries whose results must be exactly the notes holding each of their
/// runs (plain CJK words, no operators).
const CJK_EXACT: &[&str] = &[
    "命令面板",
    "笔记",
    "笔记 模板",
    "命",
    "𠀀",
    "设置快捷键",
    "コマンドパレット",
    "テンプレート ファイル",
    "設定ファイル",
    "ｶﾀｶﾅ",
    "설정 파일",
    "노트 템플릿",
    "命令面",
    "社区 核心 插件 的",
];

#[test]
fn cjk_queries_find_exactly_the_notes_that_hold_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let notes = cjk_notes(400, &root);
    // And three aliases, which no text may hold.
    let aliases = notes.iter().flat_map(|n| n.aliases.iter()).take(3);
    for q in CJK_EXACT.iter().copied().chain(aliases.map(String::as_str)) {
        let out = Command::new(LORE)
            .args(["search", "--json", "--limit", "100000", "--root"])
            .arg(&root)
            .arg("--")
            .arg(q)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut found: Vec<&str> = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["url"].as_str().unwrap())
            .collect();
        found.sort_unstable();
        let want: Vec<&str> = notes
            .iter()
            .filter(|n| q.split(' ').all(|run| holds(n, run)))
            .map(|n| n.url.as_str())
            .collect();
        assert!(!want.is_empty(), "{q:?} is in no note: pick another query");
        assert_eq!(found, want, "{q:?}");
    }
}

#[test]
fn the_client_ranks_cjk_notes_as_lore_search_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    cjk_notes(400, &root);
    let site = build(root, dir);
    let seed = random::seed();
    let random = random::cjk_queries(seed, 32);
    let (_, [found, found_random]) =
        assert_parity_with_random(&site.out, &site.root, CJK_QUERIES, &random, seed);
    assert!(found >= 28, "only {found} queries found anything");
    assert!(
        found_random >= random.len() / 2,
        "only {found_random} of {} seeded queries found anything: {random:?}",
        random.len()
    );
}
