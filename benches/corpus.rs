//! Deterministic, std-only corpus generator for Lore's benchmarks.
//!
//! Included by bench binaries with
//!
//! ```ignore
//! #[path = "corpus.rs"]
//! mod corpus;
//! ```
//!
//! The same `(notes, seed)` always produces byte-identical notes, whatever the
//! machine or the number of threads, so numbers from different runs and
//! machines are comparable. [`Flavor::Lore`] and [`Flavor::Hugo`] produce the
//! same notes (same titles, prose, code, tables, topics, dates); only the
//! link syntax and the site scaffolding differ.
//!
//! Shape of a note (≈ 6 KB): YAML frontmatter (title, description, topics,
//! date), ~800 words of Zipf-distributed prose (English function words, real
//! infrastructure vocabulary and a few thousand pseudo-words), 3–6 `##`/`###`
//! headings, one bullet list, one table, exactly two fenced code blocks
//! (rotating yaml/bash/rust/python) and 2–4 links to other notes (3 on
//! average; a few "hub" notes attract many backlinks).

#![allow(dead_code)]

#[path = "corpus/vault.rs"]
pub mod vault;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Bump when the generated output changes, so cached corpora are rebuilt.
pub const GENERATOR_VERSION: u32 = 1;

/// Name of the stamp file written at the root of a generated corpus.
pub const STAMP_FILE: &str = ".bench-stamp";

/// Default seed used by the benches.
pub const DEFAULT_SEED: u64 = 0x4c0e_2024_b3e7_c0de;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// `site.toml` + `content/`; links are half `[[stem]]` wikilinks, half
    /// relative Markdown links `[text](../section/stem.md)`.
    Lore,
    /// A Hugo site (`hugo.toml`, `content/`, `layouts/`); links are plain
    /// relative Markdown links to the pretty URLs (`../../section/stem/`).
    Hugo,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Lore => "lore",
            Flavor::Hugo => "hugo",
        }
    }
}

/// What the notes look like (see the module docs and `benches/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The benchmark corpus: 20 section folders of ≈ 6 KB technical notes.
    Default,
    /// An Obsidian vault (Lore flavor only): notes named by title with
    /// spaces in folders 5–8 deep, aliases, hub notes, embeds, callouts,
    /// block ids, tags, highlights and PNG attachments. See [`vault`].
    Vault,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Default => "default",
            Shape::Vault => "vault",
        }
    }
}

#[derive(Clone, Debug)]
pub struct CorpusSpec {
    pub notes: usize,
    pub seed: u64,
    pub flavor: Flavor,
    pub shape: Shape,
}

impl CorpusSpec {
    pub fn new(notes: usize, flavor: Flavor) -> Self {
        CorpusSpec {
            notes,
            seed: DEFAULT_SEED,
            flavor,
            shape: Shape::Default,
        }
    }

    fn stamp_key(&self) -> String {
        let mut key = format!(
            "lore-bench-corpus v{} notes={} seed={:#x} flavor={}",
            GENERATOR_VERSION,
            self.notes,
            self.seed,
            self.flavor.name()
        );
        // The default corpus's key stays as it was, so caches stay valid.
        if self.shape == Shape::Vault {
            let _ = write!(key, " shape=vault v{}", vault::VERSION);
        }
        key
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Regular notes (not counting `_index.md`).
    pub notes: usize,
    /// Section folders (each with an `_index.md`).
    pub sections: usize,
    /// Every file written (notes, `_index.md`, config, layouts).
    pub files: usize,
    /// Bytes of Markdown (notes + `_index.md`).
    pub markdown_bytes: u64,
    /// Prose words (headings, paragraphs, lists, table cells; not code).
    pub words: u64,
    pub headings: u64,
    pub code_blocks: u64,
    pub tables: u64,
    /// All links between notes (`wikilinks + markdown_links`).
    pub links: u64,
    pub wikilinks: u64,
    pub markdown_links: u64,
    /// Distinct topics used by at least one note.
    pub topics: usize,
    // Vault shape only (0 in the default corpus, and then not stamped).
    /// Embeds (`![[…]]`) of notes, headings, blocks and images.
    pub embeds: u64,
    /// Aliases in frontmatter.
    pub aliases: u64,
    /// PNG attachments.
    pub attachments: u64,
    /// Folders holding notes or attachments (all depths).
    pub folders: u64,
    /// Hub names written in plain text (unlinked mentions).
    pub hub_mentions: u64,
}

/// Writes notes `0..notes` on up to 8 threads (note `i` on thread
/// `i % threads`, so the files do not depend on the number of threads).
/// `note(i, buf, stats, topics)` renders and writes note `i` into an
/// emptied `buf`, counting what it wrote; the threads' counts are added to
/// `stats`, and `stats.topics` is the number of distinct topics.
pub fn write_notes(
    notes: usize,
    stats: &mut CorpusStats,
    note: impl Fn(usize, &mut String, &mut CorpusStats, &mut HashSet<u16>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let results: Vec<io::Result<(CorpusStats, HashSet<u16>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let note = &note;
                scope.spawn(move || {
                    let mut st = CorpusStats::default();
                    let mut topics = HashSet::new();
                    let mut buf = String::with_capacity(16 * 1024);
                    for i in (t..notes).step_by(threads) {
                        buf.clear();
                        note(i, &mut buf, &mut st, &mut topics)?;
                    }
                    Ok((st, topics))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("corpus thread panicked"))
            .collect()
    });
    let mut all_topics = HashSet::new();
    for r in results {
        let (st, topics) = r?;
        stats.merge(&st);
        all_topics.extend(topics);
    }
    stats.topics = all_topics.len();
    Ok(())
}

impl CorpusStats {
    pub fn markdown_mb(&self) -> f64 {
        self.markdown_bytes as f64 / 1e6
    }

    /// Adds one generator thread's counts (notes, bytes, and the
    /// per-note counts of either shape; `sections`, `topics`, `attachments`
    /// and `folders` are counted once, by the caller).
    fn merge(&mut self, o: &CorpusStats) {
        self.notes += o.notes;
        self.files += o.files;
        self.markdown_bytes += o.markdown_bytes;
        self.words += o.words;
        self.headings += o.headings;
        self.code_blocks += o.code_blocks;
        self.tables += o.tables;
        self.links += o.links;
        self.wikilinks += o.wikilinks;
        self.markdown_links += o.markdown_links;
        self.embeds += o.embeds;
        self.aliases += o.aliases;
        self.hub_mentions += o.hub_mentions;
    }

    fn add(&mut self, o: &NoteStats) {
        self.notes += 1;
        self.markdown_bytes += o.bytes;
        self.words += o.words;
        self.headings += o.headings;
        self.code_blocks += o.code_blocks;
        self.tables += o.tables;
        self.wikilinks += o.wikilinks;
        self.markdown_links += o.markdown_links;
        self.links += o.wikilinks + o.markdown_links;
    }

    fn to_stamp(&self) -> String {
        let mut s = self.to_stamp_base();
        let vault = [
            ("embeds", self.embeds),
            ("aliases", self.aliases),
            ("attachments", self.attachments),
            ("folders", self.folders),
            ("hub_mentions", self.hub_mentions),
        ];
        if vault.iter().any(|(_, v)| *v > 0) {
            for (k, v) in vault {
                let _ = writeln!(s, "{k}={v}");
            }
        }
        s
    }

    fn to_stamp_base(&self) -> String {
        format!(
            "notes={}\nsections={}\nfiles={}\nmarkdown_bytes={}\nwords={}\nheadings={}\n\
             code_blocks={}\ntables={}\nlinks={}\nwikilinks={}\nmarkdown_links={}\ntopics={}\n",
            self.notes,
            self.sections,
            self.files,
            self.markdown_bytes,
            self.words,
            self.headings,
            self.code_blocks,
            self.tables,
            self.links,
            self.wikilinks,
            self.markdown_links,
            self.topics
        )
    }

    fn from_stamp(lines: &str) -> Option<CorpusStats> {
        let map: HashMap<&str, u64> = lines
            .lines()
            .filter_map(|l| l.split_once('='))
            .filter_map(|(k, v)| Some((k.trim(), v.trim().parse().ok()?)))
            .collect();
        let g = |k: &str| map.get(k).copied();
        Some(CorpusStats {
            notes: g("notes")? as usize,
            sections: g("sections")? as usize,
            files: g("files")? as usize,
            markdown_bytes: g("markdown_bytes")?,
            words: g("words")?,
            headings: g("headings")?,
            code_blocks: g("code_blocks")?,
            tables: g("tables")?,
            links: g("links")?,
            wikilinks: g("wikilinks")?,
            markdown_links: g("markdown_links")?,
            topics: g("topics")? as usize,
            embeds: g("embeds").unwrap_or(0),
            aliases: g("aliases").unwrap_or(0),
            attachments: g("attachments").unwrap_or(0),
            folders: g("folders").unwrap_or(0),
            hub_mentions: g("hub_mentions").unwrap_or(0),
        })
    }
}

/// Generate the corpus into `dir` unless `dir` already holds a complete
/// corpus for the same spec (checked through the stamp file). Returns the
/// stats and whether the corpus was (re)generated.
///
/// A stale or incomplete corpus (one with a stamp file that does not match)
/// is deleted first; a non-empty directory without a stamp file is left alone
/// and reported as an error.
pub fn ensure(spec: &CorpusSpec, dir: &Path) -> io::Result<(CorpusStats, bool)> {
    let stamp = dir.join(STAMP_FILE);
    if let Ok(text) = fs::read_to_string(&stamp) {
        if let Some(rest) = text.strip_prefix(&format!("{}\nstate=complete\n", spec.stamp_key())) {
            if let Some(stats) = CorpusStats::from_stamp(rest) {
                return Ok((stats, false));
            }
        }
        fs::remove_dir_all(dir)?;
    } else if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} exists, is not empty and has no {STAMP_FILE}; refusing to overwrite it",
                dir.display()
            ),
        ));
    }
    let stats = generate(spec, dir)?;
    Ok((stats, true))
}

/// Generate the corpus into `dir` (created if needed; it should be empty).
/// Writes a stamp file last, so [`ensure`] can reuse the result.
pub fn generate(spec: &CorpusSpec, dir: &Path) -> io::Result<CorpusStats> {
    fs::create_dir_all(dir)?;
    fs::write(
        dir.join(STAMP_FILE),
        format!("{}\nstate=incomplete\n", spec.stamp_key()),
    )?;
    if spec.shape == Shape::Vault {
        if spec.flavor != Flavor::Lore {
            return Err(io::Error::other("the vault shape has only a Lore flavor"));
        }
        let stats = vault::generate(spec, dir)?;
        fs::write(
            dir.join(STAMP_FILE),
            format!("{}\nstate=complete\n{}", spec.stamp_key(), stats.to_stamp()),
        )?;
        return Ok(stats);
    }

    let vocab = Vocab::new(spec.seed);
    let metas = note_metas(spec, &vocab);
    let content = dir.join("content");
    let mut stats = CorpusStats::default();

    // Scaffolding.
    match spec.flavor {
        Flavor::Lore => {
            write_file(
                &dir.join("site.toml"),
                "title = \"Bench\"\nbase_url = \"https://example.com/\"\n",
                &mut stats,
            )?;
        }
        Flavor::Hugo => write_hugo_scaffolding(dir, &mut stats)?,
    }
    for (i, (slug, title)) in SECTIONS.iter().enumerate() {
        let sdir = content.join(slug);
        fs::create_dir_all(&sdir)?;
        let mut r = Rng::for_item(spec.seed, 0x5ec7_1000 + i as u64);
        let mut s = String::new();
        let _ = write!(
            s,
            "---\ntitle: \"{title}\"\ndescription: \"{}\"\n---\n\n",
            vocab.sentence_plain(&mut r, 8, 14)
        );
        for _ in 0..2 {
            vocab.paragraph_plain(&mut r, &mut s, 2, 4);
            s.push_str("\n\n");
        }
        stats.markdown_bytes += s.len() as u64;
        write_file(&sdir.join("_index.md"), &s, &mut stats)?;
        stats.sections += 1;
    }

    // Notes, in parallel; each note depends only on (seed, index, metas).
    let ctx = Ctx {
        spec,
        vocab: &vocab,
        metas: &metas,
        content: &content,
    };
    write_notes(spec.notes, &mut stats, |i, buf, st, topics| {
        let ns = render_note(&ctx, i, buf, topics);
        let m = &ctx.metas[i];
        fs::write(
            ctx.content
                .join(SECTIONS[m.section].0)
                .join(format!("{}.md", m.stem)),
            &*buf,
        )?;
        st.add(&ns);
        st.files += 1;
        Ok(())
    })?;

    fs::write(
        dir.join(STAMP_FILE),
        format!("{}\nstate=complete\n{}", spec.stamp_key(), stats.to_stamp()),
    )?;
    Ok(stats)
}

/// Path of the Markdown file of note `index` (for benches that want to touch
/// or read a specific note, e.g. incremental rebuilds).
pub fn note_path(spec: &CorpusSpec, dir: &Path, index: usize) -> PathBuf {
    if spec.shape == Shape::Vault {
        return vault::note_path(spec, dir, index);
    }
    let vocab = Vocab::new(spec.seed);
    let metas = note_metas(spec, &vocab);
    let m = &metas[index];
    dir.join("content")
        .join(SECTIONS[m.section].0)
        .join(format!("{}.md", m.stem))
}

fn write_file(path: &Path, text: &str, stats: &mut CorpusStats) -> io::Result<()> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p)?;
    }
    fs::write(path, text)?;
    stats.files += 1;
    Ok(())
}

// ---------------------------------------------------------------------------
// PRNG: SplitMix64 (tiny, fast, good enough; fixed algorithm = stable output)
// ---------------------------------------------------------------------------

#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Independent stream for item `i` of a corpus with `seed`.
    pub fn for_item(seed: u64, i: u64) -> Self {
        let mut r = Rng(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        Rng(r.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "with", "on", "be", "by",
    "this", "are", "or", "from", "at", "an", "which", "when", "can", "not", "if", "we", "each",
    "all", "its", "but", "has", "have", "will", "one", "more", "into", "then", "only", "so", "than",
    "also", "any", "must", "should", "there", "these", "other", "after", "before", "between",
    "over", "per", "new", "used", "use", "where", "how", "every", "may", "both", "without",
    "through", "while", "does", "two", "most", "same", "first", "because", "until",
];

#[rustfmt::skip]
const TECH: &[&str] = &[
    "kubernetes", "etcd", "pod", "pods", "volume", "network", "kube-apiserver", "kubelet",
    "kubectl", "node", "nodes", "cluster", "container", "namespace", "deployment", "service",
    "ingress", "controller", "scheduler", "replica", "daemonset", "statefulset", "configmap",
    "secret", "helm", "chart", "manifest", "label", "selector", "annotation", "taint", "toleration",
    "affinity", "probe", "liveness", "readiness", "sidecar", "proxy", "envoy", "istio", "dns",
    "coredns", "tcp", "udp", "http", "grpc", "tls", "certificate", "latency", "throughput",
    "bandwidth", "packet", "socket", "port", "endpoint", "load", "balancer", "route", "gateway",
    "firewall", "iptables", "ebpf", "cilium", "calico", "cni", "csi", "storage", "disk", "snapshot",
    "backup", "restore", "raft", "consensus", "leader", "follower", "quorum", "lease", "lock",
    "mutex", "thread", "async", "runtime", "tokio", "rust", "python", "bash", "yaml", "json",
    "toml", "schema", "database", "postgres", "index", "query", "transaction", "replication",
    "shard", "partition", "cache", "redis", "memory", "cpu", "heap", "stack", "allocator",
    "garbage", "collector", "compiler", "linker", "binary", "build", "pipeline", "ci", "deploy",
    "rollout", "rollback", "canary", "metrics", "prometheus", "grafana", "alert", "log", "logging",
    "trace", "tracing", "span", "opentelemetry", "dashboard", "incident", "oncall", "runbook",
    "postmortem", "sla", "slo", "error", "budget", "retry", "timeout", "backoff", "queue", "kafka",
    "topic", "consumer", "producer", "stream", "event", "webhook", "api", "rest", "client",
    "server", "request", "response", "header", "payload", "token", "oauth", "rbac", "role",
    "policy", "audit", "encryption", "key", "vault", "signature", "hash", "checksum", "filesystem",
    "inode", "mount", "overlay", "image", "registry", "layer", "dockerfile", "systemd", "cgroup",
    "kernel", "syscall", "process", "signal", "terraform", "ansible", "config", "flag", "feature",
    "migration", "upgrade", "version", "release", "patch", "operator", "crd", "reconcile", "watch",
    "informer", "admission", "validation", "quota", "limit", "autoscaler", "hpa", "eviction",
    "drain", "cordon", "kube-proxy", "containerd", "runc", "workload", "replicaset", "job",
    "cronjob", "persistentvolume", "storageclass", "headless", "nodeport", "clusterip",
    "loadbalancer", "mtls", "jwt", "ssh", "bastion", "subnet", "vpc", "cidr", "mtu", "conntrack",
    "nat", "bgp", "vxlan", "wireguard",
];

#[rustfmt::skip]
const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr", "dr",
    "st", "tr", "pl", "gr", "sh", "th", "ch", "qu", "", "",
];
#[rustfmt::skip]
const NUCLEI: &[&str] = &[
    "a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "io",
];
#[rustfmt::skip]
const CODAS: &[&str] = &[
    "", "", "", "", "n", "r", "s", "l", "t", "x", "m", "nd", "rk",
];

/// Number of generated pseudo-words (on top of stop words and TECH).
const PSEUDO_WORDS: usize = 3600;

pub struct Vocab {
    /// Words by rank (most frequent first).
    pub words: Vec<String>,
    /// Cumulative Zipf–Mandelbrot weights.
    cum: Vec<f64>,
    /// Ranks `0..n_stop` are function words (excluded from titles etc.).
    n_stop: usize,
}

impl Vocab {
    pub fn new(seed: u64) -> Self {
        let mut r = Rng::for_item(seed, 0x70c4_b001);
        let mut seen: HashSet<String> = STOPWORDS
            .iter()
            .chain(TECH)
            .map(|s| s.to_string())
            .collect();
        let mut pseudo = Vec::with_capacity(PSEUDO_WORDS);
        while pseudo.len() < PSEUDO_WORDS {
            let syl = if r.chance(0.15) { 3 } else { 2 };
            let mut w = String::new();
            for _ in 0..syl {
                w.push_str(r.pick(ONSETS));
                w.push_str(r.pick(NUCLEI));
                w.push_str(r.pick(CODAS));
            }
            if w.len() >= 3 && w.len() <= 10 && seen.insert(w.clone()) {
                pseudo.push(w);
            }
        }
        // Ranks: function words first, then real technical terms mixed with
        // the first pseudo-words (shuffled), then the long pseudo-word tail.
        let mut head: Vec<String> = TECH.iter().map(|s| s.to_string()).collect();
        let mut seen_head = HashSet::new();
        head.retain(|w| seen_head.insert(w.clone()));
        head.extend(pseudo.drain(..400));
        for i in (1..head.len()).rev() {
            let j = r.below(i + 1);
            head.swap(i, j);
        }
        let mut words: Vec<String> = STOPWORDS.iter().map(|s| s.to_string()).collect();
        let n_stop = words.len();
        words.extend(head);
        words.extend(pseudo);

        let mut cum = Vec::with_capacity(words.len());
        let mut acc = 0.0;
        for rank in 0..words.len() {
            acc += 1.0 / (rank as f64 + 2.7);
            cum.push(acc);
        }
        Vocab { words, cum, n_stop }
    }

    fn rank(&self, r: &mut Rng) -> usize {
        let u = r.unit() * self.cum[self.cum.len() - 1];
        self.cum
            .partition_point(|&c| c <= u)
            .min(self.words.len() - 1)
    }

    /// A Zipf-distributed word.
    pub fn word(&self, r: &mut Rng) -> &str {
        &self.words[self.rank(r)]
    }

    /// A Zipf-distributed content word (no function words).
    pub fn content_word(&self, r: &mut Rng) -> &str {
        loop {
            let k = self.rank(r);
            if k >= self.n_stop {
                return &self.words[k];
            }
        }
    }

    /// A sentence without links or inline markup, ending with a period.
    fn sentence_plain(&self, r: &mut Rng, lo: usize, hi: usize) -> String {
        let n = r.range(lo, hi);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w = self.word(r);
            if i == 0 {
                push_capitalized(&mut s, w);
            } else {
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }

    fn paragraph_plain(&self, r: &mut Rng, out: &mut String, lo: usize, hi: usize) {
        for i in 0..r.range(lo, hi) {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&self.sentence_plain(r, 8, 18));
        }
    }

    /// 2–5 capitalized content words.
    fn title(&self, r: &mut Rng, lo: usize, hi: usize) -> String {
        let mut t = String::new();
        for i in 0..r.range(lo, hi) {
            if i > 0 {
                t.push(' ');
            }
            push_capitalized(&mut t, self.content_word(r));
        }
        t
    }

    fn ident(&self, r: &mut Rng) -> String {
        self.content_word(r).replace('-', "_")
    }

    fn snake(&self, r: &mut Rng) -> String {
        format!("{}_{}", self.ident(r), self.ident(r))
    }

    fn kebab(&self, r: &mut Rng) -> String {
        format!("{}-{}", self.content_word(r), self.content_word(r))
    }

    fn camel(&self, r: &mut Rng) -> String {
        let mut s = String::new();
        for _ in 0..2 {
            for part in self.content_word(r).split('-') {
                push_capitalized(&mut s, part);
            }
        }
        s
    }
}

fn push_capitalized(out: &mut String, w: &str) {
    let mut cs = w.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_uppercase());
        out.push_str(cs.as_str());
    }
}

fn slugify(title: &str) -> String {
    let mut s = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    s
}

// ---------------------------------------------------------------------------
// Sections and topics
// ---------------------------------------------------------------------------

const SECTIONS: &[(&str, &str)] = &[
    ("kubernetes", "Kubernetes"),
    ("networking", "Networking"),
    ("storage", "Storage"),
    ("security", "Security"),
    ("observability", "Observability"),
    ("databases", "Databases"),
    ("linux", "Linux"),
    ("rust", "Rust"),
    ("python", "Python"),
    ("ci-cd", "CI/CD"),
    ("cloud", "Cloud"),
    ("architecture", "Architecture"),
    ("performance", "Performance"),
    ("testing", "Testing"),
    ("messaging", "Messaging"),
    ("incidents", "Incidents"),
    ("runbooks", "Runbooks"),
    ("tooling", "Tooling"),
    ("concepts", "Concepts"),
    ("journal", "Journal"),
];

/// 20 areas with 8 subtopics each, plus 20 flat topics: 200 topics.
#[rustfmt::skip]
const TOPIC_TREE: &[(&str, [&str; 8])] = &[
    ("networking", ["dns", "tcp", "tls", "load-balancing", "service-mesh", "ebpf", "ipv6", "firewalls"]),
    ("storage", ["volumes", "snapshots", "backups", "object-storage", "filesystems", "raid", "replication", "csi"]),
    ("security", ["rbac", "secrets", "certificates", "audit", "supply-chain", "sandboxing", "oauth", "scanning"]),
    ("observability", ["metrics", "logging", "tracing", "alerting", "dashboards", "profiling", "slo", "sampling"]),
    ("databases", ["postgres", "indexes", "transactions", "sharding", "migrations", "replication", "backups", "query-planning"]),
    ("kubernetes", ["pods", "scheduling", "controllers", "operators", "networking", "storage", "upgrades", "autoscaling"]),
    ("linux", ["kernel", "cgroups", "namespaces", "systemd", "io", "memory", "scheduling", "syscalls"]),
    ("rust", ["async", "ownership", "traits", "macros", "unsafe", "performance", "testing", "tooling"]),
    ("python", ["packaging", "typing", "asyncio", "testing", "performance", "data", "cli", "web"]),
    ("ci-cd", ["pipelines", "caching", "artifacts", "releases", "canary", "rollbacks", "gitops", "runners"]),
    ("cloud", ["aws", "gcp", "azure", "iam", "networking", "cost", "regions", "serverless"]),
    ("architecture", ["microservices", "monoliths", "events", "api-design", "consistency", "caching", "queues", "adrs"]),
    ("performance", ["latency", "throughput", "benchmarks", "memory", "cpu", "allocation", "concurrency", "tuning"]),
    ("distributed-systems", ["consensus", "raft", "clocks", "partitions", "leases", "idempotency", "retries", "quorums"]),
    ("messaging", ["kafka", "nats", "rabbitmq", "ordering", "backpressure", "dead-letters", "schemas", "streams"]),
    ("incident-response", ["oncall", "postmortems", "runbooks", "paging", "severity", "communication", "triage", "drills"]),
    ("containers", ["images", "registries", "runtimes", "build", "layers", "security", "compose", "rootless"]),
    ("testing", ["unit", "integration", "property", "fuzzing", "load", "chaos", "fixtures", "flaky"]),
    ("data-engineering", ["etl", "warehouses", "batch", "streaming", "formats", "lineage", "quality", "orchestration"]),
    ("tooling", ["editors", "git", "shell", "terminals", "make", "debuggers", "linters", "formatters"]),
];

#[rustfmt::skip]
const FLAT_TOPICS: &[&str] = &[
    "algorithms", "apis", "backend", "frontend", "caching", "compilers", "concurrency",
    "compliance", "cost", "documentation", "edge", "hardware", "identity", "machine-learning",
    "mobile", "search", "reliability", "troubleshooting", "glossary", "ideas",
];

fn topic_list() -> Vec<String> {
    let mut v = Vec::with_capacity(200);
    for (area, subs) in TOPIC_TREE {
        v.push(area.to_string());
        for s in subs {
            v.push(format!("{area}/{s}"));
        }
    }
    for t in FLAT_TOPICS {
        v.push(t.to_string());
    }
    // Interleave so that Zipf ranks mix parents, children and flat topics.
    let mut r = Rng::new(0x70_91c5);
    for i in (1..v.len()).rev() {
        let j = r.below(i + 1);
        v.swap(i, j);
    }
    v
}

// ---------------------------------------------------------------------------
// Notes
// ---------------------------------------------------------------------------

struct NoteMeta {
    title: String,
    stem: String,
    section: usize,
}

fn note_metas(spec: &CorpusSpec, vocab: &Vocab) -> Vec<NoteMeta> {
    let mut used: HashSet<String> = HashSet::with_capacity(spec.notes);
    (0..spec.notes)
        .map(|i| {
            let mut r = Rng::for_item(spec.seed, 0x1_0000_0000 + i as u64);
            let title = vocab.title(&mut r, 2, 5);
            let base = slugify(&title);
            let mut stem = base.clone();
            let mut k = 2;
            while !used.insert(stem.clone()) {
                stem = format!("{base}-{k}");
                k += 1;
            }
            let section = r.below(SECTIONS.len());
            NoteMeta {
                title,
                stem,
                section,
            }
        })
        .collect()
}

struct Ctx<'a> {
    spec: &'a CorpusSpec,
    vocab: &'a Vocab,
    metas: &'a [NoteMeta],
    content: &'a Path,
}

#[derive(Default)]
struct NoteStats {
    bytes: u64,
    words: u64,
    headings: u64,
    code_blocks: u64,
    tables: u64,
    wikilinks: u64,
    markdown_links: u64,
}

const LANGS: [&str; 4] = ["yaml", "bash", "rust", "python"];

/// Prose writer that replaces chosen word positions with links.
struct Prose<'a> {
    ctx: &'a Ctx<'a>,
    note: usize,
    words: usize,
    link_at: Vec<usize>,
    next_link: usize,
    stats: NoteStats,
}

impl Prose<'_> {
    fn link(&mut self, r: &mut Rng, out: &mut String) {
        let n = self.ctx.metas.len();
        let hubs = (n / 50).max(1);
        let target = loop {
            let t = if r.chance(0.3) {
                r.below(hubs)
            } else {
                r.below(n)
            };
            if t != self.note || n == 1 {
                break t;
            }
        };
        let m = &self.ctx.metas[target];
        let text = m.title.to_lowercase();
        let section = SECTIONS[m.section].0;
        match self.ctx.spec.flavor {
            Flavor::Lore if (self.note + self.next_link).is_multiple_of(2) => {
                let _ = write!(out, "[[{}]]", m.stem);
                self.stats.wikilinks += 1;
            }
            Flavor::Lore => {
                let _ = write!(out, "[{text}](../{section}/{}.md)", m.stem);
                self.stats.markdown_links += 1;
            }
            Flavor::Hugo => {
                let _ = write!(out, "[{text}](../../{section}/{}/)", m.stem);
                self.stats.markdown_links += 1;
            }
        }
        self.next_link += 1;
    }

    /// `n` words of running text, with the occasional comma, inline code or
    /// emphasis, and links where scheduled. Returns nothing; appends to `out`.
    fn run(&mut self, r: &mut Rng, out: &mut String, n: usize, capitalize: bool) {
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            if self.next_link < self.link_at.len() && self.words >= self.link_at[self.next_link] {
                self.link(r, out);
                self.words += 1;
                continue;
            }
            let w = self.ctx.vocab.word(r);
            let x = r.unit();
            if i == 0 && capitalize {
                push_capitalized(out, w);
            } else if x < 0.012 {
                out.push('`');
                out.push_str(w);
                out.push('`');
            } else if x < 0.02 {
                out.push_str("**");
                out.push_str(w);
                out.push_str("**");
            } else {
                out.push_str(w);
            }
            if i + 1 < n && r.chance(0.06) {
                out.push(',');
            }
            self.words += 1;
        }
    }

    fn sentence(&mut self, r: &mut Rng, out: &mut String) -> usize {
        let n = r.range(6, 22);
        self.run(r, out, n, true);
        out.push(if r.chance(0.05) { ':' } else { '.' });
        n
    }

    /// A paragraph of roughly `budget` words.
    fn paragraph(&mut self, r: &mut Rng, out: &mut String, budget: usize) {
        let mut written = 0;
        let mut first = true;
        while written < budget.max(8) {
            if !first {
                out.push(' ');
            }
            first = false;
            written += self.sentence(r, out);
        }
        out.push_str("\n\n");
    }

    fn bullets(&mut self, r: &mut Rng, out: &mut String) {
        for _ in 0..r.range(3, 7) {
            out.push_str(if r.chance(0.15) { "  - " } else { "- " });
            let n = r.range(4, 12);
            self.run(r, out, n, true);
            out.push('\n');
        }
        out.push('\n');
    }
}

fn render_note(ctx: &Ctx, i: usize, out: &mut String, topics_used: &mut HashSet<u16>) -> NoteStats {
    let vocab = ctx.vocab;
    let meta = &ctx.metas[i];
    let mut r = Rng::for_item(ctx.spec.seed, i as u64);

    // Frontmatter.
    let topics = TOPICS.with(|t| {
        let all = t;
        let n = r.range(2, 4);
        let mut chosen: Vec<u16> = Vec::with_capacity(n);
        while chosen.len() < n {
            // Zipf over topic ranks.
            let u = r.unit();
            let k = ((all.len() as f64 + 1.0).powf(u) - 1.0) as usize;
            let k = k.min(all.len() - 1) as u16;
            if !chosen.contains(&k) {
                chosen.push(k);
            }
        }
        chosen
            .into_iter()
            .map(|k| {
                topics_used.insert(k);
                all[k as usize].clone()
            })
            .collect::<Vec<_>>()
    });
    let days = r.below(6 * 365) as i64;
    let (y, mo, d) = civil_from_days(days_from_civil(2019, 1, 1) + days);
    let _ = write!(out, "---\ntitle: \"{}\"\ndescription: \"", meta.title);
    out.push_str(&vocab.sentence_plain(&mut r, 8, 16));
    out.push_str("\"\ntopics:");
    for t in &topics {
        let _ = write!(out, "\n  - {t}");
    }
    let _ = write!(out, "\ndate: {y:04}-{mo:02}-{d:02}\n---\n\n");

    // Layout decisions.
    let n_head = r.range(3, 6);
    let total_words = r.range(540, 760);
    let n_links = r.range(2, 4);
    let mut link_at: Vec<usize> = (0..n_links)
        .map(|_| 10 + r.below(total_words - 40))
        .collect();
    link_at.sort_unstable();
    let list_in = r.below(n_head);
    let table_in = r.below(n_head);
    let code_a = r.below(n_head);
    let code_b = (code_a + 1 + r.below(n_head - 1)) % n_head;

    let mut p = Prose {
        ctx,
        note: i,
        words: 0,
        link_at,
        next_link: 0,
        stats: NoteStats::default(),
    };

    // Intro.
    let intro = r.range(40, 90);
    p.paragraph(&mut r, out, intro);
    let per_section = (total_words.saturating_sub(intro + 60)) / n_head;

    for h in 0..n_head {
        let level = if h == 0 || r.chance(0.6) { "##" } else { "###" };
        out.push_str(level);
        out.push(' ');
        let title = vocab.title(&mut r, 2, 5);
        p.words += title.split(' ').count();
        out.push_str(&title);
        out.push_str("\n\n");
        p.stats.headings += 1;

        let paras = r.range(1, 3);
        for k in 0..paras {
            p.paragraph(&mut r, out, per_section / paras);
            if k == 0 && h == list_in {
                p.bullets(&mut r, out);
            }
        }
        if h == table_in {
            table(&mut p, &mut r, out);
            p.stats.tables += 1;
        }
        if h == code_a || h == code_b {
            let lang = LANGS[(2 * i + usize::from(h == code_b)) % 4];
            let lead = r.range(6, 14);
            p.run(&mut r, out, lead, true);
            out.push_str(":\n\n");
            code_block(vocab, &mut r, lang, out);
            p.stats.code_blocks += 1;
        }
    }
    // Any link not yet placed (short notes) goes into a "See also" line.
    if p.next_link < p.link_at.len() {
        out.push_str("See also: ");
        while p.next_link < p.link_at.len() {
            p.link(&mut r, out);
            out.push(if p.next_link < p.link_at.len() {
                ','
            } else {
                '.'
            });
            out.push(' ');
        }
        out.push('\n');
    }
    p.stats.words = p.words as u64;
    p.stats.bytes = out.len() as u64;
    p.stats
}

thread_local! {
    static TOPICS: Vec<String> = topic_list();
}

fn table(p: &mut Prose, r: &mut Rng, out: &mut String) {
    const HEADERS: &[&str] = &[
        "Component",
        "Version",
        "Status",
        "Owner",
        "Notes",
        "Default",
        "Limit",
        "Latency (p99)",
        "Region",
        "Replicas",
        "Port",
        "Since",
    ];
    let cols = r.range(3, 4);
    let mut hs: Vec<&str> = Vec::new();
    while hs.len() < cols {
        let h = r.pick(HEADERS);
        if !hs.contains(&h) {
            hs.push(h);
        }
    }
    out.push_str("| ");
    out.push_str(&hs.join(" | "));
    out.push_str(" |\n|");
    for _ in 0..cols {
        out.push_str(" --- |");
    }
    out.push('\n');
    for _ in 0..r.range(3, 6) {
        out.push('|');
        for h in &hs {
            out.push(' ');
            match *h {
                "Version" => {
                    let _ = write!(out, "v{}.{}.{}", r.range(0, 3), r.below(30), r.below(12));
                }
                "Status" => {
                    out.push_str(r.pick(&["stable", "beta", "deprecated", "planned", "alpha"]))
                }
                "Limit" | "Replicas" => {
                    let _ = write!(out, "{}", r.range(1, 512));
                }
                "Latency (p99)" => {
                    let _ = write!(out, "{} ms", r.range(1, 900));
                }
                "Port" => {
                    let _ = write!(out, "{}", r.range(1024, 65000));
                }
                "Since" => {
                    let _ = write!(out, "{}", r.range(2016, 2025));
                }
                "Region" => {
                    out.push_str(r.pick(&["eu-west-1", "us-east-1", "ap-south-1", "eu-central-1"]))
                }
                _ => {
                    let n = r.range(1, 4);
                    p.run(r, out, n, false);
                }
            }
            out.push_str(" |");
        }
        out.push('\n');
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------
// Code blocks (5–20 plausible lines)
// ---------------------------------------------------------------------------

fn code_block(v: &Vocab, r: &mut Rng, lang: &str, out: &mut String) {
    let target = r.range(5, 20);
    let lines = match lang {
        "yaml" => code_yaml(v, r, target),
        "bash" => code_bash(v, r, target),
        "rust" => code_rust(v, r, target),
        _ => code_python(v, r, target),
    };
    out.push_str("```");
    out.push_str(lang);
    out.push('\n');
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str("```\n\n");
}

/// Add chunks from `gen` while they fit in `target - footer` lines.
/// `gen` gets the kind of the previous chunk (to avoid repeating it) and
/// returns `(kind, lines)`.
fn fill(
    lines: &mut Vec<String>,
    target: usize,
    footer: usize,
    mut gen: impl FnMut(usize) -> (usize, Vec<String>),
) {
    let mut last = usize::MAX;
    for _ in 0..40 {
        if lines.len() + footer >= target {
            break;
        }
        let (kind, chunk) = gen(last);
        last = kind;
        if lines.len() + chunk.len() + footer <= target {
            lines.extend(chunk);
        }
    }
}

/// A chunk kind in `0..n`, different from `last`.
fn other(r: &mut Rng, n: usize, last: usize) -> usize {
    let k = r.below(n);
    if k == last {
        (k + 1) % n
    } else {
        k
    }
}

fn code_yaml(v: &Vocab, r: &mut Rng, target: usize) -> Vec<String> {
    let name = v.kebab(r);
    let ns = v.content_word(r).to_string();
    let mut l = vec![
        "apiVersion: apps/v1".to_string(),
        "kind: Deployment".to_string(),
        "metadata:".to_string(),
        format!("  name: {name}"),
        format!("  namespace: {ns}"),
    ];
    if target < 10 {
        fill(&mut l, target, 0, |_| {
            (
                0,
                vec![format!("  {}: \"{}\"", v.ident(r), v.content_word(r))],
            )
        });
        return l;
    }
    l.extend([
        "spec:".to_string(),
        format!("  replicas: {}", r.range(1, 6)),
        "  template:".to_string(),
        "    spec:".to_string(),
        "      containers:".to_string(),
        format!("        - name: {name}"),
        format!(
            "          image: registry.example.com/{}/{name}:v{}.{}.{}",
            ns,
            r.below(4),
            r.below(20),
            r.below(10)
        ),
    ]);
    let mut env_open = false;
    fill(&mut l, target, 0, |last| {
        let k = other(r, 4, last);
        (
            k,
            match k {
                0 => vec![
                    "          ports:".into(),
                    format!("            - containerPort: {}", r.range(1024, 9999)),
                ],
                1 => vec![
                    "          resources:".into(),
                    "            limits:".into(),
                    format!("              cpu: {}m", r.range(1, 40) * 50),
                    format!("              memory: {}Mi", r.range(1, 32) * 64),
                ],
                2 if !env_open => {
                    env_open = true;
                    vec![
                        "          env:".into(),
                        format!("            - name: {}", v.ident(r).to_uppercase()),
                        format!("              value: \"{}\"", v.content_word(r)),
                    ]
                }
                _ => vec![
                    "          readinessProbe:".into(),
                    "            httpGet:".into(),
                    format!("              path: /{}", v.content_word(r)),
                    format!("              port: {}", r.range(1024, 9999)),
                ],
            },
        )
    });
    l
}

fn code_bash(v: &Vocab, r: &mut Rng, target: usize) -> Vec<String> {
    let mut l = vec![
        "#!/usr/bin/env bash".to_string(),
        "set -euo pipefail".to_string(),
    ];
    fill(&mut l, target, 0, |last| {
        let ns = v.content_word(r);
        let app = v.kebab(r);
        let k = other(r, 7, last);
        (k, match k {
            0 => vec![format!("kubectl -n {ns} get pods -l app={app} -o wide")],
            1 => vec![format!("kubectl -n {ns} rollout status deployment/{app} --timeout=120s")],
            2 => vec![
                "for node in $(kubectl get nodes -o name); do".into(),
                "  echo \"draining ${node}\"".into(),
                "  kubectl drain \"${node}\" --ignore-daemonsets --delete-emptydir-data".into(),
                "done".into(),
            ],
            3 => vec![format!(
                "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 snapshot save /var/backups/{app}.db"
            )],
            4 => vec![
                format!("if ! curl -fsS \"http://localhost:{}/healthz\" >/dev/null; then", r.range(1024, 9999)),
                format!("  echo \"{app} is unhealthy\" >&2"),
                "  exit 1".into(),
                "fi".into(),
            ],
            5 => vec![format!("export {}=\"{}\"", v.ident(r).to_uppercase(), v.content_word(r))],
            _ => vec![format!(
                "journalctl -u {ns}.service --since \"-{}m\" | grep -i {} | tail -n {}",
                r.range(5, 90),
                v.content_word(r),
                r.range(10, 200)
            )],
        })
    });
    l
}

fn code_rust(v: &Vocab, r: &mut Rng, target: usize) -> Vec<String> {
    let ty = v.camel(r);
    let field = v.snake(r);
    let f = v.snake(r);
    let mut l = vec![
        "use std::collections::HashMap;".to_string(),
        String::new(),
        format!(
            "pub fn {f}(items: &[{ty}], limit: usize) -> Result<HashMap<String, u64>, Error> {{"
        ),
        "    let mut out = HashMap::new();".to_string(),
    ];
    fill(&mut l, target, 2, |last| {
        let key = v.content_word(r);
        let k = other(r, 4, last);
        (
            k,
            match k {
                0 => vec![
                    "    for item in items.iter().take(limit) {".into(),
                    format!("        *out.entry(item.{field}.clone()).or_insert(0) += 1;"),
                    "    }".into(),
                ],
                1 => vec![format!(
                    "    let {} = items.len().saturating_sub(limit) as u64;",
                    v.ident(r)
                )],
                2 => vec![
                    "    if items.is_empty() {".into(),
                    format!("        return Err(Error::Empty(\"{key}\"));"),
                    "    }".into(),
                ],
                _ => vec![format!(
                    "    out.insert(\"{key}\".to_string(), {});",
                    r.range(0, 4096)
                )],
            },
        )
    });
    l.push("    Ok(out)".into());
    l.push("}".into());
    l
}

fn code_python(v: &Vocab, r: &mut Rng, target: usize) -> Vec<String> {
    let f = v.snake(r);
    let mut l = vec![
        "import json".to_string(),
        "from pathlib import Path".to_string(),
        String::new(),
        format!(
            "def {f}(path: Path, limit: int = {}) -> dict:",
            r.range(1, 100) * 10
        ),
        "    data = json.loads(path.read_text())".to_string(),
    ];
    fill(&mut l, target, 1, |last| {
        let key = v.content_word(r);
        let k = other(r, 4, last);
        (
            k,
            match k {
                0 => vec![
                    "    for key, value in data.items():".into(),
                    "        if value is None:".into(),
                    "            continue".into(),
                    "        print(f\"{key}: {value}\")".into(),
                ],
                1 => vec![format!("    data[\"{key}\"] = data.get(\"{key}\", 0) + 1")],
                2 => vec![
                    format!("    if len(data) > limit:"),
                    format!("        raise ValueError(\"too many {key} entries\")"),
                ],
                _ => vec![format!(
                    "    {} = sorted(data, key=len)[:limit]",
                    v.ident(r)
                )],
            },
        )
    });
    l.push("    return data".into());
    l
}

// ---------------------------------------------------------------------------
// Dates (Howard Hinnant's civil-from-days algorithms)
// ---------------------------------------------------------------------------

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

// ---------------------------------------------------------------------------
// Hugo scaffolding
// ---------------------------------------------------------------------------

const HUGO_TOML: &str = r#"baseURL = "https://example.com/"
title = "Bench"
# Lore has no per-section/per-topic feeds; keep Hugo's work comparable.
disableKinds = ["rss"]

[taxonomies]
  topic = "topics"

[markup.highlight]
  # Highlight with CSS classes, as Lore does.
  noClasses = false
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a>{{ range site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>{{ with .GetTerms "topics" }} ·{{ range . }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>
{{ range first 50 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
{{ end }}
"#;

fn write_hugo_scaffolding(dir: &Path, stats: &mut CorpusStats) -> io::Result<()> {
    write_file(&dir.join("hugo.toml"), HUGO_TOML, stats)?;
    let l = dir.join("layouts");
    write_file(&l.join("_default/baseof.html"), HUGO_BASEOF, stats)?;
    write_file(&l.join("_default/single.html"), HUGO_SINGLE, stats)?;
    write_file(&l.join("_default/list.html"), HUGO_LIST, stats)?;
    write_file(&l.join("index.html"), HUGO_INDEX, stats)?;
    write_file(
        &dir.join("static/style.css"),
        "body{font-family:sans-serif;max-width:48rem;margin:auto}\n",
        stats,
    )?;
    Ok(())
}
