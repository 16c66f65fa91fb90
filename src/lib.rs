//! Lore turns a folder of Markdown notes into a cross-linked static site.
//!
//! The build pipeline, in order (each step is a module; `ARCHITECTURE.md`
//! has the whole map):
//!
//! 1. `config` — find and validate `site.toml` into a [`Config`].
//! 2. `load` — list `content/` (`walk`: exclusions, symlinks), read each
//!    note, parse its frontmatter (a bad field is a warning, never a stop)
//!    into `SourceNote`s, and give every note and attachment a distinct URL
//!    (`paths`).
//! 3. `markdown` — a first pass over each note (`markdown::scan`) collects
//!    headings, links, embeds, block ids, topics and prose.
//! 4. `graph` — resolve links (wikilinks, embeds and `.md` links) against
//!    every note; backlinks, unlinked mentions, topics, related notes.
//! 5. `markdown` — the second pass renders HTML: highlighted code
//!    (`highlight`), callouts, embeds, math, diagrams, rewritten links.
//! 6. `pages` and `templates` — every page's context, rendered with the
//!    tera templates (no I/O); pages stream to the output as they are made.
//! 7. [`search`] — the tantivy index in `.lore/search` and its static export
//!    for the browser, made on a thread of its own while pages render.
//! 8. `write` — the only writer to the output folder: a staging folder,
//!    swapped in whole when the build succeeded.
//!
//! A [`Workspace`] runs steps 2–6 and keeps what a later build can reuse
//! (each cache keyed by a `fingerprint`): `lore build` streams the pages to
//! the staging folder, and `lore serve` (`serve`) keeps them in memory,
//! gzip-compressed, and rebuilds only what an edit touches, told by `watch`
//! which files changed.
//!
//! The library prints nothing: a build reports progress through a
//! [`Progress`] callback and problems as [`Diagnostic`]s, the dev server
//! what happened as `serve::Event`s; [`cmd`] shows them.
//!
//! # The public API
//!
//! Every module is private but [`cli`], [`cmd`] and [`search`], whose paths
//! are part of the API; what the `lore` binary, the integration tests and
//! the benchmarks use is re-exported here, and nothing else:
//!
//! - the command line: [`cli`] (the clap definitions) and [`cmd`] (one
//!   `run` per subcommand, and [`cmd::report`] for diagnostics);
//! - configuration: [`Config`], loaded with [`load_config`];
//! - building: [`build`] once, or a [`Workspace`] that builds again after
//!   [`Changed`] files and tells which [`BuildPath`] it took; both take
//!   [`BuildOptions`] (a [`Progress`] callback among them) and give a
//!   [`Built`];
//! - problems: [`Error`], a failed build's [`BuildFailed`] list of
//!   [`Diagnostic`]s, each with its [`Level`];
//! - what the browser's search must agree with: [`search`] (the query
//!   planner, the ranking spec, the analyzers) and the CJK blocks
//!   ([`is_cjk`], [`CJK_RANGES`]).

// Diagnostics are the error type of most stages; they are built only when
// something is wrong, so their size does not matter on the happy path.
#![allow(clippy::result_large_err)]
// A `pub` item is one of the API below; inside the crate, `pub(crate)`.
#![warn(unreachable_pub)]

mod assets;
mod cards;
mod cjk;
mod config;
mod dates;
mod error;
mod fingerprint;
mod fs;
mod graph;
mod gzip;
mod highlight;
mod images;
mod load;
mod markdown;
mod note;
mod pages;
mod progress;
mod redirects;
mod serve;
mod site;
mod templates;
mod topics;
mod urls;
mod watch;
mod write;

// Nested public paths, each a name space of its own:
// `cli` is the clap definitions, all of them the binary's interface;
// `cmd` has one module per subcommand, each with a `run` (`cmd::build::run`
// is `lore build`), so its path mirrors the command line;
// `search` is its own facade: `plan`, `SPEC` and `analyzer` read as search's.
pub mod cli;
pub mod cmd;
pub mod search;

// Building: once (`build`) or again after edits (`Workspace`).
pub use site::{build, BuildOptions, BuildPath, Built, Changed, Workspace};

// Progress of a build, told to a callback.
pub use progress::{Progress, ProgressEvent};

// `site.toml`, found and validated.
pub use config::{load as load_config, Config};

// Problems: a fatal error, or a failed build's diagnostics.
pub use error::{BuildFailed, Diagnostic, Error, Level};

// Which characters are CJK, as the browser's tokenizer must agree.
pub use cjk::{is_cjk, RANGES as CJK_RANGES};
