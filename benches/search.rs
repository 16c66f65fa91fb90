//! Search in the published site, at scale: the size of the exported index
//! (against the notes' text and against Pagefind's index of the same
//! output), the index data a query loads, and query latency in Chromium
//! from file://.
//!
//! ```text
//! cargo build --release
//! cargo bench --bench search -- [--notes 10000] [--runs 20] [--pagefind]
//! ```
//!
//! Needs node, tests/browser/node_modules and /usr/bin/chromium (`.ci/deps`);
//! `--pagefind` installs pagefind from npm into target/bench/pagefind once.

#[path = "corpus.rs"]
mod corpus;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Two-word queries (the issue's budget), from rare to very common words.
const QUERIES: &[&str] = &[
    "etcd backup",
    "pod scheduler",
    "kubernetes cluster",
    "snapshot restore",
    "ingress controller",
    "prometheus alert",
    "the and",
    "rollout canary",
    "tls certificate",
    "kafka consumer",
];
/// Typing: the prefix of the last word (loads the dictionary chunk too).
const TYPING: &[&str] = &["etcd back", "kube-ap", "sched"];
/// Typo fallback (loads the dictionary chunks of each word's first letters
/// and the typo bucket of its last two).
const TYPOS: &[&str] = &["kuberntes clustr", "prmetheus alrt", "xubernetes"];

struct Args {
    notes: usize,
    runs: usize,
    pagefind: bool,
}

fn parse_args() -> Option<Args> {
    let mut a = Args {
        notes: 10_000,
        runs: 20,
        pagefind: false,
    };
    let mut bench = false;
    let mut it = env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--bench" => bench = true,
            "--notes" => a.notes = it.next()?.parse().ok()?,
            "--runs" => a.runs = it.next()?.parse().ok()?,
            "--pagefind" => a.pagefind = true,
            _ => {}
        }
    }
    // `cargo test --benches` builds and runs this without --bench: skip.
    if !bench {
        println!("skipped (run with cargo bench --bench search)");
        return None;
    }
    Some(a)
}

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn du(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> (u64, usize) {
    let mut total = (0, 0);
    let Ok(entries) = fs::read_dir(dir) else {
        return total;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            let (b, n) = du(&p, keep);
            total.0 += b;
            total.1 += n;
        } else if keep(&p) {
            total.0 += e.metadata().map_or(0, |m| m.len());
            total.1 += 1;
        }
    }
    total
}

fn gzipped(dir: &Path) -> u64 {
    let out = Command::new("sh")
        .arg("-c")
        .arg("tar -cf - . | gzip -6 | wc -c")
        .current_dir(dir)
        .output()
        .expect("tar and gzip");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn run_json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from the runner")
}

/// Milliseconds `cmd` takes, start to exit, median of `runs`.
fn median_ms(runs: usize, mut cmd: impl FnMut() -> Command) -> f64 {
    let times = (0..runs.max(1))
        .map(|_| {
            let started = Instant::now();
            let out = cmd().output().expect("run lore");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    median(times)
}

/// `lore search` on the command line against the index `lore build` left
/// fresh: the whole process, start to exit, next to `lore --version` (the
/// process start alone), measured in the same run.
fn cli_latency(lore: &Path, site: &Path, queries: &[&str], runs: usize) {
    let start = median_ms(runs, || {
        let mut c = Command::new(lore);
        c.arg("--version");
        c
    });
    // A corpus written moments before the build is too new for the build
    // to vouch for: the first query checks the notes and records them.
    median_ms(1, || {
        let mut c = Command::new(lore);
        c.args(["search", "--root"]).arg(site).arg("warm-up");
        c
    });
    println!(
        "\nlore search on the command line (fresh index; `lore --version` takes {start:.1} ms):"
    );
    let mut worst = 0.0f64;
    for q in queries {
        let ms = median_ms(runs, || {
            let mut c = Command::new(lore);
            c.args(["search", "--json", "--root"]).arg(site).arg(q);
            c
        });
        worst = worst.max(ms);
        println!("  {:<22} {ms:>7.1} ms", format!("{q:?}"));
    }
    println!("  slowest median {worst:.1} ms (budget 50 ms)");
}

fn main() -> ExitCode {
    let Some(args) = parse_args() else {
        return ExitCode::SUCCESS;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bench = target_dir().join("bench");
    let lore = env::var_os("LORE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("release/lore"));
    if !lore.exists() {
        eprintln!(
            "no lore binary at {}: cargo build --release",
            lore.display()
        );
        return ExitCode::FAILURE;
    }
    let spec = corpus::CorpusSpec::new(args.notes, corpus::Flavor::Lore);
    let site = bench.join(format!("corpus-lore-{}", args.notes));
    let (stats, _) = corpus::ensure(&spec, &site).expect("corpus");
    let out = bench.join(format!("out-search-{}", args.notes));
    let started = Instant::now();
    let status = Command::new(&lore)
        .args(["build", "-q", "--root"])
        .arg(&site)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("lore build");
    assert!(status.success());
    println!(
        "corpus: {} notes, {} of Markdown; lore build {:.1} s",
        stats.notes,
        mb(stats.markdown_bytes),
        started.elapsed().as_secs_f64()
    );

    // Sizes.
    let search = out.join("search");
    let (all, files) = du(&search, &|_| true);
    let docs = du(&search.join("d"), &|_| true);
    let positions = du(&search.join("p"), &|_| true);
    let index = all - docs.0;
    println!(
        "\nexported index (search/): {} in {files} files, {} gzipped",
        mb(all),
        mb(gzipped(&search))
    );
    println!(
        "  postings and dictionary: {} (positions for phrases: {})",
        mb(index - positions.0),
        mb(positions.0)
    );
    println!(
        "  document texts (snippets): {} in {} files",
        mb(docs.0),
        docs.1
    );
    println!(
        "  vs Markdown: index {:.2}x, everything {:.2}x",
        index as f64 / stats.markdown_bytes as f64,
        all as f64 / stats.markdown_bytes as f64
    );

    // Index data per query (Node, the same loads the browser makes).
    let mut queries: Vec<&str> = QUERIES.to_vec();
    queries.extend(TYPING);
    queries.extend(TYPOS);
    let file = bench.join("search-queries.json");
    fs::write(&file, serde_json::to_string(&queries).unwrap()).unwrap();
    let node = run_json(
        Command::new("node")
            .arg(repo.join("tests/search/run.mjs"))
            .arg(&out)
            .arg(&file)
            .arg("10"),
    );
    let chromium = run_json(
        Command::new("node")
            .arg(repo.join("benches/search-latency.mjs"))
            .arg(&out)
            .arg(&file)
            .arg(args.runs.to_string()),
    );
    println!(
        "\n{:<22} {:>9} {:>9} {:>8} {:>10} {:>10}",
        "query", "loaded", "index", "results", "cold ms", "warm ms"
    );
    let mut warm_all = Vec::new();
    let mut two_word_max = 0.0f64;
    let mut any_max = 0.0f64;
    for q in &queries {
        let n = &node[q];
        let c = &chromium[q];
        let loaded = n["loadedBytes"].as_f64().unwrap_or(0.0);
        let docs_bytes = n["docBytes"].as_f64().unwrap_or(0.0);
        let warm: Vec<f64> = c["warmMs"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
            .unwrap_or_default();
        let w = median(warm.clone());
        warm_all.push(w);
        if QUERIES.contains(q) {
            two_word_max = two_word_max.max(loaded - docs_bytes);
        }
        any_max = any_max.max(loaded - docs_bytes);
        println!(
            "{:<22} {:>7.0}KB {:>7.0}KB {:>8} {:>10.1} {:>10.2}",
            format!("{q:?}"),
            loaded / 1e3,
            (loaded - docs_bytes) / 1e3,
            n["results"].as_array().map_or(0, |r| r.len()),
            c["coldMs"].as_f64().unwrap_or(f64::NAN),
            w
        );
    }
    println!(
        "\ntwo-word queries: at most {:.0} KB of index data; any query (typing, typos): at most {:.0} KB (budget 300 KB); warm query median of medians {:.2} ms, max {:.2} ms (budget 50 ms)",
        two_word_max / 1e3,
        any_max / 1e3,
        median(warm_all.clone()),
        warm_all.iter().cloned().fold(0.0, f64::max)
    );

    cli_latency(&lore, &site, &queries, args.runs);

    if args.pagefind {
        let dir = bench.join("pagefind");
        let bin = dir.join("node_modules/.bin/pagefind");
        if !bin.exists() {
            fs::create_dir_all(&dir).unwrap();
            let ok = Command::new("npm")
                .args(["install", "--no-save", "--prefix"])
                .arg(&dir)
                .arg("pagefind@1.6.0")
                .status()
                .expect("npm");
            assert!(ok.success(), "npm install pagefind failed");
        }
        let pf_out = bench.join(format!("pagefind-out-{}", args.notes));
        let _ = fs::remove_dir_all(&pf_out);
        let started = Instant::now();
        let ok = Command::new(&bin)
            .arg("--site")
            .arg(&out)
            .arg("--output-path")
            .arg(&pf_out)
            .arg("--quiet")
            .status()
            .expect("pagefind");
        assert!(ok.success());
        let took = started.elapsed().as_secs_f64();
        let (pf, pf_files) = du(&pf_out, &|_| true);
        let (pf_index, _) = du(&pf_out.join("index"), &|_| true);
        let (pf_fragments, _) = du(&pf_out.join("fragment"), &|_| true);
        println!(
            "\npagefind 1.6.0 on the same output: {} in {pf_files} files (already gzipped: index {}, fragments {}), {took:.1} s",
            mb(pf),
            mb(pf_index),
            mb(pf_fragments)
        );
        println!(
            "  lore's search/ gzipped / pagefind: {:.2}x",
            gzipped(&search) as f64 / pf as f64
        );
    }
    ExitCode::SUCCESS
}
