//! Redirects: small pages at old URLs that send the reader on to a note's
//! page (`<meta http-equiv="refresh">`, a canonical link and a visible
//! link, so they work on any static host and from `file://`).
//!
//! Two kinds: the URLs a note lists in `redirect_from`, and the URLs notes
//! had before they moved. For the second, `.lore/redirects.toml` records
//! every note's URL at the last `lore build` and the redirects kept so far;
//! a build compares the notes with it (a note is the same note when its
//! path is, or, for a file that moved, when its text or else its file name
//! is) and `lore build` writes the record back after the output is written.
//! `lore serve` reads the record but never writes it, so it serves what a
//! build would.
//!
//! A redirect never replaces a real file: a `redirect_from` that collides
//! is a warning, and a kept redirect whose URL a page has taken again is
//! dropped.

use crate::error::Diagnostic;
use crate::load::SourceNote;
use crate::note::{NoteId, Notes};
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The record's file, in the cache folder.
pub(crate) const RECORD: &str = "redirects.toml";

/// `.lore/redirects.toml`: the redirects kept, and every note's URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Record {
    /// Old URL -> the note (path relative to the content folder) it leads to.
    #[serde(default)]
    pub redirects: BTreeMap<String, String>,
    /// Note path -> [its URL, a hash of its text] at the last build.
    #[serde(default)]
    pub urls: BTreeMap<String, (String, String)>,
}

const HEADER: &str = "\
# Written by `lore build`: a redirect is kept from each URL a note had
# before it was renamed or moved. Delete a line under [redirects] (or run
# `lore build --drop-redirect <old URL>`) to drop one. [urls] is every note's
# URL at the last build, which the next build compares with.
";

impl Record {
    /// The record in `cache_dir`, or an empty one (none yet, or unreadable:
    /// then with a warning).
    pub(crate) fn load(cache_dir: &Path) -> (Record, Option<Diagnostic>) {
        let path = cache_dir.join(RECORD);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return (Record::default(), None);
        };
        match toml::from_str(&text) {
            Ok(r) => (r, None),
            Err(e) => {
                let d = Diagnostic::warning(
                    PathBuf::from(".lore").join(RECORD),
                    format!("could not read the redirect record: {}", e.message()),
                )
                .kind("redirect")
                .with_help("fix the file or delete it (the redirects it kept are lost)");
                let d = match e.span() {
                    Some(s) => d.at_offset(&text, s.start),
                    None => d,
                };
                (Record::default(), Some(d))
            }
        }
    }

    /// Writes the record to `cache_dir`.
    pub(crate) fn save(&self, cache_dir: &Path) -> crate::error::Result<()> {
        crate::fs::create_dir_all(cache_dir)?;
        let path = cache_dir.join(RECORD);
        let body = toml::to_string(self).map_err(|e| crate::error::Error::Other(e.to_string()))?;
        std::fs::write(&path, format!("{HEADER}\n{body}"))
            .map_err(|e| crate::error::Error::io("write", &path, e))
    }

    /// The redirects of this build: those kept, each following its note
    /// if it moved again, and one from the old URL of every note that
    /// moved since the record was made. `dropped`: old URLs to forget.
    /// Only notes that moved have their text hashed.
    pub(crate) fn redirects(
        &self,
        notes: &[SourceNote],
        dropped: &[String],
    ) -> BTreeMap<String, String> {
        let now: HashMap<&str, &SourceNote> = notes.iter().map(|n| (n.rel.as_str(), n)).collect();
        let moved = self.moved(notes);
        let follow = |rel: &str| -> Option<String> {
            match now.get(rel) {
                Some(_) => Some(rel.to_owned()),
                None => moved.get(rel).cloned(),
            }
        };
        let mut redirects: BTreeMap<String, String> = BTreeMap::new();
        for (old, rel) in &self.redirects {
            if let Some(rel) = follow(rel) {
                redirects.insert(old.clone(), rel);
            }
        }
        for (rel, (url, _)) in &self.urls {
            if let Some(target) = follow(rel) {
                redirects.insert(url.clone(), target);
            }
        }
        let dropped: HashSet<String> = dropped.iter().map(|u| normalize(u, "/")).collect();
        let pages: HashSet<&str> = notes.iter().map(|n| n.url.as_str()).collect();
        redirects.retain(|old, _| !dropped.contains(old) && !pages.contains(old.as_str()));
        redirects
    }

    /// The record to keep after this build: its redirects, and every
    /// note's URL and text hash.
    pub(crate) fn next(&self, notes: &[SourceNote], dropped: &[String]) -> Record {
        Record {
            redirects: self.redirects(notes, dropped),
            urls: notes
                .iter()
                .map(|n| (n.rel.clone(), (n.url.clone(), text_hash(&n.text))))
                .collect(),
        }
    }

    /// Notes of the record that are gone, and the new note each became:
    /// the one with the same text, else the one with the same file name
    /// (when only one has it).
    fn moved<'n>(&'n self, notes: &'n [SourceNote]) -> HashMap<&'n str, String> {
        let present: HashSet<&str> = notes.iter().map(|n| n.rel.as_str()).collect();
        let mut moved = HashMap::new();
        if self.urls.keys().all(|r| present.contains(r.as_str())) {
            return moved;
        }
        let fresh: Vec<&SourceNote> = notes
            .iter()
            .filter(|n| !self.urls.contains_key(&n.rel))
            .collect();
        let mut by_hash: HashMap<String, Vec<&SourceNote>> = HashMap::new();
        let mut by_name: HashMap<&str, Vec<&SourceNote>> = HashMap::new();
        for n in &fresh {
            by_hash.entry(text_hash(&n.text)).or_default().push(n);
            by_name.entry(file_name(&n.rel)).or_default().push(n);
        }
        let mut taken: HashSet<&str> = HashSet::new();
        for (rel, (_, hash)) in self
            .urls
            .iter()
            .filter(|(r, _)| !present.contains(r.as_str()))
        {
            let one = |list: Option<&Vec<&'n SourceNote>>| -> Option<&'n SourceNote> {
                match list.map(Vec::as_slice) {
                    Some([n]) if !taken.contains(n.rel.as_str()) => Some(*n),
                    _ => None,
                }
            };
            if let Some(n) = one(by_hash.get(hash)).or_else(|| one(by_name.get(file_name(rel)))) {
                taken.insert(n.rel.as_str());
                moved.insert(rel.as_str(), n.rel.clone());
            }
        }
        moved
    }
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// FNV-1a over the note's text: stable across builds and Lore versions.
fn text_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// An old URL as the output knows it: root-relative, no leading `/`, a
/// folder URL ending in `/` (`/notes/old` with base path `/notes/` ->
/// `old/`). A URL naming a file (`old.html`) stays one.
pub(crate) fn normalize(url: &str, base_path: &str) -> String {
    let url = url.trim();
    let url = url.split(['#', '?']).next().unwrap_or("");
    let path = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("/", |j| &url[i + 3 + j..]),
        None => url,
    };
    let path = if path.starts_with('/') {
        path.strip_prefix(base_path.trim_end_matches('/'))
            .unwrap_or(path)
    } else {
        path
    };
    let path = path.trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    if path.is_empty() || path.ends_with('/') || last.contains('.') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

/// The output file of a redirect from `url`.
fn file_of(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_owned()
    }
}

/// What a build needs to write its redirects.
pub(crate) struct Redirects<'a> {
    /// The notes with their titles.
    pub notes: &'a Notes,
    /// Old URL -> note path ([`Record::redirects`]).
    pub kept: &'a BTreeMap<String, String>,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub absolute: bool,
}

impl Redirects<'_> {
    /// The redirect pages to add to `files` (which holds every real page
    /// and file), and the warnings for redirects that collide.
    pub(crate) fn pages(
        &self,
        exists: &dyn Fn(&str) -> bool,
    ) -> (Vec<(String, Bytes)>, Vec<Diagnostic>) {
        let mut out: BTreeMap<String, Bytes> = BTreeMap::new();
        let mut warnings = Vec::new();
        for i in self.notes.ids() {
            let n = self.notes.source(i);
            for raw in &n.fm.redirect_from {
                let old = normalize(raw, self.base_path);
                let file = file_of(&old);
                let taken = exists(&file) || out.contains_key(&file);
                if taken
                    || old == n.url
                    || crate::load::paths::RESERVED_FILES.contains(&file.as_str())
                {
                    warnings.push(collision(n, raw, &file));
                    continue;
                }
                out.insert(file, self.page(&old, i));
            }
        }
        for (old, rel) in self.kept {
            let Some(i) = self.notes.id_of(rel) else {
                continue;
            };
            let file = file_of(old);
            if !exists(&file) && !out.contains_key(&file) && *old != self.notes.source(i).url {
                out.insert(file, self.page(old, i));
            }
        }
        (out.into_iter().collect(), warnings)
    }

    /// The page at `old` that leads to note `i`.
    fn page(&self, old: &str, i: NoteId) -> Bytes {
        let n = self.notes.source(i);
        let esc = crate::highlight::escape;
        // The folder the redirect page is in (`old.html` is at the root).
        let dir = &old[..old.rfind('/').map_or(0, |i| i + 1)];
        let href = crate::urls::relative(dir, &n.url);
        let root = crate::urls::root_prefix(dir);
        let canonical = if self.absolute {
            format!("{}{}", self.base_url, crate::urls::encode_path(&n.url))
        } else {
            href.clone()
        };
        let title = esc(self.notes.title(i));
        Bytes::from(format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{}\">\n<meta http-equiv=\"refresh\" content=\"0; url={}\">\n<script src=\"{}static/redirect.js\" data-to=\"{}\"></script>\n</head>\n<body>\n<p>This page has moved to <a href=\"{}\">{title}</a>.</p>\n</body>\n</html>\n",
            esc(&canonical),
            esc(&href),
            esc(&root),
            esc(&href),
            esc(&href),
        ))
    }
}

fn collision(n: &SourceNote, raw: &str, file: &str) -> Diagnostic {
    let d = Diagnostic::warning(
        &n.source,
        format!(
            "`redirect_from: {raw}` is not written: `{file}` is already a page or file of the site"
        ),
    )
    .kind("redirect")
    .with_help("remove it from redirect_from, or move the page that has that URL");
    match n
        .text
        .lines()
        .position(|l| l.contains(raw.trim()) || l.trim_start().starts_with("redirect_from"))
    {
        Some(l) => d
            .at(l + 1, 1)
            .with_excerpt(n.text.lines().nth(l).unwrap_or("")),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_are_normalised_to_output_paths() {
        assert_eq!(normalize("/old/page", "/"), "old/page/");
        assert_eq!(normalize("old/page/", "/"), "old/page/");
        assert_eq!(normalize("/notes/old/", "/notes/"), "old/");
        assert_eq!(
            normalize("https://x.org/notes/old?x=1#y", "/notes/"),
            "old/"
        );
        assert_eq!(normalize("/old.html", "/"), "old.html");
        assert_eq!(file_of("old/"), "old/index.html");
        assert_eq!(file_of("old.html"), "old.html");
    }

    fn note(rel: &str, url: &str, text: &str) -> SourceNote {
        SourceNote {
            source: PathBuf::from("content").join(rel),
            rel: rel.into(),
            text: text.into(),
            body_offset: 0,
            fm: Default::default(),
            is_section_index: false,
            section: String::new(),
            url: url.into(),
            stem: String::new(),
            warnings: vec![],
        }
    }

    #[test]
    fn a_moved_note_leaves_a_redirect_that_follows_it() {
        let first = Record::default().next(
            &[note("a.md", "a/", "text A"), note("b.md", "b/", "B")],
            &[],
        );
        assert!(first.redirects.is_empty());
        // a.md moved to x/a.md (same text); b.md renamed c.md and edited.
        let second = first.next(
            &[note("x/a.md", "x/a/", "text A"), note("c.md", "c/", "B2")],
            &[],
        );
        assert_eq!(
            second.redirects.get("a/").map(String::as_str),
            Some("x/a.md")
        );
        assert!(
            !second.redirects.contains_key("b/"),
            "another name and text: deleted"
        );
        // Moved again: the old redirect follows; a page taking the old URL drops it.
        let third = second.next(
            &[note("y/a.md", "y/a/", "text A"), note("a.md", "a/", "new")],
            &[],
        );
        assert_eq!(
            third.redirects.get("x/a/").map(String::as_str),
            Some("y/a.md")
        );
        assert!(!third.redirects.contains_key("a/"));
        let dropped = third.next(&[note("y/a.md", "y/a/", "text A")], &["/x/a/".into()]);
        assert!(dropped.redirects.is_empty(), "{dropped:?}");
    }
}
