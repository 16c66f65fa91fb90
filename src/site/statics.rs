//! The files a build copies rather than makes: the theme's static files,
//! the syntax stylesheet, the site's own `static/` folder and the content
//! folder's attachments (each read again only when it changed).

use super::Workspace;
use crate::error::Error;
use crate::load;
use crate::pages::SYNTAX_CSS;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

impl Workspace {
    /// Adds the theme's static files, the syntax stylesheet, the site's
    /// `static/` folder and the attachments. With `hints` (the files that
    /// changed), only those are read again.
    pub(super) fn collect_static(
        &mut self,
        hints: Option<&BTreeSet<PathBuf>>,
        files: &mut BTreeMap<String, Bytes>,
    ) -> Result<(), Error> {
        for (name, bytes) in crate::assets::STATIC {
            files.insert(format!("static/{name}"), Bytes::from_static(bytes));
        }
        let themes = (
            self.config.highlight_light.clone(),
            self.config.highlight_dark.clone(),
        );
        if self.syntax_css.as_ref().is_none_or(|(t, _)| *t != themes) {
            let css = self.highlighter.css();
            self.syntax_css = Some((themes, Bytes::from(css)));
        }
        let css = self.syntax_css.as_ref().expect("set above").1.clone();
        files.insert(SYNTAX_CSS.into(), css);
        let dir = self.config.static_dir();
        let unchanged = hints.is_some_and(|h| !h.iter().any(|p| p.starts_with(&dir)));
        if self.static_files.is_none() || !unchanged {
            self.static_files = Some(read_static(&dir)?);
        }
        for (rel, bytes) in self.static_files.iter().flatten() {
            files.insert(format!("static/{rel}"), bytes.clone());
        }
        let mut kept = HashMap::new();
        let walk = self.walk.as_ref().expect("content/ was listed");
        let variants = self.images.settings().max_width.is_some();
        if let (Some(sink), false) = (&self.options.sink, variants) {
            // A one-shot build copies attachments straight through (unless
            // resized copies need their bytes).
            return walk
                .attachments
                .par_iter()
                .try_for_each(|a| sink.0.put(&a.out, &crate::fs::read(&a.path)?));
        }
        for a in &walk.attachments {
            let cached = self.attachments.remove(&a.out);
            let (stamp, bytes) = match cached {
                Some(c) if hints.is_some_and(|h| !h.contains(&a.path)) => c,
                cached => {
                    let stamp = crate::fs::stamp(&a.path);
                    match cached {
                        Some((s, b)) if s == stamp => (s, b),
                        _ => (stamp, Bytes::from(crate::fs::read(&a.path)?)),
                    }
                }
            };
            files.insert(a.out.clone(), bytes.clone());
            kept.insert(a.out.clone(), (stamp, bytes));
        }
        self.attachments = kept;
        Ok(())
    }
}

/// The files of the site's `static/` folder (none if it has none).
fn read_static(dir: &std::path::Path) -> Result<Vec<(String, Bytes)>, Error> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("read", dir, e.into()))?;
        if entry.file_type().is_file() && !load::is_ignored(&entry.file_name().to_string_lossy()) {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let bytes = Bytes::from(crate::fs::read(entry.path())?);
            out.push((load::rel_string(rel), bytes));
        }
    }
    Ok(out)
}
