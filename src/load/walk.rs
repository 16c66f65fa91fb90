//! Listing the content folder: which files are notes, which are
//! attachments, which folders there are — before any file is read.
//!
//! Left out: hidden files and folders (`.obsidian/`, `.trash/`, `.git/`),
//! editor swap and backup files, whatever `exclude` in `site.toml` names,
//! and Lore's own files when the content folder holds them (`content_dir =
//! "."`: `site.toml`, `templates/`, `static/`, the output folder, `.lore/`).
//! Symbolic links are followed only when what they point at is inside the
//! site or the content folder; any other link, and a link that loops, is
//! skipped with a warning, so no file outside them is ever read.

use super::{is_note_file, rel_string, Attachment};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use std::path::{Path, PathBuf};

/// What is in the content folder, before any file is read.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Markdown files: path and `/`-separated path relative to `content/`.
    pub notes: Vec<(PathBuf, String)>,
    pub attachments: Vec<Attachment>,
    /// Every folder, relative to `content/`, parents before children.
    pub folder_rels: Vec<String>,
    /// Every folder (section URL, display name); the root is `("", "")`.
    /// Set by [`super::paths::assign`].
    pub folders: Vec<(String, String)>,
    /// Links skipped, names that are not UTF-8.
    pub diagnostics: Vec<Diagnostic>,
    /// How messages name the content folder (`content`, or nothing when
    /// the site folder is the vault).
    pub shown: PathBuf,
}

/// Hidden files, editor swap and backup files are never content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// What the walk leaves out, besides hidden and backup files.
struct Filter {
    content: PathBuf,
    /// Lore's own files and folders inside the content folder.
    own: Vec<PathBuf>,
    exclude: Option<globset::GlobSet>,
    shown: PathBuf,
    /// Where symbolic links may point (canonical paths).
    allowed: Vec<PathBuf>,
}

impl Filter {
    fn new(config: &Config) -> Self {
        let content = config.content_dir();
        let own = [
            config.root.join(crate::config::FILE_NAME),
            config.templates_dir(),
            config.static_dir(),
            config.output_dir.clone(),
            config.cache_dir(),
        ]
        .into_iter()
        .filter(|p| p.starts_with(&content))
        .collect();
        let allowed = [&config.root, &content]
            .into_iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        Filter {
            content,
            own,
            exclude: config.exclude.clone(),
            shown: config.content_path(""),
            allowed,
        }
    }

    /// Whether `rel` (relative to the content folder) or a folder it is in
    /// matches an `exclude` pattern.
    fn excluded(&self, rel: &str) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        let mut at = rel.len();
        loop {
            if set.is_match(&rel[..at]) {
                return true;
            }
            match rel[..at].rfind('/') {
                Some(i) => at = i,
                None => return false,
            }
        }
    }
}

/// Lists the content folder of `config` in a stable order (sorted by name
/// at every level).
pub(crate) fn walk(config: &Config) -> Result<Walk> {
    let content_dir = config.content_dir();
    if !content_dir.is_dir() {
        return Err(Error::Other(format!(
            "no content folder at `{}`: put your notes there (or run `lore init`)",
            content_dir.display()
        )));
    }
    let filter = Filter::new(config);
    let mut walk = Walk {
        shown: config.content_path(""),
        ..Default::default()
    };
    let diagnostics = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || keep(e, &filter, &mut diagnostics.borrow_mut()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.borrow_mut().push(walk_error(&e, &filter)?);
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = rel_string(
            entry
                .path()
                .strip_prefix(&content_dir)
                .unwrap_or(entry.path()),
        );
        if entry.file_type().is_dir() {
            walk.folder_rels.push(rel);
        } else if is_note_file(&rel) {
            walk.notes.push((entry.path().to_path_buf(), rel));
        } else if entry.file_type().is_file() {
            walk.attachments.push(Attachment {
                out: rel.clone(),
                rel,
                path: entry.path().to_path_buf(),
            });
        }
    }
    walk.diagnostics = diagnostics.into_inner();
    Ok(walk)
}

/// Whether the walk goes into (or lists) this entry; links that leave the
/// site and names that are not UTF-8 are reported here.
fn keep(entry: &walkdir::DirEntry, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let path = entry.path();
    let shown = shown_path(path, &filter.content, &filter.shown);
    let name = entry.file_name();
    if is_ignored(&name.to_string_lossy()) || filter.own.iter().any(|p| p == path) {
        return false;
    }
    if name.to_str().is_none() {
        diagnostics.push(
            Diagnostic::warning(&shown, "this name is not valid UTF-8; it is published with the invalid bytes replaced by �")
                .kind("file-name")
                .with_help("rename it"),
        );
    }
    let rel = rel_string(path.strip_prefix(&filter.content).unwrap_or(path));
    if filter.excluded(&rel) {
        return false;
    }
    if entry.path_is_symlink() {
        let inside = path
            .canonicalize()
            .is_ok_and(|real| filter.allowed.iter().any(|a| real.starts_with(a)));
        if !inside {
            diagnostics.push(
                Diagnostic::warning(
                    &shown,
                    "this symbolic link points outside the site; it is skipped",
                )
                .kind("symlink")
                .with_help("copy the file into the site if it should be published"),
            );
            return false;
        }
    }
    true
}

/// A walk error that concerns one entry (a link loop, a dangling link, a
/// folder that cannot be read) becomes a warning; `Err` when the content
/// folder itself cannot be read.
fn walk_error(e: &walkdir::Error, filter: &Filter) -> Result<Diagnostic> {
    let content = filter.content.as_path();
    let path = e.path().unwrap_or(content).to_path_buf();
    if e.depth() == 0 {
        let io = std::io::Error::other(e.to_string());
        return Err(Error::io("read", &path, io));
    }
    let shown = shown_path(&path, content, &filter.shown);
    let d = match e.loop_ancestor() {
        Some(ancestor) => Diagnostic::warning(
            &shown,
            format!(
                "this symbolic link loops back to `{}`; it is skipped",
                shown_path(ancestor, content, &filter.shown).display()
            ),
        ),
        None if path.is_symlink() => Diagnostic::warning(
            &shown,
            "this symbolic link points at nothing; it is skipped",
        ),
        None => Diagnostic::warning(&shown, format!("could not read this: {e}")),
    };
    Ok(d.kind("symlink"))
}

/// `content/<rel>`, the way every message names a file of the content folder.
fn shown_path(path: &Path, content: &Path, shown: &Path) -> PathBuf {
    shown.join(path.strip_prefix(content).unwrap_or(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_files_are_ignored() {
        for name in [
            ".a.md.swp",
            "a.md~",
            ".#a.md",
            ".obsidian",
            "#a.md#",
            ".trash",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("a.md"));
    }
}
