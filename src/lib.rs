//! Lore turns a folder of Markdown notes into a cross-linked static site.
//!
//! The build pipeline, in order (each step is a module; `ARCHITECTURE.md`
//! has the whole map):
//!
//! 1. [`config`] — find and validate `site.toml` into a [`config::Config`].
//! 2. [`load`] — list `content/` (`walk`: exclusions, symlinks), read each
//!    note, parse its frontmatter (a bad field is a warning, never a stop)
//!    into [`load::SourceNote`]s, and give every note and attachment a
//!    distinct URL (`paths`).
//! 3. [`markdown`] — a first pass over each note ([`markdown::scan`])
//!    collects headings, links, embeds, block ids, topics and prose.
//! 4. [`graph`] — resolve links (wikilinks, embeds and `.md` links) against
//!    every note; backlinks, unlinked mentions, topics, related notes.
//! 5. [`markdown`] — the second pass renders HTML: highlighted code
//!    ([`highlight`]), callouts, embeds, math, diagrams, rewritten links.
//! 6. [`pages`] and [`templates`] — every page's context, rendered with
//!    the tera templates (no I/O); pages stream to the output as they are
//!    made.
//! 7. [`search`] — the tantivy index in `.lore/search` and its static export
//!    for the browser, made on a thread of its own while pages render.
//! 8. [`write`] — the only writer to the output folder: a staging folder,
//!    swapped in whole when the build succeeded.
//!
//! [`site::Workspace`] runs steps 2–6 and keeps what a later build can
//! reuse (each cache keyed by a [`fingerprint`]): `lore build` streams the
//! pages to the staging folder, and `lore serve` ([`serve`]) keeps them in
//! memory, gzip-compressed, and rebuilds only what an edit touches, told
//! by [`watch`] which files changed.
//!
//! The library prints nothing: a build reports progress through a
//! [`progress::Progress`] callback and problems as diagnostics, the dev
//! server what happened as [`serve::Event`]s; [`cmd`] shows them.

// Diagnostics are the error type of most stages; they are built only when
// something is wrong, so their size does not matter on the happy path.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod cards;
pub mod cjk;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod dates;
pub mod error;
pub mod fingerprint;
pub mod fs;
pub mod graph;
pub mod gzip;
pub mod highlight;
pub mod images;
pub mod load;
pub mod markdown;
pub mod note;
pub mod pages;
pub mod progress;
pub mod redirects;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod topics;
pub mod urls;
pub mod watch;
pub mod write;
