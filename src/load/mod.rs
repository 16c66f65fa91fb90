//! Loading: walk `content/`, decode every note, split and parse its
//! frontmatter, and give each note its URL. Everything that is not Markdown
//! is an attachment, copied to the output as it is.
//!
//! Problems are collected, not returned at the first: one bad note must not
//! hide the diagnostics of the others.

mod frontmatter;

pub use frontmatter::{
    normalize_topic, normalize_topics, topic_ancestry, topic_too_deep, Frontmatter, MAX_TOPIC_DEPTH,
};

use crate::error::{Diagnostic, Error, LineIndex, Result};
use crate::urls;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A note as read from disk, before any Markdown is parsed.
#[derive(Debug, Clone)]
pub struct SourceNote {
    /// Path shown in messages, relative to the site root: `content/a/b.md`.
    pub source: PathBuf,
    /// Path relative to `content/` with `/` separators: `a/b.md`.
    pub rel: String,
    /// The whole file: BOM removed, CRLF turned into LF.
    pub text: String,
    /// Byte offset where the Markdown body starts (after frontmatter).
    pub body_offset: usize,
    pub fm: Frontmatter,
    /// `_index.md`: the page of its folder's section.
    pub is_section_index: bool,
    /// URL of the section (folder) holding the note: `""` or `a/`.
    pub section: String,
    /// Root-relative URL of the note's page, ending in `/`.
    pub url: String,
    /// File name without `.md`, as written.
    pub stem: String,
}

impl SourceNote {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A non-Markdown file under `content/` (an image, a PDF…).
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Path relative to `content/`, `/`-separated; also its output path.
    pub rel: String,
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub notes: Vec<SourceNote>,
    pub attachments: Vec<Attachment>,
    /// Every folder under `content/` (root-relative URL `a/b/`), with its
    /// display name; the root section is `""`.
    pub folders: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct LoadOptions {
    pub drafts: bool,
}

/// URLs that Lore's own pages use; a note may not take them.
pub const RESERVED: &[&str] = &["static/", "topics/", "graph/", "search/"];

/// What is under `content/`, before any file is read.
#[derive(Debug, Default)]
pub struct Walk {
    /// Markdown files: path and `/`-separated path relative to `content/`.
    pub notes: Vec<(PathBuf, String)>,
    pub attachments: Vec<Attachment>,
    /// Every folder (section URL, display name); the root is `("", "")`.
    pub folders: Vec<(String, String)>,
}

/// Lists `content_dir` in a stable order (sorted by name at every level).
pub fn walk(content_dir: &Path) -> Result<Walk> {
    if !content_dir.is_dir() {
        return Err(Error::Other(format!(
            "no `content/` folder in `{}`: put your notes there (or run `lore init`)",
            content_dir.parent().unwrap_or(content_dir).display()
        )));
    }
    let mut walk = Walk {
        folders: vec![(String::new(), String::new())],
        ..Default::default()
    };
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(content_dir).to_path_buf();
            Error::io("read", &path, e.into())
        })?;
        if entry.depth() == 0 {
            continue;
        }
        let rel = rel_string(
            entry
                .path()
                .strip_prefix(content_dir)
                .unwrap_or(entry.path()),
        );
        if entry.file_type().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            walk.folders.push((folder_url(&rel), name));
        } else if is_note_file(&rel) {
            walk.notes.push((entry.path().to_path_buf(), rel));
        } else if entry.file_type().is_file() {
            walk.attachments.push(Attachment {
                rel,
                path: entry.path().to_path_buf(),
            });
        }
    }
    Ok(walk)
}

/// A file's size and modification time: when both are unchanged, the file
/// is taken as unchanged.
pub type Stamp = (u64, Option<std::time::SystemTime>);

pub fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map_or((u64::MAX, None), |m| (m.len(), m.modified().ok()))
}

/// Reads every note and attachment under `content_dir`.
pub fn load(content_dir: &Path, options: &LoadOptions) -> Result<Loaded> {
    let walk = walk(content_dir)?;
    let mut loaded = Loaded {
        attachments: walk.attachments,
        folders: walk.folders,
        ..Default::default()
    };
    let results: Vec<Result<Option<SourceNote>, Diagnostic>> = walk
        .notes
        .par_iter()
        .map(|(path, rel)| read_note(path, rel, options))
        .collect();
    for r in results {
        match r {
            Ok(Some(note)) => loaded.notes.push(note),
            Ok(None) => {}
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    check_urls(&loaded.notes, &mut loaded.diagnostics);
    Ok(loaded)
}

/// Markdown files are notes; every other file is an attachment.
pub fn is_note_file(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".markdown")
}

/// Hidden files, editor swap and backup files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// A path relative to `content/` as a `/`-separated string.
pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The section URL of a folder under `content/`.
pub fn folder_url(rel_dir: &str) -> String {
    rel_dir
        .split('/')
        .map(urls::slugify)
        .map(|s| s + "/")
        .collect()
}

/// Decodes and parses one note; `Ok(None)` for drafts when they are off.
pub fn read_note(
    path: &Path,
    rel: &str,
    options: &LoadOptions,
) -> Result<Option<SourceNote>, Diagnostic> {
    let source = PathBuf::from("content").join(rel);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&source, format!("could not read the file: {e}")))?;
    let text = decode(bytes).map_err(|d| Diagnostic {
        path: source.clone(),
        ..d
    })?;
    let with_path = |d: Diagnostic| Diagnostic {
        path: source.clone(),
        ..d
    };
    let split = frontmatter::split(&text).map_err(with_path)?;
    let fm = frontmatter::parse(&text, &split).map_err(with_path)?;
    if (fm.draft || !fm.publish) && !options.drafts {
        return Ok(None);
    }
    let body_offset = split.body_offset;
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = file_name
        .trim_end_matches(".markdown")
        .trim_end_matches(".md")
        .to_owned();
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let section = if dir.is_empty() {
        String::new()
    } else {
        folder_url(dir)
    };
    let is_section_index = stem == "_index";
    let slug = match &fm.slug {
        Some(raw) => {
            let line = fm_key_line(&text, "slug");
            urls::check_slug(raw).map_err(|m| {
                let d = Diagnostic::error(&source, m);
                match line {
                    Some(l) => d.at(l, 1).with_excerpt(LineIndex::new(&text).line_text(l)),
                    None => d,
                }
            })?
        }
        None => urls::slugify(&stem),
    };
    if slug.is_empty() && !is_section_index {
        return Err(Diagnostic::error(
            &source,
            "the file name has no letters or digits to make a URL from",
        )
        .with_help("rename the file or set `slug` in its frontmatter"));
    }
    let url = if is_section_index {
        section.clone()
    } else {
        format!("{section}{slug}/")
    };
    Ok(Some(SourceNote {
        source,
        rel: rel.to_owned(),
        text,
        body_offset,
        fm,
        is_section_index,
        section,
        url,
        stem,
    }))
}

/// UTF-8 only; a BOM is dropped and CRLF becomes LF. Invalid bytes are
/// reported with their offset and line.
fn decode(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(
            &bytes[bytes[..valid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)..valid],
        )
        .chars()
        .count()
            + 1;
        Diagnostic::error("", format!("invalid UTF-8 at byte offset {valid}"))
            .at(line, col)
            .with_help("save the file as UTF-8")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

fn fm_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| matches!(r.trim_start().chars().next(), Some(':') | Some('=')))
        })
        .map(|i| i + 1)
}

/// Two notes may not share a URL, and no note may take a reserved one.
pub fn check_urls(notes: &[SourceNote], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &SourceNote> = HashMap::new();
    for note in notes {
        if let Some(r) = RESERVED.iter().find(|r| note.url.starts_with(**r)) {
            diagnostics.push(
                Diagnostic::error(
                    &note.source,
                    format!(
                        "this note's URL `{}` is used by Lore's own `{r}` pages",
                        note.url
                    ),
                )
                .with_help("rename the file or set another `slug` in its frontmatter"),
            );
            continue;
        }
        if let Some(first) = seen.get(note.url.as_str()).copied().or_else(|| {
            seen.insert(&note.url, note);
            None
        }) {
            diagnostics.push(
                Diagnostic::error(
                    &note.source,
                    format!(
                        "this note and `{}` both want the URL `{}`",
                        first.source.display(),
                        note.url
                    ),
                )
                .with_help("rename one of them or give one a different `slug` in its frontmatter"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let d = decode(b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert_eq!(d.message, "invalid UTF-8 at byte offset 5");
        assert_eq!((d.line, d.column), (Some(2), Some(3)));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        assert_eq!(
            decode(b"\xef\xbb\xbf---\r\na: b\r\n".to_vec()).unwrap(),
            "---\na: b\n"
        );
    }

    #[test]
    fn swap_files_are_ignored() {
        for name in [".a.md.swp", "a.md~", ".#a.md", ".obsidian", "#a.md#"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("a.md"));
    }
}
