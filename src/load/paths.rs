//! Output paths: every folder of `content/` gets a section URL, every note
//! a page URL and every attachment a file in the output, all distinct —
//! also on a disk that ignores case — and none of them one that Lore's own
//! pages use or that Windows cannot create.
//!
//! Names keep their letters and digits of every script (`编辑与格式化`).
//! Names whose slugs are alike are told apart by spelling out their
//! symbols (`C.md` -> `c/`, `C++.md` -> `c-plus-plus/`); whatever still
//! collides gets a `-2`, `-3`… suffix, the name that loses the fewest
//! characters to its slug first, then by path, and a warning that names
//! both files. A note whose URL is a folder's (`Projects.md` beside
//! `Projects/`) is that folder's page, as a folder note is in Obsidian.

use super::{SourceNote, Walk};
use crate::error::Diagnostic;
use crate::urls::{is_device_name, parent_section, slugify, spelled_slug};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Top-level URL segments of Lore's own pages and files.
pub(crate) const RESERVED_TOP: &[&str] = &["static", "topics", "graph", "search", "recent"];
/// Files Lore writes at the root of the output.
pub(crate) const RESERVED_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "sitemap.xml",
    "graph.json",
    "robots.txt",
    "feed.xml",
    ".lore-output",
];

/// One name asking for a URL segment among its siblings.
struct Claim<'a> {
    /// Path relative to `content/`, for ordering and messages.
    rel: &'a str,
    /// The file or folder name the slug is made from.
    name: &'a str,
    /// A slug set in frontmatter, which wins over the name.
    fixed: Option<&'a str>,
}

/// How many characters a name loses to its slug (symbols and punctuation;
/// case, spaces, `-` and `_` are not losses). The name that loses least
/// keeps the plain slug.
fn loss(name: &str) -> usize {
    name.chars()
        .filter(|c| !c.is_alphanumeric() && !matches!(c, ' ' | '-' | '_'))
        .count()
}

/// Settles the segments of one folder's children: each claim's segment, in
/// claim order, with the claim it collided with when it needed a suffix.
/// `taken` holds the lowercased segments already in use there.
fn settle<'a>(
    mut claims: Vec<Claim<'a>>,
    taken: &mut HashSet<String>,
) -> Vec<(Claim<'a>, String, Option<&'a str>)> {
    claims.sort_by(|a, b| {
        (a.fixed.is_none(), loss(a.name), a.rel).cmp(&(b.fixed.is_none(), loss(b.name), b.rel))
    });
    let mut owners: HashMap<String, &'a str> = HashMap::new();
    let mut out = Vec::with_capacity(claims.len());
    for claim in claims {
        let plain = match claim.fixed {
            Some(f) => slugify(f),
            None => slugify(claim.name),
        };
        let spelled = spelled_slug(claim.fixed.unwrap_or(claim.name));
        let mut candidates = vec![plain, spelled];
        candidates.retain(|c| !c.is_empty());
        if candidates.is_empty() {
            candidates.push("untitled".into());
        }
        for c in &mut candidates {
            if is_device_name(c) {
                c.push('_');
            }
        }
        let free = candidates
            .iter()
            .find(|c| !taken.contains(&c.to_lowercase()));
        let (segment, collided) = match free {
            Some(c) => (c.clone(), None),
            None => {
                let base = &candidates[0];
                let n = (2..)
                    .find(|n| !taken.contains(&format!("{base}-{n}").to_lowercase()))
                    .expect("a free suffix exists");
                let other = owners.get(&base.to_lowercase()).copied();
                (format!("{base}-{n}"), other.or(Some("")))
            }
        };
        taken.insert(segment.to_lowercase());
        owners
            .entry(candidates[0].to_lowercase())
            .or_insert(claim.rel);
        out.push((claim, segment, collided));
    }
    out
}

fn collision_warning(
    shown: &Path,
    rel: &str,
    other: &str,
    url: &str,
    is_folder: bool,
) -> Diagnostic {
    let what = if is_folder { "folder" } else { "note" };
    let message = if other.is_empty() {
        format!("this {what}'s URL is taken by one of Lore's own pages; it is published at `{url}`")
    } else {
        format!(
            "this {what} and `{}` would share a URL; this one is published at `{url}`",
            shown.join(other).display()
        )
    };
    let help = if is_folder {
        "rename one of them"
    } else {
        "rename one of them, or set `slug` in the note's frontmatter"
    };
    Diagnostic::warning(shown.join(rel), message)
        .kind("url-collision")
        .with_help(help)
}

/// The URL of every folder (`""` for `content/` itself, `a/b/` below it),
/// parents before children.
fn folder_urls(walk: &Walk, diagnostics: &mut Vec<Diagnostic>) -> HashMap<String, String> {
    let mut children: BTreeMap<&str, Vec<Claim<'_>>> = BTreeMap::new();
    for rel in &walk.folder_rels {
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        children.entry(parent).or_default().push(Claim {
            rel,
            name,
            fixed: None,
        });
    }
    let mut urls: HashMap<String, String> = HashMap::from([(String::new(), String::new())]);
    // Parents first: a folder's URL is its parent's plus its segment.
    let mut parents: Vec<&str> = children.keys().copied().collect();
    parents.sort_by_key(|p| (p.matches('/').count() + usize::from(!p.is_empty()), *p));
    for parent in parents {
        let Some(parent_url) = urls.get(parent).cloned() else {
            continue;
        };
        let mut taken: HashSet<String> = HashSet::new();
        if parent.is_empty() {
            taken.extend(RESERVED_TOP.iter().map(|s| s.to_string()));
        }
        let claims = children.remove(parent).unwrap_or_default();
        for (claim, segment, collided) in settle(claims, &mut taken) {
            let url = format!("{parent_url}{segment}/");
            if let Some(other) = collided {
                diagnostics.push(collision_warning(&walk.shown, claim.rel, other, &url, true));
            }
            urls.insert(claim.rel.to_owned(), url);
        }
    }
    urls
}

/// Gives every note its section and URL, every folder its URL and every
/// attachment its output path (see the module doc). Called on every build:
/// a URL depends on the other names in the folder.
pub(crate) fn assign(walk: &mut Walk, notes: &mut [SourceNote], diagnostics: &mut Vec<Diagnostic>) {
    let folders = folder_urls(walk, diagnostics);
    let section_of = |rel: &str| -> String {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        folders.get(dir).cloned().unwrap_or_default()
    };
    walk.folders = std::iter::once((String::new(), String::new()))
        .chain(walk.folder_rels.iter().map(|rel| {
            let name = rel.rsplit('/').next().unwrap_or(rel).to_owned();
            (folders[rel].clone(), name)
        }))
        .collect();
    // Folders with an `_index.md` have a page of their own at their URL.
    let indexed: HashSet<String> = notes
        .iter()
        .filter(|n| n.is_section_index)
        .map(|n| section_of(&n.rel))
        .collect();
    let mut by_section: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, n) in notes.iter_mut().enumerate() {
        n.section = section_of(&n.rel);
        if n.is_section_index {
            n.url = n.section.clone();
        } else {
            by_section.entry(n.section.clone()).or_default().push(i);
        }
    }
    for (section, ids) in by_section {
        let mut taken: HashSet<String> = folders
            .values()
            .filter(|u| indexed.contains(*u) && parent_section(u) == Some(&section))
            .map(|u| u[section.len()..].trim_end_matches('/').to_lowercase())
            .collect();
        if section.is_empty() {
            taken.extend(RESERVED_TOP.iter().map(|s| s.to_string()));
        }
        let claims = ids
            .iter()
            .map(|&i| Claim {
                rel: &notes[i].rel,
                name: &notes[i].stem,
                fixed: notes[i].fm.slug.as_deref(),
            })
            .collect();
        let settled: Vec<(String, String, Option<String>)> = settle(claims, &mut taken)
            .into_iter()
            .map(|(c, seg, other)| (c.rel.to_owned(), seg, other.map(str::to_owned)))
            .collect();
        for (rel, segment, collided) in settled {
            let i = ids
                .iter()
                .copied()
                .find(|&i| notes[i].rel == rel)
                .expect("a claim of this section");
            let url = format!("{section}{segment}/");
            if let Some(other) = collided {
                diagnostics.push(collision_warning(&walk.shown, &rel, &other, &url, false));
            }
            notes[i].url = url;
        }
    }
    let pages: HashSet<String> = notes.iter().map(|n| n.url.to_lowercase()).collect();
    attachment_paths(walk, &folders, &pages, diagnostics);
}

/// Where each attachment is written: its folder's URL and its file name
/// as written, unless that is taken (case ignored) by another attachment,
/// by a page (`index.html`, a note's folder) or by Lore's own files.
fn attachment_paths(
    walk: &mut Walk,
    folders: &HashMap<String, String>,
    pages: &HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut taken: HashSet<String> = RESERVED_FILES.iter().map(|s| s.to_string()).collect();
    let shown = walk.shown.clone();
    for a in walk.attachments.iter_mut() {
        let (dir, name) = a.rel.rsplit_once('/').unwrap_or(("", &a.rel));
        let folder = folders.get(dir).cloned().unwrap_or_default();
        let (stem, ext) = match name.rfind('.').filter(|&i| i > 0) {
            Some(i) => (&name[..i], &name[i..]),
            None => (name, ""),
        };
        let stem = if is_device_name(stem) {
            format!("{stem}_")
        } else {
            stem.to_owned()
        };
        let is_taken = |out: &str| {
            let lower = out.to_lowercase();
            taken.contains(&lower)
                || lower.ends_with("/index.html")
                || pages.contains(&format!("{lower}/"))
        };
        let mut out = format!("{folder}{stem}{ext}");
        if is_taken(&out) {
            let n = (2..)
                .find(|n| !is_taken(&format!("{folder}{stem}-{n}{ext}")))
                .expect("a free suffix exists");
            out = format!("{folder}{stem}-{n}{ext}");
            diagnostics.push(
                Diagnostic::warning(
                    shown.join(&a.rel),
                    format!("this file's output path is taken by a page or another file; it is published as `{out}`"),
                )
                .kind("url-collision"),
            );
        }
        taken.insert(out.to_lowercase());
        a.out = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims<'a>(names: &'a [&'a str]) -> Vec<Claim<'a>> {
        names
            .iter()
            .map(|n| Claim {
                rel: n,
                name: n,
                fixed: None,
            })
            .collect()
    }

    fn settled(names: &[&str]) -> Vec<(String, String)> {
        let mut taken = HashSet::new();
        let mut out: Vec<(String, String)> = settle(claims(names), &mut taken)
            .into_iter()
            .map(|(c, s, _)| (c.name.to_owned(), s))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn names_that_slug_alike_get_distinct_segments() {
        assert_eq!(
            settled(&["C++", "C"]),
            [
                ("C".into(), "c".into()),
                ("C++".into(), "c-plus-plus".into())
            ]
        );
        assert_eq!(
            settled(&["Bash &&", "Bash &", "Bash"]),
            [
                ("Bash".into(), "bash".into()),
                ("Bash &".into(), "bash-and".into()),
                ("Bash &&".into(), "bash-and-and".into())
            ]
        );
        assert_eq!(
            settled(&["exit()", "exit"]),
            [
                ("exit".into(), "exit".into()),
                ("exit()".into(), "exit-2".into())
            ]
        );
        assert_eq!(
            settled(&["RedShift: OLED", "RedShift - OLED"]),
            [
                ("RedShift - OLED".into(), "redshift-oled".into()),
                ("RedShift: OLED".into(), "redshift-oled-2".into())
            ]
        );
        assert_eq!(
            settled(&["Rosé Pine", "Rose Pine"]),
            [
                ("Rose Pine".into(), "rose-pine".into()),
                ("Rosé Pine".into(), "rosé-pine".into())
            ]
        );
        assert_eq!(settled(&["$?"]), [("$?".into(), "dollar-question".into())]);
        assert_eq!(settled(&["()"]), [("()".into(), "untitled".into())]);
        assert_eq!(settled(&["aux"]), [("aux".into(), "aux_".into())]);
    }

    #[test]
    fn the_order_of_claims_does_not_matter() {
        assert_eq!(settled(&["b", "B", "b!"]), settled(&["b!", "B", "b"]));
    }
}
