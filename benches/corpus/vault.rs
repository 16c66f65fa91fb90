//! The vault shape: an Obsidian vault as people keep them, for the build
//! bench's `--shape vault`. Deterministic like the default corpus (the same
//! `(notes, seed)` gives byte-identical files), and built from the same
//! vocabulary, but shaped after the real vaults that built 6–20× slower per
//! note than the default corpus:
//!
//! - notes named by their title, with spaces (`Raft Leader Lease.md`), no
//!   `title:` key, in folders 5–8 deep (`Areas/Kubernetes/Storage/…`);
//!   about 3 % share a title with a note in another folder;
//! - aliases for about 45 % of the notes (acronyms and other names), so the
//!   titles and aliases number in the thousands;
//! - a dozen hub notes whose titles are common phrases ("Project
//!   Management", "Mental Models"): most notes link one (`[[Project
//!   Management]]`) and name another in plain text (an unlinked mention);
//! - 4–10 wikilinks per note (`[[Title]]`, `[[Title|text]]`, `[[Alias]]`,
//!   `[[Title#Heading]]`, `[[Folder/…/Title|Title]]` for shared titles);
//! - 1–4 embeds per note (2.5 on average): small real PNG attachments
//!   (35 %, `![[Pasted image 20230412093015.png]]`), whole notes (25 %),
//!   headings (25 %, `![[Note#Heading]]`) and blocks (15 %,
//!   `![[Note#^id]]`; every note has two `^id` blocks), embedded notes
//!   drawn from all notes alike;
//! - callouts (`> [!tip]- Title`), `==highlights==`, tags in frontmatter
//!   and inline (`#area/sub`), task lists, a few code blocks and tables.

use super::{
    civil_from_days, code_block, days_from_civil, push_capitalized, CorpusSpec, CorpusStats, Rng,
    Vocab, LANGS, TOPICS,
};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Bump when the vault's output changes (part of its stamp only).
pub const VERSION: u32 = 1;

/// Hub notes: common phrases, so prose names them without linking.
const HUBS: &[(&str, &[&str])] = &[
    ("Project Management", &["PM"]),
    ("Mental Models", &[]),
    ("Machine Learning", &["ML"]),
    ("Deep Work", &[]),
    ("First Principles", &[]),
    (
        "Knowledge Management",
        &["PKM", "Personal Knowledge Management"],
    ),
    ("Spaced Repetition", &["SRS"]),
    ("Systems Thinking", &[]),
    ("Weekly Review", &[]),
    ("Reading List", &["Books to Read"]),
    ("Open Questions", &[]),
    ("Decision Making", &[]),
];

const TOP_FOLDERS: &[&str] = &[
    "Areas",
    "Projects",
    "Resources",
    "Archive",
    "Zettelkasten",
    "Work",
];

const CALLOUTS: &[&str] = &[
    "note", "tip", "warning", "info", "quote", "example", "question", "abstract", "todo",
];

/// Salts for the independent random streams.
const S_FOLDER: u64 = 0x3_0000_0000;
const S_META: u64 = 0x4_0000_0000;
const S_NOTE: u64 = 0x5_0000_0000;
const S_IMAGE: u64 = 0x6_0000_0000;

struct Note {
    title: String,
    folder: usize,
    aliases: Vec<String>,
    headings: Vec<String>,
    /// Another note has the same title: links spell out the folder.
    shared: bool,
}

struct Image {
    name: String,
    /// `None`: the vault's `Attachments/` folder.
    folder: Option<usize>,
    seed: u64,
}

struct Vault {
    folders: Vec<String>,
    notes: Vec<Note>,
    images: Vec<Image>,
}

fn hubs(n: usize) -> usize {
    HUBS.len().min(n)
}

/// Leaf folders, 5–8 deep, sharing their upper levels.
fn folders(seed: u64, vocab: &Vocab, n: usize) -> Vec<String> {
    let count = (n / 12).max(4);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(count);
    let mut k = 0u64;
    while out.len() < count {
        let mut r = Rng::for_item(seed, S_FOLDER + k);
        k += 1;
        let depth = r.range(5, 8);
        let mut path = r.pick(TOP_FOLDERS).to_string();
        for level in 1..depth {
            path.push('/');
            // Few names at the top, more further down: a tree.
            let pool = 4 + level * level * 3;
            let mut rr = Rng::for_item(seed, S_FOLDER ^ ((level * 1000 + r.below(pool)) as u64));
            path.push_str(&vocab.title(&mut rr, 1, 2));
        }
        if seen.insert(path.to_lowercase()) {
            out.push(path);
        }
    }
    out
}

/// A short Obsidian-style block id, e.g. `k3x9qa`.
fn block_id(seed: u64, note: usize, k: usize) -> String {
    let mut r = Rng::for_item(seed ^ 0xb10c, (note * 2 + k) as u64);
    let mut v = r.next_u64();
    let mut s = String::with_capacity(6);
    for _ in 0..6 {
        s.push(b"abcdefghijklmnopqrstuvwxyz0123456789"[(v % 36) as usize] as char);
        v /= 36;
    }
    s
}

fn acronym(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split(' ').collect();
    (words.len() >= 3).then(|| {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    })
}

fn plan(spec: &CorpusSpec, vocab: &Vocab) -> Vault {
    let n = spec.notes;
    let folders = folders(spec.seed, vocab, n);
    let mut names: HashSet<String> = HashSet::new();
    let mut files: HashSet<(usize, String)> = HashSet::new();
    let mut notes: Vec<Note> = Vec::with_capacity(n);
    for i in 0..n {
        let mut r = Rng::for_item(spec.seed, S_META + i as u64);
        let mut folder = r.below(folders.len());
        let mut aliases = Vec::new();
        let mut shared = false;
        let title = if let Some(&(t, a)) = HUBS.get(i) {
            aliases.extend(a.iter().map(|s| s.to_string()));
            names.extend(a.iter().map(|s| s.to_lowercase()));
            names.insert(t.to_lowercase());
            t.to_string()
        } else if i > 100 && r.chance(0.03) {
            // Same title as an earlier note, in another folder.
            let j = hubs(n) + r.below(i - hubs(n));
            shared = true;
            notes[j].shared = true;
            notes[j].title.clone()
        } else {
            let words = if r.chance(0.1) { (1, 1) } else { (2, 4) };
            let mut t = vocab.title(&mut r, words.0, words.1);
            while !names.insert(t.to_lowercase()) {
                t.push(' ');
                push_capitalized(&mut t, vocab.content_word(&mut r));
            }
            t
        };
        while !files.insert((folder, title.to_lowercase())) {
            folder = (folder + 1) % folders.len();
        }
        if i >= hubs(n) && r.chance(0.45) {
            let want = r.range(1, 2);
            let mut tries = 0;
            while aliases.len() < want && tries < 4 {
                tries += 1;
                let a = match (tries, acronym(&title)) {
                    (1, Some(a)) => a,
                    _ => vocab.title(&mut r, 1, 3),
                };
                if names.insert(a.to_lowercase()) {
                    aliases.push(a);
                }
            }
        }
        let headings = (0..r.range(2, 5))
            .map(|_| vocab.title(&mut r, 1, 4))
            .collect();
        notes.push(Note {
            title,
            folder,
            aliases,
            headings,
            shared,
        });
    }
    let images = (0..(n / 8).max(2))
        .map(|k| {
            let mut r = Rng::for_item(spec.seed, S_IMAGE + k as u64);
            // Unique by construction: k is in the seconds.
            let day = days_from_civil(2021, 1, 1) + r.below(3 * 365) as i64;
            let (y, mo, d) = civil_from_days(day);
            let name = if r.chance(0.7) {
                format!(
                    "Pasted image {y:04}{mo:02}{d:02}{:02}{:02}{:02}{k}.png",
                    r.below(24),
                    r.below(60),
                    r.below(60)
                )
            } else {
                format!("{} {k}.png", vocab.title(&mut r, 1, 2).to_lowercase())
            };
            Image {
                name,
                folder: r.chance(0.3).then(|| r.below(folders.len())),
                seed: r.next_u64(),
            }
        })
        .collect();
    Vault {
        folders,
        notes,
        images,
    }
}

fn rel_path(v: &Vault, i: usize) -> String {
    let n = &v.notes[i];
    format!("{}/{}.md", v.folders[n.folder], n.title)
}

pub fn note_path(spec: &CorpusSpec, dir: &Path, index: usize) -> PathBuf {
    let vocab = Vocab::new(spec.seed);
    let v = plan(spec, &vocab);
    dir.join("content").join(rel_path(&v, index))
}

pub fn generate(spec: &CorpusSpec, dir: &Path) -> io::Result<CorpusStats> {
    let vocab = Vocab::new(spec.seed);
    let v = plan(spec, &vocab);
    let content = dir.join("content");
    let mut stats = CorpusStats::default();
    super::write_file(
        &dir.join("site.toml"),
        "title = \"Vault\"\nbase_url = \"https://example.com/\"\n",
        &mut stats,
    )?;
    let mut dirs: HashSet<String> = HashSet::new();
    for f in &v.folders {
        fs::create_dir_all(content.join(f))?;
        let mut p = f.as_str();
        while dirs.insert(p.to_string()) {
            match p.rfind('/') {
                Some(k) => p = &p[..k],
                None => break,
            }
        }
    }
    fs::create_dir_all(content.join("Attachments"))?;
    dirs.insert("Attachments".into());
    stats.folders = dirs.len() as u64;
    for img in &v.images {
        let folder = img.folder.map_or("Attachments", |f| v.folders[f].as_str());
        fs::write(content.join(folder).join(&img.name), png(img.seed))?;
        stats.files += 1;
        stats.attachments += 1;
    }

    super::write_notes(spec.notes, &mut stats, |i, buf, st, topics| {
        render(spec, &vocab, &v, i, buf, st, topics);
        fs::write(content.join(rel_path(&v, i)), &*buf)?;
        st.notes += 1;
        st.files += 1;
        st.markdown_bytes += buf.len() as u64;
        Ok(())
    })?;
    Ok(stats)
}

/// Zipf-ish pick in `0..n`: low indices much more often.
fn zipf(r: &mut Rng, n: usize) -> usize {
    let k = ((n as f64 + 1.0).powf(r.unit()) - 1.0) as usize;
    k.min(n - 1)
}

struct Writer<'a> {
    spec: &'a CorpusSpec,
    vocab: &'a Vocab,
    v: &'a Vault,
    i: usize,
    st: &'a mut CorpusStats,
    /// Word positions (in the whole note) of the links still to write.
    link_at: Vec<usize>,
    next_link: usize,
    mention_at: Vec<usize>,
    next_mention: usize,
    words: usize,
}

impl Writer<'_> {
    fn other_note(&self, r: &mut Rng) -> usize {
        let n = self.v.notes.len();
        loop {
            let t = if r.chance(0.25) {
                zipf(r, hubs(n))
            } else {
                r.below(n)
            };
            if t != self.i || n == 1 {
                return t;
            }
        }
    }

    /// How a link or embed names note `t`.
    fn name_of(&self, t: usize) -> String {
        let n = &self.v.notes[t];
        if n.shared {
            format!("{}/{}", self.v.folders[n.folder], n.title)
        } else {
            n.title.clone()
        }
    }

    fn link(&mut self, r: &mut Rng, out: &mut String) {
        let t = if self.next_link == 0 && self.i >= hubs(self.v.notes.len()) {
            zipf(r, hubs(self.v.notes.len()))
        } else {
            self.other_note(r)
        };
        let n = &self.v.notes[t];
        let name = self.name_of(t);
        let x = r.unit();
        if n.shared {
            let _ = write!(out, "[[{name}|{}]]", n.title);
        } else if x < 0.5 {
            let _ = write!(out, "[[{name}]]");
        } else if x < 0.7 {
            let _ = write!(
                out,
                "[[{name}|{}]]",
                self.vocab.title(r, 1, 3).to_lowercase()
            );
        } else if x < 0.85 && !n.aliases.is_empty() {
            let _ = write!(out, "[[{}]]", n.aliases[r.below(n.aliases.len())]);
        } else {
            let h = &n.headings[r.below(n.headings.len())];
            let _ = write!(out, "[[{name}#{h}]]");
        }
        self.st.links += 1;
        self.st.wikilinks += 1;
        self.next_link += 1;
    }

    /// A hub's name (or now and then another note's) in plain text.
    fn mention(&mut self, r: &mut Rng, out: &mut String) {
        let n = self.v.notes.len();
        let t = if r.chance(0.8) {
            self.st.hub_mentions += 1;
            zipf(r, hubs(n))
        } else {
            self.other_note(r)
        };
        let note = &self.v.notes[t];
        let name = if !note.aliases.is_empty() && r.chance(0.2) {
            &note.aliases[r.below(note.aliases.len())]
        } else {
            &note.title
        };
        if name
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            out.push_str(name);
        } else {
            out.push_str(&name.to_lowercase());
        }
        self.next_mention += 1;
    }

    fn run(&mut self, r: &mut Rng, out: &mut String, n: usize, capitalize: bool) {
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            if self.next_link < self.link_at.len() && self.words >= self.link_at[self.next_link] {
                self.link(r, out);
            } else if self.next_mention < self.mention_at.len()
                && self.words >= self.mention_at[self.next_mention]
            {
                self.mention(r, out);
            } else {
                let w = self.vocab.word(r);
                let x = r.unit();
                if k == 0 && capitalize {
                    push_capitalized(out, w);
                } else if x < 0.012 {
                    let _ = write!(out, "=={w} {}==", self.vocab.word(r));
                } else if x < 0.02 {
                    let _ = write!(out, "**{w}**");
                } else if x < 0.025 {
                    let _ = write!(out, "`{w}`");
                } else if x < 0.028 {
                    let tag = TOPICS.with(|t| t[zipf(r, t.len())].clone());
                    let _ = write!(out, "#{tag}");
                } else {
                    out.push_str(w);
                }
                if k + 1 < n && r.chance(0.06) {
                    out.push(',');
                }
            }
            self.words += 1;
        }
    }

    fn paragraph(&mut self, r: &mut Rng, out: &mut String, budget: usize, block: Option<usize>) {
        let mut written = 0;
        while written < budget.max(8) {
            if written > 0 {
                out.push(' ');
            }
            let n = r.range(6, 20);
            self.run(r, out, n, true);
            out.push('.');
            written += n;
        }
        if let Some(k) = block {
            let _ = write!(out, " ^{}", block_id(self.spec.seed, self.i, k));
        }
        out.push_str("\n\n");
    }

    fn embed(&mut self, r: &mut Rng, out: &mut String) {
        let x = r.unit();
        if x < 0.35 {
            let img = &self.v.images[r.below(self.v.images.len())];
            if r.chance(0.2) {
                let _ = write!(out, "![[{}|{}]]", img.name, r.range(2, 6) * 100);
            } else {
                let _ = write!(out, "![[{}]]", img.name);
            }
        } else {
            // Any note, hubs only by chance: vaults link their hubs
            // (maps of content) but rarely embed them.
            let t = loop {
                let t = r.below(self.v.notes.len());
                if t != self.i || self.v.notes.len() == 1 {
                    break t;
                }
            };
            let name = self.name_of(t);
            let n = &self.v.notes[t];
            if x < 0.6 {
                let _ = write!(out, "![[{name}]]");
            } else if x < 0.85 {
                let _ = write!(out, "![[{name}#{}]]", n.headings[r.below(n.headings.len())]);
            } else {
                let _ = write!(
                    out,
                    "![[{name}#^{}]]",
                    block_id(self.spec.seed, t, r.below(2))
                );
            }
        }
        out.push_str("\n\n");
        self.st.embeds += 1;
    }

    fn callout(&mut self, r: &mut Rng, out: &mut String) {
        let kind = r.pick(CALLOUTS);
        let fold = match r.below(4) {
            0 => "-",
            1 => "+",
            _ => "",
        };
        let _ = writeln!(out, "> [!{kind}]{fold} {}", self.vocab.title(r, 1, 4));
        for _ in 0..r.range(1, 3) {
            out.push_str("> ");
            let n = r.range(8, 24);
            self.run(r, out, n, true);
            out.push_str(".\n");
        }
        out.push('\n');
    }

    fn tasks(&mut self, r: &mut Rng, out: &mut String) {
        for _ in 0..r.range(2, 6) {
            out.push_str(match r.below(3) {
                0 => "- [ ] ",
                1 => "- [x] ",
                _ => "- ",
            });
            let n = r.range(3, 10);
            self.run(r, out, n, true);
            out.push('\n');
        }
        out.push('\n');
    }

    fn table(&mut self, r: &mut Rng, out: &mut String) {
        let cols = r.range(2, 4);
        out.push('|');
        for _ in 0..cols {
            let _ = write!(out, " {} |", self.vocab.title(r, 1, 2));
        }
        out.push_str("\n|");
        for _ in 0..cols {
            out.push_str(" --- |");
        }
        out.push('\n');
        for _ in 0..r.range(2, 5) {
            out.push('|');
            for _ in 0..cols {
                out.push(' ');
                let n = r.range(1, 4);
                self.run(r, out, n, false);
                out.push_str(" |");
            }
            out.push('\n');
        }
        out.push('\n');
        self.st.tables += 1;
    }
}

fn render(
    spec: &CorpusSpec,
    vocab: &Vocab,
    v: &Vault,
    i: usize,
    out: &mut String,
    st: &mut CorpusStats,
    topics_used: &mut HashSet<u16>,
) {
    let note = &v.notes[i];
    let mut r = Rng::for_item(spec.seed, S_NOTE + i as u64);
    let is_hub = i < hubs(v.notes.len());

    // Frontmatter: most notes have one; no title (the file name is it).
    let tags: Vec<String> = TOPICS.with(|t| {
        let mut chosen: Vec<u16> = Vec::new();
        for _ in 0..r.range(0, 4) {
            let k = zipf(&mut r, t.len()) as u16;
            if !chosen.contains(&k) {
                chosen.push(k);
            }
        }
        topics_used.extend(&chosen);
        chosen.iter().map(|&k| t[k as usize].clone()).collect()
    });
    if is_hub || !note.aliases.is_empty() || r.chance(0.8) {
        out.push_str("---\n");
        if !note.aliases.is_empty() {
            out.push_str("aliases:\n");
            for a in &note.aliases {
                let _ = writeln!(out, "  - {a}");
            }
            st.aliases += note.aliases.len() as u64;
        }
        if !tags.is_empty() {
            out.push_str("tags:\n");
            for t in &tags {
                let _ = writeln!(out, "  - {t}");
            }
        }
        let days = days_from_civil(2020, 1, 1) + r.below(5 * 365) as i64;
        let (y, mo, d) = civil_from_days(days);
        let _ = writeln!(out, "created: {y:04}-{mo:02}-{d:02}");
        if r.chance(0.3) {
            let _ = writeln!(out, "status: {}", r.pick(&["seed", "sprout", "evergreen"]));
        }
        out.push_str("---\n\n");
    }

    let total = r.range(350, 650);
    let place = |r: &mut Rng, n: usize| {
        let mut at: Vec<usize> = (0..n).map(|_| 3 + r.below(total - 20)).collect();
        at.sort_unstable();
        at
    };
    let links = r.range(4, 10);
    let link_at = place(&mut r, links);
    let mentions = if is_hub { 0 } else { r.range(0, 3) };
    let mention_at = place(&mut r, mentions);
    let mut w = Writer {
        spec,
        vocab,
        v,
        i,
        st,
        link_at,
        next_link: 0,
        mention_at,
        next_mention: 0,
        words: 0,
    };

    let n_head = note.headings.len();
    let embeds = r.range(1, 4);
    let embed_in: Vec<usize> = (0..embeds).map(|_| r.below(n_head + 1)).collect();
    let callout_in = r.chance(0.6).then(|| r.below(n_head + 1));
    let tasks_in = r.chance(0.4).then(|| r.below(n_head + 1));
    let table_in = r.chance(0.2).then(|| r.below(n_head));
    let code_in = r.chance(0.3).then(|| r.below(n_head));
    let block_in = [0, r.below(n_head) + 1];
    let per = total / (n_head + 1);

    // Section 0 is the intro, before the first heading.
    for s in 0..=n_head {
        if s > 0 {
            let level = if s == 1 || r.chance(0.6) { "##" } else { "###" };
            let _ = writeln!(out, "{level} {}\n", note.headings[s - 1]);
            w.st.headings += 1;
        }
        let paras = r.range(1, 2);
        for p in 0..paras {
            let block = (p == 0)
                .then(|| block_in.iter().position(|&b| b == s))
                .flatten();
            w.paragraph(&mut r, out, per / paras, block);
        }
        if callout_in == Some(s) {
            w.callout(&mut r, out);
        }
        if tasks_in == Some(s) {
            w.tasks(&mut r, out);
        }
        if s > 0 && table_in == Some(s - 1) {
            w.table(&mut r, out);
        }
        if s > 0 && code_in == Some(s - 1) {
            let lang = LANGS[i % 4];
            code_block(vocab, &mut r, lang, out);
            w.st.code_blocks += 1;
        }
        for _ in embed_in.iter().filter(|&&e| e == s) {
            w.embed(&mut r, out);
        }
    }
    // Links not placed yet (the prose ran short).
    if w.next_link < w.link_at.len() {
        out.push_str("Related: ");
        while w.next_link < w.link_at.len() {
            w.link(&mut r, out);
            out.push(' ');
        }
        out.push('\n');
    }
    w.st.words += w.words as u64;
}

// ---------------------------------------------------------------------------
// PNG: small real images (stored deflate blocks, no compressor needed)
// ---------------------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// An RGB PNG 16–64 px on a side: a two-colour gradient with a stripe.
fn png(seed: u64) -> Vec<u8> {
    let mut r = Rng::new(seed);
    let (w, h) = (r.range(16, 64), r.range(16, 64));
    let a: [u8; 3] = [r.below(256) as u8, r.below(256) as u8, r.below(256) as u8];
    let b: [u8; 3] = [r.below(256) as u8, r.below(256) as u8, r.below(256) as u8];
    let stripe = r.below(h);
    let mut raw = Vec::with_capacity(h * (1 + 3 * w));
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            for c in 0..3 {
                let v = if y.abs_diff(stripe) < 2 {
                    255 - a[c]
                } else {
                    ((usize::from(a[c]) * (w - x) + usize::from(b[c]) * x) / w) as u8
                };
                raw.push(v);
            }
        }
    }
    // zlib stream of stored blocks.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (k, block) in blocks.iter().enumerate() {
        z.push(u8::from(k + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    let (mut s1, mut s2) = (1u32, 0u32);
    for &byte in &raw {
        s1 = (s1 + u32::from(byte)) % 65_521;
        s2 = (s2 + s1) % 65_521;
    }
    z.extend_from_slice(&((s2 << 16) | s1).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&(w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(h as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}
