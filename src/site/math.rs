//! The site's TeX macros: `content/preamble.sty`, the file Obsidian's
//! Extended MathJax plugin reads from the vault's root, holds
//! `\newcommand`s that every formula may use. It is read on every build
//! (it is small); the converter is rebuilt only when its text changed, and
//! its problems are reported on every build, as every other problem is.

use crate::error::{Diagnostic, Level, LineIndex};
use crate::markdown::Math;
use std::path::PathBuf;

/// Where the preamble lives, relative to `content/`.
pub(super) const PREAMBLE: &str = "preamble.sty";

#[derive(Default)]
pub(super) struct SiteMath {
    pub math: Math,
    /// The preamble's text this converter was made from.
    source: String,
    problems: Vec<Diagnostic>,
}

impl SiteMath {
    /// Rereads the preamble; returns its problems.
    pub(super) fn reload(&mut self, content_dir: PathBuf) -> Vec<Diagnostic> {
        let path = content_dir.join(PREAMBLE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                let message = format!("cannot read the math preamble: {e}");
                return vec![Diagnostic::new(Level::Warning, &path, message)];
            }
        };
        if text != self.source {
            let (math, problems) = Math::with_preamble(&text);
            let lines = LineIndex::new(&text);
            self.problems = problems
                .into_iter()
                .map(|(offset, message)| {
                    let (line, col) = lines.position(offset);
                    Diagnostic::new(Level::Warning, &path, message)
                        .at(line, col)
                        .with_excerpt(lines.line_text(line))
                })
                .collect();
            self.math = math;
            self.source = text;
        }
        self.problems.clone()
    }

    /// Identifies the macros, for the pages' cache keys.
    pub(super) fn key(&self) -> u64 {
        self.math.key()
    }
}
