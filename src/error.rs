//! Diagnostics: every problem Lore reports carries the file, line and column
//! it is about, so that editors and people can jump straight to it.
//!
//! Library code collects [`Diagnostic`]s instead of stopping at the first
//! problem; a build fails when any of them is an error.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One problem in one file, at a 1-based line and column when known.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    pub level: Level,
    /// What sort of problem this is (`broken-link`, `frontmatter`…): the
    /// build's summary counts warnings by kind.
    pub kind: &'static str,
    /// Path as shown to the user, relative to the site root when possible.
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// A likely fix, shown after the message.
    pub help: Option<String>,
    /// The source line the diagnostic points at, for the excerpt.
    #[serde(skip)]
    pub excerpt: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(level: Level, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            level,
            kind: "other",
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            excerpt: None,
        }
    }

    pub(crate) fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Level::Error, path, message)
    }

    pub(crate) fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Level::Warning, path, message)
    }

    /// Points the diagnostic at a 1-based line and column.
    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Points the diagnostic at a byte offset of `source`, and keeps that
    /// line as the excerpt.
    pub(crate) fn at_offset(self, source: &str, offset: usize) -> Self {
        let pos = LineIndex::new(source).position(offset);
        let excerpt = source.lines().nth(pos.0 - 1).map(str::to_owned);
        let mut d = self.at(pos.0, pos.1);
        d.excerpt = excerpt;
        d
    }

    /// Names the kind of problem (see [`Diagnostic::kind`]).
    pub(crate) fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_excerpt(mut self, line: impl Into<String>) -> Self {
        self.excerpt = Some(line.into());
        self
    }

    /// `path:line:col` (or less, when the position is unknown).
    pub fn location(&self) -> String {
        let mut s = self.path.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }

    /// The one-line form: `path:line:col: level: message`.
    pub fn headline(&self) -> String {
        format!("{}: {}: {}", self.location(), self.level, self.message)
    }

    /// The headline, then the source excerpt with a caret, then the help.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        if let (Some(line), Some(text)) = (self.line, &self.excerpt) {
            let gutter = line.to_string().len();
            let col = self.column.unwrap_or(1);
            // Columns count characters; tabs are shown as one space so the
            // caret lines up.
            let shown: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            out.push_str(&format!(
                "\n{:gutter$} |\n{line} | {shown}\n{:gutter$} | {:>col$}",
                "", "", "^"
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  = help: {help}"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

/// A build that produced error diagnostics.
#[derive(Debug, thiserror::Error)]
#[error("{} error(s) stopped the build", .0.iter().filter(|d| d.level == Level::Error).count())]
pub struct BuildFailed(pub Vec<Diagnostic>);

/// Fatal errors that are not about a position in a file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not find `site.toml` in `{0}` or any parent folder")]
    NoSiteRoot(PathBuf),
    #[error("refusing to use `{path}` as the output folder: {reason}")]
    RefusedOutput { path: PathBuf, reason: String },
    #[error("failed to {action} `{path}`")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Build(#[from] BuildFailed),
    /// A search query that cannot be run (exit code 2).
    #[error("{0}")]
    Query(String),
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// Maps byte offsets of a text to 1-based (line, column), columns in chars.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line + 1, col)
    }

    pub(crate) fn line_text(&self, line: usize) -> &'a str {
        let start = self
            .starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self.starts.get(line).map_or(self.text.len(), |e| e - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let idx = LineIndex::new("ab\nçd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(5), (2, 2));
        assert_eq!(idx.line_text(2), "çd");
    }

    #[test]
    fn render_shows_excerpt_and_caret() {
        let d = Diagnostic::error("content/a.md", "bad")
            .at(3, 4)
            .with_excerpt("abcdef");
        assert_eq!(
            d.render(),
            "content/a.md:3:4: error: bad\n  |\n3 | abcdef\n  |    ^"
        );
    }
}
