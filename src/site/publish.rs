//! The publishing steps of a build, around the pages: each note's dates
//! (frontmatter, git, the file), and after the pages the redirect pages,
//! resized image copies and social cards, each from its own module
//! ([`crate::dates`], [`crate::redirects`], [`crate::images`],
//! [`crate::cards`]) with its cache kept in the [`Workspace`].

use super::{sort_diagnostics, Built, Workspace};
use crate::error::Diagnostic;
use crate::load::SourceNote;
use rayon::prelude::*;

impl Workspace {
    /// Each note's dates: frontmatter, git (asked again only when the
    /// repository moved), the file. The shallow-clone warning, if any.
    pub(super) fn refresh_dates(&mut self) -> Option<Diagnostic> {
        let notes = &self.notes;
        let written = |n: &SourceNote| n.fm.date.is_some() && n.fm.updated.is_some();
        let warning = if notes.sources().iter().all(written) {
            None
        } else {
            self.git.refresh(
                &self.config.content_dir(),
                &self.config.content_path(""),
                notes
                    .ids()
                    .map(|i| (notes.source(i).rel.as_str(), notes.stamp(i))),
            )
        };
        let dates = notes
            .par_ids()
            .map(|i| {
                let (n, stamp) = (notes.source(i), notes.stamp(i));
                crate::dates::NoteDates::resolve(
                    (n.fm.date, n.fm.updated),
                    self.git.history(&n.rel),
                    self.git.is_dirty(&n.rel, &stamp),
                    stamp.1,
                )
            })
            .collect();
        self.notes.set_dates(dates);
        warning
    }

    /// Adds the redirect pages (`redirect_from`, and old URLs of moved
    /// notes) to a good build, never over one of its files.
    pub(super) fn add_redirects(&mut self, built: &mut Built) {
        // Only a good build (it kept what it derived) has redirects.
        if self.last.is_none() {
            return;
        }
        let (record, problem) = self
            .redirect_record
            .get_or_insert_with(|| crate::redirects::Record::load(&self.config.cache_dir()));
        let notes = self.notes.sources();
        let kept = record.redirects(notes, &self.options.drop_redirects);
        let redirects = crate::redirects::Redirects {
            notes: &self.notes,
            kept: &kept,
            base_url: &self.config.base_url,
            base_path: &self.config.base_path,
            absolute: self.config.has_absolute_base(),
        };
        // Pages a streaming build wrote are in the page cache, not in
        // `built.files`.
        let pages = &self.pages;
        let files = &built.files;
        let exists = |f: &str| files.contains_key(f) || pages.contains_key(f);
        let (pages, warnings) = redirects.pages(&exists);
        built.files.extend(pages);
        built.diagnostics.extend(warnings);
        built.diagnostics.extend(problem.clone());
        sort_diagnostics(&mut built.diagnostics);
        if self.options.record_redirects {
            built.redirects = Some(record.next(notes, &self.options.drop_redirects));
        }
    }

    /// Adds the social cards (`[social] cards`): drawn only when what they
    /// show changed.
    pub(super) fn add_cards(&mut self, built: &mut Built) {
        if !self.config.social_cards || self.card_list.is_empty() {
            return;
        }
        let painter = self.cards.get_or_insert_with(Default::default);
        let sink = self.options.sink.as_ref().map(|s| &*s.0);
        let (files, problems) = painter.paint(&self.card_list, &self.config.cache_dir(), sink);
        built.files.extend(files);
        for p in problems {
            built.diagnostics.push(
                Diagnostic::warning(self.config.content_path(""), format!("social card: {p}"))
                    .kind("card"),
            );
        }
    }

    /// Adds the resized copies of images (`[images] max_width`).
    pub(super) fn add_variants(&mut self, built: &mut Built) {
        let settings = self.images.settings().clone();
        if settings.max_width.is_none() {
            return;
        }
        let Some(walk) = &self.walk else { return };
        let jobs: Vec<crate::images::variants::Job<'_>> = walk
            .attachments
            .iter()
            .filter_map(|a| {
                let info = self.images.get(&a.out)?;
                let (_, bytes) = self.attachments.get(&a.out)?;
                Some(crate::images::variants::Job {
                    out: &a.out,
                    info,
                    bytes,
                })
            })
            .collect();
        let sink = self.options.sink.as_ref().map(|s| &*s.0);
        let (files, problems) =
            self.variants
                .make(&jobs, &settings, &self.config.cache_dir(), sink);
        built.files.extend(files);
        for p in problems {
            built
                .diagnostics
                .push(Diagnostic::warning(self.config.content_path(""), p).kind("image"));
        }
    }

    /// What this configuration leaves out, said once per build.
    pub(super) fn notes_for_user(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.config.feed_limit > 0 && !self.config.has_absolute_base() {
            notes.push(
                "no Atom feeds: they need absolute URLs; set `base_url = \"https://…\"` in site.toml (or pass --base-url)".to_owned(),
            );
        }
        notes
    }
}
