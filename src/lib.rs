//! Lore turns a folder of Markdown notes into a cross-linked static site.
//!
//! The build pipeline, in order (each step is a module):
//!
//! 1. [`config`] — find and validate `site.toml` into a [`config::Config`].
//! 2. [`load`] — walk `content/`, decode each file, split and parse frontmatter
//!    into [`load::SourceNote`]s; assign slugs and URLs, detect collisions.
//! 3. [`markdown`] — a first pass over each note collects headings and outgoing
//!    links ([`markdown::scan`]).
//! 4. [`graph`] — resolve links (wikilinks and `.md` links) against every note,
//!    and collect backlinks and topics.
//! 5. [`markdown`] — the second pass renders HTML: highlighted code
//!    ([`highlight`]), callouts, heading ids, rewritten links.
//! 6. [`render`] — tera templates turn notes, sections and topics into pages
//!    (no I/O).
//! 7. [`write`] — the only writer to the output folder: stage, then swap in.
//!
//! [`site::build`] runs steps 2–6 and returns the whole site in memory, so
//! `lore build` writes it and `lore serve` serves it without touching disk.

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
pub mod fs;
pub mod graph;
pub mod gzip;
pub mod highlight;
pub mod images;
pub mod load;
pub mod markdown;
pub mod pages;
pub mod redirects;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod urls;
pub mod watch;
pub mod write;
