//! Loading: walk `content/`, decode every note, split and parse its
//! frontmatter, and give each note its URL ([`paths`]). Everything that is
//! not Markdown is an attachment, copied to the output as it is.
//!
//! A problem in one note never stops the site: the note is published as
//! well as it can be (or, when it cannot be read at all, left out) and the
//! problem is a warning. Problems are collected, not returned at the
//! first: one bad note must not hide the diagnostics of the others.

mod frontmatter;
pub(crate) mod paths;
pub(crate) mod walk;

pub(crate) use frontmatter::Frontmatter;
pub(crate) use walk::{is_ignored, walk, Walk};

use crate::config::Config;
use crate::error::{Diagnostic, LineIndex, Result};
use crate::urls;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A note as read from disk, before any Markdown is parsed.
#[derive(Debug, Clone)]
pub(crate) struct SourceNote {
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
    /// What reading the note found wrong (frontmatter, slug), reported by
    /// every build that publishes it.
    pub warnings: Vec<Diagnostic>,
}

impl SourceNote {
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A non-Markdown file under `content/` (an image, a PDF…).
#[derive(Debug, Clone)]
pub(crate) struct Attachment {
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
    /// Path in the output (see [`paths`]): its folder's URL and its name.
    pub out: String,
}

#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub notes: Vec<SourceNote>,
    pub attachments: Vec<Attachment>,
    /// Every folder under `content/` (root-relative URL `a/b/`), with its
    /// display name; the root section is `""`.
    pub folders: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) struct LoadOptions {
    pub drafts: bool,
    /// How messages name the content folder (`content`, or nothing when
    /// the site folder is the vault): see [`Config::content_path`].
    pub shown: PathBuf,
}

impl LoadOptions {
    pub(crate) fn new(config: &Config, drafts: bool) -> Self {
        LoadOptions {
            drafts,
            shown: config.content_path(""),
        }
    }
}

/// Reads every note and attachment of the site's content folder.
pub(crate) fn load(config: &Config, options: &LoadOptions) -> Result<Loaded> {
    let mut walk = walk(config)?;
    let results: Vec<Result<Option<SourceNote>, Diagnostic>> = walk
        .notes
        .par_iter()
        .map(|(path, rel)| read_note(path, rel, options))
        .collect();
    let mut loaded = Loaded {
        diagnostics: std::mem::take(&mut walk.diagnostics),
        ..Default::default()
    };
    for r in results {
        match r {
            Ok(Some(mut note)) => {
                loaded.diagnostics.append(&mut note.warnings);
                loaded.notes.push(note);
            }
            Ok(None) => {}
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    paths::assign(&mut walk, &mut loaded.notes, &mut loaded.diagnostics);
    loaded.attachments = walk.attachments;
    loaded.folders = walk.folders;
    Ok(loaded)
}

/// Markdown files are notes; every other file is an attachment.
pub(crate) fn is_note_file(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// A path relative to `content/` as a `/`-separated string.
pub(crate) fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Decodes and parses one note; `Ok(None)` for drafts when they are off.
/// `Err` only when the file cannot be read as text at all (a warning: the
/// note is left out). The note's URL is set later, by [`paths::assign`].
pub(crate) fn read_note(
    path: &Path,
    rel: &str,
    options: &LoadOptions,
) -> Result<Option<SourceNote>, Diagnostic> {
    let source = options.shown.join(rel);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::warning(&source, format!("could not read the file: {e}")).kind("unreadable")
    })?;
    let text = decode(bytes).map_err(|d| Diagnostic {
        path: source.clone(),
        ..d
    })?;
    let mut warnings = Vec::new();
    let with_path = |d: Diagnostic| Diagnostic {
        path: source.clone(),
        ..d
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(d) => {
            warnings.push(with_path(d));
            frontmatter::Split::none()
        }
    };
    let (mut fm, problems) = frontmatter::parse(&text, &split);
    warnings.extend(problems.into_iter().map(with_path));
    if (fm.draft || !fm.publish) && !options.drafts {
        return Ok(None);
    }
    let body_offset = split.body_offset;
    // A description is shown as text: its wikilinks read as their labels.
    fm.description = fm.description.map(|d| crate::markdown::inline_text(&d));
    // Comments are gone before anything reads the body, and wikilinks in
    // tables keep their `|` (as in Obsidian).
    let text = match crate::markdown::blank_comments(&text[body_offset..]) {
        Some(body) => format!("{}{body}", &text[..body_offset]),
        None => text,
    };
    let text = match crate::markdown::escape_wikilink_pipes(&text[body_offset..]) {
        Some(body) => format!("{}{body}", &text[..body_offset]),
        None => text,
    };
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = strip_note_extension(file_name).to_owned();
    if let Some(raw) = fm.slug.take() {
        match urls::check_slug(&raw) {
            Ok(_) => fm.slug = Some(raw),
            Err(m) => {
                let d = Diagnostic::warning(&source, format!("{m}; the file name is used instead"))
                    .kind("frontmatter");
                warnings.push(match fm_key_line(&text, "slug") {
                    Some(l) => d.at(l, 1).with_excerpt(LineIndex::new(&text).line_text(l)),
                    None => d,
                });
            }
        }
    }
    Ok(Some(SourceNote {
        source,
        rel: rel.to_owned(),
        body_offset,
        text,
        fm,
        is_section_index: stem == "_index",
        section: String::new(),
        url: String::new(),
        stem,
        warnings,
    }))
}

/// `a.md` -> `a` (any case of the extension).
fn strip_note_extension(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for ext in [".markdown", ".md"] {
        if lower.ends_with(ext) {
            return &name[..name.len() - ext.len()];
        }
    }
    name
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
        Diagnostic::warning(
            "",
            format!("invalid UTF-8 at byte offset {valid}; the note is left out"),
        )
        .kind("unreadable")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let d = decode(b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert_eq!(
            d.message,
            "invalid UTF-8 at byte offset 5; the note is left out"
        );
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
    fn note_extensions_are_stripped_in_any_case() {
        assert_eq!(strip_note_extension("A.md"), "A");
        assert_eq!(strip_note_extension("B.MD"), "B");
        assert_eq!(strip_note_extension("c.markdown"), "c");
        assert_eq!(strip_note_extension("d.txt"), "d.txt");
    }
}
