//! Command-line interface (clap derive). Parsing only: validation and work
//! happen in `cmd/`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "lore",
    version,
    about = "Turn a folder of Markdown notes into a fast, cross-linked, searchable site.",
    after_help = "Examples:\n  lore init my-notes          # scaffold a site\n  lore serve                  # build, serve on http://127.0.0.1:1111\n  lore build --base-url https://me.github.io/notes/\n  lore new \"Taints and tolerations\""
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The site folder (holding site.toml); default: the current folder or
    /// the nearest parent with a site.toml.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: every warning in full, stage timings.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    #[command(
        after_help = "Example:\n  lore build --output dist --base-url https://user.github.io/notes/"
    )]
    Build(BuildArgs),
    /// Build the site and serve it on http://127.0.0.1:1111.
    #[command(after_help = "Example:\n  lore serve --port 8080")]
    Serve(ServeArgs),
    /// Check links, anchors and notes without writing anything.
    #[command(after_help = "Example:\n  lore check --format json")]
    Check(CheckArgs),
    /// Search the notes (builds the search index first when needed).
    #[command(
        after_help = "Examples:\n  lore search \"etcd backup\"\n  lore search 'kube-ap' --json\n  lore search '\"static pod\" topic:control-plane -docker'"
    )]
    Search(SearchArgs),
    /// Create a new site with the default theme and an example note.
    #[command(after_help = "Example:\n  lore init my-notes")]
    Init(InitArgs),
    /// Create a note with its frontmatter filled in.
    #[command(after_help = "Example:\n  lore new \"Taints and tolerations\" --section kubernetes")]
    New(NewArgs),
}

#[derive(Debug, Args, Clone, Default)]
pub struct BuildArgs {
    /// Output folder (default: site.toml's output_dir, or public/).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include drafts (draft: true, publish: false).
    #[arg(long)]
    pub drafts: bool,
    /// Override site.toml's base_url, e.g. for a preview deployment.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Treat warnings (broken links…) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Print the time spent in each stage.
    #[arg(long)]
    pub timings: bool,
    /// Forget the redirect kept from this old URL (repeatable); see
    /// `.lore/redirects.toml`.
    #[arg(long, value_name = "OLD_URL")]
    pub drop_redirect: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to bind; anything but loopback is reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on; 0 lets the system pick a free one (the address
    /// is printed once the first build is served).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all must match), "a phrase", -excluded, topic:name; the last
    /// word matches as a prefix while typing.
    pub query: String,
    /// How many results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print JSON: {"query", "results": [{"title", "path", "url", "score", "snippet", "highlights"}]}.
    #[arg(long)]
    pub json: bool,
    /// Search drafts too.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in (default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Publish an existing vault where it lives: write only a site.toml
    /// (in DIR) whose `content_dir` is this folder; no note is touched.
    #[arg(long, value_name = "PATH")]
    pub vault: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The note's title.
    pub title: String,
    /// Folder under content/ to put it in.
    #[arg(long, value_name = "DIR")]
    pub section: Option<PathBuf>,
    /// Topics for the frontmatter (repeatable).
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
}
